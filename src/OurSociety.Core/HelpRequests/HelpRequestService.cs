using Microsoft.Extensions.Logging;
using OurSociety.Core.Members;
using OurSociety.Core.Notifications;
using OurSociety.Core.Paging;
using OurSociety.Core.Posts;
using OurSociety.Core.Work;

namespace OurSociety.Core.HelpRequests;

/// <summary>
/// Asking for help and its private thread. Only the asker, the hub's glue-ers and the helpers invited into a thread may
/// see it; for everyone else it does not exist (<see cref="Outcome{T}.NotFound"/>, never Forbidden, so nothing says
/// that there is something to be refused). Local only: nothing here reaches another server.
/// </summary>
public sealed partial class HelpRequestService(
    IHelpRequestStore requests,
    IMemberStore members,
    SkillService skills,
    Needs.IProposalStore proposals,
    INotificationStore notifications,
    Notifier notifier,
    UnitOfWork unit,
    TimeProvider time,
    ILogger<HelpRequestService> log)
{
    public const string SubjectKind = "help-request";

    public static string Subject(Guid requestId) => NotificationSubjects.Of(SubjectKind, requestId);

    /// <summary>
    /// Asks for help. The hub's glue-ers are told; with <paramref name="shareWithHelpers"/> so are up to
    /// <see cref="HelpLimits.MatchedHelpersMax"/> members who can help with its topics (their profile's "Can help
    /// with", or an open offer of theirs with one of its topics), who join the thread.
    /// </summary>
    public async Task<Outcome<HelpRequest>> AskAsync(Guid askerId, string? question, IReadOnlyList<string>? topics, bool shareWithHelpers, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        var text = question?.Trim() ?? "";
        if (text.Length == 0)
        {
            errors["question"] = [CoreText.Get("Help.QuestionRequired")];
        }
        else if (text.Length > HelpLimits.QuestionMax)
        {
            errors["question"] = [CoreText.Format("Help.QuestionTooLong", ("max", HelpLimits.QuestionMax), ("count", text.Length))];
        }

        var topicList = PostService.Topics(topics, errors);
        if (topicList.Count == 0 && !errors.ContainsKey("topics"))
        {
            errors["topics"] = [CoreText.Get("Help.TopicsRequired")];
        }

        if (errors.Count > 0)
        {
            return new Outcome<HelpRequest>.Invalid(errors);
        }

        if (await members.FindAsync(askerId, ct) is not { State: MemberState.Active } asker)
        {
            return new Outcome<HelpRequest>.NotFound();
        }

        var glueErs = await GlueErsAsync(ct);
        var matched = shareWithHelpers ? await HelpersAsync(topicList, [asker.Id, .. glueErs.Select(g => g.Id)], ct) : [];
        var now = time.GetUtcNow();
        var request = new HelpRequest(Guid.CreateVersion7(now), asker.Id, text, topicList, shareWithHelpers, now, null);
        var helpers = matched.Select(m => new HelpHelper(m.Id, null, now)).ToList();
        var actor = asker.Id.ToString("D");
        var told = glueErs.Select(g => notifier.Make(g.Id, NotificationKind.HelpRequested, actor, true, null, Subject(request.Id)))
            .Concat(helpers.Select(h => notifier.Make(h.MemberId, NotificationKind.HelpInvited, actor, true, null, Subject(request.Id))))
            .OfType<Notification>().ToList();
        await unit.CommitAsync(async tx =>
        {
            await requests.AddAsync(request, helpers, tx, ct);
            await notifications.AddAsync(told, tx, ct);
            return [];
        }, ct);
        LogAsked(request.Id, asker.Id, glueErs.Count, helpers.Count);
        return new Outcome<HelpRequest>.Ok(request);
    }

    /// <summary>
    /// Who is invited into a shared request, at most <see cref="HelpLimits.MatchedHelpersMax"/>: members whose profile
    /// says they can help with its topics first (they said so of themselves), then members here with an open offer
    /// sharing a topic (most topics in common first, then the newest offer), each once.
    /// </summary>
    private async Task<IReadOnlyList<Member>> HelpersAsync(IReadOnlyList<string> topics, IReadOnlyCollection<Guid> except, CancellationToken ct)
    {
        var found = new List<Member>(await skills.WhoCanHelpWithAsync(topics, except, HelpLimits.MatchedHelpersMax, ct));
        if (found.Count >= HelpLimits.MatchedHelpersMax)
        {
            return found;
        }

        // The matcher's own candidates (open offers, newest first), kept to those posted here by a member, ranked by
        // the topics they share with the request: an offer says what its author can help with as well as a profile does.
        var now = time.GetUtcNow();
        var byAuthor = (await proposals.OpenAsync(Needs.ProposalKind.Offer, now, Needs.ProposalMatcher.Candidates, ct))
            .Where(o => o.AuthorId is not null)
            .Select(o => (Author: o.AuthorId!.Value, Shared: o.Topics.Count(topics.Contains), o.CreatedAt))
            .Where(o => o.Shared > 0)
            .OrderByDescending(o => o.Shared).ThenByDescending(o => o.CreatedAt)
            .Select(o => o.Author)
            .Distinct();
        foreach (var author in byAuthor)
        {
            if (found.Count >= HelpLimits.MatchedHelpersMax)
            {
                break;
            }

            if (!except.Contains(author) && found.All(m => m.Id != author) && await members.FindAsync(author, ct) is { State: MemberState.Active } member)
            {
                found.Add(member);
            }
        }

        return found;
    }

    /// <summary>The thread as <paramref name="memberId"/> may see it, or NotFound.</summary>
    public async Task<Outcome<HelpThread>> GetAsync(Guid requestId, Guid memberId, CancellationToken ct) =>
        await ThreadAsync(requestId, memberId, ct) is { } thread ? new Outcome<HelpThread>.Ok(thread) : new Outcome<HelpThread>.NotFound();

    public async Task<Outcome<Page<HelpReply>>> RepliesAsync(Guid requestId, Guid memberId, Cursor after, int limit, CancellationToken ct) =>
        await ThreadAsync(requestId, memberId, ct) is null
            ? new Outcome<Page<HelpReply>>.NotFound()
            : new Outcome<Page<HelpReply>>.Ok(await requests.ListRepliesAsync(requestId, after, limit, ct));

    /// <summary>Answers in the thread; everyone else in it is told. A closed request takes no more replies.</summary>
    public async Task<Outcome<HelpReply>> ReplyAsync(Guid requestId, Guid memberId, string? body, CancellationToken ct)
    {
        if (await ThreadAsync(requestId, memberId, ct) is not { } thread)
        {
            return new Outcome<HelpReply>.NotFound();
        }

        var text = body?.Trim() ?? "";
        if (text.Length == 0)
        {
            return new Outcome<HelpReply>.Invalid("body", CoreText.Get("Help.ReplyRequired"));
        }

        if (text.Length > HelpLimits.ReplyMax)
        {
            return new Outcome<HelpReply>.Invalid("body", CoreText.Format("TooLong", ("max", HelpLimits.ReplyMax)));
        }

        if (!thread.Request.IsOpen)
        {
            return new Outcome<HelpReply>.Conflict(CoreText.Get("Help.Closed"));
        }

        var now = time.GetUtcNow();
        var reply = new HelpReply(Guid.CreateVersion7(now), requestId, memberId, text, now);
        var actor = memberId.ToString("D");
        var readers = new HashSet<Guid> { thread.Request.AskerId };
        readers.UnionWith(thread.Helpers.Select(h => h.MemberId));
        readers.UnionWith((await GlueErsAsync(ct)).Select(g => g.Id));
        var told = readers.Select(id => notifier.Make(id, NotificationKind.HelpReply, actor, true, null, Subject(requestId)))
            .OfType<Notification>().ToList();
        await unit.CommitAsync(async tx =>
        {
            await requests.AddReplyAsync(reply, tx, ct);
            await notifications.AddAsync(told, tx, ct);
            return [];
        }, ct);
        return new Outcome<HelpReply>.Ok(reply);
    }

    /// <summary>The asker closes their request ("I have my answer"): it stays readable, and takes no more replies.</summary>
    public async Task<Outcome<HelpRequest>> CloseAsync(Guid requestId, Guid memberId, CancellationToken ct)
    {
        if (await ThreadAsync(requestId, memberId, ct) is not { } thread)
        {
            return new Outcome<HelpRequest>.NotFound();
        }

        if (thread.Role != HelpRole.Asker)
        {
            return new Outcome<HelpRequest>.Forbidden(CoreText.Get("Help.OnlyAskerCloses"));
        }

        var now = time.GetUtcNow();
        var closed = false;
        await unit.CommitAsync(async tx =>
        {
            closed = await requests.CloseAsync(requestId, now, tx, ct);
            return [];
        }, ct);
        return closed
            ? new Outcome<HelpRequest>.Ok(thread.Request with { ClosedAt = now })
            : new Outcome<HelpRequest>.Conflict(CoreText.Get("Help.Closed"));
    }

    /// <summary>A glue-er invites a member of this hub into the thread; the member is told.</summary>
    public async Task<Outcome<HelpThread>> InviteAsync(Guid requestId, Guid glueErId, string? username, CancellationToken ct)
    {
        if (await ThreadAsync(requestId, glueErId, ct) is not { } thread)
        {
            return new Outcome<HelpThread>.NotFound();
        }

        if (thread.Role != HelpRole.GlueEr)
        {
            return new Outcome<HelpThread>.Forbidden(CoreText.Get("Help.OnlyGlueErsInvite"));
        }

        var name = username?.Trim().TrimStart('@') ?? "";
        if (name.Length == 0)
        {
            return new Outcome<HelpThread>.Invalid("username", CoreText.Get("Help.UsernameRequired"));
        }

        if (name.Length > Username.MaxLength || await members.FindByUsernameAsync(name, ct) is not { State: MemberState.Active } helper)
        {
            return new Outcome<HelpThread>.Invalid("username", CoreText.Format("Help.NoSuchMember", ("username", name)));
        }

        if (!thread.Request.IsOpen)
        {
            return new Outcome<HelpThread>.Conflict(CoreText.Get("Help.Closed"));
        }

        if (helper.Id == thread.Request.AskerId || helper.Has(Role.GlueEr) || thread.Helpers.Any(h => h.MemberId == helper.Id))
        {
            return new Outcome<HelpThread>.Conflict(CoreText.Format("Help.AlreadyInThread", ("username", helper.Username)));
        }

        var now = time.GetUtcNow();
        var added = new HelpHelper(helper.Id, glueErId, now);
        var told = notifier.Make(helper.Id, NotificationKind.HelpInvited, glueErId.ToString("D"), true, null, Subject(requestId));
        var isNew = false;
        await unit.CommitAsync(async tx =>
        {
            isNew = await requests.AddHelperAsync(requestId, added, tx, ct);
            if (isNew && told is not null)
            {
                await notifications.AddAsync([told], tx, ct);
            }

            return [];
        }, ct);
        return isNew
            ? new Outcome<HelpThread>.Ok(thread with { Helpers = [.. thread.Helpers, added] })
            : new Outcome<HelpThread>.Conflict(CoreText.Format("Help.AlreadyInThread", ("username", helper.Username)));
    }

    /// <summary>The member's requests and those they help with; for a glue-er also the hub's open ones.</summary>
    public async Task<Page<HelpRequest>> ListAsync(Guid memberId, Cursor after, int limit, CancellationToken ct)
    {
        var member = await members.FindAsync(memberId, ct);
        return await requests.ListForAsync(memberId, member?.Has(Role.GlueEr) == true, after, limit, ct);
    }

    /// <summary>The hub's open requests, for glue-ers only.</summary>
    public async Task<Outcome<Page<HelpRequest>>> ListOpenAsync(Guid memberId, Cursor after, int limit, CancellationToken ct) =>
        await members.FindAsync(memberId, ct) is { } member && member.Has(Role.GlueEr)
            ? new Outcome<Page<HelpRequest>>.Ok(await requests.ListOpenAsync(after, limit, ct))
            : new Outcome<Page<HelpRequest>>.Forbidden(CoreText.Get("Help.OnlyGlueErs"));

    /// <summary>
    /// Who may read the thread: the asker, then (with the role now, not when it was asked) a glue-er, then an
    /// invited helper; null for anyone else.
    /// </summary>
    private async Task<HelpThread?> ThreadAsync(Guid requestId, Guid memberId, CancellationToken ct)
    {
        if (await requests.FindAsync(requestId, ct) is not { } request)
        {
            return null;
        }

        var helpers = await requests.ListHelpersAsync(requestId, ct);
        if (request.AskerId == memberId)
        {
            return new HelpThread(request, HelpRole.Asker, helpers);
        }

        if (await members.FindAsync(memberId, ct) is not { State: MemberState.Active } member)
        {
            return null;
        }

        if (member.Has(Role.GlueEr))
        {
            return new HelpThread(request, HelpRole.GlueEr, helpers);
        }

        return helpers.Any(h => h.MemberId == memberId) ? new HelpThread(request, HelpRole.Helper, helpers) : null;
    }

    private Task<IReadOnlyList<Member>> GlueErsAsync(CancellationToken ct) => members.ListWithRolesAsync([Role.GlueEr], HelpLimits.GlueErsMax, ct);

    [LoggerMessage(EventId = 4601, Level = LogLevel.Information,
        Message = "Member {MemberId} asked for help ({RequestId}); {GlueErs} glue-ers and {Helpers} matched helpers told")]
    private partial void LogAsked(Guid requestId, Guid memberId, int glueErs, int helpers);
}
