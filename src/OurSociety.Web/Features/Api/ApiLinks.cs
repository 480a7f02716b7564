using OurSociety.Web.Hosting;

namespace OurSociety.Web.Features.Api;

/// <summary>Absolute URLs the API hands out, all built on the node's public origin.</summary>
internal static class ApiLinks
{
    /// <summary>The member's ActivityPub actor id; it cannot change once the node federates.</summary>
    public static string Actor(NodeOptions node, string username) => $"{node.Origin}/users/{Uri.EscapeDataString(username)}";

    /// <summary>The member's profile page for people.</summary>
    public static string Profile(NodeOptions node, string username) => $"{node.Origin}/@{Uri.EscapeDataString(username)}";

    /// <summary>Uploaded files are served from <c>/uploads</c>, mirroring the uploads folder of the data directory.</summary>
    public static string? Avatar(NodeOptions node, string? avatarPath) =>
        string.IsNullOrEmpty(avatarPath) ? null : $"{node.Origin}/uploads/{avatarPath.TrimStart('/')}";

    /// <summary>The sign-up link a person is sent.</summary>
    public static string Invitation(NodeOptions node, string code) => $"{node.Origin}/signup?invite={Uri.EscapeDataString(code)}";
}
