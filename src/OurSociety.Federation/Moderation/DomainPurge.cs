using OurSociety.Core.Federation;
using OurSociety.Core.Media;
using OurSociety.Core.Moderation;
using OurSociety.Core.Posts;
using OurSociety.Core.Work;
using OurSociety.Federation.Actors;
using OurSociety.Federation.Delivery;
using OurSociety.Federation.Follows;
using OurSociety.Federation.Needs;

namespace OurSociety.Federation.Moderation;

/// <summary>
/// What suspending a domain does to what we keep of it (<see cref="DomainWork.Purge"/>, written with the block):
/// its people's follows of our members end with a <c>Reject(Follow)</c> each (as Mastodon does), our follows of them
/// end here without a word, and their received posts, needs and offers, reactions, cached pictures and the accounts
/// themselves are removed, with their posts sent to the hub. Idempotent: the Reject ids derive from the item and each follow, and what is gone stays gone.
/// </summary>
public sealed partial class DomainPurge(
    IDomainContentStore content,
    IDomainRules rules,
    IPostStore posts,
    IRemoteActorStore remoteActorStore,
    RemoteActors remoteActors,
    ProposalInbox needs,
    FollowService follows,
    IFollowStore followStore,
    Outbox outbox,
    IWorkItemStore workItems,
    Core.Hubs.IHubLinkStore hubLinks,
    Core.Hubs.IHubSubmissionStore submissions,
    TimeProvider time,
    ILogger<DomainPurge> log) : IWorkHandler
{
    public string Kind => DomainWork.Purge;

    public async Task RunAsync(WorkItem item, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(item);
        var payload = WorkPayload.Read<DomainPurgePayload>(item);
        if (!DomainName.TryParse(payload.Domain, out var domain, out DomainNameProblem _)
            || (await rules.ForAsync(domain.Value, ct)).Severity != DomainSeverity.Suspend)
        {
            // Unblocked (or lowered) before this ran: nothing is removed.
            LogSkipped(payload.Domain);
            await outbox.CompleteAsync(item, [], ct);
            return;
        }

        // Read everything before the transaction (no other connection inside it).
        var follow = await content.FollowsAsync(domain, ct);
        var farewells = new List<Outgoing>();
        foreach (var theirs in follow.Where(f => f.Direction == FollowDirection.In))
        {
            farewells.AddRange(await follows.AnswerAsync(false, theirs, outbox.ActivityIdFor(item, "reject|" + theirs.Id.ToString("D")), ct));
        }

        var actors = await content.ActorIdsAsync(domain, ct);
        var postIds = await content.PostIdsAsync(domain, ct);
        var media = await content.MediaAsync(domain, ct);
        // Links with hubs there end with their follows (the follows of both hubs are among those above).
        var links = (await hubLinks.ListAsync(null, ct)).Where(l => actors.Contains(l.HubActorId)).ToList();
        var now = time.GetUtcNow();
        await outbox.CompleteAsync(item, farewells, async (tx, ct) =>
        {
            foreach (var f in follow)
            {
                await followStore.DeleteAsync(f.Id, tx, ct);
            }

            foreach (var id in postIds)
            {
                await posts.MarkDeletedAsync(id, now, tx, ct);
            }

            await content.DeleteReactionsAsync(actors, tx, ct);
            await content.DeleteMediaAsync([.. media.Select(m => m.Id)], tx, ct);
            if (media.Count > 0)
            {
                // Their files go once the rows' removal commits (a work item of its own, so a crash cannot leave them).
                await workItems.AddAsync([MediaFileWork.Item([.. media.Select(m => new MediaFileRef(m.Id, m.MediaType))])], tx, ct);
            }

            foreach (var link in links)
            {
                await hubLinks.DeleteAsync(link.Id, tx, ct);
            }

            // Their posts sent to the hub leave its queue (any state), so a moderator can never approve them.
            await submissions.DeleteByActorsAsync(actors, tx, ct);

            foreach (var actor in actors)
            {
                await needs.ForgetActor(actor)(tx, ct);
                await remoteActorStore.DeleteAsync(actor, tx, ct);
            }
        }, ct);

        foreach (var actor in actors)
        {
            remoteActors.Forget(actor);
        }

        LogPurged(domain.Value, follow.Count, farewells.Count, postIds.Count, media.Count, actors.Count);
    }

    [LoggerMessage(5961, LogLevel.Information,
        "Suspended domain {Domain}: ended {Follows} follows ({Rejects} Reject sent), removed {Posts} posts, {Media} pictures and {Actors} accounts")]
    private partial void LogPurged(string domain, int follows, int rejects, int posts, int media, int actors);

    [LoggerMessage(5962, LogLevel.Information, "Domain {Domain} is no longer suspended; nothing removed")]
    private partial void LogSkipped(string domain);
}
