// The federation benchmark: fake remote servers on loopback, a pre-signed load, and a lean client that replays it
// against a running node (see bench/README.md). It prints figures and checks nothing.
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;
using OurSociety.ActivityPub.Signatures;

CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
var settings = Settings.Parse(args);
Console.WriteLine($"fedbench: {settings.Activities} activities, {settings.Follows} follows from {settings.Hosts} hosts, concurrency {settings.Concurrency}");

var stopwatch = Stopwatch.StartNew();
var keys = Keys.LoadOrCreate(settings.KeyFile);
var world = new Remote(settings.RemotePort, settings.Hosts, keys);
await world.StartAsync();
Console.WriteLine($"setup: {keys.Length} RSA-2048 keys and the fake servers in {stopwatch.Elapsed.TotalSeconds:F1} s");

using var client = Client.Create(settings.Concurrency);
var now = DateTimeOffset.UtcNow;
var run = now.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);
var nodeInbox = new Uri(settings.Node + "/inbox");
var hubInbox = new Uri(settings.Node + "/users/hub/inbox");
var hubId = settings.Node + "/users/hub";

// Everything is signed before any clock starts: the client only replays bytes.
stopwatch.Restart();
var warmUp = Load.Sign(Remote.KeyCount, i => world.InboxActor(i), i => Load.Note(world.InboxActor(i), run + "-w" + i), nodeInbox, keys, now);
var notes = Load.Sign(settings.Activities, i => world.InboxActor(i), i => Load.Note(world.InboxActor(i), run + "-" + i), nodeInbox, keys, now);
var follows = Load.Sign(settings.Follows, world.FollowActor, i => Load.Follow(world.FollowActor(i), hubId, run), hubInbox, keys, now);
Console.WriteLine($"pre-signed {warmUp.Length + notes.Length + follows.Length} requests in {stopwatch.Elapsed.TotalSeconds:F1} s (not timed below)");

// The sink answers 202 without looking: this is the most the client (and loopback HTTP) can do on this machine.
var sink = await Load.ReplayAsync(client, notes, world.Sink, settings.Concurrency);
Report.Line("sink", $"{sink.Ok} POSTs in {sink.Seconds:F2} s = {sink.Ok / sink.Seconds:F0}/s; latency p50 {sink.P50:F2} ms, p99 {sink.P99:F2} ms; client CPU {sink.ClientCpu.TotalMilliseconds * 1000 / notes.Length:F0} µs per request");

if (settings.Pid is not { } pid || settings.Database is not { } database)
{
    Console.WriteLine("(no --pid/--db: node benchmarks skipped)");
    return 0;
}

using var db = new SqliteConnection($"Data Source={database};Mode=ReadOnly;Pooling=False");
await db.OpenAsync();

// Warm-up: one activity per actor, so key fetches and the node's JIT are not in the timed phase.
var warm = await Load.ReplayAsync(client, warmUp, null, 8);
await Node.WaitProcessedAsync(db, warmUp.Length, TimeSpan.FromSeconds(60));
if (warm.Failed > 0)
{
    Report.Line("warm-up", $"{warm.Failed} refused, first: {warm.FirstError}");
}

// The floor: the same POSTs without a Signature header are refused (401) after the body is read and the headers
// are checked, so this is what HTTP, the middleware and the first checks cost before any key, JSON or SQLite work.
var unsigned = notes.Take(Math.Min(notes.Length, 10_000)).Select(n => n with { Signature = "" }).ToArray();
var cpuBefore = Node.Cpu(pid);
var floor = await Load.ReplayAsync(client, unsigned, null, settings.Concurrency, HttpStatusCode.Unauthorized);
var floorCpu = Node.Cpu(pid) - cpuBefore;
Report.Line("floor", $"{floor.Ok} unsigned POSTs refused (401) in {floor.Seconds:F2} s = {floor.Ok / floor.Seconds:F0}/s; node CPU {floorCpu.TotalMilliseconds * 1000 / unsigned.Length:F0} µs per request"
    + (floor.Failed > 0 ? $"; {floor.Failed} unexpected, first: {floor.FirstError}" : ""));

