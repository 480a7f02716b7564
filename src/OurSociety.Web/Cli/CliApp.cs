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

    private static readonly HashSet<string> Commands = ["admin", "db", "backup", "restore", "healthcheck", "help", "--help", "-h"];

    public static bool IsCommand(string[] args) => args.Length > 0 && Commands.Contains(args[0]);

    public static Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr, TextReader stdin) =>
        throw new NotImplementedException();
}
