using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OurSociety.Core.Federation;
using OurSociety.Core.Members;
using OurSociety.Core.Notifications;
using OurSociety.Core.Paging;
using OurSociety.Core.Work;

namespace OurSociety.Core.Introductions;

/// <summary>
/// Consent-based introductions: a glue-er proposes that two people meet, each answers privately, and only when both
/// say yes are they introduced. Every rule is checked before anything is stored; a refused request stores nothing.
/// Each change commits with its notifications and the work it causes (asking remote parties, telling them the
/// outcome, the expiry) in one transaction. Nobody but the three people involved learns that it exists: to anyone
/// else it is not found. Moderators see one once a party or its glue-er reports it: the report keeps its reason and
/// parties (<see cref="Moderation.ReportService"/>), shown on the moderators' desk.
/// </summary>
public sealed partial class IntroductionService(
    IIntroductionStore introductions,
    IIntroductionReplyStore replies,
    IMemberStore members,
    IBlockStore blocks,
    INotificationStore notifications,
    IWorkItemStore work,
    UnitOfWork unit,
    IntroductionSettings settings,
    IIntroductionAddresses addresses,
    IEnumerable<IIntroductionPartyCheck> partyChecks,
    IOptions<IntroductionOptions> options,
    TimeProvider time,
    ILogger<IntroductionService> log,
    Moderation.IMuteStore mutes) : IAccountDeletionStep
{
    /// <summary>The most admins told of an introduction of our hub (a hub has a handful).</summary>
    private const int HubAdminsNotifiedMax = 50;

    /// <summary>Whether the member may propose introductions: a glue-er, or anyone when the hub allows it.</summary>
    public async Task<bool> MayIntroduceAsync(Member member, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(member);
        return member.State == MemberState.Active && (member.Has(Role.GlueEr) || await settings.AnyMemberMayIntroduceAsync(ct));
    }

    /// <summary>Whether the member may name hubs (ours or elsewhere) as parties: glue-ers and admins.</summary>
    public static bool MayIntroduceHubs(Member member)
    {
        ArgumentNullException.ThrowIfNull(member);
        return member.Has(Role.GlueEr) || member.Has(Role.Admin);
    }

    /// <summary>
    /// Whether the member may open the proposing form at all: one who may introduce people, or an admin (who may
    /// introduce hubs, ours or elsewhere, though not people unless they may introduce them too).
    /// </summary>
    public async Task<bool> MayProposeAsync(Member member, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(member);
        return member.State == MemberState.Active && (member.Has(Role.Admin) || await MayIntroduceAsync(member, ct));
    }

    /// <summary>
    /// Proposes that <paramref name="a"/> and <paramref name="b"/> meet, for <paramref name="reason"/> (Markdown).
    /// <paramref name="language"/> is the glue-er's page language, for the direct note to a party on other software.
    /// </summary>
    public async Task<Outcome<Introduction>> ProposeAsync(
        Guid introducerId, IntroductionCandidate? a, IntroductionCandidate? b, string? reason, string? language, CancellationToken ct)
    {
        if (await members.FindAsync(introducerId, ct) is not { State: MemberState.Active } introducer)
        {
            return new Outcome<Introduction>.NotFound();
        }

        if (!await MayProposeAsync(introducer, ct))
        {
            return new Outcome<Introduction>.Forbidden(CoreText.Get("Introduction.NotGlueEr"));
        }

        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(reason))
        {
            errors[IntroductionFields.Reason] = [CoreText.Get("Introduction.ReasonRequired")];
        }
        else if (reason.Trim().Length > IntroductionLimits.ReasonMax)
        {
            errors[IntroductionFields.Reason] = [CoreText.Format("TooLong", ("max", IntroductionLimits.ReasonMax))];
        }

        var candidates = new[] { a, b };
        for (var i = 0; i < candidates.Length; i++)
        {
            if (candidates[i] is null)
            {
                errors[IntroductionFields.Party(i)] = [CoreText.Get("Introduction.PartyRequired")];
            }
        }

        if (errors.Count > 0)
        {
            return new Outcome<Introduction>.Invalid(errors);
        }

        // Who each one is: a member here must exist (and be active), someone elsewhere was resolved already.
        var found = new (IntroductionParty Party, Member? Member, RemoteActor? Remote)[2];
        for (var i = 0; i < 2; i++)
        {
            switch (candidates[i])
            {
                case IntroductionCandidate.Local local:
                    if (await members.FindByUsernameAsync(local.Username.Trim().TrimStart('@'), ct) is not { State: MemberState.Active } member)
                    {
                        return new Outcome<Introduction>.NotFound
                        {
                            Field = IntroductionFields.Party(i),
                            Reason = CoreText.Format("Introduction.UnknownMember", ("name", "@" + local.Username.Trim().TrimStart('@'))),
                        };
                    }

                    found[i] = (new IntroductionParty(
                        i, member.Id.ToString("D"), true, addresses.HandleOf(member), addresses.ProfileOf(member), PartyChannel.Local,
                        null, PartyAnswer.Pending, null, null, false), member, null);
                    break;
                case IntroductionCandidate.OurHub:
                    // Our own hub: no member id, its admins answer for it (and no member policy applies).
                    found[i] = (new IntroductionParty(
                        i, addresses.HubActorId, true, addresses.HubHandle, addresses.HubProfile, PartyChannel.Local,
                        null, PartyAnswer.Pending, null, null, false)
                    { IsHub = true }, null, null);
                    break;
                case IntroductionCandidate.Remote { IsHub: true, Channel: not PartyChannel.Offer }:
                    // A group on other software (Lemmy, Mobilizon…) has nobody who could answer an introduction.
                    return new Outcome<Introduction>.Invalid(IntroductionFields.Party(i), CoreText.Get("Introduction.NotOurSocietyHub"));
                case IntroductionCandidate.Remote remote:
                    var handle = remote.Actor.Username is { } user ? $"{user}@{remote.Actor.Host}" : remote.Actor.Id;
                    found[i] = (new IntroductionParty(
                        i, remote.Actor.Id, false, handle, remote.Actor.Url ?? remote.Actor.Id,
                        remote.Channel == PartyChannel.Local ? PartyChannel.Note : remote.Channel, null, PartyAnswer.Pending, null, null, false)
                    { IsHub = remote.IsHub }, null, remote.Actor);
                    break;
            }
        }

        if (found[0].Party.Actor == found[1].Party.Actor)
        {
            return new Outcome<Introduction>.Invalid(IntroductionFields.Parties, CoreText.Get("Introduction.SamePerson"));
        }

        for (var i = 0; i < 2; i++)
        {
            if (found[i].Member?.Id == introducerId)
            {
                return new Outcome<Introduction>.Invalid(IntroductionFields.Party(i), CoreText.Get("Introduction.Yourself"));
            }
        }

        // Hubs are introduced by glue-ers and admins (a hub takes proposals from anyone allowed to make them); people by
        // those who may introduce people.
        if (found.Any(f => f.Party.IsHub) ? !MayIntroduceHubs(introducer) : !await MayIntroduceAsync(introducer, ct))
        {
            return new Outcome<Introduction>.Forbidden(CoreText.Get(found.Any(f => f.Party.IsHub) ? "Introduction.HubsGlueErsAndAdmins" : "Introduction.NotGlueEr"));
        }

        if (await RefusalAsync(introducer, found, ct) is { } refusal)
        {
            return refusal;
        }

        var now = time.GetUtcNow();
        var id = Guid.CreateVersion7(now);
        var introduction = new Introduction(
            id, addresses.ApIdOf(id), introducerId.ToString("D"), true, reason!.Trim(), IntroductionState.Proposed, now,
            now.AddDays(options.Value.ExpiryDays), null, null, language, [found[0].Party, found[1].Party]);
        Outcome<Introduction>? refused = null;
        await unit.CommitAsync(async tx =>
        {
            // Counted in the transaction that adds it (which holds the write lock): two proposals at once cannot both
            // slip under the cap or both introduce the same pair.
            var max = options.Value.MaxPendingPerIntroducer;
            if (await introductions.CountOpenByIntroducerAsync(introducerId, tx, ct) >= max)
            {
                refused = new Outcome<Introduction>.Conflict(CoreText.Format("Introduction.TooMany", ("max", max))) { Field = IntroductionFields.Parties };
                return [];
            }

            if (await introductions.OpenPairExistsAsync(introducerId, introduction.Parties[0].Actor, introduction.Parties[1].Actor, tx, ct))
            {
                refused = new Outcome<Introduction>.Conflict(CoreText.Get("Introduction.AlreadyPending")) { Field = IntroductionFields.Parties };
                return [];
            }

            await introductions.AddAsync(introduction, tx, ct);
            await notifications.AddAsync(
                await NotifyAsync(introduction, NotificationKind.IntroductionAsked, introduction.Parties.Where(p => p.IsLocal), except: introducerId, tx, ct), tx, ct);
            List<NewWorkItem> items = [IntroductionWork.ExpireItem(introduction)];
            if (Posts.Mentions.RemoteHandles(introduction.Reason).Count > 0)
            {
                items.Add(IntroductionWork.ResolveMentionsItem(introduction.Id));   // before the Offers and notes that carry the reason
            }

            items.AddRange(introduction.Parties.Where(p => !p.IsLocal).Select(p => IntroductionWork.SendItem(introduction.Id, p.Position)));
            return items;
        }, ct);
        if (refused is not null)
        {
            return refused;
        }

        LogProposed(introduction.Id, introducerId);
        return new Outcome<Introduction>.Ok(introduction);
    }

    /// <summary>A local party says yes (<paramref name="accept"/>) or no; a no after a yes takes the yes back, until it is made.</summary>
    public async Task<Outcome<IntroductionView>> AnswerAsync(Guid introductionId, Guid memberId, bool accept, CancellationToken ct)
    {
        Outcome<IntroductionView>? result = null;
        var answer = accept ? PartyAnswer.Accepted : PartyAnswer.Declined;
        var admin = await IsAdminAsync(memberId, ct);
        await unit.CommitAsync(async tx =>
        {
            var introduction = await introductions.FindAsync(introductionId, tx, ct);
            if (introduction is null || IntroductionView.Of(introduction, memberId, admin) is not { } view)
            {
                result = new Outcome<IntroductionView>.NotFound();
                return [];
            }

            // An admin answers for our hub (their own answer first, when they are a party themselves).
            if (view.MyPosition is not { } position)
            {
                result = new Outcome<IntroductionView>.Forbidden(CoreText.Get("Introduction.NotAsked"));
                return [];
            }

            var before = introduction.Party(position).Answer;
            if (IntroductionRules.Answer(introduction, position, answer, time.GetUtcNow(), null) is not { } change)
            {
                result = new Outcome<IntroductionView>.Conflict(CoreText.Get("Introduction.Decided")) { Field = IntroductionFields.State };
                return [];
            }

            if (view.AsHub && change.Step != IntroductionStep.None)
            {
                // The hub's answer, recorded with the admin who gave it.
                var parties = change.After.Parties.Select(p => p.Position == position ? p with { AnsweredBy = memberId } : p).ToList();
                change = change with { After = change.After with { Parties = parties } };
            }

            result = new Outcome<IntroductionView>.Ok(IntroductionView.Of(change.After, memberId, admin)!);
            if (change.Step == IntroductionStep.None)
            {
                return [];
            }

            await introductions.UpdateAsync(change.After, tx, ct);
            var items = await ConsequencesAsync(change, except: memberId, tx, ct);
            if (!introduction.IntroducerIsLocal)
            {
                // A remote glue-er's introduction: our member's answer goes to the glue-er alone.
                items.Add(IntroductionWork.AnswerItem(introduction.Id, position, answer, undoesAccept: before == PartyAnswer.Accepted));
            }

            LogAnswered(introduction.Id, position, answer, change.After.State);
            return items;
        }, ct);
        return result!;
    }

    /// <summary>The glue-er withdraws an introduction that is not decided yet.</summary>
    public async Task<Outcome<IntroductionView>> WithdrawAsync(Guid introductionId, Guid memberId, CancellationToken ct)
    {
        Outcome<IntroductionView>? result = null;
        var admin = await IsAdminAsync(memberId, ct);
        await unit.CommitAsync(async tx =>
        {
            var introduction = await introductions.FindAsync(introductionId, tx, ct);
            if (introduction is null || IntroductionView.Of(introduction, memberId, admin) is null)
            {
                result = new Outcome<IntroductionView>.NotFound();
                return [];
            }

            if (!introduction.IsIntroducer(memberId))
            {
                result = new Outcome<IntroductionView>.Forbidden(CoreText.Get("Introduction.NotIntroducer"));
                return [];
            }

            if (IntroductionRules.Close(introduction, IntroductionEnd.Withdrawn, time.GetUtcNow()) is not { } change)
            {
                result = new Outcome<IntroductionView>.Conflict(CoreText.Get("Introduction.Decided")) { Field = IntroductionFields.State };
                return [];
            }

            await introductions.UpdateAsync(change.After, tx, ct);
            result = new Outcome<IntroductionView>.Ok(IntroductionView.Of(change.After, memberId, admin)!);
            LogClosed(introduction.Id, IntroductionEnd.Withdrawn);
            return await ConsequencesAsync(change, except: memberId, tx, ct);
        }, ct);
        return result!;
    }

    /// <summary>
    /// A remote party's answer arrived (Accept, Reject, Undo{Accept} as a decline, a Block, or a reply to the direct
    /// note): the same rules as a local answer, written in the inbox's transaction with the notifications and work it
    /// causes. Conflict when it is already decided (an Undo{Accept} after it was made changes nothing); NotFound when
    /// there is no such introduction or that party is not remote.
    /// </summary>
    public Task<Outcome<Introduction>> RecordRemoteAnswerAsync(
        Guid introductionId, int position, PartyAnswer answer, string? activityId, ITransaction tx, CancellationToken ct) =>
        RecordRemoteAnswerAsync(introductionId, position, answer, activityId, except: null, tx, ct);

    /// <param name="except">Who made it count (the glue-er reviewing a reply): not told of what they did themselves.</param>
    private async Task<Outcome<Introduction>> RecordRemoteAnswerAsync(
        Guid introductionId, int position, PartyAnswer answer, string? activityId, Guid? except, ITransaction tx, CancellationToken ct)
    {
        var introduction = await introductions.FindAsync(introductionId, tx, ct);
        if (introduction is null || introduction.Parties.FirstOrDefault(p => p.Position == position) is not { IsLocal: false })
        {
            return new Outcome<Introduction>.NotFound();
        }

        if (IntroductionRules.Answer(introduction, position, answer, time.GetUtcNow(), activityId) is not { } change)
        {
            return new Outcome<Introduction>.Conflict(CoreText.Get("Introduction.Decided"));
        }

        if (change.Step != IntroductionStep.None)
        {
            await introductions.UpdateAsync(change.After, tx, ct);
            await AddWorkAsync(await ConsequencesAsync(change, except, tx, ct), tx, ct);
            LogAnswered(introduction.Id, position, answer, change.After.State);
        }

        return new Outcome<Introduction>.Ok(change.After);
    }

    /// <summary>
    /// The replies to the direct notes of an open introduction that were not a clear yes, no or stop, oldest first, for
    /// its glue-er alone ("needs your review"). Not found for anyone else, a party included: a reply is the glue-er's
    /// to read. Once it is decided there is nothing left to review, so the list is empty.
    /// </summary>
    public async Task<Outcome<IReadOnlyList<IntroductionReview>>> ReviewsAsync(Guid introductionId, Guid viewerId, CancellationToken ct)
    {
        if (await introductions.FindAsync(introductionId, ct) is not { } introduction || !introduction.IsIntroducer(viewerId))
        {
            return new Outcome<IReadOnlyList<IntroductionReview>>.NotFound();
        }

        return new Outcome<IReadOnlyList<IntroductionReview>>.Ok(introduction.IsOpen ? await replies.ReviewsAsync(introductionId, ct) : []);
    }

    /// <summary>The glue-er's open introductions with replies waiting for their review, the newest reply first.</summary>
    public async Task<IReadOnlyList<IntroductionView>> WaitingForReviewAsync(Guid glueErId, int limit, CancellationToken ct)
    {
        var views = new List<IntroductionView>();
        foreach (var id in await replies.WaitingForReviewAsync(glueErId, limit, ct))
        {
            if (await introductions.FindAsync(id, ct) is { } introduction && IntroductionView.Of(introduction, glueErId) is { } view)
            {
                views.Add(view);
            }
        }

        return views;
    }

    /// <summary>
    /// The glue-er counts a reply kept for their review as the party's yes (<paramref name="accept"/>) or no: recorded
    /// as that party's answer, by the same rules and with the same consequences (and federation) as any answer, and the
    /// reply is no longer offered. Not found for anyone but the glue-er or for a reply not of this introduction;
    /// conflict (and nothing changes, the reply stays) once it is made or not going ahead.
    /// </summary>
    public async Task<Outcome<IntroductionView>> ReviewAsync(Guid introductionId, Guid reviewId, Guid memberId, bool accept, CancellationToken ct)
    {
        Outcome<IntroductionView>? result = null;
        await unit.CommitAsync(async tx =>
        {
            var introduction = await introductions.FindAsync(introductionId, tx, ct);
            if (introduction is null || !introduction.IsIntroducer(memberId)
                || await replies.FindReviewAsync(reviewId, tx, ct) is not { } review || review.IntroductionId != introductionId)
            {
                result = new Outcome<IntroductionView>.NotFound();
                return [];
            }

            var answer = accept ? PartyAnswer.Accepted : PartyAnswer.Declined;
            switch (await RecordRemoteAnswerAsync(introductionId, review.Position, answer, review.ActivityId, memberId, tx, ct))
            {
                case Outcome<Introduction>.Ok(var after):
                    await replies.RemoveReviewAsync(reviewId, tx, ct);
                    LogReviewed(introductionId, review.Position, answer);
                    result = new Outcome<IntroductionView>.Ok(IntroductionView.Of(after, memberId)!);
                    break;
                case Outcome<Introduction>.Conflict(var why):
                    result = new Outcome<IntroductionView>.Conflict(why) { Field = IntroductionFields.State };
                    break;
                default:
                    result = new Outcome<IntroductionView>.NotFound();
                    break;
            }

            return [];   // the answer's work was added with it, in this transaction
        }, ct);
        return result!;
    }

    /// <summary>
    /// Closes an open introduction for a reason that is no one's answer here (a party replied "stop", say), in the
    /// caller's transaction; false when it was already decided.
    /// </summary>
    public async Task<bool> CloseAsync(Guid introductionId, IntroductionEnd why, ITransaction tx, CancellationToken ct)
    {
        var introduction = await introductions.FindAsync(introductionId, tx, ct);
        if (introduction is null || IntroductionRules.Close(introduction, why, time.GetUtcNow()) is not { } change)
        {
            return false;
        }

        await introductions.UpdateAsync(change.After, tx, ct);
        await AddWorkAsync(await ConsequencesAsync(change, except: null, tx, ct), tx, ct);
        LogClosed(introduction.Id, why);
        return true;
    }

    /// <summary>
    /// Stores an introduction a remote glue-er offered to a member here, in the inbox's transaction, and asks the
    /// member. The caller checked who may introduce them. False when it was stored already.
    /// </summary>
    public async Task<bool> AddReceivedAsync(Introduction introduction, ITransaction tx, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(introduction);
        if (!await introductions.AddAsync(introduction, tx, ct))
        {
            return false;
        }

        await notifications.AddAsync(
            await NotifyAsync(introduction, NotificationKind.IntroductionAsked, introduction.Parties.Where(p => p.IsLocal), except: null, tx, ct), tx, ct);
        await work.AddAsync([IntroductionWork.ExpireItem(introduction)], tx, ct);
        LogReceived(introduction.Id, introduction.Introducer);
        return true;
    }

    /// <summary>
    /// On a party's node: the remote glue-er says it was made or is not going ahead (Update{Relationship}). The local
    /// parties are told. False when nothing changed.
    /// </summary>
    public async Task<bool> ApplyRemoteStateAsync(Guid introductionId, IntroductionState state, ITransaction tx, CancellationToken ct)
    {
        var introduction = await introductions.FindAsync(introductionId, tx, ct);
        if (introduction is null || introduction.IntroducerIsLocal || !introduction.IsOpen
            || state is not (IntroductionState.Made or IntroductionState.NotGoingAhead))
        {
            return false;
        }

        var after = introduction with { State = state, DecidedAt = time.GetUtcNow() };
        await introductions.UpdateAsync(after, tx, ct);
        var kind = state == IntroductionState.Made ? NotificationKind.IntroductionMade : NotificationKind.IntroductionNotGoingAhead;
        await notifications.AddAsync(await NotifyAsync(after, kind, after.Parties.Where(p => p.IsLocal), except: null, tx, ct), tx, ct);
        LogRemoteState(introduction.Id, state);
        return true;
    }

    /// <summary>The work handler of <see cref="IntroductionWork.Expire"/>: closes the introduction if it is still waiting.</summary>
    public async Task ExpireAsync(WorkItem item, CancellationToken ct)
    {
        var payload = WorkPayload.Read<IntroductionEvent>(item);
        await unit.CommitAsync(async tx =>
        {
            var introduction = await introductions.FindAsync(payload.IntroductionId, tx, ct);
            if (introduction is null || introduction.ExpiresAt > time.GetUtcNow()
                || IntroductionRules.Close(introduction, IntroductionEnd.Expired, time.GetUtcNow()) is not { } change)
            {
                return [];   // decided already, or gone: nothing to do (running twice is harmless)
            }

            await introductions.UpdateAsync(change.After, tx, ct);
            LogClosed(introduction.Id, IntroductionEnd.Expired);
            return await ConsequencesAsync(change, except: null, tx, ct);
        }, ct);
    }

    /// <summary>Closes the pending introductions of a member whose account is being deleted, in the deletion's transaction.</summary>
    public async Task<IReadOnlyCollection<NewWorkItem>> DeletingAsync(Member member, ITransaction tx, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(member);
        var items = new List<NewWorkItem>();
        foreach (var introduction in await introductions.ListOpenInvolvingAsync(member.Id, tx, ct))
        {
            if (IntroductionRules.Close(introduction, IntroductionEnd.AccountDeleted, time.GetUtcNow()) is { } change)
            {
                await introductions.UpdateAsync(change.After, tx, ct);
                items.AddRange(await ConsequencesAsync(change, except: member.Id, tx, ct));
                LogClosed(introduction.Id, IntroductionEnd.AccountDeleted);
            }
        }

        return items;
    }

    /// <summary>An introduction as <paramref name="viewerId"/> may see it; not found for anyone but the three involved.</summary>
    public async Task<Outcome<IntroductionView>> FindForViewerAsync(Guid introductionId, Guid viewerId, CancellationToken ct) =>
        await introductions.FindAsync(introductionId, ct) is { } introduction
        && IntroductionView.Of(introduction, viewerId, await IsAdminAsync(viewerId, ct)) is { } view
            ? new Outcome<IntroductionView>.Ok(view)
            : new Outcome<IntroductionView>.NotFound();

    /// <summary>
    /// The member's introductions, newest first: those they are asked about, or those they proposed. <paramref name="state"/>
    /// is the state as the member sees it (a party never sees accepted-by-one, so asking for it lists nothing).
    /// </summary>
    public async Task<Page<IntroductionView>> ForMemberAsync(
        Guid memberId, IntroductionRole role, IntroductionState? state, Cursor after, int limit, CancellationToken ct)
    {
        if (role == IntroductionRole.Asked && state == IntroductionState.AcceptedByOne)
        {
            return new Page<IntroductionView>([], null);
        }

        IReadOnlyCollection<IntroductionState>? states = (role, state) switch
        {
            (_, null) => null,
            (IntroductionRole.Asked, IntroductionState.Proposed) => [IntroductionState.Proposed, IntroductionState.AcceptedByOne],
            (_, { } one) => [one],
        };

        var admin = await IsAdminAsync(memberId, ct);
        var page = await introductions.ListAsync(memberId, role, withHub: admin && role == IntroductionRole.Asked, states, after, limit, ct);
        return new Page<IntroductionView>([.. page.Items.Select(i => IntroductionView.Of(i, memberId, admin)).OfType<IntroductionView>()], page.Next);
    }

    /// <summary>Remembers that a party followed the other after it was made ("follow them" is offered once).</summary>
    public async Task<Outcome<IntroductionView>> MarkFollowedOtherAsync(Guid introductionId, Guid memberId, CancellationToken ct)
    {
        Outcome<IntroductionView>? result = null;
        await unit.CommitAsync(async tx =>
        {
            var introduction = await introductions.FindAsync(introductionId, tx, ct);
            if (introduction?.PositionOf(memberId) is not { } position || introduction.State != IntroductionState.Made)
            {
                result = new Outcome<IntroductionView>.NotFound();
                return [];
            }

            var after = introduction with
            {
                Parties = [.. introduction.Parties.Select(p => p.Position == position ? p with { FollowedOther = true } : p)],
            };
            await introductions.UpdateAsync(after, tx, ct);
            result = new Outcome<IntroductionView>.Ok(IntroductionView.Of(after, memberId)!);
            return [];
        }, ct);
        return result!;
    }

    public async Task<Outcome<IntroductionPolicy>> PolicyAsync(Guid memberId, CancellationToken ct) =>
        await members.FindAsync(memberId, ct) is { } member
            ? new Outcome<IntroductionPolicy>.Ok(member.IntroductionPolicy)
            : new Outcome<IntroductionPolicy>.NotFound();

    /// <summary>Sets who may introduce the member (<c>anyone</c>, <c>glue-ers</c> or <c>nobody</c>); their actor is updated elsewhere.</summary>
    public async Task<Outcome<IntroductionPolicy>> SetPolicyAsync(Guid memberId, string? allow, CancellationToken ct)
    {
        if (!IntroductionNames.TryParse(allow, out IntroductionPolicy policy))
        {
            return new Outcome<IntroductionPolicy>.Invalid(
                IntroductionFields.Allow, CoreText.Format("Introduction.BadPolicy", ("choices", IntroductionNames.PolicyNameList)));
        }

        if (await members.FindAsync(memberId, ct) is not { } member)
        {
            return new Outcome<IntroductionPolicy>.NotFound();
        }

        if (member.IntroductionPolicy != policy)
        {
            await unit.CommitAsync(async tx =>
            {
                await members.SetIntroductionPolicyAsync(memberId, policy, time.GetUtcNow(), tx, ct);
                // The policy is published on the member's actor: an active member's followers' servers hear of it.
                return member.State == MemberState.Active ? [MemberWork.Item(MemberWork.Updated, member)] : [];
            }, ct);
        }

        return new Outcome<IntroductionPolicy>.Ok(policy);
    }

    /// <summary>Why a member here refuses this introduction (their policy), or a block stands between the people; null when none.</summary>
    private async Task<Outcome<Introduction>?> RefusalAsync(
        Member introducer, (IntroductionParty Party, Member? Member, RemoteActor? Remote)[] found, CancellationToken ct)
    {
        for (var i = 0; i < found.Length; i++)
        {
            var field = IntroductionFields.Party(i);
            if (found[i].Member is { } member)
            {
                var refuses = member.IntroductionPolicy switch
                {
                    IntroductionPolicy.Nobody => CoreText.Get("Introduction.PolicyNobody"),
                    IntroductionPolicy.GlueErsOnly when !introducer.Has(Role.GlueEr) => CoreText.Get("Introduction.PolicyGlueErs"),
                    _ => null,
                };
                if (refuses is not null)
                {
                    return new Outcome<Introduction>.Forbidden(refuses) { Field = field };
                }
            }
            else if (found[i].Remote is { } remote)
            {
                // A party elsewhere on our software publishes its policy, which its own node applies when the Offer
                // arrives; here only blocks between the glue-er and them are known.
                if (await blocks.FindAsync(introducer.Username, remote.Id, FollowDirection.Out, ct) is not null)
                {
                    return new Outcome<Introduction>.Forbidden(CoreText.Get("Introduction.YouBlocked")) { Field = field };
                }

                if (await blocks.FindAsync(introducer.Username, remote.Id, FollowDirection.In, ct) is not null)
                {
                    return new Outcome<Introduction>.Forbidden(CoreText.Get("Introduction.BlockedYou")) { Field = field };
                }

                foreach (var check in partyChecks)
                {
                    if (await check.RefusalAsync(remote, ct) is { } why)
                    {
                        return new Outcome<Introduction>.Forbidden(why) { Field = field };
                    }
                }
            }
        }

        // A block between the two of them (a member here and someone elsewhere): they would not want to meet. Which
        // one blocked is theirs to know, not the glue-er's.
        if (found.FirstOrDefault(f => f.Member is not null).Member is { } local && found.FirstOrDefault(f => f.Remote is not null).Remote is { } other
            && (await blocks.FindAsync(local.Username, other.Id, FollowDirection.Out, ct) is not null
                || await blocks.FindAsync(local.Username, other.Id, FollowDirection.In, ct) is not null))
        {
            return new Outcome<Introduction>.Forbidden(CoreText.Get("Introduction.Blocked")) { Field = IntroductionFields.Parties };
        }

        // The same between two members here (a block here tells nobody), and for a member who blocked the other's whole
        // domain for themselves (issue 13). A mute is no refusal: it hides, it does not forbid.
        if ((found[0].Member is { } one && found[1].Member is { } two
                && (await mutes.FindAsync(one.Id, two.Id.ToString("D"), Moderation.MuteKind.Block, ct) is not null
                    || await mutes.FindAsync(two.Id, one.Id.ToString("D"), Moderation.MuteKind.Block, ct) is not null))
            || (found.FirstOrDefault(f => f.Member is not null).Member is { } here && found.FirstOrDefault(f => f.Remote is not null).Remote is { } there
                && await mutes.BlocksDomainOfAsync(here.Username, there.Id, ct)))
        {
            return new Outcome<Introduction>.Forbidden(CoreText.Get("Introduction.Blocked")) { Field = IntroductionFields.Parties };
        }

        return null;
    }

    /// <summary>
    /// The notifications (written here) and work (returned) a step causes. Everyone involved here is told, except
    /// <paramref name="except"/> (who did it). Only the glue-er's node tells remote parties the outcome.
    /// </summary>
    private async Task<List<NewWorkItem>> ConsequencesAsync(IntroductionChange change, Guid? except, ITransaction tx, CancellationToken ct)
    {
        var introduction = change.After;
        var locals = introduction.Parties.Where(p => p.IsLocal).ToList();
        var glueEr = introduction.IntroducerMemberId is { } g && g != except ? g : (Guid?)null;
        var told = new List<Notification>();
        var items = new List<NewWorkItem>();
        var remote = introduction.IntroducerIsLocal && introduction.Parties.Any(p => !p.IsLocal);
        switch (change.Step)
        {
            case IntroductionStep.FirstAccepted:
                if (glueEr is { } first)
                {
                    told.Add(NotifyMember(introduction, NotificationKind.IntroductionAccepted, first));
                }

                break;
            case IntroductionStep.Made:
                // Both are told, the one whose yes made it too: until now they did not know the other's answer.
                told.AddRange(await NotifyAsync(introduction, NotificationKind.IntroductionMade, locals, except: null, tx, ct));
                if (glueEr is { } made)
                {
                    told.Add(NotifyMember(introduction, NotificationKind.IntroductionMade, made));
                }

                if (remote)
                {
                    items.Add(IntroductionWork.MadeItem(introduction.Id));
                }

                break;
            case IntroductionStep.Ended:
                // On a party's node the other party is not ours to tell: their own node hears from the glue-er.
                told.AddRange(await NotifyAsync(introduction, NotificationKind.IntroductionNotGoingAhead, introduction.IntroducerIsLocal ? locals : [], except, tx, ct));
                if (glueEr is { } ended)
                {
                    told.Add(NotifyMember(introduction, NotificationKind.IntroductionNotGoingAhead, ended));
                }

                if (remote)
                {
                    items.Add(IntroductionWork.EndedItem(introduction.Id));
                }

                break;
        }

        // A glue-er who is also an admin of a hub in it is told once, as its glue-er.
        await notifications.AddAsync([.. told.DistinctBy(n => (n.MemberId, n.Kind))], tx, ct);
        return items;
    }

    private async Task AddWorkAsync(List<NewWorkItem> items, ITransaction tx, CancellationToken ct)
    {
        if (items.Count > 0)
        {
            await work.AddAsync(items, tx, ct);
        }
    }

    /// <summary>
    /// Notifications about an introduction name the glue-er as their actor, whoever caused them: which party said
    /// yes or no is never told.
    /// </summary>
    private async Task<List<Notification>> NotifyAsync(
        Introduction introduction, NotificationKind kind, IEnumerable<IntroductionParty> parties, Guid? except, ITransaction tx, CancellationToken ct)
    {
        var ids = new List<Guid>();
        foreach (var party in parties)
        {
            if (party.MemberId is { } id)
            {
                ids.Add(id);
            }
            else if (party.IsOurHub)
            {
                // Our hub is asked through its admins: each is told, and any of them answers for it.
                ids.AddRange(await members.ListIdsWithRoleAsync(Role.Admin, HubAdminsNotifiedMax, tx, ct));
            }
        }

        return [.. ids.Distinct().Where(id => id != except).Select(id => NotifyMember(introduction, kind, id))];
    }

    /// <summary>Whether the member is an active admin here: they answer for our hub.</summary>
    private async Task<bool> IsAdminAsync(Guid memberId, CancellationToken ct) =>
        await members.FindAsync(memberId, ct) is { State: MemberState.Active } member && member.Has(Role.Admin);

    private Notification NotifyMember(Introduction introduction, NotificationKind kind, Guid memberId)
    {
        var now = time.GetUtcNow();
        return new Notification(
            Guid.CreateVersion7(now), memberId, kind, introduction.Introducer, introduction.IntroducerIsLocal, null, now, null,
            NotificationSubjects.Of("introduction", introduction.Id));
    }

    [LoggerMessage(EventId = 5601, Level = LogLevel.Information, Message = "Introduction {IntroductionId} proposed by member {MemberId}")]
    private partial void LogProposed(Guid introductionId, Guid memberId);

    [LoggerMessage(EventId = 5602, Level = LogLevel.Information,
        Message = "Introduction {IntroductionId}: party {Position} answered {Answer}; it is now {State}")]
    private partial void LogAnswered(Guid introductionId, int position, PartyAnswer answer, IntroductionState state);

    [LoggerMessage(EventId = 5605, Level = LogLevel.Information, Message = "Introduction {IntroductionId}: the glue-er's node says it is {State}")]
    private partial void LogRemoteState(Guid introductionId, IntroductionState state);

    [LoggerMessage(EventId = 5603, Level = LogLevel.Information, Message = "Introduction {IntroductionId} is not going ahead ({Why})")]
    private partial void LogClosed(Guid introductionId, IntroductionEnd why);

    [LoggerMessage(EventId = 5606, Level = LogLevel.Information,
        Message = "Introduction {IntroductionId}: the glue-er counted party {Position}'s reply as {Answer}")]
    private partial void LogReviewed(Guid introductionId, int position, PartyAnswer answer);

    [LoggerMessage(EventId = 5604, Level = LogLevel.Information, Message = "Introduction {IntroductionId} received from {Introducer}")]
    private partial void LogReceived(Guid introductionId, string introducer);
}
