using System.Text.Json.Nodes;
using OurSociety.ActivityPub;
using OurSociety.ActivityPub.Json;
using OurSociety.ActivityPub.Vocabulary;
using OurSociety.Core;
using OurSociety.Core.Hubs;
using OurSociety.Core.Posts;
using OurSociety.Core.Work;
using OurSociety.Federation.Actors;
using OurSociety.Federation.Delivery;
using OurSociety.Federation.Posts;

namespace OurSociety.Federation.Hubs;

/// <summary>
/// Announces an approved submission (<see cref="HubSubmissionWork.Announce"/>): stores it among posts unless it is
/// there (so the hub's page shows it), then the hub Group sends <c>Announce{object id}</c> (public, cc its followers
/// and the author) to every follower's inbox and the author's, so Mastodon shows the author "boosted your post"; and,
/// only to inboxes whose host's NodeInfo names software known to read it, FEP-1b12's wrapped <c>Announce{Create}</c>
/// carrying the Create as received (as Lemmy sends both). The activity ids come from the item: run twice, it sends
/// nothing new.
/// </summary>
public sealed partial class HubSubmissionFederation(
    IHubSubmissionStore submissions,
    HubSubmissionRefusals refusals,
    IPostStore posts,
    ReceivedPosts received,
    RemoteActors remoteActors,
    InstanceSoftwareLookup software,
    Outbox outbox,
    IWorkItemStore work,
    IPageCache pages,
    LocalActors locals,
    ILogger<HubSubmissionFederation> logger)
{
    public async Task AnnounceAsync(WorkItem item, CancellationToken ct)
    {
        var payload = WorkPayload.Read<HubSubmissionEvent>(item);
        if (await submissions.FindAsync(payload.SubmissionId, ct) is not { State: HubSubmissionState.Approved } submission
            || ApDocument.Parse(System.Text.Encoding.UTF8.GetBytes(submission.ObjectJson)).Document is not { } obj)
        {
            return;
        }

        // Checked again when it runs: an approval queued just before its author or their domain was limited, suspended
        // or blocked (or the hub blocked the author) stores and sends nothing. Nothing is written either, so a retry
        // does the same.
        if (await refusals.CheckAsync(submission.ActorId, ct) is { } refusal)
        {
            LogRefused(submission.ApId, refusal);
            return;
        }

        // Stored once approved (a post whose author someone here follows is stored already). Our own copy of a
        // deleted post is not brought back.
        Post? newPost = null;
        if (await posts.FindByApIdAsync(submission.ApId, ct) is { } stored)
        {
            if (stored.IsDeleted)
            {
                return;
            }
        }
        else
        {
            newPost = await received.ReadAsync(obj, submission.ActorId, null, null, null, ct);
        }

        var hub = locals.Hub;
        var published = submission.DecidedAt ?? submission.ReceivedAt;
        var plain = Activities.Announce(outbox.ActivityIdFor(item, "announce"), hub.Id, submission.ApId, published,
            [ActivityStreams.Public], [ApUrls.Followers(hub.Id), submission.ActorId]);
        var followers = await outbox.FollowerInboxesAsync(hub.Username, ct);
        var plainInboxes = new List<string>(followers);
        if (await remoteActors.GetAsync(submission.ActorId, refresh: false, ct) is ({ } author, _))
        {
            plainInboxes.Add(author.DeliveryInbox);
        }

        var sent = new List<Outgoing> { new(hub.Username, plain, plainInboxes.Distinct(StringComparer.Ordinal).ToList()) };
        var wrappedInboxes = await WrappedInboxesAsync(followers, ct);
        if (wrappedInboxes.Count > 0 && JsonNode.Parse(submission.ActivityJson) is JsonObject create && create["type"]?.GetValue<string>() == ActivityTypes.Create)
        {
            sent.Add(new(hub.Username, Activities.AnnounceActivity(outbox.ActivityIdFor(item, "announce-create"), hub.Id, create, published,
                [ActivityStreams.Public], [ApUrls.Followers(hub.Id)]), wrappedInboxes));
        }

        await outbox.CompleteAsync(item, sent, async (tx, ct) =>
        {
            if (newPost is not null && await posts.AddAsync(newPost, tx, ct))
            {
                var followUps = PostInbox.FollowUps(newPost);
                if (followUps.Count > 0)
                {
                    await work.AddAsync(followUps, tx, ct);
                }
            }
        }, ct);
        await pages.ChangedAsync();   // the hub's page shows it now
        LogAnnounced(submission.ApId, plainInboxes.Count, wrappedInboxes.Count);
    }

    /// <summary>The follower inboxes on hosts whose software reads FEP-1b12's wrapped Announce (INTEROP §4.4).</summary>
    private async Task<List<string>> WrappedInboxesAsync(IReadOnlyList<string> inboxes, CancellationToken ct)
    {
        var urls = inboxes.Select(i => Uri.TryCreate(i, UriKind.Absolute, out var u) ? u : null).OfType<Uri>().ToList();
        if (urls.Count == 0)
        {
            return [];
        }

        var names = await software.SoftwareOfAsync([.. urls.Select(u => new Uri(u.GetLeftPart(UriPartial.Authority)))], ct);
        return [.. urls.Where(u => names.TryGetValue(u.Authority.ToLowerInvariant(), out var name) && GroupTerms.WrappedAnnounceSoftware.Contains(name))
            .Select(u => u.OriginalString)];
    }

    [LoggerMessage(14282, LogLevel.Information, "The hub announced the submission {ApId} to {Plain} inboxes ({Wrapped} also wrapped)")]
    private partial void LogAnnounced(string apId, int plain, int wrapped);

    [LoggerMessage(14283, LogLevel.Information, "The hub did not announce the approved submission {ApId}: its author is refused now ({Refusal})")]
    private partial void LogRefused(string apId, HubSubmissionRefusal refusal);
}
