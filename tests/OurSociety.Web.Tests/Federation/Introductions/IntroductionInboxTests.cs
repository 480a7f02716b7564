using System.Net;
using System.Text.Json.Nodes;
using OurSociety.Core;
using OurSociety.Core.Federation;
using OurSociety.Core.Introductions;
using OurSociety.Core.Members;
using OurSociety.Core.Notifications;
using OurSociety.Federation.Actors;
using OurSociety.Federation.Introductions;
using OurSociety.Testing;

namespace OurSociety.Web.Tests.Federation.Introductions;

/// <summary>
/// What received activities do to introductions on one node, against a fake remote server: <c>kim</c> and <c>eve</c>
/// run other software, <c>lee</c> is a glue-er on an Our Society node, <c>max</c> runs our software but is no glue-er.
/// </summary>
public sealed class IntroductionInboxTests : IAsyncLifetime
{
    private const string Origin = "https://here.example";
    private const string Kim = "https://remote.example/users/kim";
    private const string Eve = "https://remote.example/users/eve";
    private const string Lee = "https://remote.example/users/lee";
    private const string Max = "https://remote.example/users/max";
    private const string Reason = "You both run repair cafés on Saturdays.";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private readonly NodeFactory _node = new();
    private readonly FakeRemoteServer _remote = new("https://remote.example");
    private Member _amira = null!;
    private Member _bo = null!;
    private Member _sam = null!;

    public async ValueTask InitializeAsync()
    {
        _node.With("OurSociety:PublicUrl", Origin);
        _node.FederationHandler = () => new Forwarder(_remote);
        _remote.AddActor("kim");
        _remote.AddActor("eve");
        _remote.AddActor("lee", actor =>
        {
            actor["generator"] = IntroductionTerms.Generator();
            actor["glueEr"] = true;
        });
        _remote.AddActor("max", actor => actor["generator"] = IntroductionTerms.Generator());
        _amira = await _node.CreateMemberAsync("amira");
        _bo = await _node.CreateMemberAsync("bo");
        _sam = await _node.CreateMemberAsync("sam", roles: Role.GlueEr);
    }

    public async ValueTask DisposeAsync()
    {
        await _node.DisposeAsync();
        _remote.Dispose();
    }

    private IIntroductionStore Store => _node.Service<IIntroductionStore>();

    private IntroductionService Service => _node.Service<IntroductionService>();

    // Offers from a glue-er elsewhere, to our member amira.

    [Fact]
    public async Task Offer_FromAGlueErOnOurSoftware_IsStored_AndTheMemberIsAsked()
    {
        await OfferAsync("lee", "1", Kim);

        var introduction = await Store.FindByApIdAsync("https://remote.example/introductions/1", Ct);
        Assert.NotNull(introduction);
        Assert.False(introduction.IntroducerIsLocal);
        Assert.Equal(Lee, introduction.Introducer);
        Assert.Contains("repair cafés", introduction.Reason, StringComparison.Ordinal);
        Assert.Equal(Kim, introduction.Parties.Single(p => !p.IsLocal).Actor);
        Assert.Contains(await NotificationsAsync(_amira), n => n.Kind == NotificationKind.IntroductionAsked);
        Assert.DoesNotContain(_remote.Received, a => (string?)a["type"] == "Reject");
    }

    [Theory]
    [InlineData("max", "glue-ers")]       // our software, but not a glue-er
    [InlineData("kim", "glue-ers")]       // other software: refused under "glue-ers only"
    [InlineData("lee", "nobody")]         // nobody at all
    public async Task Offer_TheMembersPolicyRefuses_IsAnsweredWithAReject_AndNothingIsStored(string from, string policy)
    {
        Assert.IsType<Outcome<IntroductionPolicy>.Ok>(await Service.SetPolicyAsync(_amira.Id, policy, Ct));

        await OfferAsync(from, "2", Eve);

        Assert.Null(await Store.FindByApIdAsync("https://remote.example/introductions/2", Ct));
        Assert.DoesNotContain(await NotificationsAsync(_amira), n => n.Kind == NotificationKind.IntroductionAsked);
        var reject = Assert.Single(_remote.Received, a => (string?)a["type"] == "Reject");
        Assert.Equal("https://remote.example/activities/offer-2", (string?)reject["object"]);
        Assert.Equal(Origin + "/users/amira", (string?)reject["actor"]);
        Assert.Equal(_remote.ActorId(from), (string?)reject["to"]![0]);
    }

