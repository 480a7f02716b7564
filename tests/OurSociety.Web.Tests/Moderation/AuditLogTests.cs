using System.Net;
using System.Text.Json;
using OurSociety.Core.Members;
using OurSociety.Core.Moderation;
using OurSociety.Testing;
using OurSociety.Web.Tests.Api;

namespace OurSociety.Web.Tests.Moderation;

/// <summary>
/// The moderators' audit log: <c>/admin/audit-log</c>, <c>GET /admin/audit-log</c> and <c>GET /admin/audit-log.csv</c>.
/// Entries are written through the store, as every moderation action does in its own transaction.
/// </summary>
public sealed class AuditLogTests(NodeFactory node) : IClassFixture<NodeFactory>
{
    private const string Api = ApiTestKit.Prefix + "/admin/audit-log";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<ModerationEntry> WriteAsync(
        string action, string label, string? reason = null, string? note = null, Guid? report = null, string moderator = "al_mod")
    {
        node.Time.Advance(TimeSpan.FromMinutes(1));   // entries are ordered by time: each a minute after the last
        var entry = new ModerationEntry(Guid.CreateVersion7(), node.Time.GetUtcNow(), null, moderator, action,
            ModerationTargets.RemoteAccount, "https://elsewhere.example/users/" + label, label, reason, note, report);
        await node.WriteAsync(tx => node.Service<IModerationLogStore>().AddAsync(entry, tx, Ct));
        return entry;
    }

