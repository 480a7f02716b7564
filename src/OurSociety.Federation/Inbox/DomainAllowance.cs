using OurSociety.Core.Federation;

namespace OurSociety.Federation.Inbox;

/// <summary>
/// A number of things a domain may do per fixed window of time (on the node's clock, so tests drive it), counted in
/// memory: a restart only gives a busy domain a fresh window. Any spelling of a domain name is one allowance.
/// </summary>
public sealed class DomainAllowance(TimeProvider time, Func<int> limit, TimeSpan window)
{
    /// <summary>Domains remembered at most; past it, windows that have ended are forgotten first.</summary>
    private const int MaxDomains = 100_000;

    private readonly Lock _lock = new();
    private readonly Dictionary<string, (long Window, int Count)> _windows = new(StringComparer.Ordinal);
    private readonly long _seconds = (long)window.TotalSeconds;

    /// <summary>Null when <paramref name="actorId"/>'s domain has some of its allowance left, else how long until it has.</summary>
    public TimeSpan? Wait(string actorId)
    {
        lock (_lock)
        {
            return WaitLocked(DomainOf(actorId), Now());
        }
    }

    /// <summary>Counts one for <paramref name="actorId"/>'s domain: null when allowed, else how long to wait (nothing counted).</summary>
    public TimeSpan? Spend(string actorId)
    {
        var domain = DomainOf(actorId);
        var now = Now();
        lock (_lock)
        {
            if (WaitLocked(domain, now) is { } wait)
            {
                return wait;
            }

            if (_windows.Count >= MaxDomains)
            {
                foreach (var ended in _windows.Where(w => w.Value.Window != now / _seconds).Select(w => w.Key).ToList())
                {
                    _windows.Remove(ended);
                }
            }

            var current = now / _seconds;
            _windows[domain] = (current, _windows.TryGetValue(domain, out var w) && w.Window == current ? w.Count + 1 : 1);
            return null;
        }
    }

    /// <summary>Gives back one counted by <see cref="Spend"/> in the current window (none if the window has ended).</summary>
    public void Return(string actorId)
    {
        var domain = DomainOf(actorId);
        var current = Now() / _seconds;
        lock (_lock)
        {
            if (_windows.TryGetValue(domain, out var w) && w.Window == current && w.Count > 0)
            {
                _windows[domain] = (current, w.Count - 1);
            }
        }
    }

    private TimeSpan? WaitLocked(string domain, long now)
    {
        var current = now / _seconds;
        if (!_windows.TryGetValue(domain, out var w) || w.Window != current || w.Count < limit())
        {
            return null;
        }

        // Until the window ends, in whole seconds (at least one), as Retry-After takes them.
        return TimeSpan.FromSeconds(Math.Max(1, (current + 1) * _seconds - now));
    }

    private long Now() => time.GetUtcNow().ToUnixTimeSeconds();

    /// <summary>The normalised domain, or the URL's host as given.</summary>
    private static string DomainOf(string actorId)
    {
        var host = Uri.TryCreate(actorId, UriKind.Absolute, out var uri) ? uri.Host : actorId;
        return DomainName.TryParse(host, out var name, out DomainNameProblem _) ? name.Value : host.ToLowerInvariant();
    }
}
