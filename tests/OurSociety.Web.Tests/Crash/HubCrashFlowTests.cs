using System.Net;
using System.Text.Json.Nodes;
using static OurSociety.Web.Tests.Crash.CrashTemplate;

namespace OurSociety.Web.Tests.Crash;

/// <summary>
/// The flows of linked hubs and hub submissions (issue 14; federation-specs/hub-links.md, hub-submissions.md), each
/// with the node killed with SIGKILL at the worst moment (the activity it owes another server in flight, or its work
/// committed but not run) and started again on the same data directory, as <see cref="CrashFlowTests"/> does for posts
/// and follows: what the flow owes arrives after the restart, once per inbox, with the id it had.
/// </summary>
public sealed class HubCrashFlowTests(HubCrashTemplate fixture, ITestOutputHelper output) : IClassFixture<HubCrashTemplate>
{
    private const string Public = "https://www.w3.org/ns/activitystreams#Public";

    [Fact]
    public async Task HubLinkRequest_KilledWhileTheFollowIsInFlight_ItArrivesOnceWithTheIdOfTheStoredRequest()
    {
        await using var s = await CrashScenario.StartAsync(fixture.Template, output);
        await s.RunAsync(async () =>
        {
            var riverside = s.World.AddHub("riverside");
            var ask = s.ApiExpectAsync(HttpStatusCode.Created, HubAdmin, HttpMethod.Post, "/admin/hub-links",
                new JsonObject { ["hub"] = s.World.Handle("riverside"), ["note"] = "We repair bikes by the river; shall our hubs link?", ["reshare"] = false });
            var killed = s.KillWhenReceivedAsync(r => r.Type == "Follow" && r.Inbox == s.World.InboxOf("riverside"), ask);
            Assert.Equal("requested", (string?)(await ask)!["state"]);
            await s.KilledAsync(killed, "the link request's Follow");
            await s.StartNodeAsync();

            await s.ExpectDeliveredAsync([new(s.World.InboxOf("riverside"), "Follow", riverside)], "the link request");
            var stored = await s.QueryAsync($"SELECT request_activity FROM hub_link WHERE hub_actor = '{riverside}'", r => r.GetString(0));
            var follows = s.World.Received.Where(r => r.Type == "Follow").ToList();
            Assert.Equal(stored, follows.Select(r => r.Id).Distinct().ToList());
            Assert.All(follows, f =>
            {
                Assert.True((bool?)f.Body["linkRequest"], "the Follow carries os:linkRequest");
                Assert.Equal("We repair bikes by the river; shall our hubs link?", (string?)f.Body["content"]);
            });
            Assert.Equal(stored, await s.QueryAsync(
                $"SELECT activity_id FROM follow WHERE local_actor = '{CrashScenario.Hub}' AND remote_actor = '{riverside}' AND direction = 'out'",
                r => r.GetString(0)));
        });
    }

    [Fact]
    public async Task ApprovingALinkRequest_KilledWhileTheFollowBackIsInFlight_ItArrivesOnceAndTheLinkIsMadeOnItsAccept()
    {
        await using var s = await CrashScenario.StartAsync(fixture.Template, output);
        await s.RunAsync(async () =>
        {
            var hillside = s.World.AddHub("hillside");
            var request = await RequestLinkAsync(s, "hillside");
            var approve = s.ApiExpectAsync(HttpStatusCode.OK, HubAdmin, HttpMethod.Post, $"/admin/hub-links/{(string)request["id"]!}/approve");
            var killed = s.KillWhenReceivedAsync(r => r.Type == "Follow" && r.Inbox == s.World.InboxOf("hillside"), approve);
            await approve;
            await s.KilledAsync(killed, "our hub's Follow back");
            await s.StartNodeAsync();

            await s.ExpectDeliveredAsync([new(s.World.InboxOf("hillside"), "Follow", hillside)], "the Follow back");
            var followBack = s.World.Received.Where(r => r.Type == "Follow").Select(r => r.Id).Distinct().Single();
            Assert.Equal([followBack], await s.QueryAsync(
                $"SELECT activity_id FROM follow WHERE local_actor = '{CrashScenario.Hub}' AND remote_actor = '{hillside}' AND direction = 'out'",
                r => r.GetString(0)));

            // Their hub accepts the Follow that arrived (after the restart, the node knows it by the same id): linked.
            await AcceptAsync(s, "hillside", followBack);
            await WaitForLinkAsync(s, hillside, "linked");
        });
    }

