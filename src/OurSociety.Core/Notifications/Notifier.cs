namespace OurSociety.Core.Notifications;

/// <summary>Tells a member something happened; never about their own doing.</summary>
public sealed class Notifier(INotificationStore store, ITransactions transactions, TimeProvider time)
{
    public async Task NotifyAsync(Guid memberId, NotificationKind kind, string actor, bool isLocal, Guid? postId, CancellationToken ct)
    {
        if (isLocal && actor == memberId.ToString("D"))
        {
            return;
        }

        var now = time.GetUtcNow();
        // stub: lead replaces.
        await using var tx = await transactions.BeginAsync(ct);
        await store.AddAsync([new Notification(Guid.CreateVersion7(now), memberId, kind, actor, isLocal, postId, now, null)], tx, ct);
        await tx.CommitAsync(ct);
    }
}
