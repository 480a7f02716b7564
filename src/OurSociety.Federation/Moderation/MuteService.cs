using OurSociety.ActivityPub.Discovery;
using OurSociety.ActivityPub.Vocabulary;
using OurSociety.Core;
using OurSociety.Core.Federation;
using OurSociety.Core.Members;
using OurSociety.Core.Moderation;
using OurSociety.Federation.Actors;
using OurSociety.Federation.Delivery;
using OurSociety.Federation.Follows;

namespace OurSociety.Federation.Moderation;

/// <summary>Whom a member named: a member here, or an account elsewhere (as stored after the lookup).</summary>
public sealed record MuteTarget(Member? Member, RemoteActor? Remote)
{
    /// <summary>As <see cref="AccountMute.Target"/> and <c>Notification.Actor</c> spell it: a member's id or an IRI.</summary>
    public string Actor => Member is { } m ? m.Id.ToString("D") : Remote!.Id;

    public bool IsLocal => Member is not null;
}

/// <summary>
/// A member's own mutes and blocks (issue 13). Muting tells nobody; blocking a member here tells nobody (both are on
/// this node); blocking an account elsewhere is <see cref="FollowService.BlockAsync"/> (a Block goes to their server).
/// Blocking a whole domain does what Mastodon's user domain block does: the member's follows of accounts there end
/// with an Undo(Follow), their followers and follow requests from there get a Reject(Follow), all in the block's
/// transaction; nothing else is sent.
/// </summary>
public sealed partial class MuteService(
    IMuteStore mutes,
    IMemberStore members,
    FollowService follows,
    IFollowStore followStore,
    IRemoteActorStore remoteActors,
    LocalActors locals,
    Outbox outbox,
    ITransactions transactions,
    TimeProvider time,
    ILogger<MuteService> logger)
{
    public const string AccountField = "account";
    public const string DomainField = "domain";

    /// <summary>
    /// Finds the account a member typed: <c>@name</c>, <c>name</c>, <c>@name@thishub</c> or a link to a profile here is
    /// a member here; anything else is looked up where it lives, as a follow is (at most <see cref="FollowService.LookupLimit"/>).
    /// </summary>
    public async Task<Outcome<MuteTarget>> ResolveAsync(Member me, string? typed, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(me);
        var text = typed?.Trim() ?? "";
        if (text.Length == 0)
        {
            return new Outcome<MuteTarget>.Invalid(AccountField, CoreText.Get("Mute.AccountRequired"));
        }

        if (text.Length > 2048)
        {
            return new Outcome<MuteTarget>.Invalid(AccountField, CoreText.Get("Follow.BadTarget"));
        }

        MuteTarget target;
        if (LocalUsername(text) is { } username)
        {
            if (await members.FindByUsernameAsync(username, ct) is not { } member)
            {
                return new Outcome<MuteTarget>.NotFound { Field = AccountField, Reason = CoreText.Format("Mute.UnknownMember", ("name", "@" + username)) };
            }

            target = new MuteTarget(member, null);
        }
        else
        {
            switch (await follows.ResolveAsync(text, ct))
            {
                case Outcome<RemoteActor>.Ok(var actor):
                    target = new MuteTarget(null, actor);
                    break;
                case Outcome<RemoteActor>.Invalid(var errors):
                    return new Outcome<MuteTarget>.NotFound
                    {
                        Field = AccountField,
                        Reason = errors.Values.SelectMany(m => m).FirstOrDefault() ?? CoreText.Get("Follow.BadTarget"),
                    };
                default:
                    return new Outcome<MuteTarget>.NotFound { Field = AccountField, Reason = CoreText.Get("Follow.BadTarget") };
            }
        }

        return target.Member?.Id == me.Id
            ? new Outcome<MuteTarget>.Invalid(AccountField, CoreText.Get("Mute.Yourself"))
            : new Outcome<MuteTarget>.Ok(target);
    }

    /// <summary>Mutes an account; muting it again changes nothing.</summary>
    public async Task<Outcome<AccountMute>> MuteAsync(Member me, MuteTarget target, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(me);
        ArgumentNullException.ThrowIfNull(target);
        if (await mutes.FindAsync(me.Id, target.Actor, MuteKind.Mute, ct) is { } existing)
        {
            return new Outcome<AccountMute>.Ok(existing);
        }

        var mute = new AccountMute(me.Id, target.Actor, target.IsLocal, MuteKind.Mute, time.GetUtcNow());
        await using (var tx = await transactions.BeginAsync(ct))
        {
            await mutes.AddAsync(mute, tx, ct);
            await tx.CommitAsync(ct);
        }

        LogMuted(me.Username, target.Actor);
        return new Outcome<AccountMute>.Ok(mute);
    }

    /// <summary>Lifts a mute; false when there was none.</summary>
    public async Task<bool> UnmuteAsync(Member me, string actor, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(me);
        await using var tx = await transactions.BeginAsync(ct);
        var removed = await mutes.DeleteAsync(me.Id, actor, MuteKind.Mute, tx, ct);
        await tx.CommitAsync(ct);
        return removed;
    }

    /// <summary>Blocks an account: a member here quietly, an account elsewhere with a Block to their server.</summary>
    public async Task<Outcome<string>> BlockAsync(Member me, MuteTarget target, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(me);
        ArgumentNullException.ThrowIfNull(target);
        if (target.Remote is { } remote)
        {
            return await follows.BlockAsync(me.Username, remote.Id, ct) switch
            {
                Outcome<Block>.Ok => new Outcome<string>.Ok(remote.Id),
                Outcome<Block>.Invalid(var errors) => new Outcome<string>.Invalid(AccountField, errors.Values.SelectMany(m => m).FirstOrDefault() ?? ""),
                _ => new Outcome<string>.NotFound { Field = AccountField, Reason = CoreText.Get("Follow.BadTarget") },
            };
        }

        if (await mutes.FindAsync(me.Id, target.Actor, MuteKind.Block, ct) is null)
        {
            await using var tx = await transactions.BeginAsync(ct);
            await mutes.AddAsync(new AccountMute(me.Id, target.Actor, true, MuteKind.Block, time.GetUtcNow()), tx, ct);
            await tx.CommitAsync(ct);
            LogBlockedMember(me.Username, target.Actor);
        }

        return new Outcome<string>.Ok(target.Actor);
    }

    /// <summary>Lifts a block of a member here (their id) or of an account elsewhere (its IRI); false when there was none.</summary>
    public async Task<bool> UnblockAsync(Member me, string actor, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(me);
        if (Guid.TryParse(actor, out var memberId))
        {
            await using var tx = await transactions.BeginAsync(ct);
            var removed = await mutes.DeleteAsync(me.Id, memberId.ToString("D"), MuteKind.Block, tx, ct);
            await tx.CommitAsync(ct);
            return removed;
        }

        return await follows.UnblockAsync(me.Username, actor, ct) is Outcome<Block>.Ok;
    }

    /// <summary>
    /// Whether the two members here blocked each other, either way: introductions between them are refused (a mute is
    /// not a refusal: it hides, it does not forbid).
    /// </summary>
    public async Task<bool> BlockedEitherWayAsync(Guid one, Guid other, CancellationToken ct) =>
        await mutes.FindAsync(one, other.ToString("D"), MuteKind.Block, ct) is not null
        || await mutes.FindAsync(other, one.ToString("D"), MuteKind.Block, ct) is not null;

    /// <summary>Parses a domain a member typed; our own domain (or one above it) is refused.</summary>
    public Outcome<DomainName> ParseDomain(string? typed)
    {
        if (!DomainName.TryParse(typed, out var name, out DomainNameProblem problem))
        {
            return new Outcome<DomainName>.Invalid(DomainField, DomainNameText.Explain(problem));
        }

        return DomainName.TryParse(new Uri(locals.Origin).Host, out var own, out DomainNameProblem _) && name.Covers(own)
            ? new Outcome<DomainName>.Invalid(DomainField, CoreText.Format("Mute.OwnDomain", ("domain", name.Value)))
            : new Outcome<DomainName>.Ok(name);
    }

    /// <summary>Blocks a domain for the member and ends their follows with it (see the class); blocking it again changes nothing.</summary>
    public async Task<Outcome<MemberDomainBlock>> BlockDomainAsync(Member me, string? typed, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(me);
        var parsed = ParseDomain(typed);
        if (parsed is not Outcome<DomainName>.Ok(var domain))
        {
            return new Outcome<MemberDomainBlock>.Invalid(((Outcome<DomainName>.Invalid)parsed).Errors);
        }

        var block = new MemberDomainBlock(me.Id, domain, time.GetUtcNow());
        var ended = await mutes.FollowsOnDomainAsync(me.Username, domain, ct);
        var outgoing = new List<Outgoing>();
        var myActor = ApUrls.Actor(locals.Origin, me.Username);
        foreach (var follow in ended)
        {
            outgoing.AddRange(follow.Direction == FollowDirection.Out
                ? await UndoFollowAsync(myActor, follow, ct)
                : await follows.AnswerAsync(false, follow, outbox.NewActivityId(), ct));
        }

        await using (var tx = await transactions.BeginAsync(ct))
        {
            if (!await mutes.AddDomainAsync(block, tx, ct))
            {
                // Already blocked: its follows ended then (and none can start since), so nothing is sent twice.
                return new Outcome<MemberDomainBlock>.Ok(block);
            }

            foreach (var follow in ended)
            {
                await followStore.DeleteAsync(follow.Id, tx, ct);
            }

            await outbox.AddAsync(outgoing, tx, ct);
            await tx.CommitAsync(ct);
        }

        outbox.Wake();
        LogDomainBlocked(me.Username, domain.Value, ended.Count);
        return new Outcome<MemberDomainBlock>.Ok(block);
    }

    /// <summary>Lifts a domain block; the follows it ended stay ended (as in Mastodon). False when there was none.</summary>
    public async Task<Outcome<bool>> UnblockDomainAsync(Member me, string? typed, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(me);
        if (!DomainName.TryParse(typed, out var domain, out DomainNameProblem problem))
        {
            return new Outcome<bool>.Invalid(DomainField, DomainNameText.Explain(problem));
        }

        await using var tx = await transactions.BeginAsync(ct);
        var removed = await mutes.DeleteDomainAsync(me.Id, domain, tx, ct);
        await tx.CommitAsync(ct);
        return new Outcome<bool>.Ok(removed);
    }

    private async Task<IReadOnlyCollection<Outgoing>> UndoFollowAsync(string me, Follow follow, CancellationToken ct) =>
        (await remoteActors.FindAsync(follow.RemoteActorId, ct))?.Inbox is { } inbox
            ? [new(follow.LocalActor, Activities.Undo(outbox.NewActivityId(), me, Activities.Follow(follow.ActivityId, me, follow.RemoteActorId), [follow.RemoteActorId]), [inbox])]
            : [];

    /// <summary>The username when <paramref name="text"/> names a member here, else null (as introductions read parties).</summary>
    private string? LocalUsername(string text)
    {
        if (Uri.TryCreate(text, UriKind.Absolute, out var uri) && uri.Scheme is "https" or "http")
        {
            var url = uri.GetLeftPart(UriPartial.Path).TrimEnd('/');
            if (!Origins.SameOrigin(url, locals.Origin))
            {
                return null;
            }

            var profile = locals.Origin + "/@";
            return url.StartsWith(profile, StringComparison.Ordinal) && !url[profile.Length..].Contains('/', StringComparison.Ordinal)
                ? Uri.UnescapeDataString(url[profile.Length..])
                : ApUrls.LocalUsername(locals.Origin, url) ?? "";
        }

        var bare = text.TrimStart('@');
        var at = bare.IndexOf('@', StringComparison.Ordinal);
        if (at < 0)
        {
            return bare.Length > 0 && !bare.Contains('/', StringComparison.Ordinal) && !bare.Contains(':', StringComparison.Ordinal) ? bare : null;
        }

        return string.Equals(bare[(at + 1)..], new Uri(locals.Origin).Authority, StringComparison.OrdinalIgnoreCase) && at > 0 ? bare[..at] : null;
    }

    [LoggerMessage(6371, LogLevel.Information, "{Username} muted {Actor}")]
    private partial void LogMuted(string username, string actor);

    [LoggerMessage(6372, LogLevel.Information, "{Username} blocked the member {Actor}")]
    private partial void LogBlockedMember(string username, string actor);

    [LoggerMessage(6373, LogLevel.Information, "{Username} blocked the domain {Domain}; {Count} follows ended")]
    private partial void LogDomainBlocked(string username, string domain, int count);
}