    [Fact]
    public async Task Page_ShowsEntriesNewestFirstWithReasonNoteAndReportLink()
    {
        await node.CreateMemberAsync("al_page_mod", roles: [Role.Moderator, Role.Member]);
        var report = Guid.CreateVersion7();
        await WriteAsync(ModerationActions.Warn, "@older@elsewhere.example", "Please keep it kind");
        await WriteAsync(ModerationActions.Suspend, "@newer@elsewhere.example", "Spam", "Seen on three hubs", report);
        using var browser = await node.SignedInBrowserAsync("al_page_mod");

        var (status, html) = await browser.GetAsync("/admin/audit-log");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("<h1>Audit log</h1>", html, StringComparison.Ordinal);
        var newer = html.IndexOf("@newer@elsewhere.example", StringComparison.Ordinal);
        var older = html.IndexOf("@older@elsewhere.example", StringComparison.Ordinal);
        Assert.True(newer >= 0 && older > newer, "newest first");
        Assert.Contains("Suspended", html, StringComparison.Ordinal);
        Assert.Contains("Warned", html, StringComparison.Ordinal);
        Assert.Contains("Seen on three hubs", html, StringComparison.Ordinal);   // the private note, for moderators
        Assert.Contains("Please keep it kind", html, StringComparison.Ordinal);
        Assert.Contains($"href=\"/admin/reports/{report:D}\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Page_IsPagedWithALinkToOlderEntries()
    {
        // A node of its own, so the count of entries is known.
        await using var own = new NodeFactory();
        await own.CreateMemberAsync("al_pager", roles: [Role.Admin, Role.Member]);
        for (var i = 0; i < Features.Moderation.AuditLogEndpoints.PageSize + 1; i++)
        {
            own.Time.Advance(TimeSpan.FromMinutes(1));
            var entry = new ModerationEntry(Guid.CreateVersion7(), own.Time.GetUtcNow(), null, "node", ModerationActions.Limit,
                ModerationTargets.Domain, $"d{i}.example", $"entry-{i:D3}.example", null, null, null);
            await own.WriteAsync(tx => own.Service<IModerationLogStore>().AddAsync(entry, tx, Ct));
        }

        using var browser = await own.SignedInBrowserAsync("al_pager");
        var (_, first) = await browser.GetAsync("/admin/audit-log");
        Assert.Contains("entry-050.example", first, StringComparison.Ordinal);
        Assert.DoesNotContain("entry-000.example", first, StringComparison.Ordinal);
        var next = System.Text.RegularExpressions.Regex.Match(first, "href=\"(/admin/audit-log\\?cursor=[^\"]+)\"").Groups[1].Value;
        Assert.NotEmpty(next);

        var (status, second) = await browser.GetAsync(WebUtility.HtmlDecode(next));
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("entry-000.example", second, StringComparison.Ordinal);
        Assert.DoesNotContain("entry-050.example", second, StringComparison.Ordinal);
        Assert.DoesNotContain("cursor=", second, StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.BadRequest, (await browser.GetAsync("/admin/audit-log?cursor=not-a-cursor")).Status);
    }

    [Fact]
    public async Task Page_AnonymousGoesToSignIn_MemberWithoutRoleIs403()
    {
        using var anonymous = new Browserless(node);
        var response = await anonymous.Client.GetAsync("/admin/audit-log", Ct);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/signin", response.Headers.Location?.PathAndQuery, StringComparison.Ordinal);

        await node.CreateMemberAsync("al_plain", roles: [Role.Member, Role.GlueEr]);
        using var member = await node.SignedInBrowserAsync("al_plain");
        var (status, html) = await member.GetAsync("/admin/audit-log");
        Assert.Equal(HttpStatusCode.Forbidden, status);
        Assert.DoesNotContain("Audit log", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Page_AdminMaySeeItToo()
    {
        await node.CreateMemberAsync("al_admin", roles: [Role.Admin, Role.Member]);
        using var browser = await node.SignedInBrowserAsync("al_admin");
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/admin/audit-log")).Status);
    }

    [Fact]
    public async Task Api_ListsItemsNewestFirstWithNext()
    {
        using var moderator = await node.ApiUserAsync("al_api_mod", Role.Moderator, Role.Member);
        var report = Guid.CreateVersion7();
        var first = await WriteAsync(ModerationActions.Limit, "@api-a@elsewhere.example", "Noisy", "between us", report);
        var second = await WriteAsync(ModerationActions.Unlimit, "@api-b@elsewhere.example");

        var page = await (await moderator.Client.GetAsync(Api + "?limit=1", Ct)).JsonAsync(HttpStatusCode.OK);
        var item = Assert.Single(page.GetProperty("items").EnumerateArray());
        Assert.Equal(second.Id.ToString("D"), item.GetProperty("id").GetString());
        Assert.Equal("unlimit", item.GetProperty("action").GetString());
        var next = page.GetProperty("next").GetString();
        Assert.NotNull(next);

        var older = await (await moderator.Client.GetAsync($"{Api}?limit=1&cursor={Uri.EscapeDataString(next)}", Ct)).JsonAsync(HttpStatusCode.OK);
        var entry = Assert.Single(older.GetProperty("items").EnumerateArray());
        Assert.Equal(first.Id.ToString("D"), entry.GetProperty("id").GetString());
        Assert.Equal("al_mod", entry.GetProperty("moderator").GetString());
        Assert.Equal("remote-account", entry.GetProperty("targetKind").GetString());
        Assert.Equal("@api-a@elsewhere.example", entry.GetProperty("targetLabel").GetString());
        Assert.Equal("Noisy", entry.GetProperty("reason").GetString());
        Assert.Equal("between us", entry.GetProperty("privateNote").GetString());
        Assert.Equal(report.ToString("D"), entry.GetProperty("report").GetString());
    }

    [Fact]
    public async Task Api_BadLimitOrCursorNamesTheField()
    {
        using var moderator = await node.ApiUserAsync("al_api_bad", Role.Moderator, Role.Member);
        var problem = await (await moderator.Client.GetAsync(Api + "?limit=0", Ct)).ProblemAsync(HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("limit", out _));
        problem = await (await moderator.Client.GetAsync(Api + "?cursor=nonsense", Ct)).ProblemAsync(HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("cursor", out _));
    }

    [Fact]
    public async Task Api_AnonymousIs401_MemberWithoutRoleIs403()
    {
        using var anonymous = node.CreateClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync(Api, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync(Api + ".csv", Ct)).StatusCode);

        using var member = await node.ApiUserAsync("al_api_plain", Role.Member);
        Assert.Equal(HttpStatusCode.Forbidden, (await member.Client.GetAsync(Api, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await member.Client.GetAsync(Api + ".csv", Ct)).StatusCode);

        // The sign-in cookie of a member without the role: 403 too, never a redirect.
        await node.CreateMemberAsync("al_cookie_plain", roles: [Role.Member]);
        using var browser = await node.SignedInBrowserAsync("al_cookie_plain");
        Assert.Equal(HttpStatusCode.Forbidden, (await browser.Client.GetAsync(Api, Ct)).StatusCode);
    }

    [Fact]
    public async Task Csv_HasAHeaderAndDefusesFormulas()
    {
        using var moderator = await node.ApiUserAsync("al_csv_mod", Role.Moderator, Role.Member);
        var entry = await WriteAsync(ModerationActions.Remove, "=HYPERLINK(\"https://evil.example\")", "+1 spam", "@note, with \"quotes\"",
            moderator: "-mod");

        var response = await moderator.Client.GetAsync(Api + ".csv", Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        var csv = await response.Content.ReadAsStringAsync(Ct);
        var lines = csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("\"id\",\"created\",\"moderator\",\"action\",\"targetKind\",\"target\",\"targetLabel\",\"reason\",\"privateNote\",\"report\"", lines[0]);
        var row = Assert.Single(lines, l => l.StartsWith($"\"{entry.Id:D}\"", StringComparison.Ordinal));
        Assert.Contains("\"'-mod\"", row, StringComparison.Ordinal);
        Assert.Contains("\"'=HYPERLINK(\"\"https://evil.example\"\")\"", row, StringComparison.Ordinal);
        Assert.Contains("\"'+1 spam\"", row, StringComparison.Ordinal);
        Assert.Contains("\"'@note, with \"\"quotes\"\"\"", row, StringComparison.Ordinal);
        Assert.Contains($"\"{JsonSerializer.Serialize(entry.CreatedAt.UtcDateTime).Trim('"')[..19]}Z\"", row, StringComparison.Ordinal);
    }
}
