using System.Collections.Concurrent;
using System.Net;
using System.Text.Json.Nodes;
using Dapper;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using OurSociety.Federation.Http;
using OurSociety.Storage.Sql;
using OurSociety.Testing;

namespace OurSociety.Web.Tests.Interop;

/// <summary>
/// Our node on a real loopback port (Kestrel, not the in-memory test server) and the real clock, so a real peer can
/// reach it and its signatures are in date. It notes how each request to it was signed and answered. Its work runs when
/// a test drains it, as on every test node: between the peer's steps, so each step is settled before the next.
/// </summary>
internal sealed class InteropNode : NodeFactory
{
    // Ports that fetch (undici, in the peer) refuses to connect to, from the Fetch standard's "bad port" list.
    private static readonly HashSet<int> BadPorts =
    [
        1, 7, 9, 11, 13, 15, 17, 19, 20, 21, 22, 23, 25, 37, 42, 43, 53, 69, 77, 79, 87, 95, 101, 102, 103, 104, 109, 110, 111,
        113, 115, 117, 119, 123, 135, 137, 139, 143, 161, 179, 389, 427, 465, 512, 513, 514, 515, 526, 530, 531, 532, 540, 548,
        554, 556, 563, 587, 601, 636, 989, 990, 993, 995, 1719, 1720, 1723, 2049, 3659, 4045, 4190, 5060, 5061, 6000, 6566,
        6665, 6666, 6667, 6668, 6669, 6679, 6697, 10080,
    ];

    private InteropNode(int port, IReadOnlyCollection<string> loopbackNames)
    {
        Port = port;
        LoopbackNames = loopbackNames;
    }

    public int Port { get; }

    public string Origin => $"http://127.0.0.1:{Port}";

    /// <summary>Every request the node answered: how it was signed (rfc9421, cavage or none) and the status.</summary>
    public ConcurrentQueue<Seen> Requests { get; } = new();

    /// <summary>Inbox POSTs whose RFC 9421 key id is on this origin are answered 401 (as a server without RFC 9421 would).</summary>
    public string? RefuseRfc9421From { get; set; }

    public string ActorId(string username) => $"{Origin}/users/{username}";

    /// <summary>
    /// Host names this node resolves to 127.0.0.1 (a peer started with <c>--host</c>), as a line in /etc/hosts would:
    /// through the node's own <see cref="IHostResolver"/> seam, so its SSRF checks still run on every connection.
    /// </summary>
    public IReadOnlyCollection<string> LoopbackNames { get; }

