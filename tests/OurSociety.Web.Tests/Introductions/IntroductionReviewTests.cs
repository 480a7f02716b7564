using System.Net;
using System.Text.Json.Nodes;
using OurSociety.Core;
using OurSociety.Core.Introductions;
using OurSociety.Core.Members;
using OurSociety.Core.Notifications;
using OurSociety.Federation.Actors;
using OurSociety.Testing;
using OurSociety.Web.Tests.Api;

namespace OurSociety.Web.Tests.Introductions;

/// <summary>
/// "Needs your review": our glue-er sam introduces amira to kim, who is on other software and answers the direct note
/// by replying. A reply that is not yes, no or stop (a real signed <c>Create{Note}</c> from kim's server) is shown to
/// sam alone, on the introduction's page, on /introductions and in the API, and sam counts it as yes or no.
/// </summary>
public sealed class IntroductionReviewTests : IAsyncLifetime
{
    /// <summary>The node's own address: plain http, as the pages' test browser speaks (sign-in cookies are https-only on https hubs).</summary>
    private const string Origin = "http://localhost";
    private const string Kim = "https://remote.example/users/kim";
    private const string Reason = "You both run repair cafés on Saturdays.";
    private const string Maybe = "maybe, who is she?";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private readonly NodeFactory _node = new();
    private readonly FakeRemoteServer _remote = new("https://remote.example");
    private Member _amira = null!;
    private Member _sam = null!;
    private Member _ola = null!;

    public async ValueTask InitializeAsync()
    {
        _node.FederationHandler = () => new Forwarder(_remote);
        _remote.AddActor("kim");
        _amira = await _node.CreateMemberAsync("amira");
        _sam = await _node.CreateMemberAsync("sam", roles: Role.GlueEr);
        _ola = await _node.CreateMemberAsync("ola", roles: Role.GlueEr);
    }

    public async ValueTask DisposeAsync()
    {
        await _node.DisposeAsync();
        _remote.Dispose();
    }

    private IntroductionService Service => _node.Service<IntroductionService>();

