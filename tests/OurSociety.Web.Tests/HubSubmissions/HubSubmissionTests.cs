using System.Net;
using System.Text.Json.Nodes;
using OurSociety.Core;
using OurSociety.Core.Federation;
using OurSociety.Core.Hubs;
using OurSociety.Core.Members;
using OurSociety.Core.Moderation;
using OurSociety.Core.Notifications;
using OurSociety.Core.Paging;
using OurSociety.Core.Posts;
using OurSociety.Core.Setup;
using OurSociety.Testing;
using OurSociety.Web.Tests.Api;
using OurSociety.Web.Tests.Federation.Posts;

namespace OurSociety.Web.Tests.HubSubmissions;

/// <summary>
/// A hub people can post to (issue 14, FEP-1b12): accounts on fake remote servers (one of them says in its NodeInfo
/// that it runs Lemmy) follow hub A and post to it. A public post that mentions the hub waits in A's queue until a
/// moderator answers; approved, the hub announces it (the wrapped Announce{Create} only to the Lemmy host) and shows it;
/// declined, nothing is sent or shown. Direct and followers-only posts are never submissions; blocked, limited and
/// suspended accounts and domains are refused; "followers may post directly" skips the queue.
/// </summary>
public sealed class HubSubmissionTests : IAsyncLifetime
{
    private const string Hub = "http://a.test/users/hub";
    private const string Public = "https://www.w3.org/ns/activitystreams#Public";
    private const string Api = ApiTestKit.Prefix + "/admin/hub-submissions";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private readonly FederationNetwork _network = new();
    private readonly FakeRemoteServer _remote = new("http://remote.test");
    private readonly FakeRemoteServer _lemmy = new("http://lemmy.test") { NodeInfoSoftware = "lemmy" };
    private NodeFactory _a = null!;
    private ApiUser _moderator = null!;

    public async ValueTask InitializeAsync()
    {
        _a = _network.AddNode("http://a.test");
        _network.Serve("remote.test", _remote);
        _network.Serve("lemmy.test", _lemmy);
        foreach (var name in new[] { "kim", "lee", "ned" })
        {
            _remote.AddActor(name);
        }

        _lemmy.AddActor("lem");
        _moderator = await _a.ApiUserAsync("desk_mod", Role.Moderator, Role.Member);
    }

    public async ValueTask DisposeAsync()
    {
        _moderator.Dispose();
        await _network.DisposeAsync();
        _remote.Dispose();
        _lemmy.Dispose();
    }

    [Fact]
    public async Task PublicPostToTheHub_Waits_ThenApproved_IsAnnouncedToFollowersAndAuthor_WrappedOnlyForLemmy_AndShown()
    {
        await FollowHubAsync(_remote, "kim");
        await FollowHubAsync(_lemmy, "lem");
        var note = await SubmitAsync(_remote, "lee", "Bulb swap at the allotments");

        // Waiting: kept apart, on no list and on no page.
        var waiting = Assert.Single(await ItemsAsync("waiting"));
        Assert.Equal(note, (string?)waiting["apId"]);
        Assert.Equal(_remote.ActorId("lee"), (string?)waiting["author"]!["id"]);
        Assert.Contains("Bulb swap", (string?)waiting["summary"], StringComparison.Ordinal);
        Assert.Null(waiting["postId"]?.GetValue<string?>());
        Assert.Null(await _a.Service<IPostStore>().FindByApIdAsync(note, Ct));
        using var visitor = _a.CreateClient();
        Assert.DoesNotContain("Bulb swap", await visitor.GetStringAsync("/@hub", Ct), StringComparison.Ordinal);
        _remote.Received.Clear();
        _lemmy.Received.Clear();

        var id = (string)waiting["id"]!;
        var approved = await (await _moderator.Client.PostAsync($"{Api}/{id}/approve", null, Ct)).JsonAsync(HttpStatusCode.OK);
        Assert.Equal("approved", approved.GetProperty("state").GetString());
        await (await _moderator.Client.PostAsync($"{Api}/{id}/approve", null, Ct)).ProblemAsync(HttpStatusCode.Conflict);
        await (await _moderator.Client.PostAsync($"{Api}/{id}/decline", null, Ct)).ProblemAsync(HttpStatusCode.Conflict);
        await _network.DrainAsync();

        // Mastodon's form to every follower's server and the author's (one shared inbox here), public, cc followers and author.
        var plain = Assert.Single(_remote.Received, a => (string?)a["type"] == "Announce");
        Assert.Equal((Hub, note), ((string?)plain["actor"], (string?)plain["object"]));
        Assert.Contains(Public, plain["to"]!.AsArray().Select(n => (string?)n));
        Assert.Equal([Hub + "/followers", _remote.ActorId("lee")], plain["cc"]!.AsArray().Select(n => (string?)n));
        // The Lemmy host gets both: the plain form and FEP-1b12's wrapped Create, as received.
        var toLemmy = _lemmy.Received.Where(a => (string?)a["type"] == "Announce").ToList();
        Assert.Equal(2, toLemmy.Count);
        Assert.Contains(toLemmy, a => (string?)a["object"] == note);
        var wrapped = Assert.Single(toLemmy, a => a["object"] is JsonObject);
        Assert.Equal(("Create", note), ((string?)wrapped["object"]!["type"], (string?)wrapped["object"]!["object"]!["id"]));
        Assert.Equal(2, _lemmy.NodeInfoRequests);   // the index and the 2.1 document it links, once (then kept a week)
        Assert.Equal(0, _remote.NodeInfoRequests);

        // Stored and on the hub's page now; the moderators' log has it.
        var post = await _a.Service<IPostStore>().FindByApIdAsync(note, Ct);
        Assert.NotNull(post);
        Assert.Contains("Bulb swap", await visitor.GetStringAsync("/@hub", Ct), StringComparison.Ordinal);
        var listed = Assert.Single(await ItemsAsync("approved"));
        Assert.Equal(post.Id.ToString("D"), (string?)listed["postId"]);
        var log = await _a.Service<IModerationLogStore>().ListAsync(Cursor.Start, 10, Ct);
        Assert.Contains(log.Items, e => e.Action == ModerationActions.ApproveSubmission && e.Target == note && e.ModeratorName == "desk_mod");
    }

