using System.Security.Claims;
using Microsoft.Extensions.Localization;
using OurSociety.Core;
using OurSociety.Core.Federation;
using OurSociety.Core.Moderation;
using OurSociety.Web.Hosting;
using OurSociety.Web.Pages;
using OurSociety.Web.Resources;

namespace OurSociety.Web.Features.Moderation;

/// <summary>A domain block form as posted (checkboxes are present only when ticked).</summary>
public sealed record DomainBlockForm(
    string? Domain = null,
    string? Severity = "suspend",
    bool RejectMedia = false,
    bool RejectReports = false,
    bool Obfuscate = false,
    string? PublicReason = null,
    string? PrivateNote = null);

/// <summary>
/// <c>/admin/domains</c>: domain blocks (add, list, remove, import, export), the allow list and the federation mode.
/// Mapped into the admin group, so only admins reach it. Each form answers with a redirect and a notice, or the page
/// again with the message beside the field.
/// </summary>
internal static class DomainAdminEndpoints
{
    public static RouteGroupBuilder MapDomainAdmin(this RouteGroupBuilder admin)
    {
        admin.MapGet("/domains", ShowAsync);
        admin.MapPost("/domains/blocks", BlockAsync);
        admin.MapPost("/domains/blocks/{id:guid}/remove", UnblockAsync).RequireAntiforgery();
        admin.MapPost("/domains/import", ImportAsync);
        admin.MapPost("/domains/allows", AllowAsync);
        admin.MapPost("/domains/allows/remove", DisallowAsync);
        admin.MapPost("/domains/mode", ModeAsync);
        return admin;
    }

    private static async Task<IResult> ShowAsync(string? notice, DomainBlockService service, IStringLocalizer<DomainText> text, CancellationToken ct) =>
        await PageAsync(service, new DomainBlockForm(), null, null, Notices.Text(notice, text), StatusCodes.Status200OK, ct);

    private static async Task<IResult> BlockAsync(
        IFormCollection form, ClaimsPrincipal user, DomainBlockService service, CancellationToken ct)
    {
        var posted = new DomainBlockForm(form["domain"], form["severity"], Ticked(form, "rejectMedia"), Ticked(form, "rejectReports"),
            Ticked(form, "obfuscate"), form["publicReason"], form["privateNote"]);
        var outcome = await service.BlockAsync(new DomainBlockInput(posted.Domain, posted.Severity, posted.RejectMedia, posted.RejectReports,
            posted.Obfuscate, posted.PublicReason, posted.PrivateNote), DomainApiEndpoints.By(user), ct);
        return outcome switch
        {
            Outcome<DomainBlockSaved>.Ok(var saved) => TypedResults.Redirect(saved.Created ? "/admin/domains?notice=blocked" : "/admin/domains?notice=block-updated"),
            Outcome<DomainBlockSaved>.Invalid(var errors) => await PageAsync(service, posted, errors, null, null, StatusCodes.Status400BadRequest, ct),
            _ => TypedResults.StatusCode(StatusCodes.Status400BadRequest),
        };
    }

    private static async Task<IResult> UnblockAsync(Guid id, ClaimsPrincipal user, DomainBlockService service, CancellationToken ct) =>
        await service.UnblockAsync(id, DomainApiEndpoints.By(user), ct) is Outcome<DomainBlock>.Ok
            ? TypedResults.Redirect("/admin/domains?notice=unblocked")
            : TypedResults.StatusCode(StatusCodes.Status404NotFound);

    /// <summary>A CSV pasted into the box or uploaded as a file (the file wins when both are given).</summary>
    private static async Task<IResult> ImportAsync(
        IFormCollection form, ClaimsPrincipal user, DomainBlockService service, CancellationToken ct)
    {
        string? csv = form["csv"];
        if (form.Files.GetFile("file") is { Length: > 0 } file)
        {
            if (file.Length > DomainBlockLimits.CsvMaxChars * 4L)
            {
                csv = new string(' ', DomainBlockLimits.CsvMaxChars + 1);   // refused by the service as too long
            }
            else
            {
                using var reader = new StreamReader(file.OpenReadStream(), System.Text.Encoding.UTF8);
                csv = await reader.ReadToEndAsync(ct);
            }
        }

        return await service.ImportAsync(csv, DomainApiEndpoints.By(user), ct) switch
        {
            Outcome<IReadOnlyList<DomainBlockSaved>>.Ok => TypedResults.Redirect("/admin/domains?notice=imported"),
            Outcome<IReadOnlyList<DomainBlockSaved>>.Invalid(var errors) =>
                await PageAsync(service, new DomainBlockForm(), errors, form["csv"], null, StatusCodes.Status400BadRequest, ct),
            _ => TypedResults.StatusCode(StatusCodes.Status400BadRequest),
        };
    }

    private static async Task<IResult> AllowAsync(IFormCollection form, ClaimsPrincipal user, DomainBlockService service, CancellationToken ct) =>
        await service.AllowAsync(form["allowDomain"], DomainApiEndpoints.By(user), ct) switch
        {
            Outcome<DomainAllow>.Ok => TypedResults.Redirect("/admin/domains?notice=allowed"),
            Outcome<DomainAllow>.Invalid(var errors) => await PageAsync(service, new DomainBlockForm(),
                new Dictionary<string, string[]> { ["allowDomain"] = errors.Values.SelectMany(e => e).ToArray() }, null, null, StatusCodes.Status400BadRequest, ct),
            _ => TypedResults.StatusCode(StatusCodes.Status400BadRequest),
        };

    private static async Task<IResult> DisallowAsync(IFormCollection form, ClaimsPrincipal user, DomainBlockService service, CancellationToken ct) =>
        await service.DisallowAsync(form["domain"], DomainApiEndpoints.By(user), ct) is Outcome<DomainName>.Ok
            ? TypedResults.Redirect("/admin/domains?notice=disallowed")
            : TypedResults.StatusCode(StatusCodes.Status404NotFound);

    private static async Task<IResult> ModeAsync(IFormCollection form, ClaimsPrincipal user, DomainBlockService service, CancellationToken ct) =>
        await service.SetModeAsync(form["mode"], DomainApiEndpoints.By(user), ct) switch
        {
            Outcome<FederationMode>.Ok => TypedResults.Redirect("/admin/domains?notice=mode-saved"),
            Outcome<FederationMode>.Invalid(var errors) => await PageAsync(service, new DomainBlockForm(), errors, null, null, StatusCodes.Status400BadRequest, ct),
            _ => TypedResults.StatusCode(StatusCodes.Status400BadRequest),
        };

    private static bool Ticked(IFormCollection form, string name) => form[name].Any(v => v is "true" or "on");

    private static async Task<IResult> PageAsync(
        DomainBlockService service, DomainBlockForm form, IDictionary<string, string[]>? errors, string? csv, string? notice, int status, CancellationToken ct) =>
        Html.Page<DomainsPage>(new
        {
            Form = form,
            Blocks = await service.AllAsync(ct),
            Allows = await service.AllowsAsync(ct),
            Mode = await service.ModeAsync(ct),
            Csv = csv,
            Errors = errors,
            Notice = notice,
        }, status);
}
