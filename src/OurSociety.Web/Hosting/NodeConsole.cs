namespace OurSociety.Web.Hosting;

/// <summary>
/// Lines a person at the console must see (URLs, CLI results): written to stdout as plain text, never mixed into
/// the logs, so they stay readable when logs are JSON. Tests swap the writer to read them.
/// </summary>
public sealed class NodeConsole(TextWriter output)
{
    public TextWriter Out { get; } = output;

    public void WriteLine(string line)
    {
        Out.WriteLine(line);
        Out.Flush();
    }
}
