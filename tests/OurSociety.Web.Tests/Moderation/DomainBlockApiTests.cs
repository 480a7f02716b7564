using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using OurSociety.Core.Federation;
using OurSociety.Core.Members;
using OurSociety.Core.Moderation;
using OurSociety.Core.Paging;
using OurSociety.Testing;
using OurSociety.Web.Tests.Api;

namespace OurSociety.Web.Tests.Moderation;

/// <summary>
/// Domain blocks and allows over the API: each rule of the input (names in any spelling, IP addresses and our own
/// domain refused, severities, lengths), re-blocking updates, the CSV round trip with Mastodon's export, all-or-nothing
/// import with bad lines named, the public list, admins only, and the audit log.
/// </summary>
public sealed class DomainBlockApiTests : IAsyncLifetime
{
    private const string Blocks = ApiTestKit.Prefix + "/admin/domain-blocks";
    private const string Allows = ApiTestKit.Prefix + "/admin/domain-allows";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private readonly NodeFactory _node = new();
    private ApiUser _admin = null!;

    public async ValueTask InitializeAsync() => _admin = await _node.ApiUserAsync("ada", Role.Admin);

    public async ValueTask DisposeAsync()
    {
        _admin.Dispose();
        await _node.DisposeAsync();
    }

    private static async Task<JsonObject> JsonAsync(HttpResponseMessage response) =>
        JsonNode.Parse(await response.Content.ReadAsStringAsync(Ct))!.AsObject();

    private Task<HttpResponseMessage> BlockAsync(object body) => _admin.Client.PostAsJsonAsync(Blocks, body, Ct);

    private async Task<IReadOnlyList<DomainBlock>> StoredAsync() => await _node.Service<IDomainBlockStore>().AllAsync(Ct);

    private async Task<IReadOnlyList<ModerationEntry>> LogAsync() =>
        (await _node.Service<IModerationLogStore>().ListAsync(Cursor.Start, 100, Ct)).Items;

    [Fact]
    public async Task Block_AnySpelling_StoredCanonical_Created_AndLogged()
    {
        using var response = await BlockAsync(new { domain = "https://Bücher.EXAMPLE.:8443/users/x", severity = "suspend", rejectMedia = true, publicReason = "Spam", privateNote = "seen in reports" });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var json = await JsonAsync(response);
        Assert.Equal("xn--bcher-kva.example", (string?)json["domain"]);
        Assert.Equal("bücher.example", (string?)json["displayDomain"]);
        var block = Assert.Single(await StoredAsync());
        Assert.Equal(DomainSeverity.Suspend, block.Severity);
        Assert.True(block.RejectMedia);
        Assert.Equal("seen in reports", block.PrivateNote);
        var entry = Assert.Single(await LogAsync());
        Assert.Equal(ModerationActions.DomainBlock, entry.Action);
        Assert.Equal("ada", entry.ModeratorName);
        Assert.Equal("xn--bcher-kva.example", entry.Target);
        Assert.Equal("Spam", entry.Reason);
    }

    [Fact]
    public async Task Block_Again_UpdatesTheSameBlock()
    {
        using var first = await BlockAsync(new { domain = "bad.example", severity = "limit" });
        var id = (string?)(await JsonAsync(first))["id"];
        using var second = await BlockAsync(new { domain = "BAD.example.", severity = "suspend", publicReason = "Worse now" });

        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal(id, (string?)(await JsonAsync(second))["id"]);
        var block = Assert.Single(await StoredAsync());
        Assert.Equal(DomainSeverity.Suspend, block.Severity);
        Assert.Equal("Worse now", block.PublicReason);
        Assert.Equal(2, (await LogAsync()).Count);
    }

