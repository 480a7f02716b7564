// The fan-out benchmark: F followers of one member on H fake servers (loopback addresses 127.0.1.1, 127.0.1.2, …),
// one public post (or profile update) through the API, and what the node then delivers: how fast, how many requests
// against the minimum, duplicates, signatures, node CPU and memory. It prints figures and checks nothing
// (see bench/README.md).
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Data.Sqlite;
using OurSociety.ActivityPub.Signatures;

CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
var settings = Settings.Parse(args);
var label = settings.Label.Length > 0 ? $"[{settings.Label}] " : "";

var stopwatch = Stopwatch.StartNew();
var key = Keys.LoadOrCreate(settings.KeyFile);
var world = new Remote(settings.Port, settings.Hosts, key.ExportSubjectPublicKeyInfoPem());
await world.StartAsync();
Console.WriteLine($"{label}setup: fake servers on {settings.Hosts} addresses ({world.Address(0)} … {world.Address(settings.Hosts - 1)}) port {settings.Port} in {stopwatch.Elapsed.TotalSeconds:F1} s");

using var client = new HttpClient(new SocketsHttpHandler { UseProxy = false, UseCookies = false }) { Timeout = TimeSpan.FromSeconds(120) };
foreach (var scenario in settings.Scenarios)
{
    stopwatch.Restart();
    var inserted = Followers.Insert(settings.Database, scenario, world, settings.Followers);
    Console.WriteLine($"{label}{scenario.Name}: {inserted} followers of {scenario.Member} on {settings.Hosts} servers stored in {stopwatch.Elapsed.TotalSeconds:F1} s ({(scenario.Shared ? "with" : "without")} shared inboxes; rows written into the node's database, not signed Follows)");
    var publicKey = await Node.PublicKeyAsync(client, settings.Node, scenario.Member);

    // Round 1 is the first fan-out of a freshly started node (code not yet compiled by the JIT's higher tiers, no
    // connections); later rounds send to the same followers again, as a node that has been running does.
    for (var round = 1; round <= settings.Rounds; round++)
    {
        var expected = scenario.Shared ? settings.Hosts : settings.Followers;
        var firstRecord = world.Count;
        var connectionsBefore = world.Connections;
        var cpuBefore = Node.Cpu(settings.Pid);
        var triggered = Stopwatch.GetTimestamp();
        var trigger = await Node.TriggerAsync(client, settings.Node, scenario.Token);
        var answered = Stopwatch.GetElapsedTime(triggered);
        var reached = await world.WaitAsync(firstRecord + expected, TimeSpan.FromSeconds(settings.TimeoutSeconds));
        var cpu = Node.Cpu(settings.Pid) - cpuBefore;
        // A little longer, so duplicates and extra requests that come late are counted too (they are not in the times).
        await Task.Delay(TimeSpan.FromSeconds(1.5));
        var records = world.Since(firstRecord);
        Report.Scenario($"{label}{scenario.Name} {round}", trigger, answered, triggered, records, expected, reached, cpu,
            world.Connections - connectionsBefore, settings.Pid, publicKey, scenario);
    }
}

await world.DisposeAsync();
return 0;

/// <summary>Command line (see bench/fanout.sh).</summary>
internal sealed record Settings(
    string Node, int Pid, string Database, int Followers, int Hosts, int Port, string? KeyFile, string Label, int TimeoutSeconds, int Rounds, Scenario[] Scenarios)
{
    public static Settings Parse(string[] args)
    {
        string? Get(string name) => Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? args[i + 1] : null;
        string Need(string name) => Get(name) ?? throw new ArgumentException($"{name} is needed");
        int Number(string name, int fallback) => Get(name) is { } v ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;
        var scenarios = new List<Scenario>();
        if (Get("--shared-member") is { } shared)
        {
            scenarios.Add(new Scenario("shared", shared, Need("--shared-token"), Shared: true));
        }

        if (Get("--personal-member") is { } personal)
        {
            scenarios.Add(new Scenario("personal", personal, Need("--personal-token"), Shared: false));
        }

        return new Settings(
            Need("--node").TrimEnd('/'), int.Parse(Need("--pid"), CultureInfo.InvariantCulture), Need("--db"),
            Number("--followers", 10_000), Math.Clamp(Number("--hosts", 500), 1, 250 * 250), Number("--port", 5081),
            Get("--keys"), Get("--label") ?? "", Number("--timeout", 120), Math.Max(1, Number("--rounds", 2)), scenarios.ToArray());
    }
}

