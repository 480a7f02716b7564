using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using OurSociety.Core.Posts;
using OurSociety.Storage.Sql;
using OurSociety.Testing;
using OurSociety.Web.Tests.Api;

namespace OurSociety.Web.Tests.Posts;

public sealed class PostApiTests(NodeFactory node) : IClassFixture<NodeFactory>
{
    private const string Stories = ApiTestKit.Prefix + "/stories";
    private const string Lessons = ApiTestKit.Prefix + "/lessons";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task CreateStory_Valid_PublishesWithEveryField()
    {
        using var user = await node.ApiUserAsync("story_alice");

        var story = await (await user.Client.PostAsJsonAsync(Stories, new
        {
            title = "  Our repair café  ",
            summary = "Forty people fixed things together.",
            body = "We met in the **library**.",
            topics = new[] { "#Repair", "community", "repair" },
            locality = "Leeds",
        }, Ct)).JsonAsync(HttpStatusCode.Created);

        Assert.Equal("Our repair café", story.GetProperty("title").GetString());
        Assert.Equal("story", story.GetProperty("kind").GetString());
        Assert.Equal(["community", "repair"], story.GetProperty("topics").EnumerateArray().Select(t => t.GetString()));
        Assert.Equal("CC-BY-SA-4.0", story.GetProperty("licence").GetString());
        Assert.Equal("public", story.GetProperty("visibility").GetString());
        Assert.False(story.GetProperty("draft").GetBoolean());
        Assert.Equal("story_alice", story.GetProperty("author").GetProperty("username").GetString());
        Assert.Equal($"{node.PublicUrl}/users/story_alice", story.GetProperty("author").GetProperty("actorId").GetString());
        var id = story.GetProperty("id").GetGuid();
        Assert.Equal($"{node.PublicUrl}/stories/{id}", story.GetProperty("url").GetString());
        Assert.Equal($"{node.PublicUrl}/stories/{id}", story.GetProperty("apId").GetString());
        Assert.True(story.TryGetProperty("published", out var published) && published.ValueKind == JsonValueKind.String);

        using var anonymous = node.CreateClient();
        var read = await (await anonymous.GetAsync($"{Stories}/{id}", Ct)).JsonAsync(HttpStatusCode.OK);
        Assert.Equal("We met in the **library**.", read.GetProperty("body").GetString());
    }

    [Theory]
    [InlineData("""{"body":"text"}""", "title")]
    [InlineData("""{"title":"t"}""", "body")]
    [InlineData("""{"title":"t","body":"b","licence":"GPL"}""", "licence")]
    [InlineData("""{"title":"t","body":"b","visibility":"secret"}""", "visibility")]
    [InlineData("""{"title":"t","body":"b","topics":["two words"]}""", "topics")]
    [InlineData("""{"title":"t","body":"b","images":[{"mediaId":"0197c5d5-0000-7000-8000-000000000000","alt":"x"}]}""", "images[0].mediaId")]
    [InlineData("""{"title":"t","body":"b","images":[{"mediaId":"0197c5d5-0000-7000-8000-000000000000"}]}""", "images[0].alt")]
    [InlineData("""{"title":"t","body":"b","images":[{},{},{},{},{}]}""", "images")]
    public async Task CreateStory_BadInput_Is400NamingTheFieldAndStoresNothing(string json, string field)
    {
        using var user = await node.ApiUserAsync("story_bad_" + Math.Abs(json.GetHashCode(StringComparison.Ordinal)));

        var problem = await (await user.Client.SendRawAsync(HttpMethod.Post, Stories, json, "application/json")).ProblemAsync(HttpStatusCode.BadRequest);

        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
        Assert.Equal(0, await CountPostsAsync(user.Member.Id));
    }

    [Fact]
    public async Task CreateStory_UploadedPictures_AttachWithTheirDescriptions_OnlyTheUploaderMayUseThem()
    {
        using var user = await node.ApiUserAsync("story_pictures");
        using var other = await node.ApiUserAsync("story_picture_thief");
        var mediaId = await UploadAsync(user);

        var story = await (await user.Client.PostAsJsonAsync(Stories, new
        {
            title = "Garden day",
            body = "We planted.",
            images = new[] { new { mediaId, alt = "Six people planting leeks in a raised bed" } },
        }, Ct)).JsonAsync(HttpStatusCode.Created);

        var image = Assert.Single(story.GetProperty("images").EnumerateArray());
        Assert.Equal($"{node.PublicUrl}/media/{mediaId}", image.GetProperty("url").GetString());
        Assert.Equal("Six people planting leeks in a raised bed", image.GetProperty("alt").GetString());
        Assert.Equal(mediaId, image.GetProperty("mediaId").GetGuid());
        var stolen = await (await other.Client.PostAsJsonAsync(Stories, new { title = "t", body = "b", images = new[] { new { mediaId, alt = "x" } } }, Ct))
            .ProblemAsync(HttpStatusCode.BadRequest);
        Assert.True(stolen.GetProperty("errors").TryGetProperty("images[0].mediaId", out _));
        var noAlt = await (await user.Client.PostAsJsonAsync(Stories, new { title = "t", body = "b", images = new[] { new { mediaId, alt = " " } } }, Ct))
            .ProblemAsync(HttpStatusCode.BadRequest);
        Assert.True(noAlt.GetProperty("errors").TryGetProperty("images[0].alt", out _));
    }

