using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using OurSociety.ActivityPub.Discovery;
using OurSociety.Federation.Http;

namespace OurSociety.Web.Tests.Federation.Http;

public sealed class WebFingerClientTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static Handle Alice(Remote remote) => new("alice", $"127.0.0.1:{remote.Port}");

    private static string Jrd(Remote remote, params string[] links) =>
        $$"""{"subject":"acct:alice@127.0.0.1:{{remote.Port}}","links":[{{string.Join(",", links)}}]}""";

    [Fact]
    public async Task Resolve_SelfLink_ActorId()
    {
        Remote? self = null;
        await using var remote = self = await Remote.StartAsync(app => app.MapGet("/.well-known/webfinger", () => Remote.Json(Jrd(self!,
            $$"""{"rel":"http://webfinger.net/rel/profile-page","type":"text/html","href":"{{self!.Origin}}@alice"}""",
            $$"""{"rel":"self","type":"application/activity+json","href":"{{self.Origin}}users/alice"}"""), "application/jrd+json")));
        using var outbound = new Outbound([remote.Origin]);

        var result = await outbound.WebFinger.ResolveAsync(Alice(remote), Ct);

        var found = Assert.IsType<WebFingerResult.Found>(result);
        Assert.Equal(remote.Url("/users/alice"), found.ActorId);
        Assert.Equal($"acct:alice@127.0.0.1:{remote.Port}", found.Subject);
        var seen = Assert.Single(remote.Requests);
        Assert.Equal($"/.well-known/webfinger?resource=acct%3Aalice%40127.0.0.1%3A{remote.Port}", seen.PathAndQuery);
        Assert.Equal("application/jrd+json, application/json", seen.Header("Accept"));
    }

    [Fact]
    public async Task Resolve_LdJsonSelfAfterHtmlSelf_LdJsonChosen()
    {
        Remote? self = null;
        await using var remote = self = await Remote.StartAsync(app => app.MapGet("/.well-known/webfinger", () => Remote.Json(Jrd(self!,
            $$"""{"rel":"self","type":"text/html","href":"{{self!.Origin}}@alice"}""",
            $$"""{"rel":"self","type":"application/ld+json; profile=\"https://www.w3.org/ns/activitystreams\"","href":"{{self.Origin}}ap/alice"}"""),
            "application/json")));
        using var outbound = new Outbound([remote.Origin]);

        var found = Assert.IsType<WebFingerResult.Found>(await outbound.WebFinger.ResolveAsync(Alice(remote), Ct));

        Assert.Equal(remote.Url("/ap/alice"), found.ActorId);
    }

    [Fact]
    public async Task Resolve_WebFinger404_HostMetaTemplateUsed()
    {
        Remote? self = null;
        await using var remote = self = await Remote.StartAsync(app =>
        {
            app.MapGet("/.well-known/webfinger", () => Results.NotFound());
            app.MapGet("/.well-known/host-meta", () => Results.Text(
                $$"""<?xml version="1.0" encoding="UTF-8"?><XRD xmlns="http://docs.oasis-open.org/ns/xri/xrd-1.0"><Link rel="lrdd" template="{{self!.Origin}}wf?q={uri}"/></XRD>""",
                "application/xrd+xml"));
            app.MapGet("/wf", () => Remote.Json(Jrd(self!, $$"""{"rel":"self","type":"application/activity+json","href":"{{self!.Origin}}u/alice"}"""), "application/jrd+json"));
        });
        using var outbound = new Outbound([remote.Origin]);

        var found = Assert.IsType<WebFingerResult.Found>(await outbound.WebFinger.ResolveAsync(Alice(remote), Ct));

        Assert.Equal(remote.Url("/u/alice"), found.ActorId);
        Assert.Equal(
            ["/.well-known/webfinger", "/.well-known/host-meta", "/wf"],
            remote.Requests.Select(r => r.PathAndQuery.Split('?')[0]));
        Assert.Equal($"/wf?q=acct%3Aalice%40127.0.0.1%3A{remote.Port}", remote.Requests.Last().PathAndQuery);
    }

    [Fact]
    public async Task Resolve_404AndNoHostMeta_NotFound()
    {
        await using var remote = await Remote.StartAsync(app => app.MapGet("/.well-known/webfinger", () => Results.NotFound()));
        using var outbound = new Outbound([remote.Origin]);

        Assert.IsType<WebFingerResult.NotFound>(await outbound.WebFinger.ResolveAsync(Alice(remote), Ct));
    }

    [Fact]
    public async Task Resolve_HostMetaWithDtd_NotFoundWithoutExpanding()
    {
        await using var remote = await Remote.StartAsync(app =>
        {
            app.MapGet("/.well-known/webfinger", () => Results.NotFound());
            app.MapGet("/.well-known/host-meta", () => Results.Text(
                """<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><XRD xmlns="http://docs.oasis-open.org/ns/xri/xrd-1.0"><Link rel="lrdd" template="&e;{uri}"/></XRD>""",
                "application/xrd+xml"));
        });
        using var outbound = new Outbound([remote.Origin]);

        Assert.IsType<WebFingerResult.NotFound>(await outbound.WebFinger.ResolveAsync(Alice(remote), Ct));
        Assert.Equal(2, remote.Requests.Count);
    }

    [Fact]
    public async Task Resolve_410_Gone()
    {
        await using var remote = await Remote.StartAsync(app => app.MapGet("/.well-known/webfinger", () => Results.StatusCode(410)));
        using var outbound = new Outbound([remote.Origin]);

        Assert.IsType<WebFingerResult.Gone>(await outbound.WebFinger.ResolveAsync(Alice(remote), Ct));
        Assert.Single(remote.Requests);   // no host-meta fallback after a 410
    }

    [Theory]
    [InlineData("""{"subject":"acct:alice@x","links":[{"rel":"http://webfinger.net/rel/profile-page","type":"text/html","href":"https://x/@alice"}]}""")]
    [InlineData("""{"subject":"acct:alice@x","links":[{"rel":"self","type":"application/json","href":"https://x/users/alice"}]}""")]
    [InlineData("""{"subject":"acct:alice@x","links":[{"rel":"self","type":"application/activity+json","href":"ftp://x/users/alice"}]}""")]
    [InlineData("""{"links":[{"rel":"self","type":"application/activity+json","href":"https://x/users/alice"}]}""")]
    [InlineData("""[1,2]""")]
    [InlineData("""not json""")]
    public async Task Resolve_NoUsableSelfLink_Refused(string jrd)
    {
        await using var remote = await Remote.StartAsync(app => app.MapGet("/.well-known/webfinger", () => Remote.Json(jrd, "application/jrd+json")));
        using var outbound = new Outbound([remote.Origin]);

        Assert.IsType<WebFingerResult.Refused>(await outbound.WebFinger.ResolveAsync(Alice(remote), Ct));
    }

    [Fact]
    public async Task Resolve_AllowPrivateAddresses_PlainHttpServerFound()
    {
        // Issue 10: the README says AllowPrivateAddresses allows plain http, but WebFinger only ever asked over https.
        Remote? self = null;
        await using var remote = self = await Remote.StartAsync(app => app.MapGet("/.well-known/webfinger", () => Remote.Json(Jrd(self!,
            $$"""{"rel":"self","type":"application/activity+json","href":"{{self!.Origin}}users/alice"}"""), "application/jrd+json")));
        using var outbound = new Outbound(allowPrivate: true);

        var found = Assert.IsType<WebFingerResult.Found>(await outbound.WebFinger.ResolveAsync(Alice(remote), Ct));

        Assert.Equal(remote.Url("/users/alice"), found.ActorId);
        Assert.Equal($"/.well-known/webfinger?resource=acct%3Aalice%40127.0.0.1%3A{remote.Port}", Assert.Single(remote.Requests).PathAndQuery);
    }

    [Fact]
    public async Task Resolve_UnlistedHost_HttpsToLoopbackRefused()
    {
        await using var remote = await Remote.StartAsync(app => app.MapGet("/.well-known/webfinger", () => Results.NotFound()));
        using var outbound = new Outbound();

        var refused = Assert.IsType<WebFingerResult.Refused>(await outbound.WebFinger.ResolveAsync(Alice(remote), Ct));

        Assert.Contains("not a public address", refused.Reason, StringComparison.Ordinal);
        Assert.Empty(remote.Requests);
    }

    [Fact]
    public async Task Resolve_OversizeAnswer_Refused()
    {
        await using var remote = await Remote.StartAsync(app =>
            app.MapGet("/.well-known/webfinger", () => Results.Bytes(new byte[2 * 1024 * 1024], "application/jrd+json")));
        using var outbound = new Outbound([remote.Origin]);

        Assert.IsType<WebFingerResult.Refused>(await outbound.WebFinger.ResolveAsync(Alice(remote), Ct));
    }

    [Fact]
    public async Task Resolve_ServerError_Failed()
    {
        await using var remote = await Remote.StartAsync(app => app.MapGet("/.well-known/webfinger", () => Results.StatusCode(503)));
        using var outbound = new Outbound([remote.Origin]);

        var failed = Assert.IsType<WebFingerResult.Failed>(await outbound.WebFinger.ResolveAsync(Alice(remote), Ct));

        Assert.Equal(503, failed.Status);
    }
}
