using OurSociety.Core.Federation;

namespace OurSociety.Federation.Inbox;

/// <summary>
/// How many activities one domain may deliver to our inboxes per minute (<c>OurSociety:RateLimits:InboxPerDomainPerMinute</c>),
/// beside the per-address allowance of the whole inbox. Only activities whose signature verified are counted, keyed by
/// the domain of the verified key's actor: an unsigned or forged request naming a domain is refused before it gets
/// here, so nobody can spend another domain's allowance and shut it out. A fixed window per minute on the node's clock
/// (tests drive it); kept in memory, as a restart only gives a busy domain a fresh minute.
/// </summary>
public sealed class InboxDomainBudget(TimeProvider time, Func<int> perMinute)
{
    /// <summary>Domains remembered at most; past it, windows that have ended are forgotten first.</summary>
    private const int MaxDomains = 100_000;

    private readonly Lock _lock = new();
    private readonly Dictionary<string, (long Minute, int Count)> _windows = new(StringComparer.Ordinal);

    /// <summary>Counts one verified activity of <paramref name="actorId"/>'s domain: null when allowed, else how long to wait.</summary>
    public TimeSpan? Spend(string actorId)
    {
        var domain = DomainOf(actorId);
        var now = time.GetUtcNow();
        var minute = now.ToUnixTimeSeconds() / 60;
        lock (_lock)
        {
            if (_windows.Count >= MaxDomains)
            {
                foreach (var ended in _windows.Where(w => w.Value.Minute != minute).Select(w => w.Key).ToList())
                {
                    _windows.Remove(ended);
                }
            }

            var (windowMinute, count) = _windows.TryGetValue(domain, out var window) && window.Minute == minute ? window : (minute, 0);
            if (count >= perMinute())
            {
                // Until the window ends, in whole seconds (at least one), as Retry-After takes them.
                var left = (minute + 1) * 60 - now.ToUnixTimeSeconds();
                return TimeSpan.FromSeconds(Math.Max(1, left));
            }

            _windows[domain] = (windowMinute, count + 1);
            return null;
        }
    }

    /// <summary>The normalised domain (any spelling of a name is one budget), or the URL's host as given.</summary>
    private static string DomainOf(string actorId)
    {
        var host = Uri.TryCreate(actorId, UriKind.Absolute, out var uri) ? uri.Host : actorId;
        return DomainName.TryParse(host, out var name, out DomainNameProblem _) ? name.Value : host.ToLowerInvariant();
    }
}
