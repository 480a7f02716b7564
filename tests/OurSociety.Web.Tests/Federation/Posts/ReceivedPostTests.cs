using System.Net;
using System.Text.Json.Nodes;
using OurSociety.Core.Media;
using OurSociety.Core.Members;
using OurSociety.Core.Notifications;
using OurSociety.Core.Paging;
using OurSociety.Core.Posts;
using OurSociety.Testing;

namespace OurSociety.Web.Tests.Federation.Posts;

/// <summary>
/// What a node does with posts and reactions from elsewhere (a fake remote server sends them, signed): hostile HTML is
/// stored sanitised, foreign objects are refused, likes count and Undo takes them back, and our own objects are served
/// to whom they may be.
/// </summary>
public sealed class ReceivedPostTests : IAsyncLifetime
{
    private const string Remote = "http://evil.test";
    private const string Mallory = Remote + "/users/mallory";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private readonly FederationNetwork _network = new();
    private readonly FakeRemoteServer _remote = new(Remote);
    private NodeFactory _a = null!;
    private Member _alice = null!;

    public async ValueTask InitializeAsync()
    {
        _a = _network.AddNode("http://a.test");
        _network.Serve("evil.test", _remote);
        _remote.AddActor("mallory");
        _alice = await _a.CreateMemberAsync("alice");
    }

    public async ValueTask DisposeAsync()
    {
        await _network.DisposeAsync();
        _remote.Dispose();
    }

    [Fact]
    public async Task Picture_ItsServerCannotServe_IsKeptAsItsDescriptionAndALink_NeverAnImage()
    {
        var story = await _a.StoryAsync(_alice.Id, "Our allotment");
        var note = Note($"{Remote}/notes/{Guid.NewGuid():N}", "<p>Here is ours</p>");
        note["inReplyTo"] = $"http://a.test/stories/{story.Id}";
        note["attachment"] = new JsonArray(
            new JsonObject { ["type"] = "Image", ["mediaType"] = "image/jpeg", ["url"] = Remote + "/gone.jpg", ["name"] = "Beans on canes", ["width"] = 640, ["height"] = 480 });
        await SendAsync(Create(note));

        await _network.DrainAsync();
        var reply = Assert.Single(await _a.Service<IPostStore>().RepliesAsync(story.Id, Ct));
        var image = Assert.Single(reply.Images);
        Assert.Null(image.MediaId);
        Assert.Equal((Remote + "/gone.jpg", "Beans on canes", 640), (image.RemoteUrl, image.Alt, image.Width));
        using var client = _a.CreateClient();
        var page = await client.GetStringAsync($"/replies/{reply.Id}", Ct);
        Assert.DoesNotContain($"src=\"{Remote}", page, StringComparison.Ordinal);
        Assert.Contains("Beans on canes", page, StringComparison.Ordinal);
        Assert.Contains($"href=\"{Remote}/gone.jpg\"", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Picture_Copied_GetsItsVersions_AndTheReplyPageOffersThem()
    {
        using var pictures = new PictureServer("/beans.jpg", Content.TestImages.Jpeg(1000, 750));
        _network.Serve("pictures.test", pictures);
        var story = await _a.StoryAsync(_alice.Id, "Our beans");
        var note = Note($"{Remote}/notes/{Guid.NewGuid():N}", "<p>Ours too</p>");
        note["inReplyTo"] = $"http://a.test/stories/{story.Id}";
        note["attachment"] = new JsonArray(
            new JsonObject { ["type"] = "Document", ["mediaType"] = "image/jpeg", ["url"] = "http://pictures.test/beans.jpg", ["name"] = "Beans on canes", ["width"] = 1000, ["height"] = 750 });
        await SendAsync(Create(note));

        await _network.DrainAsync();

        var reply = Assert.Single(await _a.Service<IPostStore>().RepliesAsync(story.Id, Ct));
        var image = Assert.Single(reply.Images);
        Assert.NotNull(image.MediaId);
        Assert.Equal((1000, 750, "image/jpeg"), (image.Width, image.Height, image.MediaType));
        var media = _a.Service<IMediaStore>();
        Assert.NotNull((await media.FindAsync(image.MediaId.Value, Ct))?.VersionsMadeAt);
        Assert.Equal([(320, "image/jpeg"), (320, "image/webp"), (640, "image/jpeg"), (640, "image/webp"), (1000, "image/webp")],
            (await media.VersionsAsync(image.MediaId.Value, Ct)).Select(v => (v.Width, v.MediaType)));
        using var client = _a.CreateClient();
        var page = await client.GetStringAsync($"/stories/{story.Id}", Ct);
        Assert.Contains($"srcset=\"/media/{image.MediaId}/320.webp 320w\"", page, StringComparison.Ordinal);
        Assert.Contains($"src=\"/media/{image.MediaId}/320.jpg\"", page, StringComparison.Ordinal);
        Assert.Contains("width=\"1000\" height=\"750\"", page, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ar", "ar")]       // the key whose text is the content
    [InlineData("und", "en")]      // "undetermined" is no language: the next key that is one
    [InlineData("xx-nope", "en")]
    public async Task ReceivedReply_TakesItsLanguageFromContentMap(string key, string expected)
    {
        var story = await _a.StoryAsync(_alice.Id, "Language test " + key);
        var note = Note($"{Remote}/notes/{Guid.NewGuid():N}", "<p>شكرا لكم</p>");
        note["inReplyTo"] = $"http://a.test/stories/{story.Id}";
        note["contentMap"] = new JsonObject { ["en"] = "<p>Thank you</p>", [key] = "<p>شكرا لكم</p>" };
        await SendAsync(Create(note));

        await _network.DrainAsync();

        var reply = Assert.Single(await _a.Service<IPostStore>().RepliesAsync(story.Id, Ct));
        Assert.Equal(expected, reply.Language);
        if (expected == "ar")
        {
            using var client = _a.CreateClient();
            var page = await client.GetStringAsync($"/stories/{story.Id}", Ct);
            Assert.Contains("<div class=\"content\" lang=\"ar\" dir=\"auto\">", page, StringComparison.Ordinal);
        }
    }

    /// <summary>Another server's pictures: one file at one path, anything else 404.</summary>
    private sealed class PictureServer(string path, byte[] jpeg) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (request.RequestUri!.AbsolutePath != path)
            {
                return Task.FromResult(new HttpResponseMessage(HttpStatusCode.NotFound));
            }

            var content = new ByteArrayContent(jpeg);
            content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("image/jpeg");
            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = content });
        }
    }