/// <summary>One member and their followers: with shared inboxes (one POST per server) or without (one per follower).</summary>
internal sealed record Scenario(string Name, string Member, string Token, bool Shared)
{
    /// <summary>Actor names differ per scenario so both can use the same servers.</summary>
    public string ActorPrefix => Shared ? "s" : "p";
}

/// <summary>One RSA-2048 key for every fake actor (they never sign here; the node only needs a public key on record).</summary>
internal static class Keys
{
    public static RSA LoadOrCreate(string? file)
    {
        var key = RSA.Create();
        if (file is not null && File.Exists(file))
        {
            key.ImportFromPem(File.ReadAllText(file));
            return key;
        }

        key = RSA.Create(2048);
        if (file is not null)
        {
            File.WriteAllText(file, key.ExportPkcs8PrivateKeyPem());
        }

        return key;
    }
}

/// <summary>
/// Writes the followers straight into the node's database (remote actors as a fetch would store them, and accepted
/// follows), in one transaction while the node runs: a signed Follow each would take the node minutes here and is
/// measured by bench/federation.sh already.
/// </summary>
internal static class Followers
{
    public static int Insert(string database, Scenario scenario, Remote world, int count)
    {
        using var db = new SqliteConnection($"Data Source={database};Pooling=False;Default Timeout=60");
        db.Open();
        using (var pragma = db.CreateCommand())
        {
            pragma.CommandText = "PRAGMA busy_timeout = 60000";
            pragma.ExecuteNonQuery();
        }

        using var transaction = db.BeginTransaction();
        var now = DateTimeOffset.UtcNow.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);
        using var actor = db.CreateCommand();
        actor.Transaction = transaction;
        actor.CommandText = """
            INSERT INTO remote_actor (id, type, username, host, name, inbox, shared_inbox, url, icon_url, key_id, public_key_pem,
                                      manually_approves_followers, document, fetched_at)
            VALUES ($id, 'Person', $username, $host, NULL, $inbox, $shared, NULL, NULL, $keyId, $pem, 0, $document, $now)
            ON CONFLICT (id) DO NOTHING
            """;
        using var follow = db.CreateCommand();
        follow.Transaction = transaction;
        follow.CommandText = """
            INSERT INTO follow (id, local_actor, remote_actor, direction, state, activity_id, created_at, accepted_at)
            VALUES ($id, $local, $remote, 'in', 'accepted', $activity, $now, $now)
            ON CONFLICT (local_actor, remote_actor, direction) DO NOTHING
            """;
        var actorParameters = new[] { "$id", "$username", "$host", "$inbox", "$shared", "$keyId", "$pem", "$document", "$now" }
            .ToDictionary(n => n, n => actor.Parameters.Add(new SqliteParameter { ParameterName = n }));
        var followParameters = new[] { "$id", "$local", "$remote", "$activity", "$now" }
            .ToDictionary(n => n, n => follow.Parameters.Add(new SqliteParameter { ParameterName = n }));
        var written = 0;
        for (var i = 0; i < count; i++)
        {
            var (id, document) = world.Actor(scenario.ActorPrefix + i.ToString(CultureInfo.InvariantCulture), i % world.Hosts);
            actorParameters["$id"].Value = id;
            actorParameters["$username"].Value = (string)document["preferredUsername"]!;
            actorParameters["$host"].Value = new Uri(id).Authority;
            actorParameters["$inbox"].Value = (string)document["inbox"]!;
            actorParameters["$shared"].Value = (object?)(string?)document["endpoints"]?["sharedInbox"] ?? DBNull.Value;
            actorParameters["$keyId"].Value = id + "#main-key";
            actorParameters["$pem"].Value = world.PublicKeyPem;
            actorParameters["$document"].Value = document.ToJsonString();
            actorParameters["$now"].Value = now;
            actor.ExecuteNonQuery();
            followParameters["$id"].Value = Guid.NewGuid().ToString("D");
            followParameters["$local"].Value = scenario.Member;
            followParameters["$remote"].Value = id;
            followParameters["$activity"].Value = id + "/follows/1";
            followParameters["$now"].Value = now;
            written += follow.ExecuteNonQuery();
        }

