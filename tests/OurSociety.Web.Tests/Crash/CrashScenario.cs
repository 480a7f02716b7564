using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;
using OurSociety.Testing;

namespace OurSociety.Web.Tests.Crash;

/// <summary>
/// Members and API tokens made once per test class with the node's own CLI (<c>admin create-user</c>,
/// <c>admin create-token</c>), in a data directory every scenario copies: a few CLI runs once instead of per test.
/// </summary>
public sealed class CrashTemplate : IAsyncLifetime, IDisposable
{
    /// <summary>An open account: follows are accepted at once.</summary>
    public const string Writer = "writer";

    /// <summary>A second member; the accept test locks it (PATCH /me).</summary>
    public const string Lockie = "lockie";

    /// <summary>An admin (made only by <see cref="HubCrashTemplate"/>): hub links and submissions are answered by admins.</summary>
    public const string HubAdmin = "boss";

    private readonly TempDirectory _temp = new();
    private readonly (string Name, string Role)[] _members;

    public CrashTemplate()
        : this((Writer, "member"), (Lockie, "member"))
    {
    }

    /// <summary>A template with these members (and their roles) instead: one fixture's own, as <see cref="HubCrashTemplate"/>'s.</summary>
    internal CrashTemplate(params (string Name, string Role)[] members) => _members = members;

    internal string DataDirectory => Path.Combine(_temp.Path, "data");

    internal Dictionary<string, string> Tokens { get; } = new(StringComparer.Ordinal);

    public async ValueTask InitializeAsync()
    {
        foreach (var (member, role) in _members)
        {
            var created = await CrashApp.RunAsync(_temp.Path, "admin", "create-user", member, "--role", role);
            Assert.True(created.ExitCode == 0, created.ToString());
            var token = await CrashApp.RunAsync(_temp.Path, "admin", "create-token", member);
            Assert.True(token.ExitCode == 0 && token.LastLine.StartsWith("os_", StringComparison.Ordinal), token.ToString());
            Tokens[member] = token.LastLine.Trim();
        }
    }

    // xunit calls DisposeAsync on fixtures that have it (not Dispose); Dispose is for the analyzers' sake.
    public ValueTask DisposeAsync()
    {
        _temp.Dispose();
        return ValueTask.CompletedTask;
    }

    public void Dispose() => _temp.Dispose();
}

/// <summary>
/// The template of the hub crash tests: the writer and an admin (<see cref="CrashTemplate.HubAdmin"/>), so the other
/// crash tests do not pay for an account they never use.
/// </summary>
public sealed class HubCrashTemplate : IAsyncLifetime, IDisposable
{
    public CrashTemplate Template { get; } = new((CrashTemplate.Writer, "member"), (CrashTemplate.HubAdmin, "admin"));

    public ValueTask InitializeAsync() => Template.InitializeAsync();

    public ValueTask DisposeAsync() => Template.DisposeAsync();

    public void Dispose() => Template.Dispose();
}

/// <summary>
/// One crash test's world: a copy of the <see cref="CrashTemplate"/> data directory, the node started on it as its
/// own process (and killed, and started again), and the <see cref="FakeFediverse"/> it federates with. Failures
/// carry the node's output and what the fake servers received (<see cref="RunAsync"/>).
/// </summary>
internal sealed class CrashScenario : IAsyncDisposable
{
    public const string Hub = "hub";

    private readonly TempDirectory _temp = new();
    private readonly ConcurrentQueue<string> _log = new();
    private readonly CrashTemplate _template;
    private readonly ITestOutputHelper _output;
    private readonly Dictionary<string, string> _environment;
    private CrashNode? _node;

    private CrashScenario(CrashTemplate template, FakeFediverse world, ITestOutputHelper output)
    {
        _template = template;
        _output = output;
        World = world;
        Url = $"http://127.0.0.1:{ProgramProcess.FreePort()}";
        _environment = new Dictionary<string, string>
        {
            ["ASPNETCORE_URLS"] = Url,
            ["OurSociety__PublicUrl"] = Url,
            ["OurSociety__Federation__AllowedPrivateOrigins__0"] = world.Origin,
        };
        CopyDirectory(template.DataDirectory, Path.Combine(_temp.Path, "data"));
        Http = new HttpClient { Timeout = TimeSpan.FromSeconds(60) };
    }

    public FakeFediverse World { get; }

    /// <summary>The node's address (its PublicUrl too).</summary>
    public string Url { get; }

    public HttpClient Http { get; }

    /// <summary>What the node printed, all runs, each line prefixed with its run.</summary>
    public IReadOnlyList<string> Log => [.. _log];

