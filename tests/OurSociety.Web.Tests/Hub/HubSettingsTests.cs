using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using OurSociety.Core.Hubs;
using OurSociety.Core.Members;
using OurSociety.Testing;
using OurSociety.Web.Tests.Content;
using OurSociety.Web.Tests.Settings;

namespace OurSociety.Web.Tests.Hub;

/// <summary>
/// <c>/admin/hub</c>: an admin sets the hub's name, place, description, rules, accent colour and logo. Each test has a
/// node of its own, configured with <c>OurSociety:Hub:*</c> values, as the hub's state is the subject.
/// </summary>
public sealed class HubSettingsTests : IAsyncLifetime
{
    private readonly NodeFactory _node = new NodeFactory()
        .With("OurSociety:Hub:Name", "Configured Hub")
        .With("OurSociety:Hub:Locality", "Configured Town")
        .With("OurSociety:Hub:Description", "From the configuration.");

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync() => await _node.DisposeAsync();

    [Fact]
    public async Task HubForm_NotAnAdmin_Is403AndChangesNothing()
    {
        await _node.CreateMemberAsync("hub_mod", "correct horse battery", Role.Member, Role.Moderator);
        using var browser = await _node.SignedInBrowserAsync("hub_mod");

        Assert.Equal(HttpStatusCode.Forbidden, (await browser.GetAsync("/admin/hub")).Status);
        var token = TestForms.Token((await browser.GetAsync("/settings/tokens")).Html, "/settings/tokens");
        foreach (var (action, fields) in new (string, Dictionary<string, string>)[]
        {
            ("/admin/hub", new() { ["name"] = "Taken over" }),
            ("/admin/hub/logo/remove", new()),
        })
        {
            fields[TestForms.TokenField] = token;
            using var content = new FormUrlEncodedContent(fields);
            using var response = await browser.Client.PostAsync(action, content, Ct);
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        }

        Assert.Equal("Configured Hub", _node.Service<HubIdentity>().Current.Name);

        using var anonymous = new Browserless(_node);
        Assert.Equal(HttpStatusCode.Redirect, (await anonymous.GetAsync("/admin/hub")).Status);
    }

