using System.Globalization;
using Dapper;
using OurSociety.Storage.Sql;
using OurSociety.Testing;

namespace OurSociety.Storage.Tests;

public sealed class DapperSetupTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    [Fact]
    public async Task GuidAndTimestamp_RoundTripAsLowerCaseAndFixedWidthUtcText()
    {
        var db = new SqliteConnectionFactory(_dir.File("types.db"));
        var id = Guid.Parse("0193A7F1-0000-7000-8000-00000000ABCD");
        var at = new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.FromHours(2)).AddTicks(1234567);
        await using var connection = await db.OpenAsync(TestContext.Current.CancellationToken);
        await connection.ExecuteAsync("CREATE TABLE t (id TEXT, at TEXT)");

        await connection.ExecuteAsync("INSERT INTO t (id, at) VALUES (@Id, @At)", new { Id = id, At = at });

        var raw = await connection.QuerySingleAsync<(string Id, string At)>("SELECT id, at FROM t");
        Assert.Equal("0193a7f1-0000-7000-8000-00000000abcd", raw.Id);
        Assert.Equal("2026-01-02T01:04:05.1234567Z", raw.At);
        var typed = await connection.QuerySingleAsync<Row>("SELECT id, at FROM t");
        Assert.Equal(id, typed.Id);
        Assert.Equal(at, typed.At);
    }

    [Fact]
    public async Task Timestamps_ParseUnderAnotherCulture()
    {
        var previous = CultureInfo.CurrentCulture;
        CultureInfo.CurrentCulture = new CultureInfo("fa-IR");
        try
        {
            var db = new SqliteConnectionFactory(_dir.File("culture.db"));
            await using var connection = await db.OpenAsync(TestContext.Current.CancellationToken);
            var at = new DateTimeOffset(2026, 11, 28, 12, 0, 0, TimeSpan.Zero);
            var back = await connection.QuerySingleAsync<Row>("SELECT @Id AS id, @At AS at", new { Id = Guid.Empty, At = at });
            Assert.Equal(at, back.At);
        }
        finally
        {
            CultureInfo.CurrentCulture = previous;
        }
    }

    public void Dispose() => _dir.Dispose();

    private sealed class Row
    {
        public required Guid Id { get; init; }
        public required DateTimeOffset At { get; init; }
    }
}
