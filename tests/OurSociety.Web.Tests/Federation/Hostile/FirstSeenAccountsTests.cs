using System.Net;
using System.Text.Json.Nodes;
using OurSociety.Core.Federation;
using OurSociety.Federation.Follows;
using OurSociety.Testing;

namespace OurSociety.Web.Tests.Federation.Hostile;

/// <summary>
/// <c>OurSociety:RateLimits:NewAccountsPerDomainPerHour</c>: the accounts of one domain never seen here share one
/// allowance an hour. A flood from many new accounts of one node is taken in up to it; the rest are answered 429 with
/// Retry-After, and their node delivers them again after the hour, so nothing is lost. Accounts already known, and
/// other domains, are not held up; unsigned or forged requests do not spend a domain's allowance.
/// </summary>
public sealed class FirstSeenAccountsTests : IAsyncLifetime
{
    private const int Allowance = 3;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private readonly FederationNetwork _network = new();
    private NodeFactory _a = null!;
    private NodeFactory _b = null!;
    private NodeFactory _c = null!;

    public async ValueTask InitializeAsync()
    {
        _a = _network.AddNode("http://a.test").With("OurSociety:RateLimits:NewAccountsPerDomainPerHour", Allowance.ToString(System.Globalization.CultureInfo.InvariantCulture));
        _b = _network.AddNode("http://b.test");
        _c = _network.AddNode("http://c.test");
        await _a.CreateMemberAsync("alice");
        for (var i = 1; i <= 5; i++)
        {
            await _b.CreateMemberAsync($"flood{i}");
        }

        await _c.CreateMemberAsync("carol");
    }

    public ValueTask DisposeAsync() => _network.DisposeAsync();

    private async Task<bool> FollowsAliceAsync(string actorId) =>
        await _a.Service<IFollowStore>().FindAsync("alice", actorId, FollowDirection.In, Ct) is not null;

    [Fact]
    public async Task FloodOfNewAccounts_TakenInUpToTheAllowance_TheRestArriveAfterTheHour()
    {
        for (var i = 1; i <= 5; i++)
        {
            Assert.IsType<OurSociety.Core.Outcome<Follow>.Ok>(await _b.Service<FollowService>().FollowAsync($"flood{i}", "http://a.test/users/alice", Ct));
        }

        await _network.DrainAsync();

        var followed = new List<bool>();
        for (var i = 1; i <= 5; i++)
        {
            followed.Add(await FollowsAliceAsync($"http://b.test/users/flood{i}"));
        }

        Assert.Equal(Allowance, followed.Count(f => f));
        Assert.Contains(_network.Log, l => l.Url.AbsoluteUri == "http://a.test/users/alice/inbox" && l.Status == 429);
        Assert.Null(await _a.Service<IRemoteActorStore>().FindAsync("http://b.test/users/flood5", Ct));   // nothing fetched for it

        // Another domain is not held up, and an account already known keeps talking (its unfollow arrives).
        Assert.IsType<OurSociety.Core.Outcome<Follow>.Ok>(await _c.Service<FollowService>().FollowAsync("carol", "http://a.test/users/alice", Ct));
        var known = (await _b.Service<IFollowStore>().FindAsync("flood1", "http://a.test/users/alice", FollowDirection.Out, Ct))!;
        await _b.Service<FollowService>().UnfollowAsync("flood1", known.Id, Ct);
        await _network.DrainAsync();
        Assert.True(await FollowsAliceAsync("http://c.test/users/carol"));
        Assert.False(await FollowsAliceAsync("http://b.test/users/flood1"));

        // After the hour the node that was told to wait delivers again, and the rest arrive.
        foreach (var node in new[] { _a, _b, _c })
        {
            node.Time.Advance(TimeSpan.FromMinutes(61));
        }

        await _network.DrainAsync();
        for (var i = 2; i <= 5; i++)
        {
            Assert.True(await FollowsAliceAsync($"http://b.test/users/flood{i}"), $"flood{i}'s follow arrived");
        }
    }

    [Fact]
    public async Task UnsignedRequestsOfNewAccounts_DoNotSpendTheirDomainsAllowance()
    {
        using var victim = new FakeRemoteServer("http://victim.test");
        _network.Serve("victim.test", victim);
        for (var i = 0; i < Allowance + 2; i++)
        {
            victim.AddActor($"v{i}");
        }

        using var client = _a.CreateClient();
        for (var i = 0; i < Allowance * 2; i++)
        {
            using var unsigned = await victim.PostAsync(client, "http://a.test/inbox", $"v{i % (Allowance + 2)}", Follow(victim, $"v{i % (Allowance + 2)}", i),
                tamper: r => r.Headers.Remove("Signature"));
            Assert.Equal(HttpStatusCode.Unauthorized, unsigned.StatusCode);
        }

        for (var i = 0; i < Allowance; i++)
        {
            using var accepted = await victim.PostAsync(client, "http://a.test/inbox", $"v{i}", Follow(victim, $"v{i}", 100 + i));
            Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        }

        using var refused = await victim.PostAsync(client, "http://a.test/inbox", $"v{Allowance}", Follow(victim, $"v{Allowance}", 200));
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal(TimeSpan.FromHours(1), refused.Headers.RetryAfter?.Delta);   // the clock stands at the start of an hour
        Assert.Contains("too many new accounts", await refused.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);

        // An account seen already is not new: it is still taken in.
        using var again = await victim.PostAsync(client, "http://a.test/inbox", "v0", Follow(victim, "v0", 300));
        Assert.Equal(HttpStatusCode.Accepted, again.StatusCode);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(1_000_001)]
    public void OutOfRangeSetting_FailsValidationNamingTheKey(int value)
    {
        var result = new Hosting.RateLimitOptionsValidator().Validate(null, new Hosting.RateLimitOptions { NewAccountsPerDomainPerHour = value });

        Assert.True(result.Failed);
        Assert.Contains("OurSociety:RateLimits:NewAccountsPerDomainPerHour must be between 1 and 1000000", result.FailureMessage, StringComparison.Ordinal);
    }

    private static string Follow(FakeRemoteServer server, string actor, int n) => new JsonObject
    {
        ["@context"] = "https://www.w3.org/ns/activitystreams",
        ["id"] = $"{server.Origin}/follows/{n}",
        ["type"] = "Follow",
        ["actor"] = server.ActorId(actor),
        ["object"] = "http://a.test/users/alice",
    }.ToJsonString();
}
