using System.Net;
using OurSociety.Core.Hubs;
using OurSociety.Core.Members;
using OurSociety.Testing;

namespace OurSociety.Web.Tests.Hub;

/// <summary><c>/about</c> and the rules at sign-up.</summary>
public sealed class AboutPageTests : IAsyncLifetime
{
    private readonly NodeFactory _node = new NodeFactory()
        .With("OurSociety:Registrations", "open")
        .With("OurSociety:Hub:Name", "Riverside Menders")
        .With("OurSociety:Hub:Locality", "Riverside")
        .With("OurSociety:Hub:Description", "We fix things together on Tuesdays.");

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync() => await _node.DisposeAsync();

    [Fact]
    public async Task About_ShowsTheHubItsRulesWhoToContactAndHowToJoinOrFollow()
    {
        var admin = await _node.CreateMemberAsync("about_admin", "correct horse battery", Role.Admin, Role.Member);
        await _node.Service<MemberService>().UpdateProfileAsync(admin.Id, "Rosa Admin", "", "", Ct);
        await _node.CreateMemberAsync("about_mod", "correct horse battery", Role.Moderator, Role.Member);
        await _node.CreateMemberAsync("about_member");
        await _node.Service<HubIdentity>().SaveAsync(
            new HubChange("Riverside Menders", "Riverside", "We fix things together on Tuesdays.", "1. Be kind.\n2. **No** adverts.\n\n<script>alert(1)</script>", ""),
            admin.Id, Ct);

        using var visitor = new Browserless(_node);
        var (status, html) = await visitor.GetAsync("/about");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("<h1>About Riverside Menders</h1>", html, StringComparison.Ordinal);
        Assert.Contains("<p class=\"locality\">Riverside</p>", html, StringComparison.Ordinal);
        Assert.Contains("We fix things together on Tuesdays.", html, StringComparison.Ordinal);
        Assert.Contains("3 members", html, StringComparison.Ordinal);
        Assert.Contains("<h2 id=\"rules\">Rules</h2>", html, StringComparison.Ordinal);
        Assert.Contains("<strong>No</strong> adverts", html, StringComparison.Ordinal);   // Markdown, through the safe pipeline
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("<li><a href=\"/@about_admin\">Rosa Admin</a>, admin</li>", html, StringComparison.Ordinal);
        Assert.Contains("<li><a href=\"/@about_mod\">about_mod</a>, moderator</li>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("about_member", html, StringComparison.Ordinal);
        Assert.Contains("Anyone can join this hub.", html, StringComparison.Ordinal);
        Assert.Contains("<a class=\"button\" href=\"/signup\">Join the hub</a>", html, StringComparison.Ordinal);
        Assert.Contains("by searching there for <code>@hub@localhost</code>.", html, StringComparison.Ordinal);
        Assert.Contains("<a href=\"/@hub\">", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task About_LinkedFromTheHomePageAndEveryFooter_AndSaysWhenThereAreNoRules()
    {
        using var visitor = new Browserless(_node);
        var (_, home) = await visitor.GetAsync("/");
        var (_, about) = await visitor.GetAsync("/about");
        var (_, signIn) = await visitor.GetAsync("/signin");

        Assert.Equal(2, home.Split("<a href=\"/about\">", StringSplitOptions.None).Length - 1);   // the hub section and the footer
        Assert.Contains("<a href=\"/about\">", signIn, StringComparison.Ordinal);
        Assert.Contains("This hub has not written down its rules yet.", about, StringComparison.Ordinal);
        Assert.Contains("Nobody looks after this hub yet.", about, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SignUp_ShowsTheRulesAndThatJoiningAgreesToThem()
    {
        var admin = await _node.CreateMemberAsync("signup_admin", "correct horse battery", Role.Admin, Role.Member);
        using var visitor = new Browserless(_node);
        Assert.DoesNotContain("hub-rules", (await visitor.GetAsync("/signup")).Html, StringComparison.Ordinal);   // no rules yet

        await _node.Service<HubIdentity>().SaveAsync(
            new HubChange("Riverside Menders", "Riverside", "We fix things together on Tuesdays.", "Be *kind* to each other.", ""), admin.Id, Ct);
        var (status, html) = await visitor.GetAsync("/signup");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("<summary>Read the hub&#x27;s rules</summary>", html, StringComparison.Ordinal);
        Assert.Contains("Be <em>kind</em> to each other.", html, StringComparison.Ordinal);
        Assert.Contains("By joining you agree to the <a href=\"/about#rules\">hub&#x27;s rules</a>.", html, StringComparison.Ordinal);
    }
}
