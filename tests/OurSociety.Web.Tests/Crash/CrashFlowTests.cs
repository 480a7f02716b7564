using System.Net;
using System.Text.Json.Nodes;
using static OurSociety.Web.Tests.Crash.CrashTemplate;

namespace OurSociety.Web.Tests.Crash;

/// <summary>
/// Each flow that tells other servers something, with the node (the real program, its own process) killed with
/// SIGKILL at the worst moment it can be pinned to — its activity in flight to the receiver, a work item half done,
/// or its work committed but not yet run — and started again on the same data directory: what the flow owes other
/// servers arrives after the restart, with the activity ids it had (a receiver drops the repeat), and nothing twice
/// under two ids.
/// </summary>
public sealed class CrashFlowTests(CrashTemplate template, ITestOutputHelper output) : IClassFixture<CrashTemplate>
{
    [Fact]
    public async Task Publish_KilledWhileTheCreateIsInFlight_EveryFollowerAndHubFollowerGetsItOnce()
    {
        await using var s = await CrashScenario.StartAsync(template, output);
        await s.RunAsync(async () =>
        {
            await s.FollowedByAsync(Writer, "pub1", "pub2", "pub3");
            await s.FollowedByAsync(CrashScenario.Hub, "pubhub");

            var publish = s.ApiExpectAsync(HttpStatusCode.Created, Writer, HttpMethod.Post, "/stories", CrashScenario.Story("The river clean-up"));
            var killed = s.KillWhenReceivedAsync(r => r.Type is "Create" or "Announce", publish);
            var story = (await publish)!;
            await s.KilledAsync(killed, "a Create or Announce of the story");
            await s.StartNodeAsync();

            var apId = (string)story["apId"]!;
            await s.ExpectDeliveredAsync(
                [.. new[] { "pub1", "pub2", "pub3" }.Select(f => new Expected(s.World.InboxOf(f), "Create", apId)),
                 new Expected(s.World.InboxOf("pubhub"), "Announce", apId)],
                "the story");
        });
    }

    [Fact]
    public async Task Publish_KilledAfterTheCommitBeforeItsWorkRan_TheRestartSendsIt()
    {
        await using var s = await CrashScenario.StartAsync(template, output);
        await s.RunAsync(async () =>
        {
            await s.FollowedByAsync(Writer, "early1", "early2");
            await s.KillAsync();
            // A run that takes no work at all: whatever publishing commits can only be done by the next run.
            await s.StartNodeAsync(new Dictionary<string, string> { ["OurSociety__Workers__RunInBackground"] = "false" });

            var story = (await s.ApiExpectAsync(HttpStatusCode.Created, Writer, HttpMethod.Post, "/stories", CrashScenario.Story("Seed swap", "followers")))!;
            await s.KillAsync();
            var committed = await s.QueryAsync("SELECT kind FROM work_item", r => r.GetString(0));
            Assert.True(committed.Contains("post.published"), $"the story's work was not committed with it: {string.Join(", ", committed)}");
            await s.StartNodeAsync();

            var apId = (string)story["apId"]!;
            await s.ExpectDeliveredAsync([new(s.World.InboxOf("early1"), "Create", apId), new(s.World.InboxOf("early2"), "Create", apId)], "the story");
            Assert.DoesNotContain(s.World.Received, r => r.Type == "Announce");   // followers only: the hub does not boost it
        });
    }

    [Fact]
    public async Task Reply_ToARemoteStory_KilledWhileTheCreateIsInFlight_TheAuthorAndFollowersGetItOnce()
    {
        await using var s = await CrashScenario.StartAsync(template, output);
        await s.RunAsync(async () =>
        {
            await s.FollowedByAsync(Writer, "alice", "rep1");
            // Alice's story names the writer, so the node keeps it (the real path: a signed Create to the writer's inbox).
            var storyId = $"{s.World.Origin}/notes/alice-story";
            using (var sent = await s.World.SendAsync(s.Http, s.InboxOf(Writer), "alice", new JsonObject
            {
                ["id"] = storyId + "/activity",
                ["type"] = "Create",
                ["actor"] = s.World.ActorId("alice"),
                ["to"] = new JsonArray("https://www.w3.org/ns/activitystreams#Public"),
                ["object"] = new JsonObject
                {
                    ["id"] = storyId,
                    ["type"] = "Article",
                    ["attributedTo"] = s.World.ActorId("alice"),
                    ["name"] = "Our street's repair café",
                    ["content"] = "<p>How we started it, @writer.</p>",
                    ["published"] = "2026-11-28T12:00:00Z",
                    ["to"] = new JsonArray("https://www.w3.org/ns/activitystreams#Public"),
                    ["cc"] = new JsonArray(s.ActorOf(Writer)),
                    ["tag"] = new JsonArray(new JsonObject { ["type"] = "Mention", ["href"] = s.ActorOf(Writer), ["name"] = $"@{Writer}" }),
                },
            }, TestContext.Current.CancellationToken))
            {
                Assert.Equal(HttpStatusCode.Accepted, sent.StatusCode);
            }

            var local = (await CrashScenario.WaitForAsync(
                () => s.QueryAsync($"SELECT id FROM post WHERE ap_id = '{storyId}'", r => r.GetString(0)),
                ids => ids.Count == 1, "alice's story to be stored")).Single();

            var reply = s.ApiExpectAsync(HttpStatusCode.Created, Writer, HttpMethod.Post, $"/stories/{local}/replies", new JsonObject { ["body"] = "We should do this here too." });
            var killed = s.KillWhenReceivedAsync(r => r.Type == "Create" && r.Actor == s.ActorOf(Writer), reply);
            var answer = (await reply)!;
            await s.KilledAsync(killed, "the reply's Create");
            await s.StartNodeAsync();

            var apId = (string)answer["apId"]!;
            await s.ExpectDeliveredAsync([new(s.World.InboxOf("alice"), "Create", apId), new(s.World.InboxOf("rep1"), "Create", apId)], "the reply");
            var create = s.World.Received.First(r => r.Type == "Create" && r.ObjectId == apId);
            Assert.Equal(storyId, (string?)create.Body["object"]!["inReplyTo"]);
        });
    }

