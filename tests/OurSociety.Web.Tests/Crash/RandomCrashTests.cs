using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using static OurSociety.Web.Tests.Crash.CrashTemplate;

namespace OurSociety.Web.Tests.Crash;

/// <summary>
/// The node under load (stories published and accounts followed all at once through the API), killed with SIGKILL
/// at random points, twice, and restarted on the same data directory each time. Whatever the database holds
/// afterwards must have reached other servers as if nothing had happened: each stored post as a Create to every
/// follower (and, if public, the hub's Announce to the hub's followers), each stored follow as its Follow; a post or
/// follow whose request was answered is stored; and nothing arrives twice under two ids. The kill points come from a
/// seed printed as <c>crash seed: N</c>; <c>OURSOCIETY_CRASH_SEED=N</c> replays them.
/// </summary>
public sealed class RandomCrashTests(CrashTemplate template, ITestOutputHelper output) : IClassFixture<CrashTemplate>
{
    public const string SeedVariable = "OURSOCIETY_CRASH_SEED";

    private const int Stories = 50;
    private const int Follows = 6;

    private static readonly string[] Followers = ["f1", "f2", "f3", "f4"];
    private static readonly string[] HubFollowers = ["h1", "h2"];

    [Fact]
    public async Task PublishAndFollowUnderLoad_KilledTwiceAtRandomPoints_EverythingStoredArrivesOnceUnderOneId()
    {
        var seed = Environment.GetEnvironmentVariable(SeedVariable) is { Length: > 0 } given
            ? int.Parse(given, CultureInfo.InvariantCulture)
            : Random.Shared.Next(1, 1_000_000);
        output.WriteLine($"crash seed: {seed} (replay with {SeedVariable}={seed})");
        var random = new Random(seed);

        await using var s = await CrashScenario.StartAsync(template, output);
        await s.RunAsync(async () =>
        {
            await s.FollowedByAsync(Writer, Followers);
            await s.FollowedByAsync(CrashScenario.Hub, HubFollowers);

            var visibilities = Enumerable.Range(0, Stories).Select(_ => random.Next(10) switch { < 6 => "public", < 8 => "unlisted", _ => "followers" }).ToList();
            var deliveries = (Stories * Followers.Length) + (visibilities.Count(v => v == "public") * HubFollowers.Length) + Follows;
            // The first kill: after the k-th answer to the API (requests still coming in) or at the k-th delivery after that.
            var firstKill = random.Next(1, Stories + Follows + deliveries + 1);
            var secondKill = random.Next(1, deliveries / 2);
            s.Note($"kill 1 at {(firstKill <= Stories + Follows ? $"API answer {firstKill}" : $"delivery {firstKill - Stories - Follows}")}; kill 2 at delivery {secondKill} of run 2");

            var killed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var answers = 0;
            if (firstKill > Stories + Follows)
            {
                var received = 0;
                killed = Forward(s.KillWhenReceivedAsync(_ => Interlocked.Increment(ref received) == firstKill - Stories - Follows, Task.CompletedTask));
            }

            async Task<(string What, HttpStatusCode? Status, JsonNode? Body)> CallAsync(string what, HttpMethod method, string path, JsonObject body)
            {
                try
                {
                    var (status, answer) = await s.ApiAsync(Writer, method, path, body);
                    return (what, status, answer);
                }
                catch (Exception e) when (e is HttpRequestException or IOException)
                {
                    return (what, null, null);   // the node died before it answered
                }
                finally
                {
                    if (Interlocked.Increment(ref answers) == firstKill)
                    {
                        _ = KillNowAsync(s, killed, $"at API answer {firstKill}");
                    }
                }
            }

            var calls = visibilities.Select((v, i) => CallAsync("story", HttpMethod.Post, "/stories", CrashScenario.Story($"Story {i}", v)))
                .Concat(Enumerable.Range(1, Follows).Select(i => CallAsync("follow", HttpMethod.Post, "/follows", new JsonObject
                {
                    // Half by handle (WebFinger first), half by actor id.
                    ["target"] = i % 2 == 0 ? s.World.Handle($"x{i}") : s.World.ActorId($"x{i}"),
                })))
                .ToList();
            var results = await Task.WhenAll(calls);
            await CrashScenario.WaitForAsync(() => killed.Task.IsCompleted || AllDelivered(s, deliveries), done => done, "the first kill point");
            if (!killed.Task.IsCompleted)
            {
                s.Note("run 1 finished everything before its kill point: killed now");
                await s.KillAsync();
            }

            await killed.Task;
            await s.StartNodeAsync();

            var secondRunStart = s.World.Received.Count;
            var received2 = 0;
            var killed2 = s.KillWhenReceivedAsync(_ => Interlocked.Increment(ref received2) == secondKill, Task.CompletedTask);
            await CrashScenario.WaitForAsync(
                async () => killed2.IsCompleted || (await s.QueueAsync() is { Pending: 0, PendingDeliveries: 0 }), done => done, "the second kill point or an empty queue");
            if (killed2.IsCompleted)
            {
                await s.KilledAsync(killed2, "the second kill");
                await s.StartNodeAsync();
            }
            else
            {
                s.Note($"run 2 had {s.World.Received.Count - secondRunStart} deliveries left, fewer than the kill point: not killed again");
                s.World.BeforeAnswer = null;
            }

            await CheckAsync(s, results);
        });
    }

