using System.Diagnostics;
using System.Globalization;
using OurSociety.Core;
using OurSociety.Core.Members;
using OurSociety.Core.Tokens;

namespace OurSociety.Web.Cli;

/// <summary><c>admin …</c>: looking after accounts from the console, through the same domain rules as the web.</summary>
internal sealed class AdminCommands(
    CliDatabase database, MemberService members, IMemberStore store, ApiTokenService tokens, TimeProvider time,
    Core.Moderation.IAccountModeration moderation)
{
    /// <summary><c>admin suspend</c> and <c>admin unsuspend</c>: the node acts, through the desk's own rules and audit log.</summary>
    public async Task<int> SanctionAsync(CommandArgs args, CliConsole console, Core.Moderation.AccountAction action, CancellationToken ct)
    {
        var username = args.Arguments[0].TrimStart('@');
        await database.PrepareAsync(console, ct);
        if (await store.FindByUsernameAsync(username, ct) is not { } member)
        {
            return console.Fail($"There is no member called \"{username}\".");
        }

        var outcome = await moderation.ApplyAsync(
            new Core.Moderation.AccountActionRequest(null, member.Id.ToString("D"), action, args.Value("--reason")), ct);
        switch (outcome)
        {
            case Outcome<Core.Moderation.ModerationEntry>.Ok:
                console.WriteLine(action == Core.Moderation.AccountAction.Suspend
                    ? $"Suspended {member.Username}. Signing in now shows them only the reason and the appeal form."
                    : $"Lifted the suspension of {member.Username}.");
                return CliApp.Ok;
            case Outcome<Core.Moderation.ModerationEntry>.Invalid(var errors):
                return console.Fail(errors.ContainsKey("reason") ? "Give the reason the member will read: --reason TEXT." : Describe(errors));
            case Outcome<Core.Moderation.ModerationEntry>.Conflict(var reason):
                return console.Fail(reason);
            case Outcome<Core.Moderation.ModerationEntry>.Forbidden(var reason):
                return console.Fail(reason);
            default:
                return console.Fail($"There is no member called \"{username}\".");
        }
    }

    /// <summary><c>admin unlock</c>: lifts the sign-in locks that wrong passwords set.</summary>
    public async Task<int> UnlockAsync(CommandArgs args, CliConsole console, CancellationToken ct)
    {
        var username = args.Arguments[0].TrimStart('@');
        await database.PrepareAsync(console, ct);
        if (await store.FindByUsernameAsync(username, ct) is not { } member)
        {
            return console.Fail($"There is no member called \"{username}\".");
        }

        await members.UnlockSignInAsync(member.Id, ct);
        console.WriteLine($"{member.Username} can sign in again from everywhere.");
        return CliApp.Ok;
    }

    public async Task<int> CreateUserAsync(CommandArgs args, CliConsole console, CancellationToken ct)
    {
        var username = args.Arguments[0];
        // Everyone on the hub is a member; the other roles come on top, as for the first admin made at setup.
        var roles = new HashSet<Role> { Role.Member };
        foreach (var name in args.Values("--role").SelectMany(v => v.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)))
        {
            if (!Roles.TryParse(name, out var role))
            {
                return console.Fail($"\"{name}\" is not a role. The roles are: {Roles.NameList}.");
            }

            roles.Add(role);
        }

        string? password = null;
        if (args.Has("--password-stdin"))
        {
            password = await console.In.ReadLineAsync(ct);
            if (string.IsNullOrEmpty(password))
            {
                return console.Fail("--password-stdin was given, but the first line of stdin is empty. Pipe the password in, or leave the option out to get a one-time password.");
            }
        }

        await database.PrepareAsync(console, ct);
        switch (await members.CreateAsync(username, roles, password, ct))
        {
            case Outcome<(Member Member, string Password)>.Ok((var member, var generated)):
                console.WriteLine($"Created {member.Username} with the roles {RoleList(member)}.");
                if (password is null)
                {
                    console.WriteLine("One-time password (shown only now; signing in with it leads them to choose their own):");
                    console.WriteLine(generated);
                }

                return CliApp.Ok;
            case Outcome<(Member, string)>.Invalid(var errors):
                return console.Fail(Describe(errors));
            case Outcome<(Member, string)>.Conflict(var reason):
                return console.Fail(reason);
            default:
                throw new UnreachableException();
        }
    }

    public async Task<int> ResetPasswordAsync(CommandArgs args, CliConsole console, CancellationToken ct)
    {
        var username = args.Arguments[0];
        await database.PrepareAsync(console, ct);
        switch (await members.ResetPasswordAsync(username, ct))
        {
            case Outcome<(Member Member, string Password)>.Ok((var member, var password)):
                console.WriteLine($"New one-time password for {member.Username}. They are signed out everywhere; signing in with it leads them to choose their own:");
                console.WriteLine(password);
                return CliApp.Ok;
            case Outcome<(Member, string)>.NotFound:
                return console.Fail($"There is no member called \"{username}\".");
            default:
                throw new UnreachableException();
        }
    }

    public async Task<int> CreateTokenAsync(CommandArgs args, CliConsole console, CancellationToken ct)
    {
        var username = args.Arguments[0];
        var tokenName = args.Value("--name")
            ?? $"Made with oursociety admin create-token on {time.GetUtcNow().ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}";
        await database.PrepareAsync(console, ct);
        if (await store.FindByUsernameAsync(username, ct) is not { } member)
        {
            return console.Fail($"There is no member called \"{username}\".");
        }

        switch (await tokens.CreateAsync(member.Id, tokenName, ct))
        {
            case Outcome<(ApiToken Token, string Secret)>.Ok((var token, var secret)):
                console.WriteLine($"API token \"{token.Name}\" for {member.Username}, shown only now. Send it as the header \"Authorization: Bearer <token>\":");
                console.WriteLine(secret);
                return CliApp.Ok;
            case Outcome<(ApiToken, string)>.Invalid(var errors):
                return console.Fail(Describe(errors));
            case Outcome<(ApiToken, string)>.NotFound:
                return console.Fail($"{member.Username} cannot have API tokens while their request to join waits for approval.");
            default:
                throw new UnreachableException();
        }
    }

    // Highest first: "admin, member" reads better than the storage order.
    private static string RoleList(Member member) =>
        string.Join(", ", Roles.All.Reverse().Where(member.Has).Select(r => r.Name()));

    private static string Describe(IDictionary<string, string[]> errors) => string.Join(" ", errors.Values.SelectMany(m => m));
}
