using System.Data.Common;
using System.Globalization;
using System.Text;
using Dapper;
using OurSociety.Core;
using OurSociety.Core.Paging;
using OurSociety.Core.Posts;
using OurSociety.Storage.Sql;

namespace OurSociety.Storage.Stores;

public sealed class PostStore(IDbConnectionFactory db) : IPostStore
{
    private const string Columns = """
        p.id, p.kind, p.author_id, p.remote_author, p.ap_id, p.url, p.parent_id, p.root_id, p.format, p.title, p.summary, p.body,
        p.locality, p.situation, p.tried, p.happened, p.learned, p.advice, p.adapted_from, p.tried_outcome, p.licence,
        p.visibility, p.draft, p.hidden, p.created_at, p.published_at, p.updated_at, p.deleted_at, p.language,
        p.removed_by, p.removed_reason, p.removed_at, p.reply_policy, p.reply_state, p.reply_request_id, p.hub,
        (SELECT COUNT(*) FROM post r WHERE r.root_id = p.id AND r.deleted_at IS NULL AND r.hidden = 0 AND r.reply_state = 'shown') AS reply_count,
        (SELECT COUNT(*) FROM post_reaction l WHERE l.post_id = p.id AND l.kind = 'like') AS like_count,
        (SELECT COUNT(*) FROM post_reaction s WHERE s.post_id = p.id AND s.kind = 'share') AS share_count
        """;

    private const string InsertColumns = """
        id, kind, author_id, remote_author, ap_id, url, parent_id, root_id, format, title, summary, body, locality, situation,
        tried, happened, learned, advice, adapted_from, tried_outcome, licence, visibility, draft, hidden, created_at,
        published_at, updated_at, deleted_at, language, reply_policy, reply_state, reply_request_id, hub
        """;

    public async Task<bool> AddAsync(Post post, ITransaction tx, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(post);
        var (connection, transaction) = tx.Sql();
        var added = await connection.ExecuteAsync(new CommandDefinition($"""
            INSERT INTO post ({InsertColumns})
            VALUES (@Id, @Kind, @AuthorId, @RemoteAuthor, @ApId, @Url, @ParentId, @RootId, @Format, @Title, @Summary, @Body, @Locality,
                    @Situation, @Tried, @Happened, @Learned, @Advice, @AdaptedFrom, @TriedOutcome, @Licence, @Visibility, @Draft,
                    @Hidden, @CreatedAt, @PublishedAt, @UpdatedAt, @DeletedAt, @Language, @ReplyPolicy, @ReplyState, @ReplyRequestId, @Hub)
            ON CONFLICT DO NOTHING
            """, Parameters(post), transaction, cancellationToken: ct)) == 1;
        if (added)
        {
            await InsertPartsAsync(connection, transaction, post, ct);
        }

        return added;
    }

    public async Task<bool> UpdateAsync(Post post, ITransaction tx, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(post);
        var (connection, transaction) = tx.Sql();
        var updated = await connection.ExecuteAsync(new CommandDefinition("""
            UPDATE post SET url = @Url, format = @Format, title = @Title, summary = @Summary, body = @Body, locality = @Locality,
                situation = @Situation, tried = @Tried, happened = @Happened, learned = @Learned, advice = @Advice,
                adapted_from = @AdaptedFrom, tried_outcome = @TriedOutcome, licence = @Licence, visibility = @Visibility,
                draft = @Draft, published_at = @PublishedAt, updated_at = @UpdatedAt, language = @Language, reply_policy = @ReplyPolicy, hub = @Hub
            WHERE id = @Id AND deleted_at IS NULL
            """, Parameters(post), transaction, cancellationToken: ct)) == 1;
        if (updated)
        {
            await DeletePartsAsync(connection, transaction, post.Id, ct);
            await InsertPartsAsync(connection, transaction, post, ct);
        }

        return updated;
    }

