using Microsoft.Playwright;
using OurSociety.Core;
using OurSociety.Core.Members;
using OurSociety.Core.Posts;
using static Microsoft.Playwright.Assertions;

namespace OurSociety.PageTests;

/// <summary>
/// Trust and safety (issue 13) in a real browser with JavaScript off: a member reports a story, a moderator reads the
/// queue and closes the report, warns a member who answers on /appeal, the audit log lists it all; an admin blocks a
/// domain; a member chooses who may reply and decides on a held reply. Every page is checked with axe-core, and the
/// report form and the queue in Arabic too.
/// </summary>
public sealed class ModerationDeskPageTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Member_ReportsAStory_AndAModeratorReadsTheSnapshot_AndClosesItWithNone()
    {
        var author = await browser.Node.CreateMemberAsync("desk_author");
        await browser.Node.CreateMemberAsync("desk_reporter");
        await browser.Node.CreateMemberAsync("desk_mod", roles: [Role.Moderator]);
        var story = await StoryAsync(author.Id, "Cheap watches for sale");

        var member = await browser.NewPageAsync(javaScript: false);
        await BrowserFixture.SignInAsync(member, "desk_reporter");
        await member.GotoAsync($"/stories/{story.Id}");
        await member.ClickForPageAsync(member.Link("Report"));
        await Expect(member.Locator("h1")).ToHaveTextAsync("Report to the moderators");
        await Expect(member.Locator("main")).ToContainTextAsync("Cheap watches for sale");
        await browser.AssertGoodPageAsync(member);

        // Nothing chosen: the problem beside the choice, and a summary that takes the focus and is announced.
        var refused = await member.SubmitAsync("Send the report");
        Assert.Equal(400, refused.Status);
        await Expect(member.Locator("#category-error")).ToBeVisibleAsync();
        await Expect(member.GetByRole(AriaRole.Alert)).ToBeVisibleAsync();
        await Expect(member.GetByRole(AriaRole.Alert)).ToBeFocusedAsync();
        await Expect(member.GetByRole(AriaRole.Group, new() { Name = "Why are you reporting it?" }))
            .ToHaveAttributeAsync("aria-describedby", "category-error");
        await browser.AssertGoodPageAsync(member);

        await member.Field("Spam or advertising").CheckAsync();
        await member.Field("A note for the moderators (optional)").FillAsync("The same advert on every topic.");
        var sent = await member.SubmitAsync("Send the report");
        Assert.Equal(200, sent.Status);
        await Expect(member.Locator("h1")).ToHaveTextAsync("Thank you for your report");
        await browser.AssertGoodPageAsync(member);

        var moderator = await browser.NewPageAsync(javaScript: false);
        await BrowserFixture.SignInAsync(moderator, "desk_mod");
        await moderator.GotoAsync("/admin/reports");
        await Expect(moderator.Locator("h1")).ToHaveTextAsync("Reports");
        await Expect(moderator.GetByRole(AriaRole.Navigation, new() { Name = "The moderators' desk" })).ToBeVisibleAsync();
        await browser.AssertGoodPageAsync(moderator);

        var item = moderator.Link("Spam or advertising: A story or lesson by @desk_author");
        await moderator.ClickForPageAsync(item);
        var snapshot = moderator.GetByRole(AriaRole.Region, new() { Name = "What was reported" });
        await Expect(snapshot).ToContainTextAsync("Cheap watches for sale");
        await Expect(moderator.Locator("main")).ToContainTextAsync("The same advert on every topic.");
        await Expect(moderator.Field("Nothing more")).ToBeCheckedAsync();
        await browser.AssertGoodPageAsync(moderator);

        var closed = await moderator.SubmitAsync("Close the report");
        Assert.Equal(200, closed.Status);
        await Expect(moderator.Notice()).ToHaveTextAsync("The report is closed.");
        await Expect(item).ToHaveCountAsync(0);
        await moderator.GotoAsync("/admin/reports?state=closed");
        await Expect(item).ToBeVisibleAsync();
        await browser.AssertGoodPageAsync(moderator);
    }

    [Fact]
    public async Task Moderator_WarnsAMember_WhoAnswersOnce_AndTheAuditLogListsIt()
    {
        await browser.Node.CreateMemberAsync("desk_warned");
        await browser.Node.CreateMemberAsync("desk_warner", roles: [Role.Moderator]);
        var moderator = await browser.NewPageAsync(javaScript: false);
        await BrowserFixture.SignInAsync(moderator, "desk_warner");

        await moderator.GotoAsync("/admin/account-actions");
        await Expect(moderator.Locator("h1")).ToHaveTextAsync("Account actions");
        // Before suspending an account elsewhere the desk says, in words, that deleted content cannot come back.
        await Expect(moderator.Locator("#confirm-hint")).ToContainTextAsync("Suspending an account on another hub deletes");
        await Expect(moderator.Field("I understand: suspend this account and delete what is kept of it")).ToBeVisibleAsync();
        await browser.AssertGoodPageAsync(moderator);

        await moderator.Field("Account").FillAsync("@desk_warned");
        await moderator.Field("Warn: the member gets a private notice with the reason").CheckAsync();
        await moderator.Field("Reason").FillAsync("Please keep to the topic of the thread.");
        var warned = await moderator.SubmitAsync("Apply");
        Assert.Equal(200, warned.Status);
        await Expect(moderator.Notice()).ToContainTextAsync("@desk_warned");
        await browser.AssertGoodPageAsync(moderator);

        var member = await browser.NewPageAsync(javaScript: false);
        await BrowserFixture.SignInAsync(member, "desk_warned");
        await member.GotoAsync("/appeal");
        await Expect(member.Locator("h1")).ToHaveTextAsync("Your answer to the moderators");
        await Expect(member.Locator("main")).ToContainTextAsync("Please keep to the topic of the thread.");
        await browser.AssertGoodPageAsync(member);
        await member.Field("Your answer").FillAsync("Sorry, I will.");
        var answered = await member.SubmitAsync("Send my answer");
        Assert.Equal(200, answered.Status);
        await Expect(member.Notice()).ToHaveTextAsync("Your answer has reached the moderators.");
        await Expect(member.GetByText("You have answered this. The moderators have your answer.")).ToBeVisibleAsync();
        await Expect(member.Button("Send my answer")).ToHaveCountAsync(0);
        await browser.AssertGoodPageAsync(member);

        // The answer is an appeal in the queue; the warning is in the audit log.
        await moderator.GotoAsync("/admin/reports");
        await Expect(moderator.GetByRole(AriaRole.Link, new() { Name = "An appeal:" }).Filter(new() { HasText = "desk_warned" })).ToBeVisibleAsync();
        await moderator.GotoAsync("/admin/audit-log");
        await Expect(moderator.Locator("h1")).ToHaveTextAsync("Audit log");
        var row = moderator.Locator("main table tr", new() { HasText = "Please keep to the topic of the thread." });
        await Expect(row).ToContainTextAsync("Warned");
        await Expect(row).ToContainTextAsync("desk_warner");
        await browser.AssertGoodPageAsync(moderator);
    }

    [Fact]
    public async Task Admin_BlocksADomain_SeesItListed_AndAnInvalidNameIsShownBesideTheField()
    {
        await browser.Node.CreateMemberAsync("desk_admin", roles: [Role.Admin]);
        var page = await browser.NewPageAsync(javaScript: false);
        await BrowserFixture.SignInAsync(page, "desk_admin");
        await page.GotoAsync("/admin/domains");
        await Expect(page.Locator("h1")).ToHaveTextAsync("Other hubs: blocks and allow list");
        await browser.AssertGoodPageAsync(page);

        await page.Field("Domain").FillAsync("Spam.Example.");
        await page.Field("Reason shown to everyone").FillAsync("Adverts.");
        var blocked = await page.SubmitAsync("Block");
        Assert.Equal(200, blocked.Status);
        await Expect(page.Notice()).ToHaveTextAsync("The domain is blocked.");
        await Expect(page.GetByRole(AriaRole.Region, new() { Name = "Blocked domains" })).ToContainTextAsync("spam.example");
        await Expect(page.Button("Unblock spam.example")).ToBeVisibleAsync();
        await browser.AssertGoodPageAsync(page);

        await page.Field("Domain").FillAsync("not a domain");
        var refused = await page.SubmitAsync("Block");
        Assert.Equal(400, refused.Status);
        await Expect(page.Locator("#domain-error")).ToBeVisibleAsync();
        await Expect(page.Field("Domain")).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(page.GetByRole(AriaRole.Alert)).ToBeVisibleAsync();
        await browser.AssertGoodPageAsync(page);

        await page.GotoAsync("/admin/audit-log");
        await Expect(page.Locator("main table")).ToContainTextAsync("Domain blocked");

        // The public reason is listed on /about for everyone.
        var visitor = await browser.NewPageAsync(javaScript: false);
        await visitor.GotoAsync("/about");
        await Expect(visitor.GetByRole(AriaRole.Region, new() { Name = "Hubs we do not talk to" }).First).ToContainTextAsync("Adverts.");
        await browser.AssertGoodPageAsync(visitor);
    }

    [Fact]
    public async Task Member_ChoosesWhoMayReply_AndApprovesAHeldReplyOnTheStoryPage()
    {
        var author = await browser.Node.CreateMemberAsync("desk_careful");
        var replier = await browser.Node.CreateMemberAsync("desk_replier");
        var page = await browser.NewPageAsync(javaScript: false);
        await BrowserFixture.SignInAsync(page, "desk_careful");

        await page.GotoAsync("/settings/replies");
        await Expect(page.Locator("h1")).ToHaveTextAsync("Replies");
        await Expect(page.GetByText("No replies are waiting for your approval.")).ToBeVisibleAsync();
        await browser.AssertGoodPageAsync(page);
        await page.Field("Only with my approval").CheckAsync();
        var saved = await page.SubmitAsync("Save");
        Assert.Equal(200, saved.Status);
        await Expect(page.Notice()).ToHaveTextAsync("Your reply policy is saved.");
        await Expect(page.Field("Only with my approval")).ToBeCheckedAsync();
        await browser.AssertGoodPageAsync(page);

        // The choice on the story form, with the help text that says what Mastodon does with it.
        await page.GotoAsync("/stories/new");
        var choice = page.GetByRole(AriaRole.Group, new() { Name = "Who may reply" });
        await Expect(choice).ToBeVisibleAsync();
        await Expect(page.Locator("#replyPolicy-hint")).ToContainTextAsync("Mastodon");
        await Expect(page.Field("My default (from my settings)")).ToBeCheckedAsync();
        await browser.AssertGoodPageAsync(page);

        var story = await StoryAsync(author.Id, "Our garden rota", "approval");
        Assert.IsType<Outcome<Post>.Ok>(await browser.Node.Service<PostService>().ReplyAsync(replier.Id, story,
            new ReplyInput("Can I join on Saturdays?", null), Ct));

        await page.GotoAsync("/settings/replies");
        await Expect(page.GetByRole(AriaRole.Region, new() { Name = "Replies waiting for your approval" }))
            .ToContainTextAsync("Can I join on Saturdays?");
        await browser.AssertGoodPageAsync(page);

        await page.GotoAsync($"/stories/{story.Id}");
        await Expect(page.GetByText("This reply waits for your approval: only you and its author see it.")).ToBeVisibleAsync();
        await Expect(page.Button("Decline")).ToBeVisibleAsync();
        await browser.AssertGoodPageAsync(page);
        var approved = await page.SubmitAsync("Approve");
        Assert.Equal(200, approved.Status);
        await Expect(page.Notice()).ToContainTextAsync("The reply is approved");
        await Expect(page.Locator("main")).ToContainTextAsync("Can I join on Saturdays?");
        await Expect(page.Button("Approve")).ToHaveCountAsync(0);
        await browser.AssertGoodPageAsync(page);
    }

    [Fact]
    public async Task ReportFormAndQueue_InArabic_AreRightToLeft_AndPassAxe()
    {
        var author = await browser.Node.CreateMemberAsync("desk_author_ar");
        await browser.Node.CreateMemberAsync("desk_reporter_ar");
        await browser.Node.CreateMemberAsync("desk_mod_ar", roles: [Role.Moderator]);
        var story = await StoryAsync(author.Id, "Arabic report");

        var member = await browser.NewPageAsync(javaScript: false);
        await BrowserFixture.SignInAsync(member, "desk_reporter_ar");
        await member.GotoAsync($"/language?to=ar&return=%2Freport%3Ftarget%3D%252Fstories%252F{story.Id:D}");
        await Expect(member.Locator("html")).ToHaveAttributeAsync("dir", "rtl");
        await Expect(member.Locator("input[name=category]")).ToHaveCountAsync(4);
        await browser.AssertGoodPageAsync(member);

        var refused = await member.ClickForPageAsync(member.Locator("form[action='/report'] button[type=submit]"));
        Assert.Equal(400, refused.Status);
        await Expect(member.Locator("html")).ToHaveAttributeAsync("dir", "rtl");
        await Expect(member.Locator("#category-error")).ToBeVisibleAsync();
        await browser.AssertGoodPageAsync(member);

        await member.Locator("#category-spam").CheckAsync();
        Assert.Equal(200, (await member.ClickForPageAsync(member.Locator("form[action='/report'] button[type=submit]"))).Status);
        await Expect(member.Locator("html")).ToHaveAttributeAsync("lang", "ar");
        await browser.AssertGoodPageAsync(member);

        var moderator = await browser.NewPageAsync(javaScript: false);
        await BrowserFixture.SignInAsync(moderator, "desk_mod_ar");
        await moderator.GotoAsync("/language?to=ar&return=%2Fadmin%2Freports");   // stored as the moderator's choice
        foreach (var path in new[] { "/admin/reports", "/admin/reports?state=closed" })
        {
            await moderator.GotoAsync(path);
            await Expect(moderator.Locator("html")).ToHaveAttributeAsync("dir", "rtl");
            await browser.AssertGoodPageAsync(moderator);
        }

        await moderator.GotoAsync("/admin/reports");
        await moderator.ClickForPageAsync(moderator.Locator("main .cards a").First);
        await Expect(moderator.Locator("html")).ToHaveAttributeAsync("dir", "rtl");
        await browser.AssertGoodPageAsync(moderator);
        foreach (var path in new[] { "/admin/account-actions", "/admin/audit-log" })
        {
            await moderator.GotoAsync(path);
            await Expect(moderator.Locator("html")).ToHaveAttributeAsync("dir", "rtl");
            await browser.AssertGoodPageAsync(moderator);
        }
    }

    private async Task<Post> StoryAsync(Guid authorId, string title, string? replyPolicy = null) =>
        await browser.Node.Service<PostService>().CreateStoryAsync(authorId,
            new StoryInput(title, null, "Read all about it.", null, null, null, null, false, null) { ReplyPolicy = replyPolicy }, Ct)
            is Outcome<Post>.Ok(var post) ? post : throw new InvalidOperationException("no story");
}
