using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using OurSociety.Core;
using OurSociety.Core.Federation;
using OurSociety.Core.Members;
using OurSociety.Core.Moderation;
using OurSociety.Core.Notifications;
using OurSociety.Core.Paging;
using OurSociety.Testing;
using OurSociety.Web.Tests.Accounts;
using OurSociety.Web.Tests.Api;
using OurSociety.Web.Tests.Finding;

namespace OurSociety.Web.Tests.Moderation;

/// <summary>Issue 13: warn, limit and suspend on one hub: the rules, the API, the desk page and each bad input.</summary>
public sealed class AccountActionTests(RoomyNode node) : IClassFixture<RoomyNode>
{
    private const string Actions = ApiTestKit.Prefix + "/admin/account-actions";
    private const string Timelines = ApiTestKit.Prefix + "/timelines";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private IAccountModeration Moderation => node.Service<IAccountModeration>();

    private async Task<ModerationEntry> ActAsync(string account, AccountAction action, string? reason = "Spam links", Guid? moderator = null) =>
        Assert.IsType<Outcome<ModerationEntry>.Ok>(await Moderation.ApplyAsync(new AccountActionRequest(moderator, account, action, reason), Ct)).Value;

    private async Task<List<ModerationEntry>> LogAsync() =>
        [.. (await node.Service<IModerationLogStore>().ListAsync(Cursor.Start, 200, Ct)).Items];

    [Fact]
    public async Task Api_Anonymous401_NoRole403_Moderator200WithTheEntry()
    {
        using var member = await node.ApiUserAsync("aa_member");
        using var moderator = await node.ApiUserAsync("aa_moderator", Role.Moderator);
        await node.CreateMemberAsync("aa_target");
        using var anonymous = node.CreateClient();
        var body = new { account = "@aa_target", action = "limit", reason = "Posts adverts", privateNote = "Third time" };

        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsJsonAsync(Actions, body, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await member.Client.PostAsJsonAsync(Actions, body, Ct)).StatusCode);
        var entry = await (await moderator.Client.PostAsJsonAsync(Actions, body, Ct)).JsonAsync(HttpStatusCode.OK);

