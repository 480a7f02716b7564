namespace OurSociety.Storage.Sql;

/// <summary>
/// The condition that keeps limited and suspended authors off public lists (<c>/local</c>, <c>/network</c>, topic
/// pages, search): a limited or suspended member, a limited or suspended remote account, or an account on a domain
/// blocked with <c>limit</c> or <c>suspend</c>. Followers' home feeds do not use it: a limited account's followers
/// still see its posts. One condition, used by every public list, so no list forgets a sanction.
/// </summary>
internal static class ListedAuthors
{
    /// <summary>SQL true when the post aliased <paramref name="post"/> may be listed publicly.</summary>
    /// <remarks>
    /// <c>remote_actor.host</c> is an authority (<c>host[:port]</c>), so a block covers the host, its subdomains and
    /// either with a port. Hosts and blocked names are both lower-case ASCII (punycode), so the comparisons are exact.
    /// </remarks>
    public static string Where(string post) => $"""
        NOT EXISTS (SELECT 1 FROM member lm WHERE lm.id = {post}.author_id AND (lm.limited_at IS NOT NULL OR lm.suspended_at IS NOT NULL))
        AND NOT EXISTS (
            SELECT 1 FROM remote_actor ra
            WHERE ra.id = {post}.remote_author
              AND (ra.limited_at IS NOT NULL OR ra.suspended_at IS NOT NULL
                   OR EXISTS (SELECT 1 FROM domain_block db
                              WHERE db.severity <> 'none'
                                AND (ra.host = db.domain OR ra.host LIKE '%.' || db.domain
                                     OR ra.host LIKE db.domain || ':%' OR ra.host LIKE '%.' || db.domain || ':%'))))
        """;
}
