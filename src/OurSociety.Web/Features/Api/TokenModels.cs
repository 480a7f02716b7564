using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using OurSociety.Core.Tokens;

namespace OurSociety.Web.Features.Api;

/// <summary>A new token. Public because the validation source generator only sees public request types.</summary>
public sealed record CreateTokenRequest
{
    [Description("What the token is for, so you recognise it later (e.g. \"phone app\"); up to 100 characters.")]
    [Required(ErrorMessageResourceType = typeof(ApiText), ErrorMessageResourceName = nameof(ApiText.TokenName))]
    [StringLength(ApiTokenService.NameMax, ErrorMessageResourceType = typeof(ApiText), ErrorMessageResourceName = nameof(ApiText.TokenName))]
    public string? Name { get; init; }
}

/// <summary>A new token, with its secret: shown only in this answer, never again.</summary>
internal sealed record CreatedTokenResponse(
    Guid Id,
    string Name,
    [property: Description("The secret, shown only now. Send it as \"Authorization: Bearer os_…\".")] string Token,
    DateTimeOffset CreatedAt);

/// <summary>A token in the list; the secret is not kept, so it cannot be shown.</summary>
internal sealed record TokenResponse(Guid Id, string Name, DateTimeOffset CreatedAt, DateTimeOffset? LastUsedAt)
{
    public static TokenResponse From(ApiToken token) => new(token.Id, token.Name, token.CreatedAt, token.LastUsedAt);
}
