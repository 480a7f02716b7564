using System.Text.Json.Nodes;
using OurSociety.Core.Moderation;

namespace OurSociety.Web.Tests.Specs;

/// <summary>federation-specs/actors.md, "Suspended accounts": the Person of a suspended member, as served.</summary>
public sealed class SuspendedActorExampleTests(SpecNetwork spec) : IClassFixture<SpecNetwork>
{
    public static IReadOnlyList<string> Examples => ["person-suspended.json"];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task SuspendedPerson_MatchesTheExample()
    {
        await spec.Node.CreateMemberAsync("suspendedsam", "correct horse battery");
        var outcome = await spec.Node.Service<IAccountModeration>().ApplyAsync(
            new AccountActionRequest(null, "@suspendedsam", AccountAction.Suspend, "Spam"), Ct);
        Assert.IsType<Core.Outcome<ModerationEntry>.Ok>(outcome);

        using var client = spec.Client();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/users/suspendedsam");
        request.Headers.Accept.ParseAdd("application/activity+json");
        using var response = await client.SendAsync(request, Ct);
        var served = JsonNode.Parse(await response.Content.ReadAsStringAsync(Ct))!;

        Assert.True((bool?)served["suspended"]);
        Golden.AssertMatches("person-suspended.json", served, "publicKey.publicKeyPem", "published");
    }
}