    [Fact]
    public async Task Offer_UnderAnyone_FromOtherSoftware_IsStored()
    {
        Assert.IsType<Outcome<IntroductionPolicy>.Ok>(await Service.SetPolicyAsync(_amira.Id, "anyone", Ct));

        await OfferAsync("kim", "3", Eve);

        Assert.NotNull(await Store.FindByApIdAsync("https://remote.example/introductions/3", Ct));
    }

    [Fact]
    public async Task Offer_OfAnAgreement_IsKept_WithNoEffect()
    {
        await PostAsync("lee", new JsonObject
        {
            ["id"] = "https://remote.example/activities/agreement-offer",
            ["type"] = "Offer",
            ["actor"] = Lee,
            ["to"] = new JsonArray(Origin + "/users/amira"),
            ["object"] = new JsonObject { ["id"] = "https://remote.example/agreements/1", ["type"] = "Agreement" },
        });

        Assert.Equal("kept", await OutcomeAsync("https://remote.example/activities/agreement-offer"));
    }

    [Fact]
    public async Task Offer_WhoseRelationshipIsOnAnotherHost_IsRefused()
    {
        await OfferAsync("lee", "4", Kim, relationshipId: "https://elsewhere.example/introductions/4");

        Assert.StartsWith("refused", await OutcomeAsync("https://remote.example/activities/offer-4"), StringComparison.Ordinal);
        Assert.Null(await Store.FindByApIdAsync("https://elsewhere.example/introductions/4", Ct));
    }

    [Fact]
    public async Task UpdateOfTheRelationship_OnlyFromItsGlueEr_SaysItIsMade()
    {
        await OfferAsync("lee", "5", Kim);
        var introduction = (await Store.FindByApIdAsync("https://remote.example/introductions/5", Ct))!;
        Assert.IsType<Outcome<IntroductionView>.Ok>(await Service.AnswerAsync(introduction.Id, _amira.Id, accept: true, Ct));
        await _node.DrainAsync();

        await PostAsync("max", StateUpdate("max-says-made", Max, "https://remote.example/introductions/5", "accepted"));
        Assert.StartsWith("refused", await OutcomeAsync("https://remote.example/activities/max-says-made"), StringComparison.Ordinal);
        Assert.Equal(IntroductionState.Proposed, (await Store.FindAsync(introduction.Id, Ct))!.State);

        await PostAsync("lee", StateUpdate("lee-says-made", Lee, "https://remote.example/introductions/5", "accepted"));
        Assert.Equal(IntroductionState.Made, (await Store.FindAsync(introduction.Id, Ct))!.State);
        Assert.Contains(await NotificationsAsync(_amira), n => n.Kind == NotificationKind.IntroductionMade);
    }

    // Our glue-er asks kim (other software) by a direct note; kim answers by replying.

    [Fact]
    public async Task DirectNote_GoesToThatAccountAlone_NamingTheOtherAndTheReason_AndSaysHowToAnswer()
    {
        var (_, note) = await ProposeToKimAsync(_amira);

        var create = _remote.Received.Single(a => (string?)a["type"] == "Create");
        Assert.Equal([Kim], create["to"]!.AsArray().Select(a => (string)a!));
        Assert.Empty(create["cc"]!.AsArray());
        Assert.DoesNotContain("#Public", create.ToJsonString(), StringComparison.Ordinal);
        var content = (string)note["content"]!;
        Assert.Contains(Origin + "/@amira", content, StringComparison.Ordinal);
        Assert.Contains("repair cafés", content, StringComparison.Ordinal);
        Assert.Contains("Reply yes", content, StringComparison.Ordinal);
        Assert.Contains("Nothing is shared", content, StringComparison.Ordinal);
        Assert.Equal(Kim, (string?)note["tag"]![0]!["href"]);
    }

