using System.Net;
using System.Net.Http.Headers;
using OurSociety.Core;
using OurSociety.Core.Members;
using OurSociety.Core.Moderation;
using OurSociety.Testing;
using OurSociety.Web.Tests.Accounts;
using OurSociety.Web.Tests.Api;
using OurSociety.Web.Tests.Finding;

namespace OurSociety.Web.Tests.Moderation;

/// <summary>
/// Issue 13: a suspended member's content is hidden everywhere, not only in lists: their story page, profile, API read
/// and ActivityPub object answer 410 to all but moderators; unsuspending brings everything back.
/// </summary>
public sealed class SuspendedContentTests(RoomyNode node) : IClassFixture<RoomyNode>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task ActAsync(string account, AccountAction action, string? reason) =>
        Assert.IsType<Outcome<ModerationEntry>.Ok>(
            await node.Service<IAccountModeration>().ApplyAsync(new AccountActionRequest(null, account, action, reason), Ct));

    private static async Task<HttpResponseMessage> ActivityJsonAsync(HttpClient client, string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/activity+json"));
        return await client.SendAsync(request, Ct);
    }

    [Fact]
    public async Task Suspended_StoryPageProfileApiAndObjectAreGone_ButNotToModerators_UnsuspendRestores()
    {
        using var author = await node.ApiUserAsync("sc_author");
        using var moderator = await node.ApiUserAsync("sc_moderator", Role.Moderator);
        var id = await author.StoryAsync(new { title = "Hiddenwordz story", body = "Hiddenwordz body" });
        using var anonymous = node.CreateClient();
        var api = $"{ApiTestKit.Prefix}/stories/{id}";

        await ActAsync("@sc_author", AccountAction.Suspend, "Harassing other members");

        using var browser = new Browserless(node);
        var (pageStatus, page) = await browser.GetAsync($"/stories/{id}");
        Assert.Equal(HttpStatusCode.Gone, pageStatus);
        Assert.DoesNotContain("Hiddenwordz", page, StringComparison.Ordinal);
        Assert.Contains("This account is suspended", page, StringComparison.Ordinal);
        var (profileStatus, profile) = await browser.GetAsync("/@sc_author");
        Assert.Equal(HttpStatusCode.Gone, profileStatus);
        Assert.DoesNotContain("Hiddenwordz", profile, StringComparison.Ordinal);
        Assert.Contains("This account is suspended", profile, StringComparison.Ordinal);
        using var read = await anonymous.GetAsync(api, Ct);
        Assert.Equal(HttpStatusCode.Gone, read.StatusCode);
        Assert.DoesNotContain("Hiddenwordz", await read.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        using var apObject = await ActivityJsonAsync(anonymous, $"/stories/{id}");
        Assert.Equal(HttpStatusCode.Gone, apObject.StatusCode);
        Assert.DoesNotContain("Hiddenwordz", await apObject.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);

        // The moderators still read what they act on.
        using var moderatorRead = await moderator.Client.GetAsync(api, Ct);
        Assert.Equal(HttpStatusCode.OK, moderatorRead.StatusCode);

        await ActAsync("@sc_author", AccountAction.Unsuspend, null);

        Assert.Contains("Hiddenwordz", (await browser.GetAsync($"/stories/{id}")).Html, StringComparison.Ordinal);
        var (backStatus, back) = await browser.GetAsync("/@sc_author");
        Assert.Equal(HttpStatusCode.OK, backStatus);
        Assert.Contains("Hiddenwordz", back, StringComparison.Ordinal);
        using var readAgain = await anonymous.GetAsync(api, Ct);
        Assert.Equal(HttpStatusCode.OK, readAgain.StatusCode);
        using var objectAgain = await ActivityJsonAsync(anonymous, $"/stories/{id}");
        Assert.Equal(HttpStatusCode.OK, objectAgain.StatusCode);
        Assert.Contains("Hiddenwordz", await objectAgain.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }
}
