using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using OurSociety.Federation;
using OurSociety.Federation.Actors;
using OurSociety.Testing;

namespace OurSociety.Web.Tests.Federation.Http;

/// <summary>The node as composed in Program.cs: its document fetcher goes through the guard, signed by the instance actor.</summary>
public sealed class NodeFetchTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task FetchDocument_ListedOrigin_SignedByInstanceActorAndChecked()
    {
        Remote? self = null;
        await using var remote = self = await Remote.StartAsync(app => app.MapGet("/notes/a", () =>
            Remote.Json($$"""{"id":"{{self!.Url("/notes/a")}}","type":"Note"}""")));
        await using var node = new NodeFactory()
            .With("OurSociety:PublicUrl", "https://a.test")
            .With("OurSociety:Federation:AllowedPrivateOrigins:0", remote.Origin.ToString());

        var fetched = await node.Service<IDocumentFetcher>().FetchAsync(remote.Url("/notes/a"), Ct);

        Assert.Null(fetched.Error);
        Assert.Equal("Note", fetched.Document?.Type);
        var seen = Assert.Single(remote.Requests);
        Assert.Contains("keyId=\"https://a.test/actor#main-key\"", seen.Header("Signature"), StringComparison.Ordinal);
        Assert.StartsWith("OurSociety/", seen.Header("User-Agent"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task FetchDocument_UnlistedLoopback_RefusedWithoutRequest()
    {
        await using var remote = await Remote.StartAsync(app => app.MapGet("/notes/a", () => Results.NotFound()));
        await using var node = new NodeFactory();

        var fetched = await node.Service<IDocumentFetcher>().FetchAsync(new Uri($"https://127.0.0.1:{remote.Port}/notes/a"), Ct);

        Assert.Null(fetched.Document);
        Assert.False(fetched.Gone);
        Assert.Contains("not a public address", fetched.Error, StringComparison.Ordinal);
        Assert.Empty(remote.Requests);
    }
}
