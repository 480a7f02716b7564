using OurSociety.Core.Federation;
using OurSociety.Core.Paging;

namespace OurSociety.Core.Moderation;

/// <summary>A domain block as moderators set it (Mastodon's model; <see cref="DomainBlockCsv"/> reads and writes lists).</summary>
public sealed record DomainBlock(
    Guid Id,
    DomainName Domain,
    DomainSeverity Severity,
    bool RejectMedia,
    bool RejectReports,
    bool Obfuscate,
    string? PublicReason,
    string? PrivateNote,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt);

/// <summary>
/// What this node does with a host. <see cref="Federates"/> false: refuse everything from it and send nothing to it
/// (a suspended domain, or a domain off the allow list in allowlist mode).
/// </summary>
public sealed record DomainRule(bool Federates, DomainSeverity Severity, bool RejectMedia, bool RejectReports)
{
    public static readonly DomainRule Open = new(true, DomainSeverity.None, false, false);

    /// <summary>Not on the allow list in allowlist mode: nothing in, nothing out.</summary>
    public static readonly DomainRule Closed = new(false, DomainSeverity.None, false, false);

    /// <summary>Kept off public lists and search; follows from it need approval.</summary>
    public bool Limited => Severity == DomainSeverity.Limit;
}

public interface IDomainBlockStore
{
    /// <summary>The most specific block covering the name (the name itself or a domain above it), if any.</summary>
    Task<DomainBlock?> FindCoveringAsync(DomainName name, CancellationToken ct);

    /// <summary>The block on exactly this name, if any.</summary>
    Task<DomainBlock?> FindAsync(DomainName name, CancellationToken ct);

    Task<DomainBlock?> FindByIdAsync(Guid id, CancellationToken ct);

    /// <summary>Adds the block, or replaces the one on the same name (keeping its id and creation time).</summary>
    Task SaveAsync(DomainBlock block, ITransaction tx, CancellationToken ct);

    Task<bool> DeleteAsync(Guid id, ITransaction tx, CancellationToken ct);

    /// <summary>Newest first.</summary>
    Task<Page<DomainBlock>> ListAsync(Cursor after, int limit, CancellationToken ct);

    /// <summary>Every block, by name (for the CSV export and the public list).</summary>
    Task<IReadOnlyList<DomainBlock>> AllAsync(CancellationToken ct);
}

/// <summary>One domain on the allow list (allowlist mode federates with these and their subdomains only).</summary>
public sealed record DomainAllow(DomainName Domain, DateTimeOffset CreatedAt);

public interface IDomainAllowStore
{
    /// <summary>True when the name or a domain above it is on the list.</summary>
    Task<bool> CoversAsync(DomainName name, CancellationToken ct);

    /// <summary>False when it was on the list already.</summary>
    Task<bool> AddAsync(DomainAllow allow, ITransaction tx, CancellationToken ct);

    /// <summary>False when it was not on the list.</summary>
    Task<bool> RemoveAsync(DomainName name, ITransaction tx, CancellationToken ct);

    /// <summary>Every entry, by name.</summary>
    Task<IReadOnlyList<DomainAllow>> AllAsync(CancellationToken ct);

    /// <summary>Stores the admin's federation mode (<see cref="FederationModeSetting.SettingName"/>) in a transaction.</summary>
    Task SetModeAsync(FederationMode mode, ITransaction tx, CancellationToken ct);
}

/// <summary>Reads whether a remote account is suspended here (<c>remote_actor.suspended_at</c>, set by account moderation).</summary>
public interface IRemoteSuspensions
{
    Task<bool> IsSuspendedAsync(string actorId, CancellationToken ct);
}

/// <summary>
/// The one place that answers "may we deal with this host, and how": inbox, fetches, deliveries, media and reports all
/// ask it, so no path forgets a block. In open mode a host that is not a valid name (an IP literal, garbage) gets the
/// rule of no block (the outbound guard refuses private addresses on its own); in allowlist mode it is refused, as it
/// cannot be on the list.
/// </summary>
public interface IDomainRules
{
    /// <summary>The rule for a host name, a <c>host:port</c> authority or any absolute URL.</summary>
    ValueTask<DomainRule> ForAsync(string hostOrUrl, CancellationToken ct);

    /// <summary>True when a remote account is suspended here: everything from it is refused.</summary>
    ValueTask<bool> ActorSuspendedAsync(string actorId, CancellationToken ct);

    /// <summary>The federation mode in force (allowlist mode also requires signed fetches).</summary>
    ValueTask<FederationMode> ModeAsync(CancellationToken ct);
}

/// <summary>Domain blocks, the allow list in allowlist mode, and suspended remote accounts.</summary>
public sealed class DomainRules(
    IDomainBlockStore blocks, IDomainAllowStore allows, IRemoteSuspensions suspensions, FederationModeSetting mode) : IDomainRules
{
    public async ValueTask<DomainRule> ForAsync(string hostOrUrl, CancellationToken ct)
    {
        var allowlist = await mode.CurrentAsync(ct) == FederationMode.Allowlist;
        if (!DomainName.TryParse(hostOrUrl, out var name, out DomainNameProblem _))
        {
            return allowlist ? DomainRule.Closed : DomainRule.Open;
        }

        if (allowlist && !await allows.CoversAsync(name, ct))
        {
            return DomainRule.Closed;
        }

        return await blocks.FindCoveringAsync(name, ct) is { } block
            ? new DomainRule(block.Severity != DomainSeverity.Suspend, block.Severity, block.RejectMedia, block.RejectReports)
            : DomainRule.Open;
    }

    public async ValueTask<bool> ActorSuspendedAsync(string actorId, CancellationToken ct) =>
        await suspensions.IsSuspendedAsync(actorId, ct);

    public async ValueTask<FederationMode> ModeAsync(CancellationToken ct) => await mode.CurrentAsync(ct);
}

/// <summary>Every domain a name falls under, itself first: <c>a.b.example</c>, <c>b.example</c>, <c>example</c>.</summary>
public static class DomainAncestry
{
    public static IReadOnlyList<string> Of(DomainName name)
    {
        var value = name.Value;
        var names = new List<string> { value };
        for (var dot = value.IndexOf('.', StringComparison.Ordinal); dot >= 0; dot = value.IndexOf('.', dot + 1))
        {
            names.Add(value[(dot + 1)..]);
        }

        return names;
    }
}