        Assert.Equal("limit", entry.GetProperty("action").GetString());
        Assert.Equal("@aa_target", entry.GetProperty("targetLabel").GetString());
        Assert.Equal("aa_moderator", entry.GetProperty("moderator").GetString());
        Assert.Equal("Third time", entry.GetProperty("privateNote").GetString());
        Assert.Contains(await LogAsync(), e => e.Id == entry.GetProperty("id").GetGuid() && e.Action == ModerationActions.Limit);
        Assert.NotNull((await node.Service<IMemberStore>().FindByUsernameAsync("aa_target", Ct))!.LimitedAt);
    }

    [Fact]
    public async Task Api_BadInput_NamesTheField_AndChangesNothing()
    {
        using var moderator = await node.ApiUserAsync("bi_moderator", Role.Moderator);
        await node.CreateMemberAsync("bi_target");
        await node.Service<IRemoteActorStore>().UpsertAsync(new RemoteActor("https://far.example/users/zed", "Person", "zed", "far.example", "Zed",
            "https://far.example/users/zed/inbox", null, null, null, null, null, false, "{}", node.Time.GetUtcNow()), Ct);
        var before = (await LogAsync()).Count;

        async Task<JsonElement> Problem(object body, HttpStatusCode status) =>
            await (await moderator.Client.PostAsJsonAsync(Actions, body, Ct)).ProblemAsync(status);

        var unknown = await Problem(new { account = "@nobody_here", action = "limit" }, HttpStatusCode.NotFound);
        Assert.True(unknown.GetProperty("errors").TryGetProperty("account", out _));
        Assert.True((await Problem(new { account = "@bi_target", action = "suspend" }, HttpStatusCode.BadRequest)).GetProperty("errors").TryGetProperty("reason", out _));
        Assert.True((await Problem(new { account = "@bi_target", action = "warn", reason = " " }, HttpStatusCode.BadRequest)).GetProperty("errors").TryGetProperty("reason", out _));
        Assert.True((await Problem(new { account = "@bi_target", action = "ban" }, HttpStatusCode.BadRequest)).GetProperty("errors").TryGetProperty("action", out _));
        Assert.True((await Problem(new { account = "@zed@far.example", action = "warn", reason = "x" }, HttpStatusCode.BadRequest)).GetProperty("errors").TryGetProperty("action", out _));
        Assert.True((await Problem(new { account = "", action = "limit" }, HttpStatusCode.BadRequest)).GetProperty("errors").TryGetProperty("account", out _));
        await Problem(new { account = "@bi_target", action = "unlimit" }, HttpStatusCode.Conflict);
        await Problem(new { account = "@bi_moderator", action = "limit" }, HttpStatusCode.Conflict);

        Assert.Equal(before, (await LogAsync()).Count);
        var target = await node.Service<IMemberStore>().FindByUsernameAsync("bi_target", Ct);
        Assert.Null(target!.LimitedAt);
        Assert.Null(target.SuspendedAt);
    }

    [Fact]
    public async Task Accounts_AreNamedAnyWay_IdHandleWithOurHostAndActorUrl()
    {
        var target = await node.CreateMemberAsync("nm_target");
        var origin = node.Service<ModerationSite>();

        Assert.Equal(target.Id.ToString("D"), (await ActAsync(target.Id.ToString("D"), AccountAction.Limit)).Target);
        Assert.Equal("@nm_target", (await ActAsync($"@nm_target@{origin.Authority}", AccountAction.Unlimit)).TargetLabel);
        Assert.Equal("@nm_target", (await ActAsync($"{origin.Origin}/users/nm_target", AccountAction.Limit)).TargetLabel);
        Assert.Equal("node", (await ActAsync("nm_target", AccountAction.Unlimit)).ModeratorName);
    }

    [Fact]
    public async Task Moderator_MustHaveTheRole_AndCannotActOnAnAdmin()
    {
        var plain = await node.CreateMemberAsync("mr_plain");
        var moderator = await node.CreateMemberAsync("mr_moderator", roles: [Role.Moderator]);
        await node.CreateMemberAsync("mr_admin", roles: [Role.Admin]);
        await node.CreateMemberAsync("mr_target");

        Assert.IsType<Outcome<ModerationEntry>.Forbidden>(await Moderation.ApplyAsync(new(plain.Id, "@mr_target", AccountAction.Limit, null), Ct));
        Assert.IsType<Outcome<ModerationEntry>.Forbidden>(await Moderation.ApplyAsync(new(moderator.Id, "@mr_admin", AccountAction.Limit, null), Ct));
        Assert.IsType<Outcome<ModerationEntry>.Ok>(await Moderation.ApplyAsync(new(moderator.Id, "@mr_target", AccountAction.Limit, null), Ct));
    }

    [Fact]
    public async Task Warn_SendsAPrivateNotice_LinkingToTheAppeal()
    {
        var target = await node.CreateMemberAsync("wn_target");

        var entry = await ActAsync("@wn_target", AccountAction.Warn, "Please keep it kind");

        var notice = Assert.Single((await node.Service<INotificationStore>().ListAsync(target.Id, Cursor.Start, 10, Ct)).Items);
        Assert.Equal(NotificationKind.Warned, notice.Kind);
        Assert.Equal(NotificationSubjects.Of("moderation", entry.Id), notice.Subject);
        Assert.Equal("Please keep it kind", entry.Reason);
        using var browser = await node.SignedInBrowserAsync("wn_target");
        var (status, html) = await browser.GetAsync("/notifications");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("href=\"/appeal\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("Please keep it kind", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Limit_KeepsPostsOffLocalTopicsAndSearch_UntilUnlimited()
    {
        using var author = await node.ApiUserAsync("lm_author");
        await author.StoryAsync(new { title = "Limitedwordz story", body = "b", topics = new[] { "limitedtopic" } });
        using var anonymous = node.CreateClient();

        async Task<bool> ListedAsync()
        {
            var local = await (await anonymous.GetAsync($"{Timelines}/local?limit=100", Ct)).JsonAsync(HttpStatusCode.OK);
            var search = await (await anonymous.GetAsync($"{ApiTestKit.Prefix}/search?q=limitedwordz", Ct)).JsonAsync(HttpStatusCode.OK);
            var (_, topic) = await new Browserless(node).GetAsync("/tags/limitedtopic");
            var (_, localPage) = await new Browserless(node).GetAsync("/local");
            var inLocal = local.Titles().Contains("Limitedwordz story");
            Assert.Equal(inLocal, search.Titles().Contains("Limitedwordz story"));
            Assert.Equal(inLocal, topic.Contains("Limitedwordz story", StringComparison.Ordinal));
            Assert.Equal(inLocal, localPage.Contains("Limitedwordz story", StringComparison.Ordinal));
            return inLocal;
        }

        Assert.True(await ListedAsync());
        await ActAsync("@lm_author", AccountAction.Limit, null);
        Assert.False(await ListedAsync());
        // Their own page still shows it: people who look for them (and their followers) still see their posts.
        var (_, profile) = await new Browserless(node).GetAsync("/@lm_author");
        Assert.Contains("Limitedwordz story", profile, StringComparison.Ordinal);

        await ActAsync("@lm_author", AccountAction.Unlimit, null);
        Assert.True(await ListedAsync());
        Assert.Equal([ModerationActions.Unlimit, ModerationActions.Limit],
            (await LogAsync()).Where(e => e.TargetLabel == "@lm_author").Select(e => e.Action).ToArray());
    }

    [Fact]
    public async Task Suspend_RefusesTokens_HidesContent_SignInReachesOnlyTheAppeal_UnsuspendRestores()
    {
        using var author = await node.ApiUserAsync("sp_author");
        await author.StoryAsync(new { title = "Suspendedwordz story", body = "b" });
        using var anonymous = node.CreateClient();

        await ActAsync("@sp_author", AccountAction.Suspend, "Harassing other members");

        Assert.Equal(HttpStatusCode.Unauthorized, (await author.Client.GetAsync(ApiTestKit.Prefix + "/me", Ct)).StatusCode);
        var local = await (await anonymous.GetAsync($"{Timelines}/local?limit=100", Ct)).JsonAsync(HttpStatusCode.OK);
        Assert.DoesNotContain("Suspendedwordz story", local.Titles());
        var (_, profile) = await new Browserless(node).GetAsync("/@sp_author");
        Assert.DoesNotContain("Suspendedwordz story", profile, StringComparison.Ordinal);

        using var browser = new Browserless(node);
        var signIn = await browser.SignInAsync("sp_author");
        Assert.True(signIn.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.Found or HttpStatusCode.SeeOther);
        using var page = await browser.Client.GetAsync("/settings", Ct);
        Assert.Equal(HttpStatusCode.SeeOther, page.StatusCode);
        Assert.Equal("/appeal", page.Headers.Location?.OriginalString);
        using var api = await browser.Client.GetAsync(ApiTestKit.Prefix + "/me", Ct);
        Assert.Equal(HttpStatusCode.Forbidden, api.StatusCode);
        Assert.Contains("Harassing other members", await api.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);

        await ActAsync("@sp_author", AccountAction.Unsuspend, null);
        Assert.Equal(HttpStatusCode.OK, (await author.Client.GetAsync(ApiTestKit.Prefix + "/me", Ct)).StatusCode);
        local = await (await anonymous.GetAsync($"{Timelines}/local?limit=100", Ct)).JsonAsync(HttpStatusCode.OK);
        Assert.Contains("Suspendedwordz story", local.Titles());
    }

    [Fact]
    public async Task Suspend_AfterTheGracePeriod_DeletesTheAccount_UnlessUnsuspended()
    {
        await node.CreateMemberAsync("gp_deleted");
        await node.CreateMemberAsync("gp_kept");
        await ActAsync("@gp_deleted", AccountAction.Suspend, "Spam");
        await ActAsync("@gp_kept", AccountAction.Suspend, "Spam");
        await ActAsync("@gp_kept", AccountAction.Unsuspend, null);

        node.Time.Advance(TimeSpan.FromDays(29));
        await node.DrainAsync();
        Assert.NotNull(await node.Service<IMemberStore>().FindByUsernameAsync("gp_deleted", Ct));
        node.Time.Advance(TimeSpan.FromDays(2));
        await node.DrainAsync();

        Assert.Null(await node.Service<IMemberStore>().FindByUsernameAsync("gp_deleted", Ct));
        Assert.NotNull(await node.Service<IMemberStore>().FindByUsernameAsync("gp_kept", Ct));
        Assert.Contains(await LogAsync(), e => e.Action == ModerationActions.DeleteSuspended && e.TargetLabel == "@gp_deleted" && e.ModeratorName == "node");
    }

    [Fact]
    public async Task RemoteActorRefetch_NeverClearsItsSanctions()
    {
        var actor = new RemoteActor("https://far.example/users/rf", "Person", "rf", "far.example", "Rf",
            "https://far.example/users/rf/inbox", null, null, null, null, null, false, "{}", node.Time.GetUtcNow());
        await node.Service<IRemoteActorStore>().UpsertAsync(actor, Ct);
        await ActAsync("@rf@far.example", AccountAction.Limit, null);
        await ActAsync(actor.Id, AccountAction.Suspend, "Spam");

        await node.Service<IRemoteActorStore>().UpsertAsync(actor with { Name = "Renamed", FetchedAt = node.Time.GetUtcNow() }, Ct);

        var sanction = await node.Service<IAccountSanctionStore>().FindRemoteAsync(actor.Id, Ct);
        Assert.True(sanction.IsLimited);
        Assert.True(sanction.IsSuspended);
    }

    [Fact]
    public async Task RemoteLimit_KeepsTheirPostsOffTheNetworkList()
    {
        await node.ReceivedAsync("Remotelimitwordz post", host: "limited.example", user: "lim");
        using var anonymous = node.CreateClient();
        Assert.Contains("Remotelimitwordz post", (await (await anonymous.GetAsync($"{Timelines}/network?limit=100", Ct)).JsonAsync(HttpStatusCode.OK)).Titles());

        await ActAsync("https://limited.example/users/lim", AccountAction.Limit, null);

        Assert.DoesNotContain("Remotelimitwordz post", (await (await anonymous.GetAsync($"{Timelines}/network?limit=100", Ct)).JsonAsync(HttpStatusCode.OK)).Titles());
        Assert.Empty((await (await anonymous.GetAsync($"{ApiTestKit.Prefix}/search?q=remotelimitwordz", Ct)).JsonAsync(HttpStatusCode.OK)).Titles());
    }

    [Fact]
    public async Task DeskPage_AnonymousSignIn_Member403_ModeratorActs_RemoteSuspendAsksFirst()
    {
        await node.CreateMemberAsync("dp_member");
        await node.CreateMemberAsync("dp_moderator", roles: [Role.Moderator]);
        await node.CreateMemberAsync("dp_target");
        await node.ReceivedAsync("Deskremote post", host: "desk.example", user: "far");

        var (anonymousStatus, _) = await new Browserless(node).GetAsync("/admin/account-actions");
        Assert.NotEqual(HttpStatusCode.OK, anonymousStatus);
        using (var member = await node.SignedInBrowserAsync("dp_member"))
        {
            Assert.Equal(HttpStatusCode.Forbidden, (await member.GetAsync("/admin/account-actions")).Status);
        }

        using var moderator = await node.SignedInBrowserAsync("dp_moderator");
        var (status, html) = await moderator.GetAsync("/admin/account-actions");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("Lifting the suspension later cannot bring them back", html, StringComparison.Ordinal);

        var missing = await moderator.SubmitAsync("/admin/account-actions", "/admin/account-actions",
            new Dictionary<string, string> { ["account"] = "@dp_target", ["action"] = "suspend", ["reason"] = "" });
        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        Assert.Contains("id=\"reason-error\"", await missing.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);

        var unconfirmed = await moderator.SubmitAsync("/admin/account-actions", "/admin/account-actions",
            new Dictionary<string, string> { ["account"] = "@far@desk.example", ["action"] = "suspend", ["reason"] = "Spam" });
        Assert.Equal(HttpStatusCode.BadRequest, unconfirmed.StatusCode);
        Assert.Contains("id=\"confirm-error\"", await unconfirmed.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.False((await node.Service<IAccountSanctionStore>().FindRemoteAsync("https://desk.example/users/far", Ct)).IsSuspended);

        var done = await moderator.SubmitAsync("/admin/account-actions", "/admin/account-actions",
            new Dictionary<string, string> { ["account"] = "@dp_target", ["action"] = "limit" });
        Assert.Equal(HttpStatusCode.Redirect, done.StatusCode);
        (_, html) = await moderator.GetAsync("/admin/account-actions");
        Assert.Contains("Lift the limit on @dp_target", html, StringComparison.Ordinal);
    }
}
