using OurSociety.Core.Posts;
using OurSociety.Storage.Stores;

namespace OurSociety.Storage.Tests;

public sealed class MentionStoreTests(StoreFixture fixture) : IClassFixture<StoreFixture>
{
    private readonly MentionStore _store = new(fixture.Db);
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Put_KeepsPerSubject_AndALaterLookUpReplacesAHandle()
    {
        var at = fixture.Time.GetUtcNow();
        var subject = MentionSubjects.Post(Guid.CreateVersion7(at));
        await fixture.CommitAsync(async tx =>
        {
            await _store.PutAsync(subject, [new("bob@b.example", "https://b.example/users/bob", "https://b.example/@bob", at), new("ghost@x.example", null, null, at)], tx, Ct);
            await _store.PutAsync("need:" + Guid.Empty, [new("bob@b.example", null, null, at)], tx, Ct);
            return 0;
        });

        await fixture.CommitAsync(async tx =>
        {
            await _store.PutAsync(subject, [new("ghost@x.example", "https://x.example/users/ghost", "https://x.example/@ghost", at.AddDays(2))], tx, Ct);
            return 0;
        });

        var kept = await _store.ListAsync(subject, Ct);
        Assert.Equal(["bob@b.example", "ghost@x.example"], kept.Select(m => m.Handle));
        Assert.All(kept, m => Assert.True(m.IsFound));
        Assert.Equal(at.AddDays(2), kept[1].ResolvedAt);
        Assert.False(Assert.Single(await _store.ListAsync("need:" + Guid.Empty, Ct)).IsFound);   // another subject's, apart
        Assert.Empty(await _store.ListAsync(MentionSubjects.Post(Guid.Empty), Ct));

        await fixture.CommitAsync(async tx =>
        {
            await _store.DeleteAsync(subject, tx, Ct);
            return 0;
        });
        Assert.Empty(await _store.ListAsync(subject, Ct));
        Assert.Single(await _store.ListAsync("need:" + Guid.Empty, Ct));
    }
}