    private static async Task CheckAsync(CrashScenario s, (string What, HttpStatusCode? Status, JsonNode? Body)[] results)
    {
        var posts = await s.QueryAsync(
            $"SELECT id, kind, visibility FROM post WHERE author_id IS NOT NULL AND draft = 0 AND deleted_at IS NULL",
            r => (Id: r.GetString(0), ApId: $"{s.Url}/stories/{r.GetString(0)}", Public: r.GetString(2) == "public"));
        var follows = await s.QueryAsync(
            $"SELECT remote_actor, activity_id FROM follow WHERE local_actor = '{Writer}' AND direction = 'out'",
            r => (Actor: r.GetString(0), ActivityId: r.GetString(1)));
        var followerInboxes = await s.FollowerInboxesAsync(Writer);
        var hubInboxes = await s.FollowerInboxesAsync(CrashScenario.Hub);
        s.Note(string.Create(CultureInfo.InvariantCulture,
            $"stored: {posts.Count} stories ({results.Count(r => r.What == "story" && r.Status == HttpStatusCode.Created)} answered 201), {follows.Count} follows ({results.Count(r => r.What == "follow" && r.Status == HttpStatusCode.Created)} answered 201); " +
            $"{results.Count(r => r.Status is null)} requests died with the node, {results.Count(r => r.Status == HttpStatusCode.ServiceUnavailable)} answered 503"));
        Assert.Equal(Followers.Length, followerInboxes.Count);
        Assert.Equal(HubFollowers.Length, hubInboxes.Count);

        // Nothing answered is lost, and nothing failed but by the kill.
        var storedPosts = posts.Select(p => p.Id).ToHashSet(StringComparer.Ordinal);
        var lost = results.Where(r => r.What == "story" && r.Status == HttpStatusCode.Created && !storedPosts.Contains((string)r.Body!["id"]!)).ToList();
        Assert.True(lost.Count == 0, $"stories answered 201 but not stored: {string.Join(", ", lost.Select(r => r.Body!["id"]))}");
        var storedFollows = follows.Select(f => f.Actor).ToHashSet(StringComparer.Ordinal);
        var lostFollows = results.Where(r => r.What == "follow" && r.Status == HttpStatusCode.Created && !storedFollows.Contains((string)r.Body!["actor"]!["id"]!)).ToList();
        Assert.True(lostFollows.Count == 0, $"follows answered 201 but not stored: {string.Join(", ", lostFollows.Select(r => r.Body!["actor"]!["id"]))}");
        // 503 is the node saying "busy, nothing kept, try again" (its database stayed locked too long under this load).
        var refused = results.Where(r => r.Status is { } status && status is not HttpStatusCode.Created and not HttpStatusCode.ServiceUnavailable).ToList();
        Assert.True(refused.Count == 0, $"requests refused: {string.Join("; ", refused.Select(r => $"{r.What} {(int)r.Status!}: {r.Body?.ToJsonString()}"))}");

        var expected = posts.SelectMany(p => followerInboxes.Select(inbox => new Expected(inbox, "Create", p.ApId))
                .Concat(p.Public ? hubInboxes.Select(inbox => new Expected(inbox, "Announce", p.ApId)) : []))
            .Concat(follows.Select(f => new Expected(f.Actor + "/inbox", "Follow", f.Actor)))
            .ToList();
        await s.ExpectDeliveredAsync(expected, "every stored story and follow");

        // Nothing federated that is not stored, and each Follow under the id stored with it.
        var apIds = posts.Select(p => p.ApId).ToHashSet(StringComparer.Ordinal);
        var strays = s.World.Received.Where(r => r.Type is "Create" or "Announce" && !apIds.Contains(r.ObjectId ?? "")).ToList();
        Assert.True(strays.Count == 0, $"activities for posts the node does not have:\n{string.Join('\n', strays)}");
        var followIds = follows.ToDictionary(f => f.Actor, f => f.ActivityId, StringComparer.Ordinal);
        var wrongFollows = s.World.Received.Where(r => r.Type == "Follow" && followIds.GetValueOrDefault(r.ObjectId ?? "") != r.Id).ToList();
        Assert.True(wrongFollows.Count == 0, $"Follows not under the id stored with the follow:\n{string.Join('\n', wrongFollows)}");
        s.Note(string.Create(CultureInfo.InvariantCulture,
            $"delivered: {expected.Count} activities, {s.World.Received.Count(r => r.Type != "Accept")} POSTs (repeats of in-flight ones included)"));
    }

    /// <summary>Every delivery of the plan arrived (run 1 can finish before a late kill point).</summary>
    private static bool AllDelivered(CrashScenario s, int deliveries) => s.World.Received.Count(r => r.Type != "Accept") >= deliveries;

    private static async Task KillNowAsync(CrashScenario s, TaskCompletionSource killed, string moment)
    {
        await s.KillAsync();
        s.Note($"killed run {s.Runs} {moment}");
        killed.TrySetResult();
    }

    private static TaskCompletionSource Forward(Task task)
    {
        var forwarded = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _ = task.ContinueWith(t => forwarded.TrySetResult(), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        return forwarded;
    }
}
