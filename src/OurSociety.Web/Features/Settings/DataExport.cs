using System.Text.Json;
using OurSociety.Core.Invitations;
using OurSociety.Core.Members;
using OurSociety.Core.Posts;
using OurSociety.Core.Tokens;
using OurSociety.Federation;
using OurSociety.Web.Features.Finding;
using OurSociety.Web.Hosting;
using OurSociety.Web.Posts;

namespace OurSociety.Web.Features.Settings;

/// <summary>
/// Everything the node keeps about a member that is theirs to take along. Built field by field from the domain
/// records, so a secret (password hash, security stamp, token hash) can only get in by someone adding it here.
/// </summary>
internal sealed record DataExport(
    DateTimeOffset ExportedAt,
    string Hub,
    string Username,
    string DisplayName,
    string Bio,
    string Locality,
    string? AvatarUrl,
    IReadOnlyList<string> Roles,
    string State,
    string? SignUpReason,
    DateTimeOffset JoinedAt,
    DateTimeOffset ProfileUpdatedAt,
    IReadOnlyList<ExportedInvitation> Invitations,
    IReadOnlyList<ExportedToken> ApiTokens,
    IReadOnlyList<ExportedPost> Posts)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public static DataExport From(
        Member member, IEnumerable<Invitation> invitations, IEnumerable<ApiToken> tokens, IEnumerable<Post> posts, string origin, DateTimeOffset now) => new(
        now,
        origin,
        member.Username,
        member.DisplayName,
        member.Bio,
        member.Locality,
        Links.Avatar(origin, member.AvatarPath),
        [.. Core.Members.Roles.All.Where(member.Has).Select(r => r.Name())],
        member.State == MemberState.Active ? "active" : "pending",
        member.SignUpReason,
        member.CreatedAt,
        member.UpdatedAt,
        [.. invitations.Select(i => new ExportedInvitation(
            i.Link(origin), i.StateAt(now).Name(), i.MaxUses, i.Uses, i.CreatedAt, i.ExpiresAt, i.RevokedAt))],
        [.. tokens.Select(t => new ExportedToken(t.Name, t.CreatedAt, t.LastUsedAt))],
        [.. posts.Select(p => ExportedPost.From(p, origin))])
        {
            CanHelpWith = member.CanHelpWith,
            InterestedIn = member.InterestedIn,
        };

    /// <summary>"Can help with" on the profile: topics.</summary>
    public IReadOnlyList<string> CanHelpWith { get; init; } = [];

    /// <summary>"Interested in" on the profile: topics.</summary>
    public IReadOnlyList<string> InterestedIn { get; init; } = [];

    public byte[] ToUtf8Json() => JsonSerializer.SerializeToUtf8Bytes(this, Json);
}

internal sealed record ExportedInvitation(
    string Link, string State, int? MaxUses, int Uses, DateTimeOffset CreatedAt, DateTimeOffset? ExpiresAt, DateTimeOffset? WithdrawnAt);

/// <summary>A token's name and dates only: the token itself is never stored, and its hash never leaves the database.</summary>
internal sealed record ExportedToken(string Name, DateTimeOffset CreatedAt, DateTimeOffset? LastUsedAt);

/// <summary>A story, lesson or reply as its author wrote it (Markdown), with drafts, so it can be posted again elsewhere.</summary>
internal sealed record ExportedPost(
    Guid Id,
    string Kind,
    string Url,
    string? Title,
    string? Summary,
    string? Body,
    string? Locality,
    string? Situation,
    string? Tried,
    string? Happened,
    string? Learned,
    string? Advice,
    IReadOnlyList<string> Sources,
    string? AdaptedFrom,
    string? TriedOutcome,
    Guid? InReplyToId,
    IReadOnlyList<string> Topics,
    IReadOnlyList<ExportedImage> Images,
    string Licence,
    string Visibility,
    bool Draft,
    DateTimeOffset CreatedAt,
    DateTimeOffset? PublishedAt,
    DateTimeOffset? UpdatedAt)
{
    public static ExportedPost From(Post p, string origin) => new(
        p.Id,
        PostKinds.Name(p.Kind),
        PostUrls.Page(origin, p),
        p.Title,
        p.Summary,
        p.Body,
        p.Locality,
        p.Situation,
        p.Tried,
        p.Happened,
        p.Learned,
        p.Advice,
        p.Sources,
        p.AdaptedFrom,
        p.TriedOutcome,
        p.ParentId,
        p.Topics,
        [.. p.Images.Where(i => i.MediaId is not null).Select(i => new ExportedImage(PostUrls.Media(origin, i.MediaId!.Value), i.Alt))],
        p.Licence,
        Visibilities.Name(p.Visibility),
        p.Draft,
        p.CreatedAt,
        p.PublishedAt,
        p.UpdatedAt);
}

internal sealed record ExportedImage(string Url, string Alt);