    public async Task<Post?> FindAsync(Guid id, CancellationToken ct) => (await QueryAsync("p.id = @Id", new { Id = id }, ct)).SingleOrDefault();

    public async Task<Post?> FindByApIdAsync(string apId, CancellationToken ct) =>
        (await QueryAsync("p.ap_id = @ApId", new { ApId = apId }, ct)).SingleOrDefault();

    public async Task<IReadOnlyList<Post>> AllByAuthorAsync(Guid authorId, CancellationToken ct) =>
        await QueryAsync("p.author_id = @AuthorId AND p.deleted_at IS NULL ORDER BY p.created_at, p.id", new { AuthorId = authorId }, ct);

    public async Task<Post?> FindByApIdOrUrlAsync(string url, CancellationToken ct) =>
        (await QueryAsync("(p.ap_id = @Url OR (p.url = @Url AND p.ap_id IS NOT NULL)) ORDER BY p.ap_id = @Url DESC LIMIT 1", new { Url = url }, ct)).SingleOrDefault();

    public Task<bool> MarkDeletedAsync(Guid id, DateTimeOffset at, ITransaction tx, CancellationToken ct) =>
        MarkGoneAsync(id, at, null, tx, ct);

    public Task<bool> MarkRemovedAsync(Guid id, PostRemoval removal, ITransaction tx, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(removal);
        return MarkGoneAsync(id, removal.At, removal, tx, ct);
    }

    private static async Task<bool> MarkGoneAsync(Guid id, DateTimeOffset at, PostRemoval? removal, ITransaction tx, CancellationToken ct)
    {
        var (connection, transaction) = tx.Sql();
        // The row stays (a 410, a Tombstone, a thread that still hangs together); what was written goes. A removal
        // keeps why and by whom, for the page and for the moderators.
        var deleted = await connection.ExecuteAsync(new CommandDefinition("""
            UPDATE post SET deleted_at = @At, title = NULL, summary = NULL, body = '', locality = NULL, situation = NULL,
                tried = NULL, happened = NULL, learned = NULL, advice = NULL, tried_outcome = NULL,
                removed_by = @RemovedBy, removed_reason = @RemovedReason, removed_at = @RemovedAt
            WHERE id = @Id AND deleted_at IS NULL
            """, new { Id = id, At = at, RemovedBy = removal?.By, RemovedReason = removal?.Reason, RemovedAt = removal?.At },
            transaction, cancellationToken: ct)) == 1;
        if (deleted)
        {
            await DeletePartsAsync(connection, transaction, id, ct);
            await connection.ExecuteAsync(new CommandDefinition(
                "DELETE FROM post_reaction WHERE post_id = @Id", new { Id = id }, transaction, cancellationToken: ct));
            // Whom its text named goes with the text (the Delete's work item carries the actors it must reach).
            await connection.ExecuteAsync(new CommandDefinition(
                "DELETE FROM mention WHERE subject = @Subject", new { Subject = MentionSubjects.Post(id) }, transaction, cancellationToken: ct));
        }

        return deleted;
    }

