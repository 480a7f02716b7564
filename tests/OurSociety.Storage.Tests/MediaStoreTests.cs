using OurSociety.Core.Media;
using OurSociety.Storage.Stores;

namespace OurSociety.Storage.Tests;

public sealed class MediaStoreTests(StoreFixture fixture) : IClassFixture<StoreFixture>
{
    private readonly MediaStore _media = new(fixture.Db);
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly DateTimeOffset At = new(2026, 11, 28, 12, 0, 0, TimeSpan.FromHours(1));

    [Fact]
    public async Task Add_Upload_IsFoundWithEveryField()
    {
        var item = new MediaItem(Guid.CreateVersion7(At), Guid.CreateVersion7(At), "image/jpeg", 2048, 1365, 345_678, null, At);

        await _media.AddAsync(item, Ct);

        Assert.Equal(item, await _media.FindAsync(item.Id, Ct));
    }

    [Fact]
    public async Task Add_RemoteCopy_IsFoundByItsUrl()
    {
        var item = new MediaItem(Guid.CreateVersion7(At), null, "image/png", 10, 20, 300, "https://remote.example/a.png", At);

        await _media.AddAsync(item, Ct);

        Assert.Equal(item, await _media.FindByRemoteUrlAsync("https://remote.example/a.png", Ct));
        Assert.Null(await _media.FindByRemoteUrlAsync("https://remote.example/b.png", Ct));
    }

    [Fact]
    public async Task Add_SameRemoteUrlTwice_KeepsTheFirst()
    {
        var first = new MediaItem(Guid.CreateVersion7(At), null, "image/png", 10, 20, 300, "https://remote.example/twice.png", At);
        var second = first with { Id = Guid.CreateVersion7(At.AddSeconds(1)) };

        await _media.AddAsync(first, Ct);
        await _media.AddAsync(second, Ct);

        Assert.Equal(first.Id, (await _media.FindByRemoteUrlAsync(first.RemoteUrl!, Ct))?.Id);
        Assert.Null(await _media.FindAsync(second.Id, Ct));
    }

    [Fact]
    public async Task RecordVersions_AreListedNarrowestFirst_AndMarkThePicture()
    {
        var item = new MediaItem(Guid.CreateVersion7(At), null, "image/jpeg", 800, 600, 90_000, null, At);
        await _media.AddAsync(item, Ct);
        Assert.Empty(await _media.VersionsAsync(item.Id, Ct));

        MediaVersion[] versions = [new(800, 600, "image/webp", 40_000), new(320, 240, "image/jpeg", 12_000), new(320, 240, "image/webp", 8_000)];
        await _media.RecordVersionsAsync(item.Id, versions, At.AddMinutes(1), Ct);

        Assert.Equal([versions[1], versions[2], versions[0]], await _media.VersionsAsync(item.Id, Ct));
        Assert.Equal(item with { VersionsMadeAt = At.AddMinutes(1) }, await _media.FindAsync(item.Id, Ct));
    }

    [Fact]
    public async Task RecordVersions_Again_ReplacesThem()
    {
        var item = new MediaItem(Guid.CreateVersion7(At), null, "image/jpeg", 800, 600, 90_000, null, At);
        await _media.AddAsync(item, Ct);
        await _media.RecordVersionsAsync(item.Id, [new(320, 240, "image/jpeg", 12_000), new(800, 600, "image/webp", 40_000)], At, Ct);

        await _media.RecordVersionsAsync(item.Id, [new(320, 240, "image/jpeg", 11_000)], At.AddHours(1), Ct);

        Assert.Equal([new MediaVersion(320, 240, "image/jpeg", 11_000)], await _media.VersionsAsync(item.Id, Ct));
        Assert.Equal(At.AddHours(1), (await _media.FindAsync(item.Id, Ct))?.VersionsMadeAt);
    }

    [Fact]
    public async Task Find_Unknown_IsNull()
    {
        Assert.Null(await _media.FindAsync(Guid.CreateVersion7(At), Ct));
    }
}
