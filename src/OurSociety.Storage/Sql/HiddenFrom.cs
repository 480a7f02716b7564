namespace OurSociety.Storage.Sql;

/// <summary>
/// The condition that hides what one member muted or blocked for themselves (issue 13): accounts they muted, members
/// here they blocked, accounts elsewhere they blocked (<c>actor_block</c>, direction <c>out</c>) and accounts on a
/// domain they blocked. Used by the home feed and the public lists when a member looks, and by notifications.
/// </summary>
internal static class HiddenFrom
{
    /// <summary>
    /// SQL true when the member whose id is <paramref name="member"/> hid the account <paramref name="actor"/> (an SQL
    /// expression giving a member's id or a remote actor's IRI, as <c>notification.actor</c> is spelled).
    /// </summary>
    /// <remarks>
    /// A member's id never matches a remote actor's row, so the domain part only ever applies to accounts elsewhere.
    /// Hosts and blocked names are both lower-case ASCII (punycode), so the comparisons are exact, as in
    /// <see cref="ListedAuthors"/>.
    /// </remarks>
    public static string Account(string actor, string member) => $"""
        (EXISTS (SELECT 1 FROM account_mute am WHERE am.member_id = {member} AND am.target = {actor})
         OR EXISTS (SELECT 1 FROM actor_block ab JOIN member bm ON bm.username = ab.local_actor
                    WHERE bm.id = {member} AND ab.direction = 'out' AND ab.remote_actor = {actor})
         OR EXISTS (SELECT 1 FROM remote_actor hra JOIN member_domain_block mdb ON mdb.member_id = {member}
                    WHERE hra.id = {actor}
                      AND (hra.host = mdb.domain OR hra.host LIKE '%.' || mdb.domain
                           OR hra.host LIKE mdb.domain || ':%' OR hra.host LIKE '%.' || mdb.domain || ':%')))
        """;

    /// <summary>SQL true when the member hid the author of the post aliased <paramref name="post"/>.</summary>
    public static string Post(string post, string member) => Account($"COALESCE({post}.author_id, {post}.remote_author)", member);
}