    public static TheoryData<string, string> Hostile => new()
    {
        { """<p>hi</p><script>alert(1)</script>""", "<script" },
        { """<p onclick="alert(1)">hi</p><img src=x onerror="alert(1)">""", "onerror" },
        { """<a href="javascript:alert(1)">click</a>""", "javascript:" },
        { """<a href="data:text/html;base64,PHNjcmlwdD4=">click</a>""", "data:" },
        { """<p style="position:fixed">hi</p><style>body{display:none}</style>""", "style" },
        { """<iframe src="http://evil.test/"></iframe><p>hi</p>""", "iframe" },
        { """<svg onload="alert(1)"><script>alert(1)</script></svg><p>hi</p>""", "svg" },
    };

    [Theory]
    [MemberData(nameof(Hostile))]
    public async Task HostileReply_IsStoredSanitised(string content, string forbidden)
    {
        var story = await _a.StoryAsync(_alice.Id, "Our garden");
        var note = Note($"{Remote}/notes/{Guid.NewGuid():N}", content);
        note["inReplyTo"] = $"http://a.test/stories/{story.Id}";
        note["name"] = "<b>ignored</b>";
        note["attachment"] = new JsonArray(
            new JsonObject { ["type"] = "Image", ["mediaType"] = "image/png", ["url"] = "javascript:alert(1)", ["name"] = "bad" },
            new JsonObject { ["type"] = "Image", ["mediaType"] = "image/svg+xml", ["url"] = Remote + "/x.svg", ["name"] = "svg" });
        await SendAsync(Create(note));

        await _network.DrainAsync();
        var reply = Assert.Single(await _a.Service<IPostStore>().RepliesAsync(story.Id, Ct));
        Assert.DoesNotContain(forbidden, reply.Body!, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("alert", reply.Body!, StringComparison.OrdinalIgnoreCase);
        Assert.Empty(reply.Images);
        Assert.Null(reply.Title);
        Assert.Equal(TextFormat.Html, reply.Format);
        var notices = await _a.Service<INotificationStore>().ListAsync(_alice.Id, Cursor.Start, 20, Ct);
        Assert.Contains(notices.Items, n => n.Kind == NotificationKind.Reply && n.Actor == Mallory && n.PostId == reply.Id);
    }

    [Fact]
    public async Task HostileArticleFields_AreCappedPlainText()
    {
        await FollowMalloryAsync();
        var article = Note($"{Remote}/articles/1", "<p>body</p>");
        article["type"] = "Article";
        article["name"] = "<script>x</script><b>Title</b> " + new string('t', 400);
        article["summary"] = "<i>teaser</i>" + new string('s', 1000);
        article["tag"] = new JsonArray(
            new JsonObject { ["type"] = "Hashtag", ["name"] = "#Repair" },
            new JsonObject { ["type"] = "Hashtag", ["name"] = "#<script>" },
            new JsonObject { ["type"] = "Hashtag", ["name"] = "#two words" });
        article["license"] = "https://creativecommons.org/licenses/by/4.0/";
        article["url"] = "http://elsewhere.test/pretend";
        await SendAsync(Create(article));

        await _network.DrainAsync();
        var stored = await _a.FindAsync($"{Remote}/articles/1");
        Assert.NotNull(stored);
        Assert.Equal(PostKind.Story, stored.Kind);
        Assert.DoesNotContain("<", stored.Title!, StringComparison.Ordinal);
        Assert.True(stored.Title!.Length <= PostLimits.TitleMax);
        Assert.True(stored.Summary!.Length <= PostLimits.SummaryMax);
        Assert.Equal(["repair"], stored.Topics);
        Assert.Equal("CC-BY-4.0", stored.Licence);
        Assert.Null(stored.Url);   // a url on another host is not taken
        Assert.Equal(Visibility.Public, stored.Visibility);
    }

    [Fact]
    public async Task CreateOfSomeoneElsesObject_IsRefused_AndUnrelatedPostsAreNotStored()
    {
        var story = await _a.StoryAsync(_alice.Id, "Our garden");
        var forged = Note("http://a.test/notes/forged", "<p>forged</p>");
        forged["inReplyTo"] = $"http://a.test/stories/{story.Id}";
        using var client = _a.CreateClient();
        using (var response = await _remote.PostAsync(client, "http://a.test/inbox", "mallory", Create(forged).ToJsonString()))
        {
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        }

        // Nobody here follows mallory and the note names no one: nothing to keep.
        await SendAsync(Create(Note($"{Remote}/notes/unrelated", "<p>hello world</p>")));
        var marker = Note($"{Remote}/notes/marker", "<p>marker</p>");
        marker["inReplyTo"] = $"http://a.test/stories/{story.Id}";
        await SendAsync(Create(marker));
        await _network.DrainAsync();
        Assert.NotNull(await _a.FindAsync($"{Remote}/notes/marker"));
        Assert.Null(await _a.FindAsync($"{Remote}/notes/unrelated"));
        Assert.Null(await _a.FindAsync("http://a.test/notes/forged"));
    }

    [Fact]
    public async Task LikeAndShare_Count_UndoTakesThemBack_RepeatsChangeNothing()
    {
        var story = await _a.StoryAsync(_alice.Id, "Our garden");
        var url = $"http://a.test/stories/{story.Id}";
        var like = new JsonObject { ["id"] = Remote + "/likes/1", ["type"] = "Like", ["actor"] = Mallory, ["object"] = url };
        await SendAsync(like);
        await SendAsync(new JsonObject { ["id"] = Remote + "/likes/2", ["type"] = "Like", ["actor"] = Mallory, ["object"] = url });
        await SendAsync(new JsonObject { ["id"] = Remote + "/shares/1", ["type"] = "Announce", ["actor"] = Mallory, ["object"] = url, ["to"] = "as:Public" });
        await _network.DrainAsync();
        var counted = await _a.Service<IPostStore>().FindAsync(story.Id, Ct);
        Assert.Equal((1, 1), (counted?.LikeCount, counted?.ShareCount));

        await SendAsync(new JsonObject { ["id"] = Remote + "/undo/1", ["type"] = "Undo", ["actor"] = Mallory, ["object"] = like.DeepClone() });
        await _network.DrainAsync();
        var undone = await _a.Service<IPostStore>().FindAsync(story.Id, Ct);
        Assert.Equal((0, 1), (undone?.LikeCount, undone?.ShareCount));
        var notices = await _a.Service<INotificationStore>().ListAsync(_alice.Id, Cursor.Start, 20, Ct);
        Assert.Single(notices.Items, n => n.Kind == NotificationKind.Like);
        Assert.Single(notices.Items, n => n.Kind == NotificationKind.Share);
    }

    [Fact]
    public async Task Objects_ServedByContentNegotiation_DeletedIs410Tombstone_FollowersOnlyAndDraftsHidden()
    {
        var story = await _a.StoryAsync(_alice.Id, "Our garden", "public", "garden");
        var quiet = await _a.StoryAsync(_alice.Id, "Only followers", "followers");
        var draft = PostNetwork.Ok(await _a.Service<PostService>().CreateStoryAsync(
            _alice.Id, new StoryInput("Draft", null, null, null, null, null, null, true, null), Ct));
        using var client = _a.CreateClient();

        var (status, body) = await GetJsonAsync(client, $"/stories/{story.Id}");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("Article", (string?)body!["type"]);
        Assert.Equal($"http://a.test/stories/{story.Id}", (string?)body["id"]);

        Assert.Equal(HttpStatusCode.NotFound, (await GetJsonAsync(client, $"/stories/{quiet.Id}")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await GetJsonAsync(client, $"/stories/{draft.Id}")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await GetJsonAsync(client, $"/lessons/{story.Id}")).Status);

        await _a.Service<PostService>().DeleteAsync(_alice.Id, story.Id, Ct);
        (status, body) = await GetJsonAsync(client, $"/stories/{story.Id}");
        Assert.Equal(HttpStatusCode.Gone, status);
        Assert.Equal("Tombstone", (string?)body!["type"]);

        using var ns = await client.GetAsync("/ns", Ct);
        Assert.Equal("application/ld+json", ns.Content.Headers.ContentType?.MediaType);
        Assert.Equal("*", ns.Headers.GetValues("Access-Control-Allow-Origin").Single());
        var context = JsonNode.Parse(await ns.Content.ReadAsStringAsync(Ct))!["@context"]!;
        Assert.Equal("https://w3id.org/oursociety/ns#", (string?)context["os"]);
    }

    private static async Task<(HttpStatusCode Status, JsonNode? Body)> GetJsonAsync(HttpClient client, string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Accept.ParseAdd("application/activity+json");
        using var response = await client.SendAsync(request, Ct);
        var text = await response.Content.ReadAsStringAsync(Ct);
        return (response.StatusCode, response.Content.Headers.ContentType?.MediaType == "application/activity+json" ? JsonNode.Parse(text) : null);
    }

    private async Task FollowMalloryAsync()
    {
        var outcome = await _a.Service<OurSociety.Federation.Follows.FollowService>().FollowAsync("alice", Mallory, Ct);
        var follow = PostNetwork.Ok(outcome);
        await SendAsync(new JsonObject
        {
            ["id"] = Remote + "/accepts/" + follow.Id,
            ["type"] = "Accept",
            ["actor"] = Mallory,
            ["object"] = follow.ActivityId,
        });
        await _network.DrainAsync();
        Assert.Equal(OurSociety.Core.Federation.FollowState.Accepted, (await _a.Service<OurSociety.Core.Federation.IFollowStore>().FindAsync(follow.Id, Ct))?.State);
    }

    private async Task SendAsync(JsonObject activity)
    {
        using var client = _a.CreateClient();
        using var response = await _remote.PostAsync(client, "http://a.test/inbox", "mallory", activity.ToJsonString());
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
    }

    private static JsonObject Note(string id, string content) => new()
    {
        ["id"] = id,
        ["type"] = "Note",
        ["attributedTo"] = Mallory,
        ["content"] = content,
        ["to"] = new JsonArray("https://www.w3.org/ns/activitystreams#Public"),
        ["cc"] = new JsonArray(Mallory + "/followers"),
        ["published"] = "2026-11-28T11:00:00Z",
    };

    private static JsonObject Create(JsonObject note) => new()
    {
        ["@context"] = "https://www.w3.org/ns/activitystreams",
        ["id"] = (string)note["id"]! + "/activity",
        ["type"] = "Create",
        ["actor"] = Mallory,
        ["to"] = note["to"]!.DeepClone(),
        ["object"] = note,
    };
}
