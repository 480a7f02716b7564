using Dapper;
using OurSociety.Core.Federation;
using OurSociety.Core.Moderation;
using OurSociety.Core.Paging;
using OurSociety.Storage.Stores;

namespace OurSociety.Storage.Tests;

public sealed class ModerationStoreTests(StoreFixture fixture) : IClassFixture<StoreFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ABlockCoversItsSubdomains_AndTheMostSpecificBlockWins()
    {
        await AddBlockAsync("covered.example", "limit");
        await AddBlockAsync("worse.covered.example", "suspend");
        var rules = new DomainRules(new DomainBlockStore(fixture.Db), new DomainAllowStore(fixture.Db), new RemoteSuspensionStore(fixture.Db), new FederationModeSetting(new NodeSettingStore(fixture.Db), Microsoft.Extensions.Options.Options.Create(new FederationModeOptions())));

        Assert.Equal(DomainSeverity.Limit, (await rules.ForAsync("https://A.Covered.Example.:8443/users/x", Ct)).Severity);
        Assert.True((await rules.ForAsync("covered.example", Ct)).Federates);
        var worse = await rules.ForAsync("deep.worse.covered.example", Ct);
        Assert.Equal(DomainSeverity.Suspend, worse.Severity);
        Assert.False(worse.Federates);
        Assert.Equal(DomainRule.Open, await rules.ForAsync("uncovered.example", Ct));
        Assert.Equal(DomainRule.Open, await rules.ForAsync("notcovered.example", Ct));   // a suffix, not a subdomain
        Assert.Equal(DomainRule.Open, await rules.ForAsync("192.0.2.1", Ct));
    }

    [Fact]
    public async Task TheAuditLogListsNewestFirst_InPages()
    {
        var store = new ModerationLogStore(fixture.Db);
        for (var i = 0; i < 3; i++)
        {
            var at = fixture.Time.GetUtcNow();
            await fixture.CommitAsync(tx => store.AddAsync(
                new ModerationEntry(Guid.CreateVersion7(at), at, null, "node", ModerationActions.Warn, ModerationTargets.Member,
                    Guid.Empty.ToString(), "@x" + i, "why", null, null), tx, Ct));
        }

        var first = await store.ListAsync(Cursor.Start, 2, Ct);
        Assert.Equal(["@x2", "@x1"], first.Items.Select(e => e.TargetLabel));
        Assert.True(Cursor.TryDecode(first.Next, out var next));
        Assert.Equal(["@x0"], (await store.ListAsync(next, 2, Ct)).Items.Select(e => e.TargetLabel));
    }

    private async Task AddBlockAsync(string domain, string severity)
    {
        var at = fixture.Time.GetUtcNow();
        await using var connection = await fixture.Db.OpenAsync(Ct);
        await connection.ExecuteAsync(new CommandDefinition("""
            INSERT INTO domain_block (id, domain, severity, reject_media, reject_reports, obfuscate, created_at, updated_at)
            VALUES (@Id, @Domain, @Severity, 0, 0, 0, @At, @At)
            """, new { Id = Guid.CreateVersion7(at), Domain = domain, Severity = severity, At = at }, cancellationToken: Ct));
    }
}
