using OurSociety.Web.Hosting;

namespace OurSociety.Web.Cli;

/// <summary>
/// The admin CLI in the node's own executable (<c>oursociety admin create-user …</c>), like tootctl. Results go to
/// stdout, logs to stderr; exit 0 on success, 1 on bad input or failure, 2 on a usage error.
/// </summary>
internal static class CliApp
{
    public const int Ok = 0;
    public const int Failed = 1;
    public const int Usage = 2;

    public const string UsageText = """
        Usage: oursociety <command> [arguments] [--OurSociety:Key=value …]

        Commands:
          admin create-user NAME --role ROLE [--role ROLE…] [--password-stdin]
                Add a member with these roles: admin, moderator, glue-er, member (everyone is a member).
                Prints a one-time password (the first sign-in with it must choose a new one), or with
                --password-stdin takes theirs from the first line of stdin.
          admin reset-password NAME
                Print a new one-time password for NAME and sign them out everywhere.
          admin create-token NAME [--name TOKEN_NAME]
                Print an API token for NAME (send it as "Authorization: Bearer <token>").
          admin domain-block DOMAIN --severity suspend|limit [--reject-media] [--reason TEXT]
                Block a domain and its subdomains (any spelling of the name; blocking it again updates the
                block). suspend refuses everything from it and removes what is stored of it; limit keeps it
                off public lists and makes its follows wait for approval. --reason is shown on /about.
          admin suspend NAME --reason TEXT
                Suspend the member NAME: signing in reaches only the reason and the appeal, their tokens are
                refused and their content hidden; the account is deleted when the grace period ends
                (OurSociety:Moderation:SuspensionGraceDays) unless unsuspended first.
          admin unsuspend NAME
                Lift NAME's suspension and restore everything.
          admin unlock NAME
                Lift every sign-in lock on NAME (made by wrong passwords).
          db migrate
                Bring the database up to date (the node also does this when it starts). Refused while a node
                runs on the data directory.
          backup PATH
                Copy the database, uploads and sign-in keys into PATH, a new or empty folder.
                Safe while the node runs.
          restore PATH
                Put a backup back into the data directory. Stop the node first (refused while it runs). Data
                already there is moved aside to DATA.before-restore-<time>, never deleted.
          work list [--dead]
                Show the background work waiting to run, in the order it runs (with --dead: the work that
                failed for good, newest first): each item's id, kind, attempts, when it runs or failed, and
                its last error.
          work retry ID
                Try a failed work item again, now (the ids are in "work list --dead").
          healthcheck [--url URL]
                Exit 0 when the node answers URL/readyz (default: where the node listens, from --urls,
                ASPNETCORE_URLS or ASPNETCORE_HTTP_PORTS, else http://localhost:5000).
          help
                Show this text.

        Settings are read as the node reads them: appsettings.json beside the program, environment variables
        (OurSociety__DataDirectory=/srv/oursociety) and options after the command (--OurSociety:DataDirectory=…).
        Results are printed on stdout (a password or token alone on the last line), logs on stderr.
        Exit codes: 0 done, 1 refused or failed (the reason is on stderr), 2 wrong usage.

        """;

    private static readonly CliCommand[] All =
    [
        new("admin create-user", ["NAME"], ["--role"], ["--role"], ["--password-stdin"],
            (sp, args, console, ct) => sp.GetRequiredService<AdminCommands>().CreateUserAsync(args, console, ct)),
        new("admin reset-password", ["NAME"], [], [], [],
            (sp, args, console, ct) => sp.GetRequiredService<AdminCommands>().ResetPasswordAsync(args, console, ct)),
        new("admin create-token", ["NAME"], ["--name"], [], [],
            (sp, args, console, ct) => sp.GetRequiredService<AdminCommands>().CreateTokenAsync(args, console, ct)),
        new("admin domain-block", ["DOMAIN"], ["--severity", "--reason"], ["--severity"], ["--reject-media"],
            (sp, args, console, ct) => sp.GetRequiredService<DomainCommands>().BlockAsync(args, console, ct)),
        new("admin suspend", ["NAME"], ["--reason"], [], [],
            (sp, args, console, ct) => sp.GetRequiredService<AdminCommands>().SanctionAsync(args, console, Core.Moderation.AccountAction.Suspend, ct)),
        new("admin unsuspend", ["NAME"], [], [], [],
            (sp, args, console, ct) => sp.GetRequiredService<AdminCommands>().SanctionAsync(args, console, Core.Moderation.AccountAction.Unsuspend, ct)),
        new("admin unlock", ["NAME"], [], [], [],
            (sp, args, console, ct) => sp.GetRequiredService<AdminCommands>().UnlockAsync(args, console, ct)),
        new("db migrate", [], [], [], [],
            (sp, args, console, ct) => sp.GetRequiredService<DbCommands>().MigrateAsync(args, console, ct)),
        new("backup", ["PATH"], [], [], [],
            (sp, args, console, ct) => sp.GetRequiredService<BackupCommands>().BackupAsync(args, console, ct)),
        new("restore", ["PATH"], [], [], [],
            (sp, args, console, ct) => sp.GetRequiredService<BackupCommands>().RestoreAsync(args, console, ct)),
        new("work list", [], [], [], ["--dead"],
            (sp, args, console, ct) => sp.GetRequiredService<WorkCommands>().ListAsync(args, console, ct)),
        new("work retry", ["ID"], [], [], [],
            (sp, args, console, ct) => sp.GetRequiredService<WorkCommands>().RetryAsync(args, console, ct)),
        new("healthcheck", [], ["--url"], [], [],
            (sp, args, console, ct) => sp.GetRequiredService<HealthCheckCommand>().CheckAsync(args, console, ct)),
    ];

