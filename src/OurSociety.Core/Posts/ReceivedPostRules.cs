namespace OurSociety.Core.Posts;

/// <summary>Which posts from other servers a node keeps: only those someone here has a reason to see.</summary>
public static class ReceivedPostRules
{
    /// <summary>
    /// A reply to a post we have, a post naming a member here, or one whose author is followed here (by a member or
    /// the hub) or that credits one of our posts. Everything else would only fill the database with strangers' posts.
    /// The last question costs lookups, so it is asked only when the first two say no.
    /// </summary>
    public static async Task<bool> KeepsAsync(bool isReply, int membersNamed, Func<Task<bool>> authorFollowedOrCreditsOurs)
    {
        ArgumentNullException.ThrowIfNull(authorFollowedOrCreditsOurs);
        return isReply || membersNamed > 0 || await authorFollowedOrCreditsOurs();
    }
}