    [Fact]
    public async Task CreateStory_BodyOver100000Characters_Is400()
    {
        using var user = await node.ApiUserAsync("story_long");

        var problem = await (await user.Client.PostAsJsonAsync(Stories, new { title = "t", body = new string('a', 100_001) }, Ct))
            .ProblemAsync(HttpStatusCode.BadRequest);

        Assert.Contains("100,000", problem.GetProperty("errors").GetProperty("body")[0].GetString(), StringComparison.Ordinal);
        Assert.Equal(0, await CountPostsAsync(user.Member.Id));
    }

    [Fact]
    public async Task Draft_OnlyTheAuthorSeesIt_UntilPublished()
    {
        using var user = await node.ApiUserAsync("story_drafter");
        using var other = await node.ApiUserAsync("story_reader");
        var draft = await (await user.Client.PostAsJsonAsync(Stories, new { title = "Half-written", draft = true }, Ct)).JsonAsync(HttpStatusCode.Created);
        var id = draft.GetProperty("id").GetGuid();

        await (await other.Client.GetAsync($"{Stories}/{id}", Ct)).ProblemAsync(HttpStatusCode.NotFound);
        var drafts = await (await user.Client.GetAsync(ApiTestKit.Prefix + "/me/drafts", Ct)).JsonAsync(HttpStatusCode.OK);
        Assert.Equal(id, Assert.Single(drafts.GetProperty("items").EnumerateArray()).GetProperty("id").GetGuid());
        var list = await (await other.Client.GetAsync($"{Stories}?source=local", Ct)).JsonAsync(HttpStatusCode.OK);
        Assert.DoesNotContain(list.GetProperty("items").EnumerateArray(), s => s.GetProperty("id").GetGuid() == id);

        var published = await (await user.Client.PutAsJsonAsync($"{Stories}/{id}", new { title = "Written", body = "Done.", draft = false }, Ct))
            .JsonAsync(HttpStatusCode.OK);

        Assert.False(published.GetProperty("draft").GetBoolean());
        await (await other.Client.GetAsync($"{Stories}/{id}", Ct)).JsonAsync(HttpStatusCode.OK);
        var back = await (await user.Client.PutAsJsonAsync($"{Stories}/{id}", new { title = "Written", body = "Done.", draft = true }, Ct))
            .ProblemAsync(HttpStatusCode.BadRequest);
        Assert.True(back.GetProperty("errors").TryGetProperty("draft", out _));
    }

    [Fact]
    public async Task EditAndDelete_OnlyTheAuthor_ThenGone410()
    {
        using var user = await node.ApiUserAsync("story_editor");
        using var other = await node.ApiUserAsync("story_stranger");
        var id = (await (await user.Client.PostAsJsonAsync(Stories, new { title = "First", body = "One" }, Ct)).JsonAsync(HttpStatusCode.Created))
            .GetProperty("id").GetGuid();

        await (await other.Client.PutAsJsonAsync($"{Stories}/{id}", new { title = "Mine now", body = "x" }, Ct)).ProblemAsync(HttpStatusCode.Forbidden);
        await (await other.Client.DeleteAsync($"{Stories}/{id}", Ct)).ProblemAsync(HttpStatusCode.Forbidden);
        var edited = await (await user.Client.PutAsJsonAsync($"{Stories}/{id}", new { title = "Second", body = "Two" }, Ct)).JsonAsync(HttpStatusCode.OK);
        Assert.Equal("Second", edited.GetProperty("title").GetString());
        Assert.Equal(JsonValueKind.String, edited.GetProperty("updated").ValueKind);

        Assert.Equal(HttpStatusCode.NoContent, (await user.Client.DeleteAsync($"{Stories}/{id}", Ct)).StatusCode);

        await (await other.Client.GetAsync($"{Stories}/{id}", Ct)).ProblemAsync(HttpStatusCode.Gone);
        await (await user.Client.DeleteAsync($"{Stories}/{id}", Ct)).ProblemAsync(HttpStatusCode.Gone);
        await (await other.Client.PostAsJsonAsync($"{Stories}/{id}/replies", new { body = "Too late" }, Ct)).ProblemAsync(HttpStatusCode.Gone);
    }

