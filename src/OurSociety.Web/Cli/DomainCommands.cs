using OurSociety.Core;
using OurSociety.Core.Moderation;

namespace OurSociety.Web.Cli;

/// <summary><c>admin domain-block …</c>: blocking a domain from the console, through the same rules as /admin and the API.</summary>
internal sealed class DomainCommands(CliDatabase database, DomainBlockService blocks)
{
    public async Task<int> BlockAsync(CommandArgs args, CliConsole console, CancellationToken ct)
    {
        var severity = args.Value("--severity");
        if (severity is not ("suspend" or "limit"))
        {
            return console.Fail($"--severity must be suspend or limit, not \"{severity}\".");
        }

        await database.PrepareAsync(console, ct);
        var input = new DomainBlockInput(args.Arguments[0], severity, RejectMedia: args.Has("--reject-media"), PublicReason: args.Value("--reason"));
        switch (await blocks.BlockAsync(input, ModeratorRef.Node, ct))
        {
            case Outcome<DomainBlockSaved>.Ok(var saved):
                var block = saved.Block;
                console.WriteLine(saved.Created
                    ? $"Blocked {block.Domain.Value} and its subdomains ({DomainSeverities.Name(block.Severity)})."
                    : $"{block.Domain.Value} was blocked already; its block now says {DomainSeverities.Name(block.Severity)}.");
                if (block.Severity == DomainSeverity.Suspend)
                {
                    console.WriteLine("Its stored posts, accounts and pictures are removed, and its follows ended, when the node next runs its work.");
                }

                return CliApp.Ok;
            case Outcome<DomainBlockSaved>.Invalid(var errors):
                return console.Fail(string.Join(" ", errors.Values.SelectMany(m => m)));
            default:
                return console.Fail("The domain could not be blocked.");
        }
    }
}
