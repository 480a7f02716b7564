namespace OurSociety.Core.Work;

/// <summary>
/// When a failed item is tried again: 15 s × 2^(attempt − 1), at most 1 h, each ±10 % at random (so items that
/// failed together do not all come back in the same second), and dead after <see cref="MaxAttempts"/> attempts.
/// <code>
/// attempt that failed   1     2     3      4      5      6      7       8       9      10
/// next try after        15 s  30 s  1 min  2 min  4 min  8 min  16 min  32 min  1 h    dead
/// </code>
/// About 2 h 4 min from the first failure to the last try: long enough to ride out a restart or a short outage of
/// the node or the server it talks to, short enough that an admin hears of a real fault the same day.
/// </summary>
public static class WorkRetrySchedule
{
    public const int MaxAttempts = 10;

    public static readonly TimeSpan FirstDelay = TimeSpan.FromSeconds(15);

    public static readonly TimeSpan MaxDelay = TimeSpan.FromHours(1);

    /// <summary>The jitter either way, as a fraction of the delay.</summary>
    public const double Jitter = 0.1;

    /// <summary>The delay before the next try after attempt <paramref name="attempt"/> (1-based) failed, without jitter; null when it was the last.</summary>
    public static TimeSpan? BaseDelay(int attempt)
    {
        if (attempt >= MaxAttempts)
        {
            return null;
        }

        var doublings = Math.Clamp(attempt - 1, 0, 30);
        var delay = FirstDelay * Math.Pow(2, doublings);
        return delay < MaxDelay ? delay : MaxDelay;
    }

    /// <summary>When to try again after attempt <paramref name="attempt"/> failed at <paramref name="now"/>; null when the item is dead.</summary>
    public static DateTimeOffset? NextRun(int attempt, DateTimeOffset now, Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        return BaseDelay(attempt) is { } delay
            ? now + delay * (1 + (((random.NextDouble() * 2) - 1) * Jitter))
            : null;
    }
}
