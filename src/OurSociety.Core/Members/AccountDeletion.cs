using OurSociety.Core.Work;

namespace OurSociety.Core.Members;

/// <summary>
/// Something else to do when a member's account is deleted, in the deletion's own transaction (e.g. closing their
/// pending introductions), returning the work it causes. Registered as many; <see cref="MemberService"/> runs them all.
/// </summary>
public interface IAccountDeletionStep
{
    Task<IReadOnlyCollection<NewWorkItem>> DeletingAsync(Member member, ITransaction tx, CancellationToken ct);
}