    [Fact]
    public async Task ApprovingASubmission_KilledWhileTheAnnounceIsInFlight_EachFollowerAndTheAuthorGetItOnce_BothFormsToLemmy()
    {
        await using var s = await CrashScenario.StartAsync(fixture.Template, output);
        // The fake says it runs Lemmy, so its followers get FEP-1b12's wrapped Announce{Create} too: both must arrive once.
        s.World.Software = "lemmy";
        await s.RunAsync(async () =>
        {
            await s.FollowedByAsync(CrashScenario.Hub, "subfan1", "subfan2");
            var (noteId, createId) = await SubmitAsync(s, "poster", "poster-note");
            var submission = await WaitingSubmissionAsync(s, noteId);

            var approve = s.ApiExpectAsync(HttpStatusCode.OK, HubAdmin, HttpMethod.Post, $"/admin/hub-submissions/{submission}/approve");
            var killed = s.KillWhenReceivedAsync(r => r.Type == "Announce", approve);
            await approve;
            await s.KilledAsync(killed, "the hub's Announce of the submission");
            await s.StartNodeAsync();

            await s.ExpectDeliveredAsync(
                [new(s.World.InboxOf("subfan1"), "Announce", noteId), new(s.World.InboxOf("subfan2"), "Announce", noteId),
                 new(s.World.InboxOf("poster"), "Announce", noteId),
                 new(s.World.InboxOf("subfan1"), "Announce", createId), new(s.World.InboxOf("subfan2"), "Announce", createId)],
                "the submission's Announces");
            // The author is told with the plain form only; nobody gets a third form or a second id.
            Assert.DoesNotContain(s.World.Received, r => r.Inbox == s.World.InboxOf("poster") && r.Type == "Announce" && r.ObjectId == createId);
            Assert.Equal(2, s.World.Received.Where(r => r.Type == "Announce").Select(r => r.Id).Distinct().Count());
            Assert.Equal(1, await s.CountAsync($"SELECT COUNT(*) FROM post WHERE ap_id = '{noteId}'"));   // stored once: the hub's page shows it
        });
    }

    [Fact]
    public async Task ApprovingASubmission_KilledAfterTheCommitBeforeItsWorkRan_TheRestartAnnouncesIt()
    {
        await using var s = await CrashScenario.StartAsync(fixture.Template, output);
        await s.RunAsync(async () =>
        {
            await s.FollowedByAsync(CrashScenario.Hub, "early");
            var (noteId, _) = await SubmitAsync(s, "sender", "sender-note");
            var submission = await WaitingSubmissionAsync(s, noteId);
            await s.KillAsync();
            // A run that takes no work at all: what approving commits can only be done by the next run.
            await s.StartNodeAsync(new Dictionary<string, string> { ["OurSociety__Workers__RunInBackground"] = "false" });

            await s.ApiExpectAsync(HttpStatusCode.OK, HubAdmin, HttpMethod.Post, $"/admin/hub-submissions/{submission}/approve");
            await s.KillAsync();
            var committed = await s.QueryAsync("SELECT kind FROM work_item WHERE state = 'pending'", r => r.GetString(0));
            Assert.True(committed.Contains("hubsubmission.announce"), $"the approval's work was not committed with it: {string.Join(", ", committed)}");
            Assert.Equal(["approved"], await s.QueryAsync($"SELECT state FROM hub_submission WHERE ap_id = '{noteId}'", r => r.GetString(0)));
            await s.StartNodeAsync();

            await s.ExpectDeliveredAsync(
                [new(s.World.InboxOf("early"), "Announce", noteId), new(s.World.InboxOf("sender"), "Announce", noteId)], "the submission's Announce");
            Assert.Single(s.World.Received.Where(r => r.Type == "Announce").Select(r => r.Id).Distinct());   // no NodeInfo: the plain form only
        });
    }

    [Fact]
    public async Task ApprovingASubmission_KilledMidItemWhileItReadsNodeInfo_TheItemRunsAgainAndStoresAndAnnouncesOnce()
    {
        await using var s = await CrashScenario.StartAsync(fixture.Template, output);
        s.World.Software = "lemmy";
        await s.RunAsync(async () =>
        {
            await s.FollowedByAsync(CrashScenario.Hub, "midfan");
            var (noteId, createId) = await SubmitAsync(s, "midposter", "midposter-note");
            var submission = await WaitingSubmissionAsync(s, noteId);

            // The announce item reads the followers' NodeInfo before it commits anything: killed there, holding its lease.
            var approve = s.ApiExpectAsync(HttpStatusCode.OK, HubAdmin, HttpMethod.Post, $"/admin/hub-submissions/{submission}/approve");
            var killed = s.KillWhenNodeInfoFetchedAsync(approve);
            await approve;
            await s.KilledAsync(killed, "the announce item's NodeInfo fetch");
            var leased = await s.QueryAsync("SELECT kind FROM work_item WHERE lease_owner IS NOT NULL", r => r.GetString(0));
            Assert.True(leased.Contains("hubsubmission.announce"), $"the item was not held when the node died: leased {string.Join(", ", leased)}");
            Assert.DoesNotContain(s.World.Received, r => r.Type == "Announce");
            await s.StartNodeAsync();

            await s.ExpectDeliveredAsync(
                [new(s.World.InboxOf("midfan"), "Announce", noteId), new(s.World.InboxOf("midposter"), "Announce", noteId),
                 new(s.World.InboxOf("midfan"), "Announce", createId)],
                "the submission's Announces");
            Assert.Equal(1, await s.CountAsync($"SELECT COUNT(*) FROM post WHERE ap_id = '{noteId}'"));
            Assert.Equal(2, await s.CountAsync($"SELECT COUNT(*) FROM outbox_activity WHERE type = 'Announce'"));
        });
    }

