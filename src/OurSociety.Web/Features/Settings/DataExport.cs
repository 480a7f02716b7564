using System.Text.Json;
using OurSociety.Core.Invitations;
using OurSociety.Core.Members;
using OurSociety.Core.Tokens;
using OurSociety.Web.Hosting;

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
    IReadOnlyList<ExportedToken> ApiTokens)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public static DataExport From(
        Member member, IEnumerable<Invitation> invitations, IEnumerable<ApiToken> tokens, string origin, DateTimeOffset now) => new(
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
        [.. tokens.Select(t => new ExportedToken(t.Name, t.CreatedAt, t.LastUsedAt))]);

    public byte[] ToUtf8Json() => JsonSerializer.SerializeToUtf8Bytes(this, Json);
}

internal sealed record ExportedInvitation(
    string Link, string State, int? MaxUses, int Uses, DateTimeOffset CreatedAt, DateTimeOffset? ExpiresAt, DateTimeOffset? WithdrawnAt);

/// <summary>A token's name and dates only: the token itself is never stored, and its hash never leaves the database.</summary>
internal sealed record ExportedToken(string Name, DateTimeOffset CreatedAt, DateTimeOffset? LastUsedAt);
