using System.Net;
using System.Text.Json.Nodes;
using OurSociety.Testing;

namespace OurSociety.Web.Tests.Federation.Hostile;

/// <summary>
/// <c>OurSociety:RateLimits:InboxPerDomainPerMinute</c>: a domain's verified activities share one allowance a minute;
/// beyond it the inbox answers 429 with Retry-After (the sender retries, nothing is lost). Unsigned and forged requests
/// naming the domain are refused before they are counted, so nobody can spend another domain's allowance.
/// </summary>
public sealed class InboxDomainBudgetTests : IAsyncLifetime
{
    private const string Inbox = "http://b.test/inbox";
    private const int Budget = 3;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private readonly FederationNetwork _network = new();
    private readonly FakeRemoteServer _victim = new("http://victim.test");
    private readonly FakeRemoteServer _attacker = new("http://attacker.test");
    private readonly FakeRemoteServer _other = new("http://other.test");
    private NodeFactory _node = null!;
    private HttpClient _client = null!;
    private int _sent;

    public async ValueTask InitializeAsync()
    {
        _node = _network.AddNode("http://b.test").With("OurSociety:RateLimits:InboxPerDomainPerMinute", Budget.ToString(System.Globalization.CultureInfo.InvariantCulture));
        _network.Serve("victim.test", _victim);
        _network.Serve("attacker.test", _attacker);
        _network.Serve("other.test", _other);
        _victim.AddActor("vera");
        _victim.AddActor("vic");
        _attacker.AddActor("mallory");
        _other.AddActor("olga");
        await _node.CreateMemberAsync("bob");
        _client = _node.CreateClient(new() { BaseAddress = new Uri("http://b.test"), AllowAutoRedirect = false });
    }

    public async ValueTask DisposeAsync()
    {
        _client.Dispose();
        await _network.DisposeAsync();
        _victim.Dispose();
        _attacker.Dispose();
        _other.Dispose();
    }

    /// <summary>A Like of nothing of ours: stored and kept, enough to count.</summary>
    private string Activity(FakeRemoteServer server, string actor) => new JsonObject
    {
        ["@context"] = "https://www.w3.org/ns/activitystreams",
        ["id"] = $"{server.Origin}/activities/{++_sent}",
        ["type"] = "Like",
        ["actor"] = server.ActorId(actor),
        ["object"] = "http://b.test/stories/00000000-0000-0000-0000-000000000000",
    }.ToJsonString();

    private async Task<HttpStatusCode> SendAsync(FakeRemoteServer server, string signer, string? actorOf = null, FakeRemoteServer? named = null,
        Action<HttpRequestMessage>? tamper = null)
    {
        using var response = await server.PostAsync(_client, Inbox, signer, Activity(named ?? server, actorOf ?? signer), tamper);
        return response.StatusCode;
    }

    private void ForgeKeyId(HttpRequestMessage request)
    {
        var signature = request.Headers.GetValues("Signature").Single();
        request.Headers.Remove("Signature");
        request.Headers.TryAddWithoutValidation("Signature",
            signature.Replace(_attacker.ActorId("mallory"), _victim.ActorId("vera"), StringComparison.Ordinal));
    }

    [Fact]
    public async Task VerifiedActivitiesOfOneDomain_ShareTheBudget_ThenGet429WithRetryAfter()
    {
        // Two accounts of one domain: one allowance.
        Assert.Equal(HttpStatusCode.Accepted, await SendAsync(_victim, "vera"));
        Assert.Equal(HttpStatusCode.Accepted, await SendAsync(_victim, "vic"));
        Assert.Equal(HttpStatusCode.Accepted, await SendAsync(_victim, "vera"));

        _node.Time.Advance(TimeSpan.FromSeconds(20));
        using var refused = await _victim.PostAsync(_client, Inbox, "vic", Activity(_victim, "vic"));
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(40), refused.Headers.RetryAfter?.Delta);
        Assert.Contains("too many activities", await refused.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);

        // Another domain is not held up by it.
        Assert.Equal(HttpStatusCode.Accepted, await SendAsync(_other, "olga"));

        // The next minute: a fresh allowance.
        _node.Time.Advance(TimeSpan.FromSeconds(40));
        Assert.Equal(HttpStatusCode.Accepted, await SendAsync(_victim, "vic"));
    }

    [Fact]
    public async Task UnsignedAndForgedRequestsNamingADomain_DoNotSpendItsBudget()
    {
        for (var i = 0; i < Budget * 2; i++)
        {
            // No signature at all, an actor of the victim's domain.
            Assert.Equal(HttpStatusCode.Unauthorized, await SendAsync(_victim, "vera", tamper: r => r.Headers.Remove("Signature")));

            // Signed by the attacker's own key, claiming an actor of the victim's domain.
            Assert.Equal(HttpStatusCode.Unauthorized, await SendAsync(_attacker, "mallory", actorOf: "vera", named: _victim));

            // The attacker's signature with a key id naming the victim's actor: it does not verify with that actor's key.
            Assert.Equal(HttpStatusCode.Unauthorized, await SendAsync(_attacker, "mallory", named: _victim, actorOf: "vera", tamper: ForgeKeyId));
        }

        // The victim's own, verified activities still have the whole allowance.
        for (var i = 0; i < Budget; i++)
        {
            Assert.Equal(HttpStatusCode.Accepted, await SendAsync(_victim, "vera"));
        }

        Assert.Equal(HttpStatusCode.TooManyRequests, await SendAsync(_victim, "vera"));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-5)]
    [InlineData(1_000_001)]
    public void OutOfRangeSetting_FailsValidationNamingTheKey(int value)
    {
        var result = new Hosting.RateLimitOptionsValidator().Validate(null, new Hosting.RateLimitOptions { InboxPerDomainPerMinute = value });

        Assert.True(result.Failed);
        Assert.Contains("OurSociety:RateLimits:InboxPerDomainPerMinute must be between 1 and 1000000", result.FailureMessage, StringComparison.Ordinal);
    }
}
