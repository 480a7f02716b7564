using Microsoft.Extensions.Options;
using OurSociety.Storage;

namespace OurSociety.Web.Hosting;

internal static class NodeRunner
{
    /// <summary>Runs the node; a bad setting or a failed migration ends it with a message for a person, and exit code 1.</summary>
    public static async Task<int> RunAsync(WebApplicationBuilder builder, Action<WebApplication> pipeline)
    {
        try
        {
            var app = builder.Build();
            pipeline(app);
            await app.RunAsync();
            return 0;
        }
        catch (Exception ex) when (StartupProblem(ex) is { } message)
        {
            await Console.Error.WriteLineAsync($"Our Society could not start: {message}");
            return 1;
        }
    }

    /// <summary>What to tell a person about a failure at start, or null when it is a bug that should surface as is.</summary>
    public static string? StartupProblem(Exception ex) => ex switch
    {
        OptionsValidationException invalid => "the configuration has problems:" + Environment.NewLine + "  " +
            string.Join(Environment.NewLine + "  ", invalid.Failures),
        // The binder's own message names the key: "Failed to convert configuration value 'x' at 'OurSociety:…'".
        InvalidOperationException { Message: var m } when m.Contains("configuration value", StringComparison.Ordinal) =>
            "the configuration has a problem: " + m,
        // Start-up validation throws one exception per bad options class, bundled when more than one is bad.
        AggregateException many when many.InnerExceptions.Select(StartupProblem).ToList() is var problems
            && problems.All(p => p is not null) => string.Join(Environment.NewLine, problems),
        MigrationFailedException failed => failed.Message,
        IOException io => io.Message,
        UnauthorizedAccessException denied => denied.Message,
        _ => null,
    };
}
