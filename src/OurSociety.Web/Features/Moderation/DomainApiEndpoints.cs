using System.ComponentModel;
using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using OurSociety.Core;
using OurSociety.Core.Moderation;
using OurSociety.Web.Features.Api;
using OurSociety.Web.Hosting;

namespace OurSociety.Web.Features.Moderation;

/// <summary>A domain block as an admin asks for it.</summary>
internal sealed record DomainBlockRequest(
    [property: Description("The domain (example.org). Any spelling works: upper case, a trailing dot, a port, a URL or an IDN name in its own script; it is stored in one canonical form. Subdomains are covered. Not an IP address, not this hub's own domain.")] string? Domain,
    [property: Description("suspend (refuse everything, end follows, delete its stored content and media), limit (kept off public lists and search; its follows need approval) or none (only the flags).")] string? Severity,
    [property: Description("Do not fetch or keep its pictures.")] bool RejectMedia = false,
    [property: Description("Ignore reports (Flag activities) from it.")] bool RejectReports = false,
    [property: Description("Show the name partly hidden in the public list.")] bool Obfuscate = false,
    [property: Description("Shown in the public list on /about; up to 500 characters.")] string? PublicReason = null,
    [property: Description("For the hub's admins only; up to 2000 characters.")] string? PrivateNote = null);

internal sealed record DomainBlockResponse(
    Guid Id,
    [property: Description("The canonical name (ASCII, punycode for IDN).")] string Domain,
    [property: Description("The name as people read it.")] string DisplayDomain,
    string Severity,
    bool RejectMedia,
    bool RejectReports,
    bool Obfuscate,
    string? PublicReason,
    string? PrivateNote,
    DateTimeOffset Created,
    DateTimeOffset Updated)
{
    public static DomainBlockResponse From(DomainBlock b) => new(
        b.Id, b.Domain.Value, b.Domain.Unicode, DomainSeverities.Name(b.Severity), b.RejectMedia, b.RejectReports, b.Obfuscate,
        b.PublicReason, b.PrivateNote, b.CreatedAt, b.UpdatedAt);
}

internal sealed record DomainImportResponse([property: Description("Each block imported (new or updated).")] IReadOnlyList<DomainBlockResponse> Items);

/// <summary>A domain on the public list: obfuscated names partly hidden, no private notes.</summary>
internal sealed record PublicDomainBlockResponse(
    [property: Description("The name, partly hidden with * when the block is obfuscated.")] string Domain,
    string Severity,
    [property: Description("Why, as the hub's admins say it publicly.")] string? Reason);

internal sealed record DomainAllowRequest([property: Description("The domain; its subdomains are allowed too. Normalised as for blocks.")] string? Domain);

internal sealed record DomainAllowResponse(string Domain, DateTimeOffset Created);

