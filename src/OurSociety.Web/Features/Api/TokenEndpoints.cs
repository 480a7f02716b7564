using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using OurSociety.Core.Tokens;
using OurSociety.Web.Hosting;

namespace OurSociety.Web.Features.Api;

internal static class TokenEndpoints
{
    public static RouteGroupBuilder MapTokenEndpoints(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/tokens").WithTags("Tokens");
        group.MapPost("/", CreateAsync)
            .WithName("CreateToken")
            .WithSummary("Create a personal API token")
            .WithDescription("The answer holds the token itself, once: store it safely, it cannot be shown again. " +
                "Only with the sign-in cookie: a token cannot make new tokens (403).")
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/", ListAsync)
            .WithName("ListTokens")
            .WithSummary("Your API tokens")
            .WithDescription("Your tokens, newest first, with when each was last used. The secrets are never shown.");
        group.MapDelete("/{id:guid}", DeleteAsync)
            .WithName("DeleteToken")
            .WithSummary("Revoke an API token")
            .WithDescription("Anything using the token is refused from now on.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return group;
    }

    internal static async Task<Results<Created<CreatedTokenResponse>, ValidationProblem, ProblemHttpResult>> CreateAsync(
        CreateTokenRequest request, ClaimsPrincipal user, ApiTokenService tokens, CancellationToken ct)
    {
        // Only a signed-in person makes tokens: otherwise revoking a leaked token would not end the leak.
        if (user.Identity?.AuthenticationType == AuthSchemes.Bearer)
        {
            return ApiResults.Problem(StatusCodes.Status403Forbidden, ApiText.TokenMadeWithToken);
        }

        return ApiResults.From(
            await tokens.CreateAsync(user.MemberId(), request.Name, ct),
            created => TypedResults.Created((string?)null, new CreatedTokenResponse(created.Token.Id, created.Token.Name, created.Secret, created.Token.CreatedAt)),
            ApiText.MemberNotFound);
    }

    internal static async Task<Results<Ok<PageResponse<TokenResponse>>, ValidationProblem>> ListAsync(
        string? limit, string? cursor, ClaimsPrincipal user, ApiTokenService tokens, CancellationToken ct)
    {
        if (ApiPaging.Read(limit, cursor, out var take, out var after) is { } problem)
        {
            return problem;
        }

        return TypedResults.Ok(PageResponse<TokenResponse>.From(await tokens.ListAsync(user.MemberId(), after, take, ct), TokenResponse.From));
    }

    internal static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(
        Guid id, ClaimsPrincipal user, ApiTokenService tokens, CancellationToken ct) =>
        ApiResults.Deleted(await tokens.RevokeAsync(user.MemberId(), id, ct), ApiText.TokenNotFound);
}
