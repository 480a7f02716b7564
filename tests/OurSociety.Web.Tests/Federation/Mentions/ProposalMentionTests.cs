using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Dapper;
using OurSociety.Core.Members;
using OurSociety.Core.Needs;
using OurSociety.Core.Notifications;
using OurSociety.Core.Paging;
using OurSociety.Core.Posts;
using OurSociety.Storage.Sql;
using OurSociety.Testing;

namespace OurSociety.Web.Tests.Federation.Mentions;

/// <summary>
/// <c>@user@host</c> in a need's or offer's details, as in a story: looked up in the Create's own work item, a link on
/// its page and in its <c>content</c>, a <c>Mention</c> tag and an address, so the person's node keeps it although
/// nobody there follows its author, and tells them; an unknown handle stays plain text and its author is told.
/// </summary>
public sealed class ProposalMentionTests : IAsyncLifetime
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private readonly FederationNetwork _network = new();
    private NodeFactory _a = null!;
    private NodeFactory _b = null!;
    private Member _alice = null!;
    private Member _bob = null!;

    public async ValueTask InitializeAsync()
    {
        _a = _network.AddNode("http://a.test");
        _b = _network.AddNode("http://b.test");
        _network.Serve("nowhere.test", new FakeRemoteServer("http://nowhere.test"));   // answers 404 to WebFinger
        _alice = await _a.CreateMemberAsync("alice");
        _bob = await _b.CreateMemberAsync("bob");
    }

    public ValueTask DisposeAsync() => _network.DisposeAsync();

    [Fact]
    public async Task Need_MentioningAMemberElsewhere_ReachesThem_TaggedAndLinked_AndTheyAreTold()
    {
        var need = await NeedAsync(ProposalKind.Need, "A van on Saturdays", "Maybe @bob@b.test has one?");
        await _network.DrainAsync();

        // B kept it although bob follows no one on A, and told him, naming the need.
        var copy = await _b.Service<IProposalStore>().FindByApIdAsync($"http://a.test/needs/{need.Id}", Ct);
        Assert.NotNull(copy);
        var notice = Assert.Single(await NoticesAsync(_b, _bob), n => n.Kind == NotificationKind.Mention);
        Assert.Equal("http://a.test/users/alice", notice.Actor);
        Assert.Equal($"need:{copy.Id:D}", notice.Subject);
        Assert.Contains("@bob@b.test", copy.Details, StringComparison.Ordinal);   // its plain details; the content links him (below)
        using (var bob = await _b.SignedInBrowserAsync("bob"))
        {
            var (_, page) = await bob.GetAsync("/notifications");
            Assert.Contains("mentioned you in a need.", WebUtility.HtmlDecode(page), StringComparison.Ordinal);
            Assert.Contains($"href=\"/needs/{copy.Id:D}\"", page, StringComparison.Ordinal);
        }

        // The Create carried the Mention tag, addressed him, and its content links him.
        var create = await CreateReceivedAsync(_b, $"http://a.test/needs/{need.Id}");
        var obj = create["object"]!;
        var tag = Assert.Single(obj["tag"]!.AsArray(), t => (string?)t!["type"] == "Mention")!;
        Assert.Equal("http://b.test/users/bob", (string?)tag["href"]);
        Assert.Equal("@bob@b.test", (string?)tag["name"]);
        Assert.Contains("http://b.test/users/bob", Strings(obj["cc"]));
        Assert.Single(MentionLinks((string)obj["content"]!, "http://b.test/@bob"));

        // A's own page links him, from what was kept.
        using (var client = _a.CreateClient())
        {
            var page = await client.GetStringAsync($"/needs/{need.Id}", Ct);
            Assert.Single(MentionLinks(page, "http://b.test/@bob"));
        }

        // Deleted: B, which has it only because bob was named, is told too; whom it named goes with it.
        Assert.True(await _a.Service<ProposalService>().DeleteAsync(_alice.Id, ProposalKind.Need, need.Id, Ct) is Core.Outcome<bool>.Ok);
        await _network.DrainAsync();
        Assert.True((await _b.Service<IProposalStore>().FindByApIdAsync($"http://a.test/needs/{need.Id}", Ct))?.IsDeleted);
        Assert.Empty(await _a.Service<IMentionStore>().ListAsync($"need:{need.Id:D}", Ct));
    }

    [Fact]
    public async Task Offer_Edited_ToMentionSomeone_AddressesThemInTheUpdate()
    {
        var offer = await NeedAsync(ProposalKind.Offer, "Grant applications", "I can read yours.");
        await _network.DrainAsync();
        Assert.True(await _a.Service<ProposalService>().UpdateAsync(_alice.Id, ProposalKind.Offer, offer.Id,
            new ProposalInput("Grant applications", "I can read yours, with @bob@b.test.", null, null, null, null, null), Ct) is Core.Outcome<Proposal>.Ok);
        await _network.DrainAsync();

        await using var connection = await _b.Service<IDbConnectionFactory>().OpenAsync(Ct);
        var update = (await connection.QueryAsync<string>("SELECT body FROM inbox_activity WHERE type = 'Update'"))
            .Select(b => JsonNode.Parse(b)!.AsObject()).Single(a => (string?)a["object"]!["id"] == $"http://a.test/offers/{offer.Id}");
        Assert.Contains("http://b.test/users/bob", Strings(update["object"]!["cc"]));
        Assert.Single(update["object"]!["tag"]!.AsArray(), t => (string?)t!["type"] == "Mention");
    }

    [Fact]
    public async Task Need_UnknownHandle_StaysPlainText_AndItsAuthorIsTold_Once()
    {
        var need = await NeedAsync(ProposalKind.Need, "Someone who knows grants", "Ask @ghost@nowhere.test perhaps.");
        await _network.DrainAsync();

        var notice = Assert.Single(await NoticesAsync(_a, _alice), n => n.Kind == NotificationKind.MentionUnknown);
        Assert.Equal("@ghost@nowhere.test", notice.Actor);
        Assert.Equal($"need:{need.Id:D}", notice.Subject);
        using (var client = _a.CreateClient())
        {
            var page = await client.GetStringAsync($"/needs/{need.Id}", Ct);
            Assert.Contains("@ghost@nowhere.test", page, StringComparison.Ordinal);
            Assert.DoesNotContain("class=\"u-url mention\"", page, StringComparison.Ordinal);
        }

        using var browser = await _a.SignedInBrowserAsync("alice");
        var (_, notifications) = await browser.GetAsync("/notifications");
        Assert.Contains("We could not find @ghost@nowhere.test, whom you named in your need", WebUtility.HtmlDecode(notifications), StringComparison.Ordinal);
        Assert.Contains($"href=\"/needs/{need.Id:D}\"", notifications, StringComparison.Ordinal);

        // An edit within the day neither asks again nor tells her again.
        await _a.Service<ProposalService>().UpdateAsync(_alice.Id, ProposalKind.Need, need.Id,
            new ProposalInput("Someone who knows grants", "Ask @ghost@nowhere.test, again.", null, null, null, null, null), Ct);
        await _network.DrainAsync();
        Assert.Single(await NoticesAsync(_a, _alice), n => n.Kind == NotificationKind.MentionUnknown);
    }

    [Fact]
    public async Task Need_NamingAMemberHereWithOurHost_TellsThem_Once()
    {
        var carol = await _a.CreateMemberAsync("carol");
        var need = await NeedAsync(ProposalKind.Need, "Someone with a ladder", "Perhaps @carol@a.test?");
        await _network.DrainAsync();
        await _network.DrainAsync();

        var notice = Assert.Single(await NoticesAsync(_a, carol), n => n.Kind == NotificationKind.Mention);
        Assert.Equal($"need:{need.Id:D}", notice.Subject);
        Assert.Equal(_alice.Id.ToString("D"), notice.Actor);
        using var client = _a.CreateClient();
        Assert.Single(MentionLinks(await client.GetStringAsync($"/needs/{need.Id}", Ct), "http://a.test/@carol"));
    }

    private async Task<Proposal> NeedAsync(ProposalKind kind, string title, string details) =>
        await _a.Service<ProposalService>().CreateAsync(_alice.Id, kind, new ProposalInput(title, details, null, null, null, null, null), Ct) is Core.Outcome<Proposal>.Ok(var p)
            ? p
            : throw new InvalidOperationException("not posted");

    private static async Task<IReadOnlyList<Notification>> NoticesAsync(NodeFactory node, Member member) =>
        (await node.Service<INotificationStore>().ListAsync(member.Id, Cursor.Start, 50, Ct)).Items;

    private static IEnumerable<string> MentionLinks(string html, string href) =>
        Regex.Matches(html, $"<a href=\"{Regex.Escape(href)}\" class=\"u-url mention\"[^>]*>@<span>[^<]+</span></a>").Select(m => m.Value);

    private static IEnumerable<string?> Strings(JsonNode? array) => array!.AsArray().Select(n => (string?)n);

    private static async Task<JsonObject> CreateReceivedAsync(NodeFactory node, string objectId)
    {
        await using var connection = await node.Service<IDbConnectionFactory>().OpenAsync(Ct);
        var bodies = await connection.QueryAsync<string>("SELECT body FROM inbox_activity WHERE type = 'Create'");
        return bodies.Select(b => JsonNode.Parse(b)!.AsObject()).Single(a => (string?)a["object"]!["id"] == objectId);
    }
}
