namespace OurSociety.Web.Cli;

/// <summary>
/// The person at the terminal: results go to <see cref="Out"/> (a password or token alone on the last line, so
/// scripts can take it), problems to <see cref="Error"/>. Logs never come here: they go to stderr through Serilog.
/// </summary>
internal sealed class CliConsole(TextWriter output, TextWriter error, TextReader input)
{
    public TextWriter Out { get; } = output;

    public TextWriter Error { get; } = error;

    public TextReader In { get; } = input;

    public void WriteLine(string line) => Out.WriteLine(line);

    /// <summary>Says what went wrong, in one line, and gives the exit code for bad input or failure.</summary>
    public int Fail(string message)
    {
        Error.WriteLine($"Error: {message}");
        return CliApp.Failed;
    }
}
