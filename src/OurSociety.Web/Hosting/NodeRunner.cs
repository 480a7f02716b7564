using System.Data.Common;
using Microsoft.Extensions.Options;
using OurSociety.Storage;

namespace OurSociety.Web.Hosting;

internal static class NodeRunner
{
    /// <summary>Runs the node; a bad setting or a failed migration ends it with a message for a person, and exit code 1.</summary>
    public static async Task<int> RunAsync(WebApplicationBuilder builder, Action<WebApplication> pipeline)
    {
        PrivateFiles.RestrictNewFiles();   // before the first file: the database, uploads and keys are born private
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
        DataDirectoryInUseException inUse => inUse.Message,
        DataDirectoryException data => data.Message,
        DbException db => DatabaseFaults.Describe(db),
        _ when FileErrors.IsFileError(ex) =>
            $"a file or folder in the data directory cannot be used: {FileErrors.Reason(ex)}. Check OurSociety:DataDirectory, and that this user may read and write there.",
        _ => null,
    };
}

/// <summary>The data directory cannot be made or used; the message names it and says what to do.</summary>
internal sealed class DataDirectoryException(string message, Exception inner) : Exception(message, inner);
