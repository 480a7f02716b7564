using System.Net;
using OurSociety.Core.Posts;
using OurSociety.Testing;

namespace OurSociety.Web.Tests.Posts;

/// <summary>/drafts: a member's saved stories and lessons, to continue or delete; linked from the forms and their profile.</summary>
public sealed class DraftsPageTests(NodeFactory node) : IClassFixture<NodeFactory>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Drafts_ListsOnlyTheMembersOwnDrafts_WithContinueAndDeleteLinks()
    {
        var me = await node.CreateMemberAsync("dr_writer");
        var other = await node.CreateMemberAsync("dr_other");
        var story = await node.StoryAsync(me.Id, "Half a story", draft: true);
        node.Time.Advance(TimeSpan.FromMinutes(1));
        var lesson = await node.Service<PostService>().CreateLessonAsync(me.Id,
            new LessonInput("Half a lesson", null, null, null, null, null, null, null, null, null, null, Draft: true), Ct);
        var lessonId = ((OurSociety.Core.Outcome<Post>.Ok)lesson).Value.Id;
        await node.StoryAsync(me.Id, "Published already");
        await node.StoryAsync(other.Id, "Someone else's draft", draft: true);
        using var browser = await node.SignedInBrowserAsync("dr_writer");

        var (status, html) = await browser.GetAsync("/drafts");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("Half a story", html, StringComparison.Ordinal);
        Assert.Contains("Half a lesson", html, StringComparison.Ordinal);
        Assert.DoesNotContain("Published already", html, StringComparison.Ordinal);
        Assert.DoesNotContain("Someone else", html, StringComparison.Ordinal);
        Assert.Contains($"href=\"/stories/{story.Id}/edit\"", html, StringComparison.Ordinal);
        Assert.Contains($"href=\"/stories/{story.Id}/delete\"", html, StringComparison.Ordinal);
        Assert.Contains($"href=\"/lessons/{lessonId}/edit\"", html, StringComparison.Ordinal);
        Assert.Contains("Continue editing", html, StringComparison.Ordinal);
        Assert.Contains("Last saved", html, StringComparison.Ordinal);
        // Newest first.
        Assert.True(html.IndexOf("Half a lesson", StringComparison.Ordinal) < html.IndexOf("Half a story", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Drafts_None_SaysHowDraftsComeAbout_AndLinksTheForms()
    {
        await node.CreateMemberAsync("dr_empty");
        using var browser = await node.SignedInBrowserAsync("dr_empty");

        var (status, html) = await browser.GetAsync("/drafts");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("You have no saved drafts.", html, StringComparison.Ordinal);
        Assert.Contains("href=\"/stories/new\"", html, StringComparison.Ordinal);
        Assert.Contains("href=\"/lessons/new\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Drafts_SignedOut_LeadsToSignIn()
    {
        using var browser = new Browserless(node);

        using var response = await browser.Client.GetAsync("/drafts", Ct);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/signin", response.Headers.Location?.PathAndQuery ?? response.Headers.Location?.OriginalString, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Drafts_AreLinkedFromTheWriteFormsAndTheMembersOwnProfileOnly()
    {
        await node.CreateMemberAsync("dr_linked");
        await node.CreateMemberAsync("dr_visitor");
        using var me = await node.SignedInBrowserAsync("dr_linked");
        using var visitor = await node.SignedInBrowserAsync("dr_visitor");

        Assert.Contains("href=\"/drafts\"", (await me.GetAsync("/stories/new")).Html, StringComparison.Ordinal);
        Assert.Contains("href=\"/drafts\"", (await me.GetAsync("/lessons/new")).Html, StringComparison.Ordinal);
        Assert.Contains("Your saved drafts", (await me.GetAsync("/@dr_linked")).Html, StringComparison.Ordinal);
        Assert.DoesNotContain("Your saved drafts", (await visitor.GetAsync("/@dr_linked")).Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SavingADraftAgain_MovesItsLastSavedTime_AndPublishingDoesNotMarkItEdited()
    {
        var me = await node.CreateMemberAsync("dr_saver");
        var draft = await node.StoryAsync(me.Id, "Draft to finish", draft: true);
        node.Time.Advance(TimeSpan.FromHours(2));
        var service = node.Service<PostService>();

        var saved = await service.UpdateStoryAsync(me.Id, draft.Id, new StoryInput("Draft to finish", null, "More words", null, null, null, null, true, null), Ct);
        Assert.InRange(((OurSociety.Core.Outcome<Post>.Ok)saved).Value.UpdatedAt!.Value, draft.CreatedAt.AddHours(2), node.Time.GetUtcNow());

        var published = await service.UpdateStoryAsync(me.Id, draft.Id, new StoryInput("Draft to finish", null, "More words", null, null, null, null, false, null), Ct);
        Assert.Null(((OurSociety.Core.Outcome<Post>.Ok)published).Value.UpdatedAt);
    }
}
