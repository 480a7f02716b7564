using System.Globalization;
using Microsoft.Extensions.Logging;
using OurSociety.Core.Media;
using OurSociety.Core.Members;
using OurSociety.Core.Notifications;
using OurSociety.Core.Work;

namespace OurSociety.Core.Posts;

/// <summary>
/// Writing, publishing, editing and deleting stories and lessons, replying, and "this helped me" and shares, for
/// members here. Every input is checked before anything is stored; a refused request stores nothing. Each change
/// commits with its notifications and the work it causes (telling other servers) in one transaction.
/// </summary>
public sealed partial class PostService(
    IPostStore posts,
    IMemberStore members,
    IMediaStore media,
    INotificationStore notifications,
    IReplyPolicyStore replyPolicies,
    Setup.INodeSettingStore settings,
    Moderation.IModerationLogStore moderationLog,
    UnitOfWork unit,
    Notifier notifier,
    TimeProvider time,
    ILogger<PostService> log)
{
    public static string DeletedMessage => CoreText.Get("Post.DeletedByAuthor");

    public static string RemovedMessage => CoreText.Get("Post.RemovedByModerators");

    /// <summary>What a deleted post's address says: removed by the moderators, or deleted by its author.</summary>
    public static string GoneMessage(Post post) => post.IsRemoved ? RemovedMessage : DeletedMessage;

    public async Task<Outcome<Post>> CreateStoryAsync(Guid authorId, StoryInput input, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        var images = await ValidateStoryAsync(authorId, input, errors, ct);
        var licence = Licence(input.Licence, errors);
        var visibility = VisibilityOf(input.Visibility, errors);
        var topics = Topics(input.Topics, errors);
        var language = await LanguageAsync(input.Language, null, authorId, errors, ct);
        var replyPolicy = await ReplyPolicyAsync(input.ReplyPolicy, null, authorId, errors, ct);
        if (errors.Count > 0)
        {
            return new Outcome<Post>.Invalid(errors);
        }

        var now = time.GetUtcNow();
        var post = new Post
        {
            Id = Guid.CreateVersion7(now),
            Kind = PostKind.Story,
            ReplyPolicy = replyPolicy,
            Language = language,
            AuthorId = authorId,
            Title = input.Title!.Trim(),
            Summary = Trimmed(input.Summary),
            Body = input.Body?.Trim() ?? "",
            Locality = Trimmed(input.Locality),
            Topics = topics,
            Images = images,
            Licence = licence,
            Visibility = visibility,
            Draft = input.Draft,
            CreatedAt = now,
            PublishedAt = input.Draft ? null : now,
        };
        return await AddAsync(post, ct);
    }

    public async Task<Outcome<Post>> CreateLessonAsync(Guid authorId, LessonInput input, CancellationToken ct)
    {
        var errors = ValidateLesson(input);
        var licence = Licence(input.Licence, errors);
        var visibility = VisibilityOf(input.Visibility, errors);
        var topics = Topics(input.Topics, errors);
        var sources = Sources(input.Sources, errors);
        var language = await LanguageAsync(input.Language, null, authorId, errors, ct);
        var replyPolicy = await ReplyPolicyAsync(input.ReplyPolicy, null, authorId, errors, ct);
        if (errors.Count > 0)
        {
            return new Outcome<Post>.Invalid(errors);
        }

        var now = time.GetUtcNow();
        var post = new Post
        {
            Id = Guid.CreateVersion7(now),
            Kind = PostKind.Lesson,
            ReplyPolicy = replyPolicy,
            Language = language,
            AuthorId = authorId,
            CreatedAt = now,
            PublishedAt = input.Draft ? null : now,
            Draft = input.Draft,
            Licence = licence,
            Visibility = visibility,
            Topics = topics,
            Sources = sources,
        };
        return await AddAsync(WithLessonFields(post, input), ct);
    }

    public async Task<Outcome<Post>> UpdateStoryAsync(Guid authorId, Guid id, StoryInput input, CancellationToken ct)
    {
        var owned = await OwnAsync(authorId, id, PostKind.Story, ct);
        if (owned is not Outcome<Post>.Ok(var existing))
        {
            return owned;
        }

        var errors = new Dictionary<string, string[]>();
        var images = await ValidateStoryAsync(authorId, input, errors, ct);
        var licence = Licence(input.Licence, errors);
        var visibility = ChangedVisibility(existing, input.Visibility, input.Draft, errors);
        var topics = Topics(input.Topics, errors);
        var language = await LanguageAsync(input.Language, existing, authorId, errors, ct);
        var replyPolicy = await ReplyPolicyAsync(input.ReplyPolicy, existing, authorId, errors, ct);
        if (errors.Count > 0)
        {
            return new Outcome<Post>.Invalid(errors);
        }

        return await SaveEditAsync(existing, existing with
        {
            Language = language,
            ReplyPolicy = replyPolicy,
            Title = input.Title!.Trim(),
            Summary = Trimmed(input.Summary),
            Body = input.Body?.Trim() ?? "",
            Locality = Trimmed(input.Locality),
            Topics = topics,
            Images = images,
            Licence = licence,
            Visibility = visibility,
        }, input.Draft, ct);
    }

    public async Task<Outcome<Post>> UpdateLessonAsync(Guid authorId, Guid id, LessonInput input, CancellationToken ct)
    {
        var owned = await OwnAsync(authorId, id, PostKind.Lesson, ct);
        if (owned is not Outcome<Post>.Ok(var existing))
        {
            return owned;
        }

        var errors = ValidateLesson(input);
        var licence = Licence(input.Licence, errors);
        var visibility = ChangedVisibility(existing, input.Visibility, input.Draft, errors);
        var topics = Topics(input.Topics, errors);
        var sources = Sources(input.Sources, errors);
        var language = await LanguageAsync(input.Language, existing, authorId, errors, ct);
        var replyPolicy = await ReplyPolicyAsync(input.ReplyPolicy, existing, authorId, errors, ct);
        if (errors.Count > 0)
        {
            return new Outcome<Post>.Invalid(errors);
        }

        return await SaveEditAsync(existing, WithLessonFields(existing, input) with
        {
            Language = language,
            ReplyPolicy = replyPolicy,
            Topics = topics,
            Sources = sources,
            Licence = licence,
            Visibility = visibility,
        }, input.Draft, ct);
    }

    /// <summary>
    /// Deletes a story, lesson or reply of the member. Only its author deletes a post: moderators remove other
    /// people's with a reason (<see cref="RemoveAsync"/>), so its page can say who took it down.
    /// </summary>
    public async Task<Outcome<bool>> DeleteAsync(Guid memberId, Guid id, CancellationToken ct)
    {
        var post = await posts.FindAsync(id, ct);
        if (post is null || post.AuthorId is null || (post.Draft && post.AuthorId != memberId))
        {
            return new Outcome<bool>.NotFound();
        }

        if (post.IsDeleted)
        {
            return new Outcome<bool>.Gone(GoneMessage(post));
        }

        if (post.AuthorId != memberId)
        {
            return new Outcome<bool>.Forbidden(MayModerate(await members.FindAsync(memberId, ct))
                ? CoreText.Get("Post.ModeratorRemovesInstead")
                : CoreText.Get("Post.OnlyAuthorDeletes"));
        }

        await unit.CommitAsync(async tx =>
        {
            await posts.MarkDeletedAsync(id, time.GetUtcNow(), tx, ct);
            return post.Draft ? [] : [PostWork.Deletion(post)];
        }, ct);

        LogDeleted(post.Kind, id);
        return new Outcome<bool>.Ok(true);
    }

    /// <summary>
    /// A moderator or admin removes a story, lesson or reply (written here or received) and says why. Its content goes
    /// as with its author's deletion; the reason, who removed it and when stay with it. A post written here is
    /// deleted on other servers by the same <see cref="PostWork.Deleted"/> work as its author's own deletion; a received
    /// one is removed here only (only its own server may send its Delete). Removing it again changes nothing.
    /// </summary>
    /// <returns>Ok(true) when removed now, Ok(false) when it was removed already.</returns>
    public Task<Outcome<bool>> RemoveAsync(Guid moderatorId, Guid id, PostKind kind, string? reason, CancellationToken ct) =>
        RemoveAsync(moderatorId, id, kind, reason, null, ct);

    /// <inheritdoc cref="RemoveAsync(Guid, Guid, PostKind, string?, CancellationToken)"/>
    /// <remarks>The removal's line in the moderators' audit log names <paramref name="reportId"/> when it closes a report.</remarks>
    public async Task<Outcome<bool>> RemoveAsync(Guid moderatorId, Guid id, PostKind kind, string? reason, Guid? reportId, CancellationToken ct)
    {
        var moderator = await members.FindAsync(moderatorId, ct);
        if (!MayModerate(moderator))
        {
            return new Outcome<bool>.Forbidden(CoreText.Get("Post.OnlyModeratorsRemove"));
        }

        var why = reason?.Trim();
        if (string.IsNullOrEmpty(why))
        {
            return new Outcome<bool>.Invalid(new Dictionary<string, string[]> { ["reason"] = [CoreText.Get("Post.RemovalReasonMissing")] });
        }

        if (why.Length > PostLimits.RemovalReasonMax)
        {
            return new Outcome<bool>.Invalid(new Dictionary<string, string[]>
            {
                ["reason"] = [CoreText.Format("Post.RemovalReasonTooLong", ("max", PostLimits.RemovalReasonMax), ("length", why.Length))],
            });
        }

        var post = await posts.FindAsync(id, ct);
        if (post is null || post.Kind != kind || post.Draft)
        {
            return new Outcome<bool>.NotFound();
        }

        if (post.IsRemoved)
        {
            return new Outcome<bool>.Ok(false);
        }

        if (post.IsDeleted)
        {
            return new Outcome<bool>.Gone(DeletedMessage);
        }

        var removed = false;
        await unit.CommitAsync(async tx =>
        {
            var now = time.GetUtcNow();
            removed = await posts.MarkRemovedAsync(id, new PostRemoval(moderatorId, why, now), tx, ct);
            if (removed)
            {
                await moderationLog.AddAsync(new Moderation.ModerationEntry(
                    Guid.CreateVersion7(now), now, moderatorId, moderator!.Username, Moderation.ModerationActions.Remove,
                    Moderation.ModerationTargets.Post, id.ToString("D"), post.Title ?? PostKinds.Name(post.Kind), why, null, reportId), tx, ct);
            }

            return removed && post.IsLocal ? [PostWork.Deletion(post)] : [];
        }, ct);

        if (removed)
        {
            LogRemoved(post.Kind, id, moderatorId);
        }

        return new Outcome<bool>.Ok(removed);
    }

    /// <summary>Replies to a story, lesson or reply here (local or received); the thread's root must be readable.</summary>
    public async Task<Outcome<Post>> ReplyAsync(Guid authorId, Post parent, ReplyInput input, CancellationToken ct)
    {
        if (parent.IsDeleted)
        {
            return new Outcome<Post>.Gone(CoreText.Get("Reply.ToDeleted"));
        }

        if (parent.Draft)
        {
            return new Outcome<Post>.NotFound();
        }

        var errors = new Dictionary<string, string[]>();
        var body = input.Body?.Trim();
        var outcome = Trimmed(input.TriedOutcome);
        if (string.IsNullOrEmpty(body) && outcome is null)
        {
            errors["body"] = [CoreText.Get("Reply.Empty")];
        }
        else if (body is { Length: > PostLimits.ReplyMax })
        {
            errors["body"] = [CoreText.Format("Reply.TooLong", ("max", PostLimits.ReplyMax))];
        }

        if (outcome is { Length: > PostLimits.SummaryMax })
        {
            errors["triedIt.outcome"] = [CoreText.Format("Reply.OutcomeTooLong", ("max", PostLimits.SummaryMax))];
        }

        var language = await LanguageAsync(input.Language, null, authorId, errors, ct);

        var root = parent.Kind == PostKind.Reply && parent.RootId is { } rootId ? await posts.FindAsync(rootId, ct) ?? parent : parent;
        if (outcome is not null && root.Kind != PostKind.Lesson)
        {
            errors["triedIt"] = [CoreText.Get("Reply.TriedOnlyForLessons")];
        }

        if (errors.Count > 0)
        {
            return new Outcome<Post>.Invalid(errors);
        }

        var now = time.GetUtcNow();
        var reply = new Post
        {
            Id = Guid.CreateVersion7(now),
            Kind = PostKind.Reply,
            AuthorId = authorId,
            ParentId = parent.Id,
            RootId = root.Id,
            Body = body ?? "",
            TriedOutcome = outcome,
            Language = language,
            // A reply is as visible as what it answers: a followers-only story's replies stay among its readers.
            Visibility = root.Visibility == Visibility.Public ? Visibility.Public : Visibility.Unlisted,
            Licence = root.Licence,
            CreatedAt = now,
            PublishedAt = now,
            ReplyState = await ReplyStateAsync(authorId, parent, root, ct),
        };
        var kind = outcome is not null ? NotificationKind.Tried : NotificationKind.Reply;
        var told = new List<Notification?>();
        if (reply.ReplyState == ReplyState.Pending)
        {
            // Held: only the root's author hears of it (to approve or decline); it goes nowhere else until approved.
            told.Add(NotifyAuthor(root, NotificationKind.ReplyAwaitingApproval, authorId, reply.Id));
        }
        else
        {
            told.Add(NotifyAuthor(parent, kind, authorId, reply.Id));
            if (parent.Id != root.Id && root.AuthorId != parent.AuthorId)
            {
                told.Add(NotifyAuthor(root, kind, authorId, reply.Id));
            }

            told.AddRange(await MentionedAsync(reply, skip: [parent.AuthorId, root.AuthorId], ct));
        }

        await unit.CommitAsync(async tx =>
        {
            await posts.AddAsync(reply, tx, ct);
            await notifications.AddAsync([.. told.OfType<Notification>()], tx, ct);
            return reply.ReplyState == ReplyState.Pending ? [] : PostWork.WithMentions(reply, PostWork.Item(PostWork.Published, reply.Id));
        }, ct);
        LogCreated(PostKind.Reply, reply.Id);
        return new Outcome<Post>.Ok(reply);
    }

    /// <summary>"This helped me" or a share by a member here; repeating it changes nothing.</summary>
    public async Task<Outcome<Post>> ReactAsync(Guid memberId, Post post, ReactionKind kind, bool add, CancellationToken ct)
    {
        if (post.IsDeleted)
        {
            return new Outcome<Post>.Gone(DeletedMessage);
        }

        if (post.Draft || post.Kind == PostKind.Reply && kind == ReactionKind.Share)
        {
            return new Outcome<Post>.NotFound();
        }

        if (kind == ReactionKind.Share && post.Visibility is not Visibility.Public and not Visibility.Unlisted)
        {
            return new Outcome<Post>.Forbidden(CoreText.Get("Post.OnlyPublicShared"));
        }

        var actor = memberId.ToString("D");
        var reaction = new Reaction(post.Id, kind, actor, IsLocal: true, null, time.GetUtcNow());
        if (add)
        {
            var told = NotifyAuthor(post, kind == ReactionKind.Like ? NotificationKind.Like : NotificationKind.Share, memberId, null);
            await unit.CommitAsync(async tx =>
            {
                if (!await posts.AddReactionAsync(reaction, tx, ct))
                {
                    return [];   // repeated: nothing new to tell anyone
                }

                await notifications.AddAsync([.. new[] { told }.OfType<Notification>()], tx, ct);
                return [PostWork.Reaction(reaction, added: true)];
            }, ct);
        }
        else if (await posts.FindReactionAsync(post.Id, kind, actor, ct) is { } existing)
        {
            await unit.CommitAsync(async tx =>
                await posts.RemoveReactionAsync(post.Id, kind, actor, tx, ct) ? [PostWork.Reaction(existing, added: false)] : [], ct);
        }

        return new Outcome<Post>.Ok((await posts.FindAsync(post.Id, ct))!);
    }

    /// <summary>The author of a story or lesson hides (or shows again) a reply under it.</summary>
    public async Task<Outcome<Post>> HideReplyAsync(Guid memberId, Guid replyId, bool hidden, CancellationToken ct)
    {
        var reply = await posts.FindAsync(replyId, ct);
        if (reply is not { Kind: PostKind.Reply, RootId: { } rootId } || await posts.FindAsync(rootId, ct) is not { } root)
        {
            return new Outcome<Post>.NotFound();
        }

        var parent = reply.ParentId is { } parentId ? await posts.FindAsync(parentId, ct) : null;
        if (root.AuthorId != memberId && parent?.AuthorId != memberId)
        {
            return new Outcome<Post>.Forbidden(CoreText.Get("Reply.OnlyAuthorHides"));
        }

        await posts.SetHiddenAsync(replyId, hidden, ct);
        return new Outcome<Post>.Ok(reply with { Hidden = hidden });
    }

    /// <summary>
    /// The author of a story or lesson approves or declines a reply held by its reply policy. An approved reply shows
    /// (one written here goes out now, one received is accepted where it came from); a declined one never shows (one
    /// received is rejected). Deciding again the same way changes nothing; changing one's mind is refused.
    /// </summary>
    public async Task<Outcome<Post>> DecideReplyAsync(Guid memberId, Guid replyId, bool approve, CancellationToken ct)
    {
        var reply = await posts.FindAsync(replyId, ct);
        if (reply is not { Kind: PostKind.Reply, RootId: { } rootId } || await posts.FindAsync(rootId, ct) is not { } root)
        {
            return new Outcome<Post>.NotFound();
        }

        if (root.AuthorId != memberId)
        {
            // Someone else's thread: not a word about whether a held reply exists in it.
            return reply.ReplyState == ReplyState.Shown || reply.AuthorId == memberId
                ? new Outcome<Post>.Forbidden(CoreText.Get("ReplyPolicy.OnlyAuthorDecides"))
                : new Outcome<Post>.NotFound();
        }

        var state = approve ? ReplyState.Shown : ReplyState.Declined;
        if (reply.ReplyState == state)
        {
            return new Outcome<Post>.Ok(reply);
        }

        if (reply.ReplyState != ReplyState.Pending || reply.IsDeleted)
        {
            return new Outcome<Post>.Conflict(CoreText.Get("ReplyPolicy.AlreadyDecided"));
        }

        var decided = reply with { ReplyState = state };
        var told = new List<Notification?>();
        if (approve && reply.AuthorId is { } writer)
        {
            var parent = reply.ParentId is { } parentId && parentId != root.Id ? await posts.FindAsync(parentId, ct) : null;
            if (parent is not null && parent.AuthorId != root.AuthorId)
            {
                told.Add(NotifyAuthor(parent, NotificationKind.Reply, writer, reply.Id));
            }

            told.AddRange(await MentionedAsync(decided, skip: [parent?.AuthorId, root.AuthorId], ct));
        }

        await unit.CommitAsync(async tx =>
        {
            if (!await posts.SetReplyStateAsync(reply.Id, ReplyState.Pending, state, tx, ct))
            {
                return [];   // decided a moment ago by another request
            }

            await notifications.AddAsync([.. told.OfType<Notification>()], tx, ct);
            return reply.IsLocal
                ? approve ? PostWork.WithMentions(decided, PostWork.Item(PostWork.Published, reply.Id)) : []
                : [ReplyWork.Item(approve ? ReplyWork.Approved : ReplyWork.Declined, reply.Id)];
        }, ct);
        LogReplyDecided(reply.Id, state);
        return new Outcome<Post>.Ok((await posts.FindAsync(reply.Id, ct))!);
    }

    /// <summary>The replies held for the member's approval under their stories and lessons, oldest first.</summary>
    public Task<IReadOnlyList<Post>> HeldRepliesAsync(Guid memberId, CancellationToken ct) => posts.HeldRepliesAsync(memberId, ct);

    /// <summary>Members named as <c>@name</c> hear about it (but not twice: <paramref name="skip"/> were told already).</summary>
    private async Task<List<Notification?>> MentionedAsync(Post post, Guid?[]? skip, CancellationToken ct)
    {
        var told = new List<Notification?>();
        if (post.Visibility is not (Visibility.Public or Visibility.Unlisted) || post.AuthorId is not { } author)
        {
            return told;   // a followers-only post is not theirs to read, unless they follow: no notification that leads nowhere
        }

        foreach (var username in Mentions.LocalUsernames(post.Summary, post.Body, post.Situation, post.Tried, post.Happened, post.Learned, post.Advice))
        {
            if (await members.FindByUsernameAsync(username, ct) is { State: MemberState.Active } mentioned && skip?.Contains(mentioned.Id) != true)
            {
                told.Add(notifier.Make(mentioned.Id, NotificationKind.Mention, author.ToString("D"), isLocal: true, post.Id));
            }
        }

        return told;
    }

    /// <summary>Moderators and admins may remove posts and replies.</summary>
    public static bool MayModerate(Member? member) => member is not null && (member.IsAdmin || member.Has(Role.Moderator));

    private Notification? NotifyAuthor(Post post, NotificationKind kind, Guid actor, Guid? postId) =>
        post.AuthorId is { } author ? notifier.Make(author, kind, actor.ToString("D"), isLocal: true, postId ?? post.Id) : null;

    private async Task<Outcome<Post>> AddAsync(Post post, CancellationToken ct)
    {
        var told = post.Draft ? [] : await MentionedAsync(post, skip: null, ct);
        await unit.CommitAsync(async tx =>
        {
            await posts.AddAsync(post, tx, ct);
            await notifications.AddAsync([.. told.OfType<Notification>()], tx, ct);
            return post.Draft ? [] : Published(post);
        }, ct);
        LogCreated(post.Kind, post.Id);

        return new Outcome<Post>.Ok((await posts.FindAsync(post.Id, ct))!);
    }

    private async Task<Outcome<Post>> SaveEditAsync(Post before, Post after, bool draft, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var publishing = before.Draft && !draft;
        // A draft's UpdatedAt is when it was last saved (the drafts page shows it); publishing starts it afresh, so
        // a post is "edited" only when changed after publishing.
        after = publishing
            ? after with { Draft = false, PublishedAt = now, UpdatedAt = null }
            : after with { UpdatedAt = now };
        var told = publishing ? await MentionedAsync(after, skip: null, ct) : [];
        await unit.CommitAsync(async tx =>
        {
            await posts.UpdateAsync(after, tx, ct);
            await notifications.AddAsync([.. told.OfType<Notification>()], tx, ct);
            return publishing ? Published(after)
                : after.Draft ? []
                : after.Kind == PostKind.Lesson ? PostWork.WithMentions(after, PostWork.Item(PostWork.ResolveLinks, after.Id), PostWork.Item(PostWork.Updated, after.Id))
                : PostWork.WithMentions(after, PostWork.Item(PostWork.Updated, after.Id));
        }, ct);

        return new Outcome<Post>.Ok((await posts.FindAsync(after.Id, ct))!);
    }

    /// <summary>
    /// The work publishing causes: the people it names and a lesson's links are looked up first, so its Create can
    /// mention them and name what it credits.
    /// </summary>
    private static NewWorkItem[] Published(Post post) => post.Kind == PostKind.Lesson
        ? PostWork.WithMentions(post, PostWork.Item(PostWork.ResolveLinks, post.Id), PostWork.Item(PostWork.Published, post.Id))
        : PostWork.WithMentions(post, PostWork.Item(PostWork.Published, post.Id));

    private async Task<Outcome<Post>> OwnAsync(Guid authorId, Guid id, PostKind kind, CancellationToken ct)
    {
        var post = await posts.FindAsync(id, ct);
        if (post is null || post.Kind != kind || post.AuthorId is null || (post.Draft && post.AuthorId != authorId))
        {
            return new Outcome<Post>.NotFound();
        }

        if (post.IsDeleted)
        {
            return new Outcome<Post>.Gone(DeletedMessage);
        }

        return post.AuthorId == authorId ? new Outcome<Post>.Ok(post) : new Outcome<Post>.Forbidden(CoreText.Get("Post.OnlyAuthorChanges"));
    }

    private async Task<IReadOnlyList<PostImage>> ValidateStoryAsync(Guid authorId, StoryInput input, Dictionary<string, string[]> errors, CancellationToken ct)
    {
        Required(errors, "title", input.Title, CoreText.Get("Story.TitleMissing"));
        Longest(errors, "title", input.Title, PostLimits.TitleMax);
        Longest(errors, "summary", input.Summary, PostLimits.SummaryMax);
        Longest(errors, "locality", input.Locality, PostLimits.LocalityMax);
        if (!input.Draft)
        {
            Required(errors, "body", input.Body, CoreText.Get("Story.BodyMissing"));
        }

        Longest(errors, "body", input.Body, PostLimits.BodyMax);

        var images = new List<PostImage>();
        var given = input.Images ?? [];
        if (given.Count > PostLimits.ImagesMax)
        {
            errors["images"] = [CoreText.Format("Story.TooManyPictures", ("max", PostLimits.ImagesMax))];
            return images;
        }

        for (var i = 0; i < given.Count; i++)
        {
            var field = $"images[{i}]";
            var alt = given[i].Alt?.Trim();
            if (string.IsNullOrEmpty(alt))
            {
                errors[field + ".alt"] = [CoreText.Get("Picture.AltMissing")];
            }
            else if (alt.Length > PostLimits.AltMax)
            {
                errors[field + ".alt"] = [CoreText.Format("Picture.AltTooLong", ("max", PostLimits.AltMax))];
            }

            if (given[i].MediaId is not { } mediaId || await media.FindAsync(mediaId, ct) is not { } item || item.OwnerId != authorId)
            {
                errors[field + ".mediaId"] = [CoreText.Get("Picture.NotFound")];
                continue;
            }

            images.Add(new PostImage(item.Id, null, alt ?? "", item.MediaType, item.Width, item.Height));
        }

        return images;
    }

    /// <summary>
    /// The post's language: the one given (a known BCP 47 tag), else on an edit the one it had, else the author's
    /// (<see cref="PostLanguages.DefaultFor"/>, the one seam that picks a default).
    /// </summary>
    /// <summary>The reply policy asked for, or on an edit the one it had, or the author's default (theirs, else the hub's).</summary>
    private async Task<ReplyPolicy> ReplyPolicyAsync(string? given, Post? existing, Guid authorId, Dictionary<string, string[]> errors, CancellationToken ct)
    {
        if (!string.IsNullOrWhiteSpace(given))
        {
            if (ReplyPolicies.TryParse(given.Trim(), out var policy))
            {
                return policy;
            }

            errors["replyPolicy"] = [CoreText.Format("ReplyPolicy.Unknown", ("value", given.Trim()))];
            return ReplyPolicy.Anyone;
        }

        return existing?.ReplyPolicy ?? await DefaultReplyPolicyAsync(authorId, ct);
    }

    /// <summary>A member's default reply policy: their own choice, else the hub's default for members who chose none.</summary>
    public async Task<ReplyPolicy> DefaultReplyPolicyAsync(Guid memberId, CancellationToken ct) =>
        await replyPolicies.MemberDefaultAsync(memberId, ct) ?? await HubDefaultReplyPolicyAsync(ct);

    public async Task<ReplyPolicy> HubDefaultReplyPolicyAsync(CancellationToken ct) =>
        ReplyPolicies.TryParse(await settings.GetAsync(ReplyPolicies.HubDefaultSetting, ct), out var hub) ? hub : ReplyPolicy.Anyone;

    /// <summary>
    /// Whether a member's reply here shows at once: the thread's root decides when it was written here; a post
    /// from elsewhere is its own server's to police. Members here never follow each other (follows reach other hubs
    /// only), so under <see cref="ReplyPolicy.Following"/> a member's reply to another member waits for approval.
    /// </summary>
    private async Task<ReplyState> ReplyStateAsync(Guid authorId, Post parent, Post root, CancellationToken ct)
    {
        if (!root.IsLocal)
        {
            return ReplyState.Shown;
        }

        var username = (await members.FindAsync(authorId, ct))?.Username;
        var named = username is not null && Mentions.LocalUsernames(Mentions.TextsOf(root)).Contains(username, StringComparer.OrdinalIgnoreCase);
        return ReplyPolicies.Decide(root.ReplyPolicy, root.AuthorId == authorId, parent.ReplyState == ReplyState.Pending, named, followedByRootAuthor: false);
    }

    private async Task<string> LanguageAsync(string? given, Post? existing, Guid authorId, Dictionary<string, string[]> errors, CancellationToken ct)
    {
        if (!string.IsNullOrWhiteSpace(given))
        {
            if (PostLanguages.TryNormalise(given, out var tag))
            {
                return tag;
            }

            errors["language"] = [CoreText.Format("Post.LanguageUnknown", ("language", given.Trim()))];
            return PostLanguages.HubDefault;
        }

        return existing?.Language ?? PostLanguages.DefaultFor(await members.FindAsync(authorId, ct));
    }

    private static Dictionary<string, string[]> ValidateLesson(LessonInput input)
    {
        var errors = new Dictionary<string, string[]>();
        Required(errors, "title", input.Title, CoreText.Get("Lesson.TitleMissing"));
        Longest(errors, "title", input.Title, PostLimits.TitleMax);
        if (!input.Draft)
        {
            Required(errors, "learned", input.Learned, CoreText.Get("Lesson.LearnedMissing"));
        }

        foreach (var (field, value) in new[]
                 {
                     ("situation", input.Situation), ("tried", input.Tried), ("happened", input.Happened), ("learned", input.Learned), ("advice", input.Advice),
                 })
        {
            Longest(errors, field, value, PostLimits.LessonFieldMax);
        }

        if (input.AdaptedFrom is { Length: > 0 } adapted && !IsWebUrl(adapted.Trim()))
        {
            errors["adaptedFrom"] = [CoreText.Get("Lesson.AdaptedFromInvalid")];
        }

        return errors;
    }

    private static Post WithLessonFields(Post post, LessonInput input) => post with
    {
        Title = input.Title!.Trim(),
        Situation = Trimmed(input.Situation),
        Tried = Trimmed(input.Tried),
        Happened = Trimmed(input.Happened),
        Learned = Trimmed(input.Learned),
        Advice = Trimmed(input.Advice),
        AdaptedFrom = Trimmed(input.AdaptedFrom),
    };

    private static string Licence(string? id, Dictionary<string, string[]> errors)
    {
        if (string.IsNullOrWhiteSpace(id))
        {
            return Licences.Default;
        }

        if (Licences.Find(id.Trim()) is { } licence)
        {
            return licence.Id;
        }

        errors["licence"] = [CoreText.Format("Post.LicenceUnknown", ("licences", string.Join(", ", Licences.All.Select(l => l.Id))))];
        return Licences.Default;
    }

    private static Visibility VisibilityOf(string? name, Dictionary<string, string[]> errors)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            return Visibility.Public;
        }

        if (Visibilities.TryParse(name.Trim(), out var visibility) && visibility != Visibility.Direct)
        {
            return visibility;
        }

        errors["visibility"] = [CoreText.Get("Visibility.Unknown")];
        return Visibility.Public;
    }

    /// <summary>Addressing is fixed once published: other servers stored it with the audience it had.</summary>
    private static Visibility ChangedVisibility(Post existing, string? name, bool draft, Dictionary<string, string[]> errors)
    {
        var visibility = string.IsNullOrWhiteSpace(name) ? existing.Visibility : VisibilityOf(name, errors);
        if (!existing.Draft && visibility != existing.Visibility)
        {
            errors["visibility"] = [CoreText.Get("Visibility.Fixed")];
        }

        if (!existing.Draft && draft)
        {
            errors["draft"] = [CoreText.Get("Draft.AlreadyPublished")];
        }

        return visibility;
    }

    /// <summary>Topics are words (letters, digits, '_'), kept lower case, without '#', each once.</summary>
    public static IReadOnlyList<string> Topics(IReadOnlyList<string>? given, Dictionary<string, string[]> errors)
    {
        var topics = new List<string>();
        foreach (var raw in given ?? [])
        {
            var topic = NormaliseTopic(raw);
            if (topic.Length == 0)
            {
                continue;
            }

            if (topic.Length > PostLimits.TopicMax || !topic.All(c => char.IsLetterOrDigit(c) || c == '_'))
            {
                errors["topics"] = [CoreText.Format("Topics.Invalid", ("topic", raw.Trim()), ("max", PostLimits.TopicMax))];
                continue;
            }

            if (!topics.Contains(topic, StringComparer.Ordinal))
            {
                topics.Add(topic);
            }
        }

        if (topics.Count > PostLimits.TopicsMax)
        {
            errors["topics"] = [CoreText.Format("Topics.TooMany", ("max", PostLimits.TopicsMax))];
        }

        return topics;
    }

    public static string NormaliseTopic(string raw) => raw.Trim().TrimStart('#').ToLower(CultureInfo.InvariantCulture);

    private static List<string> Sources(IReadOnlyList<string>? given, Dictionary<string, string[]> errors)
    {
        var sources = (given ?? []).Select(s => s.Trim()).Where(s => s.Length > 0).Distinct(StringComparer.Ordinal).ToList();
        if (sources.Count > PostLimits.SourcesMax)
        {
            errors["sources"] = [CoreText.Format("Sources.TooMany", ("max", PostLimits.SourcesMax))];
        }
        else if (sources.FirstOrDefault(s => !IsWebUrl(s)) is { } bad)
        {
            errors["sources"] = [CoreText.Format("Sources.NotALink", ("link", bad))];
        }

        return sources;
    }

    public static bool IsWebUrl(string value) =>
        value.Length <= PostLimits.UrlMax && Uri.TryCreate(value, UriKind.Absolute, out var uri)
        && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp) && string.IsNullOrEmpty(uri.UserInfo);

    private static void Required(Dictionary<string, string[]> errors, string field, string? value, string message)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            errors[field] = [message];
        }
    }

    private static void Longest(Dictionary<string, string[]> errors, string field, string? value, int max)
    {
        if (value is not null && value.Trim().Length > max && !errors.ContainsKey(field))
        {
            errors[field] = [CoreText.Format("TooLongBy", ("max", max), ("length", value.Trim().Length))];
        }
    }

    private static string? Trimmed(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    [LoggerMessage(Level = LogLevel.Information, Message = "A {Kind} was written: {PostId}")]
    private partial void LogCreated(PostKind kind, Guid postId);

    [LoggerMessage(Level = LogLevel.Information, Message = "A {Kind} was removed by the moderator {ModeratorId}: {PostId}")]
    private partial void LogRemoved(PostKind kind, Guid postId, Guid moderatorId);

    [LoggerMessage(Level = LogLevel.Information, Message = "A held reply was decided ({State}): {PostId}")]
    private partial void LogReplyDecided(Guid postId, ReplyState state);

    [LoggerMessage(Level = LogLevel.Information, Message = "A {Kind} was deleted: {PostId}")]
    private partial void LogDeleted(PostKind kind, Guid postId);
}
