namespace OurSociety.Federation.Delivery;

/// <summary>
/// When a failed delivery is tried again: Sidekiq's curve, as Mastodon uses (attempt⁴ + 15 s, plus jitter), for 16
/// attempts, which spreads them over about two days (FEDERATION.md lists the table).
/// </summary>
public static class RetrySchedule
{
    public const int MaxAttempts = 16;

    /// <summary>The wait after failed attempt <paramref name="attempts"/> (1-based), or null when it was the last.</summary>
    public static TimeSpan? After(int attempts, double jitter)
    {
        if (attempts >= MaxAttempts)
        {
            return null;
        }

        var seconds = Math.Pow(attempts, 4) + 15 + (jitter * 10 * (attempts + 1));
        return TimeSpan.FromSeconds(seconds);
    }

    /// <summary>The total time from the first attempt to the last, without jitter (for the documentation and its test).</summary>
    public static TimeSpan Total() => TimeSpan.FromSeconds(Enumerable.Range(1, MaxAttempts - 1).Sum(n => Math.Pow(n, 4) + 15));
}