    private static readonly HashSet<string> HelpWords = ["help", "--help", "-h"];

    /// <summary>
    /// Whether the program was started as the CLI rather than as the node: the first word is a command, or any
    /// word that is not a setting (so a typo gets the usage text instead of starting a node). Node settings look
    /// like <c>--urls …</c>, <c>--OurSociety:X=…</c> or <c>OurSociety:X=…</c>.
    /// </summary>
    public static bool IsCommand(string[] args) =>
        args.Length > 0 && (HelpWords.Contains(args[0])
            || (!args[0].StartsWith('-') && !args[0].StartsWith('/') && !args[0].Contains('=', StringComparison.Ordinal)));

    public static async Task<int> RunAsync(
        string[] args, TextWriter stdout, TextWriter stderr, TextReader stdin, CancellationToken ct = default)
    {
        if (args.Length == 0 || HelpWords.Contains(args[0]))
        {
            await stdout.WriteAsync(UsageText);
            return Ok;
        }

        var console = new CliConsole(stdout, stderr, stdin);
        var command = Find(args);
        if (command is null && args.Any(HelpWords.Contains))
        {
            await stdout.WriteAsync(UsageText);
            return Ok;
        }

        if (command is null)
        {
            var group = All.Where(c => c.Name.StartsWith(args[0] + " ", StringComparison.Ordinal)).Select(c => c.Name.Split(' ')[1]).ToList();
            return await UsageErrorAsync(stderr, group.Count > 0 && (args.Length == 1 || args[1].StartsWith('-'))
                ? $"\"{args[0]}\" needs one of: {string.Join(", ", group)}."
                : $"there is no command \"{string.Join(' ', args.TakeWhile(a => !a.StartsWith('-')).Take(2))}\".");
        }

        CommandArgs parsed;
        try
        {
            parsed = CommandArgs.Parse(command, args[command.Name.Split(' ').Length..]);
        }
        catch (CliUsageException usage)
        {
            return await UsageErrorAsync(stderr, usage.Message);
        }

        if (parsed.HelpRequested)
        {
            await stdout.WriteAsync(UsageText);
            return Ok;
        }

        PrivateFiles.RestrictNewFiles();   // what the CLI writes (a new database, backups) is private like the node's
        try
        {
            using var host = CliHost.Build(parsed.Configuration);
            return await command.RunAsync(host.Services, parsed, console, ct);
        }
        catch (Exception ex) when (NodeRunner.StartupProblem(ex) is { } problem)
        {
            // Settings, the data directory, the database: each says what is wrong and what to do, never a stack trace.
            return console.Fail(problem);
        }
    }

    private static CliCommand? Find(string[] args)
    {
        var two = args.Length > 1 ? $"{args[0]} {args[1]}" : null;
        return All.FirstOrDefault(c => c.Name == two) ?? All.FirstOrDefault(c => c.Name == args[0]);
    }

    private static async Task<int> UsageErrorAsync(TextWriter stderr, string message)
    {
        await stderr.WriteLineAsync($"Error: {message}");
        await stderr.WriteLineAsync();
        await stderr.WriteAsync(UsageText);
        return Usage;
    }
}
