using OurSociety.Core.Work;

namespace OurSociety.Core.Members;

/// <summary>
/// The work a change to a member's public face causes (telling their followers' servers), written in the change's own
/// transaction. A member's items share a partition, so an Update never overtakes the Delete of the account.
/// </summary>
public static class MemberWork
{
    /// <summary>The profile (name, bio, avatar, locked) changed. Payload: <see cref="MemberEvent"/>.</summary>
    public const string Updated = "member.updated";

    /// <summary>The account was deleted. Payload: <see cref="MemberEvent"/>.</summary>
    public const string Deleted = "member.deleted";

    public static NewWorkItem Item(string kind, Member member) =>
        new(kind, WorkPayload.Write(new MemberEvent(member.Id, member.Username)), $"member:{member.Id:D}");
}

/// <summary>A member by id and username (the username stays known after the account is gone: its actor id is built on it).</summary>
public sealed record MemberEvent(Guid MemberId, string Username);
