using System.Net;
using System.Net.Http.Headers;
using OurSociety.Core.Posts;
using OurSociety.Testing;

namespace OurSociety.Web.Tests.Posts;

/// <summary>The pages of stories, lessons and replies: not found, deleted, received posts, replies and reactions.</summary>
public sealed class PostPageViewTests(NodeFactory node) : IClassFixture<NodeFactory>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Page_Unknown_OtherKindOrNotShared_Is404()
    {
        var member = await node.CreateMemberAsync("pv_hider");
        var followersOnly = await node.StoryAsync(member.Id, "Just for followers", Visibility.Followers);
        var lesson = await node.LessonAsync(member.Id, "A lesson, not a story");
        using var browser = new Browserless(node);

        Assert.Equal(HttpStatusCode.NotFound, (await browser.GetAsync($"/stories/{Guid.CreateVersion7()}")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await browser.GetAsync($"/stories/{lesson.Id}")).Status);
        var (status, html) = await browser.GetAsync($"/stories/{followersOnly.Id}");
        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.DoesNotContain("Just for followers", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Page_Deleted_Is410SayingSo()
    {
        var member = await node.CreateMemberAsync("pv_deleter");
        var lesson = await node.LessonAsync(member.Id, "Gone soon");
        await node.Service<PostService>().DeleteAsync(member.Id, lesson.Id, Ct);
        using var browser = new Browserless(node);

        var (status, html) = await browser.GetAsync($"/lessons/{lesson.Id}");

        Assert.Equal(HttpStatusCode.Gone, status);
        Assert.Contains("This has been deleted by its author.", html, StringComparison.Ordinal);
        Assert.DoesNotContain("Gone soon", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Page_AskedForActivityJson_IsAnsweredByTheObjectNotTheHtml()
    {
        var member = await node.CreateMemberAsync("pv_negotiator");
        var story = await node.StoryAsync(member.Id, "Negotiated");
        using var client = node.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/stories/{story.Id}");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/activity+json"));

        var response = await client.SendAsync(request, Ct);

        Assert.Contains("Accept", response.Headers.Vary);
        Assert.NotEqual("text/html", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task ReceivedStory_LinksTheOriginal_NeverShowsTheirPicturesOrScripts()
    {
        var now = node.Time.GetUtcNow();
        var received = new Post
        {
            Id = Guid.CreateVersion7(now),
            Kind = PostKind.Story,
            RemoteAuthor = "https://remote.example/users/bob",
            ApId = "https://remote.example/notes/1",
            Url = "https://remote.example/@bob/1",
            Format = TextFormat.Html,
            Title = "A story from elsewhere",
            Body = "<p>Hello <b>there</b><script>alert(1)</script></p>",
            Images = [new PostImage(null, "https://remote.example/pic.jpg", "A remote picture", "image/jpeg", 10, 10)],
            CreatedAt = now,
            PublishedAt = now,
        };
        await node.WriteAsync(tx => node.Service<IPostStore>().AddAsync(received, tx, Ct));
        var reader = await node.CreateMemberAsync("pv_reader");
        var lesson = await node.LessonAsync(reader.Id, "Learned from afar", ["https://remote.example/notes/1"]);
        using var browser = new Browserless(node);

        var (status, html) = await browser.GetAsync($"/stories/{received.Id}");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("href=\"https://remote.example/@bob/1\"", html, StringComparison.Ordinal);
        Assert.Contains("View the original on remote.example", html, StringComparison.Ordinal);
        Assert.Contains("<b>there</b>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script>alert", html, StringComparison.Ordinal);
        Assert.DoesNotContain("src=\"https://remote.example", html, StringComparison.Ordinal);
        Assert.Contains("A remote picture", html, StringComparison.Ordinal);
        Assert.Contains("href=\"https://remote.example/pic.jpg\"", html, StringComparison.Ordinal);

        var (_, lessonPage) = await browser.GetAsync($"/lessons/{lesson.Id}");
        Assert.Contains($"<a href=\"{node.PublicUrl}/stories/{received.Id}\">A story from elsewhere</a>", lessonPage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Replies_AreThreaded_WithTriedReportsApart_AndIndentationLimited()
    {
        var author = await node.CreateMemberAsync("pv_teacher");
        var replier = await node.CreateMemberAsync("pv_replier");
        var lesson = await node.LessonAsync(author.Id, "Threaded lesson");
        var a = await node.ReplyAsync(replier.Id, lesson, "Reply A at the top");
        var b = await node.ReplyAsync(author.Id, a, "Reply B answers A");
        var c = await node.ReplyAsync(replier.Id, b, "Reply C answers B");
        var d = await node.ReplyAsync(author.Id, c, "Reply D answers C");
        var tried = await node.ReplyAsync(replier.Id, lesson, "We did it too", tried: "It worked: thirty people came.");
        using var browser = new Browserless(node);

        var (status, html) = await browser.GetAsync($"/lessons/{lesson.Id}");

        Assert.Equal(HttpStatusCode.OK, status);
        var triedAt = html.IndexOf("It worked: thirty people came.", StringComparison.Ordinal);
        var otherAt = html.IndexOf("Other replies", StringComparison.Ordinal);
        Assert.InRange(triedAt, html.IndexOf("People who tried this", StringComparison.Ordinal), otherAt);
        Assert.True(otherAt < html.IndexOf("Reply A at the top", StringComparison.Ordinal));
        foreach (var reply in new[] { a, b, c, d, tried })
        {
            Assert.Contains($"id=\"reply-{reply.Id}\"", html, StringComparison.Ordinal);
        }

        // The top list, A's answers and B's answers; C's answer D follows C instead of indenting a fourth time.
        Assert.Equal(3, html.Occurrences("<ol class=\"replies\">"));
        Assert.True(html.IndexOf("Reply C answers B", StringComparison.Ordinal) < html.IndexOf("Reply D answers C", StringComparison.Ordinal));

        var (replyStatus, replyPage) = await browser.GetAsync($"/replies/{b.Id}");
        Assert.Equal(HttpStatusCode.OK, replyStatus);
        Assert.Contains("In answer to <a", replyPage, StringComparison.Ordinal);
        Assert.Contains($"href=\"{node.PublicUrl}/replies/{a.Id}\"", replyPage, StringComparison.Ordinal);
        Assert.Contains($"<a href=\"{node.PublicUrl}/lessons/{lesson.Id}\">Threaded lesson</a>", replyPage, StringComparison.Ordinal);
        Assert.Contains("Reply C answers B", replyPage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReplyForm_PostsAndRedirectsToTheReply()
    {
        var author = await node.CreateMemberAsync("pv_storyteller");
        var replier = await node.CreateMemberAsync("pv_answerer");
        var story = await node.StoryAsync(author.Id, "Reply to me");
        using var browser = await node.SignedInBrowserAsync("pv_answerer");
        var page = $"/stories/{story.Id}";

        var response = await browser.SubmitAsync(page, $"{page}/replies", new Dictionary<string, string> { ["body"] = "Lovely *story*" });

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith($"{page}?notice=reply-posted#reply-", response.Headers.Location?.OriginalString, StringComparison.Ordinal);
        var (_, html) = await browser.GetAsync(page);
        Assert.Contains("Lovely <em>story</em>", html, StringComparison.Ordinal);
        Assert.Contains("1 reply", html, StringComparison.Ordinal);
        Assert.Equal(1, await node.CountPostsAsync(replier.Id));
    }

    [Fact]
    public async Task ReplyForm_TriedIt_OnALesson_IsShownApart()
    {
        var author = await node.CreateMemberAsync("pv_lessoner");
        await node.CreateMemberAsync("pv_tryer");
        var lesson = await node.LessonAsync(author.Id, "Try me");
        using var browser = await node.SignedInBrowserAsync("pv_tryer");
        var page = $"/lessons/{lesson.Id}";

        var response = await browser.SubmitAsync(page, $"{page}/replies",
            new Dictionary<string, string> { ["body"] = "Details here", ["triedIt"] = "true", ["outcome"] = "It half worked." });

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var (_, html) = await browser.GetAsync(page);
        Assert.Contains("class=\"replies tried-list\"", html, StringComparison.Ordinal);
        Assert.Contains("It half worked.", html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("story", "", null, null, "body")]
    [InlineData("lesson", "Text", "true", "", "outcome")]
    [InlineData("story", "Text", "true", "It worked", "body")]
    [InlineData("story", "", null, "x", "body")]
    public async Task ReplyForm_BadInput_Is400BesideTheFieldAndStoresNothing(string kind, string body, string? triedIt, string? outcome, string field)
    {
        var author = await node.CreateMemberAsync($"pv_target_{kind}_{field.ToLowerInvariant()}_{body.Length}_{outcome?.Length}");
        var replier = await node.CreateMemberAsync($"pv_bad_{kind}_{field.ToLowerInvariant()}_{body.Length}_{outcome?.Length}");
        var post = kind == "story" ? await node.StoryAsync(author.Id, "Target") : await node.LessonAsync(author.Id, "Target");
        using var browser = await node.SignedInBrowserAsync(replier.Username);
        var page = $"/{(kind == "story" ? "stories" : "lessons")}/{post.Id}";
        var fields = new Dictionary<string, string> { ["body"] = body };
        if (triedIt is not null)
        {
            fields["triedIt"] = triedIt;
        }

        if (outcome is not null)
        {
            fields["outcome"] = outcome;
        }

        var response = await browser.SubmitAsync(page, $"{page}/replies", fields);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var html = await response.BodyAsync();
        Assert.Contains($"id=\"{field}-error\"", html, StringComparison.Ordinal);
        Assert.Contains("<h1 id=\"post-title\" lang=\"en\" dir=\"ltr\">Target</h1>", html, StringComparison.Ordinal);
        Assert.Equal(0, await node.CountPostsAsync(replier.Id));
    }

    [Fact]
    public async Task ReplyForm_ToADeletedPost_Is410WithAClearMessage()
    {
        var author = await node.CreateMemberAsync("pv_vanisher");
        var replier = await node.CreateMemberAsync("pv_late");
        var story = await node.StoryAsync(author.Id, "Vanishing");
        using var browser = await node.SignedInBrowserAsync("pv_late");
        var page = $"/stories/{story.Id}";
        var (_, html) = await browser.GetAsync(page);
        var token = Settings.TestForms.Token(html, $"{page}/replies");
        await node.Service<PostService>().DeleteAsync(author.Id, story.Id, Ct);

        using var content = new FormUrlEncodedContent(new Dictionary<string, string> { [Settings.TestForms.TokenField] = token, ["body"] = "Too late?" });
        var response = await browser.Client.PostAsync($"{page}/replies", content, Ct);

        Assert.Equal(HttpStatusCode.Gone, response.StatusCode);
        Assert.Contains("You cannot reply: this has been deleted by its author.", await response.BodyAsync(), StringComparison.Ordinal);
        Assert.Equal(0, await node.CountPostsAsync(replier.Id));
    }

    [Fact]
    public async Task Hide_ByThePostsAuthor_FoldsTheReplyForOthersOnly()
    {
        var author = await node.CreateMemberAsync("pv_moderating");
        var rude = await node.CreateMemberAsync("pv_rude");
        await node.CreateMemberAsync("pv_bystander");
        var story = await node.StoryAsync(author.Id, "Hide a reply");
        var reply = await node.ReplyAsync(rude.Id, story, "Something unkind");
        using var owner = await node.SignedInBrowserAsync("pv_moderating");
        using var bystander = await node.SignedInBrowserAsync("pv_bystander");
        var page = $"/stories/{story.Id}";

        var forbidden = await bystander.PostWithTokenAsync($"/replies/{reply.Id}/hide", new Dictionary<string, string>(), page);
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        Assert.DoesNotContain($"action=\"/replies/{reply.Id}/hide\"", (await bystander.GetAsync(page)).Html, StringComparison.Ordinal);

        var hidden = await owner.SubmitAsync(page, $"/replies/{reply.Id}/hide", new Dictionary<string, string>());
        Assert.Equal($"{page}?notice=reply-hidden#reply-{reply.Id}", hidden.Headers.Location?.OriginalString);

        var (_, others) = await bystander.GetAsync(page);
        Assert.DoesNotContain("Something unkind", others, StringComparison.Ordinal);
        Assert.Contains("A reply hidden by the author of the post.", others, StringComparison.Ordinal);
        using var anonymous = new Browserless(node);
        Assert.DoesNotContain("Something unkind", (await anonymous.GetAsync(page)).Html, StringComparison.Ordinal);
        var (_, own) = await owner.GetAsync(page);
        Assert.Contains("Something unkind", own, StringComparison.Ordinal);
        Assert.Contains($"action=\"/replies/{reply.Id}/show\"", own, StringComparison.Ordinal);

        var shown = await owner.SubmitAsync(page, $"/replies/{reply.Id}/show", new Dictionary<string, string>());
        Assert.Equal(HttpStatusCode.Redirect, shown.StatusCode);
        Assert.Contains("Something unkind", (await bystander.GetAsync(page)).Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HelpedAndShare_CountAndCanBeTakenBack()
    {
        var author = await node.CreateMemberAsync("pv_helpful");
        await node.CreateMemberAsync("pv_helped");
        var story = await node.StoryAsync(author.Id, "Helpful story");
        using var browser = await node.SignedInBrowserAsync("pv_helped");
        var page = $"/stories/{story.Id}";

        var liked = await browser.SubmitAsync(page, $"{page}/like", new Dictionary<string, string>());
        Assert.Equal($"{page}?notice=liked", liked.Headers.Location?.OriginalString);
        var shared = await browser.SubmitAsync(page, $"{page}/share", new Dictionary<string, string>());
        Assert.Equal($"{page}?notice=shared", shared.Headers.Location?.OriginalString);
        var (_, html) = await browser.GetAsync(page);
        Assert.Contains("1 person found this helpful", html, StringComparison.Ordinal);
        Assert.Contains("1 share", html, StringComparison.Ordinal);
        Assert.Contains($"action=\"{page}/unlike\"", html, StringComparison.Ordinal);

        await browser.SubmitAsync(page, $"{page}/unlike", new Dictionary<string, string>());
        await browser.SubmitAsync(page, $"{page}/unshare", new Dictionary<string, string>());
        var (_, after) = await browser.GetAsync(page);
        Assert.Contains("0 people found this helpful", after, StringComparison.Ordinal);
        Assert.Contains("0 shares", after, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reactions_SignedOut_GoToSignIn()
    {
        var author = await node.CreateMemberAsync("pv_anon_target");
        var story = await node.StoryAsync(author.Id, "Anonymous readers");
        using var browser = new Browserless(node);

        var (_, html) = await browser.GetAsync($"/stories/{story.Id}");
        Assert.DoesNotContain("/like\"", html, StringComparison.Ordinal);
        Assert.Contains("Sign in to reply", html, StringComparison.Ordinal);
        Assert.Contains($"/signin?returnUrl=%2Fstories%2F{story.Id}", html, StringComparison.Ordinal);   // and back here after
        Assert.Contains("address into its search box", html, StringComparison.Ordinal);
        var response = await browser.PostWithoutTokenAsync($"/stories/{story.Id}/like", new Dictionary<string, string>());
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/signin", response.Headers.Location?.PathAndQuery, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DeleteReply_ByItsAuthor_LeavesAMarkerWhenAnswered()
    {
        var author = await node.CreateMemberAsync("pv_thread_owner");
        var replier = await node.CreateMemberAsync("pv_regretful");
        var story = await node.StoryAsync(author.Id, "Regrets");
        var reply = await node.ReplyAsync(replier.Id, story, "I take this back");
        await node.ReplyAsync(author.Id, reply, "An answer to it");
        using var browser = await node.SignedInBrowserAsync("pv_regretful");

        var deleted = await browser.SubmitAsync($"/replies/{reply.Id}/delete", $"/replies/{reply.Id}/delete", new Dictionary<string, string>());

        Assert.Equal($"/stories/{story.Id}?notice=reply-deleted#replies", deleted.Headers.Location?.OriginalString);
        var (_, html) = await browser.GetAsync($"/stories/{story.Id}");
        Assert.DoesNotContain("I take this back", html, StringComparison.Ordinal);
        Assert.Contains("This reply was deleted by its author.", html, StringComparison.Ordinal);
        Assert.Contains("An answer to it", html, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Gone, (await browser.GetAsync($"/replies/{reply.Id}")).Status);
    }
}