    [Fact]
    public async Task Save_ChangedValuesStoredAndWinOverConfiguration_UnchangedOnesKeepFollowingIt()
    {
        using var admin = await HubTestKit.AdminAsync(_node);
        var (status, form) = await admin.GetAsync("/admin/hub");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("value=\"Configured Hub\"", form, StringComparison.Ordinal);   // configuration: the first values
        Assert.Contains("<a href=\"/admin/hub\">", (await admin.GetAsync("/admin")).Html, StringComparison.Ordinal);

        using var saved = await admin.SaveHubAsync(_node, new Dictionary<string, string>
        {
            ["name"] = "  Riverside Menders ",
            ["rules"] = "1. Be kind.\r\n2. **No** adverts.",
        });

        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.Equal("/admin/hub?notice=hub-saved", saved.Headers.Location?.OriginalString);
        var hub = _node.Service<HubIdentity>();
        Assert.Equal(new StoredHubProfile("Riverside Menders", null, null, "1. Be kind.\n2. **No** adverts.", null, null), hub.Stored);
        Assert.Equal("Riverside Menders", hub.Current.Name);
        Assert.Equal("Configured Town", hub.Current.Locality);   // not changed on the web: configuration still decides
        Assert.Equal(["Name", "Rules"], hub.SetOnTheWeb);
        var (_, home) = await admin.GetAsync("/");
        Assert.Contains("<h1 id=\"hub-name\">Riverside Menders</h1>", home, StringComparison.Ordinal);
        Assert.Contains("<title>Home · Riverside Menders</title>", home, StringComparison.Ordinal);
        Assert.Contains("The hub&#x27;s details are saved.", (await admin.GetAsync("/admin/hub?notice=hub-saved")).Html, StringComparison.Ordinal);

        // What was stored is read back from the database (a restarted node), not only from memory.
        Assert.Equal("Riverside Menders", (await _node.Service<IHubProfileStore>().GetAsync(Ct)).Name);

        // Sending the form again as it shows changes nothing and tells the hub's followers nothing.
        using var again = await admin.SaveHubAsync(_node, new Dictionary<string, string>());
        Assert.Equal("/admin/hub?notice=hub-unchanged", again.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task Save_EmptyOrTooLongName_RefusedBesideTheField()
    {
        using var admin = await HubTestKit.AdminAsync(_node);

        using var empty = await admin.SaveHubAsync(_node, new Dictionary<string, string> { ["name"] = " " });
        Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);
        Assert.Contains("<p class=\"field-error\" id=\"name-error\">Enter the hub&#x27;s name.</p>", await empty.BodyAsync(), StringComparison.Ordinal);

        using var tooLong = await admin.SaveHubAsync(_node, new Dictionary<string, string> { ["rules"] = new string('x', HubLimits.Rules + 1) });
        Assert.Equal(HttpStatusCode.BadRequest, tooLong.StatusCode);
        Assert.Contains("Use at most 10,000 characters.", await tooLong.BodyAsync(), StringComparison.Ordinal);
        Assert.Equal(StoredHubProfile.None, _node.Service<HubIdentity>().Stored);
    }

    [Theory]
    [InlineData("#ffcc00", "White text on #ffcc00 has a contrast of 1.5:1; it needs at least 4.5:1.",
        "Links in #ffcc00 on the page background have a contrast of 1.4:1; they need at least 4.5:1.")]
    [InlineData("#3A7BD5", "White text on #3a7bd5 has a contrast of 4.2:1; it needs at least 4.5:1.",
        "Links in #3a7bd5 on the page background have a contrast of 4.1:1; they need at least 4.5:1.")]
    public async Task Accent_FailingContrast_RefusedWithTheRatios(string accent, string whiteText, string links)
    {
        using var admin = await HubTestKit.AdminAsync(_node);

        using var response = await admin.SaveHubAsync(_node, new Dictionary<string, string> { ["accent"] = accent });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var html = await response.BodyAsync();
        Assert.Contains(whiteText, html, StringComparison.Ordinal);
        Assert.Contains(links, html, StringComparison.Ordinal);
        Assert.Contains("aria-describedby=\"accent-hint accent-error\"", html, StringComparison.Ordinal);
        Assert.Null(_node.Service<HubIdentity>().Stored.Accent);
        Assert.DoesNotContain(":root{--accent:", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Accent_NotAColour_Refused()
    {
        using var admin = await HubTestKit.AdminAsync(_node);

        using var response = await admin.SaveHubAsync(_node, new Dictionary<string, string> { ["accent"] = "red" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("is not a colour we can use", await response.BodyAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Accent_Passing_AppliedToEveryPageAsCssVariable_AllowedByTheContentSecurityPolicy()
    {
        using var admin = await HubTestKit.AdminAsync(_node);
        using var saved = await admin.SaveHubAsync(_node, new Dictionary<string, string> { ["accent"] = "#7A1F5C" });
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);

        using var visitor = new Browserless(_node);
        using var response = await visitor.Client.GetAsync("/about", Ct);
        var html = await response.Content.ReadAsStringAsync(Ct);
        const string css = ":root{--accent:#7a1f5c}";
        Assert.Contains($"<style>{css}</style>", html, StringComparison.Ordinal);
        var hash = Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(css)));
        var policy = response.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Matches($"style-src 'self'( '[^']+')* 'sha256-{Regex.Escape(hash)}';", policy);

        // Back to the stylesheet's own colour: no accent style, and the policy allows its hash no more.
        using var reset = await admin.SaveHubAsync(_node, new Dictionary<string, string> { ["accent"] = "" });
        using var after = await visitor.Client.GetAsync("/about", Ct);
        Assert.DoesNotContain(css, await after.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.DoesNotContain(hash, after.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Logo_Picture_KeptSmallShownInTheHeaderAndRemovable()
    {
        using var admin = await HubTestKit.AdminAsync(_node);

        using var uploaded = await admin.UploadLogoAsync(TestImages.Png(1600, 800, alpha: 128));

        Assert.Equal(HttpStatusCode.Redirect, uploaded.StatusCode);
        Assert.Equal("/admin/hub?notice=logo-saved", uploaded.Headers.Location?.OriginalString);
        var logo = _node.Service<HubIdentity>().Current.Logo;
        Assert.NotNull(logo);
        Assert.Equal((512, 256, "image/png"), (logo.Width, logo.Height, logo.MediaType));
        Assert.Equal((192, 96), (logo.SmallWidth, logo.SmallHeight));
        using var visitor = new Browserless(_node);
        var (_, home) = await visitor.GetAsync("/");
        var brand = System.Text.RegularExpressions.Regex.Match(home, "<a class=\"brand\".*?</a>", System.Text.RegularExpressions.RegexOptions.Singleline).Value;
        Assert.Equal($"<a class=\"brand\" href=\"/\"><img src=\"/media/{logo.SmallId:D}\" width=\"96\" height=\"48\" alt />Configured Hub</a>", brand);   // alt with no value: alt="", the name says it
        using var file = await visitor.Client.GetAsync($"/media/{logo.SmallId:D}", Ct);
        Assert.Equal(HttpStatusCode.OK, file.StatusCode);
        Assert.Equal("image/png", file.Content.Headers.ContentType?.MediaType);

        var (_, form) = await admin.GetAsync("/admin/hub");
        var remove = Browserless.FormWithAction(form, "/admin/hub/logo/remove");
        Assert.NotNull(remove);
        using var removed = await admin.SubmitAsync("/admin/hub", "/admin/hub/logo/remove", new Dictionary<string, string>());
        Assert.Equal("/admin/hub?notice=logo-removed", removed.Headers.Location?.OriginalString);
        Assert.Null(_node.Service<HubIdentity>().Current.Logo);
        Assert.DoesNotContain("<img", (await visitor.GetAsync("/")).Html, StringComparison.Ordinal);
    }

    public static TheoryData<string, byte[], string, string, string> RefusedLogos => new()
    {
        { "svg", "<?xml version=\"1.0\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script></svg>"u8.ToArray(), "logo.svg", "image/svg+xml", "SVG pictures cannot be used, because they can contain scripts." },
        { "svg named png", "<svg xmlns=\"http://www.w3.org/2000/svg\" onload=\"alert(1)\"/>"u8.ToArray(), "logo.png", "image/png", "SVG pictures cannot be used, because they can contain scripts." },
        { "text", "Just some words, not a picture at all."u8.ToArray(), "logo.png", "image/png", "That file is not a picture. Please choose a PNG, JPEG, WebP or GIF picture." },
        { "damaged", TestForms.Picture("png", 4096), "logo.png", "image/png", "This picture could not be read: the file may be damaged or incomplete." },
        { "too large", TestImages.NoisyPng(1200, 1200), "logo.png", "image/png", "This picture is too large. Please choose one of up to 2 MB." },
    };

    [Theory]
    [MemberData(nameof(RefusedLogos))]
    public async Task Logo_Refused_WithItsMessageBesideTheField(string why, byte[] bytes, string fileName, string contentType, string message)
    {
        using var admin = await HubTestKit.AdminAsync(_node);
        if (why == "too large")
        {
            Assert.True(bytes.Length > 2 * 1024 * 1024, $"the noisy picture is only {bytes.Length} bytes");
        }

        using var response = await admin.UploadLogoAsync(bytes, fileName, contentType);

        Assert.True(response.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.RequestEntityTooLarge, $"{why}: {response.StatusCode}");
        var html = await response.BodyAsync();
        Assert.Contains("<p class=\"field-error\" id=\"logo-error\">" + System.Net.WebUtility.HtmlEncode(message).Replace("&#39;", "&#x27;", StringComparison.Ordinal), html, StringComparison.Ordinal);
        Assert.Null(_node.Service<HubIdentity>().Current.Logo);
    }
}