    [Fact]
    public async Task Lesson_WithProvenance_RoundTrips()
    {
        using var user = await node.ApiUserAsync("lesson_writer");

        var lesson = await (await user.Client.PostAsJsonAsync(Lessons, new
        {
            title = "Start small",
            situation = "A street of 30 houses",
            tried = "A shared tool shed",
            happened = "Ten people used it",
            learned = "Start with what people already share.",
            advice = "Ask first.",
            topics = new[] { "tools" },
            sources = new[] { "https://other.example/stories/1" },
            adaptedFrom = "https://third.example/lessons/9",
            licence = "CC0-1.0",
        }, Ct)).JsonAsync(HttpStatusCode.Created);

        Assert.Equal("lesson", lesson.GetProperty("kind").GetString());
        Assert.Equal("Start with what people already share.", lesson.GetProperty("learned").GetString());
        Assert.Equal(["https://other.example/stories/1"], lesson.GetProperty("sources").EnumerateArray().Select(s => s.GetString()));
        Assert.Equal("https://third.example/lessons/9", lesson.GetProperty("adaptedFrom").GetString());
        Assert.Equal("CC0-1.0", lesson.GetProperty("licence").GetString());
        Assert.False(lesson.TryGetProperty("body", out _));
        var id = lesson.GetProperty("id").GetGuid();
        await (await user.Client.GetAsync($"{Stories}/{id}", Ct)).ProblemAsync(HttpStatusCode.NotFound);

        var bad = await (await user.Client.PostAsJsonAsync(Lessons, new { title = "x", learned = "y", sources = new[] { "javascript:alert(1)" } }, Ct))
            .ProblemAsync(HttpStatusCode.BadRequest);
        Assert.True(bad.GetProperty("errors").TryGetProperty("sources", out _));
    }

    [Fact]
    public async Task RepliesLikesShares_CountAndNotifyTheAuthor()
    {
        using var author = await node.ApiUserAsync("thread_author");
        using var reader = await node.ApiUserAsync("thread_reader");
        var lesson = await (await author.Client.PostAsJsonAsync(Lessons, new { title = "Ask first", learned = "People help when asked." }, Ct))
            .JsonAsync(HttpStatusCode.Created);
        var id = lesson.GetProperty("id").GetGuid();

        var reply = await (await reader.Client.PostAsJsonAsync($"{Lessons}/{id}/replies", new { body = "Thanks!" }, Ct)).JsonAsync(HttpStatusCode.Created);
        var tried = await (await reader.Client.PostAsJsonAsync($"{Lessons}/{id}/replies", new { body = "We did it.", triedIt = new { outcome = "It worked" } }, Ct))
            .JsonAsync(HttpStatusCode.Created);
        await (await reader.Client.PostAsync($"{Lessons}/{id}/like", null, Ct)).JsonAsync(HttpStatusCode.OK);
        await (await reader.Client.PostAsync($"{Lessons}/{id}/like", null, Ct)).JsonAsync(HttpStatusCode.OK);
        var shared = await (await reader.Client.PostAsync($"{Lessons}/{id}/share", null, Ct)).JsonAsync(HttpStatusCode.OK);

        Assert.Equal(2, shared.GetProperty("replies").GetInt32());
        Assert.Equal(1, shared.GetProperty("likes").GetInt32());
        Assert.Equal(1, shared.GetProperty("shares").GetInt32());
        Assert.Equal("It worked", tried.GetProperty("triedIt").GetProperty("outcome").GetString());

        await (await reader.Client.PostAsync($"{ApiTestKit.Prefix}/replies/{reply.GetProperty("id").GetGuid()}/hide", null, Ct)).ProblemAsync(HttpStatusCode.Forbidden);
        var hidden = await (await author.Client.PostAsync($"{ApiTestKit.Prefix}/replies/{reply.GetProperty("id").GetGuid()}/hide", null, Ct)).JsonAsync(HttpStatusCode.OK);
        Assert.True(hidden.GetProperty("hidden").GetBoolean());
        using var anonymous = node.CreateClient();
        var replies = await (await anonymous.GetAsync($"{Lessons}/{id}/replies", Ct)).JsonAsync(HttpStatusCode.OK);
        Assert.Single(replies.EnumerateArray());

        var unliked = await (await reader.Client.DeleteAsync($"{Lessons}/{id}/like", Ct)).JsonAsync(HttpStatusCode.OK);
        Assert.Equal(0, unliked.GetProperty("likes").GetInt32());
        var notifications = node.Services.GetRequiredService<OurSociety.Core.Notifications.INotificationStore>();
        Assert.Equal(4, await notifications.CountUnreadAsync(author.Member.Id, Ct));   // reply, tried, like, share

        var story = await (await author.Client.PostAsJsonAsync(Stories, new { title = "s", body = "b" }, Ct)).JsonAsync(HttpStatusCode.Created);
        var notLesson = await (await reader.Client.PostAsJsonAsync($"{Stories}/{story.GetProperty("id").GetGuid()}/replies", new { triedIt = new { outcome = "x" } }, Ct))
            .ProblemAsync(HttpStatusCode.BadRequest);
        Assert.True(notLesson.GetProperty("errors").TryGetProperty("triedIt", out _));
    }