        transaction.Commit();
        return written;
    }
}

internal static class Node
{
    /// <summary>User and system CPU of a process so far, from /proc (clock ticks of 10 ms).</summary>
    public static Cpu Cpu(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return new Cpu(
            TimeSpan.FromMilliseconds(long.Parse(fields[11], CultureInfo.InvariantCulture) * 10),
            TimeSpan.FromMilliseconds(long.Parse(fields[12], CultureInfo.InvariantCulture) * 10));
    }

    /// <summary>A line of /proc/PID/status in MiB (VmRSS: resident now; VmHWM: the peak).</summary>
    public static long MemoryMiB(int pid, string field) =>
        File.ReadLines($"/proc/{pid}/status").Where(l => l.StartsWith(field + ":", StringComparison.Ordinal))
            .Select(l => long.Parse(l.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024).FirstOrDefault();

    /// <summary>The member's public key, from their actor document (what a real receiver would fetch).</summary>
    public static async Task<RSA> PublicKeyAsync(HttpClient client, string node, string member)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"{node}/users/{member}");
        request.Headers.Accept.ParseAdd("application/activity+json");
        using var response = await client.SendAsync(request);
        response.EnsureSuccessStatusCode();
        var document = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        var key = RSA.Create();
        key.ImportFromPem((string)document["publicKey"]!["publicKeyPem"]!);
        return key;
    }

    /// <summary>
    /// Publishes a public story through the API; while that endpoint is missing (404), changes the member's display
    /// name instead, which sends an Update of the Person to every follower through the same outbox and worker.
    /// </summary>
    public static async Task<string> TriggerAsync(HttpClient client, string node, string token)
    {
        var stamp = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);
        using var story = new HttpRequestMessage(HttpMethod.Post, $"{node}/api/oursociety/v1/stories")
        {
            Content = JsonContent(new JsonObject
            {
                ["title"] = $"Fan-out {stamp}",
                ["summary"] = "One public story for many followers.",
                ["body"] = "A short story of the size people write, with a sentence or two of text in it.",
                ["visibility"] = "public",
                ["draft"] = false,
            }),
        };
        story.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var answer = await client.SendAsync(story);
        if (answer.IsSuccessStatusCode)
        {
            return $"POST /api/oursociety/v1/stories ({(int)answer.StatusCode})";
        }

        if (answer.StatusCode != HttpStatusCode.NotFound)
        {
            throw new InvalidOperationException($"publishing the story answered {(int)answer.StatusCode}: {await answer.Content.ReadAsStringAsync()}");
        }

        using var update = new HttpRequestMessage(HttpMethod.Patch, $"{node}/api/oursociety/v1/me")
        {
            Content = JsonContent(new JsonObject { ["displayName"] = $"Fan {stamp}" }),
        };
        update.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var updated = await client.SendAsync(update);
        if (!updated.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"PATCH /me answered {(int)updated.StatusCode}: {await updated.Content.ReadAsStringAsync()}");
        }

        return $"PATCH /api/oursociety/v1/me ({(int)updated.StatusCode}; the stories endpoint answered 404, so an Update of the Person)";
    }

    private static StringContent JsonContent(JsonObject body) => new(body.ToJsonString(), Encoding.UTF8, "application/json");
}

internal readonly record struct Cpu(TimeSpan User, TimeSpan System)
{
    public TimeSpan Total => User + System;

    public static Cpu operator -(Cpu a, Cpu b) => new(a.User - b.User, a.System - b.System);
}

/// <summary>One POST as a fake server received it: enough to check its signature afterwards.</summary>
internal sealed record Received(long At, string Authority, string Path, Dictionary<string, string> Headers, byte[] Body);

/// <summary>
/// The fake servers: one Kestrel listening on port P of every address. Actor documents at <c>/users/NAME</c> (with a
/// shared inbox <c>/inbox</c> for names starting with s, none for p); every POST is recorded and answered 202 at once.
/// Nothing is checked while the clock runs.
/// </summary>
internal sealed class Remote(int port, int hosts, string publicKeyPem) : IAsyncDisposable
{
    private static readonly string[] KeptHeaders = ["host", "date", "digest", "content-type", "content-digest", "signature", "signature-input"];
    private readonly List<Received> _received = new(capacity: 32_768);
    private readonly Lock _lock = new();
    private WebApplication? _app;
    private int _waitingFor = int.MaxValue;
    private TaskCompletionSource? _reached;
    private int _connections;

