using System.Net;
using System.Text.Json.Nodes;
using OurSociety.Core.Federation;
using OurSociety.Core.Members;
using OurSociety.Testing;

namespace OurSociety.Web.Tests.Federation;

/// <summary>Followers hear about a member's profile changes and account deletion.</summary>
public sealed class ActorLifecycleTests : IAsyncLifetime
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private readonly FederationNetwork _network = new();
    private readonly FakeRemoteServer _remote = new("http://remote.test");
    private NodeFactory _node = null!;
    private Member _amira = null!;

    public async ValueTask InitializeAsync()
    {
        _node = _network.AddNode("http://a.test");
        _network.Serve("remote.test", _remote);
        _remote.AddActor("kim");
        _amira = await _node.CreateMemberAsync("amira", "correct horse battery");
        using var client = _node.CreateClient(new() { BaseAddress = new Uri("http://a.test") });
        var follow = new JsonObject
        {
            ["id"] = "http://remote.test/activities/f1",
            ["type"] = "Follow",
            ["actor"] = _remote.ActorId("kim"),
            ["object"] = "http://a.test/users/amira",
        }.ToJsonString();
        using var response = await _remote.PostAsync(client, "http://a.test/inbox", "kim", follow);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        await _network.DrainAsync();
        Assert.NotNull(await _node.Service<IFollowStore>().FindAsync("amira", _remote.ActorId("kim"), FollowDirection.In, Ct));
    }

    public async ValueTask DisposeAsync()
    {
        await _network.DisposeAsync();
        _remote.Dispose();
    }

    [Fact]
    public async Task ProfileChange_SendsUpdateOfThePersonToFollowers()
    {
        await _node.Service<MemberService>().UpdateProfileAsync(_amira.Id, "Amira K.", "Food bank volunteer", null, Ct);

        await _network.DrainAsync();
        var update = Assert.Single(_remote.Received, a => (string?)a["type"] == "Update");
        Assert.Equal("Amira K.", (string?)update["object"]!["name"]);
        Assert.Equal("http://a.test/users/amira", (string?)update["object"]!["id"]);
    }

    [Fact]
    public async Task AccountDeleted_SendsDeleteOfThePerson_AndForgetsItsFollows()
    {
        await _node.Service<MemberService>().DeleteAccountAsync(_amira.Id, "correct horse battery", Ct);

        await _network.DrainAsync();
        var delete = Assert.Single(_remote.Received, a => (string?)a["type"] == "Delete");
        Assert.Equal("http://a.test/users/amira", (string?)delete["object"]);
        Assert.Null(await _node.Service<IFollowStore>().FindAsync("amira", _remote.ActorId("kim"), FollowDirection.In, Ct));
    }

    [Fact]
    public async Task DeletedAccountsUsername_IsNeverGivenOutAgain()
    {
        await _node.Service<MemberService>().DeleteAccountAsync(_amira.Id, "correct horse battery", Ct);

        var again = await _node.Service<MemberService>().CreateAsync("Amira", new HashSet<Role>(), "correct horse battery", Ct);

        Assert.IsNotType<OurSociety.Core.Outcome<(Member, string)>.Ok>(again);
    }
}
