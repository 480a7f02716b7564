using System.Net;
using System.Text.Json.Nodes;
using OurSociety.Core;
using OurSociety.Core.Introductions;
using OurSociety.Core.Members;
using OurSociety.Federation.Actors;
using OurSociety.Federation.Introductions;
using OurSociety.Testing;

namespace OurSociety.Web.Tests.Specs;

/// <summary>
/// The introduction examples of federation-specs/introductions.md are what the node really sends, caught on the wire
/// by a fake remote server: <c>kim</c> runs other software (a direct note asks her), <c>lee</c> runs ours (an Offer asks
/// him, and he is a glue-er whose Offers amira answers).
/// </summary>
public sealed class IntroductionExampleTests : IAsyncLifetime
{
    public const string Origin = "https://hub.example";
    public const string Kim = "https://remote.example/users/kim";
    public const string Lee = "https://remote.example/users/lee";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Every introduction example, for the coverage test (SpecDocumentTests).</summary>
    public static IReadOnlyList<string> Examples =>
    [
        "introduction-offer.json", "introduction-ask-note.json", "introduction-made-note.json", "introduction-update-accepted.json",
        "introduction-update-not-going-ahead.json", "introduction-accept.json", "introduction-reject.json", "introduction-undo-accept.json",
        "introduction-offer-hub.json", "introduction-accept-hub.json",
    ];

    /// <summary>An Our Society hub elsewhere (its Group), for the hub introductions (issue 14).</summary>
    public const string RemoteHub = "https://remote.example/users/hub";

    private static readonly string[] NoteVolatile = ["id", "published", "object.id", "object.published", "object.introduction"];

    private readonly NodeFactory _node = new();
    private readonly FakeRemoteServer _remote = new("https://remote.example");
    private Member _amira = null!;
    private Member _glue = null!;

    public async ValueTask InitializeAsync()
    {
        _node.With("OurSociety:PublicUrl", Origin).With("OurSociety:Hub:Name", "Riverside Repair Café");
        _node.FederationHandler = () => new Forwarder(_remote);
        _remote.AddActor("kim");
        _remote.AddActor("lee", actor =>
        {
            actor["generator"] = IntroductionTerms.Generator();
            actor["glueEr"] = true;
        });
        _remote.AddActor("hub", actor =>
        {
            actor["type"] = "Group";
            actor["name"] = "Harbour Hub";
            actor["generator"] = IntroductionTerms.Generator();
        });
        _amira = await _node.CreateMemberAsync("amira");
        await _node.Service<MemberService>().UpdateProfileAsync(_amira.Id, "Amira Haddad", "", "Riverside", Ct);
        _glue = await _node.CreateMemberAsync("sam", roles: Role.GlueEr);
        await _node.Service<MemberService>().UpdateProfileAsync(_glue.Id, "Sam Jones", "", "Riverside", Ct);
    }

    public async ValueTask DisposeAsync()
    {
        await _node.DisposeAsync();
        _remote.Dispose();
    }

    [Fact]
    public async Task WhatTheGlueErSends_MatchesTheExamples()
    {
        var service = _node.Service<IntroductionService>();

        // kim, on other software, is asked by a direct note; she replies yes, amira says yes: both get the made note.
        var withKim = await ProposeAsync(Kim, PartyChannel.Note);
        var ask = Received("Create", Kim);
        Golden.AssertMatches("introduction-ask-note.json", ask, NoteVolatile);
        AssertPrivate(ask, [Kim]);
        await ReplyAsync("kim", (string)ask["object"]!["id"]!, "<p><span class=\"h-card\"><a href=\"https://hub.example/@sam\" class=\"u-url mention\">@<span>sam</span></a></span> Yes!</p>");
        Assert.IsType<Outcome<IntroductionView>.Ok>(await service.AnswerAsync(withKim.Id, _amira.Id, accept: true, Ct));
        await _node.DrainAsync();
        var made = Received("Create", Kim);
        Golden.AssertMatches("introduction-made-note.json", made, NoteVolatile);
        AssertPrivate(made, [Kim, Origin + "/users/amira"]);

        // lee, on an Our Society node, is asked by an Offer; both say yes: he is told by an Update.
        var withLee = await ProposeAsync(Lee, PartyChannel.Offer);
        var offer = Received("Offer", Lee);
        Golden.AssertMatches("introduction-offer.json", offer, "id", "published", "object.id");
        AssertPrivate(offer, [Lee]);
        await PostAsync("lee", ActivityPub.Vocabulary.Activities.Accept("https://remote.example/activities/lee-says-yes", Lee, (string)offer["id"]!, [Origin + "/users/sam"]));
        Assert.IsType<Outcome<IntroductionView>.Ok>(await service.AnswerAsync(withLee.Id, _amira.Id, accept: true, Ct));
        await _node.DrainAsync();
        var accepted = Received("Update", Lee);
        Golden.AssertMatches("introduction-update-accepted.json", accepted, "id", "published", "object.id", "object.updated");
        AssertPrivate(accepted, [Lee]);

        // The glue-er withdraws another: lee hears only that it is not going ahead.
        var withdrawn = await ProposeAsync(Lee, PartyChannel.Offer);
        Assert.IsType<Outcome<IntroductionView>.Ok>(await service.WithdrawAsync(withdrawn.Id, _glue.Id, Ct));
        await _node.DrainAsync();
        var ended = Received("Update", Lee);
        Golden.AssertMatches("introduction-update-not-going-ahead.json", ended, "id", "published", "object.id", "object.updated");
    }

