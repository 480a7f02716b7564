using OurSociety.Core.Federation;

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

    /// <summary>Kept off public lists and search; follows from it need approval.</summary>
    public bool Limited => Severity == DomainSeverity.Limit;
}

public interface IDomainBlockStore
{
    /// <summary>The most specific block covering the name (the name itself or a domain above it), if any.</summary>
    Task<DomainBlock?> FindCoveringAsync(DomainName name, CancellationToken ct);
}

/// <summary>
/// The one place that answers "may we deal with this host, and how": inbox, fetches, deliveries, media and reports all
/// ask it, so no path forgets a block. A host that is not a valid name (an IP literal, garbage) gets the rule of no
/// block; the outbound guard refuses private addresses on its own.
/// </summary>
public interface IDomainRules
{
    /// <summary>The rule for a host name, a <c>host:port</c> authority or any absolute URL.</summary>
    ValueTask<DomainRule> ForAsync(string hostOrUrl, CancellationToken ct);
}

/// <summary>Domain blocks only. Allowlist mode (issue 13, domain moderation) extends it.</summary>
public sealed class DomainRules(IDomainBlockStore blocks) : IDomainRules
{
    public async ValueTask<DomainRule> ForAsync(string hostOrUrl, CancellationToken ct)
    {
        if (!DomainName.TryParse(hostOrUrl, out var name, out DomainNameProblem _))
        {
            return DomainRule.Open;
        }

        return await blocks.FindCoveringAsync(name, ct) is { } block
            ? new DomainRule(block.Severity != DomainSeverity.Suspend, block.Severity, block.RejectMedia, block.RejectReports)
            : DomainRule.Open;
    }
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
