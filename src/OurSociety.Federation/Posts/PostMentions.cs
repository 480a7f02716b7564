using OurSociety.Core.Members;
using OurSociety.Core.Notifications;
using OurSociety.Core.Posts;
using OurSociety.Core.Work;
using OurSociety.Federation.Actors;

namespace OurSociety.Federation.Posts;

/// <summary>
/// Runs <see cref="PostWork.ResolveMentions"/>: the <c>@user@host</c> handles a post written here names are looked up
/// (<see cref="MentionResolver"/>) before its Create or Update, which follows in the same partition and so carries
/// their <c>Mention</c> tags and links and reaches their inboxes. The author hears of handles that could not be found;
/// a member here named as <c>@name@ourhost</c> is told as a bare <c>@name</c> would tell them. Kept results, the
/// notifications and nothing else commit together, so running it again changes nothing.
/// </summary>
public sealed class PostMentions(
    IPostStore posts, MentionResolver resolver, LocalActors locals, INotificationStore notifications, Notifier notifier, UnitOfWork unit)
{
    public async Task ResolveAsync(WorkItem item, CancellationToken ct)
    {
        if (await posts.FindAsync(WorkPayload.Read<PostEvent>(item).PostId, ct) is not { IsDeleted: false, Draft: false, AuthorId: { } author } post)
        {
            return;   // deleted or gone: nothing to mention
        }

        var subject = MentionSubjects.Post(post.Id);
        var texts = Mentions.TextsOf(post);
        var lookup = await resolver.LookUpAsync(subject, texts, ct);
        if (lookup.New.Count == 0)
        {
            return;
        }

        var told = new List<Notification?>(resolver.UnknownNotices(lookup, author, post.Id, null));
        told.AddRange(await LocalNoticesAsync(post, author, lookup, texts, ct));
        await unit.CommitAsync(async tx =>
        {
            await resolver.KeepAsync(subject, lookup, tx, ct);
            await notifications.AddAsync([.. told.OfType<Notification>()], tx, ct);
            return [];
        }, ct);
    }

    /// <summary>Members here named with our host, told as <c>PostService</c> tells those named <c>@name</c> (and not twice).</summary>
    private async Task<List<Notification?>> LocalNoticesAsync(Post post, Guid author, MentionLookup lookup, string?[] texts, CancellationToken ct)
    {
        var told = new List<Notification?>();
        if (post.Visibility is not (Visibility.Public or Visibility.Unlisted))
        {
            return told;   // as for @name: a followers-only post is not theirs to read
        }

        var toldAlready = new HashSet<string>(Mentions.LocalUsernames(texts), StringComparer.Ordinal);
        var answered = new HashSet<Guid>();
        foreach (var id in new[] { post.ParentId, post.RootId }.OfType<Guid>())
        {
            if (await posts.FindAsync(id, ct) is { AuthorId: { } answeredAuthor })
            {
                answered.Add(answeredAuthor);   // told of the reply already
            }
        }

        foreach (var mention in lookup.New.Where(m => m.IsFound && resolver.IsLocal(m)))
        {
            if (await locals.FindByIdAsync(mention.ActorId!, ct) is { Member: { } member }
                && !toldAlready.Contains(Username.Normalize(member.Username)) && !answered.Contains(member.Id))
            {
                told.Add(notifier.Make(member.Id, NotificationKind.Mention, author.ToString("D"), isLocal: true, post.Id));
            }
        }

        return told;
    }
}
