namespace OurSociety.Web.Hosting;

/// <summary>
/// Where the node listens, read from the same settings the web server reads (<c>--urls</c>, <c>ASPNETCORE_URLS</c>,
/// <c>ASPNETCORE_HTTP_PORTS</c>), and the public address that stands for it when <c>OurSociety:PublicUrl</c> is not set.
/// </summary>
internal static class ListenAddresses
{
    /// <summary>Kestrel's own address when nothing else is configured.</summary>
    public const string KestrelDefault = "http://localhost:5000";

    /// <summary>
    /// The configured addresses, in the server's order of precedence: <c>urls</c>, else <c>http_ports</c> and
    /// <c>https_ports</c> (on every interface), else Kestrel's default.
    /// </summary>
    public static IReadOnlyList<string> Configured(IConfiguration configuration)
    {
        var urls = Split(configuration["urls"]);
        if (urls.Length > 0)
        {
            return urls;
        }

        string[] ports = [.. Split(configuration["http_ports"]).Select(p => $"http://*:{p}"), .. Split(configuration["https_ports"]).Select(p => $"https://*:{p}")];
        return ports.Length > 0 ? ports : [KestrelDefault];
    }

    /// <summary>
    /// The origin a person would open for a listen address: a wildcard host (<c>+</c>, <c>*</c>, <c>0.0.0.0</c>,
    /// <c>[::]</c>) becomes <c>localhost</c> with the same port. Null for sockets and pipes, which have no origin.
    /// </summary>
    public static string? Origin(string address)
    {
        BindingAddress parsed;
        try
        {
            parsed = BindingAddress.Parse(address);
        }
        catch (FormatException)
        {
            return null;
        }

        if (parsed.IsUnixPipe || parsed.IsNamedPipe)
        {
            return null;
        }

        var host = parsed.Host is "+" or "*" or "0.0.0.0" or "[::]" or "::" or "" ? "localhost" : parsed.Host;
        return Uri.TryCreate($"{parsed.Scheme}://{host}:{parsed.Port}", UriKind.Absolute, out var url) && url.Scheme is "http" or "https"
            ? url.GetLeftPart(UriPartial.Authority)
            : null;
    }

    /// <summary>
    /// Issue 10: without <c>OurSociety:PublicUrl</c> the public address is the first listen address, so the console,
    /// the setup link and actor ids name the port the node really answers on. Runs before anything reads the options.
    /// </summary>
    public static void UseForPublicUrlUnlessSet(NodeOptions node, IConfiguration configuration)
    {
        if (!string.IsNullOrWhiteSpace(configuration[$"{NodeOptions.Section}:{nameof(NodeOptions.PublicUrl)}"]))
        {
            return;
        }

        node.PublicUrl = Configured(configuration).Select(Origin).FirstOrDefault(o => o is not null) ?? KestrelDefault;
    }

    /// <summary>Whether a listen address answers at <paramref name="origin"/> (compared as origins, case aside).</summary>
    public static bool Serves(string address, string origin) =>
        Origin(address) is { } own && string.Equals(own, new Uri(origin).GetLeftPart(UriPartial.Authority), StringComparison.OrdinalIgnoreCase);

    private static string[] Split(string? list) =>
        list?.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) ?? [];
}
