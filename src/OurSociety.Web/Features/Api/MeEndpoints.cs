using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using OurSociety.Core;
using OurSociety.Core.Members;
using OurSociety.Web.Hosting;
using OurSociety.Web.Resources;

namespace OurSociety.Web.Features.Api;

internal static class MeEndpoints
{
    public static RouteGroupBuilder MapMeEndpoints(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/me").WithTags("Me");
        group.MapGet("/", GetAsync)
            .WithName("GetMe")
            .WithSummary("The signed-in member")
            .WithDescription("Who the token or sign-in cookie belongs to: profile, roles, actor id and profile URL.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPatch("/", UpdateAsync)
            .WithName("UpdateMe")
            .WithSummary("Change your profile")
            .WithDescription("Changes the fields that are sent (display name, bio, locality, whether you approve followers yourself, what you can help " +
                             "with and are interested in, whether you are discoverable and indexable) " +
                             "and answers the updated member.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return group;
    }

    internal static async Task<Results<Ok<MeResponse>, ProblemHttpResult>> GetAsync(
        ClaimsPrincipal user, IMemberStore members, IOptions<NodeOptions> node, CancellationToken ct) =>
        await members.FindAsync(user.MemberId(), ct) is { } member
            ? TypedResults.Ok(MeResponse.From(member, node.Value))
            : ApiResults.Problem(StatusCodes.Status404NotFound, ApiText.MemberNotFound);

    internal static async Task<Results<Ok<MeResponse>, ValidationProblem, ProblemHttpResult>> UpdateAsync(
        UpdateMeRequest request, ClaimsPrincipal user, IMemberStore members, MemberService service, IOptions<NodeOptions> node,
        IOptions<LanguageOptions> languages, IStringLocalizer<Text> text, TimeProvider time, SkillService skills, CancellationToken ct)
    {
        if (await members.FindAsync(user.MemberId(), ct) is not { } current)
        {
            return ApiResults.Problem(StatusCodes.Status404NotFound, ApiText.MemberNotFound);
        }

        var language = Languages.LanguageEndpoints.Offered(languages.Value, request.Language);
        if (request.Language is { Length: > 0 } && language is null)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                ["language"] = [text.Format("Language.Unknown", ("languages", string.Join(", ", languages.Value.Languages)))],
            });
        }

        // Skills first: a refused topic changes nothing else either.
        if (request.CanHelpWith is not null || request.InterestedIn is not null)
        {
            var set = await skills.SetAsync(current.Id, request.CanHelpWith ?? current.CanHelpWith, request.InterestedIn ?? current.InterestedIn, ct);
            if (set is not Outcome<Member>.Ok)
            {
                return ApiResults.From(set, m => TypedResults.Ok(MeResponse.From(m, node.Value)), ApiText.MemberNotFound);
            }
        }

        // PATCH: what is left out stays. The domain reads a blank display name as "use the username", so a missing
        // one is passed as the current name, while an explicit "" still resets it.
        var outcome = await service.UpdateProfileAsync(current.Id, request.DisplayName ?? current.DisplayName, request.Bio, request.Locality, ct);
        if (outcome is Outcome<Member>.Ok(var updated) && request.ManuallyApprovesFollowers is { } locked && locked != updated.ManuallyApprovesFollowers)
        {
            // Only after the profile passed its checks, so a refused request changes nothing.
            await service.SetManuallyApprovesFollowersAsync(current.Id, locked, ct);
            outcome = new Outcome<Member>.Ok(updated with { ManuallyApprovesFollowers = locked });
        }

        if (outcome is Outcome<Member>.Ok(var saved) && request.Language is not null && language != saved.Language)
        {
            await members.SetLanguageAsync(current.Id, language, ct);
            outcome = new Outcome<Member>.Ok(saved with { Language = language });
        }

        if (outcome is Outcome<Member>.Ok(var shown) && (request.Discoverable is not null || request.Indexable is not null))
        {
            outcome = await service.SetDiscoveryAsync(
                current.Id, request.Discoverable ?? shown.Discoverable, request.Indexable ?? shown.Indexable, ct);
        }

        return ApiResults.From(outcome, m => TypedResults.Ok(MeResponse.From(m, node.Value)), ApiText.MemberNotFound);
    }
}