    /// <summary>
    /// Starts a node that may reach <paramref name="peerOrigins"/> (and nothing else private); the names in
    /// <paramref name="loopbackNames"/> resolve to 127.0.0.1.
    /// </summary>
    public static InteropNode Start(IEnumerable<string> peerOrigins, bool requireSignedFetch = false, IReadOnlyCollection<string>? loopbackNames = null)
    {
        for (var attempt = 1; ; attempt++)
        {
            var node = new InteropNode(FreePort(), loopbackNames ?? []);
            node.UseRealTime()
                .With("OurSociety:PublicUrl", node.Origin)
                .With("OurSociety:Federation:RequireSignedFetch", requireSignedFetch ? "true" : "false");
            foreach (var (origin, i) in peerOrigins.Select((o, i) => (o, i)))
            {
                node.With($"OurSociety:Federation:AllowedPrivateOrigins:{i}", origin);
            }

            node.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, node.Port));
            try
            {
                node.StartServer();
                return node;
            }
            catch (IOException) when (attempt < 3)
            {
                node.Dispose();   // someone took the port between our check and the bind: another one
            }
        }
    }

    /// <summary>
    /// Runs this node's due work, then reads, until <paramref name="done"/> holds; up to 30 seconds on the real clock.
    /// The one wait of the interop tests, for what the peer sends on its own schedule: its automatic Accept leaves through
    /// Fedify's queue a moment after our Follow was answered, so no drain of ours can know it has arrived. Everything
    /// else is settled by a drain: the peer's control calls deliver before they answer, and our drain delivers to the
    /// peer, which handles an activity before answering the POST.
    /// </summary>
    public async Task<T> DrainUntilAsync<T>(Func<Task<T>> read, Func<T, bool> done, string what)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            await DrainAsync();
            var value = await read();
            if (done(value))
            {
                return value;
            }

            if (clock.Elapsed > TimeSpan.FromSeconds(30))
            {
                throw new TimeoutException($"Timed out waiting for {what}; last value: {value}");
            }

            await Task.Delay(50, TestContext.Current.CancellationToken);
        }
    }

    /// <summary>Activities stored in our inboxes (<c>inbox_activity</c> rows) of the given type from the given actor.</summary>
    public async Task<IReadOnlyList<StoredActivity>> StoredAsync(string type, string actor)
    {
        await using var connection = await Service<IDbConnectionFactory>().OpenAsync(TestContext.Current.CancellationToken);
        return (await connection.QueryAsync<StoredActivity>(
            "SELECT activity_id AS ActivityId, recipient AS Recipient, processed_at AS ProcessedAt, outcome AS Outcome, body AS Body FROM inbox_activity WHERE type = @type AND actor = @actor",
            new { type, actor })).ToList();
    }

    /// <summary>
    /// What went wrong here, if anything: deliveries that did not succeed on their first try (a retry or failure means
    /// the peer refused something), and received activities whose handling failed or was ignored.
    /// </summary>
    public async Task<IReadOnlyList<string>> ProblemsAsync()
    {
        await using var connection = await Service<IDbConnectionFactory>().OpenAsync(TestContext.Current.CancellationToken);
        var deliveries = await connection.QueryAsync<string>("""
            SELECT d.inbox || ' ' || o.type || ': ' || d.state || ' after ' || d.attempts || ' (' || COALESCE(d.last_status, '-') || ' ' || COALESCE(d.last_error, '') || ')'
            FROM delivery d JOIN outbox_activity o ON o.id = d.activity_id
            WHERE NOT (d.state = 'delivered' AND d.attempts = 1) AND NOT (d.state = 'pending' AND d.attempts = 0)
            """);
        var received = await connection.QueryAsync<string>("""
            SELECT type || ' ' || activity_id || ': ' || outcome FROM inbox_activity
            WHERE outcome LIKE 'failed%' OR outcome LIKE 'ignored%' OR outcome = 'unreadable'
            """);
        return [.. deliveries, .. received];
    }

    /// <summary>A GET of one of our ActivityPub documents, as a server asks for it (unsigned).</summary>
    public static async Task<JsonObject> GetDocumentAsync(string url)
    {
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Accept.ParseAdd("application/activity+json");
        using var response = await http.SendAsync(request, TestContext.Current.CancellationToken);
        response.EnsureSuccessStatusCode();
        return JsonNode.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken))!.AsObject();
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services =>
        {
            services.AddSingleton<IStartupFilter>(new Recorder(this));
            if (LoopbackNames.Count > 0)
            {
                services.AddSingleton<IHostResolver>(new LoopbackResolver(LoopbackNames));
            }
        });
    }

    private static int FreePort()
    {
        while (true)
        {
            var port = ProgramProcess.FreePort();
            if (!BadPorts.Contains(port))
            {
                return port;
            }
        }
    }

    internal sealed record Seen(string Method, string Path, string Spec, string? KeyId, int Status);

    internal sealed class StoredActivity
    {
        public required string ActivityId { get; init; }

        public string? Recipient { get; init; }

        public string? ProcessedAt { get; init; }

        public string? Outcome { get; init; }

        public required string Body { get; init; }
    }

    /// <summary>The given names are 127.0.0.1; every other name is asked of DNS as usual.</summary>
    private sealed class LoopbackResolver(IReadOnlyCollection<string> names) : IHostResolver
    {
        private readonly DnsHostResolver _dns = new();

        public Task<IPAddress[]> ResolveAsync(string host, CancellationToken cancellationToken) =>
            names.Contains(host, StringComparer.OrdinalIgnoreCase) ? Task.FromResult(new[] { IPAddress.Loopback }) : _dns.ResolveAsync(host, cancellationToken);
    }

    private sealed class Recorder(InteropNode node) : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use(async (context, nextMiddleware) =>
            {
                var headers = context.Request.Headers;
                var spec = headers.ContainsKey("Signature-Input") ? "rfc9421" : headers.ContainsKey("Signature") ? "cavage" : "none";
                var keyId = KeyId(spec == "rfc9421" ? headers["Signature-Input"].ToString() : headers["Signature"].ToString());
                if (spec == "rfc9421" && context.Request.Method == "POST" && node.RefuseRfc9421From is { } refused
                    && keyId?.StartsWith(refused + "/", StringComparison.Ordinal) == true)
                {
                    context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                }
                else
                {
                    await nextMiddleware(context);
                }

                node.Requests.Enqueue(new Seen(context.Request.Method, context.Request.Path.Value ?? "", spec, keyId, context.Response.StatusCode));
            });
            next(app);
        };

        private static string? KeyId(string header)
        {
            var at = header.IndexOf("keyid=\"", StringComparison.OrdinalIgnoreCase);
            if (at < 0)
            {
                return null;
            }

            var start = at + "keyid=\"".Length;
            var end = header.IndexOf('"', start);
            return end < 0 ? null : header[start..end];
        }
    }
}
