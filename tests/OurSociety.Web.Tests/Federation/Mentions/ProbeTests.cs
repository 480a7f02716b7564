using OurSociety.Core.Posts;
using OurSociety.Federation.Follows;
using OurSociety.Testing;
using OurSociety.Web.Tests.Federation.Posts;

namespace OurSociety.Web.Tests.Federation.Mentions;

public sealed class ProbeTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Probe()
    {
        await using var network = new FederationNetwork();
        var a = network.AddNode("http://a.test");
        var b = network.AddNode("http://b.test");
        var alice = await a.CreateMemberAsync("alice");
        var bob = await b.CreateMemberAsync("bob");
        PostNetwork.Ok(await a.Service<FollowService>().FollowAsync("alice", "http://b.test/users/bob", Ct));
        await network.DrainAsync();
        var story = await b.StoryAsync(bob.Id, "Van");
        await network.DrainAsync();
        var copy = (await a.FindAsync($"http://b.test/stories/{story.Id}"))!;
        var reply = PostNetwork.Ok(await a.Service<PostService>().ReplyAsync(alice.Id, copy, new ReplyInput("@bob@b.test thanks for the van.", null), Ct));
        await network.DrainAsync();
        var there = (await b.FindAsync($"http://a.test/replies/{reply.Id}"))!;
        var o = TestContext.Current.TestOutputHelper!;
        o.WriteLine("B body: " + there.Body);
        foreach (var (node, path) in new[] { (a, $"/replies/{reply.Id}"), (a, $"/stories/{copy.Id}"), (b, $"/stories/{story.Id}"), (b, $"/replies/{there.Id}") })
        {
            using var client = node.CreateClient();
            var page = await client.GetStringAsync(path, Ct);
            var i = page.IndexOf("thanks for", StringComparison.Ordinal);
            o.WriteLine(path + ": " + (i < 0 ? "(none)" : page[Math.Max(0, i - 700)..(i + 50)]));
        }

        Assert.Fail("probe");
    }
}