    /// <summary>TCP connections accepted so far: with pooling, far fewer than requests.</summary>
    public int Connections => Volatile.Read(ref _connections);

    public int Hosts => hosts;

    public string PublicKeyPem => publicKeyPem;

    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _received.Count;
            }
        }
    }

    /// <summary>Server number h (0-based) lives on 127.0.(1 + h / 250).(1 + h % 250).</summary>
    public string Address(int h) => $"127.0.{1 + (h / 250)}.{1 + (h % 250)}";

    public (string Id, JsonObject Document) Actor(string name, int host)
    {
        var origin = $"http://{Address(host)}:{port}";
        return ($"{origin}/users/{name}", Document(origin, name));
    }

    private JsonObject Document(string origin, string name)
    {
        var id = $"{origin}/users/{name}";
        var document = new JsonObject
        {
            ["@context"] = new JsonArray("https://www.w3.org/ns/activitystreams", "https://w3id.org/security/v1"),
            ["id"] = id,
            ["type"] = "Person",
            ["preferredUsername"] = name,
            ["inbox"] = id + "/inbox",
            ["outbox"] = id + "/outbox",
            ["followers"] = id + "/followers",
            ["publicKey"] = new JsonObject { ["id"] = id + "#main-key", ["owner"] = id, ["publicKeyPem"] = publicKeyPem },
        };
        if (name.StartsWith('s'))
        {
            document["endpoints"] = new JsonObject { ["sharedInbox"] = origin + "/inbox" };
        }

        return document;
    }

    public async Task StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            for (var h = 0; h < hosts; h++)
            {
                kestrel.Listen(IPAddress.Parse(Address(h)), port, listen =>
                {
                    listen.Protocols = HttpProtocols.Http1;
                    listen.Use(next => connection =>
                    {
                        Interlocked.Increment(ref _connections);
                        return next(connection);
                    });
                });
            }
        });
        _app = builder.Build();
        _app.Run(async http =>
        {
            var request = http.Request;
            if (HttpMethods.IsGet(request.Method) && request.Path.StartsWithSegments("/users", out var rest) && rest.Value!.Length > 1)
            {
                var origin = $"http://{request.Host}";
                http.Response.ContentType = "application/activity+json";
                await http.Response.WriteAsync(Document(origin, rest.Value[1..]).ToJsonString());
                return;
            }

            if (!HttpMethods.IsPost(request.Method))
            {
                http.Response.StatusCode = StatusCodes.Status404NotFound;
                return;
            }

            using var body = new MemoryStream();
            await request.Body.CopyToAsync(body);
            var headers = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var name in KeptHeaders)
            {
                if (request.Headers.TryGetValue(name, out var value))
                {
                    headers[name] = value.ToString();
                }
            }

            var received = new Received(Stopwatch.GetTimestamp(), request.Host.Value ?? "", request.Path.Value ?? "", headers, body.ToArray());
            lock (_lock)
            {
                _received.Add(received);
                if (_received.Count >= _waitingFor)
                {
                    _reached?.TrySetResult();
                }
            }

            http.Response.StatusCode = StatusCodes.Status202Accepted;
        });
        await _app.StartAsync();
    }

    /// <summary>Waits until this many POSTs have arrived in all, or the time limit.</summary>
    public async Task<bool> WaitAsync(int total, TimeSpan limit)
    {
        var reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_lock)
        {
            if (_received.Count >= total)
            {
                return true;
            }

            _waitingFor = total;
            _reached = reached;
        }

        return await Task.WhenAny(reached.Task, Task.Delay(limit)) == reached.Task;
    }

    public List<Received> Since(int first)
    {
        lock (_lock)
        {
            return _received.Skip(first).ToList();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }
}

