using OurSociety.Core.Paging;

namespace OurSociety.Core.HelpRequests;

/// <summary>
/// A member asking for help ("a critical friend"): a short question with topics. It is never a post: it is not
/// federated, listed or searchable, and only the people of its thread (<see cref="HelpThread"/>) may see it.
/// </summary>
/// <param name="ShareWithHelpers">Whether members here who "can help with" its topics may be invited to it.</param>
public sealed record HelpRequest(
    Guid Id,
    Guid AskerId,
    string Question,
    IReadOnlyList<string> Topics,
    bool ShareWithHelpers,
    DateTimeOffset CreatedAt,
    DateTimeOffset? ClosedAt)
{
    public bool IsOpen => ClosedAt is null;
}

/// <summary>An answer in a help request's private thread, by the asker, a glue-er or an invited helper.</summary>
public sealed record HelpReply(Guid Id, Guid RequestId, Guid AuthorId, string Body, DateTimeOffset CreatedAt);

/// <summary>A member invited into a thread: matched by their skills (<see cref="InvitedBy"/> null) or by a glue-er.</summary>
public sealed record HelpHelper(Guid MemberId, Guid? InvitedBy, DateTimeOffset InvitedAt);

/// <summary>Why someone may read a thread; everyone else is told it does not exist.</summary>
public enum HelpRole
{
    Asker,
    GlueEr,
    Helper,
}

/// <summary>A request as one reader of its thread sees it.</summary>
public sealed record HelpThread(HelpRequest Request, HelpRole Role, IReadOnlyList<HelpHelper> Helpers);

public static class HelpLimits
{
    /// <summary>A short question: a few sentences, like a text message. Details come in the thread.</summary>
    public const int QuestionMax = 1_000;

    public const int ReplyMax = 5_000;

    /// <summary>
    /// How many members are invited by their skills at most: enough to find someone, few enough that a question is
    /// not sent round the whole hub.
    /// </summary>
    public const int MatchedHelpersMax = 10;

    /// <summary>Glue-ers told of a new request (a hub has a handful).</summary>
    public const int GlueErsMax = 100;
}

public interface IHelpRequestStore
{
    /// <summary>Adds the request, its topics and its first helpers in the transaction of its notifications.</summary>
    Task AddAsync(HelpRequest request, IReadOnlyCollection<HelpHelper> helpers, ITransaction tx, CancellationToken ct);

    Task<HelpRequest?> FindAsync(Guid id, CancellationToken ct);

    Task<IReadOnlyList<HelpHelper>> ListHelpersAsync(Guid requestId, CancellationToken ct);

    /// <summary>False when the member was in the thread already.</summary>
    Task<bool> AddHelperAsync(Guid requestId, HelpHelper helper, ITransaction tx, CancellationToken ct);

    /// <summary>Closes it unless it is closed already; false then.</summary>
    Task<bool> CloseAsync(Guid requestId, DateTimeOffset at, ITransaction tx, CancellationToken ct);

    Task AddReplyAsync(HelpReply reply, ITransaction tx, CancellationToken ct);

    /// <summary>The replies, oldest first (a thread is read from the top).</summary>
    Task<Page<HelpReply>> ListRepliesAsync(Guid requestId, Cursor after, int limit, CancellationToken ct);

    /// <summary>
    /// Requests the member asked or was invited to, newest first; with <paramref name="withOpenOfHub"/> (a glue-er)
    /// also every open request of the hub.
    /// </summary>
    Task<Page<HelpRequest>> ListForAsync(Guid memberId, bool withOpenOfHub, Cursor after, int limit, CancellationToken ct);

    /// <summary>The hub's open requests, newest first: the glue-ers' list.</summary>
    Task<Page<HelpRequest>> ListOpenAsync(Cursor after, int limit, CancellationToken ct);

    Task<int> CountRepliesAsync(Guid requestId, CancellationToken ct);
}