    [Fact]
    public async Task Reshare_KilledWhileOurHubsAnnounceIsInFlight_EachFollowerGetsItOnce()
    {
        await using var s = await CrashScenario.StartAsync(fixture.Template, output);
        await s.RunAsync(async () =>
        {
            var meadow = s.World.AddHub("meadow");
            // We ask, with reshare on; their hub accepts our Follow and follows ours back: linked.
            await s.ApiExpectAsync(HttpStatusCode.Created, HubAdmin, HttpMethod.Post, "/admin/hub-links",
                new JsonObject { ["hub"] = meadow, ["note"] = "", ["reshare"] = true });
            var ours = (await CrashScenario.WaitForAsync(
                () => s.World.Received.Where(r => r.Type == "Follow" && r.Inbox == s.World.InboxOf("meadow")).ToList(),
                f => f.Count == 1, "our hub's link request")).Single();
            await AcceptAsync(s, "meadow", ours.Id);
            await s.FollowedByAsync(CrashScenario.Hub, "meadow", "resharefan");
            await WaitForLinkAsync(s, meadow, "linked");

            // Their member's story, posted to their hub (audience), boosted by their hub to its followers: our hub.
            var story = s.World.AddNote("meadow-story", url => new JsonObject
            {
                ["@context"] = "https://www.w3.org/ns/activitystreams",
                ["id"] = url,
                ["type"] = "Article",
                ["attributedTo"] = s.World.ActorId("mel"),
                ["name"] = "Our meadow's first hay day",
                ["content"] = "<p>Twelve of us and two scythes.</p>",
                ["published"] = "2026-11-28T12:00:00Z",
                ["to"] = new JsonArray(Public),
                ["cc"] = new JsonArray($"{meadow}/followers"),
                ["audience"] = meadow,
            });
            var killed = s.KillWhenReceivedAsync(r => r.Type == "Announce" && r.Actor == s.ActorOf(CrashScenario.Hub), Task.CompletedTask);
            await SendAsync(s, "meadow", s.InboxOf(CrashScenario.Hub), new JsonObject
            {
                ["id"] = $"{meadow}/announces/hay-day",
                ["type"] = "Announce",
                ["actor"] = meadow,
                ["object"] = story,
                ["to"] = new JsonArray(Public),
                ["cc"] = new JsonArray($"{meadow}/followers"),
                ["published"] = "2026-11-28T12:01:00Z",
            });
            await s.KilledAsync(killed, "our hub's reshare");
            await s.StartNodeAsync();

            await s.ExpectDeliveredAsync([new(s.World.InboxOf("resharefan"), "Announce", story)], "the reshare");
            Assert.Single(s.World.Received.Where(r => r.Type == "Announce").Select(r => r.Id).Distinct());
            Assert.DoesNotContain(s.World.Received, r => r.Type == "Announce" && r.Inbox == s.World.InboxOf("meadow"));   // it has its own post
            Assert.Equal(1, await s.CountAsync($"SELECT COUNT(*) FROM outbox_activity WHERE type = 'Announce' AND object_id = '{story}'"));
        });
    }

    /// <summary>The fake hub <paramref name="name"/> asks ours to link (a signed Follow with linkRequest); returns the request as the API lists it.</summary>
    private static async Task<JsonNode> RequestLinkAsync(CrashScenario s, string name)
    {
        var followId = $"{s.World.ActorId(name)}/follows/link";
        await SendAsync(s, name, s.InboxOf(CrashScenario.Hub), new JsonObject
        {
            ["@context"] = new JsonArray("https://www.w3.org/ns/activitystreams",
                new JsonObject { ["os"] = "https://w3id.org/oursociety/ns#", ["linkRequest"] = "os:linkRequest" }),
            ["id"] = followId,
            ["type"] = "Follow",
            ["actor"] = s.World.ActorId(name),
            ["object"] = s.ActorOf(CrashScenario.Hub),
            ["content"] = "Shall our hubs link?",
            ["linkRequest"] = true,
        });
        await CrashScenario.WaitForAsync(() => s.World.Received.Count(r => r.Type == "Accept" && r.ObjectId == followId), n => n == 1, $"the Accept of {name}'s Follow");
        return (await CrashScenario.WaitForAsync(
            async () => (await s.ApiAsync(HubAdmin, HttpMethod.Get, "/admin/hub-links?state=awaiting-our-approval")).Body?["items"]?.AsArray() ?? [],
            items => items.Count == 1, $"{name}'s link request to wait for our admins")).Single()!;
    }

