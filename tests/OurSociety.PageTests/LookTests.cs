using Microsoft.Playwright;
using OurSociety.Core;
using OurSociety.Core.Members;
using OurSociety.Core.Posts;
using static Microsoft.Playwright.Assertions;

namespace OurSociety.PageTests;

/// <summary>
/// How pages read and handle on a 360 px phone: the words people see (innerText, so text glued together by the markup
/// shows), the header's size, tap targets and form controls big enough for a thumb. JavaScript on and off.
/// </summary>
public sealed class LookTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Card_SaysByAuthor_WithSpaces_AndCountsInWords(bool javaScript)
    {
        var suffix = javaScript ? "js" : "nojs";
        var amina = await MemberAsync($"amina_{suffix}", "Amina Yusuf");
        await StoryAsync(amina.Id, $"Soup run {suffix}");
        var page = await browser.NewPageAsync(javaScript);

        await page.GotoAsync("/local");

        var card = page.Locator("article.post-card").Filter(new() { HasText = $"Soup run {suffix}" });
        var text = await card.InnerTextAsync();
        Assert.Contains("By Amina Yusuf", text, StringComparison.Ordinal);
        Assert.DoesNotContain("@amina", text, StringComparison.Ordinal);   // handles only on profiles
        Assert.Contains("0 replies", text, StringComparison.Ordinal);
        Assert.Contains("0 shares", text, StringComparison.Ordinal);
        Assert.Equal("AY", await card.Locator(".face").InnerTextAsync());
        Assert.Equal("true", await card.Locator(".face").GetAttributeAsync("aria-hidden"));
        await browser.AssertGoodPageAsync(page);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task PostPage_BylineRepliesAndActions_ReadAsSentences(bool javaScript)
    {
        var suffix = javaScript ? "js" : "nojs";
        var amina = await MemberAsync($"amina_post_{suffix}", "Amina Yusuf");
        var rosa = await MemberAsync($"rosa_post_{suffix}", "Rosa Parks");
        var story = await StoryAsync(amina.Id, $"Bus stop garden {suffix}");
        await browser.Node.Service<PostService>().ReplyAsync(rosa.Id, story, new ReplyInput("Lovely work.", null), Ct);
        var page = await browser.NewPageAsync(javaScript);
        await BrowserFixture.SignInAsync(page, rosa.Username);

        await page.GotoAsync($"/stories/{story.Id}");

        var byline = await page.Locator("article.post header .byline").InnerTextAsync();
        Assert.StartsWith("By Amina Yusuf · ", byline, StringComparison.Ordinal);
        var reply = await page.Locator("li.reply").InnerTextAsync();
        Assert.DoesNotContain("replyDelete", reply, StringComparison.Ordinal);
        Assert.Contains("Answer this reply", reply, StringComparison.Ordinal);
        Assert.Contains("Delete your reply", reply, StringComparison.Ordinal);
        Assert.Equal(0, await page.Locator("p form").CountAsync());   // a form inside a paragraph is invalid HTML
        Assert.Contains("How others may reuse it: Share with credit", await page.Locator("footer.post-meta").InnerTextAsync(), StringComparison.Ordinal);
        await browser.AssertGoodPageAsync(page);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Header_SignedIn_FitsInASixthOfAPhone_WithBigTargets(bool javaScript)
    {
        var suffix = javaScript ? "js" : "nojs";
        await MemberAsync($"header_{suffix}", "Header Person");
        var page = await browser.NewPageAsync(javaScript);
        await page.SetViewportSizeAsync(360, 640);
        await BrowserFixture.SignInAsync(page, $"header_{suffix}");

        await page.GotoAsync("/local");

        var header = await page.Locator("header.site").BoundingBoxAsync();
        Assert.NotNull(header);
        Assert.True(header.Height <= 640 / 6.0, $"The header is {header.Height} px high on a 360×640 screen.");
        TestContext.Current.TestOutputHelper?.WriteLine($"Signed-in header: {header.Height:0} px of 640.");
        Assert.Equal(0, await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - document.documentElement.clientWidth"));
        var tabs = page.Locator("header.site .brand, header.site .tabs > ul > li > a, header.site summary");
        Assert.Equal(4, await tabs.CountAsync());   // hub name, Write, Notifications, Menu
        await AssertTapTargetsAsync(tabs, "header");

        await page.Locator("header.site summary").ClickAsync();
        var menu = page.Locator(".menu-panel");
        await Expect(menu.GetByRole(AriaRole.Link, new() { Name = "Other hubs" })).ToBeVisibleAsync();
        await Expect(menu.GetByRole(AriaRole.Link, new() { Name = "Your drafts" })).ToBeVisibleAsync();
        await Expect(menu.GetByLabel("Search stories and lessons")).ToBeVisibleAsync();
        await AssertTapTargetsAsync(menu.Locator("a, button"), "menu");
        await browser.AssertGoodPageAsync(page);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Header_SignedOut_HasLocalSignInJoinAndMenu(bool javaScript)
    {
        var page = await browser.NewPageAsync(javaScript);
        await page.SetViewportSizeAsync(360, 640);

        await page.GotoAsync("/");

        var header = page.Locator("header.site");
        var height = (await header.BoundingBoxAsync())!.Height;
        Assert.True(height <= 640 / 6.0, $"The header is {height} px high on a 360×640 screen.");
        TestContext.Current.TestOutputHelper?.WriteLine($"Signed-out header: {height:0} px of 640.");
        Assert.Equal(["This hub", "Sign in", "Join", "Menu"], (await header.Locator(".tabs > ul > li").AllInnerTextsAsync()).Select(t => t.Trim()));
        await AssertTapTargetsAsync(header.Locator(".tabs > ul > li > a, summary"), "header");
        // Search on the home page itself, with a label people can see.
        await Expect(page.Locator("main").GetByLabel("Search stories and lessons")).ToBeVisibleAsync();
        await browser.AssertGoodPageAsync(page);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task StoryForm_IsShort_ControlsAreBig_LicenceInPlainWords(bool javaScript)
    {
        var suffix = javaScript ? "js" : "nojs";
        await MemberAsync($"form_{suffix}", "Form Person");
        var page = await browser.NewPageAsync(javaScript);
        await BrowserFixture.SignInAsync(page, $"form_{suffix}");
        await page.GotoAsync("/write");
        await page.ClickForPageAsync(page.Link("Write a story"));

        var main = page.Locator("main");
        Assert.Equal(1, await main.Locator("input[type=file]:visible").CountAsync());   // one picture slot open
        await Expect(main.GetByText("Share with credit (recommended) · Change")).ToBeVisibleAsync();
        Assert.DoesNotContain("**", await main.InnerTextAsync(), StringComparison.Ordinal);   // no Markdown until asked
        Assert.DoesNotContain("Teaser", await main.InnerTextAsync(), StringComparison.Ordinal);
        await AssertTapTargetsAsync(main.Locator("button:visible, summary"), "form");

        var closed = main.Locator("details:not([open]) > summary");
        while (await closed.CountAsync() > 0)
        {
            await closed.First.ClickAsync();
        }

        Assert.Equal(4, await main.Locator("input[type=file]:visible").CountAsync());
        var boxes = main.Locator("input[type=radio], input[type=checkbox]");
        Assert.True(await boxes.CountAsync() >= 8);
        foreach (var box in await boxes.AllAsync())
        {
            var size = (await box.BoundingBoxAsync())!;
            Assert.True(size.Width >= 24 && size.Height >= 24, $"A radio or checkbox is {size.Width}×{size.Height} px.");
        }

        await browser.AssertGoodPageAsync(page);
    }

    [Fact]
    public async Task EditingAPublishedStory_ShowsItsAudience_OffersNoChoice()
    {
        var member = await MemberAsync("form_published", "Published Person");
        var story = await StoryAsync(member.Id, "Already out");
        var page = await browser.NewPageAsync(javaScript: false);
        await BrowserFixture.SignInAsync(page, member.Username);

        await page.GotoAsync($"/stories/{story.Id}/edit");

        Assert.Equal(0, await page.Locator("input[name=visibility]").CountAsync());
        await Expect(page.Locator("#visibility")).ToContainTextAsync("Who can see it: Everyone");
        var saved = await page.SubmitAsync("Save changes");
        Assert.Equal(200, saved.Status);
        await Expect(page.Notice()).ToHaveTextAsync("Your changes are saved.");
    }

    [Theory]
    [InlineData("/network", "Nothing has come in from other hubs yet.", "Follow a person or a hub elsewhere")]
    [InlineData("/tags/nothingaboutthis", "No stories or lessons about this topic yet.", "Join this hub to write the first one")]
    [InlineData("/search?q=zzyzx", "Nothing matches all of these words. Try fewer or other words.", "See the latest stories and lessons from this hub")]
    public async Task EmptyLists_SayWhatToDoNext(string path, string empty, string next)
    {
        var page = await browser.NewPageAsync(javaScript: false);

        await page.GotoAsync(path);

        var box = page.Locator(".empty");
        await Expect(box).ToContainTextAsync(empty);
        await Expect(box.GetByRole(AriaRole.Link, new() { Name = next })).ToBeVisibleAsync();
        await browser.AssertGoodPageAsync(page);
    }

    [Fact]
    public async Task Notifications_ReadAsSentences_NotGluedToNew()
    {
        var amina = await MemberAsync("notes_amina", "Amina Yusuf");
        var rosa = await MemberAsync("notes_rosa", "Rosa Parks");
        var story = await StoryAsync(rosa.Id, "Tool library");
        await browser.Node.Service<PostService>().ReactAsync(amina.Id, story, ReactionKind.Like, true, Ct);
        var page = await browser.NewPageAsync(javaScript: false);
        await BrowserFixture.SignInAsync(page, rosa.Username);
        await page.GotoAsync("/local");

        await page.ClickForPageAsync(page.Link("Notifications (1 new)"));

        var text = await page.Locator("ol.notifications").InnerTextAsync();
        Assert.DoesNotContain("NewAmina", text, StringComparison.Ordinal);
        Assert.Contains("Amina Yusuf found your story “Tool library” helpful.", text, StringComparison.Ordinal);
        await browser.AssertGoodPageAsync(page);
    }

    /// <summary>Every target at least 44×44 CSS pixels (WCAG 2.5.5), measured as the browser lays it out.</summary>
    private static async Task AssertTapTargetsAsync(ILocator targets, string where)
    {
        foreach (var target in await targets.AllAsync())
        {
            var box = await target.BoundingBoxAsync();
            Assert.NotNull(box);
            Assert.True(box.Width >= 44 && box.Height >= 44,
                $"In the {where}, \"{(await target.InnerTextAsync()).Trim()}\" is {box.Width:0}×{box.Height:0} px.");
        }
    }

    private async Task<Member> MemberAsync(string username, string displayName)
    {
        var member = await browser.Node.CreateMemberAsync(username);
        var outcome = await browser.Node.Service<MemberService>().UpdateProfileAsync(member.Id, displayName, null, null, Ct);
        return outcome is Outcome<Member>.Ok(var updated) ? updated : throw new InvalidOperationException(outcome.ToString());
    }

    private async Task<Post> StoryAsync(Guid authorId, string title)
    {
        var outcome = await browser.Node.Service<PostService>().CreateStoryAsync(
            authorId, new StoryInput(title, "A short summary.", "What we did.", ["neighbours"], "Leeds", null, null, false, null), Ct);
        return outcome is Outcome<Post>.Ok(var post) ? post : throw new InvalidOperationException(outcome.ToString());
    }
}

/// <summary>A hub with exactly one member, for the home page's count.</summary>
public sealed class OneMemberTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Home_WithOneMember_Says1Member(bool javaScript)
    {
        // Both runs share the node: the second finds the member the first made.
        if (await browser.Node.Service<IMemberStore>().FindByUsernameAsync("only_one", TestContext.Current.CancellationToken) is null)
        {
            await browser.Node.CreateMemberAsync("only_one");
        }

        var page = await browser.NewPageAsync(javaScript);

        await page.GotoAsync("/");

        var text = await page.Locator("main").InnerTextAsync();
        Assert.Contains("1 member", text, StringComparison.Ordinal);
        Assert.DoesNotContain("1 members", text, StringComparison.Ordinal);
    }
}
