using Microsoft.Extensions.Time.Testing;
using OurSociety.Core;
using OurSociety.Core.Members;
using OurSociety.Storage.Sql;
using OurSociety.Testing;

namespace OurSociety.Storage.Tests;

/// <summary>A migrated database in a temp directory, shared by the tests of one class; tests make their own rows.</summary>
public sealed class StoreFixture : IAsyncLifetime
{
    private readonly TempDirectory _dir = new();

    public StoreFixture() => Db = new SqliteConnectionFactory(_dir.File("stores.db"));

    public SqliteConnectionFactory Db { get; }

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 11, 28, 12, 0, 0, TimeSpan.Zero))
    {
        AutoAdvanceAmount = TimeSpan.FromMilliseconds(1),
    };

    public async ValueTask InitializeAsync() => await new MigrationRunner(Db, Time).MigrateAsync(null, TestContext.Current.CancellationToken);

    public Member NewMember(string username, MemberState state = MemberState.Active, params Role[] roles)
    {
        var now = Time.GetUtcNow();
        return new Member(Guid.CreateVersion7(now), username, username, "", "", null,
            (roles.Length == 0 ? [Role.Member] : roles).ToHashSet(), state, null, now, now);
    }

    /// <summary>Runs writes in a transaction of their own and commits it.</summary>
    public async Task<T> CommitAsync<T>(Func<ITransaction, Task<T>> write)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var tx = await Db.BeginAsync(ct);
        var result = await write(tx);
        await tx.CommitAsync(ct);
        return result;
    }

    /// <inheritdoc cref="CommitAsync{T}"/>
    public async Task CommitAsync(Func<ITransaction, Task> write) => await CommitAsync(async tx =>
    {
        await write(tx);
        return true;
    });

    public ValueTask DisposeAsync()
    {
        _dir.Dispose();
        return ValueTask.CompletedTask;
    }
}
