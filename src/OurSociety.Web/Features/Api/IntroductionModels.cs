using System.ComponentModel;
using System.Text.Json.Serialization;
using OurSociety.Core.Introductions;
using OurSociety.Federation;

namespace OurSociety.Web.Features.Api;

/// <summary>A proposal to introduce two people. Public because the validation source generator only sees public request types.</summary>
public sealed record ProposeIntroductionRequest(
    [property: Description("The two people: each @name (a member here), @name@server or a link to their profile.")] IReadOnlyList<string?>? Parties,
    [property: Description("Why they should meet, in Markdown, up to 2000 characters. Each of them reads it.")] string? Reason);

/// <summary>Who may introduce you.</summary>
public sealed record IntroductionPolicyRequest(
    [property: Description("anyone, glue-ers (the default: only the hub's glue-ers and glue-ers on other Our Society hubs) or nobody.")] string? Allow);

internal sealed record IntroductionPolicyResponse(
    [property: Description("anyone, glue-ers or nobody.")] string Allow);

/// <summary>Someone in an introduction: their address, actor id and profile page.</summary>
internal sealed record IntroductionPartyResponse(
    [property: Description("name@server.")] string Handle,
    [property: Description("Their ActivityPub actor id.")] string ActorId,
    [property: Description("Their profile page.")] string? Url,
    [property: Description("True when this party is a hub (its Group) rather than a person: its admins answer for it.")]
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] bool Hub = false);

/// <summary>
/// An introduction as you may see it. A party sees the state as proposed, made or not-going-ahead and their own
/// answer; the glue-er also sees accepted-by-one, never who answered what.
/// </summary>
internal sealed record IntroductionResponse(
    Guid Id,
    [property: Description("proposed, accepted-by-one (only the glue-er sees this), made or not-going-ahead.")] string State,
    [property: Description("The two people introduced.")] IReadOnlyList<IntroductionPartyResponse> Parties,
    [property: Description("Why the glue-er thinks they should meet (Markdown when written here, HTML when received).")] string Reason,
    [property: Description("The glue-er who proposed it.")] IntroductionPartyResponse Introducer,
    DateTimeOffset Created,
    [property: Description("When it stops waiting for answers.")] DateTimeOffset Expires,
    [property: Description("When it was made or stopped going ahead.")] DateTimeOffset? Decided,
    [property: Description("For one of the two people: your answer, pending, accepted or declined. Absent for the glue-er. " +
                           "For an admin asked for this hub (asHub), the hub's answer.")]
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? MyAnswer,
    [property: Description("For the glue-er, on one introduction while it is open: replies to the private message to someone on " +
                           "other software that were not a clear yes, no or stop, oldest first. Count each as yes or no with " +
                           "POST .../reviews/{reviewId}/accept or /decline. Absent for the two people and in lists.")]
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<IntroductionReviewResponse>? Reviews = null)
{
    /// <param name="introducer">The glue-er's address, actor id and profile (looked up by the caller).</param>
    /// <param name="reviews">The replies waiting for the glue-er's review, for the glue-er only; null leaves them out.</param>
    public static IntroductionResponse From(
        IntroductionView view, string origin, IntroductionPartyResponse introducer, IReadOnlyList<IntroductionReview>? reviews = null) => new(
        view.Id,
        view.State.Name(),
        [.. view.Parties.Select(p => Party(p, origin))],
        view.Reason,
        introducer,
        view.CreatedAt,
        view.ExpiresAt,
        view.DecidedAt,
        view.MyAnswer?.Name(),
        reviews?.Select(r => Review(r, view)).ToList())
        {
            AsHub = view.AsHub,
        };

    /// <summary>True when you see it as an admin asked for this hub: your answer is the hub's.</summary>
    [Description("True when you are asked as one of this hub's admins: your answer (myAnswer, accept, decline) is the hub's.")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public bool AsHub { get; init; }

    private static IntroductionReviewResponse Review(IntroductionReview review, IntroductionView view) => new(
        review.Id,
        view.Parties.FirstOrDefault(p => p.Position == review.Position)?.Handle ?? review.Actor,
        review.Actor,
        review.ReceivedAt,
        review.Content);

    private static IntroductionPartyResponse Party(IntroductionPartyView party, string origin) => new(
        party.Handle,
        party.IsLocal ? ApUrls.Actor(origin, party.Handle[..party.Handle.LastIndexOf('@')]) : party.Actor,
        party.Url,
        party.IsHub);
}

/// <summary>A reply kept for the glue-er to read and count as yes or no.</summary>
internal sealed record IntroductionReviewResponse(
    Guid Id,
    [property: Description("Who replied: name@server of the person asked.")] string Handle,
    [property: Description("Their ActivityPub actor id.")] string ActorId,
    [property: Description("When the reply arrived.")] DateTimeOffset Received,
    [property: Description("The reply, as sanitized HTML.")] string Content);
