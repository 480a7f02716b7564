using System.Net;
using System.Net.Http.Json;
using OurSociety.Core.Members;
using OurSociety.Core.Posts;
using OurSociety.Core.Work;
using OurSociety.Testing;
using OurSociety.Web.Tests.Api;

namespace OurSociety.Web.Tests.Posts;

/// <summary>
/// Moderators and admins remove a story, lesson or reply with a reason, through the API and from the post's page; the
/// page then says the hub's moderators removed it, while an author's own deletion keeps saying so.
/// </summary>
public sealed class RemovalTests(NodeFactory node) : IClassFixture<NodeFactory>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static string Api(string segment, Guid id) => $"{ApiTestKit.Prefix}/{segment}/{id}/remove";

    [Fact]
    public async Task Remove_ByAMemberWithoutTheRole_Is403_AndChangesNothing()
    {
        var author = await node.CreateMemberAsync("rm_author1");
        var story = await node.StoryAsync(author.Id, "Stays up");
        using var member = await node.ApiUserAsync("rm_plain", Role.GlueEr);

        var problem = await (await member.Client.PostAsJsonAsync(Api("stories", story.Id), new { reason = "I do not like it" }, Ct))
            .ProblemAsync(HttpStatusCode.Forbidden);

        Assert.Contains("moderators", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        var stored = await node.Service<IPostStore>().FindAsync(story.Id, Ct);
        Assert.False(stored!.IsDeleted);
    }

    [Theory]
    [InlineData("")]
    [InlineData("{}")]
    [InlineData("""{"reason":"   "}""")]
    public async Task Remove_WithoutAReason_Is400NamingTheReason(string body)
    {
        var author = await node.CreateMemberAsync("rm_author_" + Math.Abs(body.GetHashCode(StringComparison.Ordinal)));
        var story = await node.StoryAsync(author.Id, "Needs a reason");
        using var moderator = await node.ApiUserAsync("rm_mod_" + Math.Abs(body.GetHashCode(StringComparison.Ordinal)), Role.Moderator);

        var problem = await (await moderator.Client.SendRawAsync(HttpMethod.Post, Api("stories", story.Id), body, "application/json"))
            .ValidationProblemAsync("reason");

        Assert.Contains("why", problem.GetProperty("errors").GetProperty("reason")[0].GetString(), StringComparison.Ordinal);
        Assert.False((await node.Service<IPostStore>().FindAsync(story.Id, Ct))!.IsDeleted);
    }

    [Fact]
    public async Task Remove_ReasonTooLong_Is400()
    {
        var author = await node.CreateMemberAsync("rm_author_long");
        var story = await node.StoryAsync(author.Id, "Long reason");
        using var moderator = await node.ApiUserAsync("rm_mod_long", Role.Moderator);

        await (await moderator.Client.PostAsJsonAsync(Api("stories", story.Id), new { reason = new string('x', PostLimits.RemovalReasonMax + 1) }, Ct))
            .ValidationProblemAsync("reason");
    }

    [Fact]
    public async Task Remove_UnknownOrOfAnotherKindOrADraft_Is404()
    {
        var author = await node.CreateMemberAsync("rm_author_404");
        var lesson = await node.LessonAsync(author.Id, "A lesson");
        var draft = await node.StoryAsync(author.Id, "A draft", draft: true);
        using var admin = await node.ApiUserAsync("rm_admin_404", Role.Admin);
        var reason = new { reason = "Spam" };

        await (await admin.Client.PostAsJsonAsync(Api("stories", Guid.CreateVersion7()), reason, Ct)).ProblemAsync(HttpStatusCode.NotFound);
        await (await admin.Client.PostAsJsonAsync(Api("stories", lesson.Id), reason, Ct)).ProblemAsync(HttpStatusCode.NotFound);
        await (await admin.Client.PostAsJsonAsync(Api("replies", lesson.Id), reason, Ct)).ProblemAsync(HttpStatusCode.NotFound);
        await (await admin.Client.PostAsJsonAsync(Api("stories", draft.Id), reason, Ct)).ProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Remove_ByAModerator_KeepsReasonWhoAndWhen_QueuesTheAuthorsDelete_AndAgainChangesNothing()
    {
        var author = await node.CreateMemberAsync("rm_author_ok");
        var lesson = await node.LessonAsync(author.Id, "Buy our pills");
        using var moderator = await node.ApiUserAsync("rm_mod_ok", Role.Moderator);

        using (var first = await moderator.Client.PostAsJsonAsync(Api("lessons", lesson.Id), new { reason = "  Advert: breaks rule 2.  " }, Ct))
        {
            Assert.Equal(HttpStatusCode.NoContent, first.StatusCode);
        }

        var stored = (await node.Service<IPostStore>().FindAsync(lesson.Id, Ct))!;
        Assert.True(stored.IsDeleted);
        Assert.Equal(moderator.Member.Id, stored.Removal?.By);
        Assert.Equal("Advert: breaks rule 2.", stored.Removal?.Reason);
        Assert.InRange(stored.Removal!.At, node.Time.GetUtcNow().AddSeconds(-1), node.Time.GetUtcNow());
        Assert.Null(stored.Title);
        // The same work as the author's own deletion: other servers are sent the same Delete.
        Assert.True(await node.Service<IWorkItemStore>().IsPendingAsync(PostWork.Deleted, PostWork.Partition(lesson.Id), Ct));

        using (var again = await moderator.Client.PostAsJsonAsync(Api("lessons", lesson.Id), new { reason = "Another reason" }, Ct))
        {
            Assert.Equal(HttpStatusCode.NoContent, again.StatusCode);
        }

        Assert.Equal("Advert: breaks rule 2.", (await node.Service<IPostStore>().FindAsync(lesson.Id, Ct))!.Removal?.Reason);

        // One line in the moderators' audit log, written with the removal (none for the second try, which changed nothing).
        var logged = (await node.Service<OurSociety.Core.Moderation.IModerationLogStore>().ListAsync(OurSociety.Core.Paging.Cursor.Start, 500, Ct)).Items
            .Where(e => e.Target == lesson.Id.ToString("D")).ToList();
        var entry = Assert.Single(logged);
        Assert.Equal(("remove", "post", "rm_mod_ok", "Advert: breaks rule 2.", "Buy our pills"),
            (entry.Action, entry.TargetKind, entry.ModeratorName, entry.Reason, entry.TargetLabel));

        using var anonymous = node.CreateClient();
        var gone = await (await anonymous.GetAsync($"{ApiTestKit.Prefix}/lessons/{lesson.Id}", Ct)).ProblemAsync(HttpStatusCode.Gone);
        Assert.Equal("This has been removed by the hub's moderators.", gone.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Remove_AfterTheAuthorDeletedIt_Is410()
    {
        var author = await node.CreateMemberAsync("rm_author_gone");
        var story = await node.StoryAsync(author.Id, "Deleted first");
        await node.Service<PostService>().DeleteAsync(author.Id, story.Id, Ct);
        using var moderator = await node.ApiUserAsync("rm_mod_gone", Role.Moderator);

        await (await moderator.Client.PostAsJsonAsync(Api("stories", story.Id), new { reason = "Spam" }, Ct)).ProblemAsync(HttpStatusCode.Gone);
        Assert.Null((await node.Service<IPostStore>().FindAsync(story.Id, Ct))!.Removal);
    }

    [Fact]
    public async Task DeleteBySomeoneElse_EvenAModerator_Is403PointingToRemove()
    {
        var author = await node.CreateMemberAsync("rm_author_del");
        var story = await node.StoryAsync(author.Id, "Not theirs to delete");
        using var moderator = await node.ApiUserAsync("rm_mod_del", Role.Moderator);

        var problem = await (await moderator.Client.DeleteAsync($"{ApiTestKit.Prefix}/stories/{story.Id}", Ct)).ProblemAsync(HttpStatusCode.Forbidden);

        Assert.Contains("remove", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.False((await node.Service<IPostStore>().FindAsync(story.Id, Ct))!.IsDeleted);
    }

    [Fact]
    public async Task Page_ModeratorSeesRemove_ConfirmsWithAReason_AndTheTombstoneSaysTheModeratorsRemovedIt()
    {
        var author = await node.CreateMemberAsync("rm_page_author");
        await node.CreateMemberAsync("rm_page_mod", roles: [Role.Moderator]);
        var story = await node.StoryAsync(author.Id, "Rude words here");
        using var moderator = await node.SignedInBrowserAsync("rm_page_mod");
        using var authorBrowser = await node.SignedInBrowserAsync("rm_page_author");

        var (_, page) = await moderator.GetAsync($"/stories/{story.Id}");
        Assert.Contains($"href=\"/stories/{story.Id}/remove\"", page, StringComparison.Ordinal);
        Assert.DoesNotContain($"/stories/{story.Id}/remove", (await authorBrowser.GetAsync($"/stories/{story.Id}")).Html, StringComparison.Ordinal);

        var (status, confirm) = await moderator.GetAsync($"/stories/{story.Id}/remove");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("Rude words here", confirm, StringComparison.Ordinal);
        Assert.Contains("<label for=\"reason\">", confirm, StringComparison.Ordinal);
        Assert.Contains("<textarea id=\"reason\" name=\"reason\"", confirm, StringComparison.Ordinal);

        // No reason: the form comes back with the problem listed and beside the field; nothing is removed.
        using (var empty = await moderator.SubmitAsync($"/stories/{story.Id}/remove", $"/stories/{story.Id}/remove", new Dictionary<string, string> { ["reason"] = " " }))
        {
            Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);
            var html = await empty.BodyAsync();
            Assert.Contains("error-summary", html, StringComparison.Ordinal);
            Assert.Contains("href=\"#reason\"", html, StringComparison.Ordinal);
            Assert.Contains("aria-invalid=\"true\"", html, StringComparison.Ordinal);
        }

        Assert.False((await node.Service<IPostStore>().FindAsync(story.Id, Ct))!.IsDeleted);

        using (var removed = await moderator.SubmitAsync($"/stories/{story.Id}/remove", $"/stories/{story.Id}/remove", new Dictionary<string, string> { ["reason"] = "Insults: rule 1." }))
        {
            Assert.Equal(HttpStatusCode.Redirect, removed.StatusCode);
            Assert.Equal("/?notice=post-removed", removed.Headers.Location?.OriginalString);
        }

        Assert.Equal("Insults: rule 1.", (await node.Service<IPostStore>().FindAsync(story.Id, Ct))!.Removal?.Reason);
        using var anonymous = new Browserless(node);
        var (goneStatus, tombstone) = await anonymous.GetAsync($"/stories/{story.Id}");
        Assert.Equal(HttpStatusCode.Gone, goneStatus);
        Assert.Contains("removed by the hub&#x27;s moderators", tombstone, StringComparison.Ordinal);
        Assert.DoesNotContain("deleted by its author", tombstone, StringComparison.Ordinal);
        Assert.DoesNotContain("Rude words here", tombstone, StringComparison.Ordinal);
        Assert.DoesNotContain("Insults: rule 1.", tombstone, StringComparison.Ordinal);
        var (_, forModerator) = await moderator.GetAsync($"/stories/{story.Id}");
        Assert.Contains("Insults: rule 1.", forModerator, StringComparison.Ordinal);
        Assert.DoesNotContain("Insults: rule 1.", (await authorBrowser.GetAsync($"/stories/{story.Id}")).Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Page_RemoveForAMember_Is403_AndPostingIsRefused()
    {
        var author = await node.CreateMemberAsync("rm_page_author2");
        await node.CreateMemberAsync("rm_page_plain");
        var story = await node.StoryAsync(author.Id, "Members cannot remove");
        using var member = await node.SignedInBrowserAsync("rm_page_plain");

        Assert.Equal(HttpStatusCode.Forbidden, (await member.GetAsync($"/stories/{story.Id}/remove")).Status);
        using var posted = await member.PostWithTokenAsync($"/stories/{story.Id}/remove", new Dictionary<string, string> { ["reason"] = "Because" });
        Assert.Equal(HttpStatusCode.Forbidden, posted.StatusCode);
        Assert.False((await node.Service<IPostStore>().FindAsync(story.Id, Ct))!.IsDeleted);
    }

    [Fact]
    public async Task Page_RemovedReply_SaysTheModeratorsRemovedIt_WhileADeletedOneSaysItsAuthorDid()
    {
        var author = await node.CreateMemberAsync("rm_thread_author");
        var replier = await node.CreateMemberAsync("rm_thread_replier");
        await node.CreateMemberAsync("rm_thread_admin", roles: [Role.Admin]);
        var story = await node.StoryAsync(author.Id, "A thread");
        var removed = await node.ReplyAsync(replier.Id, story, "A nasty reply");
        await node.ReplyAsync(author.Id, removed, "An answer keeps the removed one in the thread");
        var deleted = await node.ReplyAsync(replier.Id, story, "Regretted reply");
        await node.ReplyAsync(author.Id, deleted, "An answer keeps the deleted one in the thread");
        await node.Service<PostService>().DeleteAsync(replier.Id, deleted.Id, Ct);
        using var admin = await node.SignedInBrowserAsync("rm_thread_admin");

        var (_, before) = await admin.GetAsync($"/stories/{story.Id}");
        Assert.Contains($"href=\"/replies/{removed.Id}/remove\"", before, StringComparison.Ordinal);
        using (var response = await admin.SubmitAsync($"/replies/{removed.Id}/remove", $"/replies/{removed.Id}/remove", new Dictionary<string, string> { ["reason"] = "Abuse" }))
        {
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.StartsWith($"/stories/{story.Id}?notice=reply-removed", response.Headers.Location?.OriginalString, StringComparison.Ordinal);
        }

        using var anonymous = new Browserless(node);
        var (_, page) = await anonymous.GetAsync($"/stories/{story.Id}");
        Assert.Contains("This reply was removed by the hub&#x27;s moderators.", page, StringComparison.Ordinal);
        Assert.Contains("This reply was deleted by its author.", page, StringComparison.Ordinal);
        Assert.DoesNotContain("A nasty reply", page, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Gone, (await anonymous.GetAsync($"/replies/{removed.Id}")).Status);
    }
}
