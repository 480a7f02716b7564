using OurSociety.Core.Members;
using static Microsoft.Playwright.Assertions;

namespace OurSociety.PageTests;

/// <summary>
/// Introductions in a real browser, with and without JavaScript: a glue-er proposes from the form (after a refusal
/// shown beside its field), the person asked says yes from the introduction's page; every page passes axe.
/// </summary>
public sealed class IntroductionPageTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task ProposeThenAccept_EveryPageIsAccessible(bool javaScript)
    {
        var suffix = javaScript ? "js" : "nojs";
        await browser.Node.CreateMemberAsync($"ig_glue_{suffix}", BrowserFixture.Password, Role.GlueEr, Role.Member);
        await browser.Node.CreateMemberAsync($"ig_amina_{suffix}");
        await browser.Node.CreateMemberAsync($"ig_rosa_{suffix}");
        var glue = await browser.NewPageAsync(javaScript);
        await BrowserFixture.SignInAsync(glue, $"ig_glue_{suffix}");
        await glue.GotoAsync($"/@ig_amina_{suffix}");
        await glue.ClickForPageAsync(glue.Link($"Introduce ig_amina_{suffix} to someone"));
        await Expect(glue.Locator("h1")).ToHaveTextAsync("Introduce two people");
        await Expect(glue.Field("First person or hub")).ToHaveValueAsync(new System.Text.RegularExpressions.Regex($"^@ig_amina_{suffix}@"));
        await browser.AssertGoodPageAsync(glue);

        // A refusal first: the message beside the field, and the form as it was.
        await glue.Field("Second person or hub").FillAsync($"@ig_amina_{suffix}");
        await glue.Field("Why they should meet").FillAsync("You both grow leeks.");
        var refused = await glue.SubmitAsync("Ask them both");
        Assert.Equal(400, refused.Status);
        await Expect(glue.Locator("#parties-error")).ToBeVisibleAsync();
        await browser.AssertGoodPageAsync(glue);

        await glue.Field("Second person or hub").FillAsync($"@ig_rosa_{suffix}");
        var proposed = await glue.SubmitAsync("Ask them both");
        Assert.Equal(200, proposed.Status);
        await Expect(glue.Notice()).ToContainTextAsync("Your introduction is on its way");
        await Expect(glue.GetByText("You both grow leeks.")).ToBeVisibleAsync();
        await browser.AssertGoodPageAsync(glue);
        var address = new Uri(glue.Url).AbsolutePath;

        var amina = await browser.NewPageAsync(javaScript);
        await BrowserFixture.SignInAsync(amina, $"ig_amina_{suffix}");
        await amina.GotoAsync("/");
        await amina.OpenMenuAsync();
        await amina.ClickForPageAsync(amina.Link("Introductions"));
        await Expect(amina.Locator("h1")).ToHaveTextAsync("Introductions");
        await browser.AssertGoodPageAsync(amina);
        await amina.ClickForPageAsync(amina.Link($"ig_glue_{suffix} would like to introduce you to ig_rosa_{suffix}."));
        Assert.Equal(address, new Uri(amina.Url).AbsolutePath);
        await browser.AssertGoodPageAsync(amina);

        var accepted = await amina.SubmitAsync("Yes, introduce us");
        Assert.Equal(200, accepted.Status);
        await Expect(amina.Notice()).ToHaveTextAsync("You said yes.");
        await Expect(amina.Button("Decline after all")).ToBeVisibleAsync();
        await browser.AssertGoodPageAsync(amina);

        await glue.GotoAsync("/introductions");
        await Expect(glue.GetByText("One has said yes")).ToBeVisibleAsync();
        await browser.AssertGoodPageAsync(glue);
        await glue.GotoAsync("/settings/introductions");
        await browser.AssertGoodPageAsync(glue);
    }
}