cpuBefore = Node.Cpu(pid);
var started = Stopwatch.GetTimestamp();
var inbox = await Load.ReplayAsync(client, notes, null, settings.Concurrency);
var processedAfter = await Node.WaitProcessedAsync(db, warmUp.Length + notes.Length, TimeSpan.FromSeconds(600));
var processedSeconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
var cpu = Node.Cpu(pid) - cpuBefore;
Report.Line("inbox", $"{inbox.Ok} of {notes.Length} accepted (202) in {inbox.Seconds:F2} s = {inbox.Ok / inbox.Seconds:F0}/s; latency p50 {inbox.P50:F2} ms, p99 {inbox.P99:F2} ms"
    + (inbox.Failed > 0 ? $"; {inbox.Failed} refused, first: {inbox.FirstError}" : ""));
Report.Line("inbox", processedAfter
    ? $"all processed {processedSeconds:F2} s after the first POST = {notes.Length / processedSeconds:F0}/s end to end"
    : "NOT all processed within the time limit");
Report.Line("inbox", $"node CPU {cpu.TotalSeconds:F2} s = {cpu.TotalMilliseconds * 1000 / notes.Length:F0} µs per activity (client CPU {inbox.ClientCpu.TotalMilliseconds * 1000 / notes.Length:F0} µs per request)");

if (follows.Length > 0)
{
    cpuBefore = Node.Cpu(pid);
    started = Stopwatch.GetTimestamp();
    var posted = await Load.ReplayAsync(client, follows, null, settings.Concurrency);
    var answered = await world.WaitAcceptsAsync(follows.Length, TimeSpan.FromSeconds(900));
    var lastAccept = Stopwatch.GetElapsedTime(started, world.LastAcceptAt).TotalSeconds;
    cpu = Node.Cpu(pid) - cpuBefore;
    Report.Line("follow", $"{posted.Ok} of {follows.Length} Follows accepted (202) in {posted.Seconds:F2} s = {posted.Ok / posted.Seconds:F0}/s; latency p50 {posted.P50:F2} ms, p99 {posted.P99:F2} ms"
        + (posted.Failed > 0 ? $"; {posted.Failed} refused, first: {posted.FirstError}" : ""));
    Report.Line("follow", answered
        ? $"{world.Accepts} Accepts received; the last {lastAccept:F2} s after the first Follow = {follows.Length / lastAccept:F0} Follows/s end to end"
        : $"only {world.Accepts} Accepts arrived within the time limit");
    Report.Line("follow", $"node CPU {cpu.TotalSeconds:F2} s = {cpu.TotalMilliseconds * 1000 / follows.Length:F0} µs per Follow (incl. one actor fetch, one Accept signed and delivered)");
}

await world.DisposeAsync();
return 0;

/// <summary>Command line: --node URL --pid N --db PATH --activities N --follows N --hosts N --concurrency N --remote-port N --keys FILE.</summary>
internal sealed record Settings(string Node, int? Pid, string? Database, int Activities, int Follows, int Hosts, int Concurrency, int RemotePort, string? KeyFile)
{
    public static Settings Parse(string[] args)
    {
        string? Get(string name) => Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? args[i + 1] : null;
        int Number(string name, int fallback) => Get(name) is { } v ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;
        return new Settings(
            (Get("--node") ?? "http://127.0.0.1:5078").TrimEnd('/'),
            Get("--pid") is { } pid ? int.Parse(pid, CultureInfo.InvariantCulture) : null,
            Get("--db"),
            Number("--activities", 20_000),
            Number("--follows", 10_000),
            Math.Clamp(Number("--hosts", 50), 1, 250),
            Number("--concurrency", 64),
            Number("--remote-port", 5079),
            Get("--keys"));
    }
}

/// <summary>The fake actors' keys: RSA-2048 takes seconds to generate on a busy machine, so they may be kept in a file.</summary>
internal static class Keys
{
    public static RSA[] LoadOrCreate(string? file)
    {
        if (file is not null && File.Exists(file))
        {
            return File.ReadAllText(file).Split("\n\n", StringSplitOptions.RemoveEmptyEntries).Select(pem =>
            {
                var key = RSA.Create();
                key.ImportFromPem(pem);
                return key;
            }).ToArray();
        }

        var keys = new RSA[Remote.KeyCount];
        Parallel.For(0, keys.Length, i => keys[i] = RSA.Create(2048));
        if (file is not null)
        {
            File.WriteAllText(file, string.Join("\n\n", keys.Select(k => k.ExportPkcs8PrivateKeyPem())));
        }

        return keys;
    }
}

/// <summary>One pre-signed POST: only bytes and header values are left for the timed phase.</summary>
internal sealed record Signed(Uri Target, byte[] Body, string ContentType, string Date, string Digest, string Signature);

internal sealed record Outcome(int Ok, int Failed, string? FirstError, double Seconds, double P50, double P99, TimeSpan ClientCpu);

