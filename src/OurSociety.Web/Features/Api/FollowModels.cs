using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using OurSociety.Core.Federation;

namespace OurSociety.Web.Features.Api;

/// <summary>Someone on another server. Public because the validation source generator only sees public request types.</summary>
public sealed record TargetRequest
{
    /// <summary>Longest address or link accepted; real ones are far shorter.</summary>
    public const int MaxLength = 2048;

    [Description("Their fediverse address (@name@example.social) or the link to their profile or actor.")]
    [Required(ErrorMessageResourceType = typeof(ApiText), ErrorMessageResourceName = nameof(ApiText.Target))]
    [StringLength(MaxLength, ErrorMessageResourceType = typeof(ApiText), ErrorMessageResourceName = nameof(ApiText.Target))]
    public string? Target { get; init; }
}

/// <summary>An account on another server, as far as we know it.</summary>
internal sealed record ActorSummary(
    [property: Description("The ActivityPub actor id.")] string Id,
    [property: Description("@name@server when the account has a username, else its id.")] string Handle,
    string? Name,
    [property: Description("Their profile page for people.")] string? Url,
    [property: Description("Their picture.")] string? Icon)
{
    public static ActorSummary From(RemoteActor actor) => new(actor.Id, actor.Handle, actor.Name, actor.Url, actor.IconUrl);

    /// <summary>For an actor no longer stored (its server deleted it): only the id is known.</summary>
    public static ActorSummary FromId(string id) => new(id, id, null, null, null);
}

/// <summary>A follow, ours or theirs.</summary>
internal sealed record FollowResponse(
    Guid Id,
    [property: Description("\"pending\" until accepted, then \"accepted\".")] string State,
    ActorSummary Actor,
    DateTimeOffset CreatedAt,
    DateTimeOffset? AcceptedAt)
{
    public static FollowResponse From(Follow follow, ActorSummary actor) => new(
        follow.Id, follow.State == FollowState.Accepted ? "accepted" : "pending", actor, follow.CreatedAt, follow.AcceptedAt);

    public static FollowResponse From(FollowEntry entry) => From(entry.Follow, ActorSummary.From(entry.Actor));
}

/// <summary>An account you blocked.</summary>
internal sealed record BlockResponse(ActorSummary Actor, DateTimeOffset CreatedAt);