    [Theory]
    [InlineData("192.0.2.7", "domain")]
    [InlineData("[2001:db8::1]", "domain")]
    [InlineData("not a name", "domain")]
    [InlineData("", "domain")]
    [InlineData("localhost", "domain")]           // the node's own domain in these tests
    public async Task Block_BadName_400NamingTheField_NothingStored(string domain, string field)
    {
        using var response = await BlockAsync(new { domain, severity = "suspend" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.NotNull((await JsonAsync(response))["errors"]?[field]);
        Assert.Empty(await StoredAsync());
        Assert.Empty(await LogAsync());
    }

    [Fact]
    public async Task Block_BadSeverityOrLongReason_400()
    {
        using var severity = await BlockAsync(new { domain = "bad.example", severity = "obliterate" });
        using var reason = await BlockAsync(new { domain = "bad.example", severity = "limit", publicReason = new string('x', DomainBlockLimits.PublicReasonMax + 1) });

        Assert.NotNull((await JsonAsync(severity))["errors"]?["severity"]);
        Assert.NotNull((await JsonAsync(reason))["errors"]?["publicReason"]);
        Assert.Empty(await StoredAsync());
    }

    [Fact]
    public async Task Unblock_Removes_AndLogs_UnknownIs404()
    {
        using var created = await BlockAsync(new { domain = "bad.example", severity = "limit" });
        var id = (string?)(await JsonAsync(created))["id"];

        using var deleted = await _admin.Client.DeleteAsync($"{Blocks}/{id}", Ct);
        using var again = await _admin.Client.DeleteAsync($"{Blocks}/{id}", Ct);

        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
        Assert.Empty(await StoredAsync());
        Assert.Equal(ModerationActions.DomainUnblock, (await LogAsync())[0].Action);
    }

    [Fact]
    public async Task List_IsAPage()
    {
        using var a = await BlockAsync(new { domain = "a.example", severity = "limit" });
        using var response = await _admin.Client.GetAsync(Blocks, Ct);

        var json = await JsonAsync(response);
        Assert.Single(json["items"]!.AsArray());
        Assert.True(json.ContainsKey("next"));
    }

    [Fact]
    public async Task Csv_MastodonExport_RoundTrips()
    {
        // As Mastodon 4.x exports it (Admin::ExportDomainBlocksController).
        const string mastodon = "#domain,#severity,#reject_media,#reject_reports,#public_comment,#obfuscate\n" +
                                "spam.example,suspend,true,true,Spam,false\n" +
                                "quiet.example,silence,false,false,\"Loud, rude\",true\n" +
                                "pics.example,noop,true,false,,false\n";
        using var import = await _admin.Client.PostAsync($"{Blocks}/import", new StringContent(mastodon, Encoding.UTF8, "text/csv"), Ct);
        Assert.Equal(HttpStatusCode.OK, import.StatusCode);
        Assert.Equal(3, (await JsonAsync(import))["items"]!.AsArray().Count);

        using var export = await _admin.Client.GetAsync($"{Blocks}.csv", Ct);
        Assert.Equal("text/csv", export.Content.Headers.ContentType?.MediaType);
        var text = await export.Content.ReadAsStringAsync(Ct);
        var back = DomainBlockCsv.Read(text);
        Assert.True(back.Ok);
        var original = DomainBlockCsv.Read(mastodon);
        Assert.Equal(original.Entries.OrderBy(e => e.Domain.Value), back.Entries.OrderBy(e => e.Domain.Value));
        Assert.Contains("\"silence\"", text, StringComparison.Ordinal);
        Assert.Contains("\"noop\"", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Csv_BadLines_400ByLineNumber_NothingImported()
    {
        const string csv = "#domain,#severity,#reject_media,#reject_reports,#public_comment,#obfuscate\n" +
                           "good.example,suspend,false,false,,false\n" +
                           "192.0.2.1,suspend,false,false,,false\n" +
                           "also-good.example,sideways,false,false,,false\n" +
                           "localhost,limit,false,false,,false\n";
        using var response = await _admin.Client.PostAsync($"{Blocks}/import", new StringContent(csv, Encoding.UTF8, "text/csv"), Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await JsonAsync(response))["errors"]!["csv"]!.AsArray().Select(e => (string)e!).ToList();
        Assert.Contains(errors, e => e.StartsWith("Line 3:", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Line 4:", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Line 5:", StringComparison.Ordinal));
        Assert.DoesNotContain(errors, e => e.StartsWith("Line 2:", StringComparison.Ordinal));
        Assert.Empty(await StoredAsync());
        Assert.Empty(await LogAsync());
    }

    [Fact]
    public async Task Csv_Empty_400()
    {
        using var response = await _admin.Client.PostAsync($"{Blocks}/import", new StringContent("", Encoding.UTF8, "text/csv"), Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.NotNull((await JsonAsync(response))["errors"]?["csv"]);
    }

    [Fact]
    public async Task PublicList_HidesObfuscatedNamesAndPrivateNotes_NoSignIn()
    {
        using var a = await BlockAsync(new { domain = "secret-spam.example", severity = "suspend", obfuscate = true, publicReason = "Spam", privateNote = "private" });
        using var b = await BlockAsync(new { domain = "open.example", severity = "limit", publicReason = "Rude" });
        using var c = await BlockAsync(new { domain = "flags-only.example", severity = "none", rejectMedia = true });
        using var anonymous = _node.CreateClient();

        var text = await anonymous.GetStringAsync(ApiTestKit.Prefix + "/about/domain-blocks", Ct);

        var items = JsonNode.Parse(text)!["items"]!.AsArray();
        Assert.Equal(2, items.Count);
        Assert.True(DomainName.TryParse("secret-spam.example", out var secret, out DomainNameProblem _));
        Assert.Contains(items, i => (string?)i!["domain"] == secret.Obfuscated);
        Assert.DoesNotContain("secret-spam.example", text, StringComparison.Ordinal);
        Assert.DoesNotContain("private", text, StringComparison.Ordinal);
        Assert.Contains("open.example", text, StringComparison.Ordinal);
        Assert.Contains("Rude", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NotAdmin_403_Anonymous_401()
    {
        using var member = await _node.ApiUserAsync("mo", Role.Moderator);
        using var anonymous = _node.CreateClient();

        using var forbidden = await member.Client.PostAsJsonAsync(Blocks, new { domain = "bad.example", severity = "suspend" }, Ct);
        using var list = await member.Client.GetAsync(Allows, Ct);
        using var unauthorized = await anonymous.GetAsync(Blocks, Ct);

        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, list.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, unauthorized.StatusCode);
        Assert.Empty(await StoredAsync());
    }

    [Fact]
    public async Task Allows_AddListRemove_Normalised_AndLogged()
    {
        using var added = await _admin.Client.PostAsJsonAsync(Allows, new { domain = "Friends.EXAMPLE." }, Ct);
        using var bad = await _admin.Client.PostAsJsonAsync(Allows, new { domain = "10.0.0.1" }, Ct);
        var list = JsonNode.Parse(await _admin.Client.GetStringAsync(Allows, Ct))!["items"]!.AsArray();
        using var removed = await _admin.Client.DeleteAsync($"{Allows}/friends.example", Ct);
        using var missing = await _admin.Client.DeleteAsync($"{Allows}/friends.example", Ct);

        Assert.Equal(HttpStatusCode.Created, added.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal("friends.example", (string?)Assert.Single(list)!["domain"]);
        Assert.Equal(HttpStatusCode.NoContent, removed.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal([ModerationActions.DomainDisallow, ModerationActions.DomainAllow], (await LogAsync()).Select(e => e.Action));
    }
}