/// <summary>
/// Domain moderation over the API (admins): blocks, their CSV (Mastodon's format, both ways) and the allow list of
/// allowlist mode; and the public list of blocked domains.
/// </summary>
internal static class DomainApiEndpoints
{
    public static RouteGroupBuilder MapDomainModerationApi(this RouteGroupBuilder api)
    {
        api.MapGet("/about/domain-blocks", PublicListAsync).AllowAnonymous().WithTags("About")
            .WithName("PublicDomainBlocks").WithSummary("Domains this hub blocks, with the public reasons")
            .WithDescription("Every block but those of severity none, by name; obfuscated names are partly hidden. No sign-in needed.")
            .Produces<PageResponse<PublicDomainBlockResponse>>();

        var admin = api.MapGroup("/admin").WithTags("Domain moderation").AddEndpointFilter(RoleFilters.AdminApiAsync)
            .ProducesProblem(StatusCodes.Status403Forbidden);
        admin.MapPost("/domain-blocks", BlockAsync)
            .WithName("BlockDomain").WithSummary("Block a domain (admins)")
            .WithDescription("Blocks a domain and its subdomains. Blocking a domain already blocked updates that block (200) " +
                             "instead of adding another (201). suspend refuses its activities at once, and a work item then ends its " +
                             "follows (a Reject(Follow) for each of theirs; ours end here without a word) and deletes its stored posts, " +
                             "accounts and pictures; that cannot be undone by unblocking. An invalid name, an IP address, this hub's own " +
                             "domain or a domain above it, an unknown severity or an over-long reason: 400 naming the field. Logged in the audit log.")
            .Produces<DomainBlockResponse>(StatusCodes.Status201Created)
            .Produces<DomainBlockResponse>()
            .ProducesValidationProblem();
        admin.MapGet("/domain-blocks", ListAsync)
            .WithName("ListDomainBlocks").WithSummary("Domain blocks (admins)")
            .WithDescription("Newest first, with private notes.")
            .Produces<PageResponse<DomainBlockResponse>>()
            .ProducesValidationProblem();
        admin.MapDelete("/domain-blocks/{id:guid}", UnblockAsync)
            .WithName("UnblockDomain").WithSummary("Remove a domain block (admins)")
            .WithDescription("Federation with it resumes from now on; what a suspension deleted does not come back. Logged in the audit log.")
            .Produces(StatusCodes.Status204NoContent)
            .ProducesProblem(StatusCodes.Status404NotFound);
        admin.MapGet("/domain-blocks.csv", ExportAsync)
            .WithName("ExportDomainBlocks").WithSummary("Domain blocks as Mastodon's CSV (admins)")
            .WithDescription("#domain,#severity,#reject_media,#reject_reports,#public_comment,#obfuscate; severity limit is written " +
                             "silence and none noop, as Mastodon reads them. Private notes are not exported.")
            .Produces(StatusCodes.Status200OK, contentType: "text/csv");
        admin.MapPost("/domain-blocks/import", ImportAsync)
            .WithName("ImportDomainBlocks").WithSummary("Import domain blocks from Mastodon's CSV (admins)")
            .WithDescription("The body is the CSV (text/csv), as Mastodon exports it (or a plain list of names, one a line). All lines " +
                             "are imported in one transaction, or none: any bad line answers 400 with errors.csv listing each bad line " +
                             "by its number (the header is line 1). A domain already blocked is updated.")
            .Accepts<string>("text/csv")
            .Produces<DomainImportResponse>()
            .ProducesValidationProblem();

        admin.MapPost("/domain-allows", AllowAsync)
            .WithName("AllowDomain").WithSummary("Allow a domain in allowlist mode (admins)")
            .WithDescription("In allowlist mode this hub fetches from, delivers to and accepts activities from allowed domains and " +
                             "their subdomains only. Allowing one already allowed changes nothing (200). Logged in the audit log.")
            .Produces<DomainAllowResponse>(StatusCodes.Status201Created)
            .Produces<DomainAllowResponse>()
            .ProducesValidationProblem();
        admin.MapGet("/domain-allows", AllowsAsync)
            .WithName("ListDomainAllows").WithSummary("The allow list (admins)")
            .WithDescription("By name. It is only used in allowlist mode.")
            .Produces<PageResponse<DomainAllowResponse>>();
        admin.MapDelete("/domain-allows/{domain}", DisallowAsync)
            .WithName("DisallowDomain").WithSummary("Take a domain off the allow list (admins)")
            .WithDescription("Any spelling of the name. 404 when it is not on the list. Logged in the audit log.")
            .Produces(StatusCodes.Status204NoContent)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);
        return api;
    }

    internal static ModeratorRef By(ClaimsPrincipal user) =>
        new(user.MemberId(), user.FindFirstValue(ClaimTypes.Name) ?? "admin");

    private static async Task<Results<Created<DomainBlockResponse>, Ok<DomainBlockResponse>, ValidationProblem, ProblemHttpResult>> BlockAsync(
        DomainBlockRequest? request, ClaimsPrincipal user, DomainBlockService service, CancellationToken ct)
    {
        request ??= new(null, null);
        var outcome = await service.BlockAsync(new DomainBlockInput(request.Domain, request.Severity, request.RejectMedia, request.RejectReports,
            request.Obfuscate, request.PublicReason, request.PrivateNote), By(user), ct);
        return outcome switch
        {
            Outcome<DomainBlockSaved>.Ok(var saved) when saved.Created =>
                TypedResults.Created($"{ApiEndpoints.Prefix}/admin/domain-blocks/{saved.Block.Id:D}", DomainBlockResponse.From(saved.Block)),
            Outcome<DomainBlockSaved>.Ok(var saved) => TypedResults.Ok(DomainBlockResponse.From(saved.Block)),
            Outcome<DomainBlockSaved>.Invalid(var errors) => TypedResults.ValidationProblem(errors),
            _ => ApiResults.Problem(StatusCodes.Status400BadRequest),
        };
    }

    private static async Task<Results<Ok<PageResponse<DomainBlockResponse>>, ValidationProblem>> ListAsync(
        string? limit, string? cursor, DomainBlockService service, CancellationToken ct)
    {
        if (ApiPaging.Read(limit, cursor, out var take, out var after) is { } bad)
        {
            return bad;
        }

        return TypedResults.Ok(PageResponse<DomainBlockResponse>.From(await service.ListAsync(after, take, ct), b => DomainBlockResponse.From(b)));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> UnblockAsync(
        Guid id, ClaimsPrincipal user, DomainBlockService service, CancellationToken ct) =>
        await service.UnblockAsync(id, By(user), ct) is Outcome<DomainBlock>.Ok
            ? TypedResults.NoContent()
            : ApiResults.Problem(StatusCodes.Status404NotFound);

    private static async Task<IResult> ExportAsync(DomainBlockService service, CancellationToken ct) =>
        TypedResults.Text(await service.ExportAsync(ct), DomainBlockCsv.ContentType);

    private static async Task<Results<Ok<DomainImportResponse>, ValidationProblem>> ImportAsync(
        HttpRequest request, ClaimsPrincipal user, DomainBlockService service, CancellationToken ct)
    {
        var text = await ReadTextAsync(request, DomainBlockLimits.CsvMaxChars, ct);
        return await service.ImportAsync(text, By(user), ct) switch
        {
            Outcome<IReadOnlyList<DomainBlockSaved>>.Ok(var saved) =>
                TypedResults.Ok(new DomainImportResponse([.. saved.Select(s => DomainBlockResponse.From(s.Block))])),
            Outcome<IReadOnlyList<DomainBlockSaved>>.Invalid(var errors) => TypedResults.ValidationProblem(errors),
            _ => TypedResults.ValidationProblem(new Dictionary<string, string[]>()),
        };
    }

    /// <summary>The body as text, or a text one character over the cap (refused by the service) when it is longer.</summary>
    internal static async Task<string> ReadTextAsync(HttpRequest request, int maxChars, CancellationToken ct)
    {
        using var reader = new StreamReader(request.Body, System.Text.Encoding.UTF8);
        var buffer = new char[maxChars + 1];
        var read = await reader.ReadBlockAsync(buffer.AsMemory(), ct);
        return new string(buffer, 0, read);
    }

    private static async Task<Results<Created<DomainAllowResponse>, ValidationProblem>> AllowAsync(
        DomainAllowRequest? request, ClaimsPrincipal user, DomainBlockService service, CancellationToken ct) =>
        await service.AllowAsync(request?.Domain, By(user), ct) switch
        {
            Outcome<DomainAllow>.Ok(var allow) => TypedResults.Created(
                $"{ApiEndpoints.Prefix}/admin/domain-allows/{allow.Domain.Value}", new DomainAllowResponse(allow.Domain.Value, allow.CreatedAt)),
            Outcome<DomainAllow>.Invalid(var errors) => TypedResults.ValidationProblem(errors),
            _ => TypedResults.ValidationProblem(new Dictionary<string, string[]>()),
        };

    private static async Task<Ok<PageResponse<DomainAllowResponse>>> AllowsAsync(DomainBlockService service, CancellationToken ct) =>
        TypedResults.Ok(new PageResponse<DomainAllowResponse>([.. (await service.AllowsAsync(ct)).Select(a => new DomainAllowResponse(a.Domain.Value, a.CreatedAt))], null));

    private static async Task<Results<NoContent, ValidationProblem, ProblemHttpResult>> DisallowAsync(
        string domain, ClaimsPrincipal user, DomainBlockService service, CancellationToken ct) =>
        await service.DisallowAsync(domain, By(user), ct) switch
        {
            Outcome<Core.Federation.DomainName>.Ok => TypedResults.NoContent(),
            Outcome<Core.Federation.DomainName>.Invalid(var errors) => TypedResults.ValidationProblem(errors),
            _ => ApiResults.Problem(StatusCodes.Status404NotFound),
        };

    private static async Task<Ok<PageResponse<PublicDomainBlockResponse>>> PublicListAsync(DomainBlockService service, CancellationToken ct) =>
        TypedResults.Ok(new PageResponse<PublicDomainBlockResponse>([.. (await service.AllAsync(ct))
            .Where(b => b.Severity != DomainSeverity.None)
            .Select(b => new PublicDomainBlockResponse(b.Obfuscate ? b.Domain.Obfuscated : b.Domain.Value, DomainSeverities.Name(b.Severity), b.PublicReason))], null));
}
