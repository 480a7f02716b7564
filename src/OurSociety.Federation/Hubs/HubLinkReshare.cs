using System.Text.Json.Nodes;
using OurSociety.ActivityPub;
using OurSociety.ActivityPub.Json;
using OurSociety.ActivityPub.Vocabulary;
using OurSociety.Core.Federation;
using OurSociety.Core.Hubs;
using OurSociety.Core.Moderation;
using OurSociety.Core.Posts;
using OurSociety.Core.Work;
using OurSociety.Federation.Actors;
using OurSociety.Federation.Delivery;

namespace OurSociety.Federation.Hubs;

/// <summary>
/// Our hub reshares a linked hub's member's post (<see cref="HubLinkWork.Reshare"/>): an <c>Announce</c> of it by
/// reference, public, to our hub's followers. The rules are checked again when it runs (the link may have ended, reshare
/// been turned off, the post deleted), and the post's own <c>interactionPolicy.canAnnounce</c>, read from its origin, is
/// honoured: present and naming neither the public, our hub nor our hub's followers, it is not reshared. The Announce's
/// id derives from the post and our hub, so the post is announced once however many items ask for it.
/// </summary>
public sealed partial class HubLinkReshare(
    IPostStore posts,
    IHubLinkStore links,
    IRemoteActorStore actors,
    IDomainRules domains,
    IDocumentFetcher fetcher,
    LocalActors locals,
    Outbox outbox,
    ILogger<HubLinkReshare> logger) : IWorkHandler
{
    public string Kind => HubLinkWork.Reshare;

    public async Task RunAsync(WorkItem item, CancellationToken ct)
    {
        var payload = WorkPayload.Read<HubLinkReshareEvent>(item);
        if (await posts.FindAsync(payload.PostId, ct) is not { ApId: { } apId } post
            || !HubLinkRules.Reshares(await links.FindByHubAsync(payload.HubActorId, ct), post, payload.HubActorId)
            || !(await domains.ForAsync(apId, ct)).Federates)
        {
            await outbox.CompleteAsync(item, [], ct);
            return;
        }

        var hub = locals.Hub;
        var followers = ApUrls.Followers(hub.Id);
        if (Uri.TryCreate(apId, UriKind.Absolute, out var url) && (await fetcher.FetchAsync(url, ct)).Document is { } obj
            && !MayAnnounce(obj, hub.Id, followers))
        {
            LogNotAllowed(apId);
            await outbox.CompleteAsync(item, [], ct);
            return;
        }

        var announce = Activities.Announce(outbox.ActivityIdFor(apId + "|" + hub.Id, "hublink-reshare"), hub.Id, apId,
            post.PublishedAt ?? post.CreatedAt, [ActivityStreams.Public], [followers, post.RemoteAuthor!]);
        // The linked hub follows ours but has the post already: sending it back is a wasted POST (its shared inbox, when
        // it has one, also stands for its members who follow us, and they have it too).
        var linked = await actors.FindAsync(payload.HubActorId, ct);
        var inboxes = (await outbox.FollowerInboxesAsync(hub.Username, ct))
            .Where(inbox => linked is null || (inbox != linked.Inbox && inbox != linked.SharedInbox)).ToList();
        await outbox.CompleteAsync(item, [new(hub.Username, announce, inboxes)], ct);
        LogReshared(apId, payload.HubActorId);
    }

    /// <summary>
    /// GoToSocial's <c>interactionPolicy.canAnnounce</c>: absent, anyone may; present, its automatic or manual approval
    /// lists (either spelling) must name the public, our hub or our hub's followers.
    /// </summary>
    public static bool MayAnnounce(ApDocument post, string hubId, string hubFollowers)
    {
        ArgumentNullException.ThrowIfNull(post);
        if (post.GetObject(InteractionControls.InteractionPolicy)?[InteractionControls.CanAnnounce] is not JsonObject canAnnounce)
        {
            return true;
        }

        var policy = ApDocument.From(canAnnounce).Document;
        return policy is not null && new[] { InteractionControls.AutomaticApproval, InteractionControls.ManualApproval, InteractionControls.Always, InteractionControls.ApprovalRequired }
            .SelectMany(policy.GetReferences)
            .Any(who => ApDocument.IsPublic(who) || who == hubId || who == hubFollowers);
    }

    [LoggerMessage(5987, LogLevel.Information, "Our hub reshared {ApId}, from the linked hub {HubActorId}")]
    private partial void LogReshared(string apId, string hubActorId);

    [LoggerMessage(5988, LogLevel.Information, "Not reshared {ApId}: its interaction policy does not let our hub announce it")]
    private partial void LogNotAllowed(string apId);
}
