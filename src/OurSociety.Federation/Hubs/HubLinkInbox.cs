using OurSociety.ActivityPub.Vocabulary;
using OurSociety.Core;
using OurSociety.Core.Federation;
using OurSociety.Core.Hubs;
using OurSociety.Core.Moderation;
using OurSociety.Core.Notifications;
using OurSociety.Core.Posts;
using OurSociety.Core.Work;
using OurSociety.Federation.Actors;
using OurSociety.Federation.Inbox;

namespace OurSociety.Federation.Hubs;

/// <summary>
/// What received follows mean for hub links (federation-specs/hub-links.md). The inbox handlers of Follow, Accept,
/// Reject and Undo ask it for the extra writes (committed with theirs): a request from another hub waits for our
/// admins; two accepted follows make a link; a <c>Reject</c> carrying <c>linkRequest</c> is their decline (our follow
/// stays: one-way); an ended follow ends or halves the link. Each of these the other hub does tells our admins
/// (<see cref="HubNotices"/>), once: only a change of state tells. It also decides which received posts our hub reshares.
/// </summary>
public sealed partial class HubLinkInbox(
    IHubLinkStore links,
    IFollowStore follows,
    IDomainRules domains,
    LocalActors locals,
    HubDirectory.DirectorySchedule directory,
    HubNotices notices,
    TimeProvider time,
    ILogger<HubLinkInbox> logger)
{
    /// <summary>
    /// A remote actor's Follow of our hub is accepted (hubs take followers at once). A link request from an Our Society
    /// hub with no link here waits for our admins (also after an earlier decline); a Follow from a hub we asked, or whose
    /// request we approved, makes the link once our own follow of theirs is accepted too.
    /// </summary>
    public async Task<Func<ITransaction, CancellationToken, Task>?> FollowedAsync(ReceivedActivity received, RemoteActor actor, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var link = await links.FindByHubAsync(actor.Id, ct);
        if (link is null or { State: HubLinkState.Declined })
        {
            if (!HubLinkTerms.IsMarked(received.Activity) || actor.Type != ObjectTypes.Group || !actor.ImplementsIntroductions
                || !(await domains.ForAsync(actor.Id, ct)).Federates)
            {
                return null;   // an ordinary follower (a person, a Lemmy community, a hub not asking to link)
            }

            var note = (received.Activity.GetString(AsProperties.Content) ?? "").Trim();
            var asked = new HubLink(link?.Id ?? Guid.CreateVersion7(now), actor.Id, HubLinkState.AwaitingOurApproval, AskedByUs: false,
                note.Length > HubLinkRules.NoteMax ? note[..HubLinkRules.NoteMax] : note, link?.Reshare ?? false, received.Id, null,
                link?.CreatedAt ?? now, now);
            LogRequested(actor.Id);
            // Only a request with no waiting one before it comes here: a repeated Follow finds the request waiting.
            return async (tx, ct) =>
            {
                await links.PutAsync(asked, tx, ct);
                await notices.LinkAsync(asked, NotificationKind.HubLinkRequested, tx, ct);
            };
        }

        var ours = await follows.FindAsync(locals.HubUsername, actor.Id, FollowDirection.Out, ct);
        var state = HubLinkRules.AfterFollows(link, ours?.State == FollowState.Accepted, theirsAccepted: true);
        return Moved(link, state, now);
    }

    /// <summary>Their hub answered our hub's Follow: accepted, it may make the link (they follow us too); rejected, the link ends.</summary>
    public async Task<Func<ITransaction, CancellationToken, Task>?> OurFollowAnsweredAsync(Follow follow, bool accepted, CancellationToken ct)
    {
        if (follow.LocalActor != locals.HubUsername || await links.FindByHubAsync(follow.RemoteActorId, ct) is not { } link)
        {
            return null;
        }

        if (!accepted)
        {
            LogEnded(follow.RemoteActorId);
            return async (tx, ct) =>
            {
                await links.DeleteAsync(link.Id, tx, ct);
                await EndedAsync(link, null, tx, ct);
            };
        }

        var theirs = await follows.FindAsync(locals.HubUsername, follow.RemoteActorId, FollowDirection.In, ct);
        return Moved(link, HubLinkRules.AfterFollows(link, oursAccepted: true, theirs?.State == FollowState.Accepted), time.GetUtcNow());
    }

    /// <summary>
    /// Their decline of our request: a <c>Reject</c> carrying <c>linkRequest</c> from the hub we asked. Handled before
    /// the ordinary follow answers so that our follow stays (they keep us as a follower): the link is one-way.
    /// Null when it is not one.
    /// </summary>
    public async Task<InboxOutcome?> DeclinedAsync(ReceivedActivity received, CancellationToken ct)
    {
        if (!HubLinkTerms.IsMarked(received.Activity) || await links.FindByHubAsync(received.ActorId, ct) is not { } link)
        {
            return null;
        }

        if (link is not { AskedByUs: true, State: HubLinkState.Requested })
        {
            return new InboxOutcome.Ignored("no link request of ours waiting there");
        }

        LogDeclined(received.ActorId);
        var declined = link with { State = HubLinkState.OneWay, UpdatedAt = time.GetUtcNow() };
        return new InboxOutcome.Done("link declined")
        {
            Writes = async (tx, ct) =>
            {
                await links.PutAsync(declined, tx, ct);
                await notices.LinkAsync(declined, NotificationKind.HubLinkDeclined, tx, ct);
            },
        };
    }

    /// <summary>Their follow of our hub ended (Undo): the link becomes one-way while we still follow them, else it goes.</summary>
    public async Task<Func<ITransaction, CancellationToken, Task>?> TheirFollowEndedAsync(Follow follow, CancellationToken ct)
    {
        if (follow.LocalActor != locals.HubUsername || await links.FindByHubAsync(follow.RemoteActorId, ct) is not { } link)
        {
            return null;
        }

        var ours = await follows.FindAsync(locals.HubUsername, follow.RemoteActorId, FollowDirection.Out, ct);
        LogEnded(follow.RemoteActorId);
        return HubLinkRules.AfterTheirFollowEnded(link, ours is not null) is { } state
            ? Moved(link, state, time.GetUtcNow())
            : async (tx, ct) =>
            {
                await links.DeleteAsync(link.Id, tx, ct);
                await EndedAsync(link, null, tx, ct);
            };
    }

    /// <summary>
    /// The reshare work for a received story or lesson that came through <paramref name="via"/> (its author's Create, or
    /// the hub's Announce), when <see cref="HubLinkRules.Reshares"/> says our hub passes it on; otherwise none.
    /// </summary>
    public async Task<IReadOnlyCollection<NewWorkItem>> ReshareWorkAsync(Post post, string via, CancellationToken ct)
    {
        if (post.Hub is not { } hubId || (via != hubId && via != post.RemoteAuthor))
        {
            return [];
        }

        return HubLinkRules.Reshares(await links.FindByHubAsync(hubId, ct), post, hubId) ? [HubLinkWork.ReshareItem(post.Id, hubId)] : [];
    }

    private Func<ITransaction, CancellationToken, Task>? Moved(HubLink link, HubLinkState state, DateTimeOffset now) =>
        state == link.State ? null : async (tx, ct) =>
        {
            var moved = link with { State = state, UpdatedAt = now };
            await links.PutAsync(moved, tx, ct);
            if (state == HubLinkState.Linked)
            {
                await directory.NowAsync(tx, ct);
                // Their doing: they approved our request, or followed back a link that was one-way. A request of
                // theirs that our admin approved becomes linked by their Accept of our follow: our admins know it.
                if (link.AskedByUs || link.State == HubLinkState.OneWay)
                {
                    await notices.LinkAsync(moved, NotificationKind.HubLinkMade, tx, ct);
                }
            }

            await EndedAsync(link, state, tx, ct);
        };

    /// <summary>
    /// Tells our admins when a made link ends by the other hub's doing (to <paramref name="after"/>, or gone when null).
    /// Only the first of their two activities (Undo of their follow, Reject of ours) finds it linked: told once.
    /// </summary>
    private Task EndedAsync(HubLink link, HubLinkState? after, ITransaction tx, CancellationToken ct) =>
        link.State == HubLinkState.Linked && after != HubLinkState.Linked
            ? notices.LinkAsync(after is { } state ? link with { State = state } : link, NotificationKind.HubLinkEnded, tx, ct)
            : Task.CompletedTask;

    [LoggerMessage(5984, LogLevel.Information, "{HubActorId} asks to link with our hub")]
    private partial void LogRequested(string hubActorId);

    [LoggerMessage(5985, LogLevel.Information, "{HubActorId} declined our hub's link request")]
    private partial void LogDeclined(string hubActorId);

    [LoggerMessage(5986, LogLevel.Information, "{HubActorId} ended its side of the link with our hub")]
    private partial void LogEnded(string hubActorId);
}
