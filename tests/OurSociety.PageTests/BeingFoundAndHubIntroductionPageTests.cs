using OurSociety.Core.Members;
using static Microsoft.Playwright.Assertions;

namespace OurSociety.PageTests;

/// <summary>
/// Issue 14 on members' and admins' pages, JavaScript off: the "Being found" choices on <c>/settings/profile</c>, and an
/// introduction where our hub is a party, answered by an admin for the hub.
/// </summary>
public sealed class BeingFoundAndHubIntroductionPageTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task BeingFound_BothChoicesSave_WithoutJavaScript()
    {
        var member = await browser.Node.CreateMemberAsync("bf_member");
        var page = await browser.NewPageAsync(javaScript: false);
        await BrowserFixture.SignInAsync(page, "bf_member");
        await page.GotoAsync("/settings/profile");
        var discoverable = page.Field("Show me in directories and suggestions");
        var indexable = page.Field("Let people find my public posts by searching");
        await Expect(discoverable).ToBeCheckedAsync();
        await Expect(indexable).ToBeCheckedAsync();

        await discoverable.UncheckAsync();
        await indexable.UncheckAsync();
        var saved = await page.SubmitAsync("Save these choices");

        Assert.Equal(200, saved.Status);
        await Expect(page.Notice()).ToHaveTextAsync("Your choices about being found are saved.");
        await Expect(discoverable).Not.ToBeCheckedAsync();
        await Expect(indexable).Not.ToBeCheckedAsync();
        var stored = await browser.Node.Service<IMemberStore>().FindAsync(member.Id, Ct);
        Assert.False(stored!.Discoverable);
        Assert.False(stored.Indexable);
        await browser.AssertGoodPageAsync(page);

        await indexable.CheckAsync();
        Assert.Equal(200, (await page.SubmitAsync("Save these choices")).Status);
        await Expect(discoverable).Not.ToBeCheckedAsync();
        await Expect(indexable).ToBeCheckedAsync();
        stored = await browser.Node.Service<IMemberStore>().FindAsync(member.Id, Ct);
        Assert.False(stored!.Discoverable);
        Assert.True(stored.Indexable);
    }

    [Fact]
    public async Task HubIntroduction_AnAdminAnswersForOurHub_WithoutJavaScript()
    {
        await browser.Node.CreateMemberAsync("hi_glue", BrowserFixture.Password, Role.GlueEr, Role.Member);
        await browser.Node.CreateMemberAsync("hi_rosa");
        await browser.Node.CreateMemberAsync("hi_admin", BrowserFixture.Password, Role.Admin, Role.Member);
        var glue = await browser.NewPageAsync(javaScript: false);
        await BrowserFixture.SignInAsync(glue, "hi_glue");
        await glue.GotoAsync("/introductions/new");
        await glue.Field("First person or hub").FillAsync("@hub");
        await glue.Field("Second person or hub").FillAsync("@hi_rosa");
        await glue.Field("Why they should meet").FillAsync("Rosa runs the repair café.");
        var proposed = await glue.SubmitAsync("Ask them both");
        Assert.Equal(200, proposed.Status);
        var address = new Uri(glue.Url).AbsolutePath;

        var admin = await browser.NewPageAsync(javaScript: false);
        await BrowserFixture.SignInAsync(admin, "hi_admin");
        var shown = await admin.GotoAsync(address);
        Assert.Equal(200, shown?.Status);
        await Expect(admin.GetByText("You answer for this hub, as one of its admins.", new() { Exact = false })).ToBeVisibleAsync();
        await Expect(admin.Locator("main")).ToContainTextAsync("would like to introduce");
        await browser.AssertGoodPageAsync(admin);

        var accepted = await admin.SubmitAsync("Yes, introduce us");
        Assert.Equal(200, accepted.Status);
        await Expect(admin.Notice()).ToHaveTextAsync("You said yes.");
        await browser.AssertGoodPageAsync(admin);

        var rosa = await browser.NewPageAsync(javaScript: false);
        await BrowserFixture.SignInAsync(rosa, "hi_rosa");
        await rosa.GotoAsync(address);
        Assert.Equal(200, (await rosa.SubmitAsync("Yes, introduce us")).Status);
        await admin.GotoAsync(address);
        await Expect(admin.Locator("main")).ToContainTextAsync("Both have said yes: they are introduced. Nothing else happens by itself.");
        await browser.AssertGoodPageAsync(admin);
    }
}