    public async Task<Page<Post>> ListAsync(PostQuery query, Cursor after, int limit, CancellationToken ct)
    {
        var where = new StringBuilder("p.kind <> 'reply' AND p.deleted_at IS NULL");
        var sortKey = query.Drafts ? "p.created_at" : "p.published_at";
        where.Append(query.Drafts ? " AND p.draft = 1 AND p.author_id = @AuthorId" : " AND p.draft = 0");
        if (query.Kind is { } kind)
        {
            where.Append(" AND p.kind = @Kind");
        }

        if (query.AuthorId is not null && !query.Drafts)
        {
            where.Append(" AND p.author_id = @AuthorId");
        }

        if (query.RemoteAuthor is not null)
        {
            where.Append(" AND p.remote_author = @RemoteAuthor");
        }

        if (query.Topic is not null)
        {
            where.Append(" AND EXISTS (SELECT 1 FROM post_topic t WHERE t.post_id = p.id AND t.topic = @Topic)");
        }

        if (query.Locality is not null)
        {
            where.Append(" AND LOWER(p.locality) = LOWER(@Locality)");
        }

        if (query.Hub is not null)
        {
            where.Append(" AND p.hub = @Hub");
        }

        if (query.PostOrHubLocality is not null)
        {
            where.Append("""
                 AND (LOWER(p.locality) = LOWER(@PostOrHubLocality)
                   OR EXISTS (SELECT 1 FROM remote_actor h WHERE h.id = p.hub AND h.type = 'Group' AND LOWER(h.locality) = LOWER(@PostOrHubLocality)))
                """);
        }

        if (query.Since is not null)
        {
            where.Append(" AND p.published_at >= @Since");
        }

        if (query.Until is not null)
        {
            where.Append(" AND p.published_at < @Until");
        }

        if (query.Local is { } local)
        {
            where.Append(local ? " AND p.author_id IS NOT NULL" : " AND p.author_id IS NULL");
        }

        if (query.OnHub)
        {
            // Submissions are kept apart until approved (hub_submission, issue 14): only approved ones are the hub's.
            where.Append(" AND (p.author_id IS NOT NULL OR EXISTS (SELECT 1 FROM hub_submission hs WHERE hs.ap_id = p.ap_id AND hs.state = 'approved'))");
        }

        // Whom the member follows elsewhere: their posts (and posts they share) come home, followers-only ones too.
        const string followed = """
            (SELECT f.remote_actor FROM follow f JOIN member m ON m.username = f.local_actor
             WHERE m.id = @HomeOf AND f.direction = 'out' AND f.state = 'accepted')
            """;
        if (query.HomeOf is not null)
        {
            where.Append(CultureInfo.InvariantCulture, $"""
                 AND (p.author_id = @HomeOf
                   OR (p.visibility = 'public' AND (p.author_id IS NOT NULL
                       OR EXISTS (SELECT 1 FROM post_topic t JOIN topic_follow tf ON tf.topic = t.topic WHERE t.post_id = p.id AND tf.member_id = @HomeOf)
                       OR EXISTS (SELECT 1 FROM post_reaction s WHERE s.post_id = p.id AND s.kind = 'share' AND s.actor IN {followed})))
                   OR (p.visibility IN ('public', 'unlisted', 'followers') AND p.remote_author IN {followed}))
                """);
        }
        else if (!query.Drafts)
        {
            where.Append(query.PublicOnly
                ? " AND p.visibility = 'public'"
                : " AND (p.visibility IN ('public', 'unlisted') OR (p.author_id = @Viewer AND @Viewer IS NOT NULL))");
        }

        if (query.HiddenFor is not null)
        {
            where.Append(CultureInfo.InvariantCulture, $" AND NOT {HiddenFrom.Post("p", "@HiddenFor")}");
        }

        if (!query.Drafts)
        {
            // A suspended account's posts are hidden from everyone (kept until the account is deleted or restored).
            where.Append(" AND ").Append(SuspendedAuthors.Hidden("p"));
        }

        if (query.HomeOf is null && query.AuthorId is null && query.RemoteAuthor is null && !query.Drafts)
        {
            // A public list (/local, /network, a topic, their feeds): no limited or suspended authors, nor limited domains.
            where.Append(" AND ").Append(ListedAuthors.Where("p"));
        }

        where.Append(CultureInfo.InvariantCulture, $" AND ({sortKey}, p.id) < (@Key, @CursorId)");
        var rows = await QueryAsync(
            $"{where} ORDER BY {sortKey} DESC, p.id DESC LIMIT @Take",
            new
            {
                Kind = query.Kind is { } k ? PostKinds.Name(k) : null,
                query.AuthorId,
                query.RemoteAuthor,
                query.Topic,
                query.Locality,
                query.Since,
                query.Until,
                query.HomeOf,
                query.Viewer,
                query.HiddenFor,
                query.Hub,
                query.PostOrHubLocality,
                after.Key,
                CursorId = after.Id,
                Take = limit + 1,
            },
            ct);
        var shown = rows.Take(limit).ToList();
        var next = rows.Count > limit
            ? new Cursor(DapperSetup.Format(query.Drafts ? shown[^1].CreatedAt : shown[^1].PublishedAt!.Value), shown[^1].Id.ToString("D")).Encode()
            : null;
        return new Page<Post>(shown, next);
    }