internal static class Report
{
    public static void Scenario(
        string name, string trigger, TimeSpan answered, long triggered, List<Received> records, int expected, bool reached,
        Cpu cpu, int connections, int pid, RSA publicKey, Scenario scenario)
    {
        void Line(string text) => Console.WriteLine($"{name,-12} {text}");
        Line($"trigger: {trigger}, answered in {answered.TotalMilliseconds:F0} ms");
        if (records.Count == 0)
        {
            Line("NOTHING was delivered within the time limit");
            return;
        }

        // Which activity each POST carried; the one most POSTs carried is the fan-out (others would be side traffic).
        var activities = records.Select(r => ActivityOf(r.Body)).ToArray();
        var main = activities.GroupBy(a => a.Id).OrderByDescending(g => g.Count()).First().Key;
        var mainType = activities.First(a => a.Id == main).Type;
        var ofMain = records.Where((_, i) => activities[i].Id == main).ToList();
        var ordered = ofMain.Select(r => r.At).Order().ToArray();
        // The "last delivery" is the one that completed the minimum set; later ones are extras or duplicates.
        var distinctInboxes = new HashSet<string>(StringComparer.Ordinal);
        long completedAt = 0;
        foreach (var record in ofMain.OrderBy(r => r.At))
        {
            if (distinctInboxes.Add(record.Authority + record.Path) && distinctInboxes.Count == expected)
            {
                completedAt = record.At;
            }
        }

        var last = completedAt != 0 ? completedAt : ordered[^1];
        var fromTrigger = Stopwatch.GetElapsedTime(triggered, last).TotalSeconds;
        var fromFirst = Stopwatch.GetElapsedTime(ordered[0], last).TotalSeconds;
        var duplicates = ofMain.Count - distinctInboxes.Count;
        var wrongInbox = ofMain.Count(r => scenario.Shared ? r.Path != "/inbox" : !r.Path.EndsWith("/inbox", StringComparison.Ordinal) || r.Path == "/inbox");
        Line($"{(reached ? "reached" : "NOT all reached:")} {distinctInboxes.Count} of {expected} inboxes; {mainType} {main}");
        Line($"time: {fromTrigger:F2} s from the trigger to the last delivery, {fromFirst:F2} s from the first ({ofMain.Count / Math.Max(fromFirst, 1e-3):F0} deliveries/s); first one {Stopwatch.GetElapsedTime(triggered, ordered[0]).TotalMilliseconds:F0} ms after the trigger");
        Line($"requests: {records.Count} received, minimum {expected}; {duplicates} duplicates (same activity at the same inbox again); {records.Count - ofMain.Count} other activities; {wrongInbox} at an unexpected inbox; {connections} new connections");

        // Every signature, after the clock: parse (coverage, digest, date window) and verify with the member's key.
        var keyId = $"/users/{scenario.Member}#main-key";
        var valid = 0;
        var firstProblem = "";
        Parallel.ForEach(ofMain, record =>
        {
            var check = HttpSignatures.Parse(new IncomingRequest
            {
                Method = "POST",
                TargetUri = new Uri($"http://{record.Authority}{record.Path}"),
                Header = h => record.Headers.GetValueOrDefault(h),
                Body = record.Body,
            }, DateTimeOffset.UtcNow);
            var problem = check.Signature is not { } signature ? check.Error
                : !signature.KeyId.EndsWith(keyId, StringComparison.Ordinal) ? $"key id {signature.KeyId}"
                : !HttpSignatures.Verify(signature, publicKey) ? "the signature does not verify"
                : null;
            if (problem is null)
            {
                Interlocked.Increment(ref valid);
            }
            else
            {
                Interlocked.CompareExchange(ref firstProblem, $"{record.Authority}{record.Path}: {problem}", "");
            }
        });
        Line($"signatures: {valid} of {ofMain.Count} valid{(firstProblem.Length > 0 ? $"; first problem: {firstProblem}" : "")}");
        Line($"node: CPU {cpu.Total.TotalSeconds:F2} s (user {cpu.User.TotalSeconds:F2}, system {cpu.System.TotalSeconds:F2}) from the trigger to the last delivery = {cpu.Total.TotalMilliseconds * 1000 / Math.Max(1, ofMain.Count):F0} µs per request; memory {Node.MemoryMiB(pid, "VmRSS")} MiB resident, peak {Node.MemoryMiB(pid, "VmHWM")} MiB");
    }

    private static (string Id, string Type) ActivityOf(byte[] body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            return (root.TryGetProperty("id", out var id) ? id.GetString() ?? "?" : "?", root.TryGetProperty("type", out var type) ? type.GetString() ?? "?" : "?");
        }
        catch (JsonException)
        {
            return ("(not JSON)", "?");
        }
    }
}
