using OurSociety.ActivityPub.Vocabulary;
using OurSociety.Core;
using OurSociety.Core.Federation;
using OurSociety.Core.Hubs;
using OurSociety.Core.Moderation;
using OurSociety.Federation.Actors;
using OurSociety.Federation.Delivery;
using OurSociety.Federation.Follows;

namespace OurSociety.Federation.Hubs;

/// <summary>What an admin asks for: the other hub (handle or URL), a note for its admins, and whether to reshare.</summary>
public sealed record HubLinkAsk(string? Hub, string? Note, bool Reshare);

/// <summary>
/// What our admins do about links with other Our Society hubs (issue 14): ask, approve, decline, choose to reshare,
/// unlink. Each change commits with the activities that tell the other hub (outbox), in one transaction; only the hub
/// the admin typed is looked up over the network (<see cref="FollowService.ResolveAsync"/>, 10 s at most). The states
/// and what may change are <see cref="HubLinkRules"/>; the wire is federation-specs/hub-links.md.
/// </summary>
public sealed partial class HubLinkService(
    IHubLinkStore links,
    IFollowStore follows,
    IRemoteActorStore remoteActors,
    FollowService followService,
    IDomainRules domains,
    LocalActors locals,
    Outbox outbox,
    HubDirectory.DirectorySchedule directory,
    ITransactions transactions,
    TimeProvider time,
    ILogger<HubLinkService> logger)
{
    public Task<IReadOnlyList<HubLink>> ListAsync(HubLinkState? state, CancellationToken ct) => links.ListAsync(state, ct);

    public Task<HubLink?> FindAsync(Guid id, CancellationToken ct) => links.FindAsync(id, ct);

    /// <summary>
    /// Asks the other hub to link: our hub follows theirs with a Follow carrying <c>linkRequest</c> and the note. Refused
    /// (400 naming <c>hub</c>) for ourselves, an account that is not a Group, a Group that is not an Our Society hub, a
    /// domain this hub does not deal with; 409 when there is a link or a request with that hub already.
    /// </summary>
    public async Task<Outcome<HubLink>> AskAsync(HubLinkAsk ask, Guid adminId, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(ask);
        var note = (ask.Note ?? "").Trim();
        if (string.IsNullOrWhiteSpace(ask.Hub))
        {
            return Invalid(HubLinkRules.HubField, CoreText.Get("HubLink.HubMissing"));
        }

        if (note.Length > HubLinkRules.NoteMax)
        {
            return Invalid(HubLinkRules.NoteField, CoreText.Format("HubLink.NoteTooLong", ("max", HubLinkRules.NoteMax)));
        }

        // A blocked host is refused before anything is looked up there: a clear answer rather than a failed fetch.
        if (HostOf(ask.Hub.Trim()) is { } typedHost && !(await domains.ForAsync(typedHost, ct)).Federates)
        {
            return Invalid(HubLinkRules.HubField, CoreText.Format("HubLink.Blocked", ("host", typedHost)));
        }

        var resolved = await followService.ResolveAsync(ask.Hub, ct);
        if (resolved is not Outcome<RemoteActor>.Ok { Value: var actor })
        {
            var why = resolved is Outcome<RemoteActor>.Invalid invalid ? string.Join(" ", invalid.Errors.Values.SelectMany(e => e)) : CoreText.Get("HubLink.HubMissing");
            return Invalid(HubLinkRules.HubField, why);
        }

        if (!(await domains.ForAsync(actor.Id, ct)).Federates)
        {
            return Invalid(HubLinkRules.HubField, CoreText.Format("HubLink.Blocked", ("host", actor.Host)));
        }

        if (actor.Type != ObjectTypes.Group)
        {
            return Invalid(HubLinkRules.HubField, CoreText.Get("HubLink.NotGroup"));
        }

        if (!actor.ImplementsIntroductions)
        {
            return Invalid(HubLinkRules.HubField, CoreText.Get("HubLink.NotOurSociety"));
        }

        if (await links.FindByHubAsync(actor.Id, ct) is not null)
        {
            return new Outcome<HubLink>.Conflict(CoreText.Get("HubLink.Exists"));
        }

        var hub = locals.Hub;
        var now = time.GetUtcNow();
        var activityId = outbox.NewActivityId();
        var existing = await follows.FindAsync(hub.Username, actor.Id, FollowDirection.Out, ct);
        // An ordinary follow of theirs already accepted stays accepted; the new Follow (with the request) replaces its id.
        var follow = new Follow(existing?.Id ?? Guid.CreateVersion7(now), hub.Username, actor.Id, FollowDirection.Out,
            existing?.State ?? FollowState.Pending, activityId, existing?.CreatedAt ?? now, existing?.AcceptedAt);
        var request = Activities.Follow(activityId, hub.Id, actor.Id);
        if (note.Length > 0)
        {
            request[AsProperties.Content] = note;
        }

        var link = new HubLink(Guid.CreateVersion7(now), actor.Id, HubLinkState.Requested, AskedByUs: true, note, ask.Reshare, activityId, adminId, now, now);
        await using (var tx = await transactions.BeginAsync(ct))
        {
            await follows.PutAsync(follow, tx, ct);
            await links.PutAsync(link, tx, ct);
            await outbox.AddAsync([new(hub.Username, HubLinkTerms.Mark(request), [actor.Inbox])], tx, ct);
            await tx.CommitAsync(ct);
        }

        outbox.Wake();
        LogAsked(actor.Id);
        return new Outcome<HubLink>.Ok(link);
    }

    /// <summary>
    /// Says yes to their request: our hub follows theirs back (a plain Follow). The link is <c>linked</c> once their hub
    /// accepts (hubs accept followers at once); until then it stays <c>requested</c>.
    /// </summary>
    public async Task<Outcome<HubLink>> ApproveAsync(Guid id, Guid adminId, CancellationToken ct)
    {
        if (await links.FindAsync(id, ct) is not { } link)
        {
            return new Outcome<HubLink>.NotFound();
        }

        if (!HubLinkRules.Answerable(link))
        {
            return new Outcome<HubLink>.Conflict(CoreText.Get("HubLink.NotWaiting"));
        }

        var hub = locals.Hub;
        var now = time.GetUtcNow();
        var ours = await follows.FindAsync(hub.Username, link.HubActorId, FollowDirection.Out, ct);
        var theirs = await follows.FindAsync(hub.Username, link.HubActorId, FollowDirection.In, ct);
        var inbox = (await remoteActors.FindAsync(link.HubActorId, ct))?.Inbox;
        var requested = link with { State = HubLinkState.Requested, DecidedBy = adminId, UpdatedAt = now };
        var updated = requested with
        {
            State = HubLinkRules.AfterFollows(requested, ours?.State == FollowState.Accepted, theirs?.State == FollowState.Accepted),
        };
        var sent = new List<Outgoing>();
        Follow? follow = null;
        if (ours is null && inbox is not null)
        {
            var activityId = outbox.NewActivityId();
            follow = new Follow(Guid.CreateVersion7(now), hub.Username, link.HubActorId, FollowDirection.Out, FollowState.Pending, activityId, now, null);
            sent.Add(new(hub.Username, Activities.Follow(activityId, hub.Id, link.HubActorId), [inbox]));
        }

        await using (var tx = await transactions.BeginAsync(ct))
        {
            if (follow is not null)
            {
                await follows.PutAsync(follow, tx, ct);
            }

            await links.PutAsync(updated, tx, ct);
            if (updated.State == HubLinkState.Linked)
            {
                await directory.NowAsync(tx, ct);   // both follows were there already
            }

            await outbox.AddAsync(sent, tx, ct);
            await tx.CommitAsync(ct);
        }

        outbox.Wake();
        LogAnswered(link.HubActorId, "approved");
        return new Outcome<HubLink>.Ok(updated);
    }

    /// <summary>
    /// Says no to their request: our hub does not follow back, and a <c>Reject</c> of their request carrying
    /// <c>linkRequest</c> tells their hub (which keeps following ours: a one-way link, as an ordinary follower).
    /// </summary>
    public async Task<Outcome<HubLink>> DeclineAsync(Guid id, Guid adminId, CancellationToken ct)
    {
        if (await links.FindAsync(id, ct) is not { } link)
        {
            return new Outcome<HubLink>.NotFound();
        }

        if (!HubLinkRules.Answerable(link))
        {
            return new Outcome<HubLink>.Conflict(CoreText.Get("HubLink.NotWaiting"));
        }

        var hub = locals.Hub;
        var updated = link with { State = HubLinkState.Declined, DecidedBy = adminId, UpdatedAt = time.GetUtcNow() };
        var sent = new List<Outgoing>();
        if (link.RequestActivityId is { } requestId && (await remoteActors.FindAsync(link.HubActorId, ct))?.Inbox is { } inbox)
        {
            var reject = Activities.RejectFollow(outbox.ActivityIdFor(requestId, "hublink-decline"), hub.Id, link.HubActorId, requestId);
            sent.Add(new(hub.Username, HubLinkTerms.Mark(reject), [inbox]));
        }

        await using (var tx = await transactions.BeginAsync(ct))
        {
            await links.PutAsync(updated, tx, ct);
            await outbox.AddAsync(sent, tx, ct);
            await tx.CommitAsync(ct);
        }

        outbox.Wake();
        LogAnswered(link.HubActorId, "declined");
        return new Outcome<HubLink>.Ok(updated);
    }

    /// <summary>Turns resharing the linked hub's members' posts on or off (future posts only).</summary>
    public async Task<Outcome<HubLink>> SetReshareAsync(Guid id, bool reshare, CancellationToken ct)
    {
        if (await links.FindAsync(id, ct) is not { } link)
        {
            return new Outcome<HubLink>.NotFound();
        }

        var updated = link with { Reshare = reshare, UpdatedAt = time.GetUtcNow() };
        await using (var tx = await transactions.BeginAsync(ct))
        {
            await links.PutAsync(updated, tx, ct);
            await tx.CommitAsync(ct);
        }

        return new Outcome<HubLink>.Ok(updated);
    }

    /// <summary>
    /// Ends the link (or withdraws our request): <c>Undo(Follow)</c> for our hub's follow of theirs and
    /// <c>Reject(Follow)</c> for theirs of ours, and the row goes. For their request (waiting or declined) only the row
    /// goes: they stay an ordinary follower.
    /// </summary>
    public async Task<Outcome<HubLink>> UnlinkAsync(Guid id, CancellationToken ct)
    {
        if (await links.FindAsync(id, ct) is not { } link)
        {
            return new Outcome<HubLink>.NotFound();
        }

        var hub = locals.Hub;
        var ending = new List<Follow>();
        var sent = new List<Outgoing>();
        if (HubLinkRules.UnlinkEndsFollows(link))
        {
            var inbox = (await remoteActors.FindAsync(link.HubActorId, ct))?.Inbox;
            if (await follows.FindAsync(hub.Username, link.HubActorId, FollowDirection.Out, ct) is { } ours)
            {
                ending.Add(ours);
                if (inbox is not null)
                {
                    sent.Add(new(hub.Username, Activities.Undo(outbox.NewActivityId(), hub.Id,
                        Activities.Follow(ours.ActivityId, hub.Id, link.HubActorId), [link.HubActorId]), [inbox]));
                }
            }

            if (await follows.FindAsync(hub.Username, link.HubActorId, FollowDirection.In, ct) is { } theirs)
            {
                ending.Add(theirs);
                sent.AddRange(await followService.AnswerAsync(accept: false, theirs, outbox.NewActivityId(), ct));
            }
        }

        await using (var tx = await transactions.BeginAsync(ct))
        {
            foreach (var follow in ending)
            {
                await follows.DeleteAsync(follow.Id, tx, ct);
            }

            await links.DeleteAsync(link.Id, tx, ct);
            await outbox.AddAsync(sent, tx, ct);
            await tx.CommitAsync(ct);
        }

        outbox.Wake();
        LogUnlinked(link.HubActorId);
        return new Outcome<HubLink>.Ok(link);
    }

    /// <summary>The host of what the admin typed (an URL's, or a handle's after the last @), or null.</summary>
    private static string? HostOf(string typed)
    {
        if (Uri.TryCreate(typed, UriKind.Absolute, out var uri) && uri.Scheme is "https" or "http")
        {
            return uri.Authority;
        }

        var at = typed.LastIndexOf('@');
        return at > 0 && at < typed.Length - 1 ? typed[(at + 1)..] : null;
    }

    private static Outcome<HubLink> Invalid(string field, string message) => new Outcome<HubLink>.Invalid(field, message);

    [LoggerMessage(5981, LogLevel.Information, "Our hub asked {HubActorId} to link")]
    private partial void LogAsked(string hubActorId);

    [LoggerMessage(5982, LogLevel.Information, "Our hub {Answer} the link request of {HubActorId}")]
    private partial void LogAnswered(string hubActorId, string answer);

    [LoggerMessage(5983, LogLevel.Information, "Our hub unlinked from {HubActorId}")]
    private partial void LogUnlinked(string hubActorId);
}
