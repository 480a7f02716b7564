using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Configuration;
using OurSociety.Core.Members;
using OurSociety.Testing;
using OurSociety.Web.Hosting;
using PageLanguages = OurSociety.Web.Hosting.Languages;

namespace OurSociety.Web.Tests.Languages;

/// <summary>
/// The page language: ?lang= for one request, then the member's stored choice, then the switch's cookie, then
/// Accept-Language, then the hub's default; an unknown value is passed over without an error.
/// </summary>
public sealed class PageLanguageTests(NodeFactory node) : IClassFixture<NodeFactory>
{
    private static async Task<string> GetHtmlAsync(HttpClient client, string url, string? acceptLanguage = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        if (acceptLanguage is not null)
        {
            request.Headers.Add("Accept-Language", acceptLanguage);
        }

        using var response = await client.SendAsync(request, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task Accept_language_cy_gives_a_welsh_page()
    {
        using var client = node.CreateClient();
        var html = await GetHtmlAsync(client, "/signin", "cy-GB, en;q=0.5");
        Assert.Contains("<html lang=\"cy\" dir=\"ltr\">", html, StringComparison.Ordinal);
        Assert.Contains("Neidio i’r prif gynnwys", html, StringComparison.Ordinal);   // the skip link, in Welsh
    }

    [Fact]
    public async Task Query_lang_ar_gives_a_right_to_left_page_over_accept_language()
    {
        using var client = node.CreateClient();
        var html = await GetHtmlAsync(client, "/local?lang=ar", "cy");
        Assert.Contains("<html lang=\"ar\" dir=\"rtl\">", html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/?lang=zz")]
    [InlineData("/?lang=")]
    [InlineData("/?lang=%00%3Cscript%3E")]
    [InlineData("/?lang=cy&lang=ar")]
    public async Task An_unknown_lang_falls_back_without_error(string url)
    {
        using var client = node.CreateClient();
        var html = await GetHtmlAsync(client, url, "en");
        Assert.Matches("<html lang=\"(en|cy|ar)\"", html);
    }

    [Fact]
    public async Task An_unknown_accept_language_or_cookie_gives_the_hub_default()
    {
        using var client = node.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/");
        request.Headers.Add("Accept-Language", "zz, xx;q=0.5");
        request.Headers.Add("Cookie", $"{PageLanguages.CookieName}=c%3Dzz%7Cuic%3Dzz");
        using var response = await client.SendAsync(request, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("<html lang=\"en\" dir=\"ltr\">", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_switch_sets_a_long_lived_cookie_and_goes_back_to_the_page()
    {
        using var browser = new Browserless(node);
        using var response = await browser.Client.GetAsync("/language?to=cy&return=%2Flocal%3Fcursor%3Dx", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/local?cursor=x", response.Headers.Location?.OriginalString);
        var cookie = Assert.Single(response.Headers.GetValues("Set-Cookie"), c => c.StartsWith(PageLanguages.CookieName + "=", StringComparison.Ordinal));
        Assert.Contains("max-age=31536000", cookie, StringComparison.OrdinalIgnoreCase);
        var html = await GetHtmlAsync(browser.Client, "/local", "ar");   // the cookie wins over the browser's languages
        Assert.Contains("<html lang=\"cy\"", html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("https://evil.example/")]
    [InlineData("//evil.example/")]
    [InlineData("/\\evil.example/")]
    [InlineData("evil.example")]
    [InlineData("javascript:alert(1)")]
    [InlineData("")]
    public async Task The_switch_goes_back_only_to_a_local_page(string back)
    {
        using var client = node.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        using var response = await client.GetAsync($"/language?to=ar&return={Uri.EscapeDataString(back)}", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/", response.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task The_switch_ignores_an_unknown_language()
    {
        using var client = node.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        using var response = await client.GetAsync("/language?to=zz&return=%2F", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.False(response.Headers.TryGetValues("Set-Cookie", out _));
    }

    [Fact]
    public async Task The_footer_links_each_language_named_in_itself_back_to_this_page()
    {
        using var client = node.CreateClient();
        var html = await GetHtmlAsync(client, "/search?q=soup&lang=cy");
        Assert.Contains("<a href=\"/language?to=ar&amp;return=%2Fsearch%3Fq%3Dsoup\" lang=\"ar\" hreflang=\"ar\">العربية</a>", html, StringComparison.Ordinal);
        Assert.Contains("lang=\"cy\" hreflang=\"cy\" aria-current=\"true\">Cymraeg</a>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("__RequestVerificationToken", html[html.IndexOf("<footer", StringComparison.Ordinal)..], StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_members_stored_choice_wins_over_accept_language_on_any_device()
    {
        await node.CreateMemberAsync("lang_cy");
        using (var phone = await node.SignedInBrowserAsync("lang_cy"))
        {
            using var switched = await phone.Client.GetAsync("/language?to=cy&return=%2F", TestContext.Current.CancellationToken);
            Assert.Equal(HttpStatusCode.Redirect, switched.StatusCode);
        }

        Assert.Equal("cy", (await node.Service<IMemberStore>().FindByUsernameAsync("lang_cy", TestContext.Current.CancellationToken))?.Language);
        using var laptop = await node.SignedInBrowserAsync("lang_cy");   // no language cookie here
        var html = await GetHtmlAsync(laptop.Client, "/settings/account", "ar, en;q=0.8");
        Assert.Contains("<html lang=\"cy\"", html, StringComparison.Ordinal);
        Assert.Matches("id=\"language-cy\" name=\"language\" value=\"cy\" checked", html);
    }

    [Fact]
    public async Task The_settings_page_stores_the_choice_and_can_hand_it_back_to_the_browser()
    {
        await node.CreateMemberAsync("lang_set");
        using var browser = await node.SignedInBrowserAsync("lang_set");
        using var saved = await browser.SubmitAsync("/settings/account", "/settings/language", new Dictionary<string, string> { ["language"] = "ar" });
        Assert.Equal("/settings/account?notice=language-saved", saved.Headers.Location?.OriginalString);
        var members = node.Service<IMemberStore>();
        Assert.Equal("ar", (await members.FindByUsernameAsync("lang_set", TestContext.Current.CancellationToken))?.Language);
        Assert.Contains("dir=\"rtl\"", await GetHtmlAsync(browser.Client, "/settings/account", "en"), StringComparison.Ordinal);

        using var cleared = await browser.SubmitAsync("/settings/account", "/settings/language", new Dictionary<string, string> { ["language"] = "" });
        Assert.Null((await members.FindByUsernameAsync("lang_set", TestContext.Current.CancellationToken))?.Language);
        Assert.Contains("<html lang=\"cy\"", await GetHtmlAsync(browser.Client, "/settings/account", "cy"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_api_shows_and_changes_the_members_language()
    {
        await node.CreateMemberAsync("lang_api");
        using var browser = await node.SignedInBrowserAsync("lang_api");
        using var refused = await browser.Client.PatchAsJsonAsync("/api/oursociety/v1/me", new { language = "zz" }, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("language", await refused.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);

        using var changed = await browser.Client.PatchAsJsonAsync("/api/oursociety/v1/me", new { language = "cy" }, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        using var json = JsonDocument.Parse(await changed.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.Equal("cy", json.RootElement.GetProperty("language").GetString());
    }

    [Theory]
    [InlineData(null, null, true)]
    [InlineData("en,cy", "cy", true)]
    [InlineData("cy", "en", false)]
    [InlineData("en,fr", "en", false)]
    [InlineData("", "en", false)]
    public void The_language_settings_are_checked_at_start(string? languages, string? hub, bool valid)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            [LanguageOptions.Section] = languages,
            [LanguageOptions.HubLanguageKey] = hub,
        }.Where(p => p.Value is not null)).Build();
        var options = new LanguageOptions();
        LanguageOptions.Read(options, configuration);
        Assert.Equal(valid, new LanguageOptionsValidator().Validate(null, options).Succeeded);
    }

    [Fact]
    public void Arabic_dates_use_the_gregorian_calendar_with_arabic_month_names_and_welsh_ones_welsh_names()
    {
        var date = new DateTimeOffset(2026, 12, 7, 10, 0, 0, TimeSpan.Zero);
        var before = System.Globalization.CultureInfo.CurrentCulture;
        try
        {
            System.Globalization.CultureInfo.CurrentCulture = PageLanguages.Culture("ar");
            var arabic = OurSociety.Web.Features.Settings.Display.Date(date);
            Assert.Contains("ديسمبر", arabic, StringComparison.Ordinal);
            Assert.Contains("2026", arabic, StringComparison.Ordinal);
            System.Globalization.CultureInfo.CurrentCulture = PageLanguages.Culture("cy");
            Assert.Equal("7 Rhagfyr 2026", OurSociety.Web.Features.Settings.Display.Date(date));
        }
        finally
        {
            System.Globalization.CultureInfo.CurrentCulture = before;
        }
    }
}
