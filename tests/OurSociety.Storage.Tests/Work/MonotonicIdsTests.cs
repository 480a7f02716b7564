using Microsoft.Extensions.Time.Testing;
using OurSociety.Storage.Sql;

namespace OurSociety.Storage.Tests.Work;

public sealed class MonotonicIdsTests
{
    [Fact]
    public void Next_OnAClockThatDoesNotMove_IncreasesAsText_AndStaysVersion7()
    {
        var ids = new MonotonicIds(new FakeTimeProvider(new DateTimeOffset(2026, 11, 28, 12, 0, 0, TimeSpan.Zero)));

        var made = Enumerable.Range(0, 10_000).Select(_ => ids.Next()).ToList();

        // Stored as lower-case text, compared as text by SQL.
        Assert.Equal(made.Select(i => i.ToString("D")), made.Select(i => i.ToString("D")).Order(StringComparer.Ordinal));
        Assert.Equal(made.Count, made.Distinct().Count());
        Assert.All(made, i => Assert.Equal((7, 0b1000), (i.Version, i.Variant & 0b1100)));
    }

    [Fact]
    public void Increment_CarriesFromRandBIntoRandAAndTheTimestamp()
    {
        var full = MonotonicIds.ToNumber(Guid.Parse("01900000-0000-7fff-bfff-ffffffffffff"));

        Assert.Equal(Guid.Parse("01900000-0001-7000-8000-000000000000"), MonotonicIds.ToGuid(MonotonicIds.Increment(full)));
        Assert.Equal(Guid.Parse("01900000-0000-7001-8000-000000000000"),
            MonotonicIds.ToGuid(MonotonicIds.Increment(MonotonicIds.ToNumber(Guid.Parse("01900000-0000-7000-bfff-ffffffffffff")))));
        Assert.Equal(Guid.Parse("01900000-0000-7000-8000-000000000002"),
            MonotonicIds.ToGuid(MonotonicIds.Increment(MonotonicIds.ToNumber(Guid.Parse("01900000-0000-7000-8000-000000000001")))));
    }
}
