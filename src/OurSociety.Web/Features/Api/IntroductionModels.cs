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
    [property: Description("Their profile page.")] string? Url);

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
    [property: Description("For one of the two people: your answer, pending, accepted or declined. Absent for the glue-er.")]
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? MyAnswer)
{
    /// <param name="introducer">The glue-er's address, actor id and profile (looked up by the caller).</param>
    public static IntroductionResponse From(IntroductionView view, string origin, IntroductionPartyResponse introducer) => new(
        view.Id,
        view.State.Name(),
        [.. view.Parties.Select(p => Party(p, origin))],
        view.Reason,
        introducer,
        view.CreatedAt,
        view.ExpiresAt,
        view.DecidedAt,
        view.MyAnswer?.Name());

    private static IntroductionPartyResponse Party(IntroductionPartyView party, string origin) => new(
        party.Handle,
        party.IsLocal ? ApUrls.Actor(origin, party.Handle[..party.Handle.LastIndexOf('@')]) : party.Actor,
        party.Url);
}