    [Fact]
    public async Task Follow_KilledWhileTheFollowIsInFlight_ItArrivesWithTheIdOfTheStoredFollow()
    {
        await using var s = await CrashScenario.StartAsync(template, output);
        await s.RunAsync(async () =>
        {
            var carol = s.World.ActorId("carol");
            // Found through WebFinger, as a person types it.
            var follow = s.ApiExpectAsync(HttpStatusCode.Created, Writer, HttpMethod.Post, "/follows", new JsonObject { ["target"] = s.World.Handle("carol") });
            var killed = s.KillWhenReceivedAsync(r => r.Type == "Follow" && r.Inbox == s.World.InboxOf("carol"), follow);
            Assert.Equal("pending", (string?)(await follow)!["state"]);
            await s.KilledAsync(killed, "the Follow");
            await s.StartNodeAsync();

            await s.ExpectDeliveredAsync([new(s.World.InboxOf("carol"), "Follow", carol)], "the Follow");
            var stored = await s.QueryAsync(
                $"SELECT activity_id FROM follow WHERE local_actor = '{Writer}' AND remote_actor = '{carol}' AND direction = 'out'", r => r.GetString(0));
            Assert.Equal(stored, s.World.Received.Where(r => r.Type == "Follow").Select(r => r.Id).Distinct().ToList());
        });
    }

    [Fact]
    public async Task Accept_OfALockedMember_KilledWhileTheAcceptIsInFlight_ItArrivesOnceAndTheFollowerStays()
    {
        await using var s = await CrashScenario.StartAsync(template, output);
        await s.RunAsync(async () =>
        {
            await s.ApiExpectAsync(HttpStatusCode.OK, Lockie, HttpMethod.Patch, "/me", new JsonObject { ["manuallyApprovesFollowers"] = true });
            var followId = $"{s.World.ActorId("dave")}/follows/1";
            using (var sent = await s.World.SendAsync(s.Http, s.InboxOf(Lockie), "dave", new JsonObject
            {
                ["id"] = followId,
                ["type"] = "Follow",
                ["actor"] = s.World.ActorId("dave"),
                ["object"] = s.ActorOf(Lockie),
            }, TestContext.Current.CancellationToken))
            {
                Assert.Equal(HttpStatusCode.Accepted, sent.StatusCode);
            }

            var request = (await CrashScenario.WaitForAsync(
                async () => (await s.ApiAsync(Lockie, HttpMethod.Get, "/follow-requests")).Body?["items"]?.AsArray() ?? [],
                items => items.Count == 1, "dave's follow request to wait for approval")).Single()!;
            Assert.DoesNotContain(s.World.Received, r => r.Type == "Accept");   // locked: nothing until the member says so

            var accept = s.ApiExpectAsync(HttpStatusCode.OK, Lockie, HttpMethod.Post, $"/follow-requests/{(string)request["id"]!}/accept");
            var killed = s.KillWhenReceivedAsync(r => r.Type == "Accept", accept);
            await accept;
            await s.KilledAsync(killed, "the Accept");
            await s.StartNodeAsync();

            await s.ExpectDeliveredAsync([new(s.World.InboxOf("dave"), "Accept", followId)], "the Accept");
            var followers = (await s.ApiExpectAsync(HttpStatusCode.OK, Lockie, HttpMethod.Get, "/followers"))!["items"]!.AsArray();
            Assert.Equal(new[] { s.World.ActorId("dave") }, followers.Select(f => (string?)f!["actor"]!["id"]));
        });
    }

