using OurSociety.Core.Work;

namespace OurSociety.Core.Needs;

/// <summary>
/// The work a change to a need or offer posted here causes (telling other servers), written in the change's own
/// transaction. One partition per proposal, so its Create goes out before its Update and its Delete.
/// </summary>
public static class ProposalWork
{
    /// <summary>Posted. Payload: <see cref="ProposalEvent"/>.</summary>
    public const string Published = "need.published";

    /// <summary>Edited or closed. Payload: <see cref="ProposalEvent"/>.</summary>
    public const string Updated = "need.updated";

    /// <summary>Deleted (its row stays, without content). Payload: <see cref="ProposalEvent"/>.</summary>
    public const string Deleted = "need.deleted";

    public static string Partition(Guid id) => $"need:{id:D}";

    public static NewWorkItem Item(string kind, Guid id) => new(kind, WorkPayload.Write(new ProposalEvent(id)), Partition(id));
}

public sealed record ProposalEvent(Guid ProposalId);