    /// <summary>The fake hub <paramref name="name"/> accepts our hub's Follow <paramref name="followId"/>.</summary>
    private static Task AcceptAsync(CrashScenario s, string name, string followId) =>
        SendAsync(s, name, s.InboxOf(CrashScenario.Hub), new JsonObject
        {
            ["id"] = $"{s.World.ActorId(name)}/accepts/{Uri.EscapeDataString(followId)}",
            ["type"] = "Accept",
            ["actor"] = s.World.ActorId(name),
            ["object"] = new JsonObject { ["id"] = followId, ["type"] = "Follow", ["actor"] = s.ActorOf(CrashScenario.Hub), ["object"] = s.World.ActorId(name) },
        });

    private static async Task WaitForLinkAsync(CrashScenario s, string hub, string state) => await CrashScenario.WaitForAsync(
        async () => ((await s.ApiAsync(HubAdmin, HttpMethod.Get, "/admin/hub-links")).Body?["items"]?.AsArray() ?? [])
            .Where(i => (string?)i!["hub"] == hub)
            .Select(i => (string?)i!["state"]).ToList(),
        states => states.SequenceEqual([state]), $"the link with {hub} to be {state}");

    /// <summary>
    /// <paramref name="author"/> posts a public note to our hub (its actor in <c>cc</c>, as Mastodon addresses a mention),
    /// a signed Create to the hub's inbox; returns the note's and the Create's ids.
    /// </summary>
    private static async Task<(string Note, string Create)> SubmitAsync(CrashScenario s, string author, string id)
    {
        var noteId = s.World.AddNote(id, url => new JsonObject
        {
            ["@context"] = "https://www.w3.org/ns/activitystreams",
            ["id"] = url,
            ["type"] = "Note",
            ["attributedTo"] = s.World.ActorId(author),
            ["content"] = "<p>Our street fixed forty bikes on Saturday. @hub</p>",
            ["published"] = "2026-11-28T12:00:00Z",
            ["to"] = new JsonArray(Public),
            ["cc"] = new JsonArray(s.ActorOf(CrashScenario.Hub)),
            ["tag"] = new JsonArray(new JsonObject { ["type"] = "Mention", ["href"] = s.ActorOf(CrashScenario.Hub), ["name"] = "@hub" }),
        });
        var createId = noteId + "/activity";
        await SendAsync(s, author, s.InboxOf(CrashScenario.Hub), new JsonObject
        {
            ["id"] = createId,
            ["type"] = "Create",
            ["actor"] = s.World.ActorId(author),
            ["to"] = new JsonArray(Public),
            ["cc"] = new JsonArray(s.ActorOf(CrashScenario.Hub)),
            ["object"] = (JsonObject)(await NoteAsync(s, noteId)).DeepClone(),
        });
        return (noteId, createId);
    }

    private static async Task<JsonObject> NoteAsync(CrashScenario s, string url)
    {
        using var response = await s.Http.GetAsync(url, TestContext.Current.CancellationToken);
        var note = (JsonObject)JsonNode.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken))!;
        note.Remove("@context");
        return note;
    }

    /// <summary>Waits until the submission of <paramref name="noteId"/> waits in the queue; returns its id.</summary>
    private static async Task<string> WaitingSubmissionAsync(CrashScenario s, string noteId)
    {
        var items = await CrashScenario.WaitForAsync(
            async () => ((await s.ApiAsync(HubAdmin, HttpMethod.Get, "/admin/hub-submissions?state=waiting")).Body?["items"]?.AsArray() ?? [])
                .Select(i => i!.AsObject()).ToList(),
            items => items.Count == 1, "the submission to wait for the moderators");
        var ids = await s.QueryAsync($"SELECT id FROM hub_submission WHERE ap_id = '{noteId}'", r => r.GetString(0));
        Assert.Equal(ids, [(string)items[0]["id"]!]);
        return ids.Single();
    }

    private static async Task SendAsync(CrashScenario s, string signer, string inbox, JsonObject activity)
    {
        using var sent = await s.World.SendAsync(s.Http, inbox, signer, activity, TestContext.Current.CancellationToken);
        Assert.True(sent.StatusCode == HttpStatusCode.Accepted, $"{activity["type"]} from {signer} answered {(int)sent.StatusCode}: {await sent.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)}");
    }
}