    [Fact]
    public async Task DirectNote_InTheGlueErsLanguage_ReadsTheRepliesOfThatLanguage()
    {
        var (introduction, note) = await ProposeToKimAsync(_amira, language: "cy");
        Assert.Contains("Atebwch y neges hon gydag ie", (string)note["content"]!, StringComparison.Ordinal);
        Assert.Equal("cy", note["contentMap"]!.AsObject().Single().Key);

        await ReplyAsync("kim", (string)note["id"]!, "<p>@sam Do, diolch!</p>");

        Assert.Equal(PartyAnswer.Accepted, (await Store.FindAsync(introduction.Id, Ct))!.Parties.Single(p => !p.IsLocal).Answer);
    }

    [Fact]
    public async Task Reply_Yes_FromThatAccount_IsTheirYes()
    {
        var (introduction, note) = await ProposeToKimAsync(_amira);

        await ReplyAsync("kim", (string)note["id"]!, "<p><span class=\"h-card\"><a href=\"https://here.example/@sam\" class=\"u-url mention\">@<span>sam</span></a></span> Yes!</p>");

        Assert.Equal(IntroductionState.AcceptedByOne, (await Store.FindAsync(introduction.Id, Ct))!.State);
        Assert.Contains(await NotificationsAsync(_sam), n => n.Kind == NotificationKind.IntroductionAccepted);
    }

    [Fact]
    public async Task Reply_FromAnotherAccount_ChangesNothing()
    {
        var (introduction, note) = await ProposeToKimAsync(_amira);

        await ReplyAsync("eve", (string)note["id"]!, "<p>@sam no</p>");

        Assert.StartsWith("ignored", await OutcomeAsync("https://remote.example/activities/eve-replies"), StringComparison.Ordinal);
        var after = (await Store.FindAsync(introduction.Id, Ct))!;
        Assert.Equal(IntroductionState.Proposed, after.State);
        Assert.All(after.Parties, p => Assert.Equal(PartyAnswer.Pending, p.Answer));
        Assert.Empty(await _node.Service<IIntroductionReplyStore>().ReviewsAsync(introduction.Id, Ct));
    }

