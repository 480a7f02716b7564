using Dapper;
using OurSociety.Core.Federation;
using OurSociety.Storage.Sql;
using OurSociety.Storage.Stores;

namespace OurSociety.Storage.Tests;

public sealed class InboxStoreTests(StoreFixture fixture) : IClassFixture<StoreFixture>
{
    private readonly InboxStore _store = new(fixture.Db);
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private InboxActivity Activity(string id, string type = "Create", string body = "{}") =>
        new($"https://remote.test/activities/{id}", "https://remote.test/users/bob", type, null, body, fixture.Time.GetUtcNow());

    [Fact]
    public async Task Add_SomeIdsKnown_SkipsThem_AndReturnsOnlyTheNew()
    {
        await fixture.CommitAsync(tx => _store.AddAsync([Activity("known-1", body: "{\"first\":1}"), Activity("known-2")], tx, Ct));

        var added = await fixture.CommitAsync(tx => _store.AddAsync(
            [Activity("known-1", body: "{\"replayed\":1}"), Activity("new-1"), Activity("new-1"), Activity("known-2"), Activity("new-2")], tx, Ct));

        Assert.Equal(new HashSet<string> { Activity("new-1").ActivityId, Activity("new-2").ActivityId }, added.ToHashSet());
        Assert.Equal("{\"first\":1}", (await _store.FindAsync(Activity("known-1").ActivityId, Ct))?.Body);   // the replay changed nothing
        Assert.NotNull(await _store.FindAsync(Activity("new-2").ActivityId, Ct));
    }

    [Fact]
    public async Task Add_MoreThanOneStatementOfRows_ReturnsTheNewOfEveryStatement()
    {
        var batch = Enumerable.Range(0, 300).Select(i => Activity($"bulk-{i}")).ToList();
        await fixture.CommitAsync(tx => _store.AddAsync(batch.Where((_, i) => i % 3 == 0).ToList(), tx, Ct));

        var added = await fixture.CommitAsync(tx => _store.AddAsync(batch, tx, Ct));

        Assert.Equal(batch.Where((_, i) => i % 3 != 0).Select(a => a.ActivityId).ToHashSet(), added.ToHashSet());
    }

    [Fact]
    public async Task Add_WithAnOutcome_IsStoredAsProcessed()
    {
        var pending = await _store.CountPendingAsync(Ct);

        await fixture.CommitAsync(tx => _store.AddAsync([Activity("no-handler", type: "Question") with { Outcome = "ignored" }], tx, Ct));

        Assert.Equal("ignored", (await _store.FindAsync(Activity("no-handler").ActivityId, Ct))?.Outcome);
        Assert.Equal(pending, await _store.CountPendingAsync(Ct));
    }

    [Fact]
    public async Task MarkProcessed_RecordsOutcomeAndTime()
    {
        var activity = Activity("to-process", type: "Like");
        await fixture.CommitAsync(tx => _store.AddAsync([activity], tx, Ct));
        var pending = await _store.CountPendingAsync(Ct);
        Assert.Null((await _store.FindAsync(activity.ActivityId, Ct))?.Outcome);
        var at = fixture.Time.GetUtcNow().AddSeconds(3);

        await fixture.CommitAsync(tx => _store.MarkProcessedAsync(activity.ActivityId, "kept", at, tx, Ct));

        var found = await _store.FindAsync(activity.ActivityId, Ct);
        Assert.Equal(("Like", "kept"), (found?.Type, found?.Outcome));
        Assert.Equal(pending - 1, await _store.CountPendingAsync(Ct));
        await using var connection = await fixture.Db.OpenAsync(Ct);
        Assert.Equal(DapperSetup.Format(at), await connection.ExecuteScalarAsync<string>(new CommandDefinition(
            "SELECT processed_at FROM inbox_activity WHERE activity_id = @Id", new { Id = activity.ActivityId }, cancellationToken: Ct)));
    }

    [Fact]
    public async Task Find_Unknown_IsNull() =>
        Assert.Null(await _store.FindAsync("https://remote.test/activities/never-seen", Ct));
}
