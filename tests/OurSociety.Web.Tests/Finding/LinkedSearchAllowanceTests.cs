using System.Net;
using OurSociety.Core.Federation;
using OurSociety.Core.Hubs;
using OurSociety.Testing;
using OurSociety.Web.Tests.Api;

namespace OurSociety.Web.Tests.Finding;

/// <summary>
/// <c>OurSociety:RateLimits:LinkedSearchPerMinute</c> (issue 14): each search with <c>source=linked</c> asks every linked
/// hub, so one address may make only so many a minute. Past it, the search still answers with this hub's own results
/// and says the linked hubs were not asked; other sources are not counted, and a new minute gives a new allowance.
/// </summary>
public sealed class LinkedSearchAllowanceTests : IAsyncLifetime
{
    private const string Search = ApiTestKit.Prefix + "/search";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private readonly FederationNetwork _network = new();
    private NodeFactory _a = null!;
    private NodeFactory _b = null!;

    public async ValueTask InitializeAsync()
    {
        _a = _network.AddNode("http://a.test").With("OurSociety:RateLimits:LinkedSearchPerMinute", "2");
        _b = _network.AddNode("http://b.test");
        using var alice = await _a.ApiUserAsync("alice");
        using var bob = await _b.ApiUserAsync("bob");
        await alice.StoryAsync(new { title = "Limitword at A", body = "b" });
        await bob.StoryAsync(new { title = "Limitword at B", body = "b" });
        var now = _a.Time.GetUtcNow();
        await _a.Service<IRemoteActorStore>().UpsertAsync(new RemoteActor(
            "http://b.test/users/hub", "Group", "hub", "b.test", "Bee Hub", "http://b.test/users/hub/inbox", null, "http://b.test/", null, null, null,
            false, "{}", now)
        { ImplementsIntroductions = true }, Ct);
        await _a.WriteAsync(tx => _a.Service<IHubLinkStore>().PutAsync(
            new HubLink(Guid.CreateVersion7(now), "http://b.test/users/hub", HubLinkState.Linked, true, "", false, null, null, now, now), tx, Ct));
    }

    public ValueTask DisposeAsync() => _network.DisposeAsync();

    [Fact]
    public async Task TheThirdLinkedSearchInAMinute_AnswersWithOursOnly_AndSaysSo_OtherSourcesAreNotCounted()
    {
        using var client = _a.CreateClient();
        for (var i = 0; i < 2; i++)
        {
            var found = await (await client.GetAsync($"{Search}?q=limitword&source=linked", Ct)).JsonAsync(HttpStatusCode.OK);
            Assert.Equal(["Limitword at A", "Limitword at B"], found.Titles());
            Assert.False(found.GetProperty("linkedNotAsked").GetBoolean());
        }

        // Other sources are not counted, before or after the allowance is spent.
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(["Limitword at A"], (await (await client.GetAsync($"{Search}?q=limitword&source=all", Ct)).JsonAsync(HttpStatusCode.OK)).Titles());
        }

        var asked = _network.Log.Count(r => r.Url.Host == "b.test");
        var third = await (await client.GetAsync($"{Search}?q=limitword&source=linked", Ct)).JsonAsync(HttpStatusCode.OK);
        Assert.Equal(["Limitword at A"], third.Titles());
        Assert.True(third.GetProperty("linkedNotAsked").GetBoolean());
        Assert.Empty(third.GetProperty("unavailable").EnumerateArray());
        Assert.Equal(asked, _network.Log.Count(r => r.Url.Host == "b.test"));   // B was not asked
        Assert.Equal(["Limitword at A"], (await (await client.GetAsync($"{Search}?q=limitword&source=local", Ct)).JsonAsync(HttpStatusCode.OK)).Titles());

        // The page (same address, same allowance) says so in plain words, in each language.
        using var browser = new Browserless(_a);
        var (status, html) = await browser.GetAsync("/search?q=limitword&source=linked");
        Assert.Equal(HttpStatusCode.OK, status);
        var text = WebUtility.HtmlDecode(html);
        Assert.Contains("Limitword at A", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Limitword at B", text, StringComparison.Ordinal);
        Assert.Contains("only this hub’s results are shown", text, StringComparison.Ordinal);
        var (_, welsh) = await browser.GetAsync("/search?q=limitword&source=linked&lang=cy");
        Assert.Contains("hybiau cysylltiedig", WebUtility.HtmlDecode(welsh), StringComparison.Ordinal);

        // A new minute, a new allowance.
        _a.Time.Advance(TimeSpan.FromMinutes(1));
        var again = await (await client.GetAsync($"{Search}?q=limitword&source=linked", Ct)).JsonAsync(HttpStatusCode.OK);
        Assert.Equal(["Limitword at A", "Limitword at B"], again.Titles());
        Assert.False(again.GetProperty("linkedNotAsked").GetBoolean());
        await HtmlValidator.AssertValidAsync([new("/search?source=linked (not asked)", html)]);   // last: skips where html-validate is missing
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(10_001)]
    public void OutOfRangeSetting_FailsValidationNamingTheKey(int value)
    {
        var result = new Hosting.RateLimitOptionsValidator().Validate(null, new Hosting.RateLimitOptions { LinkedSearchPerMinute = value });

        Assert.True(result.Failed);
        Assert.Contains("OurSociety:RateLimits:LinkedSearchPerMinute must be between 1 and 10000", result.FailureMessage, StringComparison.Ordinal);
    }
}