    [Fact]
    public async Task Reply_Maybe_IsKeptForTheGlueErsReview_AndTheGlueErIsTold()
    {
        var (introduction, note) = await ProposeToKimAsync(_amira);

        await ReplyAsync("kim", (string)note["id"]!, "<p>@sam maybe, who is she?<script>alert(1)</script></p>");

        var review = Assert.Single(await _node.Service<IIntroductionReplyStore>().ReviewsAsync(introduction.Id, Ct));
        Assert.Equal(Kim, review.Actor);
        Assert.Contains("maybe, who is she?", review.Content, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", review.Content, StringComparison.Ordinal);
        Assert.Equal(IntroductionState.Proposed, (await Store.FindAsync(introduction.Id, Ct))!.State);
        Assert.Contains(await NotificationsAsync(_sam), n => n.Kind == NotificationKind.IntroductionNeedsReview);
    }

    [Fact]
    public async Task Reply_Maybe_AfterItWasDecided_IsNotKept_AndTheGlueErIsNotTold()
    {
        var (introduction, note) = await ProposeToKimAsync(_amira);
        Assert.IsType<Outcome<IntroductionView>.Ok>(await Service.WithdrawAsync(introduction.Id, _sam.Id, Ct));

        await ReplyAsync("kim", (string)note["id"]!, "<p>@sam maybe next month?</p>");

        Assert.Empty(await _node.Service<IIntroductionReplyStore>().ReviewsAsync(introduction.Id, Ct));
        Assert.DoesNotContain(await NotificationsAsync(_sam), n => n.Kind == NotificationKind.IntroductionNeedsReview);
    }

    [Fact]
    public async Task Reply_Stop_EndsEveryIntroductionToThem_AndRefusesNewOnes()
    {
        var (first, note) = await ProposeToKimAsync(_amira);
        var (second, _) = await ProposeToKimAsync(_bo);

        await ReplyAsync("kim", (string)note["id"]!, "<p>@sam STOP.</p>");

        Assert.Equal(IntroductionState.NotGoingAhead, (await Store.FindAsync(first.Id, Ct))!.State);
        Assert.Equal(IntroductionState.NotGoingAhead, (await Store.FindAsync(second.Id, Ct))!.State);
        Assert.True(await _node.Service<IIntroductionReplyStore>().IsStoppedAsync(Kim, Ct));
        var again = await ProposeAsync(_amira, Kim, PartyChannel.Note);
        var refused = Assert.IsType<Outcome<Introduction>.Forbidden>(again);
        Assert.Equal(IntroductionFields.Party(1), refused.Field);
    }

    [Fact]
    public async Task BlockOfTheGlueEr_ByAParty_IsTheirNo()
    {
        var introduction = Assert.IsType<Outcome<Introduction>.Ok>(await ProposeAsync(_amira, Lee, PartyChannel.Offer)).Value;
        await _node.DrainAsync();

        await PostAsync("lee", new JsonObject
        {
            ["id"] = "https://remote.example/activities/lee-blocks-sam",
            ["type"] = "Block",
            ["actor"] = Lee,
            ["object"] = Origin + "/users/sam",
        });

        Assert.Equal(IntroductionState.NotGoingAhead, (await Store.FindAsync(introduction.Id, Ct))!.State);
    }

    [Fact]
    public async Task SignedFetch_OfEveryIdInvolved_ByARemoteActor_NeverAnswersTheContent()
    {
        var (introduction, note) = await ProposeToKimAsync(_amira);
        await ReplyAsync("kim", (string)note["id"]!, "<p>@sam yes</p>");
        Assert.IsType<Outcome<IntroductionView>.Ok>(await Service.AnswerAsync(introduction.Id, _amira.Id, accept: true, Ct));
        await _node.DrainAsync();
        var made = _remote.Received.Last(a => (string?)a["type"] == "Create");

        var ids = _remote.Received.SelectMany(a => new[] { (string?)a["id"], (string?)a["object"]?["id"] })
            .OfType<string>().Append(introduction.ApId).Append((string)made["object"]!["introduction"]!).Distinct().ToList();
        Assert.True(ids.Count >= 5, string.Join(", ", ids));
        using var client = _node.CreateClient(new() { BaseAddress = new Uri(Origin), AllowAutoRedirect = false });
        foreach (var id in ids)
        {
            foreach (var signer in new[] { "kim", "eve" })
            {
                using var response = await _remote.SignedGetAsync(client, id, signer);
                var body = await response.Content.ReadAsStringAsync(Ct);
                Assert.True(response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.Gone or HttpStatusCode.Unauthorized or HttpStatusCode.Found,
                    $"{id} fetched by {signer}: {(int)response.StatusCode}");
                Assert.DoesNotContain("repair", body, StringComparison.Ordinal);
            }
        }

        // Nor is any of it in the glue-er's outbox.
        using var outbox = await _remote.SignedGetAsync(client, Origin + "/users/sam/outbox?page=true", "kim");
        Assert.DoesNotContain("repair", await outbox.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }

    private async Task<Outcome<Introduction>> ProposeAsync(Member party, string remoteId, PartyChannel channel, string language = "en")
    {
        var (actor, error) = await _node.Service<RemoteActors>().GetAsync(remoteId, refresh: false, Ct);
        Assert.True(actor is not null, error);
        return await Service.ProposeAsync(
            _sam.Id, new IntroductionCandidate.Local(party.Username), new IntroductionCandidate.Remote(actor!, channel), Reason, language, Ct);
    }

    /// <summary>Our glue-er sam introduces <paramref name="party"/> to kim; kim's server receives the direct note.</summary>
    private async Task<(Introduction Introduction, JsonObject Note)> ProposeToKimAsync(Member party, string language = "en")
    {
        var introduction = Assert.IsType<Outcome<Introduction>.Ok>(await ProposeAsync(party, Kim, PartyChannel.Note, language)).Value;
        await _node.DrainAsync();
        var stored = (await Store.FindAsync(introduction.Id, Ct))!;
        var noteId = stored.Parties.Single(p => !p.IsLocal).OfferId!;
        var create = _remote.Received.Single(a => (string?)a["type"] == "Create" && (string?)a["object"]!["id"] == noteId);
        return (stored, create["object"]!.AsObject());
    }

    private Task OfferAsync(string from, string n, string other, string? relationshipId = null) => PostAsync(from, new JsonObject
    {
        ["@context"] = new JsonArray("https://www.w3.org/ns/activitystreams", new JsonObject { ["os"] = "https://w3id.org/oursociety/ns#" }),
        ["id"] = $"https://remote.example/activities/offer-{n}",
        ["type"] = "Offer",
        ["actor"] = _remote.ActorId(from),
        ["to"] = new JsonArray(Origin + "/users/amira"),
        ["target"] = Origin + "/users/amira",
        ["content"] = $"<p>{Reason}</p>",
        ["object"] = new JsonObject
        {
            ["id"] = relationshipId ?? $"https://remote.example/introductions/{n}",
            ["type"] = "Relationship",
            ["subject"] = Origin + "/users/amira",
            ["relationship"] = "os:introducedTo",
            ["object"] = other,
        },
    });

    private static JsonObject StateUpdate(string name, string actor, string relationshipId, string state) => new()
    {
        ["id"] = $"https://remote.example/activities/{name}",
        ["type"] = "Update",
        ["actor"] = actor,
        ["to"] = new JsonArray(Origin + "/users/amira"),
        ["object"] = new JsonObject
        {
            ["id"] = relationshipId,
            ["type"] = "Relationship",
            ["consentState"] = state,
        },
    };

    private Task ReplyAsync(string who, string inReplyTo, string content) => PostAsync(who, new JsonObject
    {
        ["id"] = $"https://remote.example/activities/{who}-replies",
        ["type"] = "Create",
        ["actor"] = _remote.ActorId(who),
        ["to"] = new JsonArray(Origin + "/users/sam"),
        ["object"] = new JsonObject
        {
            ["id"] = $"https://remote.example/notes/{who}-replies",
            ["type"] = "Note",
            ["attributedTo"] = _remote.ActorId(who),
            ["inReplyTo"] = inReplyTo,
            ["to"] = new JsonArray(Origin + "/users/sam"),
            ["content"] = content,
            ["tag"] = new JsonArray(new JsonObject { ["type"] = "Mention", ["href"] = Origin + "/users/sam" }),
        },
    });

    private async Task PostAsync(string signer, JsonObject activity)
    {
        activity["@context"] ??= "https://www.w3.org/ns/activitystreams";
        using var client = _node.CreateClient(new() { BaseAddress = new Uri(Origin), AllowAutoRedirect = false });
        using var response = await _remote.PostAsync(client, Origin + "/inbox", signer, activity.ToJsonString());
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        await _node.DrainAsync();
    }

    private async Task<string?> OutcomeAsync(string activityId) => (await _node.Service<IInboxStore>().FindAsync(activityId, Ct))?.Outcome;

    private async Task<IReadOnlyList<Notification>> NotificationsAsync(Member member) =>
        (await _node.Service<INotificationStore>().ListAsync(member.Id, OurSociety.Core.Paging.Cursor.Start, 50, Ct)).Items;

    private sealed class Forwarder(HttpMessageHandler remote) : HttpMessageHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            using var invoker = new HttpMessageInvoker(remote, disposeHandler: false);
            return await invoker.SendAsync(request, cancellationToken);
        }
    }
}
