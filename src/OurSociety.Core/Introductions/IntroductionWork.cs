using OurSociety.Core.Work;

namespace OurSociety.Core.Introductions;

/// <summary>
/// The work an introduction causes, written in the transaction of the change. What reaches another server
/// (send, answer, made, ended) has its handlers in Federation; expiry is local. The items about one introduction
/// share a partition so they run in order (its Offers before its Update); expiry has none, as it waits for weeks and
/// must not hold the others up.
/// </summary>
public static class IntroductionWork
{
    /// <summary>Ask one remote party (an Offer, or a direct note). Payload: <see cref="IntroductionPartyEvent"/>.</summary>
    public const string Send = "introduction.send";

    /// <summary>Our member answered a remote glue-er (Accept, Reject or Undo{Accept}). Payload: <see cref="IntroductionAnswerEvent"/>.</summary>
    public const string Answer = "introduction.answer";

    /// <summary>Both said yes: tell them (the direct note naming both, Update{Relationship}). Payload: <see cref="IntroductionEvent"/>.</summary>
    public const string Made = "introduction.made";

    /// <summary>It is not going ahead: tell remote Our Society parties. Payload: <see cref="IntroductionEvent"/>.</summary>
    public const string Ended = "introduction.ended";

    /// <summary>Close it if nobody decided by <see cref="Introduction.ExpiresAt"/>. Payload: <see cref="IntroductionEvent"/>.</summary>
    public const string Expire = "introduction.expire";

    /// <summary>
    /// Look up the <c>@user@host</c> handles the glue-er's reason names, before it is sent (same partition, queued first),
    /// so the reason links them; they are never added to whom an introduction is addressed. Payload: <see cref="IntroductionEvent"/>.
    /// </summary>
    public const string ResolveMentions = "introduction.resolve-mentions";

    public static string Partition(Guid introductionId) => $"introduction:{introductionId:D}";

    public static NewWorkItem SendItem(Guid introductionId, int position) =>
        new(Send, WorkPayload.Write(new IntroductionPartyEvent(introductionId, position)), Partition(introductionId));

    public static NewWorkItem AnswerItem(Guid introductionId, int position, PartyAnswer answer, bool undoesAccept) =>
        new(Answer, WorkPayload.Write(new IntroductionAnswerEvent(introductionId, position, answer.Name(), undoesAccept)), Partition(introductionId));

    public static NewWorkItem ResolveMentionsItem(Guid introductionId) =>
        new(ResolveMentions, WorkPayload.Write(new IntroductionEvent(introductionId)), Partition(introductionId));

    /// <summary>The subject its reason's mentions are kept under, and the glue-er's notices name: <c>introduction:{id}</c>.</summary>
    public static string MentionSubject(Guid introductionId) => Notifications.NotificationSubjects.Of("introduction", introductionId);

    public static NewWorkItem MadeItem(Guid introductionId) =>
        new(Made, WorkPayload.Write(new IntroductionEvent(introductionId)), Partition(introductionId));

    public static NewWorkItem EndedItem(Guid introductionId) =>
        new(Ended, WorkPayload.Write(new IntroductionEvent(introductionId)), Partition(introductionId));

    public static NewWorkItem ExpireItem(Introduction introduction) =>
        new(Expire, WorkPayload.Write(new IntroductionEvent(introduction.Id)), null, introduction.ExpiresAt);
}

public sealed record IntroductionEvent(Guid IntroductionId);

public sealed record IntroductionPartyEvent(Guid IntroductionId, int Position);

/// <summary>
/// A local party's answer to a remote glue-er: <see cref="Answer"/> is <c>accepted</c> or <c>declined</c>
/// (<see cref="IntroductionNames"/>); <see cref="UndoesAccept"/> says a decline takes back an earlier yes
/// (sent as Undo{Accept}, not Reject).
/// </summary>
public sealed record IntroductionAnswerEvent(Guid IntroductionId, int Position, string Answer, bool UndoesAccept);