    /// <summary>Runs of the node started so far.</summary>
    public int Runs { get; private set; }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static async Task<CrashScenario> StartAsync(CrashTemplate template, ITestOutputHelper output, IReadOnlyDictionary<string, string>? environment = null)
    {
        var scenario = new CrashScenario(template, await FakeFediverse.StartAsync(Ct), output);
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            scenario._environment[key] = value;
        }

        await scenario.StartNodeAsync();
        return scenario;
    }

    public string ActorOf(string username) => $"{Url}/users/{username}";

    public string InboxOf(string username) => $"{ActorOf(username)}/inbox";

    /// <summary>Starts the next run of the node on the same data directory (after a kill: a restart).</summary>
    public async Task StartNodeAsync(IReadOnlyDictionary<string, string>? overrides = null)
    {
        Assert.True(_node is null || _node.HasExited, "the node still runs");
        _node?.Dispose();
        Runs++;
        World.Run = Runs;
        var environment = new Dictionary<string, string>(_environment);
        foreach (var (key, value) in overrides ?? new Dictionary<string, string>())
        {
            environment[key] = value;
        }

        _node = await CrashNode.StartAsync(_temp.Path, environment, _log, Runs, Ct);
    }

    /// <summary>SIGKILL, as <c>kill -9</c>: whatever the node was doing stops where it was.</summary>
    public Task KillAsync() => _node!.KillAsync();

    /// <summary>
    /// Kills the node when the first POST matching <paramref name="when"/> reaches the fake servers, while the node
    /// waits for its answer (a delivery in flight), but not before <paramref name="after"/> (the API call that causes
    /// it has answered, so the test knows what it made). The returned task ends once the node is dead.
    /// </summary>
    public Task KillWhenReceivedAsync(Func<ReceivedActivity, bool> when, Task after)
    {
        var killed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var armed = 1;
        World.BeforeAnswer = async received =>
        {
            if (when(received) && Interlocked.Exchange(ref armed, 0) == 1)
            {
                await KillAfterAsync(after, $"while {received} was in flight", killed);
            }
        };
        return killed.Task;
    }

    /// <summary>Kills the node when it first fetches a note, mid-way through the work item that fetches it (see <see cref="KillWhenReceivedAsync"/>).</summary>
    public Task KillWhenNoteFetchedAsync(Task after)
    {
        var killed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var armed = 1;
        World.BeforeNote = async path =>
        {
            if (Interlocked.Exchange(ref armed, 0) == 1)
            {
                await KillAfterAsync(after, $"while it fetched {path}", killed);
            }
        };
        return killed.Task;
    }

    /// <summary>Kills the node when it first asks the fake servers for their NodeInfo, mid-way through the work item that asks.</summary>
    public Task KillWhenNodeInfoFetchedAsync(Task after)
    {
        var killed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var armed = 1;
        World.BeforeNodeInfo = async () =>
        {
            if (Interlocked.Exchange(ref armed, 0) == 1)
            {
                await KillAfterAsync(after, "while it fetched NodeInfo", killed);
            }
        };
        return killed.Task;
    }

    /// <summary>Waits for a kill armed with <see cref="KillWhenReceivedAsync"/> (for a real process: real time, a minute at most).</summary>
    public async Task KilledAsync(Task killed, string what)
    {
        try
        {
            await killed.WaitAsync(TimeSpan.FromSeconds(60), Ct);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"The node was never killed: {what} did not happen within a minute.");
        }

        World.BeforeAnswer = null;
        World.BeforeNote = null;
        World.BeforeNodeInfo = null;
    }

    private async Task KillAfterAsync(Task after, string moment, TaskCompletionSource killed)
    {
        try
        {
            await after.WaitAsync(TimeSpan.FromSeconds(60), Ct);
            await KillAsync();
            Note($"killed run {Runs} {moment}");
            killed.TrySetResult();
        }
        catch (Exception e)
        {
            killed.TrySetException(e);
        }
    }

    public void Note(string line)
    {
        _log.Enqueue("===== " + line);
        _output.WriteLine(line);
    }

    /// <summary>
    /// Runs the test's steps; when one fails, the test output gets the node's output (all runs) and everything the fake
    /// servers received, so a failure can be read without running it again.
    /// </summary>
    public async Task RunAsync(Func<Task> steps)
    {
        try
        {
            await steps();
        }
        catch (Exception)
        {
            WriteOutput();
            throw;
        }

        if (Environment.GetEnvironmentVariable(ShowOutputVariable) == "1")
        {
            WriteOutput();
        }
    }

    /// <summary>Set to 1 to see the node's output and what it sent for passing tests too.</summary>
    public const string ShowOutputVariable = "OURSOCIETY_CRASH_OUTPUT";

    private void WriteOutput()
    {
        _output.WriteLine("--- node output (all runs) ---");
        _output.WriteLine(CrashNode.Tail(_log, 400));
        _output.WriteLine("--- received by the fake servers ---");
        _output.WriteLine(string.Join('\n', World.Received.Select(r => r.ToString())));
    }

    // ---- the node's API ----

    /// <summary>Calls the API as <paramref name="member"/>; returns the status and the JSON answer (if any).</summary>
    public async Task<(HttpStatusCode Status, JsonNode? Body)> ApiAsync(string member, HttpMethod method, string path, JsonObject? body = null)
    {
        using var request = new HttpRequestMessage(method, $"{Url}/api/oursociety/v1{path}");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _template.Tokens[member]);
        if (body is not null)
        {
            request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
        }

        using var response = await Http.SendAsync(request, Ct);
        var text = await response.Content.ReadAsStringAsync(Ct);
        return (response.StatusCode, text.Length > 0 && response.Content.Headers.ContentType?.MediaType?.Contains("json", StringComparison.Ordinal) == true
            ? JsonNode.Parse(text)
            : null);
    }

    /// <summary>As <see cref="ApiAsync"/>, failing the test unless the answer is <paramref name="expected"/>.</summary>
    public async Task<JsonNode?> ApiExpectAsync(HttpStatusCode expected, string member, HttpMethod method, string path, JsonObject? body = null)
    {
        var (status, answer) = await ApiAsync(member, method, path, body);
        Assert.True(status == expected, $"{method} {path} answered {(int)status}, expected {(int)expected}: {answer?.ToJsonString()}");
        return answer;
    }

    public static JsonObject Story(string title, string visibility = "public") => new()
    {
        ["title"] = title,
        ["body"] = $"What happened when we tried {title}.",
        ["visibility"] = visibility,
    };

    // ---- followers on the fake servers ----

    /// <summary>
    /// Each of <paramref name="followers"/> follows <paramref name="local"/> with a signed Follow (the real path: the
    /// node fetches their key, stores the follow and answers with an Accept). Returns once every Accept arrived.
    /// </summary>
    public async Task FollowedByAsync(string local, params string[] followers)
    {
        var follows = new List<string>();
        foreach (var follower in followers)
        {
            var id = $"{World.ActorId(follower)}/follows/{local}";
            using var response = await World.SendAsync(Http, InboxOf(local), follower, new JsonObject
            {
                ["id"] = id,
                ["type"] = "Follow",
                ["actor"] = World.ActorId(follower),
                ["object"] = ActorOf(local),
            }, Ct);
            Assert.True(response.StatusCode == HttpStatusCode.Accepted, $"the Follow of {follower} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(Ct)}");
            follows.Add(id);
        }

        await WaitForAsync(
            () => follows.Except(World.Received.Where(r => r.Type == "Accept").Select(r => r.ObjectId ?? "")).ToList(),
            missing => missing.Count == 0,
            $"the Accepts of the follows of {local}");
    }

    // ---- the node's database, read beside it (WAL: readers never block the node) ----

    public async Task<List<T>> QueryAsync<T>(string sql, Func<SqliteDataReader, T> read)
    {
        var database = Path.Combine(_temp.Path, "data", "oursociety.db");
        await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = database,
            Mode = SqliteOpenMode.ReadOnly,
            Pooling = false,
            DefaultTimeout = 30,
        }.ToString());
        await connection.OpenAsync(Ct);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync(Ct);
        var rows = new List<T>();
        while (await reader.ReadAsync(Ct))
        {
            rows.Add(read(reader));
        }

        return rows;
    }

    public async Task<long> CountAsync(string sql) => (await QueryAsync(sql, r => r.GetInt64(0))).Single();

    /// <summary>The inboxes of a local actor's accepted followers, from the database.</summary>
    public async Task<List<string>> FollowerInboxesAsync(string local) => await QueryAsync(
        $"""
        SELECT a.inbox FROM follow f JOIN remote_actor a ON a.id = f.remote_actor
        WHERE f.local_actor = '{local}' AND f.direction = 'in' AND f.state = 'accepted' ORDER BY a.inbox
        """,
        r => r.GetString(0));

    /// <summary>
    /// What the node has left to do: pending or dead work items, pending or failed deliveries. A schedule (an item never
    /// tried, due in more than an hour: the next directory refresh a new hub link queues, say) is not work left to do.
    /// </summary>
    public async Task<QueueState> QueueAsync() => new(
        (await QueryAsync("SELECT run_at, attempts FROM work_item WHERE state = 'pending'", r => (RunAt: r.GetString(0), Attempts: r.GetInt64(1))))
            .Count(w => w.Attempts > 0 || DateTimeOffset.Parse(w.RunAt, CultureInfo.InvariantCulture) < DateTimeOffset.UtcNow.AddHours(1)),
        await CountAsync("SELECT COUNT(*) FROM work_item WHERE state = 'dead'"),
        await CountAsync("SELECT COUNT(*) FROM delivery WHERE state = 'pending'"),
        await CountAsync("SELECT COUNT(*) FROM delivery WHERE state IN ('failed', 'skipped')"));

    // ---- waiting and checking ----

    /// <summary>Polls <paramref name="read"/> (the fake servers' records) until <paramref name="done"/>; see the overload.</summary>
    public static Task<T> WaitForAsync<T>(Func<T> read, Func<T, bool> done, string what, int seconds = 60) =>
        WaitForAsync(() => Task.FromResult(read()), done, what, seconds);

    /// <summary>
    /// Polls <paramref name="read"/> (the node's database, its API, the fake servers' records) until
    /// <paramref name="done"/>, on the real clock: the node is a real process delivering over real sockets, so there is
    /// no clock of ours to advance. The deadline is generous for a loaded 2-core machine; being done returns at once.
    /// </summary>
    public static async Task<T> WaitForAsync<T>(Func<Task<T>> read, Func<T, bool> done, string what, int seconds = 60)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var value = await read();
            if (done(value))
            {
                return value;
            }

            if (clock.Elapsed > TimeSpan.FromSeconds(seconds))
            {
                throw new TimeoutException($"Waited {seconds} s for {what}; last seen: {Describe(value)}");
            }

            await Task.Delay(50, Ct);
        }
    }

    /// <summary>
    /// Waits until every expected activity arrived and the node has nothing left to do (so nothing more will come),
    /// then checks the crash promise: each expected (inbox, type, object) arrived, and everything that arrived came
    /// with one activity id per (inbox, type, object) (the same id twice is a repeat receivers drop; two ids would be
    /// two posts, two follows… to them).
    /// </summary>
    public async Task ExpectDeliveredAsync(IReadOnlyCollection<Expected> expected, string what)
    {
        try
        {
            await WaitForAsync(() => Missing(expected), missing => missing.Count == 0, $"{what}: {expected.Count} activities to arrive");
        }
        catch (TimeoutException)
        {
            var missing = Missing(expected);
            throw new TimeoutException(
                $"{what}: {missing.Count} of the {expected.Count} expected activities never arrived (node output and all received below).\n" +
                $"Missing:\n  {string.Join("\n  ", missing)}\nExpected:\n  {string.Join("\n  ", expected)}");
        }

        var queue = await WaitForAsync(QueueAsync, q => q.Pending == 0 && q.PendingDeliveries == 0, "the node's queues to empty");
        Assert.True(queue.Dead == 0 && queue.FailedDeliveries == 0, $"{what}: work failed for good: {queue}");
        var twice = TwoIds();
        Assert.True(twice.Count == 0, $"{what}: sent twice with different ids:\n{string.Join('\n', twice)}");
    }

    public List<Expected> Missing(IEnumerable<Expected> expected)
    {
        var received = World.Received.Select(r => new Expected(r.Inbox, r.Type, r.ObjectId ?? "")).ToHashSet();
        return [.. expected.Where(e => !received.Contains(e))];
    }

    /// <summary>Each (inbox, type, object) that arrived with more than one activity id.</summary>
    public List<string> TwoIds() =>
        [.. World.Received
            .GroupBy(r => new Expected(r.Inbox, r.Type, r.ObjectId ?? ""))
            .Where(g => g.Select(r => r.Id).Distinct(StringComparer.Ordinal).Count() > 1)
            .Select(g => $"{g.Key}: {string.Join(", ", g.Select(r => $"{r.Id} (run {r.Run})"))}")];

    private static string Describe<T>(T value) => value switch
    {
        System.Collections.IEnumerable list and not string => string.Join(", ", list.Cast<object>().Take(20)) is var shown && shown.Length > 0 ? shown : "(none)",
        _ => value?.ToString() ?? "null",
    };

    private static void CopyDirectory(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.GetFiles(from))
        {
            File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
        }

        foreach (var folder in Directory.GetDirectories(from))
        {
            CopyDirectory(folder, Path.Combine(to, Path.GetFileName(folder)));
        }
    }

    public async ValueTask DisposeAsync()
    {
        _node?.Dispose();
        Http.Dispose();
        await World.DisposeAsync();
        _temp.Dispose();
    }
}

/// <summary>An activity some inbox must get: its type and object (the post, the Follow, the actor…).</summary>
internal sealed record Expected(string Inbox, string Type, string ObjectId)
{
    public override string ToString() => $"{Type} of {ObjectId} → {Inbox}";
}

internal sealed record QueueState(long Pending, long Dead, long PendingDeliveries, long FailedDeliveries)
{
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{Pending} work items pending, {Dead} dead; {PendingDeliveries} deliveries pending, {FailedDeliveries} failed");
}
