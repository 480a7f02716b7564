namespace OurSociety.Core.Members;

/// <summary>
/// Told when a member's public face changes, so the host can tell other servers (an Update or Delete of the actor).
/// The admin CLI has no network duties and uses <see cref="NoMemberEvents"/>.
/// </summary>
public interface IMemberEvents
{
    Task ProfileChangedAsync(Member member, CancellationToken ct);

    Task AccountDeletedAsync(Member member, CancellationToken ct);
}

public sealed class NoMemberEvents : IMemberEvents
{
    public Task ProfileChangedAsync(Member member, CancellationToken ct) => Task.CompletedTask;

    public Task AccountDeletedAsync(Member member, CancellationToken ct) => Task.CompletedTask;
}