    [Fact]
    public async Task WhatOurMemberAnswersAGlueErElsewhere_MatchesTheExamples()
    {
        var service = _node.Service<IntroductionService>();
        var store = _node.Service<IIntroductionStore>();

        // lee (a glue-er on another Our Society node) introduces amira to kim; amira says yes, then takes it back.
        await OfferAsync("1");
        var first = (await store.FindByApIdAsync("https://remote.example/introductions/1", Ct))!;
        Assert.IsType<Outcome<IntroductionView>.Ok>(await service.AnswerAsync(first.Id, _amira.Id, accept: true, Ct));
        await _node.DrainAsync();
        var accept = Received("Accept", Lee);
        Golden.AssertMatches("introduction-accept.json", accept, "id");
        Assert.IsType<Outcome<IntroductionView>.Ok>(await service.AnswerAsync(first.Id, _amira.Id, accept: false, Ct));
        await _node.DrainAsync();
        var undo = Received("Undo", Lee);
        Assert.Equal((string?)accept["id"], (string?)undo["object"]!["id"]);
        Golden.AssertMatches("introduction-undo-accept.json", undo, "id", "object.id");

        // Another one she declines straight away.
        await OfferAsync("2");
        var second = (await store.FindByApIdAsync("https://remote.example/introductions/2", Ct))!;
        Assert.IsType<Outcome<IntroductionView>.Ok>(await service.AnswerAsync(second.Id, _amira.Id, accept: false, Ct));
        await _node.DrainAsync();
        Golden.AssertMatches("introduction-reject.json", Received("Reject", Lee), "id");
    }

    [Fact]
    public async Task HubsAsParties_MatchTheExamples()
    {
        var service = _node.Service<IntroductionService>();
        var admin = await _node.CreateMemberAsync("ada", roles: Role.Admin);

        // sam introduces our hub to the hub elsewhere: the Offer goes to its Group, whose admins answer there.
        var (harbour, error) = await _node.Service<RemoteActors>().GetAsync(RemoteHub, refresh: false, Ct);
        Assert.True(harbour is not null, error);
        var outcome = await service.ProposeAsync(
            _glue.Id, new IntroductionCandidate.OurHub(), new IntroductionCandidate.Remote(harbour!, IntroductionChannels.Of(harbour!)),
            "Both hubs run **repair cafés**.", "en", Ct);
        Assert.IsType<Outcome<Introduction>.Ok>(outcome);
        await _node.DrainAsync();
        var offer = Received("Offer", RemoteHub);
        Golden.AssertMatches("introduction-offer-hub.json", offer, "id", "published", "object.id");
        AssertPrivate(offer, [RemoteHub]);

        // lee (a glue-er elsewhere) introduces our hub to kim: an admin here answers, and the hub's Group says yes.
        await PostAsync("lee", new JsonObject
        {
            ["@context"] = new JsonArray("https://www.w3.org/ns/activitystreams", new JsonObject { ["os"] = "https://w3id.org/oursociety/ns#" }),
            ["id"] = "https://remote.example/activities/offer-hub",
            ["type"] = "Offer",
            ["actor"] = Lee,
            ["to"] = new JsonArray(Origin + "/users/hub"),
            ["target"] = Origin + "/users/hub",
            ["summary"] = "Lee would like to introduce your hub to @kim@remote.example.",
            ["content"] = "<p>Kim starts a repair café near you.</p>",
            ["object"] = new JsonObject
            {
                ["id"] = "https://remote.example/introductions/hub",
                ["type"] = "Relationship",
                ["subject"] = Origin + "/users/hub",
                ["relationship"] = "os:introducedTo",
                ["object"] = Kim,
            },
        });
        var received = (await _node.Service<IIntroductionStore>().FindByApIdAsync("https://remote.example/introductions/hub", Ct))!;
        Assert.True(received.Party(0).IsOurHub);
        Assert.IsType<Outcome<IntroductionView>.Ok>(await service.AnswerAsync(received.Id, admin.Id, accept: true, Ct));
        await _node.DrainAsync();
        var accept = Received("Accept", Lee);
        Assert.Equal(Origin + "/users/hub", (string?)accept["actor"]);
        Golden.AssertMatches("introduction-accept-hub.json", accept, "id");
    }

