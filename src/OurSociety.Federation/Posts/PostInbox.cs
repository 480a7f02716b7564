using OurSociety.ActivityPub.Discovery;
using OurSociety.ActivityPub.Json;
using OurSociety.ActivityPub.Vocabulary;
using OurSociety.Core;
using OurSociety.Core.Federation;
using OurSociety.Core.Notifications;
using OurSociety.Core.Posts;
using OurSociety.Core.Work;
using OurSociety.Federation.Actors;
using OurSociety.Federation.Inbox;

namespace OurSociety.Federation.Posts;

/// <summary>
/// Received activities about posts: Create, Update and Delete of Notes, Articles and Pages; Like, Announce and their
/// Undo. The inbox has checked the signature, that the key is the actor's and the origins of the activity and any
/// embedded object (INTEROP §7.1–7.3); each method checks the rest (that the actor owns what it changes). Each stores
/// returns its change with its notifications and follow-up work (picture copies, a lesson's links), which the inbox
/// commits with the activity's outcome: after a crash the same activity is handled again and changes nothing twice.
/// </summary>
public sealed partial class PostInbox(
    IPostStore posts,
    IFollowStore follows,
    INotificationStore notifications,
    LocalActors locals,
    LocalPostDocuments documents,
    ReceivedPosts received,
    PostResolver resolver,
    IDocumentFetcher fetcher,
    IMentionStore mentionStore,
    Notifier notifier,
    Hubs.HubSubmissionInbox hubSubmissions,
    Core.Hubs.IHubSubmissionStore submissionStore,
    Hubs.HubLinkInbox hubLinks,
    PostHubActors hubActors,
    TimeProvider time,
    ILogger<PostInbox> logger)
{
    /// <summary>
    /// Stores a new post when someone here has reason to see it: it answers a post we have, its author is followed
    /// here (by a member or the hub), it mentions a member, or it credits a post we have (a lesson's sources).
    /// </summary>
    public async Task<InboxOutcome> CreateAsync(ApDocument activity, string actorId, CancellationToken ct) =>
        await ObjectOfAsync(activity, ct) is { } obj
            ? await CreateAsync(obj, actorId, requestId: null, ct, activity)
            : new InboxOutcome.Ignored("the object could not be read");

    /// <summary>
    /// A GoToSocial <c>ReplyRequest</c> (v0.20): asking to reply to one of our posts, the reply in <c>instrument</c>
    /// (embedded, or by id and fetched from its origin). It is received as a Create of that reply would be; our Accept
    /// or Reject names the request.
    /// </summary>
    public async Task<InboxOutcome> ReplyRequestAsync(ApDocument activity, string actorId, CancellationToken ct)
    {
        var obj = activity.GetObjects(AsProperties.Instrument).FirstOrDefault(o => o.Json.Count > 1)
            ?? (activity.GetReference(AsProperties.Instrument) is { } id && Uri.TryCreate(id, UriKind.Absolute, out var url)
                ? (await fetcher.FetchAsync(url, ct)).Document
                : null);
        if (obj is null)
        {
            return new InboxOutcome.Ignored("the reply could not be read");
        }

        if (obj.GetReference(AsProperties.InReplyTo) is not { } inReplyTo || activity.ObjectId is { } asked && asked != inReplyTo)
        {
            return new InboxOutcome.Refused("a ReplyRequest whose reply does not answer its object");
        }

        return await CreateAsync(obj, actorId, activity.Id, ct);
    }

    private async Task<InboxOutcome> CreateAsync(ApDocument obj, string actorId, string? requestId, CancellationToken ct, ApDocument? activity = null)
    {
        if (!ReceivedPosts.IsPostType(obj.Type))
        {
            return new InboxOutcome.Kept();
        }

        if (OriginRules.ObjectOriginError(obj, actorId) is { } originError)
        {
            return new InboxOutcome.Refused(originError);
        }

        // A post sent to our hub (FEP-1b12) waits in its queue whether or not anyone here follows its author.
        var submission = await hubSubmissions.CheckAsync(activity, obj, actorId, ct);
        if (await posts.FindByApIdAsync(obj.Id!, ct) is not null)
        {
            return submission is Hubs.SubmissionCheck.Keep stored
                ? Queued(stored, "already stored")
                : new InboxOutcome.Ignored("already stored");
        }

        var mentioned = await MentionedMembersAsync(obj, ct);
        Post? parent = null;
        if (obj.GetReference(AsProperties.InReplyTo) is { } inReplyTo && (parent = await documents.FindAsync(inReplyTo, ct)) is null
            && (mentioned.Count == 0 || (parent = await resolver.ResolveAsync(inReplyTo, ct)) is null))
        {
            // A reply that names a member here answers a post they may never have seen: that is fetched (public posts
            // only), so the reply shows in its thread. Any other reply to something unknown concerns no one here.
            return new InboxOutcome.Ignored("a reply to something we do not have");
        }

        if (parent is { IsDeleted: true } or { Draft: true })
        {
            return new InboxOutcome.Ignored("a reply to a deleted post");
        }

        if (!await ReceivedPostRules.KeepsAsync(parent is not null, mentioned.Count,
                async () => await follows.IsFollowedHereAsync(actorId, ct) || await CreditsOneOfOursAsync(obj, ct)))
        {
            return submission switch
            {
                Hubs.SubmissionCheck.Keep queued => Queued(queued, null),
                Hubs.SubmissionCheck.Refuse refused => new InboxOutcome.Refused(refused.Why),
                Hubs.SubmissionCheck.Repeat => new InboxOutcome.Ignored("submitted to the hub already"),
                _ => new InboxOutcome.Ignored("no one here follows its author or is named in it"),
            };
        }

        var root = parent?.RootId is { } rootId ? await posts.FindAsync(rootId, ct) : parent;
        var post = await received.ReadAsync(obj, actorId, parent, root, null, ct);
        var state = await ReplyStateAsync(parent, root, actorId, ct);
        post = post with { ReplyState = state, ReplyRequestId = requestId };
        var told = new List<Notification?>();
        var notified = new HashSet<Guid>();
        var kind = post.TriedOutcome is not null ? NotificationKind.Tried : NotificationKind.Reply;
        if (state == ReplyState.Pending)
        {
            // Held by the thread's reply policy: only the root's author hears of it, to approve or decline it.
            told.Add(root?.AuthorId is { } rootAuthor ? notifier.Make(rootAuthor, NotificationKind.ReplyAwaitingApproval, actorId, isLocal: false, post.Id) : null);
        }
        else
        {
            foreach (var answered in new[] { parent, root }.OfType<Post>())
            {
                if (answered.AuthorId is { } author && notified.Add(author))
                {
                    told.Add(notifier.Make(author, kind, actorId, isLocal: false, post.Id));
                }
            }

            told.AddRange(mentioned.Select(m => m.Member!.Id).Where(notified.Add).Select(member => notifier.Make(member, NotificationKind.Mention, actorId, isLocal: false, post.Id)));
        }

        // GoToSocial waits for an Accept before it shows a reply that needed permission (also one allowed at once
        // by a followers or following list), so an allowed reply to a post with a policy is accepted at once.
        var preapproved = state == ReplyState.Shown && root is { IsLocal: true, ReplyPolicy: not ReplyPolicy.Anyone };
        // Whom here it names, kept with it: they may read it although it is addressed to the author's followers only
        // (or to them alone), as on Mastodon (PostAccess).
        var named = mentioned.Select(m => new Mention(Mentions.Key(m.Username, new Uri(locals.Origin).Authority), m.Id, m.ProfileUrl, time.GetUtcNow())).ToList();
        LogStored(post.Kind, obj.Id!, actorId);
        var queue = submission as Hubs.SubmissionCheck.Keep;
        // A linked hub's member's own post: our hub may pass it on (one hop, federation-specs/hub-links.md).
        var reshare = await hubLinks.ReshareWorkAsync(post, actorId, ct);
        // The hub it came through, when unknown here, is fetched by its own item so its card can name it.
        var hub = await hubActors.WorkForAsync(post, ct);
        IReadOnlyCollection<NewWorkItem> work = preapproved
            ? [.. FollowUps(post), ReplyWork.Item(ReplyWork.Approved, post.Id), .. reshare, .. hub]
            : [.. FollowUps(post), .. reshare, .. hub];
        return new InboxOutcome.Done($"stored {PostKinds.Name(post.Kind)}" + SubmissionNote(submission))
        {
            Writes = async (tx, ct) =>
            {
                if (await posts.AddAsync(post, tx, ct))
                {
                    await notifications.AddAsync([.. told.OfType<Notification>()], tx, ct);
                    await mentionStore.PutAsync(MentionSubjects.Post(post.Id), named, tx, ct);
                }

                if (queue is not null)
                {
                    await hubSubmissions.StoreAsync(queue, tx, ct);
                }
            },
            Work = queue is null ? work : [.. work, .. queue.Work],
        };
    }

    /// <summary>A submission to the hub, kept apart from posts until approved (already stored when <paramref name="also"/> says so).</summary>
    private InboxOutcome.Done Queued(Hubs.SubmissionCheck.Keep queued, string? also)
    {
        var submission = queued.Submission;
        LogSubmitted(submission.ApId, submission.ActorId, Core.Hubs.HubSubmissionStates.Name(submission.State));
        var what = submission.State == Core.Hubs.HubSubmissionState.Approved ? "submitted to the hub: approved at once" : "submitted to the hub: waiting";
        return new InboxOutcome.Done(also is null ? what : $"{what} ({also})")
        {
            Writes = (tx, ct) => hubSubmissions.StoreAsync(queued, tx, ct),
            Work = queued.Work,
        };
    }

    private static string SubmissionNote(Hubs.SubmissionCheck? check) => check switch
    {
        Hubs.SubmissionCheck.Keep { Submission.State: Core.Hubs.HubSubmissionState.Approved } => "; submitted to the hub: approved at once",
        Hubs.SubmissionCheck.Keep => "; submitted to the hub: waiting",
        Hubs.SubmissionCheck.Refuse refused => "; not a submission: " + refused.Why,
        _ => "",
    };

    /// <summary>
    /// Where a received reply stands with the policy of the thread it joins: only a thread rooted here has one we
    /// enforce. The root's author's follows decide <see cref="ReplyPolicy.Following"/>; the people the root names
    /// (its looked-up mentions) may always answer.
    /// </summary>
    private async Task<ReplyState> ReplyStateAsync(Post? parent, Post? root, string actorId, CancellationToken ct)
    {
        if (root is not { IsLocal: true })
        {
            return ReplyState.Shown;
        }

        var named = root.Mentioned.Any(m => m.ActorId == actorId);
        var followed = root.ReplyPolicy == ReplyPolicy.Following && await documents.AuthorAsync(root, ct) is { } author
            && await follows.FindAsync(author.Username, actorId, FollowDirection.Out, ct) is { State: FollowState.Accepted };
        return ReplyPolicies.Decide(root.ReplyPolicy, byRootAuthor: false, parent?.ReplyState == ReplyState.Pending, named, followed);
    }

    /// <summary>An edit by the post's own author: the stored copy takes the new content (addressing stays).</summary>
    public async Task<InboxOutcome> UpdateAsync(ApDocument activity, string actorId, CancellationToken ct)
    {
        if (activity.EmbeddedObject is not { } obj || !ReceivedPosts.IsPostType(obj.Type))
        {
            return new InboxOutcome.Kept();
        }

        if (OriginRules.ObjectOriginError(obj, actorId) is { } originError)
        {
            return new InboxOutcome.Refused(originError);
        }

        // A post still waiting in the hub's queue takes its author's edit, so approval announces what they now say;
        // once approved it is a stored post like any other and is edited below.
        var waiting = await submissionStore.FindByApIdAsync(obj.Id!, ct) is { State: Core.Hubs.HubSubmissionState.Waiting } found ? found : null;
        if (waiting is not null && waiting.ActorId != actorId)
        {
            return new InboxOutcome.Refused("not the author's own post");
        }

        var revised = waiting is null ? null : Hubs.HubSubmissionInbox.Revise(waiting, obj);
        if (await posts.FindByApIdAsync(obj.Id!, ct) is not { } stored)
        {
            return revised is null
                ? new InboxOutcome.Ignored("not stored here")
                : new InboxOutcome.Done("submission updated") { Writes = (tx, ct) => submissionStore.ReviseAsync(revised, tx, ct) };
        }

        if (stored.RemoteAuthor != actorId)
        {
            return new InboxOutcome.Refused("not the author's own post");
        }

        if (stored.IsDeleted)
        {
            return new InboxOutcome.Ignored("deleted");
        }

        var parent = stored.ParentId is { } parentId ? await posts.FindAsync(parentId, ct) : null;
        var root = stored.RootId is { } rootId ? await posts.FindAsync(rootId, ct) : null;
        var updated = await received.ReadAsync(obj, actorId, parent, root, stored, ct);
        return new InboxOutcome.Done(revised is null ? "updated" : "updated; submission updated")
        {
            Writes = async (tx, ct) =>
            {
                await posts.UpdateAsync(updated, tx, ct);
                if (revised is not null)
                {
                    await submissionStore.ReviseAsync(revised, tx, ct);
                }
            },
            Work = [.. FollowUps(updated), .. await hubActors.WorkForAsync(updated, ct)],
        };
    }

    /// <summary>A deletion by the post's own author: the copy keeps its place (410) without its content.</summary>
    public async Task<InboxOutcome> DeleteAsync(ApDocument activity, string actorId, CancellationToken ct)
    {
        // Its author took back a post still waiting in the hub's queue: it leaves the queue, never to be announced
        // (also when the post is stored here because someone follows its author).
        var withdrawn = activity.ObjectId is { } submitted
            && await submissionStore.FindByApIdAsync(submitted, ct) is { State: Core.Hubs.HubSubmissionState.Waiting } waiting && waiting.ActorId == actorId
            ? waiting
            : null;
        var at = time.GetUtcNow();
        Func<ITransaction, CancellationToken, Task> withdraw = (tx, ct) =>
            withdrawn is null ? Task.CompletedTask : submissionStore.DecideAsync(withdrawn.Id, Core.Hubs.HubSubmissionState.Declined, null, at, tx, ct);
        if (activity.ObjectId is not { } objectId || await posts.FindByApIdAsync(objectId, ct) is not { } stored)
        {
            return withdrawn is null
                ? new InboxOutcome.Ignored("not stored here")
                : new InboxOutcome.Done("submission withdrawn") { Writes = withdraw };
        }

        if (stored.RemoteAuthor != actorId)
        {
            return new InboxOutcome.Refused("not the author's own post");
        }

        if (stored.IsDeleted)
        {
            return new InboxOutcome.Ignored("deleted already");
        }

        return new InboxOutcome.Done(withdrawn is null ? "deleted" : "deleted; submission withdrawn")
        {
            Writes = async (tx, ct) =>
            {
                await posts.MarkDeletedAsync(stored.Id, at, tx, ct);
                await withdraw(tx, ct);
            },
        };
    }

    /// <summary>"This helped me" from anywhere, for a post we have; its author here is told.</summary>
    public async Task<InboxOutcome> LikeAsync(ApDocument activity, string actorId, CancellationToken ct)
    {
        if (activity.ObjectId is not { } objectId || await documents.FindAsync(objectId, ct) is not { IsDeleted: false, Draft: false } post)
        {
            return new InboxOutcome.Ignored("not a post we have");
        }

        return await ReactAsync(post, ReactionKind.Like, activity.Id!, actorId, "liked", ct);
    }

    /// <summary>
    /// A share of a post here (counted, author told), or a boost by someone followed here of a post elsewhere: that
    /// post is fetched from its own server (never taken inline, INTEROP §7.4), stored, and the share recorded, so it
    /// shows in the home timelines of those who follow the booster (a hub followed from here, typically).
    /// </summary>
    public async Task<InboxOutcome> AnnounceAsync(ApDocument activity, string actorId, CancellationToken ct)
    {
        if (activity.ObjectId is not { } objectId)
        {
            return new InboxOutcome.Ignored("no object");
        }

        var post = await documents.FindAsync(objectId, ct);
        if (post is null)
        {
            if (!activity.IsAddressedToPublic || !await follows.IsFollowedHereAsync(actorId, ct))
            {
                return new InboxOutcome.Ignored("no one here follows the booster");
            }

            post = await resolver.FetchAndStoreAsync(objectId, ct);
            if (post is null)
            {
                return new InboxOutcome.Ignored("the boosted post could not be fetched");
            }
        }

        if (post.IsDeleted || post.Draft || post.Kind == PostKind.Reply)
        {
            return new InboxOutcome.Ignored("not a story or lesson we have");
        }

        var shared = await ReactAsync(post, ReactionKind.Share, activity.Id!, actorId, "shared", ct);
        // The linked hub's boost of its member's post: our hub may pass it on (one hop, federation-specs/hub-links.md).
        return shared is InboxOutcome.Done done && await hubLinks.ReshareWorkAsync(post, actorId, ct) is { Count: > 0 } reshare
            ? done with { Work = [.. done.Work, .. reshare] }
            : shared;
    }

    /// <summary>Takes back a Like or Announce of the actor's own (matched by its activity id).</summary>
    public async Task<InboxOutcome> UndoReactionAsync(string undoneId, string actorId, CancellationToken ct)
    {
        if (await posts.FindReactionByActivityAsync(undoneId, ct) is not { } reaction)
        {
            return new InboxOutcome.Ignored("no such like or share");
        }

        if (reaction.IsLocal || reaction.Actor != actorId)
        {
            return new InboxOutcome.Refused("not the actor's own");
        }

        return new InboxOutcome.Done(reaction.Kind == ReactionKind.Like ? "like undone" : "share undone")
        {
            Writes = (tx, ct) => posts.RemoveReactionAsync(reaction.PostId, reaction.Kind, reaction.Actor, tx, ct),
        };
    }

    /// <summary>The work a stored copy causes: its pictures copied here, a lesson's links looked up.</summary>
    public static IReadOnlyCollection<NewWorkItem> FollowUps(Post post)
    {
        var items = new List<NewWorkItem>();
        if (ReceivedPosts.NeedsCopies(post))
        {
            items.Add(PictureCopies.Item(post.Id));
        }

        if (post.Kind == PostKind.Lesson)
        {
            // The links are looked up later, within what is left of the budget of the activity that brought the lesson.
            items.Add(new NewWorkItem(PostWork.ResolveLinks,
                WorkPayload.Write(new PostEvent(post.Id) { FetchesLeft = Http.FetchBudget.Current?.Left }), PostWork.Partition(post.Id)));
        }

        return items;
    }

    private async Task<InboxOutcome> ReactAsync(Post post, ReactionKind kind, string activityId, string actorId, string done, CancellationToken ct)
    {
        if (await posts.FindReactionAsync(post.Id, kind, actorId, ct) is not null)
        {
            return new InboxOutcome.Ignored(done + " already");
        }

        var told = post.AuthorId is { } author
            ? notifier.Make(author, kind == ReactionKind.Like ? NotificationKind.Like : NotificationKind.Share, actorId, isLocal: false, post.Id)
            : null;
        var reaction = new Reaction(post.Id, kind, actorId, IsLocal: false, activityId, time.GetUtcNow());
        return new InboxOutcome.Done(done)
        {
            Writes = async (tx, ct) =>
            {
                if (await posts.AddReactionAsync(reaction, tx, ct) && told is not null)
                {
                    await notifications.AddAsync([told], tx, ct);
                }
            },
        };
    }

    /// <summary>The created object: embedded (its origin checked at the inbox), or fetched from its origin by id.</summary>
    private async Task<ApDocument?> ObjectOfAsync(ApDocument activity, CancellationToken ct)
    {
        if (activity.EmbeddedObject is { } embedded)
        {
            return embedded;
        }

        return activity.ObjectId is { } id && Uri.TryCreate(id, UriKind.Absolute, out var url)
            ? (await fetcher.FetchAsync(url, ct)).Document
            : null;
    }

    /// <summary>The members here the object's <c>Mention</c> tags name (as local actors: each has a <see cref="LocalActor.Member"/>).</summary>
    private async Task<List<LocalActor>> MentionedMembersAsync(ApDocument obj, CancellationToken ct)
    {
        var members = new List<LocalActor>();
        foreach (var mention in obj.GetObjects(AsProperties.Tag).Take(50))
        {
            if (mention.Type == ObjectTypes.Mention && mention.GetString(AsProperties.Href) is { } href
                && await locals.FindByIdAsync(href, ct) is { Member: { } member } actor && members.All(m => m.Member!.Id != member.Id))
            {
                members.Add(actor);
            }
        }

        return members;
    }

    private async Task<bool> CreditsOneOfOursAsync(ApDocument obj, CancellationToken ct)
    {
        foreach (var url in obj.GetReferences("derivedFrom").Take(PostLimits.SourcesMax).Append(obj.GetReference("adaptedFrom")).OfType<string>())
        {
            if (await documents.FindAsync(url, ct) is not null)
            {
                return true;
            }
        }

        return false;
    }

    [LoggerMessage(5901, LogLevel.Information, "Stored a received {Kind} {ApId} by {ActorId}")]
    private partial void LogStored(PostKind kind, string apId, string actorId);

    [LoggerMessage(14280, LogLevel.Information, "A post {ApId} by {ActorId} was submitted to the hub ({State})")]
    private partial void LogSubmitted(string apId, string actorId, string state);
}
