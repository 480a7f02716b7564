namespace OurSociety.Web.Hosting;

/// <summary>Absolute URLs pages, exports and the API hand out, all built on the node's public origin.</summary>
internal static class Links
{
    /// <summary>The member's ActivityPub actor id; it cannot change once the node federates.</summary>
    public static string Actor(NodeOptions node, string username) => $"{node.Origin}/users/{Uri.EscapeDataString(username)}";

    /// <summary>The member's profile page for people.</summary>
    public static string Profile(NodeOptions node, string username) => $"{node.Origin}/@{Uri.EscapeDataString(username)}";

    /// <summary>Uploads are served under <c>/media/</c> by their path inside the uploads folder (<c>avatars/&lt;id&gt;.png</c>).</summary>
    public static string? Avatar(string origin, string? avatarPath) =>
        string.IsNullOrEmpty(avatarPath) ? null : $"{origin}/media/{avatarPath.TrimStart('/')}";

    /// <summary>The sign-up link a person is sent.</summary>
    public static string Invitation(string origin, string code) => $"{origin}/invite/{Uri.EscapeDataString(code)}";
}
