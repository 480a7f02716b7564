using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Dapper;
using OurSociety.Core.Federation;
using OurSociety.Core.Members;
using OurSociety.Core.Notifications;
using OurSociety.Core.Paging;
using OurSociety.Core.Posts;
using OurSociety.Core.Work;
using OurSociety.Federation.Follows;
using OurSociety.Storage.Sql;
using OurSociety.Testing;
using OurSociety.Web.Tests.Federation.Posts;

namespace OurSociety.Web.Tests.Federation.Mentions;

/// <summary>
/// <c>@user@host</c> typed on node A reaches a member of node B who does not follow the author: looked up in A's work
/// queue, it becomes a link (once: not "@bob" twice), a <c>Mention</c> tag and an address, so B keeps the post and tells
/// its member. A handle nobody answers for stays plain text and its author is told.
/// </summary>
public sealed class RemoteMentionTests : IAsyncLifetime
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private readonly FederationNetwork _network = new();
    private NodeFactory _a = null!;
    private NodeFactory _b = null!;
    private Member _alice = null!;
    private Member _carol = null!;
    private Member _bob = null!;

    public async ValueTask InitializeAsync()
    {
        _a = _network.AddNode("http://a.test");
        _b = _network.AddNode("http://b.test");
        _network.Serve("nowhere.test", new FakeRemoteServer("http://nowhere.test"));   // answers 404 to WebFinger
        _alice = await _a.CreateMemberAsync("alice");
        _carol = await _a.CreateMemberAsync("carol");
        _bob = await _b.CreateMemberAsync("bob");
    }

    public ValueTask DisposeAsync() => _network.DisposeAsync();

    [Fact]
    public async Task PublicStory_MentionsAMemberElsewhere_WhoGetsItAndIsTold_AndThePageLinksThemOnce()
    {
        var story = await StoryAsync(_alice, "Thanks @bob@b.test for the van.");
        await _network.DrainAsync();

        // B kept it although bob follows no one on A, and told him.
        var copy = await _b.FindAsync($"http://a.test/stories/{story.Id}");
        Assert.NotNull(copy);
        Assert.Contains(await NoticesAsync(_b, _bob), n => n.Kind == NotificationKind.Mention && n.Actor == "http://a.test/users/alice" && n.PostId == copy.Id);
        Assert.Single(MentionLinks(copy.Body!, "http://b.test/@bob"));

        // A's own page links him once, from what was kept (no "@bob@b.test" left as text).
        var page = await PageAsync(_a, $"/stories/{story.Id}");
        Assert.Single(MentionLinks(page, "http://b.test/@bob"));
        Assert.DoesNotContain("@bob@b.test", Content(page), StringComparison.Ordinal);

        // The Create carried the Mention tag and addressed him.
        var create = await CreateReceivedAsync(_b, $"http://a.test/stories/{story.Id}");
        var tag = Assert.Single(create["object"]!["tag"]!.AsArray(), t => (string?)t!["type"] == "Mention")!;
        Assert.Equal("http://b.test/users/bob", (string?)tag["href"]);
        Assert.Equal("@bob@b.test", (string?)tag["name"]);
        Assert.Contains("http://b.test/users/bob", Strings(create["object"]!["cc"]));

        // An edit looks nothing up again: the handle was kept.
        var lookups = WebFingerLookups();
        await _a.Service<PostService>().UpdateStoryAsync(_alice.Id, story.Id,
            new StoryInput("A story", null, "Thanks again @bob@b.test for the van.", [], null, null, null, false, null), Ct);
        await _network.DrainAsync();
        Assert.Equal(lookups, WebFingerLookups());
        Assert.Contains("Thanks again", (await _b.FindAsync($"http://a.test/stories/{story.Id}"))!.Body, StringComparison.Ordinal);

        // Deleted: B, which has it only because bob was named, is told too; whom it named goes with its text.
        await _a.Service<PostService>().DeleteAsync(_alice.Id, story.Id, Ct);
        await _network.DrainAsync();
        Assert.True((await _b.FindAsync($"http://a.test/stories/{story.Id}"))?.IsDeleted);
        Assert.Empty(await _a.Service<IMentionStore>().ListAsync(MentionSubjects.Post(story.Id), Ct));
    }

    [Fact]
    public async Task Reply_MentioningTheAuthorItAnswers_ShowsThemOnce_NotTwice()
    {
        // Alice follows bob (he does not follow her), so his story reaches A; she answers it naming him, as Mastodon users do.
        PostNetwork.Ok(await _a.Service<FollowService>().FollowAsync("alice", "http://b.test/users/bob", Ct));
        await _network.DrainAsync();
        var story = await _b.StoryAsync(_bob.Id, "Van for hire");
        await _network.DrainAsync();
        var copy = (await _a.FindAsync($"http://b.test/stories/{story.Id}"))!;
        var reply = PostNetwork.Ok(await _a.Service<PostService>().ReplyAsync(_alice.Id, copy, new ReplyInput("@bob@b.test thanks for the van.", null), Ct));
        await _network.DrainAsync();

        var there = (await _b.FindAsync($"http://a.test/replies/{reply.Id}"))!;
        Assert.Single(MentionLinks(there.Body!, "http://b.test/@bob"));
        Assert.DoesNotContain("@bob@b.test", there.Body, StringComparison.Ordinal);
        Assert.Single(MentionLinks(Content(await PageAsync(_a, $"/replies/{reply.Id}")), "http://b.test/@bob"));
        var create = await CreateReceivedAsync(_b, $"http://a.test/replies/{reply.Id}");
        Assert.Single(create["object"]!["tag"]!.AsArray(), t => (string?)t!["type"] == "Mention");
    }

    [Fact]
    public async Task Reply_ToAStoryHere_MentioningSomeoneElsewhere_ReachesThemAndTellsThem()
    {
        var story = await StoryAsync(_carol, "Tools to lend");
        var reply = PostNetwork.Ok(await _a.Service<PostService>().ReplyAsync(_alice.Id, story, new ReplyInput("Ask @bob@b.test, he has a van.", null), Ct));
        await _network.DrainAsync();

        var there = await _b.FindAsync($"http://a.test/replies/{reply.Id}");
        Assert.NotNull(there);
        Assert.Contains(await NoticesAsync(_b, _bob), n => n.Kind == NotificationKind.Mention && n.PostId == there.Id);
        Assert.Single(MentionLinks(Content(await PageAsync(_a, $"/stories/{story.Id}")), "http://b.test/@bob"));
    }

    [Fact]
    public async Task UnknownHandle_StaysPlainText_AndTheAuthorIsTold_Once()
    {
        var story = await StoryAsync(_alice, "Thanks @ghost@nowhere.test and @bob@b.test.");
        await _network.DrainAsync();

        var page = await PageAsync(_a, $"/stories/{story.Id}");
        Assert.Contains("@ghost@nowhere.test", Content(page), StringComparison.Ordinal);
        Assert.Single(MentionLinks(page, "http://b.test/@bob"));
        var notice = Assert.Single(await NoticesAsync(_a, _alice), n => n.Kind == NotificationKind.MentionUnknown);
        Assert.Equal("@ghost@nowhere.test", notice.Actor);
        Assert.Equal(story.Id, notice.PostId);
        var create = await CreateReceivedAsync(_b, $"http://a.test/stories/{story.Id}");
        Assert.Equal(["http://b.test/users/bob"], create["object"]!["tag"]!.AsArray().Where(t => (string?)t!["type"] == "Mention").Select(t => (string?)t!["href"]));

        // Her notifications say so, in words; an edit within the day neither asks again nor tells her again.
        using var browser = await _a.SignedInBrowserAsync("alice");
        var (_, notifications) = await browser.GetAsync("/notifications");
        Assert.Contains("We could not find @ghost@nowhere.test", System.Net.WebUtility.HtmlDecode(notifications), StringComparison.Ordinal);
        await _a.Service<PostService>().UpdateStoryAsync(_alice.Id, story.Id,
            new StoryInput("A story", null, "Thanks @ghost@nowhere.test, again.", [], null, null, null, false, null), Ct);
        await _network.DrainAsync();
        Assert.Single(await NoticesAsync(_a, _alice), n => n.Kind == NotificationKind.MentionUnknown);
    }

    [Fact]
    public async Task FollowersOnlyStory_AddressesAndReachesTheMentionedPerson()
    {
        var story = PostNetwork.Ok(await _a.Service<PostService>().CreateStoryAsync(
            _alice.Id, new StoryInput("Only for friends", null, "Bring the van, @bob@b.test.", [], null, null, "followers", false, null), Ct));
        await _network.DrainAsync();

        var create = await CreateReceivedAsync(_b, $"http://a.test/stories/{story.Id}");
        var obj = create["object"]!;
        Assert.DoesNotContain("https://www.w3.org/ns/activitystreams#Public", Strings(obj["to"]).Concat(Strings(obj["cc"])));
        Assert.Equal(["http://a.test/users/alice/followers"], Strings(obj["to"]));
        Assert.Equal(["http://b.test/users/bob"], Strings(obj["cc"]));
        Assert.Contains(await NoticesAsync(_b, _bob), n => n.Kind == NotificationKind.Mention);

        // On B it is bob's to read (he was named), as on Mastodon; not anyone else's there.
        var copy = (await _b.FindAsync($"http://a.test/stories/{story.Id}"))!;
        Assert.Equal(Visibility.Followers, copy.Visibility);
        using (var bob = await _b.SignedInBrowserAsync("bob"))
        {
            var (status, page) = await bob.GetAsync($"/stories/{copy.Id}");
            Assert.Equal(System.Net.HttpStatusCode.OK, status);
            Assert.Contains("Bring the van", page, StringComparison.Ordinal);
        }

        await _b.CreateMemberAsync("dan");
        using (var dan = await _b.SignedInBrowserAsync("dan"))
        {
            Assert.Equal(System.Net.HttpStatusCode.NotFound, (await dan.GetAsync($"/stories/{copy.Id}")).Status);
        }

        using var anonymous = _b.CreateClient();
        Assert.Equal(System.Net.HttpStatusCode.NotFound, (await anonymous.GetAsync($"/stories/{copy.Id}", Ct)).StatusCode);
    }

    [Fact]
    public async Task LocalHandleWithOurHost_TellsTheMemberHere_AsABareNameDoes()
    {
        var story = await StoryAsync(_alice, "Thanks @carol@a.test, and @bob@b.test.");
        await _network.DrainAsync();
        Assert.Contains(await NoticesAsync(_a, _carol), n => n.Kind == NotificationKind.Mention && n.PostId == story.Id);
        Assert.Single(MentionLinks(await PageAsync(_a, $"/stories/{story.Id}"), "http://a.test/@carol"));

        // A bare @carol tells her at once, as before, and only once.
        var other = await StoryAsync(_alice, "And @carol again, with @carol@a.test.");
        await _network.DrainAsync();
        Assert.Single(await NoticesAsync(_a, _carol), n => n.PostId == other.Id);
    }

    [Fact]
    public async Task NoHandle_NoLookupWork()
    {
        var story = await StoryAsync(_alice, "Nobody named here, only @carol.");
        var kinds = await WorkKindsAsync(_a, story.Id);
        Assert.DoesNotContain(PostWork.ResolveMentions, kinds);
        var named = await StoryAsync(_alice, "Thanks @bob@b.test.");
        Assert.Equal([PostWork.ResolveMentions, PostWork.Published], await WorkKindsAsync(_a, named.Id));
    }

    private async Task<Post> StoryAsync(Member author, string body) => PostNetwork.Ok(await _a.Service<PostService>().CreateStoryAsync(
        author.Id, new StoryInput("A story", null, body, [], null, null, "public", false, null), Ct));

    private static async Task<IReadOnlyList<Notification>> NoticesAsync(NodeFactory node, Member member) =>
        (await node.Service<INotificationStore>().ListAsync(member.Id, Cursor.Start, 50, Ct)).Items;

    private static async Task<string> PageAsync(NodeFactory node, string path)
    {
        using var client = node.CreateClient();
        return await client.GetStringAsync(path, Ct);
    }

    /// <summary>The post's text on a page: its <c>content</c> blocks.</summary>
    private static string Content(string page) =>
        string.Concat(Regex.Matches(page, "<div class=\"content\"[^>]*>(.*?)</div>", RegexOptions.Singleline).Select(m => m.Groups[1].Value));

    private static IEnumerable<string> MentionLinks(string html, string href) =>
        Regex.Matches(html, $"<a href=\"{Regex.Escape(href)}\" class=\"u-url mention\"[^>]*>@<span>[^<]+</span></a>").Select(m => m.Value);

    private static IEnumerable<string?> Strings(JsonNode? array) => array!.AsArray().Select(n => (string?)n);

    private int WebFingerLookups() => _network.Log.Count(l => l.Url.AbsolutePath == "/.well-known/webfinger");

    private static async Task<JsonObject> CreateReceivedAsync(NodeFactory node, string objectId)
    {
        await using var connection = await node.Service<IDbConnectionFactory>().OpenAsync(Ct);
        var bodies = await connection.QueryAsync<string>("SELECT body FROM inbox_activity WHERE type = 'Create'");
        return bodies.Select(b => JsonNode.Parse(b)!.AsObject()).Single(a => (string?)a["object"]!["id"] == objectId);
    }

    private static async Task<List<string>> WorkKindsAsync(NodeFactory node, Guid postId)
    {
        await using var connection = await node.Service<IDbConnectionFactory>().OpenAsync(Ct);
        return [.. await connection.QueryAsync<string>("SELECT kind FROM work_item WHERE partition_key = @P ORDER BY id", new { P = PostWork.Partition(postId) })];
    }
}
