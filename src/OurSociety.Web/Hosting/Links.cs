using OurSociety.Content;
using OurSociety.Core.Invitations;
using OurSociety.Federation;

namespace OurSociety.Web.Hosting;

/// <summary>Absolute URLs pages, exports and the API hand out, all built on the node's public origin.</summary>
internal static class Links
{
    /// <summary>The member's ActivityPub actor id; it cannot change once the node federates.</summary>
    public static string Actor(NodeOptions node, string username) => ApUrls.Actor(node.Origin, username);

    /// <summary>The member's profile page for people.</summary>
    public static string Profile(NodeOptions node, string username) => ApUrls.Profile(node.Origin, username);

    /// <summary>The absolute address of a member's avatar, or null when they have none.</summary>
    public static string? Avatar(string origin, string? avatarPath) => Avatars.Url(avatarPath) is { } path ? origin + path : null;

    /// <summary>The sign-up link a person is sent.</summary>
    public static string Invitation(string origin, string code) => $"{origin}/invite/{Uri.EscapeDataString(code)}";
}