    /// <summary>The Offer lee sends (the shape introduction-offer.json documents), introducing amira to kim.</summary>
    private Task OfferAsync(string n) => PostAsync("lee", new JsonObject
    {
        ["@context"] = new JsonArray("https://www.w3.org/ns/activitystreams", new JsonObject { ["os"] = "https://w3id.org/oursociety/ns#" }),
        ["id"] = $"https://remote.example/activities/offer-{n}",
        ["type"] = "Offer",
        ["actor"] = Lee,
        ["to"] = new JsonArray(Origin + "/users/amira"),
        ["target"] = Origin + "/users/amira",
        ["summary"] = "Lee would like to introduce you to @kim@remote.example.",
        ["content"] = "<p>You both run repair cafés.</p>",
        ["object"] = new JsonObject
        {
            ["id"] = $"https://remote.example/introductions/{n}",
            ["type"] = "Relationship",
            ["subject"] = Origin + "/users/amira",
            ["relationship"] = "os:introducedTo",
            ["object"] = Kim,
        },
    });

    private async Task<Introduction> ProposeAsync(string remoteId, PartyChannel channel)
    {
        var (actor, error) = await _node.Service<RemoteActors>().GetAsync(remoteId, refresh: false, Ct);
        Assert.True(actor is not null, error);
        var outcome = await _node.Service<IntroductionService>().ProposeAsync(
            _glue.Id, new IntroductionCandidate.Local("amira"), new IntroductionCandidate.Remote(actor!, channel),
            "You both fix bikes on **Saturdays**.", "en", Ct);
        var introduction = Assert.IsType<Outcome<Introduction>.Ok>(outcome).Value;
        await _node.DrainAsync();
        return introduction;
    }

    private Task ReplyAsync(string who, string inReplyTo, string content) => PostAsync(who, new JsonObject
    {
        ["@context"] = "https://www.w3.org/ns/activitystreams",
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
        },
    });

    private async Task PostAsync(string signer, JsonObject activity)
    {
        using var client = _node.CreateClient(new() { BaseAddress = new Uri(Origin), AllowAutoRedirect = false });
        using var response = await _remote.PostAsync(client, Origin + "/inbox", signer, activity.ToJsonString());
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        await _node.DrainAsync();
    }

    /// <summary>The last activity of this type the remote server received that is addressed to <paramref name="to"/>.</summary>
    private JsonObject Received(string type, string to)
    {
        var found = _remote.Received.LastOrDefault(a => (string?)a["type"] == type && a["to"]!.ToJsonString().Contains(to, StringComparison.Ordinal));
        Assert.True(found is not null, $"no {type} to {to} among {string.Join(", ", _remote.Received.Select(a => (string?)a["type"]))}");
        return found;
    }

    /// <summary>Addressed to exactly these people: never Public, no followers collection, nothing in cc.</summary>
    private static void AssertPrivate(JsonObject activity, string[] to)
    {
        Assert.DoesNotContain("#Public", activity.ToJsonString(), StringComparison.Ordinal);
        Assert.DoesNotContain("/followers", activity.ToJsonString(), StringComparison.Ordinal);
        Assert.Equal(to.Order(StringComparer.Ordinal), activity["to"]!.AsArray().Select(a => (string)a!).Order(StringComparer.Ordinal));
        Assert.True(activity["cc"] is null || activity["cc"]!.AsArray().Count == 0);
    }

    private sealed class Forwarder(HttpMessageHandler remote) : HttpMessageHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            using var invoker = new HttpMessageInvoker(remote, disposeHandler: false);
            return await invoker.SendAsync(request, cancellationToken);
        }
    }
}
