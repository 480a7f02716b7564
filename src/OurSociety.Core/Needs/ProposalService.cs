using System.Globalization;
using Microsoft.Extensions.Logging;
using OurSociety.Core.Members;
using OurSociety.Core.Moderation;
using OurSociety.Core.Posts;
using OurSociety.Core.Work;

namespace OurSociety.Core.Needs;

/// <summary>
/// Posting, editing, closing and deleting needs and offers, for members here and for the hub (an admin posting in its
/// name), and suggesting offers for a need to glue-ers. Every input is checked before anything is stored; a refused
/// request stores nothing. Each change commits with the work that tells other servers, in one transaction.
/// </summary>
public sealed partial class ProposalService(
    IProposalStore proposals,
    IMemberStore members,
    UnitOfWork unit,
    TimeProvider time,
    ILogger<ProposalService> log,
    IModerationLogStore moderationLog)
{
    public async Task<Outcome<Proposal>> CreateAsync(Guid memberId, ProposalKind kind, ProposalInput input, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(input);
        var member = await members.FindAsync(memberId, ct);
        if (member is null)
        {
            return new Outcome<Proposal>.NotFound();
        }

        if (input.AsHub && !member.IsAdmin)
        {
            return new Outcome<Proposal>.Forbidden(CoreText.Get("Need.OnlyAdminsAsHub"));
        }

        var now = time.GetUtcNow();
        var errors = new Dictionary<string, string[]>();
        var checkedInput = Check(input, now, errors);
        var language = Language(input.Language, null, member, errors);
        if (errors.Count > 0)
        {
            return new Outcome<Proposal>.Invalid(errors);
        }

        var proposal = checkedInput with
        {
            Id = Guid.CreateVersion7(now),
            Kind = kind,
            AuthorId = input.AsHub ? null : memberId,
            AsHub = input.AsHub,
            PostedBy = input.AsHub ? memberId : null,
            Language = language,
            CreatedAt = now,
        };
        await unit.CommitAsync(async tx =>
        {
            await proposals.AddAsync(proposal, tx, ct);
            return [ProposalWork.Item(ProposalWork.Published, proposal.Id)];
        }, ct);
        LogPosted(kind, proposal.Id);
        return new Outcome<Proposal>.Ok((await proposals.FindAsync(proposal.Id, ct))!);
    }

    public async Task<Outcome<Proposal>> UpdateAsync(Guid memberId, ProposalKind kind, Guid id, ProposalInput input, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(input);
        var owned = await OwnAsync(memberId, kind, id, ct);
        if (owned is not Outcome<Proposal>.Ok(var existing))
        {
            return owned;
        }

        if (existing.IsClosed)
        {
            return new Outcome<Proposal>.Conflict(CoreText.Get("Need.ClosedNoEdit"));
        }

        var now = time.GetUtcNow();
        var errors = new Dictionary<string, string[]>();
        var checkedInput = Check(input, now, errors);
        var language = Language(input.Language, existing, await members.FindAsync(memberId, ct), errors);
        if (errors.Count > 0)
        {
            return new Outcome<Proposal>.Invalid(errors);
        }

        var updated = existing with
        {
            Title = checkedInput.Title,
            Details = checkedInput.Details,
            Topics = checkedInput.Topics,
            Locality = checkedInput.Locality,
            Time = checkedInput.Time,
            Ends = checkedInput.Ends,
            Resource = checkedInput.Resource,
            Language = language,
            UpdatedAt = now,
        };
        return await SaveAsync(updated, ct);
    }

    /// <summary>"Found, thank you": it stays, shown as closed, and other servers get the closed version.</summary>
    public async Task<Outcome<Proposal>> CloseAsync(Guid memberId, ProposalKind kind, Guid id, CancellationToken ct)
    {
        var owned = await OwnAsync(memberId, kind, id, ct);
        if (owned is not Outcome<Proposal>.Ok(var existing))
        {
            return owned;
        }

        if (existing.IsClosed)
        {
            return new Outcome<Proposal>.Conflict(CoreText.Get("Need.ClosedAlready"));
        }

        var now = time.GetUtcNow();
        return await SaveAsync(existing with { ClosedAt = now, UpdatedAt = now }, ct);
    }

    public async Task<Outcome<bool>> DeleteAsync(Guid memberId, ProposalKind kind, Guid id, CancellationToken ct)
    {
        var owned = await OwnAsync(memberId, kind, id, ct);
        switch (owned)
        {
            case Outcome<Proposal>.NotFound:
                return new Outcome<bool>.NotFound();
            case Outcome<Proposal>.Gone(var why):
                return new Outcome<bool>.Gone(why);
            case Outcome<Proposal>.Forbidden(var why):
                return new Outcome<bool>.Forbidden(why);
        }

        await unit.CommitAsync(async tx =>
        {
            await proposals.MarkDeletedAsync(id, time.GetUtcNow(), tx, ct);
            return [ProposalWork.Item(ProposalWork.Deleted, id)];
        }, ct);
        LogDeleted(kind, id);
        return new Outcome<bool>.Ok(true);
    }

    /// <summary>
    /// A moderator or admin removes a need or offer (written here or received) and says why. Its content goes as with
    /// its author's deletion (the proposal table has no removal columns, so the removal is its deleted state plus a
    /// <c>remove</c> audit entry holding who, when and why, written in the same transaction). One written here is deleted
    /// on other servers by the same <see cref="ProposalWork.Deleted"/> work as its author's deletion; a received one is
    /// removed here only (only its own server may send its Delete). Removing it again changes nothing.
    /// </summary>
    /// <returns>Ok(true) when removed now, Ok(false) when it was removed already; Gone when its author deleted it.</returns>
    public Task<Outcome<bool>> RemoveAsync(Guid moderatorId, Guid id, string? reason, CancellationToken ct) =>
        RemoveAsync(moderatorId, id, reason, null, ct);

    /// <inheritdoc cref="RemoveAsync(Guid, Guid, string?, CancellationToken)"/>
    /// <param name="reportId">The report the removal closes, kept in the audit entry.</param>
    public async Task<Outcome<bool>> RemoveAsync(Guid moderatorId, Guid id, string? reason, Guid? reportId, CancellationToken ct)
    {
        var moderator = await members.FindAsync(moderatorId, ct);
        if (!PostService.MayModerate(moderator))
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

        var proposal = await proposals.FindAsync(id, ct);
        if (proposal is null)
        {
            return new Outcome<bool>.NotFound();
        }

        if (proposal.IsDeleted)
        {
            return await RemovalOfAsync(proposal, ct) is null
                ? new Outcome<bool>.Gone(CoreText.Get("Need.Deleted"))
                : new Outcome<bool>.Ok(false);
        }

        var now = time.GetUtcNow();
        var removed = false;
        await unit.CommitAsync(async tx =>
        {
            removed = await proposals.MarkDeletedAsync(id, now, tx, ct);
            if (!removed)
            {
                return [];
            }

            await moderationLog.AddAsync(new ModerationEntry(
                Guid.CreateVersion7(now), now, moderatorId, moderator!.Username, ModerationActions.Remove, TargetKind(proposal.Kind),
                id.ToString("D"), proposal.Title, why, null, reportId), tx, ct);
            return proposal.IsLocal ? [ProposalWork.Item(ProposalWork.Deleted, id)] : [];
        }, ct);

        if (removed)
        {
            LogRemoved(proposal.Kind, id, moderatorId);
        }

        return new Outcome<bool>.Ok(removed);
    }

    /// <summary>A need or offer anyone may read (here or received); 404 under the other kind, 410 once deleted or removed.</summary>
    public async Task<Outcome<Proposal>> ReadAsync(ProposalKind kind, Guid id, CancellationToken ct)
    {
        var proposal = await proposals.FindAsync(id, ct);
        if (proposal is null || proposal.Kind != kind)
        {
            return new Outcome<Proposal>.NotFound();
        }

        if (!proposal.IsDeleted)
        {
            return new Outcome<Proposal>.Ok(proposal);
        }

        return new Outcome<Proposal>.Gone(await RemovalOfAsync(proposal, ct) is null ? CoreText.Get("Need.Deleted") : PostService.RemovedMessage);
    }

    /// <summary>The audit entry of a moderator's removal of a deleted one, or null when its author deleted it.</summary>
    private Task<ModerationEntry?> RemovalOfAsync(Proposal proposal, CancellationToken ct) =>
        moderationLog.FindLatestAboutAsync(TargetKind(proposal.Kind), proposal.Id.ToString("D"), [ModerationActions.Remove], ct);

    private static string TargetKind(ProposalKind kind) => kind == ProposalKind.Need ? ModerationTargets.Need : ModerationTargets.Offer;

    /// <summary>Open offers that may meet this need, best first (<see cref="ProposalMatcher"/>): for glue-ers only.</summary>
    public async Task<Outcome<IReadOnlyList<ProposalMatch>>> MatchesAsync(Guid memberId, Guid needId, CancellationToken ct)
    {
        if (!MayMatch(await members.FindAsync(memberId, ct)))
        {
            return new Outcome<IReadOnlyList<ProposalMatch>>.Forbidden(CoreText.Get("Need.MatchesGlueErs"));
        }

        return await ReadAsync(ProposalKind.Need, needId, ct) switch
        {
            Outcome<Proposal>.Ok(var need) => new Outcome<IReadOnlyList<ProposalMatch>>.Ok(await RankAsync(need, ct)),
            Outcome<Proposal>.Gone(var why) => new Outcome<IReadOnlyList<ProposalMatch>>.Gone(why),
            _ => new Outcome<IReadOnlyList<ProposalMatch>>.NotFound(),
        };
    }

    /// <summary>The matches of a need, for a viewer already known to be a glue-er (pages).</summary>
    public async Task<IReadOnlyList<ProposalMatch>> RankAsync(Proposal need, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(need);
        if (!need.IsOpenAt(time.GetUtcNow()))
        {
            return [];
        }

        return await RankAsync(need, await proposals.OpenAsync(ProposalKind.Offer, time.GetUtcNow(), ProposalMatcher.Candidates, ct), ct);
    }

    /// <summary>Ranks <paramref name="offers"/> for a need, with what their authors here can help with (their profiles).</summary>
    public async Task<IReadOnlyList<ProposalMatch>> RankAsync(Proposal need, IReadOnlyList<Proposal> offers, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(need);
        ArgumentNullException.ThrowIfNull(offers);
        var skills = new Dictionary<Guid, IReadOnlyList<string>>();
        if (need.Topics.Count > 0)
        {
            foreach (var author in offers.Select(o => o.AuthorId).OfType<Guid>().Distinct())
            {
                if (await members.FindAsync(author, ct) is { CanHelpWith.Count: > 0 } member)
                {
                    skills[author] = member.CanHelpWith;
                }
            }
        }

        return ProposalMatcher.Rank(need, offers, skills);
    }

    /// <summary>Glue-ers see matches and propose introductions from them.</summary>
    public static bool MayMatch(Member? member) => member is not null && member.Has(Role.GlueEr);

    /// <summary>Its author changes it; one posted as the hub, any admin.</summary>
    public static bool MayChange(Member? member, Proposal proposal)
    {
        ArgumentNullException.ThrowIfNull(proposal);
        return member is not null && proposal.IsLocal && (proposal.AuthorId == member.Id || (proposal.AsHub && member.IsAdmin));
    }

    private async Task<Outcome<Proposal>> SaveAsync(Proposal updated, CancellationToken ct)
    {
        await unit.CommitAsync(async tx =>
        {
            await proposals.UpdateAsync(updated, tx, ct);
            return [ProposalWork.Item(ProposalWork.Updated, updated.Id)];
        }, ct);
        return new Outcome<Proposal>.Ok((await proposals.FindAsync(updated.Id, ct))!);
    }

    private async Task<Outcome<Proposal>> OwnAsync(Guid memberId, ProposalKind kind, Guid id, CancellationToken ct)
    {
        var read = await ReadAsync(kind, id, ct);
        if (read is not Outcome<Proposal>.Ok(var proposal))
        {
            return read;
        }

        return MayChange(await members.FindAsync(memberId, ct), proposal)
            ? read
            : new Outcome<Proposal>.Forbidden(CoreText.Get("Need.OnlyAuthorChanges"));
    }

    /// <summary>The checked fields as a proposal (id, kind and author are set by the caller); errors name the API's fields.</summary>
    private static Proposal Check(ProposalInput input, DateTimeOffset now, Dictionary<string, string[]> errors)
    {
        if (string.IsNullOrWhiteSpace(input.Title))
        {
            errors["title"] = [CoreText.Get("Need.TitleMissing")];
        }

        Longest(errors, "title", input.Title, ProposalLimits.TitleMax);
        Longest(errors, "details", input.Details, ProposalLimits.DetailsMax);
        Longest(errors, "locality", input.Locality, ProposalLimits.LocalityMax);
        Longest(errors, "time", input.Time, ProposalLimits.TimeMax);
        var topics = PostService.Topics(input.Topics, errors);
        var resource = ProposalResource.Skills;
        if (!string.IsNullOrWhiteSpace(input.Resource) && !ProposalNames.TryParseResource(input.Resource, out resource))
        {
            errors["resource"] = [CoreText.Get("Need.ResourceUnknown")];
        }

        return new Proposal
        {
            Id = Guid.Empty,
            Kind = ProposalKind.Need,
            Title = input.Title?.Trim() ?? "",
            Details = input.Details?.Trim() ?? "",
            Topics = topics,
            Locality = Trimmed(input.Locality),
            Time = Trimmed(input.Time),
            Ends = Ends(input.Ends, now, errors),
            Resource = resource,
            CreatedAt = now,
        };
    }

    /// <summary>
    /// An end date as a day (<c>2027-01-31</c>: the end of that day, UTC) or a moment (ISO 8601); refused when it is
    /// not a date or already past.
    /// </summary>
    public static DateTimeOffset? Ends(string? value, DateTimeOffset now, Dictionary<string, string[]> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        DateTimeOffset ends;
        if (DateOnly.TryParseExact(value.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            ends = new DateTimeOffset(day.ToDateTime(new TimeOnly(23, 59, 59)), TimeSpan.Zero);
        }
        else if (!DateTimeOffset.TryParse(value.Trim(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out ends))
        {
            errors["ends"] = [CoreText.Get("Need.EndsInvalid")];
            return null;
        }

        if (ends < now)
        {
            errors["ends"] = [CoreText.Get("Need.EndsPast")];
            return null;
        }

        return ends.ToUniversalTime();
    }

    private static string Language(string? given, Proposal? existing, Member? member, Dictionary<string, string[]> errors)
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

        return existing?.Language ?? PostLanguages.DefaultFor(member);
    }

    private static void Longest(Dictionary<string, string[]> errors, string field, string? value, int max)
    {
        if (value is not null && value.Trim().Length > max && !errors.ContainsKey(field))
        {
            errors[field] = [CoreText.Format("TooLongBy", ("max", max), ("length", value.Trim().Length))];
        }
    }

    private static string? Trimmed(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    [LoggerMessage(Level = LogLevel.Information, Message = "A {Kind} was posted: {ProposalId}")]
    private partial void LogPosted(ProposalKind kind, Guid proposalId);

    [LoggerMessage(Level = LogLevel.Information, Message = "A {Kind} was deleted: {ProposalId}")]
    private partial void LogDeleted(ProposalKind kind, Guid proposalId);

    [LoggerMessage(Level = LogLevel.Information, Message = "A {Kind} was removed by moderator {ModeratorId}: {ProposalId}")]
    private partial void LogRemoved(ProposalKind kind, Guid proposalId, Guid moderatorId);
}
