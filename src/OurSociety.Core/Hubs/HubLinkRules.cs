using OurSociety.Core.Posts;
using OurSociety.Core.Work;

namespace OurSociety.Core.Hubs;

/// <summary>The work a hub link causes: a linked hub's member's post reshared by our hub (one hop).</summary>
public static class HubLinkWork
{
    /// <summary>Payload: <see cref="HubLinkReshareEvent"/>. Partitioned by post, so one post is announced once.</summary>
    public const string Reshare = "hublink.reshare";

    public static NewWorkItem ReshareItem(Guid postId, string hubActorId) =>
        new(Reshare, WorkPayload.Write(new HubLinkReshareEvent(postId, hubActorId)), "post:" + postId.ToString("D"));
}

/// <summary>A received post that our hub may reshare, and the linked hub it came through.</summary>
public sealed record HubLinkReshareEvent(Guid PostId, string HubActorId);

/// <summary>
/// The rules of hub links (issue 14), apart from the wire: what an admin's note may be, which state a link moves to when
/// a follow arrives, ends or is accepted, and which received posts our hub reshares ("one hop").
/// </summary>
public static class HubLinkRules
{
    /// <summary>The longest note an admin may send with a request (characters).</summary>
    public const int NoteMax = 1000;

    /// <summary>The API's field names, as problems name them.</summary>
    public const string HubField = "hub";

    public const string NoteField = "note";

    /// <summary>Whether the admins of our hub may answer it (approve or decline).</summary>
    public static bool Answerable(HubLink link) => link.State == HubLinkState.AwaitingOurApproval;

    /// <summary>
    /// Unlinking ends both follows for a link or a request of ours; for their request (waiting or declined) only the row
    /// goes: they stay an ordinary follower, as they would after a decline.
    /// </summary>
    public static bool UnlinkEndsFollows(HubLink link) => link.State is HubLinkState.Linked or HubLinkState.Requested or HubLinkState.OneWay;

    /// <summary>
    /// The state once both follows may be there: <see cref="HubLinkState.Linked"/> when ours is accepted and theirs is
    /// too, for a link we asked for or approved (<see cref="HubLinkState.Requested"/>) or one that was one-way and that
    /// they now follow back; otherwise unchanged.
    /// </summary>
    public static HubLinkState AfterFollows(HubLink link, bool oursAccepted, bool theirsAccepted) =>
        link.State is HubLinkState.Requested or HubLinkState.OneWay && oursAccepted && theirsAccepted ? HubLinkState.Linked : link.State;

    /// <summary>
    /// Their follow of our hub ended (Undo): a link or request of ours becomes one-way while we still follow them, and goes
    /// when we do not; their own request (waiting or declined) goes. Null: delete the row.
    /// </summary>
    public static HubLinkState? AfterTheirFollowEnded(HubLink link, bool weStillFollow) =>
        link.State is HubLinkState.Linked or HubLinkState.Requested or HubLinkState.OneWay && weStillFollow ? HubLinkState.OneWay : null;

    /// <summary>
    /// Whether our hub reshares a received post that came through the linked hub <paramref name="hubActorId"/>: only a
    /// public top-level story or lesson whose <c>audience</c> is that hub and whose author is on that hub's own origin
    /// (its member: not what it reshared from elsewhere, not a submission it took), with the link linked and reshare on.
    /// </summary>
    public static bool Reshares(HubLink? link, Post post, string hubActorId) =>
        link is { State: HubLinkState.Linked, Reshare: true } && link.HubActorId == hubActorId
        && post is { Kind: PostKind.Story or PostKind.Lesson, Visibility: Visibility.Public, ParentId: null, IsDeleted: false, Draft: false }
        && post.Hub == hubActorId
        && post.RemoteAuthor is { } author && SameOrigin(author, hubActorId);

    private static bool SameOrigin(string a, string b) =>
        Uri.TryCreate(a, UriKind.Absolute, out var x) && Uri.TryCreate(b, UriKind.Absolute, out var y)
        && string.Equals(x.GetLeftPart(UriPartial.Authority), y.GetLeftPart(UriPartial.Authority), StringComparison.OrdinalIgnoreCase);
}