    [Fact]
    public async Task Block_KilledWhileTheBlockIsInFlight_ItArrivesOnceAndTheFollowsBothWaysAreGone()
    {
        await using var s = await CrashScenario.StartAsync(template, output);
        await s.RunAsync(async () =>
        {
            var erin = s.World.ActorId("erin");
            await s.FollowedByAsync(Writer, "erin");
            await s.ApiExpectAsync(HttpStatusCode.Created, Writer, HttpMethod.Post, "/follows", new JsonObject { ["target"] = erin });
            await CrashScenario.WaitForAsync(() => s.World.Received.Count(r => r.Type == "Follow"), n => n == 1, "the writer's Follow of erin");

            var block = s.ApiExpectAsync(HttpStatusCode.Created, Writer, HttpMethod.Post, "/blocks", new JsonObject { ["target"] = erin });
            var killed = s.KillWhenReceivedAsync(r => r.Type == "Block", block);
            await block;
            await s.KilledAsync(killed, "the Block");
            await s.StartNodeAsync();

            await s.ExpectDeliveredAsync([new(s.World.InboxOf("erin"), "Block", erin)], "the Block");
            Assert.Equal(0, await s.CountAsync($"SELECT COUNT(*) FROM follow WHERE local_actor = '{Writer}' AND remote_actor = '{erin}'"));
            Assert.Empty((await s.ApiExpectAsync(HttpStatusCode.OK, Writer, HttpMethod.Get, "/followers"))!["items"]!.AsArray());
            Assert.Empty((await s.ApiExpectAsync(HttpStatusCode.OK, Writer, HttpMethod.Get, "/following"))!["items"]!.AsArray());
        });
    }

    [Fact]
    public async Task ProfileUpdate_KilledWhileTheUpdateIsInFlight_EveryFollowerGetsTheNewNameOnce()
    {
        await using var s = await CrashScenario.StartAsync(template, output);
        await s.RunAsync(async () =>
        {
            string[] followers = ["prof1", "prof2", "prof3"];
            await s.FollowedByAsync(Writer, followers);

            var update = s.ApiExpectAsync(HttpStatusCode.OK, Writer, HttpMethod.Patch, "/me", new JsonObject { ["displayName"] = "Wren the Writer" });
            var killed = s.KillWhenReceivedAsync(r => r.Type == "Update", update);
            await update;
            await s.KilledAsync(killed, "an Update of the Person");
            await s.StartNodeAsync();

            await s.ExpectDeliveredAsync([.. followers.Select(f => new Expected(s.World.InboxOf(f), "Update", s.ActorOf(Writer)))], "the Update");
            Assert.All(s.World.Received.Where(r => r.Type == "Update"), r => Assert.Equal("Wren the Writer", (string?)r.Body["object"]!["name"]));
        });
    }

    [Fact]
    public async Task WorkItem_KilledMidItem_RunsAgainAfterTheRestartAndIsDoneOnce()
    {
        await using var s = await CrashScenario.StartAsync(template, output);
        await s.RunAsync(async () =>
        {
            await s.FollowedByAsync(Writer, "learner");
            var source = s.World.AddNote("sam-story", url => new JsonObject
            {
                ["@context"] = "https://www.w3.org/ns/activitystreams",
                ["id"] = url,
                ["type"] = "Article",
                ["attributedTo"] = s.World.ActorId("sam"),
                ["name"] = "How Sam's street shares tools",
                ["content"] = "<p>A shed, a list and a key.</p>",
                ["published"] = "2026-11-20T12:00:00Z",
                ["to"] = new JsonArray("https://www.w3.org/ns/activitystreams#Public"),
            });

            // Publishing a lesson with a source makes a work item that fetches the source (here, from the fake): the
            // node is killed while that item waits for the answer, its lease held.
            var lesson = s.ApiExpectAsync(HttpStatusCode.Created, Writer, HttpMethod.Post, "/lessons", new JsonObject
            {
                ["title"] = "Share tools through one shed",
                ["learned"] = "A list by the door keeps everything coming back.",
                ["sources"] = new JsonArray(source),
            });
            var killed = s.KillWhenNoteFetchedAsync(lesson);
            var answer = (await lesson)!;
            await s.KilledAsync(killed, "the fetch of the lesson's source");
            var leased = await s.QueryAsync("SELECT kind FROM work_item WHERE lease_owner IS NOT NULL", r => r.GetString(0));
            Assert.True(leased.Contains("post.resolve-links"), $"the item was not held when the node died: leased {string.Join(", ", leased)}");

            await s.StartNodeAsync();
            var apId = (string)answer["apId"]!;
            await s.ExpectDeliveredAsync([new(s.World.InboxOf("learner"), "Create", apId)], "the lesson");
            Assert.Equal(1, await s.CountAsync($"SELECT COUNT(*) FROM post WHERE ap_id = '{source}'"));
            Assert.Single(s.World.NoteFetches, f => f.Run == 2);   // run again once, and done: nothing left to run
            Assert.Contains(s.Log, l => l.Contains("The last run stopped part-way through 1 background work items", StringComparison.Ordinal));
        });
    }
}
