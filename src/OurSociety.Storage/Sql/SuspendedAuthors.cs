namespace OurSociety.Storage.Sql;

/// <summary>
/// The condition that hides a suspended account's posts everywhere (lists, feeds, the author's own page): a suspended
/// member's, or a suspended remote account's (whose posts are also removed, but one received later must not show).
/// Followers' home feeds use it too, unlike <see cref="ListedAuthors"/>.
/// </summary>
internal static class SuspendedAuthors
{
    /// <summary>SQL true when the post aliased <paramref name="post"/> is by no suspended account.</summary>
    public static string Hidden(string post) => $"""
        NOT EXISTS (SELECT 1 FROM member sm WHERE sm.id = {post}.author_id AND sm.suspended_at IS NOT NULL)
        AND NOT EXISTS (SELECT 1 FROM remote_actor sa WHERE sa.id = {post}.remote_author AND sa.suspended_at IS NOT NULL)
        """;
}