internal static class Client
{
    /// <summary>A lean client: enough connections for the concurrency, no proxy, no redirects, no cookies.</summary>
    public static HttpClient Create(int concurrency) => new(new SocketsHttpHandler
    {
        MaxConnectionsPerServer = concurrency + 8,
        UseProxy = false,
        AllowAutoRedirect = false,
        UseCookies = false,
        AutomaticDecompression = DecompressionMethods.None,
        PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
    })
    {
        Timeout = TimeSpan.FromSeconds(120),
    };
}

internal static class Load
{
    public static string Note(string actor, string id) => new JsonObject
    {
        ["@context"] = "https://www.w3.org/ns/activitystreams",
        ["id"] = $"{actor}/activities/{id}",
        ["type"] = "Create",
        ["actor"] = actor,
        ["to"] = new JsonArray("https://www.w3.org/ns/activitystreams#Public"),
        ["object"] = new JsonObject
        {
            ["id"] = $"{actor}/notes/{id}",
            ["type"] = "Note",
            ["attributedTo"] = actor,
            ["to"] = new JsonArray("https://www.w3.org/ns/activitystreams#Public"),
            ["content"] = $"<p>Bench note {id}: a short post of the size people write, with a sentence or two of text in it.</p>",
            ["published"] = "2026-01-01T00:00:00Z",
        },
    }.ToJsonString();

    public static string Follow(string actor, string hub, string run) => new JsonObject
    {
        ["@context"] = "https://www.w3.org/ns/activitystreams",
        ["id"] = $"{actor}/follows/{run}",
        ["type"] = "Follow",
        ["actor"] = actor,
        ["object"] = hub,
    }.ToJsonString();

    public static Signed[] Sign(int count, Func<int, string> actor, Func<int, string> body, Uri target, RSA[] keys, DateTimeOffset now)
    {
        var signed = new Signed[count];
        Parallel.For(0, count, i =>
        {
            var bytes = Encoding.UTF8.GetBytes(body(i));
            using var request = new HttpRequestMessage(HttpMethod.Post, target) { Content = new ByteArrayContent(bytes) };
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/activity+json");
            HttpSigner.SignCavage(request, bytes, new SigningKey(actor(i) + "#main-key", keys[i % keys.Length]), now);
            signed[i] = new Signed(
                target, bytes, request.Content.Headers.ContentType.ToString(),
                request.Headers.GetValues("Date").Single(), request.Headers.GetValues("Digest").Single(), request.Headers.GetValues("Signature").Single());
        });
        return signed;
    }

    /// <summary>Sends every request once, <paramref name="concurrency"/> at a time; <paramref name="target"/> overrides the signed URL (the sink).</summary>
    public static async Task<Outcome> ReplayAsync(HttpClient client, Signed[] items, Uri? target, int concurrency, HttpStatusCode expected = HttpStatusCode.Accepted)
    {
        var latencies = new long[items.Length];
        var next = -1;
        var ok = 0;
        var failed = 0;
        string? firstError = null;
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var started = Stopwatch.GetTimestamp();
        var workers = Enumerable.Range(0, concurrency).Select(_ => Task.Run(async () =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < items.Length)
            {
                var item = items[i];
                using var request = new HttpRequestMessage(HttpMethod.Post, target ?? item.Target) { Content = new ByteArrayContent(item.Body) };
                request.Content.Headers.TryAddWithoutValidation("Content-Type", item.ContentType);
                request.Headers.TryAddWithoutValidation("Date", item.Date);
                request.Headers.TryAddWithoutValidation("Digest", item.Digest);
                if (item.Signature.Length > 0)
                {
                    request.Headers.TryAddWithoutValidation("Signature", item.Signature);
                }

                var sent = Stopwatch.GetTimestamp();
                using var response = await client.SendAsync(request, HttpCompletionOption.ResponseContentRead);
                latencies[i] = Stopwatch.GetTimestamp() - sent;
                if (response.StatusCode == expected)
                {
                    Interlocked.Increment(ref ok);
                }
                else
                {
                    Interlocked.Increment(ref failed);
                    firstError ??= $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}";
                }
            }
        })).ToArray();
        await Task.WhenAll(workers);
        var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
        Array.Sort(latencies);
        double Percentile(double p) => latencies.Length == 0 ? 0 : latencies[Math.Min(latencies.Length - 1, (int)(latencies.Length * p))] * 1000.0 / Stopwatch.Frequency;
        return new Outcome(ok, failed, firstError, seconds, Percentile(0.5), Percentile(0.99), cpu);
    }
}

