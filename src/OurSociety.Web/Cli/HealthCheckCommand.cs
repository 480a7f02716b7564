namespace OurSociety.Web.Cli;

/// <summary>
/// <c>healthcheck [--url URL]</c>: exit 0 when the node answers <c>/readyz</c> with 200. The container's HEALTHCHECK
/// runs it, since the runtime image has no curl.
/// </summary>
internal sealed class HealthCheckCommand(IHttpClientFactory http, IConfiguration configuration)
{
    public const string ClientName = "healthcheck";
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    public async Task<int> CheckAsync(CommandArgs args, CliConsole console, CancellationToken ct)
    {
        var url = (args.Value("--url") ?? DefaultUrl(configuration)).TrimEnd('/');
        if (!Uri.TryCreate(url + "/readyz", UriKind.Absolute, out var readyz) || readyz.Scheme is not ("http" or "https"))
        {
            return console.Fail($"\"{url}\" is not a web address like http://127.0.0.1:8080.");
        }

        var client = http.CreateClient(ClientName);
        try
        {
            using var response = await client.GetAsync(readyz, ct);
            if (response.StatusCode == System.Net.HttpStatusCode.OK)
            {
                console.WriteLine($"Ready: {readyz} answered 200.");
                return CliApp.Ok;
            }

            // The node's own short answer ("Unhealthy"), not an exception: worth showing.
            var body = await response.Content.ReadAsStringAsync(ct);
            return console.Fail($"{readyz} answered {(int)response.StatusCode} {response.ReasonPhrase} ({Shorten(body)}): the node runs but is not ready. " +
                "Its log says why (often the database).");
        }
        catch (HttpRequestException e)
        {
            return console.Fail($"{readyz} could not be reached: {Unreachable(e)}. Is the node running there? Give its address with --url.");
        }
        catch (TaskCanceledException) when (!ct.IsCancellationRequested)
        {
            return console.Fail($"{readyz} did not answer within {Timeout.TotalSeconds:0} seconds.");
        }
    }

    /// <summary>
    /// Where the node listens, as the node reads it: the first of <c>urls</c> (<c>--urls</c>, <c>ASPNETCORE_URLS</c>),
    /// else the first of <c>http_ports</c> (<c>ASPNETCORE_HTTP_PORTS</c>, set in the .NET container images), else
    /// Kestrel's default. A wildcard host is asked on loopback.
    /// </summary>
    public static string DefaultUrl(IConfiguration configuration)
    {
        var urls = Split(configuration["urls"]);
        if (urls.Length > 0)
        {
            // Plain http when the node has it too: a certificate rarely names 127.0.0.1.
            return Reachable(urls.FirstOrDefault(u => u.StartsWith("http://", StringComparison.OrdinalIgnoreCase)) ?? urls[0]);
        }

        var ports = Split(configuration["http_ports"]);
        return ports.Length > 0 ? $"http://127.0.0.1:{ports[0]}" : "http://localhost:5000";
    }

    private static string[] Split(string? list) =>
        list?.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) ?? [];

    /// <summary><c>http://+:8080</c>, <c>http://*:8080</c>, <c>http://0.0.0.0:8080</c> → <c>http://127.0.0.1:8080</c>; <c>[::]</c> → <c>[::1]</c>.</summary>
    private static string Reachable(string url)
    {
        var start = url.IndexOf("://", StringComparison.Ordinal);
        if (start < 0)
        {
            return url;
        }

        var rest = url[(start + 3)..];
        var end = rest.StartsWith('[') ? rest.IndexOf(']', StringComparison.Ordinal) + 1 : rest.IndexOfAny([':', '/']);
        var host = end <= 0 ? rest : rest[..end];
        var loopback = host switch
        {
            "+" or "*" or "0.0.0.0" or "" => "127.0.0.1",
            "[::]" => "[::1]",
            _ => host,
        };
        return url[..(start + 3)] + loopback + (end <= 0 ? "" : rest[end..]);
    }

    private static string Unreachable(HttpRequestException e) => e.HttpRequestError switch
    {
        HttpRequestError.ConnectionError => "nothing accepted the connection",
        HttpRequestError.NameResolutionError => "the host name is not known",
        HttpRequestError.SecureConnectionError => "the secure (https) connection failed",
        HttpRequestError.ResponseEnded or HttpRequestError.InvalidResponse => "the answer was not HTTP",
        _ => "the request failed",
    };

    private static string Shorten(string body) => body.Length <= 200 ? body : body[..200] + "…";
}