    [Fact]
    public async Task Declined_AnnouncesNothing_AndShowsNothing()
    {
        await FollowHubAsync(_remote, "kim");
        var note = await SubmitAsync(_remote, "lee", "Buy my pills");
        var id = (string)Assert.Single(await ItemsAsync("waiting"))["id"]!;
        _remote.Received.Clear();

        var declined = await (await _moderator.Client.PostAsync($"{Api}/{id}/decline", null, Ct)).JsonAsync(HttpStatusCode.OK);
        Assert.Equal("declined", declined.GetProperty("state").GetString());
        await _network.DrainAsync();

        Assert.Empty(_remote.Received);
        Assert.Null(await _a.Service<IPostStore>().FindByApIdAsync(note, Ct));
        Assert.Single(await ItemsAsync("declined"));
        Assert.Empty(await ItemsAsync("waiting"));
        await (await _moderator.Client.PostAsync($"{Api}/{id}/approve", null, Ct)).ProblemAsync(HttpStatusCode.Conflict);
        var log = await _a.Service<IModerationLogStore>().ListAsync(Cursor.Start, 10, Ct);
        Assert.Contains(log.Items, e => e.Action == ModerationActions.DeclineSubmission && e.Target == note);
    }

    [Fact]
    public async Task AWaitingPostItsAuthorDeletes_LeavesTheQueue_AndCannotBeApproved()
    {
        var note = await SubmitAsync(_remote, "lee", "Changed my mind");
        var id = (string)Assert.Single(await ItemsAsync("waiting"))["id"]!;
        using var response = await SendAsync(_remote, "lee", new JsonObject
        {
            ["@context"] = "https://www.w3.org/ns/activitystreams",
            ["id"] = note + "/delete",
            ["type"] = "Delete",
            ["actor"] = _remote.ActorId("lee"),
            ["object"] = new JsonObject { ["id"] = note, ["type"] = "Tombstone" },
        });
        await _network.DrainAsync();

        Assert.Empty(await ItemsAsync("waiting"));
        await (await _moderator.Client.PostAsync($"{Api}/{id}/approve", null, Ct)).ProblemAsync(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task ASuspendedAuthorsPost_LeavesTheQueue_AndCannotBeApproved()
    {
        await SubmitAsync(_remote, "lee", "Cheap watches");
        var id = (string)Assert.Single(await ItemsAsync("waiting"))["id"]!;

        Assert.IsType<Outcome<ModerationEntry>.Ok>(await _a.Service<IAccountModeration>().ApplyAsync(
            new AccountActionRequest(null, _remote.ActorId("lee"), AccountAction.Suspend, "Spam"), Ct));
        await _network.DrainAsync();

        // Removed, not declined: the purge keeps nothing of the account, and no moderator declined it.
        Assert.Empty(await ItemsAsync("waiting"));
        Assert.Empty(await ItemsAsync("declined"));
        await (await _moderator.Client.PostAsync($"{Api}/{id}/approve", null, Ct)).ProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task ASuspendedDomainsPost_LeavesTheQueue_AndCannotBeApproved()
    {
        await SubmitAsync(_remote, "lee", "Cheap watches");
        var kept = await SubmitAsync(_lemmy, "lem", "Bike repair night");
        var id = (string)Assert.Single(await ItemsAsync("waiting"), i => (string?)i["apId"] != kept)["id"]!;

        Assert.IsType<Outcome<DomainBlockSaved>.Ok>(await _a.Service<DomainBlockService>().BlockAsync(new DomainBlockInput("remote.test", "suspend"), ModeratorRef.Node, Ct));
        await _network.DrainAsync();

        Assert.Equal(kept, (string?)Assert.Single(await ItemsAsync("waiting"))["apId"]);
        Assert.Empty(await ItemsAsync("declined"));
        await (await _moderator.Client.PostAsync($"{Api}/{id}/approve", null, Ct)).ProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task AnAccountThatDeletesItself_ItsPostLeavesTheQueue()
    {
        await SubmitAsync(_remote, "lee", "Goodbye all");
        var id = (string)Assert.Single(await ItemsAsync("waiting"))["id"]!;
        using var response = await SendAsync(_remote, "lee", new JsonObject
        {
            ["@context"] = "https://www.w3.org/ns/activitystreams",
            ["id"] = _remote.ActorId("lee") + "#delete",
            ["type"] = "Delete",
            ["actor"] = _remote.ActorId("lee"),
            ["object"] = _remote.ActorId("lee"),
        });
        await _network.DrainAsync();

        Assert.Empty(await ItemsAsync("waiting"));
        await (await _moderator.Client.PostAsync($"{Api}/{id}/approve", null, Ct)).ProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task AnUpdateByItsAuthor_ReplacesAWaitingPost_ByAnyoneElseIsRefused_AndAfterApprovalEditsThePost()
    {
        await FollowHubAsync(_remote, "kim");
        var note = await SubmitAsync(_remote, "lee", "Plant swap on Saturday");
        var cc = new[] { _remote.ActorId("lee") + "/followers", Hub };

        // Someone else on the same server cannot change it.
        var forged = Note(_remote, "ned", "Plant swap cancelled", [Public], cc, true, null, note);
        using var byOther = await SendAsync(_remote, "ned", Update(_remote, "ned", forged, "forged"), expected: null);
        await _network.DrainAsync();
        Assert.Contains("Saturday", (string?)Assert.Single(await ItemsAsync("waiting"))["summary"], StringComparison.Ordinal);

        using var byAuthor = await SendAsync(_remote, "lee", Update(_remote, "lee", Note(_remote, "lee", "Plant swap on Sunday", [Public], cc, true, null, note), "edit1"));
        await _network.DrainAsync();
        var waiting = Assert.Single(await ItemsAsync("waiting"));
        Assert.Contains("Sunday", (string?)waiting["summary"], StringComparison.Ordinal);
        _lemmy.Received.Clear();
        await FollowHubAsync(_lemmy, "lem");

        await (await _moderator.Client.PostAsync($"{Api}/{(string)waiting["id"]!}/approve", null, Ct)).JsonAsync(HttpStatusCode.OK);
        await _network.DrainAsync();
        using var visitor = _a.CreateClient();
        var hubPage = await visitor.GetStringAsync("/@hub", Ct);
        Assert.Contains("Plant swap on Sunday", hubPage, StringComparison.Ordinal);
        Assert.DoesNotContain("Saturday", hubPage, StringComparison.Ordinal);
        // The wrapped Announce carries the Create with what the author now says.
        var wrapped = Assert.Single(_lemmy.Received, a => (string?)a["type"] == "Announce" && a["object"] is JsonObject);
        Assert.Contains("Sunday", (string?)wrapped["object"]!["object"]!["content"], StringComparison.Ordinal);

        // Approved: a post like any other, edited by its author through the post's update path.
        using var later = await SendAsync(_remote, "lee", Update(_remote, "lee", Note(_remote, "lee", "Plant swap moved to Monday", [Public], cc, true, null, note), "edit2"));
        await _network.DrainAsync();
        Assert.Contains("Monday", (await _a.Service<IPostStore>().FindByApIdAsync(note, Ct))!.Body, StringComparison.Ordinal);
        Assert.Contains("Plant swap moved to Monday", await visitor.GetStringAsync("/@hub", Ct), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ADeleteAfterApproval_DeletesThePost_AndThePagesStillWork()
    {
        await FollowHubAsync(_remote, "kim");
        var note = await SubmitAsync(_remote, "lee", "Tool library hours");
        var id = (string)Assert.Single(await ItemsAsync("waiting"))["id"]!;
        await (await _moderator.Client.PostAsync($"{Api}/{id}/approve", null, Ct)).JsonAsync(HttpStatusCode.OK);
        await _network.DrainAsync();

        using var response = await SendAsync(_remote, "lee", new JsonObject
        {
            ["@context"] = "https://www.w3.org/ns/activitystreams",
            ["id"] = note + "/delete",
            ["type"] = "Delete",
            ["actor"] = _remote.ActorId("lee"),
            ["object"] = new JsonObject { ["id"] = note, ["type"] = "Tombstone" },
        });
        await _network.DrainAsync();

        Assert.True((await _a.Service<IPostStore>().FindByApIdAsync(note, Ct))!.IsDeleted);
        using var visitor = _a.CreateClient();
        using var hubPage = await visitor.GetAsync("/@hub", Ct);
        Assert.Equal(HttpStatusCode.OK, hubPage.StatusCode);
        Assert.DoesNotContain("Tool library hours", await hubPage.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Single(await ItemsAsync("approved"));
        using var browser = await _a.SignedInBrowserAsync("desk_mod");
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/admin/hub-submissions?state=approved")).Status);
        // The hub's outbox still lists its Announce, by the post's id only: nothing here dereferences it.
        using var ap = _a.CreateClient();
        ap.DefaultRequestHeaders.Accept.ParseAdd("application/activity+json");
        using var outbox = await ap.GetAsync("/users/hub/outbox?page=true", Ct);
        Assert.Equal(HttpStatusCode.OK, outbox.StatusCode);
        var items = JsonNode.Parse(await outbox.Content.ReadAsStringAsync(Ct))!["orderedItems"]!.AsArray();
        Assert.Contains(items, a => (string?)a!["type"] == "Announce" && (string?)a["object"] == note);
    }

    [Fact]
    public async Task DeskPage_ShowsTheTextAsSafeHtml_PictureDescriptions_AndWhetherTheAuthorFollowsTheHub()
    {
        await FollowHubAsync(_remote, "kim");
        var note = Note(_remote, "kim", "Seed <b>swap</b><script>alert(1)</script>", [Public], [_remote.ActorId("kim") + "/followers", Hub], true, null, null);
        note["attachment"] = new JsonArray(
            new JsonObject { ["type"] = "Image", ["mediaType"] = "image/jpeg", ["url"] = "http://remote.test/media/1.jpg", ["name"] = "Seed packets on a table" },
            new JsonObject { ["type"] = "Document", ["mediaType"] = "image/png", ["url"] = "http://remote.test/media/2.png" });
        using var sent = await SendAsync(_remote, "kim", Create(_remote, "kim", note, "create"));
        await _network.DrainAsync();
        await SubmitAsync(_remote, "lee", "From a stranger");

        using var browser = await _a.SignedInBrowserAsync("desk_mod");
        var (_, html) = await browser.GetAsync("/admin/hub-submissions");
        Assert.Contains("Seed <b>swap</b>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script>alert", html, StringComparison.Ordinal);
        Assert.Contains("Seed packets on a table", html, StringComparison.Ordinal);
        Assert.Contains("A picture with no description.", html, StringComparison.Ordinal);
        Assert.Contains("@kim@remote.test follows the hub.", html, StringComparison.Ordinal);
        Assert.Contains("@lee@remote.test does not follow the hub.", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DirectAndFollowersOnlyPostsToTheHub_AreNeverSubmissions()
    {
        await FollowHubAsync(_remote, "kim");
        _remote.Received.Clear();
        await SubmitAsync(_remote, "lee", "Just for the hub", to: [Hub], cc: []);
        await SubmitAsync(_remote, "lee", "For my followers", to: [_remote.ActorId("lee") + "/followers"], cc: [Hub]);
        await _network.DrainAsync();

        Assert.Empty(await ItemsAsync("waiting"));
        Assert.Empty(await ItemsAsync("approved"));
        Assert.DoesNotContain(_remote.Received, a => (string?)a["type"] == "Announce");
    }

    [Fact]
    public async Task AudienceOrAddressAlone_MakeASubmission_AndARepeatIsOne()
    {
        var byAudience = await SubmitAsync(_remote, "lee", "Posted in the hub", cc: [], mention: false, audience: Hub);
        await SubmitAsync(_remote, "ned", "Addressed to the hub", cc: [Hub], mention: false);
        using var again = await SendAsync(_remote, "lee", Create(_remote, "lee", Note(_remote, "lee", "Posted in the hub", [Public], [], false, Hub, byAudience), "again"));
        await _network.DrainAsync();

        var items = await ItemsAsync("waiting");
        Assert.Equal(2, items.Count);
        Assert.Single(items, i => (string?)i["apId"] == byAudience);
    }

    [Fact]
    public async Task FollowersMayPostDirectly_AFollowersPostIsApprovedAtOnce_OthersStillWait()
    {
        await _a.Service<INodeSettingStore>().SetAsync(HubSubmissionSettings.FollowersPostDirectly, "1", Ct);
        await FollowHubAsync(_remote, "kim");
        _remote.Received.Clear();

        var fromFollower = await SubmitAsync(_remote, "kim", "Repair café on Sunday");
        var fromStranger = await SubmitAsync(_remote, "lee", "Who am I");
        await _network.DrainAsync();

        Assert.Equal(fromFollower, (string?)Assert.Single(await ItemsAsync("approved"))["apId"]);
        Assert.Equal(fromStranger, (string?)Assert.Single(await ItemsAsync("waiting"))["apId"]);
        Assert.Contains(_remote.Received, a => (string?)a["type"] == "Announce" && (string?)a["object"] == fromFollower);
        Assert.DoesNotContain(_remote.Received, a => (string?)a["type"] == "Announce" && (string?)a["object"] == fromStranger);
    }

    [Fact]
    public async Task AWaitingPost_TellsAdminsAndModeratorsOnce_NotPlainMembers()
    {
        using var admin = await _a.ApiUserAsync("desk_admin", Role.Admin);
        var plain = await _a.CreateMemberAsync("desk_plain");
        var note = Note(_remote, "lee", "Bulb swap at the allotments", [Public], [_remote.ActorId("lee") + "/followers", Hub], true, null, null);
        using (await SendAsync(_remote, "lee", Create(_remote, "lee", note, "create")))
        {
            await _network.DrainAsync();
        }

        var waiting = Assert.Single(await ItemsAsync("waiting"));
        var subject = HubNotices.SubmissionSubject(Guid.Parse((string)waiting["id"]!));
        foreach (var staff in new[] { admin.Member.Id, _moderator.Member.Id })
        {
            var told = Assert.Single(await NotificationsAsync(staff));
            Assert.Equal((NotificationKind.HubSubmissionWaiting, _remote.ActorId("lee"), false, subject), (told.Kind, told.Actor, told.IsLocal, told.Subject));
        }

        Assert.Empty(await NotificationsAsync(plain.Id));

        // The same Create again, and the same post in a new Create: one submission, told once.
        using (await SendAsync(_remote, "lee", Create(_remote, "lee", (JsonObject)note.DeepClone(), "create"))) { }
        using (await SendAsync(_remote, "lee", Create(_remote, "lee", (JsonObject)note.DeepClone(), "create-again"))) { }
        await _network.DrainAsync();
        Assert.Single(await ItemsAsync("waiting"));
        Assert.Single(await NotificationsAsync(admin.Member.Id));
        Assert.Single(await NotificationsAsync(_moderator.Member.Id));

        // The sentence links to the post in the queue, which has that anchor; the API names the kind and the subject.
        using var browser = await _a.SignedInBrowserAsync("desk_mod");
        var (_, page) = await browser.GetAsync("/notifications");
        var id = (string)waiting["id"]!;
        Assert.Contains($"waits for approval on your hub. <a href=\"/admin/hub-submissions#submission-{id}\">Review it</a>.", page, StringComparison.Ordinal);
        var (_, queue) = await browser.GetAsync("/admin/hub-submissions");
        Assert.Contains($"id=\"submission-{id}\"", queue, StringComparison.Ordinal);
        var listed = await (await _moderator.Client.GetAsync($"{ApiTestKit.Prefix}/notifications", Ct)).JsonAsync(HttpStatusCode.OK);
        var item = Assert.Single(listed.GetProperty("items").EnumerateArray());
        Assert.Equal(("hub-submission-waiting", subject), (item.GetProperty("kind").GetString(), item.GetProperty("subject").GetString()));
    }

    [Fact]
    public async Task APostApprovedAtOnce_TellsNoOne()
    {
        using var admin = await _a.ApiUserAsync("desk_admin", Role.Admin);
        await _a.Service<INodeSettingStore>().SetAsync(HubSubmissionSettings.FollowersPostDirectly, "1", Ct);
        await FollowHubAsync(_remote, "kim");

        await SubmitAsync(_remote, "kim", "Repair café on Sunday");

        Assert.Single(await ItemsAsync("approved"));
        Assert.Empty(await NotificationsAsync(admin.Member.Id));
        Assert.Empty(await NotificationsAsync(_moderator.Member.Id));
    }

    private async Task<IReadOnlyList<Notification>> NotificationsAsync(Guid memberId) =>
        (await _a.Service<INotificationStore>().ListAsync(memberId, Cursor.Start, 50, Ct)).Items;

    [Fact]
    public async Task BlockedLimitedAndSuspendedAccounts_AndLimitedDomains_AreRefused()
    {
        var now = _a.Time.GetUtcNow();
        await SubmitAsync(_remote, "kim", "Known first");   // kim, lee and ned are stored actors from here on
        await SubmitAsync(_remote, "lee", "Known first");
        await SubmitAsync(_remote, "ned", "Known first");
        var before = (await ItemsAsync("waiting")).Count;

        await _a.WriteAsync(tx => _a.Service<IBlockStore>().AddAsync(new Block("hub", _remote.ActorId("kim"), FollowDirection.Out, "http://a.test/blocks/1", now), tx, Ct));
        await _a.WriteAsync(tx => _a.Service<IAccountSanctionStore>().SetRemoteLimitAsync(_remote.ActorId("lee"), now, tx, Ct));
        await _a.WriteAsync(tx => _a.Service<IAccountSanctionStore>().SetRemoteSuspensionAsync(_remote.ActorId("ned"), now, tx, Ct));
        await SubmitAsync(_remote, "kim", "From a blocked account", accepted: null);
        await SubmitAsync(_remote, "lee", "From a limited account", accepted: null);
        await SubmitAsync(_remote, "ned", "From a suspended account", accepted: null);
        Assert.Equal(before, (await ItemsAsync("waiting")).Count);

        Assert.IsType<Outcome<DomainBlockSaved>.Ok>(await _a.Service<DomainBlockService>().BlockAsync(new DomainBlockInput("lemmy.test", "limit"), ModeratorRef.Node, Ct));
        await SubmitAsync(_lemmy, "lem", "From a limited domain", accepted: null);
        Assert.Equal(before, (await ItemsAsync("waiting")).Count);
    }

    [Fact]
    public async Task AllowlistMode_ADomainOffTheList_CannotSubmit()
    {
        var service = _a.Service<DomainBlockService>();
        Assert.IsType<Outcome<FederationMode>.Ok>(await service.SetModeAsync("allowlist", ModeratorRef.Node, Ct));
        Assert.IsType<Outcome<DomainAllow>.Ok>(await service.AllowAsync("lemmy.test", ModeratorRef.Node, Ct));

        await SubmitAsync(_remote, "kim", "Off the list", accepted: null);
        var allowed = await SubmitAsync(_lemmy, "lem", "On the list");

        Assert.Equal(allowed, (string?)Assert.Single(await ItemsAsync("waiting"))["apId"]);
    }

    [Fact]
    public async Task ALocalPostMentioningTheHub_GoesStraightThrough_NotQueued()
    {
        var member = await _a.CreateMemberAsync("local_writer");
        await FollowHubAsync(_remote, "kim");
        _remote.Received.Clear();
        var story = PostNetwork.Ok(await _a.Service<PostService>().CreateStoryAsync(member.Id,
            new StoryInput("Neighbours", null, "Hello @hub@a.test neighbours", [], null, null, "public", false, null), Ct));
        await _network.DrainAsync();

        Assert.Empty(await ItemsAsync("waiting"));
        Assert.Contains(_remote.Received, a => (string?)a["type"] == "Announce" && (string?)a["object"] == $"http://a.test/stories/{story.Id}");
    }

    [Fact]
    public async Task Api_UnknownIdIs404_BadStateNamesTheField_AndMembersWithoutTheRoleAre403()
    {
        var unknown = Guid.NewGuid();
        await (await _moderator.Client.PostAsync($"{Api}/{unknown}/approve", null, Ct)).ProblemAsync(HttpStatusCode.NotFound);
        await (await _moderator.Client.PostAsync($"{Api}/{unknown}/decline", null, Ct)).ProblemAsync(HttpStatusCode.NotFound);
        await (await _moderator.Client.GetAsync(Api + "?state=maybe", Ct)).ValidationProblemAsync("state");
        await (await _moderator.Client.GetAsync(Api + "?limit=0", Ct)).ValidationProblemAsync("limit");

        using var member = await _a.ApiUserAsync("plain_member", Role.Member);
        Assert.Equal(HttpStatusCode.Forbidden, (await member.Client.GetAsync(Api, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await member.Client.PostAsync($"{Api}/{unknown}/approve", null, Ct)).StatusCode);
    }

    [Fact]
    public async Task DeskPage_ModeratorApprovesWithTheForm_OthersAre403()
    {
        var note = await SubmitAsync(_remote, "lee", "Seed library opening");
        using var browser = await _a.SignedInBrowserAsync("desk_mod");
        var (status, html) = await browser.GetAsync("/admin/hub-submissions");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("Posts sent to the hub", html, StringComparison.Ordinal);
        Assert.Contains("Seed library opening", html, StringComparison.Ordinal);
        Assert.Contains("@lee@remote.test", html, StringComparison.Ordinal);

        var id = (string)Assert.Single(await ItemsAsync("waiting"))["id"]!;
        using var answer = await browser.SubmitAsync("/admin/hub-submissions", $"/admin/hub-submissions/{id}/approve", new Dictionary<string, string>());
        Assert.Equal(HttpStatusCode.Redirect, answer.StatusCode);
        Assert.Equal("/admin/hub-submissions?notice=approved", answer.Headers.Location?.OriginalString);
        Assert.Equal(note, (string?)Assert.Single(await ItemsAsync("approved"))["apId"]);
        var (_, approvedPage) = await browser.GetAsync("/admin/hub-submissions?state=approved");
        Assert.Contains("Seed library opening", approvedPage, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, (await browser.GetAsync("/admin/hub-submissions?state=maybe")).Status);

        await _a.CreateMemberAsync("desk_plain", roles: [Role.Member]);
        using var plain = await _a.SignedInBrowserAsync("desk_plain");
        Assert.Equal(HttpStatusCode.Forbidden, (await plain.GetAsync("/admin/hub-submissions")).Status);
    }

    [Fact]
    public async Task AdminSwitch_OnTheAdminPage_StoresFollowersMayPostDirectly()
    {
        await _a.CreateMemberAsync("hub_admin", roles: [Role.Admin, Role.Member]);
        using var admin = await _a.SignedInBrowserAsync("hub_admin");
        var (_, page) = await admin.GetAsync("/admin");
        Assert.Contains("Followers of the hub may post directly", page, StringComparison.Ordinal);

        using var saved = await admin.SubmitAsync("/admin", "/admin/hub-submission-settings", new Dictionary<string, string> { ["followersPostDirectly"] = "true" });
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.Equal("1", await _a.Service<INodeSettingStore>().GetAsync(HubSubmissionSettings.FollowersPostDirectly, Ct));
        using var off = await admin.SubmitAsync("/admin", "/admin/hub-submission-settings", new Dictionary<string, string>());
        Assert.Null(await _a.Service<INodeSettingStore>().GetAsync(HubSubmissionSettings.FollowersPostDirectly, Ct));

        using var moderator = await _a.SignedInBrowserAsync("desk_mod");
        using var refused = await moderator.PostWithTokenAsync("/admin/hub-submission-settings", new Dictionary<string, string> { ["followersPostDirectly"] = "true" }, "/admin/hub-submissions");
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
    }

    [Fact]
    public async Task TheGroup_NamesItsModerators_AndThatAnyoneMayPost()
    {
        await _a.CreateMemberAsync("hub_boss", roles: [Role.Admin, Role.Member]);
        await _a.CreateMemberAsync("just_member", roles: [Role.Member]);
        using var client = _a.CreateClient();
        client.DefaultRequestHeaders.Accept.ParseAdd("application/activity+json");

        var group = JsonNode.Parse(await client.GetStringAsync("/users/hub", Ct))!;
        Assert.Equal(Hub + "/moderators", (string?)group["moderators"]);
        Assert.False((bool)group["postingRestrictedToMods"]!);
        var terms = group["@context"]!.AsArray().OfType<JsonObject>().Single();
        Assert.Equal("https://join-lemmy.org/ns#", (string?)terms["lemmy"]);

        var moderators = JsonNode.Parse(await client.GetStringAsync("/users/hub/moderators", Ct))!;
        Assert.Equal("OrderedCollection", (string?)moderators["type"]);
        var ids = moderators["orderedItems"]!.AsArray().Select(n => (string?)n).ToList();
        Assert.Contains("http://a.test/users/hub_boss", ids);
        Assert.Contains("http://a.test/users/desk_mod", ids);
        Assert.DoesNotContain("http://a.test/users/just_member", ids);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/users/just_member/moderators", Ct)).StatusCode);
    }

    // Approval checks the author again (issue 14, left out at first): a post that arrived before its author or their
    // domain was limited, suspended or blocked, or before the hub blocked its author, is declined, not announced.

    [Fact]
    public async Task AnAuthorLimitedSinceThePostArrived_ApprovalIs409_ThePostIsDeclinedWithItsReason_AndNothingIsAnnounced()
    {
        var (note, id) = await WaitingWithAFollowerAsync("lee");
        Assert.IsType<Outcome<ModerationEntry>.Ok>(await _a.Service<IAccountModeration>().ApplyAsync(
            new AccountActionRequest(null, _remote.ActorId("lee"), AccountAction.Limit, null), Ct));

        await AssertApprovalDeclinedAsync(note, id, "Its author has been limited since it arrived; it was declined.");
    }

    [Fact]
    public async Task ADomainLimitedSinceThePostArrived_ApprovalIsDeclined()
    {
        var (note, id) = await WaitingWithAFollowerAsync("lee");
        Assert.IsType<Outcome<DomainBlockSaved>.Ok>(await _a.Service<DomainBlockService>().BlockAsync(new DomainBlockInput("remote.test", "limit"), ModeratorRef.Node, Ct));

        await AssertApprovalDeclinedAsync(note, id, "Its author's domain has been limited since it arrived; it was declined.");
    }

    [Fact]
    public async Task ADomainBlockedSinceThePostArrived_ApprovalBeforeThePurgeRunsIsDeclined_AndThePurgeThenRemovesIt()
    {
        // A suspended domain's purge is a work item (unlike an account's, which removes the post at once: 404, see
        // ASuspendedAuthorsPost_LeavesTheQueue_AndCannotBeApproved); until it runs, approval finds the post.
        var (note, id) = await WaitingWithAFollowerAsync("lee");
        Assert.IsType<Outcome<DomainBlockSaved>.Ok>(await _a.Service<DomainBlockService>().BlockAsync(new DomainBlockInput("remote.test", "suspend"), ModeratorRef.Node, Ct));

        await AssertApprovalDeclinedAsync(note, id, "Its author's domain has been blocked since it arrived; it was declined.");
        Assert.Empty(await ItemsAsync("declined"));   // drained: the purge keeps nothing of the domain
    }

    [Fact]
    public async Task AllowlistModeWithoutTheAuthorsDomain_ApprovalIsDeclined()
    {
        var (note, id) = await WaitingWithAFollowerAsync("lee");
        var service = _a.Service<DomainBlockService>();
        Assert.IsType<Outcome<FederationMode>.Ok>(await service.SetModeAsync("allowlist", ModeratorRef.Node, Ct));
        Assert.IsType<Outcome<DomainAllow>.Ok>(await service.AllowAsync("lemmy.test", ModeratorRef.Node, Ct));

        await AssertApprovalDeclinedAsync(note, id, "Its author's domain is not on the allow list; it was declined.");
    }

    [Fact]
    public async Task AnAuthorTheHubBlockedSinceThePostArrived_ApprovalIsDeclined()
    {
        var (note, id) = await WaitingWithAFollowerAsync("lee");
        await _a.WriteAsync(tx => _a.Service<IBlockStore>().AddAsync(
            new Block("hub", _remote.ActorId("lee"), FollowDirection.Out, "http://a.test/blocks/lee", _a.Time.GetUtcNow()), tx, Ct));

        await AssertApprovalDeclinedAsync(note, id, "The hub has blocked its author since it arrived; it was declined.");
    }

    [Fact]
    public async Task AnAuthorSuspendedSinceThePostArrived_ThePostIsGone_404()
    {
        // A remote account's suspension purges what we keep of it in the same commit, its submissions too.
        var (_, id) = await WaitingWithAFollowerAsync("lee");
        Assert.IsType<Outcome<ModerationEntry>.Ok>(await _a.Service<IAccountModeration>().ApplyAsync(
            new AccountActionRequest(null, _remote.ActorId("lee"), AccountAction.Suspend, "Spam"), Ct));

        await (await _moderator.Client.PostAsync($"{Api}/{id}/approve", null, Ct)).ProblemAsync(HttpStatusCode.NotFound);
        await _network.DrainAsync();
        AssertNoAnnounce();
    }

    [Fact]
    public async Task AnApprovalQueuedBeforeItsAuthorIsLimited_AnnouncesNothing_EvenWhenRunAgain()
    {
        var (note, id) = await WaitingWithAFollowerAsync("lee");
        await (await _moderator.Client.PostAsync($"{Api}/{id}/approve", null, Ct)).JsonAsync(HttpStatusCode.OK);
        Assert.IsType<Outcome<ModerationEntry>.Ok>(await _a.Service<IAccountModeration>().ApplyAsync(
            new AccountActionRequest(null, _remote.ActorId("lee"), AccountAction.Limit, null), Ct));
        await _network.DrainAsync();

        AssertNoAnnounce();
        Assert.Null(await _a.Service<IPostStore>().FindByApIdAsync(note, Ct));
        using var visitor = _a.CreateClient();
        Assert.DoesNotContain("Waiting for the desk", await visitor.GetStringAsync("/@hub", Ct), StringComparison.Ordinal);

        // The item ran and did nothing; run again (a retry), it still does nothing.
        await _a.Service<OurSociety.Federation.Hubs.HubSubmissionFederation>().AnnounceAsync(
            new OurSociety.Core.Work.WorkItem(Guid.NewGuid(), HubSubmissionWork.Announce, HubSubmissionWork.Item(Guid.Parse(id)).Payload, null, 2,
                _a.Time.GetUtcNow(), _a.Time.GetUtcNow(), null, OurSociety.Core.Work.WorkState.Pending, null, null, null), Ct);
        await _network.DrainAsync();
        AssertNoAnnounce();
        Assert.Null(await _a.Service<IPostStore>().FindByApIdAsync(note, Ct));
    }

    [Fact]
    public async Task DeskPage_ApprovingAPostWhoseAuthorWasLimitedSince_SaysWhy_InsteadOfApproved()
    {
        var (note, id) = await WaitingWithAFollowerAsync("lee");
        Assert.IsType<Outcome<ModerationEntry>.Ok>(await _a.Service<IAccountModeration>().ApplyAsync(
            new AccountActionRequest(null, _remote.ActorId("lee"), AccountAction.Limit, null), Ct));

        using var browser = await _a.SignedInBrowserAsync("desk_mod");
        using var answer = await browser.SubmitAsync("/admin/hub-submissions", $"/admin/hub-submissions/{id}/approve", new Dictionary<string, string>());
        Assert.Equal(HttpStatusCode.Conflict, answer.StatusCode);
        var html = await answer.Content.ReadAsStringAsync(Ct);
        Assert.Contains("<p class=\"notice\" role=\"status\">Its author has been limited since it arrived; it was declined.</p>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("The post is approved", html, StringComparison.Ordinal);
        Assert.Equal(note, (string?)Assert.Single(await ItemsAsync("declined"))["apId"]);
        await _network.DrainAsync();
        AssertNoAnnounce();
    }

    /// <summary>
    /// kim (on the author's server) and lem (on another, which stays allowed when the author's domain is blocked) follow
    /// the hub, so an Announce would reach both; <paramref name="name"/>'s post waits. The post's id and the submission's.
    /// </summary>
    private async Task<(string Note, string Id)> WaitingWithAFollowerAsync(string name)
    {
        await FollowHubAsync(_remote, "kim");
        await FollowHubAsync(_lemmy, "lem");
        var note = await SubmitAsync(_remote, name, "Waiting for the desk");
        var id = (string)Assert.Single(await ItemsAsync("waiting"))["id"]!;
        _remote.Received.Clear();
        _lemmy.Received.Clear();
        return (note, id);
    }

    private void AssertNoAnnounce()
    {
        Assert.DoesNotContain(_remote.Received, a => (string?)a["type"] == "Announce");
        Assert.DoesNotContain(_lemmy.Received, a => (string?)a["type"] == "Announce");
    }

    /// <summary>Approving <paramref name="id"/> answers 409 saying <paramref name="why"/>; it is declined, logged with that reason, and nothing is announced or stored.</summary>
    private async Task AssertApprovalDeclinedAsync(string note, string id, string why)
    {
        var problem = await (await _moderator.Client.PostAsync($"{Api}/{id}/approve", null, Ct)).ProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal(why, problem.GetProperty("detail").GetString());
        Assert.Equal(note, (string?)Assert.Single(await ItemsAsync("declined"))["apId"]);
        Assert.Empty(await ItemsAsync("waiting"));
        Assert.Empty(await ItemsAsync("approved"));
        var log = await _a.Service<IModerationLogStore>().ListAsync(Cursor.Start, 10, Ct);
        var line = Assert.Single(log.Items, e => e.Target == note);
        Assert.Equal((ModerationActions.DeclineSubmission, "desk_mod", why), (line.Action, line.ModeratorName, line.Reason));
        // Answered now: approving again is the ordinary 409.
        await (await _moderator.Client.PostAsync($"{Api}/{id}/approve", null, Ct)).ProblemAsync(HttpStatusCode.Conflict);

        await _network.DrainAsync();
        Assert.DoesNotContain(_remote.Received, a => (string?)a["type"] == "Announce");
        Assert.Null(await _a.Service<IPostStore>().FindByApIdAsync(note, Ct));
    }

    private async Task<List<JsonNode>> ItemsAsync(string state)
    {
        var page = await (await _moderator.Client.GetAsync($"{Api}?state={state}", Ct)).JsonAsync(HttpStatusCode.OK);
        return [.. JsonNode.Parse(page.GetRawText())!["items"]!.AsArray().OfType<JsonNode>()];
    }

    private async Task FollowHubAsync(FakeRemoteServer server, string name)
    {
        using var response = await SendAsync(server, name, new JsonObject
        {
            ["@context"] = "https://www.w3.org/ns/activitystreams",
            ["id"] = $"{server.ActorId(name)}/follows/{Guid.NewGuid():N}",
            ["type"] = "Follow",
            ["actor"] = server.ActorId(name),
            ["object"] = Hub,
        });
        await _network.DrainAsync();
        Assert.Equal(FollowState.Accepted, (await _a.Service<IFollowStore>().FindAsync("hub", server.ActorId(name), FollowDirection.In, Ct))?.State);
    }

    /// <summary>A public note by <paramref name="name"/> mentioning the hub (unless told otherwise); its id.</summary>
    private async Task<string> SubmitAsync(
        FakeRemoteServer server, string name, string text, string[]? to = null, string[]? cc = null, bool mention = true, string? audience = null,
        HttpStatusCode? accepted = HttpStatusCode.Accepted)
    {
        var note = Note(server, name, text, to ?? [Public], cc ?? [server.ActorId(name) + "/followers", Hub], mention, audience, null);
        using var response = await SendAsync(server, name, Create(server, name, note, "create"), accepted);
        await _network.DrainAsync();
        return (string)note["id"]!;
    }

    private static JsonObject Note(FakeRemoteServer server, string name, string text, string[] to, string[] cc, bool mention, string? audience, string? id)
    {
        var note = new JsonObject
        {
            ["id"] = id ?? $"{server.ActorId(name)}/notes/{Guid.NewGuid():N}",
            ["type"] = "Note",
            ["attributedTo"] = server.ActorId(name),
            ["content"] = $"<p>{text}</p>",
            ["to"] = new JsonArray([.. to.Select(t => (JsonNode?)t)]),
            ["cc"] = new JsonArray([.. cc.Select(t => (JsonNode?)t)]),
            ["published"] = "2026-11-28T11:00:00Z",
        };
        if (mention)
        {
            note["tag"] = new JsonArray(new JsonObject { ["type"] = "Mention", ["href"] = Hub, ["name"] = "@hub@a.test" });
        }

        if (audience is not null)
        {
            note["audience"] = audience;
        }

        return note;
    }

    private static JsonObject Create(FakeRemoteServer server, string name, JsonObject note, string purpose) => new()
    {
        ["@context"] = "https://www.w3.org/ns/activitystreams",
        ["id"] = (string)note["id"]! + "/" + purpose,
        ["type"] = "Create",
        ["actor"] = server.ActorId(name),
        ["to"] = note["to"]!.DeepClone(),
        ["cc"] = note["cc"]!.DeepClone(),
        ["object"] = note,
    };

    private static JsonObject Update(FakeRemoteServer server, string name, JsonObject note, string purpose) => new()
    {
        ["@context"] = "https://www.w3.org/ns/activitystreams",
        ["id"] = (string)note["id"]! + "/" + purpose,
        ["type"] = "Update",
        ["actor"] = server.ActorId(name),
        ["to"] = note["to"]!.DeepClone(),
        ["cc"] = note["cc"]!.DeepClone(),
        ["object"] = note,
    };

    private async Task<HttpResponseMessage> SendAsync(FakeRemoteServer server, string name, JsonObject activity, HttpStatusCode? expected = HttpStatusCode.Accepted)
    {
        using var client = _a.CreateClient();
        var response = await server.PostAsync(client, "http://a.test/inbox", name, activity.ToJsonString());
        if (expected is { } status)
        {
            Assert.Equal(status, response.StatusCode);
        }

        return response;
    }
}
