using System.ComponentModel;
using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using OurSociety.Core;
using OurSociety.Core.Members;
using OurSociety.Core.Moderation;
using OurSociety.Federation.Moderation;
using OurSociety.Web.Features.Mutes;
using OurSociety.Web.Hosting;

namespace OurSociety.Web.Features.Api;

/// <summary>An account to mute (issue 13). Public because the validation source generator only sees public request types.</summary>
public sealed record MuteRequest
{
    [Description("@name for a member here, @name@example.social or a link to a profile or actor for someone elsewhere.")]
    public string? Account { get; init; }
}

/// <summary>A domain to block for yourself.</summary>
public sealed record DomainBlockRequest
{
    [Description("A domain name such as example.social (a link or a handle's host will do); its subdomains are blocked too.")]
    public string? Domain { get; init; }
}

/// <summary>An account you muted or blocked.</summary>
internal sealed record MutedAccountResponse(
    [property: Description("How the account is stored: a member's id here, or the actor id of an account elsewhere. DELETE takes it as ?account=.")] string Account,
    [property: Description("True for a member of this hub.")] bool Local,
    [property: Description("@name or @name@server.")] string Handle,
    string? Name,
    [property: Description("Their profile page.")] string? Url,
    DateTimeOffset CreatedAt)
{
    public static MutedAccountResponse From(MutedAccount a) => new(a.Actor, a.IsLocal, a.Handle, a.Name, a.Url, a.CreatedAt);
}

/// <summary>A domain you blocked for yourself.</summary>
internal sealed record DomainBlockResponse([property: Description("The name as stored: lower case, punycode.")] string Domain, DateTimeOffset CreatedAt)
{
    public static DomainBlockResponse From(MemberDomainBlock b) => new(b.Domain.Value, b.CreatedAt);
}

