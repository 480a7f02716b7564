using System.Net;
using OurSociety.Core;
using OurSociety.Core.Federation;
using OurSociety.Core.Invitations;
using OurSociety.Core.Members;
using OurSociety.Core.Posts;
using OurSociety.Federation.Actors;
using OurSociety.Testing;
using OurSociety.Web.Tests.Content;
using OurSociety.Web.Tests.Posts;
using OurSociety.Web.Tests.Settings;

namespace OurSociety.Web.Tests.Markup;

/// <summary>A hub anyone may join, so the sign-up form shows.</summary>
public sealed class OpenHubNode : NodeFactory
{
    public OpenHubNode() => With("OurSociety:Registrations", "open");
}

/// <summary>
/// Every page a person can reach, signed in and out, with and without form errors, on a hub with something on it, is
/// valid HTML by html-validate (tests/html-check: the rules and why). One test fetches them all and checks them in one
/// validator run, so a failure lists every problem of every page at once.
/// </summary>
public sealed class ValidHtmlTests(OpenHubNode node) : IClassFixture<OpenHubNode>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private readonly List<HtmlValidator.Page> _pages = [];

    [Fact]
    public async Task Validator_FindsAFormInsideAParagraph()
    {
        var problems = await HtmlValidator.ValidateAsync([new HtmlValidator.Page("/example",
            "<!DOCTYPE html>\n<html lang=\"en\"><head><title>x</title></head>\n<body><main><h1>x</h1><p>Reply <form method=\"post\"><button>Go</button></form></p></main></body></html>")]);

        Assert.Contains(problems, p => p.Rule == "no-implicit-close" && p.Url == "/example" && p.Line == 3 && p.Markup.Contains("<form", StringComparison.Ordinal));
    }

    [Fact]
    public async Task EveryPage_IsValidHtml()
    {
        using var anonymous = new Browserless(node);

        // The setup page exists only until the first admin: check it (and its errors) first.
        var setupToken = await node.Service<MemberService>().GetSetupTokenAsync(Ct);
        await PageAsync(anonymous, $"/setup/{setupToken}");
        await FormAsync(anonymous, $"/setup/{setupToken}", $"/setup/{setupToken}", new() { ["username"] = "" });

        var admin = await node.CreateMemberAsync("vh_admin", "correct horse battery", Role.Admin, Role.Member);
        var amina = await node.CreateMemberAsync("vh_amina");
        var rosa = await node.CreateMemberAsync("vh_rosa");
        var members = node.Service<MemberService>();
        await members.UpdateProfileAsync(amina.Id, "Amina Yusuf", "I grow *leeks* and run the seed swap.", "Leeds", Ct);
        await members.UpdateProfileAsync(rosa.Id, "Rosa Díaz", null, "Bradford", Ct);
        var oneTime = await members.CreateAsync("vh_onetime", new HashSet<Role> { Role.Member }, null, Ct);
        Assert.IsType<Outcome<(Member, string)>.Ok>(oneTime);

        using var aminaBrowser = await node.SignedInBrowserAsync("vh_amina");
        using var rosaBrowser = await node.SignedInBrowserAsync("vh_rosa");
        using var adminBrowser = await node.SignedInBrowserAsync("vh_admin");
        using var oneTimeBrowser = await node.SignedInBrowserAsync("vh_onetime");

        // A story with a picture, through the form as a person posts it.
        var published = await aminaBrowser.PostMultipartAsync("/stories/new", "/stories/new", new Dictionary<string, string>
        {
            ["title"] = "Seed swap in the park",
            ["summary"] = "Forty people swapped seeds.",
            ["body"] = "We met by the **bandstand**.\n\n- beans\n- leeks",
            ["topics"] = "seeds, gardening",
            ["locality"] = "Leeds",
            ["licence"] = "CC-BY-4.0",
            ["visibility"] = "public",
            ["image0-alt"] = "Paper bags of seeds on a table",
            ["action"] = "publish",
        }, new PostPageKit.Upload("image0-file", TestImages.Png(40, 30)));
        var storyId = published.RedirectedPostId();
        var story = await node.Service<IPostStore>().FindAsync(storyId, Ct) ?? throw new InvalidOperationException("No story");
        var lesson = await node.LessonAsync(rosa.Id, "Start the seed swap early", sources: [$"{node.PublicUrl}/stories/{storyId:D}"]);
        var reply = await node.ReplyAsync(rosa.Id, story, "Lovely! We did the same in Bradford.");
        var tried = await node.ReplyAsync(amina.Id, lesson, "It worked for us.", tried: "worked");
        var answer = await node.ReplyAsync(amina.Id, reply, "Thank you, Rosa.");
        await node.Service<PostService>().ReactAsync(rosa.Id, story, ReactionKind.Like, true, Ct);
        var draft = await node.StoryAsync(amina.Id, "Half-written plans", draft: true);
        var deleted = await node.StoryAsync(amina.Id, "Gone soon");
        await node.Service<PostService>().DeleteAsync(amina.Id, deleted.Id, Ct);
        var received = await ReceivedAsync();
        var invitation = await node.Service<InvitationService>().CreateAsync(admin.Id, 5, TimeSpan.FromDays(7), Ct) is Outcome<Invitation>.Ok(var made)
            ? made
            : throw new InvalidOperationException("No invitation");
        var hub = node.Service<LocalActors>().HubUsername;
        await node.WriteAsync(tx => node.Service<OurSociety.Core.Hubs.IDirectoryStore>().ReplaceAsync(
        [
            new OurSociety.Core.Hubs.DirectoryEntry("https://far.example/users/hub", "far.example", "Far Menders", "Fartown", "We mend.",
                ["repair"], 12, ["https://near.example/users/hub"], 2, "https://far.example/@hub", node.Time.GetUtcNow()),
        ], tx, Ct));

        // Signed out.
        foreach (var path in new[]
                 {
                     "/", "/local", "/network", "/tags/seeds", "/tags/nothing-here", "/search", "/search?q=seeds", "/search?q=zzzqqq",
                     "/network/hubs", "/network/hubs?topic=not%20one", "/network/hubs?q=nothing",
                     "/search?q=%22%22", "/search?q=seeds&source=network", "/search?q=seeds&source=linked", "/search?q=seeds&source=nowhere",
                     "/search?q=seeds&source=local&lang=ar", $"/stories/{storyId:D}", $"/lessons/{lesson.Id:D}", $"/replies/{reply.Id:D}",
                     $"/replies/{answer.Id:D}", $"/stories/{received:D}", $"/stories/{deleted.Id:D}", "/@vh_amina", "/@vh_rosa", $"/@{hub}",
                     "/@nobody_here", "/signin", "/signup", $"/invite/{invitation.Code}", "/invite/not-a-code", "/forbidden", "/no/such/page",
                     $"/stories/{Guid.CreateVersion7():D}", "/local?cursor=not-a-cursor", "/about", "/?lang=cy", "/?lang=ar",
                     $"/stories/{storyId:D}?lang=ar", "/about?lang=cy", "/signup?lang=ar",
                     "/network?topic=seeds&locality=Porto", "/network?hub=" + Uri.EscapeDataString(RemoteHubId),
                     "/network?hub=not-a-hub&locality=%09&topic=two+words", "/network?lang=ar&topic=nothinghere",
                 })
        {
            await PageAsync(anonymous, path);
        }

        await FormAsync(anonymous, "/signin", "/signin", new() { ["username"] = "vh_amina", ["password"] = "wrong" });
        await FormAsync(anonymous, "/signup", "/signup", new() { ["username"] = "", ["password"] = "short" });
        await FormAsync(anonymous, "/@vh_amina", "/@vh_amina/remote-follow", new() { ["server"] = "not a server" });

        // Signed in as a member.
        foreach (var path in new[]
                 {
                     "/", "/home", "/local", "/network", "/tags/seeds", "/search?q=seeds", "/notifications", $"/stories/{storyId:D}", "/network/hubs",
                     $"/lessons/{lesson.Id:D}", $"/replies/{reply.Id:D}", $"/replies/{tried.Id:D}", $"/stories/{received:D}",
                     $"/stories/{draft.Id:D}", "/@vh_amina", $"/@{hub}", "/stories/new", $"/stories/{storyId:D}/edit", "/lessons/new",
                     $"/lessons/new?story={storyId:D}", $"/stories/{storyId:D}/delete", $"/replies/{answer.Id:D}/delete", "/follows",
                     "/settings", "/settings/profile", "/settings/password", "/settings/tokens", "/settings/invitations",
                     "/settings/account", "/admin", "/authorize_interaction?uri=" + Uri.EscapeDataString(RemoteActorId),
                     "/authorize_interaction?uri=nonsense", "/authorize_interaction", "/write", "/drafts", "/settings/account?lang=ar",
                 })
        {
            await PageAsync(aminaBrowser, path);
        }

        await PageAsync(rosaBrowser, "/notifications");
        await PageAsync(rosaBrowser, $"/lessons/{lesson.Id:D}/edit");
        await PageAsync(oneTimeBrowser, OurSociety.Web.Features.Accounts.AccountEndpoints.NewPasswordPath);

        // Forms sent back with their errors.
        await MultipartFormAsync(aminaBrowser, "/stories/new", "/stories/new", new() { ["title"] = "", ["body"] = "", ["action"] = "publish" });
        await MultipartFormAsync(aminaBrowser, "/stories/new", "/stories/new", new() { ["title"] = "A preview", ["body"] = "**Bold** words", ["image0-alt"] = "", ["action"] = "preview" });
        await MultipartFormAsync(aminaBrowser, $"/stories/{storyId:D}/edit", $"/stories/{storyId:D}/edit", new() { ["title"] = "", ["body"] = "", ["action"] = "publish" });
        await MultipartFormAsync(aminaBrowser, "/lessons/new", "/lessons/new", new() { ["title"] = "", ["action"] = "publish" });
        await FormAsync(aminaBrowser, $"/stories/{storyId:D}", $"/stories/{storyId:D}/replies", new() { ["body"] = "" });
        await FormAsync(aminaBrowser, "/settings/profile", "/settings/profile", new() { ["displayName"] = new string('x', 500) });
        await FormAsync(aminaBrowser, "/settings/password", "/settings/password", new() { ["currentPassword"] = "wrong", ["newPassword"] = "short", ["confirmPassword"] = "short" });
        await FormAsync(aminaBrowser, "/settings/tokens", "/settings/tokens", new() { ["name"] = "My phone" });
        await FormAsync(aminaBrowser, "/settings/tokens", "/settings/tokens", new() { ["name"] = "" });
        await FormAsync(aminaBrowser, "/follows", "/follows", new() { ["target"] = "not an account" });
        await FormAsync(aminaBrowser, "/settings/account", "/settings/account/delete", new() { ["password"] = "wrong" });

        // Mutes and blocks (issue 13): the settings page empty and filled, its refused forms, the Mute and Block buttons
        // on a profile, and the notification requests page.
        await node.CreateMemberAsync("vh_muted");
        await PageAsync(aminaBrowser, "/settings/mutes");
        await PageAsync(aminaBrowser, "/notifications/requests");
        await PageAsync(aminaBrowser, "/@vh_muted");
        (await aminaBrowser.SubmitAsync("/settings/mutes", "/settings/mutes", new Dictionary<string, string> { ["account"] = "@vh_muted", ["action"] = "mute" })).Dispose();
        (await aminaBrowser.SubmitAsync("/settings/mutes", "/settings/domain-blocks", new Dictionary<string, string> { ["domain"] = "spam.example" })).Dispose();
        await PageAsync(aminaBrowser, "/settings/mutes?notice=muted");
        await FormAsync(aminaBrowser, "/settings/mutes", "/settings/mutes", new() { ["account"] = "@nobody_here", ["action"] = "block" });
        await FormAsync(aminaBrowser, "/settings/mutes", "/settings/domain-blocks", new() { ["domain"] = "not a domain" });
        // Moderated replies (issue 13): a held reply on the story page (author: approve/decline; replier: waiting), the
        // settings page with it, the notification, the settings form refused, /admin's hub default.
        var heldStory = Assert.IsType<Outcome<Post>.Ok>(await node.Service<PostService>().CreateStoryAsync(amina.Id,
            new StoryInput("Held replies", null, "Replies by approval.", [], null, null, "public", false, null) { ReplyPolicy = "approval" }, Ct)).Value;
        Assert.IsType<Outcome<Post>.Ok>(await node.Service<PostService>().ReplyAsync(rosa.Id, heldStory,
            new ReplyInput("Waiting here.", null), Ct));
        foreach (var path in new[] { "/settings/replies", $"/stories/{heldStory.Id:D}", "/notifications", "/settings/replies?lang=ar" })
        {
            await PageAsync(aminaBrowser, path);
        }

        await PageAsync(rosaBrowser, $"/stories/{heldStory.Id:D}");
        await FormAsync(aminaBrowser, "/settings/replies", "/settings/replies", new() { ["replyPolicy"] = "nobody" });

        // Introductions: the glue-er's list, form (empty, prefilled, refused) and page; a party's page before and after
        // answering; one made; the settings page with a refused choice.
        var glue = await node.CreateMemberAsync("vh_glue", "correct horse battery", Role.GlueEr, Role.Member);
        var introductions = node.Service<OurSociety.Core.Introductions.IntroductionService>();
        Guid Introduced(Outcome<OurSociety.Core.Introductions.Introduction> outcome) =>
            Assert.IsType<Outcome<OurSociety.Core.Introductions.Introduction>.Ok>(outcome).Value.Id;
        var open = Introduced(await introductions.ProposeAsync(glue.Id, new OurSociety.Core.Introductions.IntroductionCandidate.Local("vh_amina"),
            new OurSociety.Core.Introductions.IntroductionCandidate.Local("vh_rosa"), "You both run *seed swaps*.", "en", Ct));
        var madeOne = Introduced(await introductions.ProposeAsync(glue.Id, new OurSociety.Core.Introductions.IntroductionCandidate.Local("vh_amina"),
            new OurSociety.Core.Introductions.IntroductionCandidate.Local("vh_admin"), "Amina knows the park.", "en", Ct));
        await introductions.AnswerAsync(madeOne, amina.Id, accept: true, Ct);
        await introductions.AnswerAsync(madeOne, admin.Id, accept: true, Ct);
        using var glueBrowser = await node.SignedInBrowserAsync("vh_glue");
        await PageAsync(rosaBrowser, $"/introductions/{open:D}");
        await FormAsync(aminaBrowser, $"/introductions/{open:D}", $"/introductions/{open:D}/accept", []);
        foreach (var path in new[] { "/introductions", $"/introductions/{open:D}", $"/introductions/{madeOne:D}", "/settings/introductions", "/notifications" })
        {
            await PageAsync(aminaBrowser, path);
        }

        foreach (var path in new[]
                 {
                     "/introductions", "/introductions/new", "/introductions/new?a=%40vh_amina&b=%40ana%40far.example&reason=Seeds",
                     $"/introductions/{open:D}", $"/introductions/{madeOne:D}", $"/introductions/{open:D}?lang=ar", "/@vh_amina", "/write",
                     "/@" + hub, "/notifications",
                 })
        {
            await PageAsync(glueBrowser, path);
        }

        await FormAsync(glueBrowser, "/introductions/new", "/introductions/new", new() { ["a"] = "", ["b"] = "not an account", ["reason"] = "" });
        await FormAsync(glueBrowser, "/introductions/new", "/introductions/new", new() { ["a"] = "@vh_amina", ["b"] = "@vh_amina", ["reason"] = "x" });
        await FormAsync(aminaBrowser, "/settings/introductions", "/settings/introductions", new() { ["allow"] = "everyone" });
        await PageAsync(rosaBrowser, "/introductions/new");
        await PageAsync(adminBrowser, $"/introductions/{open:D}");

        // Hub introductions (issue 14): our hub and a hub elsewhere; the admin's page asked for the hub, then made (with
        // the suggestion to ask for a link); the glue-er's page and the admin's list.
        await node.Service<IRemoteActorStore>().UpsertAsync(new RemoteActor(
            "https://far.example/users/hub", "Group", "hub", "far.example", "Porto Hub", "https://far.example/users/hub/inbox", null,
            "https://far.example/@hub", null, null, null, false, """{"type":"Group","location":{"type":"Place","name":"Porto"}}""",
            node.Time.GetUtcNow())
        { ImplementsIntroductions = true }, Ct);
        var farHub = (await node.Service<IRemoteActorStore>().FindAsync("https://far.example/users/hub", Ct))!;
        var hubs = Introduced(await introductions.ProposeAsync(glue.Id, new OurSociety.Core.Introductions.IntroductionCandidate.OurHub(),
            new OurSociety.Core.Introductions.IntroductionCandidate.Remote(farHub, OurSociety.Core.Introductions.PartyChannel.Offer),
            "Both hubs run repair cafés.", "en", Ct));
        foreach (var path in new[] { $"/introductions/{hubs:D}", $"/introductions/{hubs:D}?lang=cy", "/introductions" })
        {
            await PageAsync(adminBrowser, path);
        }

        await PageAsync(glueBrowser, $"/introductions/{hubs:D}");
        await introductions.AnswerAsync(hubs, admin.Id, accept: true, Ct);
        await node.WriteAsync(tx => introductions.RecordRemoteAnswerAsync(
            hubs, 1, OurSociety.Core.Introductions.PartyAnswer.Accepted, "https://far.example/activities/yes", tx, Ct));
        await PageAsync(adminBrowser, $"/introductions/{hubs:D}");
        await PageAsync(adminBrowser, $"/introductions/{hubs:D}?lang=ar");

        // Signed in as the admin.
        foreach (var path in new[]
                 {
                     "/admin", $"/admin/members/{amina.Id:D}", $"/admin/members/{Guid.CreateVersion7():D}", "/settings/invitations", "/admin/hub",
                     $"/stories/{storyId:D}/remove", $"/replies/{reply.Id:D}/remove",
                 })
        {
            await PageAsync(adminBrowser, path);
        }

        await FormAsync(adminBrowser, "/admin", "/admin/invitations", new() { ["maxUses"] = "0", ["expiresInDays"] = "30" });
        await FormAsync(adminBrowser, "/admin/hub", "/admin/hub", new() { ["name"] = "", ["accent"] = "#ffcc00" });
        await FormAsync(adminBrowser, $"/stories/{storyId:D}/remove", $"/stories/{storyId:D}/remove", new() { ["reason"] = "" });

        await NeedsAndOffersPagesAsync(anonymous, aminaBrowser, adminBrowser, amina, rosa);   // needs and offers

        await AuditLogPagesAsync(adminBrowser);   // the moderators' audit log
        await HubSubmissionPagesAsync(adminBrowser);   // posts sent to the hub from elsewhere (issue 14)
        // Reports: the form (and its errors), the thanks, the desk's queue and one report, its close form's errors, the appeal page.
        await PageAsync(rosaBrowser, $"/report?target=%2Fstories%2F{storyId:D}");
        await PageAsync(rosaBrowser, "/report?target=%2Fnothing");
        await FormAsync(rosaBrowser, $"/report?target=%2Fstories%2F{storyId:D}", "/report", new() { ["target"] = $"/stories/{storyId:D}", ["category"] = "", ["note"] = "" });
        await FormAsync(rosaBrowser, $"/report?target=%2Fstories%2F{storyId:D}", "/report", new() { ["target"] = $"/stories/{storyId:D}", ["category"] = "spam", ["note"] = "Adverts" });
        await PageAsync(rosaBrowser, "/appeal");
        var reportId = (await node.Service<OurSociety.Core.Moderation.IReportStore>().ListAsync(OurSociety.Core.Moderation.ReportState.Open, OurSociety.Core.Paging.Cursor.Start, 1, Ct)).Items[0].Id;
        foreach (var path in new[] { "/admin/reports", "/admin/reports?state=closed", $"/admin/reports/{reportId:D}", "/notifications" })
        {
            await PageAsync(adminBrowser, path);
        }

        await FormAsync(adminBrowser, $"/admin/reports/{reportId:D}", $"/admin/reports/{reportId:D}/close", new() { ["action"] = "remove", ["reason"] = "" });
        // Domain moderation (issue 13): the admin page with a block and an allow, its errors, and the list on /about.
        var domains = node.Service<OurSociety.Core.Moderation.DomainBlockService>();
        await domains.BlockAsync(new("spam.example", "suspend", Obfuscate: true, PublicReason: "Spam"), OurSociety.Core.Moderation.ModeratorRef.Node, Ct);
        await domains.AllowAsync("friends.example", OurSociety.Core.Moderation.ModeratorRef.Node, Ct);
        await PageAsync(adminBrowser, "/admin/domains");
        await FormAsync(adminBrowser, "/admin/domains", "/admin/domains/blocks", new() { ["domain"] = "192.0.2.1", ["severity"] = "suspend" });
        await MultipartFormAsync(adminBrowser, "/admin/domains", "/admin/domains/import", new() { ["csv"] = "#domain,#severity\nlocalhost,suspend\n" });
        await FormAsync(adminBrowser, "/admin/domains", "/admin/domains/allows", new() { ["allowDomain"] = "not a name" });
        await PageAsync(anonymous, "/about?with=domain-blocks");
        // The moderators' account actions (issue 13): the desk, a form with errors, and the list with an account on it.
        await FormAsync(adminBrowser, "/admin/account-actions", "/admin/account-actions", new() { ["account"] = "@nobody", ["action"] = "suspend", ["reason"] = "" });
        await node.Service<OurSociety.Core.Moderation.IAccountModeration>().ApplyAsync(
            new(null, "@vh_rosa", OurSociety.Core.Moderation.AccountAction.Limit, null), Ct);
        await PageAsync(adminBrowser, "/admin/account-actions");
        // Hub links (issue 14): a request waiting for us and a link (with a note each), and the ask form's error.
        var now = node.Time.GetUtcNow();
        await node.WriteAsync(async tx =>
        {
            var hubLinks = node.Service<OurSociety.Core.Hubs.IHubLinkStore>();
            await hubLinks.PutAsync(new(Guid.CreateVersion7(), "https://hills.example/users/hub", OurSociety.Core.Hubs.HubLinkState.AwaitingOurApproval,
                false, "Shall we link?", false, "https://hills.example/activities/1", null, now, now), tx, Ct);
            await hubLinks.PutAsync(new(Guid.CreateVersion7(), "https://dale.example/users/hub", OurSociety.Core.Hubs.HubLinkState.Linked,
                true, "", true, "https://dale.example/activities/2", admin.Id, now, now), tx, Ct);
        });
        await PageAsync(adminBrowser, "/admin/hub-links");
        await FormAsync(adminBrowser, "/admin/hub-links", "/admin/hub-links", new() { ["hub"] = "", ["note"] = "Hello" });

        Assert.True(_pages.Count > 80, $"Only {_pages.Count} pages were fetched.");
        var validating = System.Diagnostics.Stopwatch.StartNew();
        await HtmlValidator.AssertValidAsync(_pages);
        TestContext.Current.TestOutputHelper?.WriteLine($"html-validate checked {_pages.Count} pages in {validating.ElapsedMilliseconds} ms");
    }

    /// <summary>The pages that change with how a hub takes new members: sign-up, invitations, people waiting for approval.</summary>
    [Theory]
    [InlineData("invite")]
    [InlineData("approval")]
    [InlineData("closed")]
    public async Task JoiningPages_EveryRegistrationMode_AreValidHtml(string mode)
    {
        await using var hub = new NodeFactory().With("OurSociety:Registrations", mode);
        await hub.CreateMemberAsync("vh_admin", "correct horse battery", Role.Admin, Role.Member);
        await hub.Service<MemberService>().RegisterAsync(new SignUp("vh_waiting", "correct horse battery", "Wai Ting", null, "I live nearby."), Ct);
        using var anonymous = new Browserless(hub);
        using var admin = await hub.SignedInBrowserAsync("vh_admin");
        foreach (var path in new[] { "/", "/signup", "/signin", "/invite/not-a-code" })
        {
            await PageAsync(anonymous, $"{path} ({mode})", path);
        }

        if (mode == "approval")   // invite and closed hubs show no sign-up form without an invitation
        {
            await FormAsync(anonymous, "/signup", "/signup", new() { ["username"] = "", ["password"] = "short", ["confirmPassword"] = "other" });
        }

        await PageAsync(admin, $"/admin ({mode})", "/admin");

        await HtmlValidator.AssertValidAsync(_pages);
    }

    /// <summary>
    /// "Needs your review": a reply from someone on other software that was not yes, no or stop, on the glue-er's list
    /// and page (with the actions), the page after counting it, and the refusal once it is decided (a hub of their own).
    /// </summary>
    [Fact]
    public async Task IntroductionReviewPages_AreValidHtml()
    {
        await using var hub = new NodeFactory();
        using var remote = new FakeRemoteServer("https://remote.example");
        hub.FederationHandler = () => new Introductions.IntroductionReviewTests.Forwarder(remote);
        remote.AddActor("kim");
        var glue = await hub.CreateMemberAsync("vh_glue", roles: [Role.GlueEr, Role.Member]);
        await hub.CreateMemberAsync("vh_amina");
        await hub.CreateMemberAsync("vh_rosa");
        var (open, note) = await Introductions.IntroductionReviewTests.ProposeToKimAsync(hub, remote, glue, "vh_amina");
        await Introductions.IntroductionReviewTests.ReplyAsync(hub, remote, (string)note["id"]!, "<p>@vh_glue Maybe <em>later</em>, who is she?</p>");
        await Introductions.IntroductionReviewTests.ReplyAsync(hub, remote, (string)note["id"]!, "<p>Perhaps.</p>");
        var (counted, other) = await Introductions.IntroductionReviewTests.ProposeToKimAsync(hub, remote, glue, "vh_rosa");
        await Introductions.IntroductionReviewTests.ReplyAsync(hub, remote, (string)other["id"]!, "<p>Hmm</p>");
        var replies = hub.Service<OurSociety.Core.Introductions.IIntroductionReplyStore>();
        var review = (await replies.ReviewsAsync(counted, Ct))[0].Id;
        using var glueBrowser = await hub.SignedInBrowserAsync("vh_glue");
        using var aminaBrowser = await hub.SignedInBrowserAsync("vh_amina");

        foreach (var path in new[] { "/introductions", $"/introductions/{open:D}", $"/introductions/{open:D}?lang=ar", "/introductions?lang=cy", "/notifications" })
        {
            await PageAsync(glueBrowser, $"{path} (glue-er)", path);
        }

        await PageAsync(aminaBrowser, $"/introductions/{open:D} (party)", $"/introductions/{open:D}");
        await FormAsync(glueBrowser, $"/introductions/{counted:D}", $"/introductions/{counted:D}/reviews/{review:D}/decline", []);
        await PageAsync(glueBrowser, $"/introductions/{counted:D}?notice=counted-no");

        // Decided meanwhile: a form from before gets the page back with why nothing changed.
        var waiting = (await replies.ReviewsAsync(open, Ct))[0].Id;
        await hub.Service<OurSociety.Core.Introductions.IntroductionService>().WithdrawAsync(open, glue.Id, Ct);
        var late = await glueBrowser.PostWithTokenAsync($"/introductions/{open:D}/reviews/{waiting:D}/accept", new Dictionary<string, string>(), "/introductions");
        Assert.Equal(HttpStatusCode.Conflict, late.StatusCode);
        await KeepAsync("POST a reply to count once it is decided", late);

        await HtmlValidator.AssertValidAsync(_pages);
    }

    /// <summary>Asking for help, its threads, skills on profiles and settings, and /start (a hub of their own).</summary>
    [Fact]
    public async Task HelpPages_AreValidHtml()
    {
        await using var hub = new NodeFactory();
        var asker = await hub.CreateMemberAsync("vh_asker");
        var glue = await hub.CreateMemberAsync("vh_glue", roles: [Role.GlueEr, Role.Member]);
        var helper = await hub.CreateMemberAsync("vh_helper");
        await hub.Service<SkillService>().SetAsync(helper.Id, ["bikes", "repairs"], ["gardening"], Ct);
        await hub.LessonAsync(helper.Id, "Fix the chain first");
        var service = hub.Service<OurSociety.Core.HelpRequests.HelpRequestService>();
        var request = ((Outcome<OurSociety.Core.HelpRequests.HelpRequest>.Ok)await service.AskAsync(
            asker.Id, "My chain keeps slipping.\n\nWhat should I check?", ["bikes"], true, Ct)).Value;
        await service.ReplyAsync(request.Id, glue.Id, "Is it worn? <b>Measure</b> it.", Ct);
        await service.ReplyAsync(request.Id, helper.Id, "Bring it on Saturday.", Ct);
        var closed = ((Outcome<OurSociety.Core.HelpRequests.HelpRequest>.Ok)await service.AskAsync(asker.Id, "Done?", ["done"], false, Ct)).Value;
        await service.CloseAsync(closed.Id, asker.Id, Ct);
        var thread = $"/help/{request.Id:D}";
        using var anonymous = new Browserless(hub);
        using var askerBrowser = await hub.SignedInBrowserAsync("vh_asker");
        using var glueBrowser = await hub.SignedInBrowserAsync("vh_glue");
        using var helperBrowser = await hub.SignedInBrowserAsync("vh_helper");

        foreach (var path in new[] { "/start", "/start?lang=cy", "/start?lang=ar", "/", "/@vh_helper", "/@vh_helper?lang=ar" })
        {
            await PageAsync(anonymous, path);
        }

        foreach (var path in new[] { "/help", thread, $"/help/{closed.Id:D}", "/help/open", "/notifications", "/settings/profile", "/write", "/", "/start", "/help?lang=ar" })
        {
            await PageAsync(askerBrowser, $"{path} (asker)", path);
        }

        foreach (var path in new[] { "/help", thread, "/help/open", "/notifications", $"/help/{Guid.CreateVersion7():D}", $"/help/{closed.Id:D}" })
        {
            await PageAsync(glueBrowser, $"{path} (glue-er)", path);
        }

        foreach (var path in new[] { thread, "/notifications", "/settings/profile" })
        {
            await PageAsync(helperBrowser, $"{path} (helper)", path);
        }

        await FormAsync(askerBrowser, "/help", "/help", new() { ["question"] = "", ["topics"] = "not a topic!" });
        await FormAsync(askerBrowser, thread, $"{thread}/replies", new() { ["body"] = "" });
        await FormAsync(glueBrowser, thread, $"{thread}/helpers", new() { ["username"] = "nobody_here" });
        await FormAsync(glueBrowser, thread, $"{thread}/helpers", new() { ["username"] = "vh_helper" });
        await FormAsync(helperBrowser, "/settings/profile", "/settings/profile/skills", new() { ["canHelpWith"] = "not ok!", ["interestedIn"] = "" });

        await HtmlValidator.AssertValidAsync(_pages);
    }

    /// <summary>Ways to help, the Needs and Offers pages, a need and an offer (open, closed, deleted), their forms and errors; a glue-er's matches.</summary>
    private async Task NeedsAndOffersPagesAsync(Browserless anonymous, Browserless member, Browserless admin, Member amina, Member rosa)
    {
        await node.CreateMemberAsync("vh_needs_glue", "correct horse battery", Role.GlueEr, Role.Member);
        using var glue = await node.SignedInBrowserAsync("vh_needs_glue");
        var proposals = node.Service<OurSociety.Core.Needs.ProposalService>();
        var need = await proposals.CreateAsync(amina.Id, OurSociety.Core.Needs.ProposalKind.Need, new OurSociety.Core.Needs.ProposalInput(
            "A van on Saturdays", "For the **seed swap**.", ["seeds", "transport"], "Leeds", "2 hours a week", "2027-01-31", "equipment"), Ct) is Outcome<OurSociety.Core.Needs.Proposal>.Ok(var n) ? n.Id : throw new InvalidOperationException("No need");
        var offer = await proposals.CreateAsync(rosa.Id, OurSociety.Core.Needs.ProposalKind.Offer, new OurSociety.Core.Needs.ProposalInput(
            "A van, most Saturdays", null, ["transport"], "Leeds", null, null, "equipment"), Ct) is Outcome<OurSociety.Core.Needs.Proposal>.Ok(var o) ? o.Id : throw new InvalidOperationException("No offer");
        var closed = await proposals.CreateAsync(amina.Id, OurSociety.Core.Needs.ProposalKind.Need, new OurSociety.Core.Needs.ProposalInput(
            "Seed packets", null, null, null, null, null, null), Ct) is Outcome<OurSociety.Core.Needs.Proposal>.Ok(var c) ? c.Id : throw new InvalidOperationException("No need");
        await proposals.CloseAsync(amina.Id, OurSociety.Core.Needs.ProposalKind.Need, closed, Ct);
        var gone = await proposals.CreateAsync(amina.Id, OurSociety.Core.Needs.ProposalKind.Offer, new OurSociety.Core.Needs.ProposalInput(
            "Gone soon", null, null, null, null, null, null), Ct) is Outcome<OurSociety.Core.Needs.Proposal>.Ok(var g) ? g.Id : throw new InvalidOperationException("No offer");
        await proposals.DeleteAsync(amina.Id, OurSociety.Core.Needs.ProposalKind.Offer, gone, Ct);

        foreach (var path in new[]
                 {
                     "/ways-to-help", "/ways-to-help?topic=nothing&locality=Nowhere", "/needs", "/offers", "/needs?source=network",
                     "/needs?source=bogus", $"/needs/{need:D}", $"/offers/{offer:D}", $"/needs/{closed:D}", $"/offers/{gone:D}",
                     $"/needs/{Guid.CreateVersion7():D}", "/ways-to-help?lang=cy", "/ways-to-help?lang=ar", "/search?q=van",
                 })
        {
            await PageAsync(anonymous, path);
        }

        foreach (var path in new[] { "/ways-to-help", "/needs/new", "/offers/new", $"/needs/{need:D}", $"/needs/{need:D}/edit", $"/needs/{need:D}/delete", $"/offers/{offer:D}/edit" })
        {
            await PageAsync(member, path);
        }

        await FormAsync(member, "/needs/new", "/needs/new", new() { ["title"] = "", ["ends"] = "2020-01-01", ["topics"] = "two words!" });
        await FormAsync(member, $"/needs/{need:D}/edit", $"/needs/{need:D}/edit", new() { ["title"] = new string('x', 300) });
        await PageAsync(admin, "/offers/new");
        await PageAsync(glue, "/needs");
        await PageAsync(glue, $"/needs/{need:D}");
        await PageAsync(glue, "/ways-to-help?lang=ar");
    }

    private const string RemoteActorId = "https://far.example/users/ana";

    /// <summary>The audit log, empty and then with an entry of each kind (a report link, a note, an unknown action).</summary>
    private async Task AuditLogPagesAsync(Browserless moderator)
    {
        await PageAsync(moderator, "/admin/audit-log (empty)", "/admin/audit-log");
        foreach (var (action, report) in new[] { ("suspend", (Guid?)Guid.CreateVersion7()), ("some-future-action", null) })
        {
            var entry = new OurSociety.Core.Moderation.ModerationEntry(Guid.CreateVersion7(), node.Time.GetUtcNow(), null, "vh_admin", action,
                "remote-account", "https://elsewhere.example/users/x", "@x@elsewhere.example", "Spam", "Seen before", report);
            await node.WriteAsync(tx => node.Service<OurSociety.Core.Moderation.IModerationLogStore>().AddAsync(entry, tx, Ct));
        }

        await PageAsync(moderator, "/admin/audit-log");
        await PageAsync(moderator, "/admin/audit-log?lang=ar");
    }

    /// <summary>The queue of posts sent to the hub: empty, then with a waiting one (title, text as safe HTML, pictures described or not), in each state and in Arabic.</summary>
    private async Task HubSubmissionPagesAsync(Browserless moderator)
    {
        await PageAsync(moderator, "/admin/hub-submissions (empty)", "/admin/hub-submissions");
        var submission = new OurSociety.Core.Hubs.HubSubmission(Guid.CreateVersion7(), "https://elsewhere.example/notes/1", "https://elsewhere.example/users/x",
            "https://elsewhere.example/@x/1", "A repair café", "Bring a kettle <b>that needs</b> fixing.",
            new System.Text.Json.Nodes.JsonObject
            {
                ["id"] = "https://elsewhere.example/notes/1",
                ["type"] = "Note",
                ["content"] = "<p>Bring a kettle <b>that needs</b> fixing.</p><h1>Big</h1>",
                ["attachment"] = new System.Text.Json.Nodes.JsonArray(
                    new System.Text.Json.Nodes.JsonObject { ["type"] = "Image", ["mediaType"] = "image/jpeg", ["url"] = "https://elsewhere.example/1.jpg", ["name"] = "A broken kettle" },
                    new System.Text.Json.Nodes.JsonObject { ["type"] = "Image", ["url"] = "https://elsewhere.example/2.jpg" }),
            }.ToJsonString(),
            "{}",
            OurSociety.Core.Hubs.HubSubmissionState.Waiting, node.Time.GetUtcNow(), null, null);
        await node.WriteAsync(tx => node.Service<OurSociety.Core.Hubs.IHubSubmissionStore>().AddAsync(submission, tx, Ct));
        foreach (var path in new[] { "/admin/hub-submissions", "/admin/hub-submissions?state=approved", "/admin/hub-submissions?state=declined", "/admin/hub-submissions?lang=ar" })
        {
            await PageAsync(moderator, path);
        }
    }

    private async Task PageAsync(Browserless browser, string label, string path)
    {
        var response = await browser.Client.GetAsync(path, Ct);
        await KeepAsync($"GET {label}", response);
    }

    /// <summary>Fetches a page and keeps it for the validator; any answer but a server error is a page to check.</summary>
    private async Task PageAsync(Browserless browser, string path)
    {
        var response = await browser.Client.GetAsync(path, Ct);
        await KeepAsync($"GET {path}", response);
    }

    private async Task FormAsync(Browserless browser, string pageUrl, string action, Dictionary<string, string> fields)
    {
        var response = await browser.SubmitAsync(pageUrl, action, fields);
        await KeepAsync($"POST {action}", response);
    }

    private async Task MultipartFormAsync(Browserless browser, string pageUrl, string action, Dictionary<string, string> fields)
    {
        var response = await browser.PostMultipartAsync(pageUrl, action, fields);
        await KeepAsync($"POST {action} ({string.Join(", ", fields.Select(f => $"{f.Key}={f.Value}"))})", response);
    }

    private async Task KeepAsync(string request, HttpResponseMessage response)
    {
        using (response)
        {
            Assert.True((int)response.StatusCode < 500, $"{request} answered {(int)response.StatusCode}");
            if (response.Content.Headers.ContentType?.MediaType != "text/html")
            {
                Assert.True(response.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.Found or HttpStatusCode.SeeOther,
                    $"{request} answered {(int)response.StatusCode} {response.Content.Headers.ContentType} instead of a page");
                return;
            }

            _pages.Add(new HtmlValidator.Page($"{request} → {(int)response.StatusCode}", await response.Content.ReadAsStringAsync(Ct)));
        }
    }

    /// <summary>A story received from another hub, and the account it came from (also followed, and following back).</summary>
    /// <summary>The hub the received story came through (its audience): a Group with a locality, as /network shows it.</summary>
    private const string RemoteHubId = "https://far.example/groups/porto";

    private async Task<Guid> ReceivedAsync()
    {
        var now = node.Time.GetUtcNow();
        await node.Service<IRemoteActorStore>().UpsertAsync(new RemoteActor(
            RemoteHubId, "Group", "porto", "far.example", "Porto Hub", RemoteHubId + "/inbox", null, "https://far.example/c/porto", null, null, null,
            false, "{}", now)
        { Locality = "Porto" }, Ct);
        await node.Service<IRemoteActorStore>().UpsertAsync(new RemoteActor(
            RemoteActorId, "Person", "ana", "far.example", "Ana Silva", RemoteActorId + "/inbox", null, "https://far.example/@ana", null, null, null,
            false, "{}", now), Ct);
        var id = Guid.CreateVersion7(now);
        await node.WriteAsync(async tx =>
        {
            await node.Service<IPostStore>().AddAsync(new Post
            {
                Id = id,
                Kind = PostKind.Story,
                RemoteAuthor = RemoteActorId,
                ApId = $"https://far.example/objects/{id:N}",
                Url = $"https://far.example/@ana/{id:N}",
                Format = TextFormat.Html,
                Title = "Seed library in Porto",
                Hub = RemoteHubId,
                Body = "<p>Shared from <strong>far away</strong>.</p>",
                Topics = ["seeds"],
                CreatedAt = now,
                PublishedAt = now,
            }, tx, Ct);
            var follows = node.Service<IFollowStore>();
            await follows.PutAsync(new Follow(Guid.CreateVersion7(now), "vh_amina", RemoteActorId, FollowDirection.Out, FollowState.Accepted,
                "https://localhost/activities/1", now, now), tx, Ct);
            await follows.PutAsync(new Follow(Guid.CreateVersion7(now), "vh_amina", RemoteActorId, FollowDirection.In, FollowState.Pending,
                "https://far.example/activities/2", now, null), tx, Ct);
        });
        return id;
    }
}
