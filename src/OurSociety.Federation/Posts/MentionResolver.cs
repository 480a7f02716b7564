using System.Text.Json.Nodes;
using OurSociety.ActivityPub.Discovery;
using OurSociety.ActivityPub.Vocabulary;
using OurSociety.Core;
using OurSociety.Core.Notifications;
using OurSociety.Core.Posts;
using OurSociety.Core.Work;
using OurSociety.Federation.Actors;
using OurSociety.Federation.Follows;

namespace OurSociety.Federation.Posts;

/// <summary>
/// The handles of one text (or several) as looked up: <see cref="All"/> those the text names now, found or not, in the
/// order written; <see cref="New"/> those looked up this time (the rest were kept from before).
/// </summary>
public sealed record MentionLookup(IReadOnlyList<Mention> All, IReadOnlyList<Mention> New)
{
    /// <summary>The people named: what the links, the <c>Mention</c> tags and the addressing are made of.</summary>
    public IReadOnlyList<Mention> Found => [.. All.Where(m => m.IsFound)];

    /// <summary>Handles looked up this time and not found: the author is told about these (once).</summary>
    public IReadOnlyList<Mention> NewlyUnknown => [.. New.Where(m => !m.IsFound)];
}

/// <summary>
/// Turns the <c>@user@host</c> handles people typed into people: WebFinger and one actor fetch each, through the
/// guarded fetchers (private addresses refused, sizes capped), at most <see cref="FollowService.LookupLimit"/> each and
/// <see cref="TotalLimit"/> in all; <c>@name@ourhost</c> is a member here, found without the network. Results are kept
/// per subject (<c>post:{id}</c>, <c>need:{id}</c>…), so an edit or a retry looks up only what is new, and pages show the
/// links from what was kept. Network: call it from a work item, never while someone waits.
/// <para>
/// One call for any text (stories, lessons, replies here; needs, offers and introduction reasons alike): in the
/// subject's work item, <see cref="ResolveAsync"/> looks up, keeps and tells the author of unknown handles in one
/// commit; then build the activity with <see cref="Tags"/>, the found actors in <c>cc</c> (<c>to</c> for a direct
/// message), <see cref="InboxesAsync"/> among its recipients, and the text's HTML with
/// <c>MarkdownHtml.Render(text, lookup.Found)</c> (the links). Pages read <see cref="IMentionStore.ListAsync"/>.
/// </para>
/// </summary>
public sealed partial class MentionResolver(
    IMentionStore store,
    IHandleResolver handles,
    RemoteActors remoteActors,
    LocalActors locals,
    NodeIdentity node,
    INotificationStore notifications,
    Notifier notifier,
    UnitOfWork unit,
    TimeProvider time,
    ILogger<MentionResolver> logger)
{
    /// <summary>The most one subject's look-ups take together (well within a work item's lease); the rest wait for its next edit.</summary>
    public static readonly TimeSpan TotalLimit = TimeSpan.FromMinutes(2);

    /// <summary>A handle not found is looked up again after this (on the next edit), in case its server was only down.</summary>
    public static readonly TimeSpan UnknownKeptFor = TimeSpan.FromDays(1);

    /// <summary>
    /// Looks up the handles <paramref name="texts"/> name, keeps the results for <paramref name="subject"/> and tells
    /// <paramref name="author"/> (a member here) of each handle that could not be found, in one commit. About a post:
    /// <paramref name="postId"/>; about anything else: <paramref name="subject"/> is the notification's subject too.
    /// Running it again finds everything kept and changes nothing.
    /// </summary>
    public async Task<MentionLookup> ResolveAsync(string subject, Guid author, Guid? postId, IEnumerable<string?> texts, CancellationToken ct)
    {
        var lookup = await LookUpAsync(subject, texts, ct);
        if (lookup.New.Count > 0)
        {
            await unit.CommitAsync(async tx =>
            {
                await KeepAsync(subject, lookup, tx, ct);
                await notifications.AddAsync([.. UnknownNotices(lookup, author, postId, postId is null ? subject : null)], tx, ct);
                return [];
            }, ct);
        }

        return lookup;
    }

    /// <summary>
    /// The handles <paramref name="texts"/> name, from what was kept for <paramref name="subject"/>, else looked up now
    /// (over the network). Keeps nothing: see <see cref="KeepAsync"/>.
    /// </summary>
    public async Task<MentionLookup> LookUpAsync(string subject, IEnumerable<string?> texts, CancellationToken ct)
    {
        var wanted = Mentions.RemoteHandles([.. texts]);
        if (wanted.Count == 0)
        {
            return new MentionLookup([], []);
        }

        var kept = (await store.ListAsync(subject, ct)).ToDictionary(m => m.Handle, StringComparer.Ordinal);
        using var total = new CancellationTokenSource(TotalLimit, time);
        var all = new List<Mention>();
        var looked = new List<Mention>();
        foreach (var handle in wanted)
        {
            if (kept.TryGetValue(handle, out var known) && (known.IsFound || time.GetUtcNow() - known.ResolvedAt < UnknownKeptFor))
            {
                all.Add(known);
                continue;
            }

            if (total.IsCancellationRequested)
            {
                LogOutOfTime(subject, handle);
                continue;   // not kept: looked up at the next edit
            }

            var mention = await FindAsync(handle, total.Token, ct);
            all.Add(mention);
            looked.Add(mention);
        }

        return new MentionLookup(all, looked);
    }

    /// <summary>Keeps what <paramref name="lookup"/> looked up, in the caller's transaction.</summary>
    public Task KeepAsync(string subject, MentionLookup lookup, ITransaction tx, CancellationToken ct) => store.PutAsync(subject, lookup.New, tx, ct);

    /// <summary>"@bob@nowhere.example could not be found": one notification per new unknown handle, for the author.</summary>
    public IEnumerable<Notification> UnknownNotices(MentionLookup lookup, Guid author, Guid? postId, string? subject) =>
        lookup.NewlyUnknown.Select(m => notifier.Make(author, NotificationKind.MentionUnknown, m.Name, isLocal: false, postId, subject)).OfType<Notification>();

    /// <summary>The <c>Mention</c> tags of the people found (INTEROP §4.9): Mastodon notifies only with one.</summary>
    public static IEnumerable<JsonObject> Tags(IEnumerable<Mention> found) =>
        found.Where(m => m.ActorId is not null).Select(m => new JsonObject { ["type"] = ObjectTypes.Mention, ["href"] = m.ActorId, ["name"] = m.Name });

    /// <summary>True for a member (or the hub) of this node: addressed and tagged, but nothing is delivered to them.</summary>
    public bool IsLocal(Mention mention) => Origins.SameOrigin(mention.ActorId, locals.Origin);

    /// <summary>The delivery inboxes of the people found elsewhere (from the actors fetched when they were looked up).</summary>
    public Task<List<string>> InboxesAsync(IEnumerable<Mention> found, CancellationToken ct) =>
        InboxesAsync(found.Select(m => m.ActorId).OfType<string>(), ct);

    /// <summary>The delivery inboxes of these actors, those elsewhere (a deleted post's, whose kept mentions went with its text).</summary>
    public async Task<List<string>> InboxesAsync(IEnumerable<string> actorIds, CancellationToken ct)
    {
        var inboxes = new List<string>();
        foreach (var actorId in actorIds.Where(a => !Origins.SameOrigin(a, locals.Origin)))
        {
            if (await remoteActors.GetAsync(actorId, refresh: false, ct) is ({ } actor, _))
            {
                inboxes.Add(actor.DeliveryInbox);
            }
        }

        return inboxes;
    }

    private async Task<Mention> FindAsync(string key, CancellationToken total, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        if (Handle.TryParse(key) is not { } handle)
        {
            return new Mention(key, null, null, now);
        }

        if (string.Equals(handle.Host, node.Authority, StringComparison.OrdinalIgnoreCase))
        {
            // One of ours, as written with our host: no network, and only a member (or the hub) that exists now.
            return await locals.FindAsync(handle.User, ct) is { Kind: not LocalActorKind.Instance } local
                ? new Mention(key, local.Id, local.ProfileUrl, now)
                : new Mention(key, null, null, now);
        }

        using var limit = new CancellationTokenSource(FollowService.LookupLimit, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, total, limit.Token);
        try
        {
            var (actorId, error) = await handles.ResolveAsync(handle, linked.Token);
            if (actorId is null)
            {
                LogNotFound(key, error ?? "no answer");
                return new Mention(key, null, null, now);
            }

            if (Origins.SameOrigin(actorId, locals.Origin))
            {
                return new Mention(key, null, null, now);   // another host pointing at us: not who it claims to be
            }

            var (actor, fetchError) = await remoteActors.GetAsync(actorId, refresh: false, linked.Token);
            if (actor is null)
            {
                LogNotFound(key, fetchError ?? "the actor could not be fetched");
                return new Mention(key, null, null, now);
            }

            return new Mention(key, actor.Id, ProfileLink(actor.Url, actor.Id), now);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            LogNotFound(key, "it took too long");
            return new Mention(key, null, null, now);
        }
    }

    /// <summary>Their profile page when it is a web link, else their actor id (which Mastodon also answers with a page).</summary>
    private static string ProfileLink(string? url, string actorId) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "https" or "http" ? url! : actorId;

    [LoggerMessage(5711, LogLevel.Information, "The handle {Handle} was not found: {Reason}")]
    private partial void LogNotFound(string handle, string reason);

    [LoggerMessage(5712, LogLevel.Warning, "No time was left to look up {Handle} for {Subject}; it waits for the next edit")]
    private partial void LogOutOfTime(string subject, string handle);
}