    [Fact]
    public async Task Reply_MentioningAMember_NotifiesThemOnce()
    {
        using var author = await node.ApiUserAsync("mention_author");
        using var replier = await node.ApiUserAsync("mention_replier");
        var friend = await node.CreateMemberAsync("mention_friend");
        var story = await (await author.Client.PostAsJsonAsync(Stories, new { title = "s", body = "b" }, Ct)).JsonAsync(HttpStatusCode.Created);

        await (await replier.Client.PostAsJsonAsync($"{Stories}/{story.GetProperty("id").GetGuid()}/replies",
            new { body = "@mention_friend you should read this, and @mention_author thanks" }, Ct)).JsonAsync(HttpStatusCode.Created);

        var notifications = node.Services.GetRequiredService<OurSociety.Core.Notifications.INotificationStore>();
        var mentioned = await notifications.ListAsync(friend.Id, OurSociety.Core.Paging.Cursor.Start, 10, Ct);
        Assert.Equal(OurSociety.Core.Notifications.NotificationKind.Mention, Assert.Single(mentioned.Items).Kind);
        var authors = await notifications.ListAsync(author.Member.Id, OurSociety.Core.Paging.Cursor.Start, 10, Ct);
        Assert.Equal(OurSociety.Core.Notifications.NotificationKind.Reply, Assert.Single(authors.Items).Kind);   // a reply, not also a mention
    }

    [Fact]
    public async Task List_KeysetPagingAndFilters()
    {
        using var user = await node.ApiUserAsync("list_writer");
        for (var i = 0; i < 5; i++)
        {
            await (await user.Client.PostAsJsonAsync(Stories, new { title = $"Paged {i}", body = "b", topics = new[] { "pagingtopic" }, locality = i % 2 == 0 ? "York" : "Hull" }, Ct))
                .JsonAsync(HttpStatusCode.Created);
        }

        using var anonymous = node.CreateClient();
        var seen = new List<string>();
        string? cursor = null;
        do
        {
            var page = await (await anonymous.GetAsync($"{Stories}?topic=PagingTopic&limit=2" + (cursor is null ? "" : $"&cursor={cursor}"), Ct)).JsonAsync(HttpStatusCode.OK);
            seen.AddRange(page.GetProperty("items").EnumerateArray().Select(s => s.GetProperty("title").GetString()!));
            cursor = page.GetProperty("next").GetString();
        }
        while (cursor is not null);

        Assert.Equal(["Paged 4", "Paged 3", "Paged 2", "Paged 1", "Paged 0"], seen);
        var york = await (await anonymous.GetAsync($"{Stories}?topic=pagingtopic&locality=york", Ct)).JsonAsync(HttpStatusCode.OK);
        Assert.Equal(3, york.GetProperty("items").GetArrayLength());
        var future = await (await anonymous.GetAsync($"{Stories}?topic=pagingtopic&since=2999-01-01", Ct)).JsonAsync(HttpStatusCode.OK);
        Assert.Equal(0, future.GetProperty("items").GetArrayLength());
        await (await anonymous.GetAsync($"{Stories}?since=yesterday", Ct)).ProblemAsync(HttpStatusCode.BadRequest);
        await (await anonymous.GetAsync($"{Stories}?source=mars", Ct)).ProblemAsync(HttpStatusCode.BadRequest);
    }

    private static async Task<Guid> UploadAsync(ApiUser user)
    {
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(Content.TestImages.JpegWithMetadata(64, 48, orientation: 1));
        file.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("image/jpeg");
        form.Add(file, "file", "garden.jpg");
        return (await (await user.Client.PostAsync(ApiTestKit.Prefix + "/media", form, Ct)).JsonAsync(HttpStatusCode.Created)).GetProperty("id").GetGuid();
    }

    private async Task<long> CountPostsAsync(Guid authorId)
    {
        await using var connection = await node.Services.GetRequiredService<IDbConnectionFactory>().OpenAsync(Ct);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM post WHERE author_id = $id";
        var parameter = command.CreateParameter();
        parameter.ParameterName = "$id";
        parameter.Value = authorId.ToString("D");
        command.Parameters.Add(parameter);
        return (long)(await command.ExecuteScalarAsync(Ct))!;
    }
}
