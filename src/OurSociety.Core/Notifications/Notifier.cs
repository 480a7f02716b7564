namespace OurSociety.Core.Notifications;

/// <summary>Makes the notifications a change causes, stored in that change's transaction; never about one's own doing.</summary>
public sealed class Notifier(TimeProvider time)
{
    /// <summary>A notification for <paramref name="memberId"/>, or null when the member did it themselves.</summary>
    public Notification? Make(Guid memberId, NotificationKind kind, string actor, bool isLocal, Guid? postId, string? subject = null)
    {
        if (isLocal && actor == memberId.ToString("D"))
        {
            return null;
        }

        var now = time.GetUtcNow();
        return new Notification(Guid.CreateVersion7(now), memberId, kind, actor, isLocal, postId, now, null, subject);
    }
}
