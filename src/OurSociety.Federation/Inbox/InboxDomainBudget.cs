namespace OurSociety.Federation.Inbox;

/// <summary>
/// How many activities one domain may deliver to our inboxes per minute (<c>OurSociety:RateLimits:InboxPerDomainPerMinute</c>),
/// beside the per-address allowance of the whole inbox. Only activities whose signature verified are counted, keyed by
/// the domain of the verified key's actor: an unsigned or forged request naming a domain is refused before it gets
/// here, so nobody can spend another domain's allowance and shut it out.
/// </summary>
public sealed class InboxDomainBudget(TimeProvider time, Func<int> perMinute)
{
    private readonly DomainAllowance _allowance = new(time, perMinute, TimeSpan.FromMinutes(1));

    /// <summary>Counts one verified activity of <paramref name="actorId"/>'s domain: null when allowed, else how long to wait.</summary>
    public TimeSpan? Spend(string actorId) => _allowance.Spend(actorId);
}

/// <summary>
/// The accounts of one domain we have never seen before share one allowance per hour
/// (<c>OurSociety:RateLimits:NewAccountsPerDomainPerHour</c>): a flood of posts from many new accounts of one server
/// cannot bury timelines and notifications. An activity from one more new account is answered 429 with Retry-After
/// (the end of the hour) before anything of it is fetched, so its server delivers it again later and nothing is lost.
/// A place is held while the new account's signature is checked and given back unless it verifies, so nobody can
/// spend another domain's allowance.
/// </summary>
public sealed class FirstSeenAccounts(TimeProvider time, Func<int> perHour)
{
    private readonly DomainAllowance _allowance = new(time, perHour, TimeSpan.FromHours(1));

    /// <summary>
    /// Takes a place for a new account of <paramref name="actorId"/>'s domain: null when one was free (now taken), else
    /// how long to wait. Taken before the key is fetched, so deliveries arriving together cannot all pass.
    /// </summary>
    public TimeSpan? Reserve(string actorId) => _allowance.Spend(actorId);

    /// <summary>Gives the place back: the account's signature did not verify, so it must not count.</summary>
    public void Release(string actorId) => _allowance.Return(actorId);
}
