using Microsoft.Extensions.Options;
using OurSociety.Federation.Inbox;
using OurSociety.Web.Hosting;

namespace OurSociety.Web.Features.Finding;

/// <summary>
/// How many searches with <c>source=linked</c> one client address may make per minute
/// (<c>OurSociety:RateLimits:LinkedSearchPerMinute</c>): each asks every linked hub while the person waits, so a
/// script must not turn this hub into a way of loading its links. Past the allowance the search still answers, with
/// this hub's own results only, and says the linked hubs were not asked this time: better for a person than an error.
/// Counted on the node's clock (tests drive it), in memory, per address as the global limiter counts.
/// </summary>
internal sealed class LinkedSearchAllowance(TimeProvider time, IOptions<RateLimitOptions> options)
{
    private readonly DomainAllowance _allowance = new(time, () => options.Value.LinkedSearchPerMinute, TimeSpan.FromMinutes(1));

    /// <summary>Counts one linked search of the client: true when the linked hubs may be asked.</summary>
    public bool TrySpend(HttpContext context) => _allowance.Spend("client " + RateLimits.ClientKey(context)) is null;
}
