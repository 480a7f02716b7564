namespace OurSociety.Core.Hubs;

/// <summary>
/// Where a link between our hub and another Our Society hub stands (issue 14). A link is two accepted follows between
/// the two Groups; the state says which of them exist and what the admins answered.
/// </summary>
public enum HubLinkState
{
    /// <summary>Our admin asked (our Follow carries the link request); their admins have not answered.</summary>
    Requested,

    /// <summary>Their hub asked to link with ours; our admins have not answered.</summary>
    AwaitingOurApproval,

    /// <summary>Both hubs follow each other.</summary>
    Linked,

    /// <summary>We follow them and they do not follow us (they declined, or ended their side).</summary>
    OneWay,

    /// <summary>They asked, and our admins said no: they stay an ordinary follower of our hub.</summary>
    Declined,
}

/// <summary>One link (or request for one) with another hub.</summary>
/// <param name="HubActorId">The other hub's Group id.</param>
/// <param name="AskedByUs">True when our admin asked; false when their hub asked us.</param>
/// <param name="Note">The asking admin's note, plain text.</param>
/// <param name="Reshare">Our hub announces the linked hub's members' own public posts to our followers (one hop).</param>
/// <param name="RequestActivityId">The id of the Follow that carried the request (ours when we asked, theirs when they did).</param>
/// <param name="DecidedBy">The member here who asked, approved or declined.</param>
public sealed record HubLink(
    Guid Id,
    string HubActorId,
    HubLinkState State,
    bool AskedByUs,
    string Note,
    bool Reshare,
    string? RequestActivityId,
    Guid? DecidedBy,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt);

/// <summary>The wire names of <see cref="HubLinkState"/> (API, database).</summary>
public static class HubLinkStates
{
    public static string Name(HubLinkState state) => state switch
    {
        HubLinkState.Requested => "requested",
        HubLinkState.AwaitingOurApproval => "awaiting-our-approval",
        HubLinkState.Linked => "linked",
        HubLinkState.OneWay => "one-way",
        HubLinkState.Declined => "declined",
        _ => throw new ArgumentOutOfRangeException(nameof(state)),
    };

    public static HubLinkState? Parse(string? name) => name switch
    {
        "requested" => HubLinkState.Requested,
        "awaiting-our-approval" => HubLinkState.AwaitingOurApproval,
        "linked" => HubLinkState.Linked,
        "one-way" => HubLinkState.OneWay,
        "declined" => HubLinkState.Declined,
        _ => null,
    };
}

/// <summary>Links with other hubs (migration 0026). A node has a handful, so lists are not paged.</summary>
public interface IHubLinkStore
{
    Task<HubLink?> FindAsync(Guid id, CancellationToken ct);

    /// <summary>The link (or request) with this hub, or null.</summary>
    Task<HubLink?> FindByHubAsync(string hubActorId, CancellationToken ct);

    /// <summary>All links, newest change first; only those in <paramref name="state"/> when given.</summary>
    Task<IReadOnlyList<HubLink>> ListAsync(HubLinkState? state, CancellationToken ct);

    /// <summary>Adds the link or replaces the stored one with the same id.</summary>
    Task PutAsync(HubLink link, ITransaction tx, CancellationToken ct);

    Task<bool> DeleteAsync(Guid id, ITransaction tx, CancellationToken ct);
}