/// <summary>Muting accounts and blocking whole domains, for yourself only (issue 13).</summary>
internal static class MuteEndpoints
{
    public static RouteGroupBuilder MapMuteEndpoints(this RouteGroupBuilder api)
    {
        var mutes = api.MapGroup("/mutes").WithTags("Mutes");
        mutes.MapPost("/", MuteAsync)
            .WithName("Mute")
            .WithSummary("Mute an account")
            .WithDescription("Hides the account from your home feed, the public lists, search, replies and notifications, for you " +
                             "only; nobody is told. Answers 201 for a new mute and 200 when it was already muted. An account " +
                             "that cannot be found is a 404 naming `account`; yourself is a 400.")
            .Produces<MutedAccountResponse>(StatusCodes.Status200OK)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);
        mutes.MapGet("/", ListMutesAsync)
            .WithName("ListMutes")
            .WithSummary("Accounts you muted")
            .WithDescription("Newest first.");
        mutes.MapDelete("/", UnmuteAsync)
            .WithName("Unmute")
            .WithSummary("Unmute an account")
            .WithDescription("Lifts the mute on ?account= (as the list shows it, or a handle or link). 404 when it was not muted.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);

        var domains = api.MapGroup("/me/domain-blocks").WithTags("Mutes");
        domains.MapPost("/", BlockDomainAsync)
            .WithName("BlockDomainForMe")
            .WithSummary("Block a whole domain for yourself")
            .WithDescription("Hides every account of the domain and its subdomains from you, as Mastodon's user domain block " +
                             "does: your follows of accounts there end (Undo) and their follows of you are refused (Reject). " +
                             "Answers 201 for a new block and 200 when it was already blocked; an invalid name or this hub's " +
                             "own domain is a 400 naming `domain`.")
            .Produces<DomainBlockResponse>(StatusCodes.Status200OK)
            .ProducesValidationProblem();
        domains.MapGet("/", ListDomainBlocksAsync)
            .WithName("ListMyDomainBlocks")
            .WithSummary("Domains you blocked")
            .WithDescription("Newest first.");
        domains.MapDelete("/", UnblockDomainAsync)
            .WithName("UnblockDomainForMe")
            .WithSummary("Unblock a domain")
            .WithDescription("Lifts your block of ?domain=. Follows it ended stay ended. 404 when it was not blocked.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);
        return mutes;
    }

    internal static async Task<Results<Created<MutedAccountResponse>, Ok<MutedAccountResponse>, ValidationProblem, ProblemHttpResult>> MuteAsync(
        MuteRequest? request, ClaimsPrincipal user, IMemberStore members, MuteService service, IMuteStore mutes, MuteViews views,
        CancellationToken ct)
    {
        if (await members.FindAsync(user.MemberId(), ct) is not { } member)
        {
            return ApiResults.Problem(StatusCodes.Status404NotFound, ApiText.MemberNotFound);
        }

        switch (await service.ResolveAsync(member, request?.Account, ct))
        {
            case Outcome<MuteTarget>.Ok(var target):
                var existed = await mutes.FindAsync(member.Id, target.Actor, MuteKind.Mute, ct) is not null;
                var mute = ((Outcome<AccountMute>.Ok)await service.MuteAsync(member, target, ct)).Value;
                var body = MutedAccountResponse.From(await views.AccountAsync(mute.Target, mute.IsLocal, mute.CreatedAt, ct));
                return existed ? TypedResults.Ok(body) : TypedResults.Created((string?)null, body);
            case var refused:
                return Refused(refused);
        }
    }

    internal static async Task<Results<Ok<PageResponse<MutedAccountResponse>>, ValidationProblem, ProblemHttpResult>> ListMutesAsync(
        string? limit, string? cursor, ClaimsPrincipal user, IMuteStore mutes, MuteViews views, CancellationToken ct)
    {
        if (ApiPaging.Read(limit, cursor, out var take, out var after) is { } problem)
        {
            return problem;
        }

        var page = await mutes.ListAsync(user.MemberId(), MuteKind.Mute, after, take, ct);
        return TypedResults.Ok(new PageResponse<MutedAccountResponse>(
            [.. (await views.AccountsAsync(page.Items, ct)).Select(MutedAccountResponse.From)], page.Next));
    }

    internal static async Task<Results<NoContent, ValidationProblem, ProblemHttpResult>> UnmuteAsync(
        string? account, ClaimsPrincipal user, IMemberStore members, MuteService service, CancellationToken ct)
    {
        if (await members.FindAsync(user.MemberId(), ct) is not { } member)
        {
            return ApiResults.Problem(StatusCodes.Status404NotFound, ApiText.MemberNotFound);
        }

        // What the list shows (a member's id or an actor id) is taken as it is, with no lookup; anything else is looked up.
        var typed = account?.Trim() ?? "";
        if (typed.Length > 0 && await service.UnmuteAsync(member, typed, ct))
        {
            return TypedResults.NoContent();
        }

        return await service.ResolveAsync(member, typed, ct) switch
        {
            Outcome<MuteTarget>.Ok(var target) when await service.UnmuteAsync(member, target.Actor, ct) => TypedResults.NoContent(),
            Outcome<MuteTarget>.Ok => Problem(StatusCodes.Status404NotFound, MuteText.Api("NotMuted"), MuteService.AccountField),
            var refused => Refused(refused),
        };
    }

    internal static async Task<Results<Created<DomainBlockResponse>, Ok<DomainBlockResponse>, ValidationProblem, ProblemHttpResult>> BlockDomainAsync(
        DomainBlockRequest? request, ClaimsPrincipal user, IMemberStore members, MuteService service, IMuteStore mutes, CancellationToken ct)
    {
        if (await members.FindAsync(user.MemberId(), ct) is not { } member)
        {
            return ApiResults.Problem(StatusCodes.Status404NotFound, ApiText.MemberNotFound);
        }

        var before = service.ParseDomain(request?.Domain) is Outcome<Core.Federation.DomainName>.Ok(var name)
            && (await mutes.FilterOfAsync(member.Id, ct)).Domains.Contains(name);
        return await service.BlockDomainAsync(member, request?.Domain, ct) switch
        {
            Outcome<MemberDomainBlock>.Ok(var block) when before => TypedResults.Ok(DomainBlockResponse.From(block)),
            Outcome<MemberDomainBlock>.Ok(var block) => TypedResults.Created((string?)null, DomainBlockResponse.From(block)),
            Outcome<MemberDomainBlock>.Invalid(var errors) => TypedResults.ValidationProblem(errors),
            _ => ApiResults.Problem(StatusCodes.Status404NotFound, ApiText.MemberNotFound),
        };
    }

    internal static async Task<Results<Ok<PageResponse<DomainBlockResponse>>, ValidationProblem, ProblemHttpResult>> ListDomainBlocksAsync(
        string? limit, string? cursor, ClaimsPrincipal user, IMuteStore mutes, CancellationToken ct)
    {
        if (ApiPaging.Read(limit, cursor, out var take, out var after) is { } problem)
        {
            return problem;
        }

        return TypedResults.Ok(PageResponse<DomainBlockResponse>.From(await mutes.ListDomainsAsync(user.MemberId(), after, take, ct), DomainBlockResponse.From));
    }

    internal static async Task<Results<NoContent, ValidationProblem, ProblemHttpResult>> UnblockDomainAsync(
        string? domain, ClaimsPrincipal user, IMemberStore members, MuteService service, CancellationToken ct)
    {
        if (await members.FindAsync(user.MemberId(), ct) is not { } member)
        {
            return ApiResults.Problem(StatusCodes.Status404NotFound, ApiText.MemberNotFound);
        }

        return await service.UnblockDomainAsync(member, domain, ct) switch
        {
            Outcome<bool>.Ok(true) => TypedResults.NoContent(),
            Outcome<bool>.Invalid(var errors) => TypedResults.ValidationProblem(errors),
            _ => Problem(StatusCodes.Status404NotFound, MuteText.Api("DomainNotBlocked"), MuteService.DomainField),
        };
    }

    /// <summary>Why an account could not be named: problem details whose <c>errors</c> names <c>account</c>, whatever the status.</summary>
    private static ProblemHttpResult Refused(Outcome<MuteTarget> outcome) => outcome switch
    {
        Outcome<MuteTarget>.Invalid invalid => Problem(StatusCodes.Status400BadRequest, invalid.Errors.Values.SelectMany(m => m).First(), invalid.Errors.Keys.First()),
        Outcome<MuteTarget>.NotFound notFound => Problem(StatusCodes.Status404NotFound, notFound.Reason ?? MuteText.Api("NotFound"), MuteService.AccountField),
        _ => Problem(StatusCodes.Status404NotFound, MuteText.Api("NotFound"), MuteService.AccountField),
    };

    private static ProblemHttpResult Problem(int status, string detail, string field) => TypedResults.Problem(
        detail, statusCode: status, extensions: new Dictionary<string, object?> { ["errors"] = new Dictionary<string, string[]> { [field] = [detail] } });
}
