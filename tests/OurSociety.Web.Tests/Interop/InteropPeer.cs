using System.Diagnostics;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;

namespace OurSociety.Web.Tests.Interop;

/// <summary>
/// The Fedify interop peer (<c>shared/interop/peer.mjs</c>) as its own process on a free loopback port, driven through
/// its control API. It ends when this object is disposed, or with the test host (it exits when its stdin closes).
/// </summary>
internal sealed class InteropPeer : IAsyncDisposable
{
    private readonly Process _process;
    private readonly HttpClient _http;
    private readonly StringBuilder _stderr = new();

    private InteropPeer(Process process, Uri origin)
    {
        _process = process;
        Origin = origin;
        _http = new HttpClient { BaseAddress = origin, Timeout = TimeSpan.FromSeconds(60) };
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
    /// Where the peer is installed (<c>scripts/test.sh</c> exports these), or why it is not. Without it a test is
    /// skipped on a developer's machine and fails under <c>CI=true</c>: a CI run never passes without the real peer.
    /// </summary>
    public static (string Node, string Deps, string Script)? Installation(out string? missing)
    {
        var node = Environment.GetEnvironmentVariable("OURSOCIETY_INTEROP_NODE");
        var deps = Environment.GetEnvironmentVariable("OURSOCIETY_INTEROP_DEPS");
        var script = Environment.GetEnvironmentVariable("OURSOCIETY_INTEROP_PEER");
        missing = string.IsNullOrEmpty(node) || string.IsNullOrEmpty(deps) || string.IsNullOrEmpty(script)
            ? "OURSOCIETY_INTEROP_NODE, OURSOCIETY_INTEROP_DEPS and OURSOCIETY_INTEROP_PEER are not all set (scripts/test.sh sets them)"
            : !File.Exists(node) ? $"OURSOCIETY_INTEROP_NODE={node} does not exist"
            : !File.Exists(script) ? $"OURSOCIETY_INTEROP_PEER={script} does not exist"
            : !Directory.Exists(deps) ? $"OURSOCIETY_INTEROP_DEPS={deps} does not exist"
            : null;
        return missing is null ? (node!, deps!, script!) : null;
    }

    /// <summary>Skips the test on a developer's machine without the peer; fails it under CI.</summary>
    public static void RequireInstalled()
    {
        if (Installation(out var missing) is not null)
        {
            return;
        }

        if (Environment.GetEnvironmentVariable("CI") == "true")
        {
            Assert.Fail($"The interop peer is required under CI=true: {missing}");
        }

        Assert.Skip($"The interop peer is not installed: {missing}");
    }

    /// <summary>Starts a peer with the given local users; throws (never skips) when an installed peer cannot start.</summary>
    public static async Task<InteropPeer> StartAsync(IEnumerable<string> users, params string[] options)
    {
        var (node, deps, script) = Installation(out var missing) ?? throw new InvalidOperationException(missing);
        var start = new ProcessStartInfo(node)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in (string[])[script, "--port", "0", "--exit-with-stdin", "--deps", deps])
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

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        string? line;
        try
        {
            line = await process.StandardOutput.ReadLineAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            line = null;
        }

        if (line is null || JsonNode.Parse(line) is not JsonObject ready || (bool?)ready["ready"] != true)
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

        var peer = new InteropPeer(process, new Uri((string)ready["origin"]!));
        process.ErrorDataReceived += (_, e) =>
        {
            lock (peer._stderr)
            {
                peer._stderr.AppendLine(e.Data);
            }
        };
        return peer;
    }

    public Task<JsonNode> FollowAsync(string actor, string? @as = null) => PostAsync("follow", new { actor, @as });

    public Task<JsonNode> UnfollowAsync(string actor, string? @as = null) => PostAsync("unfollow", new { actor, @as });

    public Task<JsonNode> NoteAsync(string content, string? @as = null) => PostAsync("note", new { content, @as });

    /// <summary>A note with any of the control API's options (<c>to</c>, <c>cc</c>, <c>mentions</c>, <c>followers</c>…).</summary>
    public Task<JsonNode> PostNoteAsync(object note) => PostAsync("note", note);

    /// <summary>Deletes one of the peer's notes: Delete(Tombstone) to everyone it went to.</summary>
    public Task<JsonNode> DeleteAsync(string noteId, string? @as = null) => PostAsync("delete", new { @object = noteId, @as });

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

    /// <summary>Activities Fedify refused for a missing or bad signature.</summary>
    public async Task<JsonArray> UnverifiedAsync() => (await GetAsync("unverified")).AsArray();

    /// <summary>Background deliveries (its automatic Accepts) that failed.</summary>
    public async Task<JsonArray> ErrorsAsync() => (await GetAsync("errors")).AsArray();

    private static string As(string? user, char separator) => user is null ? "" : $"{separator}as={Uri.EscapeDataString(user)}";

    private async Task<JsonNode> GetAsync(string call)
    {
        using var response = await _http.GetAsync("/_control/" + call, TestContext.Current.CancellationToken);
        return await ReadAsync(response, "GET " + call);
    }

    /// <summary>Any control call, e.g. <c>accept</c> with <c>{activity}</c>.</summary>
    public async Task<JsonNode> PostAsync(string call, object body)
    {
        using var response = await _http.PostAsJsonAsync("/_control/" + call, body, TestContext.Current.CancellationToken);
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