internal static class Node
{
    /// <summary>User + system CPU of a process so far, from /proc (clock ticks of 10 ms).</summary>
    public static TimeSpan Cpu(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        return TimeSpan.FromMilliseconds(ticks * 10);
    }

    /// <summary>Polls the node's database (read-only) until this many inbox activities are marked processed.</summary>
    public static async Task<bool> WaitProcessedAsync(SqliteConnection db, int count, TimeSpan limit)
    {
        var started = Stopwatch.GetTimestamp();
        using var query = db.CreateCommand();
        query.CommandText = "SELECT COUNT(*) FROM inbox_activity WHERE processed_at IS NOT NULL";
        while (Stopwatch.GetElapsedTime(started) < limit)
        {
            if ((long)(await query.ExecuteScalarAsync())! >= count)
            {
                return true;
            }

            await Task.Delay(20);
        }

        return false;
    }
}

internal static class Report
{
    public static void Line(string part, string text) => Console.WriteLine($"{part,-8} {text}");
}

/// <summary>
/// The fake fediverse: actors on 127.0.0.1 (inbox load) and on 127.0.0.2… (followers, one origin per address), each
/// with an actor document and an inbox that counts the Accepts it gets (without verifying them).
/// </summary>
internal sealed class Remote(int port, int hosts, RSA[] keys) : IAsyncDisposable
{
    public const int KeyCount = 50;

    private readonly string[] _pems = keys.Select(k => k.ExportSubjectPublicKeyInfoPem()).ToArray();
    private WebApplication? _app;
    private int _accepts;
    private long _lastAcceptAt;
    private TaskCompletionSource? _done;
    private int _expected = int.MaxValue;

    public int Accepts => Volatile.Read(ref _accepts);

    public long LastAcceptAt => Volatile.Read(ref _lastAcceptAt);

    public Uri Sink => new($"http://127.0.0.1:{port}/sink");

    public string InboxActor(int i) => $"http://127.0.0.1:{port}/actors/a{i % KeyCount}";

    public string FollowActor(int i) => $"http://127.0.0.{2 + (i % hosts)}:{port}/actors/f{i}";

    public async Task StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Listen(IPAddress.Loopback, port);
            for (var h = 0; h < hosts; h++)
            {
                kestrel.Listen(IPAddress.Parse($"127.0.0.{2 + h}"), port);
            }
        });
        _app = builder.Build();
        _app.MapGet("/actors/{name}", (string name, HttpContext http) =>
        {
            var id = $"http://{http.Request.Host}/actors/{name}";
            var number = int.Parse(name.AsSpan(1), CultureInfo.InvariantCulture);
            var document = new JsonObject
            {
                ["@context"] = new JsonArray("https://www.w3.org/ns/activitystreams", "https://w3id.org/security/v1"),
                ["id"] = id,
                ["type"] = "Person",
                ["preferredUsername"] = name,
                ["inbox"] = id + "/inbox",
                ["outbox"] = id + "/outbox",
                ["followers"] = id + "/followers",
                ["publicKey"] = new JsonObject { ["id"] = id + "#main-key", ["owner"] = id, ["publicKeyPem"] = _pems[number % KeyCount] },
            };
            return Results.Text(document.ToJsonString(), "application/activity+json");
        });
        _app.MapPost("/actors/{name}/inbox", async (HttpContext http) =>
        {
            using var reader = new StreamReader(http.Request.Body);
            var body = await reader.ReadToEndAsync();
            if (body.Contains("\"Accept\"", StringComparison.Ordinal))
            {
                Volatile.Write(ref _lastAcceptAt, Stopwatch.GetTimestamp());
                if (Interlocked.Increment(ref _accepts) >= _expected)
                {
                    _done?.TrySetResult();
                }
            }

            return Results.StatusCode(StatusCodes.Status202Accepted);
        });
        _app.MapPost("/sink", async (HttpContext http) =>
        {
            await http.Request.Body.CopyToAsync(Stream.Null);
            return Results.StatusCode(StatusCodes.Status202Accepted);
        });
        await _app.StartAsync();
    }

    public async Task<bool> WaitAcceptsAsync(int count, TimeSpan limit)
    {
        _done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _expected = count;
        if (Accepts >= count)
        {
            return true;
        }

        return await Task.WhenAny(_done.Task, Task.Delay(limit)) == _done.Task;
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }
}