    public async Task<IReadOnlyList<Post>> RepliesAsync(Guid rootId, CancellationToken ct) =>
        await QueryAsync("p.root_id = @RootId AND p.kind = 'reply' ORDER BY p.published_at, p.id", new { RootId = rootId }, ct);

    public async Task<IReadOnlyList<Post>> AdaptationsAsync(IReadOnlyCollection<string> urls, CancellationToken ct) =>
        urls.Count == 0
            ? []
            : await QueryAsync(
                "p.adapted_from IN @Urls AND p.kind = 'lesson' AND p.draft = 0 AND p.deleted_at IS NULL AND p.visibility IN ('public', 'unlisted') ORDER BY p.published_at, p.id",
                new { Urls = urls },
                ct);

    public async Task<IReadOnlyList<Post>> DerivedFromAsync(IReadOnlyCollection<string> urls, CancellationToken ct) =>
        urls.Count == 0
            ? []
            : await QueryAsync(
                "p.id IN (SELECT s.post_id FROM post_source s WHERE s.url IN @Urls) AND p.kind = 'lesson' AND p.draft = 0 AND p.deleted_at IS NULL AND p.visibility IN ('public', 'unlisted') ORDER BY p.published_at, p.id",
                new { Urls = urls },
                ct);

    public async Task<bool> SetHiddenAsync(Guid id, bool hidden, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        return await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE post SET hidden = @Hidden WHERE id = @Id", new { Id = id, Hidden = hidden ? 1 : 0 }, cancellationToken: ct)) == 1;
    }