    [Fact]
    public async Task GlueEr_SeesTheReply_CountsItAsYes_AndItIsMade()
    {
        var (id, note) = await ProposeToKimAsync();
        Assert.IsType<Outcome<IntroductionView>.Ok>(await Service.AnswerAsync(id, _amira.Id, accept: true, Ct));
        await ReplyAsync((string)note["id"]!, $"<p>@sam {Maybe}<script>alert(1)</script></p>");
        using var sam = await _node.SignedInBrowserAsync("sam");
        var page = $"/introductions/{id:D}";

        // On the list, linking to the introduction; on its page, who replied, when and what, with the two actions.
        var list = await PageAsync(sam, "/introductions");
        Assert.Contains($"<a href=\"{page}\">A reply about your introduction of", list, StringComparison.Ordinal);
        Assert.DoesNotContain("No replies are waiting for your review.", list, StringComparison.Ordinal);
        var html = await PageAsync(sam, page);
        Assert.Contains("Replies that need your review", html, StringComparison.Ordinal);
        Assert.Contains("@kim@remote.example", html, StringComparison.Ordinal);
        Assert.Contains(Maybe, html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", html, StringComparison.Ordinal);
        Assert.Contains("Count it as yes", html, StringComparison.Ordinal);
        Assert.Contains("Count it as no", html, StringComparison.Ordinal);
        var reviewId = Assert.Single(await _node.Service<IIntroductionReplyStore>().ReviewsAsync(id, Ct)).Id;

        var counted = await sam.SubmitAsync(page, $"{page}/reviews/{reviewId:D}/accept", new Dictionary<string, string>());

        Assert.Equal($"{page}?notice=counted-yes", counted.Headers.Location?.OriginalString);
        await _node.DrainAsync();
        var after = (await _node.Service<IIntroductionStore>().FindAsync(id, Ct))!;
        Assert.Equal(IntroductionState.Made, after.State);
        Assert.Equal(PartyAnswer.Accepted, after.Parties.Single(p => !p.IsLocal).Answer);
        Assert.Contains(await _node.NotificationsAsync(_amira.Id, id), n => n.Kind == NotificationKind.IntroductionMade);

        // The federation follows as for any yes: kim receives the direct note naming both.
        Assert.Contains(_remote.Received, a => (string?)a["type"] == "Create" && (string?)a["object"]!["id"] != (string?)note["id"]);

        // Reviewed: not offered again, anywhere.
        var made = await PageAsync(sam, $"{page}?notice=counted-yes");
        Assert.Contains("You counted their reply as yes.", made, StringComparison.Ordinal);
        Assert.DoesNotContain(Maybe, made, StringComparison.Ordinal);
        Assert.DoesNotContain("/reviews/", made, StringComparison.Ordinal);
        Assert.Contains("No replies are waiting for your review.", await PageAsync(sam, "/introductions"), StringComparison.Ordinal);
        Assert.Empty(await _node.Service<IIntroductionReplyStore>().ReviewsAsync(id, Ct));
    }

    [Fact]
    public async Task GlueEr_CountsItAsNo_AndItIsNotGoingAhead()
    {
        var (id, note) = await ProposeToKimAsync();
        await ReplyAsync((string)note["id"]!, $"<p>@sam {Maybe}</p>");
        using var sam = await _node.SignedInBrowserAsync("sam");
        var page = $"/introductions/{id:D}";
        var reviewId = Assert.Single(await _node.Service<IIntroductionReplyStore>().ReviewsAsync(id, Ct)).Id;

        var counted = await sam.SubmitAsync(page, $"{page}/reviews/{reviewId:D}/decline", new Dictionary<string, string>());

        Assert.Equal($"{page}?notice=counted-no", counted.Headers.Location?.OriginalString);
        Assert.Equal(IntroductionState.NotGoingAhead, (await _node.Service<IIntroductionStore>().FindAsync(id, Ct))!.State);
        Assert.Contains(await _node.NotificationsAsync(_amira.Id, id), n => n.Kind == NotificationKind.IntroductionNotGoingAhead);
    }

    [Fact]
    public async Task APartyAFourthMemberAndAnonymous_NeverSeeTheReply_NorCanCountIt()
    {
        var (id, note) = await ProposeToKimAsync();
        await ReplyAsync((string)note["id"]!, $"<p>@sam {Maybe}</p>");
        var reviewId = Assert.Single(await _node.Service<IIntroductionReplyStore>().ReviewsAsync(id, Ct)).Id;
        var page = $"/introductions/{id:D}";

        // The party sees the introduction, never the reply or its actions.
        using var amira = await _node.SignedInBrowserAsync("amira");
        var partyPage = await PageAsync(amira, page);
        Assert.Contains(Reason, partyPage, StringComparison.Ordinal);
        Assert.DoesNotContain(Maybe, partyPage, StringComparison.Ordinal);
        Assert.DoesNotContain("/reviews/", partyPage, StringComparison.Ordinal);
        Assert.DoesNotContain(Maybe, await PageAsync(amira, "/introductions"), StringComparison.Ordinal);

        // A fourth member (a glue-er too) sees nothing: not the page, not their own list.
        using var ola = await _node.SignedInBrowserAsync("ola");
        Assert.Equal(HttpStatusCode.NotFound, (await ola.GetAsync(page)).Status);
        var olaList = await PageAsync(ola, "/introductions");
        Assert.Contains("No replies are waiting for your review.", olaList, StringComparison.Ordinal);
        Assert.DoesNotContain(page, olaList, StringComparison.Ordinal);

        foreach (var action in new[] { "accept", "decline" })
        {
            foreach (var (browser, home) in new[] { (amira, page), (ola, "/introductions") })
            {
                var post = await browser.PostWithTokenAsync($"{page}/reviews/{reviewId:D}/{action}", new Dictionary<string, string>(), home);
                Assert.Equal(HttpStatusCode.NotFound, post.StatusCode);
                Assert.DoesNotContain(Maybe, await post.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
            }
        }

        using var anonymous = new Browserless(_node);
        var signIn = await anonymous.Client.GetAsync(page, Ct);
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        Assert.StartsWith("/signin", signIn.Headers.Location?.PathAndQuery, StringComparison.Ordinal);
        var anonymousPost = await anonymous.PostWithTokenAsync($"{page}/reviews/{reviewId:D}/accept", new Dictionary<string, string>());
        Assert.NotEqual(HttpStatusCode.OK, anonymousPost.StatusCode);
        Assert.DoesNotContain(Maybe, await anonymousPost.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);

        // Through the API as well: the party's introduction has no reviews, anyone else's is not found.
        using var amiraApi = await ApiAsync(_amira);
        var asParty = await amiraApi.GetAsync(id);
        Assert.False(asParty.TryGetProperty("reviews", out _));
        using var olaApi = await ApiAsync(_ola);
        foreach (var user in new[] { amiraApi, olaApi })
        {
            await (await user.ActAsync(id, $"reviews/{reviewId:D}/accept")).ProblemAsync(HttpStatusCode.NotFound);
        }

        // Nothing changed, and the reply still waits for sam.
        var stored = (await _node.Service<IIntroductionStore>().FindAsync(id, Ct))!;
        Assert.Equal(IntroductionState.Proposed, stored.State);
        Assert.All(stored.Parties, p => Assert.Equal(PartyAnswer.Pending, p.Answer));
        Assert.Single(await _node.Service<IIntroductionReplyStore>().ReviewsAsync(id, Ct));
    }

    [Fact]
    public async Task CountingAfterItIsDecided_ChangesNothing()
    {
        var (id, note) = await ProposeToKimAsync();
        await ReplyAsync((string)note["id"]!, $"<p>@sam {Maybe}</p>");
        var reviewId = Assert.Single(await _node.Service<IIntroductionReplyStore>().ReviewsAsync(id, Ct)).Id;
        using var sam = await _node.SignedInBrowserAsync("sam");
        var page = $"/introductions/{id:D}";
        Assert.Contains("Count it as yes", await PageAsync(sam, page), StringComparison.Ordinal);
        Assert.IsType<Outcome<IntroductionView>.Ok>(await Service.AnswerAsync(id, _amira.Id, accept: false, Ct));

        // The page no longer offers it (nothing is left to decide); a form from before is refused with why.
        var decided = await PageAsync(sam, page);
        Assert.DoesNotContain("Count it as yes", decided, StringComparison.Ordinal);
        Assert.Contains("No replies are waiting for your review.", await PageAsync(sam, "/introductions"), StringComparison.Ordinal);
        var late = await sam.PostWithTokenAsync($"{page}/reviews/{reviewId:D}/accept", new Dictionary<string, string>(), page);

        Assert.Equal(HttpStatusCode.Conflict, late.StatusCode);
        Assert.Contains("already been made or is not going ahead", WebUtility.HtmlDecode(await late.Content.ReadAsStringAsync(Ct)), StringComparison.Ordinal);
        var stored = (await _node.Service<IIntroductionStore>().FindAsync(id, Ct))!;
        Assert.Equal(IntroductionState.NotGoingAhead, stored.State);
        Assert.Equal(PartyAnswer.Pending, stored.Parties.Single(p => !p.IsLocal).Answer);

        using var samApi = await ApiAsync(_sam);
        await (await samApi.ActAsync(id, $"reviews/{reviewId:D}/decline")).RefusedAsync(HttpStatusCode.Conflict, "state");
        Assert.Empty((await samApi.GetAsync(id)).GetProperty("reviews").EnumerateArray());
    }

    [Fact]
    public async Task Api_GlueErReadsTheReviews_AndCountsOne()
    {
        var (id, note) = await ProposeToKimAsync();
        await ReplyAsync((string)note["id"]!, $"<p>@sam {Maybe}</p>");
        using var samApi = await ApiAsync(_sam);

        var introduction = await samApi.GetAsync(id);

        var review = Assert.Single(introduction.GetProperty("reviews").EnumerateArray());
        Assert.Equal("kim@remote.example", review.GetProperty("handle").GetString());
        Assert.Equal(Kim, review.GetProperty("actorId").GetString());
        Assert.Contains(Maybe, review.GetProperty("content").GetString(), StringComparison.Ordinal);
        var reviewId = review.GetProperty("id").GetGuid();

        await (await samApi.ActAsync(id, $"reviews/{Guid.CreateVersion7():D}/accept")).RefusedAsync(HttpStatusCode.NotFound, "reviewId");
        var counted = await samApi.ActedAsync(id, $"reviews/{reviewId:D}/accept");

        Assert.Equal("accepted-by-one", counted.State());
        Assert.Empty(counted.GetProperty("reviews").EnumerateArray());
        await (await samApi.ActAsync(id, $"reviews/{reviewId:D}/accept")).RefusedAsync(HttpStatusCode.NotFound, "reviewId");
        var list = await (await samApi.Client.GetAsync($"{IntroductionTestKit.Introductions}?role=proposed", Ct)).JsonAsync(HttpStatusCode.OK);
        Assert.False(Assert.Single(list.GetProperty("items").EnumerateArray()).TryGetProperty("reviews", out _));
    }

    private async Task<ApiUser> ApiAsync(Member member)
    {
        var token = await _node.NewTokenAsync(member.Id, "tests");
        return new ApiUser(member, token, _node.BearerClient(token));
    }

    private Task<(Guid Id, JsonObject Note)> ProposeToKimAsync() => ProposeToKimAsync(_node, _remote, _sam, "amira");

    private Task ReplyAsync(string inReplyTo, string content) => ReplyAsync(_node, _remote, inReplyTo, content);

    /// <summary>
    /// <paramref name="glueEr"/> introduces the member <paramref name="party"/> to kim (on other software, at
    /// <paramref name="remote"/>); kim's server receives the direct note, which is returned.
    /// </summary>
    internal static async Task<(Guid Id, JsonObject Note)> ProposeToKimAsync(NodeFactory node, FakeRemoteServer remote, Member glueEr, string party)
    {
        var (actor, error) = await node.Service<RemoteActors>().GetAsync(remote.ActorId("kim"), refresh: false, Ct);
        Assert.True(actor is not null, error);
        var introduction = Assert.IsType<Outcome<Introduction>.Ok>(await node.Service<IntroductionService>().ProposeAsync(
            glueEr.Id, new IntroductionCandidate.Local(party), new IntroductionCandidate.Remote(actor!, PartyChannel.Note), Reason, "en", Ct)).Value;
        await node.DrainAsync();
        var noteId = (await node.Service<IIntroductionStore>().FindAsync(introduction.Id, Ct))!.Parties.Single(p => !p.IsLocal).OfferId!;
        var create = remote.Received.Single(a => (string?)a["type"] == "Create" && (string?)a["object"]!["id"] == noteId);
        return (introduction.Id, create["object"]!.AsObject());
    }

    /// <summary>kim's server delivers kim's reply to the note, signed with kim's key, to the node's shared inbox.</summary>
    internal static async Task ReplyAsync(NodeFactory node, FakeRemoteServer remote, string inReplyTo, string content)
    {
        var kim = remote.ActorId("kim");
        var glueEr = (await node.Service<IIntroductionStore>().FindByOfferIdAsync(inReplyTo, Ct))!.Value.Introduction.Introducer;
        var glueErActor = $"{Origin}/users/{(await node.Service<IMemberStore>().FindAsync(Guid.Parse(glueEr), Ct))!.Username}";
        var activity = new JsonObject
        {
            ["@context"] = "https://www.w3.org/ns/activitystreams",
            ["id"] = $"{remote.Origin}/activities/kim-replies-{Guid.CreateVersion7():N}",
            ["type"] = "Create",
            ["actor"] = kim,
            ["to"] = new JsonArray(glueErActor),
            ["object"] = new JsonObject
            {
                ["id"] = $"{remote.Origin}/notes/kim-replies-{Guid.CreateVersion7():N}",
                ["type"] = "Note",
                ["attributedTo"] = kim,
                ["inReplyTo"] = inReplyTo,
                ["to"] = new JsonArray(glueErActor),
                ["content"] = content,
                ["tag"] = new JsonArray(new JsonObject { ["type"] = "Mention", ["href"] = glueErActor }),
            },
        };
        using var client = node.CreateClient(new() { BaseAddress = new Uri(Origin), AllowAutoRedirect = false });
        using var response = await remote.PostAsync(client, Origin + "/inbox", "kim", activity.ToJsonString());
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        await node.DrainAsync();
    }

    /// <summary>The page's text as a person reads it (entities decoded), after checking it answered 200.</summary>
    private static async Task<string> PageAsync(Browserless browser, string url)
    {
        var (status, html) = await browser.GetAsync(url);
        Assert.True(status == HttpStatusCode.OK, $"GET {url} answered {(int)status}");
        return WebUtility.HtmlDecode(html);
    }

    /// <summary>Sends the node's requests to the fake server without disposing it with the node's client.</summary>
    internal sealed class Forwarder(HttpMessageHandler remote) : HttpMessageHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            using var invoker = new HttpMessageInvoker(remote, disposeHandler: false);
            return await invoker.SendAsync(request, cancellationToken);
        }
    }
}
