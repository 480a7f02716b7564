using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using OurSociety.Federation.Http;

namespace OurSociety.Web.Tests.Federation.Http;

public sealed class ApFetcherTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static string Note(Uri id) => $$"""{"@context":"https://www.w3.org/ns/activitystreams","id":"{{id}}","type":"Note","content":"hi"}""";

    /// <summary>A server whose <c>/notes/{name}</c> answer with a Note whose id <paramref name="idFor"/> picks.</summary>
    private static async Task<Remote> NotesAsync(Func<Remote, string, Uri> idFor, string contentType = "application/activity+json")
    {
        Remote? self = null;
        return self = await Remote.StartAsync(app =>
            app.MapGet("/notes/{name}", (string name) => Remote.Json(Note(idFor(self!, name)), contentType)));
    }

    [Fact]
    public async Task Get_ActivityJson_DocumentWithItsId()
    {
        await using var remote = await NotesAsync((r, name) => r.Url($"/notes/{name}"));
        using var outbound = new Outbound([remote.Origin]);

        var ok = Assert.IsType<FetchResult.Ok>(await outbound.Fetcher.GetAsync(remote.Url("/notes/a"), Ct));

        Assert.Equal(remote.Url("/notes/a"), ok.Id);
        Assert.Equal("Note", ok.Document.Type);
    }

    [Fact]
    public async Task Get_LdJsonWithActivityStreamsProfile_Accepted()
    {
        await using var remote = await NotesAsync((r, name) => r.Url($"/notes/{name}"),
            "application/ld+json; profile=\"https://www.w3.org/ns/activitystreams\"");
        using var outbound = new Outbound([remote.Origin]);

        Assert.IsType<FetchResult.Ok>(await outbound.Fetcher.GetAsync(remote.Url("/notes/a"), Ct));
    }

    [Theory]
    [InlineData("application/json")]
    [InlineData("text/html")]
    [InlineData("application/ld+json")]
    [InlineData("application/ld+json; profile=\"https://example.org/other\"")]
    [InlineData("text/plain")]
    public async Task Get_NotActivityPubMediaType_Refused(string contentType)
    {
        await using var remote = await NotesAsync((r, name) => r.Url($"/notes/{name}"), contentType);
        using var outbound = new Outbound([remote.Origin]);

        var refused = Assert.IsType<FetchResult.Refused>(await outbound.Fetcher.GetAsync(remote.Url("/notes/a"), Ct));

        Assert.Contains("not ActivityPub JSON", refused.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_AnyRequest_SignedAndAsksForActivityPub()
    {
        await using var remote = await Remote.StartAsync(app => app.MapGet("/x", () => Results.NotFound()));
        using var outbound = new Outbound([remote.Origin]);

        await outbound.Fetcher.GetAsync(remote.Url("/x"), Ct);

        var seen = Assert.Single(remote.Requests);
        Assert.Equal("application/activity+json, application/ld+json; profile=\"https://www.w3.org/ns/activitystreams\"", seen.Header("Accept"));
        Assert.Equal("Cavage", seen.Header("X-Test-Signature"));
    }

    [Fact]
    public async Task Get_401ForCavage_RetriedWithRfc9421AndRememberedForTheOrigin()
    {
        await using var remote = await Remote.StartAsync(app => app.MapGet("/x", (HttpContext c) =>
            c.Request.Headers["X-Test-Signature"] == "Rfc9421" ? Results.NotFound() : Results.Unauthorized()));
        using var outbound = new Outbound([remote.Origin]);

        Assert.IsType<FetchResult.NotFound>(await outbound.Fetcher.GetAsync(remote.Url("/x"), Ct));
        Assert.IsType<FetchResult.NotFound>(await outbound.Fetcher.GetAsync(remote.Url("/x"), Ct));

        Assert.Equal(["Cavage", "Rfc9421", "Rfc9421"], remote.Requests.Select(r => r.Header("X-Test-Signature")));
    }

    [Fact]
    public async Task Get_401ForBoth_FailedWith401()
    {
        await using var remote = await Remote.StartAsync(app => app.MapGet("/x", () => Results.Unauthorized()));
        using var outbound = new Outbound([remote.Origin]);

        var failed = Assert.IsType<FetchResult.Failed>(await outbound.Fetcher.GetAsync(remote.Url("/x"), Ct));

        Assert.Equal(401, failed.Status);
        Assert.Equal(2, remote.Requests.Count);
    }

    [Fact]
    public async Task Get_404_NotFound()
    {
        await using var remote = await Remote.StartAsync(app => app.MapGet("/x", () => Results.NotFound()));
        using var outbound = new Outbound([remote.Origin]);

        Assert.IsType<FetchResult.NotFound>(await outbound.Fetcher.GetAsync(remote.Url("/x"), Ct));
    }

    [Fact]
    public async Task Get_410_Gone()
    {
        await using var remote = await Remote.StartAsync(app => app.MapGet("/x", () => Results.StatusCode(410)));
        using var outbound = new Outbound([remote.Origin]);

        Assert.IsType<FetchResult.Gone>(await outbound.Fetcher.GetAsync(remote.Url("/x"), Ct));
    }

    [Fact]
    public async Task Get_500_FailedWithStatus()
    {
        await using var remote = await Remote.StartAsync(app => app.MapGet("/x", () => Results.StatusCode(500)));
        using var outbound = new Outbound([remote.Origin]);

        Assert.Equal(500, Assert.IsType<FetchResult.Failed>(await outbound.Fetcher.GetAsync(remote.Url("/x"), Ct)).Status);
    }

    [Fact]
    public async Task Get_PrivateAddressNotListed_Refused()
    {
        await using var remote = await NotesAsync((r, name) => r.Url($"/notes/{name}"));
        using var outbound = new Outbound();

        Assert.IsType<FetchResult.Refused>(await outbound.Fetcher.GetAsync(new Uri($"https://127.0.0.1:{remote.Port}/notes/a"), Ct));
        Assert.Empty(remote.Requests);
    }

    [Fact]
    public async Task Get_OversizeDocument_Refused()
    {
        await using var remote = await Remote.StartAsync(app =>
            app.MapGet("/x", () => Results.Bytes(new byte[(1024 * 1024) + 10], "application/activity+json")));
        using var outbound = new Outbound([remote.Origin]);

        Assert.IsType<FetchResult.Refused>(await outbound.Fetcher.GetAsync(remote.Url("/x"), Ct));
    }

    [Fact]
    public async Task Get_NotJson_Refused()
    {
        await using var remote = await Remote.StartAsync(app => app.MapGet("/x", () => Remote.Json("<html>")));
        using var outbound = new Outbound([remote.Origin]);

        Assert.IsType<FetchResult.Refused>(await outbound.Fetcher.GetAsync(remote.Url("/x"), Ct));
    }

    [Fact]
    public async Task Get_IdOnAnotherServer_RefusedWithoutFetchingIt()
    {
        await using var victim = await NotesAsync((r, name) => r.Url($"/notes/{name}"));
        await using var liar = await NotesAsync((_, name) => victim.Url($"/notes/{name}"));
        using var outbound = new Outbound([victim.Origin, liar.Origin]);

        var refused = Assert.IsType<FetchResult.Refused>(await outbound.Fetcher.GetAsync(liar.Url("/notes/a"), Ct));

        Assert.Contains("id", refused.Reason, StringComparison.Ordinal);
        Assert.Empty(victim.Requests);
    }

    [Fact]
    public async Task Get_IdOnSameServer_FetchedAgainByItsId()
    {
        Remote? self = null;
        await using var remote = self = await Remote.StartAsync(app =>
        {
            app.MapGet("/@alice", () => Remote.Json(Note(self!.Url("/users/alice"))));
            app.MapGet("/users/alice", () => Remote.Json(Note(self!.Url("/users/alice"))));
        });
        using var outbound = new Outbound([remote.Origin]);

        var ok = Assert.IsType<FetchResult.Ok>(await outbound.Fetcher.GetAsync(remote.Url("/@alice"), Ct));

        Assert.Equal(remote.Url("/users/alice"), ok.Id);
        Assert.Equal(["/@alice", "/users/alice"], remote.Requests.Select(r => r.PathAndQuery));
    }

    [Fact]
    public async Task Get_IdOnSameServerThatDisownsIt_Refused()
    {
        Remote? self = null;
        await using var remote = self = await Remote.StartAsync(app =>
        {
            app.MapGet("/a", () => Remote.Json(Note(self!.Url("/b"))));
            app.MapGet("/b", () => Remote.Json(Note(self!.Url("/c"))));
        });
        using var outbound = new Outbound([remote.Origin]);

        Assert.IsType<FetchResult.Refused>(await outbound.Fetcher.GetAsync(remote.Url("/a"), Ct));
        Assert.Equal(2, remote.Requests.Count);   // refetched once, not chased further
    }

    [Fact]
    public async Task Get_RedirectToAnotherServerClaimingTheRequestedId_Refused()
    {
        await using var origin = await Remote.StartAsync(_ => { });
        Remote? self = null;
        await using var other = self = await Remote.StartAsync(app =>
            app.MapGet("/notes/a", () => Remote.Json(Note(origin.Url("/notes/a")))));
        await using var redirector = await Remote.StartAsync(app =>
            app.MapGet("/notes/a", () => Results.Redirect(self!.Url("/notes/a").ToString())));
        using var outbound = new Outbound([origin.Origin, other.Origin, redirector.Origin]);

        // The redirector's own URL, answered by a server that is not the id's: neither vouches for the id.
        var refused = Assert.IsType<FetchResult.Refused>(await outbound.Fetcher.GetAsync(redirector.Url("/notes/a"), Ct));

        Assert.Contains("id", refused.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_RedirectToAnotherServerServingTheRequestedId_Refused()
    {
        Remote? redirectorRef = null;
        await using var other = await Remote.StartAsync(app =>
            app.MapGet("/notes/a", () => Remote.Json(Note(redirectorRef!.Url("/notes/a")))));
        await using var redirector = redirectorRef = await Remote.StartAsync(app =>
            app.MapGet("/notes/a", () => Results.Redirect(other.Url("/notes/a").ToString())));
        using var outbound = new Outbound([other.Origin, redirector.Origin]);

        var refused = Assert.IsType<FetchResult.Refused>(await outbound.Fetcher.GetAsync(redirector.Url("/notes/a"), Ct));

        Assert.Contains("another host", refused.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_KeyIdWithFragment_FetchedWithoutIt()
    {
        await using var remote = await NotesAsync((r, name) => r.Url($"/notes/{name}"));
        using var outbound = new Outbound([remote.Origin]);

        var ok = Assert.IsType<FetchResult.Ok>(await outbound.Fetcher.GetAsync(remote.Url("/notes/alice#main-key"), Ct));

        Assert.Equal(remote.Url("/notes/alice"), ok.Id);
    }
}