    public async Task<bool> SetReplyStateAsync(Guid id, ReplyState before, ReplyState after, ITransaction tx, CancellationToken ct)
    {
        var (connection, transaction) = tx.Sql();
        return await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE post SET reply_state = @To WHERE id = @Id AND kind = 'reply' AND reply_state = @From",
            new { Id = id, From = ReplyPolicies.StateName(before), To = ReplyPolicies.StateName(after) }, transaction, cancellationToken: ct)) == 1;
    }

    public async Task<IReadOnlyList<Post>> HeldRepliesAsync(Guid authorId, CancellationToken ct) =>
        await QueryAsync(
            "p.kind = 'reply' AND p.reply_state = 'pending' AND p.deleted_at IS NULL AND p.root_id IN (SELECT r.id FROM post r WHERE r.author_id = @AuthorId) ORDER BY p.created_at, p.id",
            new { AuthorId = authorId },
            ct);

    public async Task<bool> AddReactionAsync(Reaction reaction, ITransaction tx, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(reaction);
        var (connection, transaction) = tx.Sql();
        return await connection.ExecuteAsync(new CommandDefinition("""
            INSERT INTO post_reaction (post_id, kind, actor, is_local, activity_id, created_at)
            VALUES (@PostId, @Kind, @Actor, @IsLocal, @ActivityId, @CreatedAt)
            ON CONFLICT DO NOTHING
            """, ReactionParameters(reaction), transaction, cancellationToken: ct)) == 1;
    }

    public async Task<Reaction?> FindReactionAsync(Guid postId, ReactionKind kind, string actor, CancellationToken ct) =>
        await FindReactionWhereAsync("post_id = @PostId AND kind = @Kind AND actor = @Actor", new { PostId = postId, Kind = ReactionName(kind), Actor = actor }, ct);

    public async Task<Reaction?> FindReactionByActivityAsync(string activityId, CancellationToken ct) =>
        await FindReactionWhereAsync("activity_id = @ActivityId", new { ActivityId = activityId }, ct);

    public async Task<bool> RemoveReactionAsync(Guid postId, ReactionKind kind, string actor, ITransaction tx, CancellationToken ct)
    {
        var (connection, transaction) = tx.Sql();
        return await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM post_reaction WHERE post_id = @PostId AND kind = @Kind AND actor = @Actor",
            new { PostId = postId, Kind = ReactionName(kind), Actor = actor }, transaction, cancellationToken: ct)) == 1;
    }

    public async Task<IReadOnlyList<string>> FollowedTopicsAsync(Guid memberId, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        return (await connection.QueryAsync<string>(new CommandDefinition(
            "SELECT topic FROM topic_follow WHERE member_id = @MemberId ORDER BY topic", new { MemberId = memberId }, cancellationToken: ct))).ToList();
    }

    public async Task<bool> FollowTopicAsync(Guid memberId, string topic, DateTimeOffset at, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        return await connection.ExecuteAsync(new CommandDefinition(
            "INSERT INTO topic_follow (member_id, topic, created_at) VALUES (@MemberId, @Topic, @At) ON CONFLICT DO NOTHING",
            new { MemberId = memberId, Topic = topic, At = at }, cancellationToken: ct)) == 1;
    }

    public async Task<bool> UnfollowTopicAsync(Guid memberId, string topic, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        return await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM topic_follow WHERE member_id = @MemberId AND topic = @Topic", new { MemberId = memberId, Topic = topic }, cancellationToken: ct)) == 1;
    }

    internal static string ReactionName(ReactionKind kind) => kind == ReactionKind.Like ? "like" : "share";

    private async Task<Reaction?> FindReactionWhereAsync(string where, object parameters, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        var row = await connection.QuerySingleOrDefaultAsync<ReactionRow>(new CommandDefinition(
            $"SELECT post_id, kind, actor, is_local, activity_id, created_at FROM post_reaction WHERE {where}", parameters, cancellationToken: ct));
        return row is null
            ? null
            : new Reaction(row.PostId, row.Kind == "like" ? ReactionKind.Like : ReactionKind.Share, row.Actor, row.IsLocal != 0, row.ActivityId, row.CreatedAt);
    }

    private static object ReactionParameters(Reaction r) =>
        new { r.PostId, Kind = ReactionName(r.Kind), r.Actor, IsLocal = r.IsLocal ? 1 : 0, r.ActivityId, r.CreatedAt };

    /// <summary>Posts matching <paramref name="where"/> (which may end in ORDER BY/LIMIT), with their topics, images and sources.</summary>
    private async Task<List<Post>> QueryAsync(string where, object parameters, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        var rows = (await connection.QueryAsync<Row>(new CommandDefinition(
            $"SELECT {Columns} FROM post p WHERE {where}", parameters, cancellationToken: ct))).ToList();
        if (rows.Count == 0)
        {
            return [];
        }

        // Text, not Guid: Dapper expands a list parameter element by element, past the Guid type handler.
        var ids = rows.Select(r => r.Id.ToString("D")).ToList();
        var topics = (await connection.QueryAsync<(Guid PostId, string Topic)>(new CommandDefinition(
            "SELECT post_id, topic FROM post_topic WHERE post_id IN @Ids ORDER BY topic", new { Ids = ids }, cancellationToken: ct)))
            .ToLookup(t => t.PostId, t => t.Topic);
        var images = (await connection.QueryAsync<ImageRow>(new CommandDefinition(
            "SELECT post_id, position, media_id, remote_url, alt, media_type, width, height FROM post_image WHERE post_id IN @Ids ORDER BY position",
            new { Ids = ids }, cancellationToken: ct)))
            .ToLookup(i => i.PostId, i => new PostImage(i.MediaId, i.RemoteUrl, i.Alt, i.MediaType, (int)i.Width, (int)i.Height));
        var sources = (await connection.QueryAsync<(Guid PostId, string Url)>(new CommandDefinition(
            "SELECT post_id, url FROM post_source WHERE post_id IN @Ids ORDER BY position", new { Ids = ids }, cancellationToken: ct)))
            .ToLookup(s => s.PostId, s => s.Url);
        // The handles its text names, as looked up (written here), or the members here it names (received): pages link
        // them from here, never from the network, and PostAccess lets those named read it.
        var mentioned = await MentionStore.OfSubjectsAsync(connection, [.. rows.Select(r => MentionSubjects.Post(r.Id))], ct);
        return rows.Select(r => r.ToDomain() with
        {
            Topics = topics[r.Id].ToList(),
            Images = images[r.Id].ToList(),
            Sources = sources[r.Id].ToList(),
            Mentioned = mentioned[MentionSubjects.Post(r.Id)].ToList(),
        }).ToList();
    }

    private static async Task InsertPartsAsync(DbConnection connection, DbTransaction transaction, Post post, CancellationToken ct)
    {
        if (post.Topics.Count > 0)
        {
            await connection.ExecuteAsync(new CommandDefinition(
                "INSERT INTO post_topic (post_id, topic) VALUES (@PostId, @Topic) ON CONFLICT DO NOTHING",
                post.Topics.Select(t => new { PostId = post.Id, Topic = t }), transaction, cancellationToken: ct));
        }

        if (post.Images.Count > 0)
        {
            await connection.ExecuteAsync(new CommandDefinition("""
                INSERT INTO post_image (post_id, position, media_id, remote_url, alt, media_type, width, height)
                VALUES (@PostId, @Position, @MediaId, @RemoteUrl, @Alt, @MediaType, @Width, @Height)
                """,
                post.Images.Select((i, n) => new { PostId = post.Id, Position = n, i.MediaId, i.RemoteUrl, i.Alt, i.MediaType, i.Width, i.Height }),
                transaction, cancellationToken: ct));
        }

        if (post.Sources.Count > 0)
        {
            await connection.ExecuteAsync(new CommandDefinition(
                "INSERT INTO post_source (post_id, position, url) VALUES (@PostId, @Position, @Url)",
                post.Sources.Select((s, n) => new { PostId = post.Id, Position = n, Url = s }), transaction, cancellationToken: ct));
        }
    }

    private static async Task DeletePartsAsync(DbConnection connection, DbTransaction transaction, Guid id, CancellationToken ct)
    {
        foreach (var table in new[] { "post_topic", "post_image", "post_source" })
        {
            await connection.ExecuteAsync(new CommandDefinition($"DELETE FROM {table} WHERE post_id = @Id", new { Id = id }, transaction, cancellationToken: ct));
        }
    }

    private static object Parameters(Post p) => new
    {
        p.Id,
        Kind = PostKinds.Name(p.Kind),
        p.AuthorId,
        p.RemoteAuthor,
        p.ApId,
        p.Url,
        p.ParentId,
        p.RootId,
        Format = p.Format == TextFormat.Html ? "html" : "markdown",
        p.Title,
        p.Summary,
        p.Body,
        p.Locality,
        p.Situation,
        p.Tried,
        p.Happened,
        p.Learned,
        p.Advice,
        p.AdaptedFrom,
        p.TriedOutcome,
        p.Licence,
        Visibility = Visibilities.Name(p.Visibility),
        Draft = p.Draft ? 1 : 0,
        Hidden = p.Hidden ? 1 : 0,
        p.CreatedAt,
        p.PublishedAt,
        p.UpdatedAt,
        p.DeletedAt,
        p.Language,
        ReplyPolicy = ReplyPolicies.Name(p.ReplyPolicy),
        ReplyState = ReplyPolicies.StateName(p.ReplyState),
        p.ReplyRequestId,
        p.Hub,
    };

    private sealed class ReactionRow
    {
        public required Guid PostId { get; init; }
        public required string Kind { get; init; }
        public required string Actor { get; init; }
        public required long IsLocal { get; init; }
        public string? ActivityId { get; init; }
        public required DateTimeOffset CreatedAt { get; init; }
    }

    private sealed class ImageRow
    {
        public required Guid PostId { get; init; }
        public required long Position { get; init; }
        public Guid? MediaId { get; init; }
        public string? RemoteUrl { get; init; }
        public required string Alt { get; init; }
        public required string MediaType { get; init; }
        public required long Width { get; init; }
        public required long Height { get; init; }
    }

    private sealed class Row
    {
        public required Guid Id { get; init; }
        public required string Kind { get; init; }
        public Guid? AuthorId { get; init; }
        public string? RemoteAuthor { get; init; }
        public string? ApId { get; init; }
        public string? Url { get; init; }
        public Guid? ParentId { get; init; }
        public Guid? RootId { get; init; }
        public required string Format { get; init; }
        public string? Title { get; init; }
        public string? Summary { get; init; }
        public string? Body { get; init; }
        public string? Locality { get; init; }
        public string? Situation { get; init; }
        public string? Tried { get; init; }
        public string? Happened { get; init; }
        public string? Learned { get; init; }
        public string? Advice { get; init; }
        public string? AdaptedFrom { get; init; }
        public string? TriedOutcome { get; init; }
        public required string Licence { get; init; }
        public required string Visibility { get; init; }
        public required long Draft { get; init; }
        public required long Hidden { get; init; }
        public required DateTimeOffset CreatedAt { get; init; }
        public DateTimeOffset? PublishedAt { get; init; }
        public DateTimeOffset? UpdatedAt { get; init; }
        public DateTimeOffset? DeletedAt { get; init; }
        public string? Language { get; init; }
        public Guid? RemovedBy { get; init; }
        public string? RemovedReason { get; init; }
        public DateTimeOffset? RemovedAt { get; init; }
        public required string ReplyPolicy { get; init; }
        public required string ReplyState { get; init; }
        public string? ReplyRequestId { get; init; }
        public string? Hub { get; init; }
        public required long ReplyCount { get; init; }
        public required long LikeCount { get; init; }
        public required long ShareCount { get; init; }

        public Post ToDomain() => new()
        {
            Id = Id,
            Kind = PostKinds.Parse(Kind),
            AuthorId = AuthorId,
            RemoteAuthor = RemoteAuthor,
            ApId = ApId,
            Url = Url,
            ParentId = ParentId,
            RootId = RootId,
            Format = Format == "html" ? TextFormat.Html : TextFormat.Markdown,
            Title = Title,
            Summary = Summary,
            Body = Body,
            Locality = Locality,
            Situation = Situation,
            Tried = Tried,
            Happened = Happened,
            Learned = Learned,
            Advice = Advice,
            AdaptedFrom = AdaptedFrom,
            TriedOutcome = TriedOutcome,
            Licence = Licence,
            Visibility = Visibilities.TryParse(Visibility, out var v) ? v : Core.Posts.Visibility.Direct,
            Draft = Draft != 0,
            Hidden = Hidden != 0,
            CreatedAt = CreatedAt,
            PublishedAt = PublishedAt,
            UpdatedAt = UpdatedAt,
            DeletedAt = DeletedAt,
            Language = Language,
            Removal = RemovedAt is { } removedAt ? new PostRemoval(RemovedBy, RemovedReason ?? "", removedAt) : null,
            ReplyPolicy = ReplyPolicies.Parse(ReplyPolicy),
            ReplyState = ReplyPolicies.ParseState(ReplyState),
            ReplyRequestId = ReplyRequestId,
            Hub = Hub,
            ReplyCount = (int)ReplyCount,
            LikeCount = (int)LikeCount,
            ShareCount = (int)ShareCount,
        };
    }
}
