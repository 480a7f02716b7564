using System.Security.Claims;
using Microsoft.Extensions.Localization;
using OurSociety.Core;
using OurSociety.Core.Federation;
using OurSociety.Core.Hubs;
using OurSociety.Federation.Hubs;
using OurSociety.Web.Hosting;
using OurSociety.Web.Pages;

namespace OurSociety.Web.Features.Admin;

/// <summary>The ask form as posted (the checkbox is present only when ticked).</summary>
public sealed record HubLinkForm(string? Hub = null, string? Note = null, bool Reshare = false);

/// <summary>A link as the page shows it: the row and what we know of the other hub.</summary>
public sealed record HubLinkRow(HubLink Link, RemoteActor? Actor);

/// <summary>
/// <c>/admin/hub-links</c>: links with other Our Society hubs (issue 14). Mapped into the admin group, so only admins
/// reach it; each form answers with a redirect and a notice, or the page again with the message beside the field.
/// </summary>
internal static class HubLinkAdminEndpoints
{
    public static RouteGroupBuilder MapHubLinkAdmin(this RouteGroupBuilder admin)
    {
        admin.MapGet("/hub-links", ShowAsync);
        admin.MapPost("/hub-links", AskAsync);
        admin.MapPost("/hub-links/{id:guid}/approve", ApproveAsync).RequireAntiforgery();
        admin.MapPost("/hub-links/{id:guid}/decline", DeclineAsync).RequireAntiforgery();
        admin.MapPost("/hub-links/{id:guid}/unlink", UnlinkAsync).RequireAntiforgery();
        admin.MapPost("/hub-links/{id:guid}/reshare", ReshareAsync);
        return admin;
    }

    // ?hub= fills the ask form: the directory's "ask to link" and a made hub introduction link here with it.
    private static async Task<IResult> ShowAsync(
        string? notice, string? hub, HubLinkService service, IRemoteActorStore actors, IStringLocalizer<HubLinkText> text, CancellationToken ct) =>
        await PageAsync(service, actors, new HubLinkForm(hub?.Trim()), null, Notices.Text(notice, text), StatusCodes.Status200OK, ct);

    private static async Task<IResult> AskAsync(
        IFormCollection form, ClaimsPrincipal user, HubLinkService service, IRemoteActorStore actors, CancellationToken ct)
    {
        var posted = new HubLinkForm(form["hub"], form["note"], form["reshare"] == "true");
        return await service.AskAsync(new HubLinkAsk(posted.Hub, posted.Note, posted.Reshare), user.MemberId(), ct) switch
        {
            Outcome<HubLink>.Ok => TypedResults.Redirect("/admin/hub-links?notice=asked"),
            Outcome<HubLink>.Invalid(var errors) => await PageAsync(service, actors, posted, errors, null, StatusCodes.Status400BadRequest, ct),
            Outcome<HubLink>.Conflict(var why) => await PageAsync(service, actors, posted,
                new Dictionary<string, string[]> { [HubLinkRules.HubField] = [why ?? ""] }, null, StatusCodes.Status409Conflict, ct),
            _ => TypedResults.StatusCode(StatusCodes.Status400BadRequest),
        };
    }

    private static async Task<IResult> ApproveAsync(Guid id, ClaimsPrincipal user, HubLinkService service, CancellationToken ct) =>
        Answer(await service.ApproveAsync(id, user.MemberId(), ct), "approved");

    private static async Task<IResult> DeclineAsync(Guid id, ClaimsPrincipal user, HubLinkService service, CancellationToken ct) =>
        Answer(await service.DeclineAsync(id, user.MemberId(), ct), "declined");

    private static async Task<IResult> UnlinkAsync(Guid id, HubLinkService service, CancellationToken ct) =>
        Answer(await service.UnlinkAsync(id, ct), "unlinked");

    private static async Task<IResult> ReshareAsync(Guid id, IFormCollection form, HubLinkService service, CancellationToken ct) =>
        Answer(await service.SetReshareAsync(id, form["reshare"] == "true", ct), "reshare-saved");

    private static IResult Answer(Outcome<HubLink> outcome, string notice) => outcome switch
    {
        Outcome<HubLink>.Ok => TypedResults.Redirect("/admin/hub-links?notice=" + notice),
        Outcome<HubLink>.Conflict => TypedResults.Redirect("/admin/hub-links?notice=not-waiting"),
        _ => TypedResults.StatusCode(StatusCodes.Status404NotFound),
    };

    private static async Task<IResult> PageAsync(
        HubLinkService service, IRemoteActorStore actors, HubLinkForm form, IDictionary<string, string[]>? errors, string? notice, int status, CancellationToken ct)
    {
        var rows = new List<HubLinkRow>();
        foreach (var link in await service.ListAsync(null, ct))
        {
            rows.Add(new HubLinkRow(link, await actors.FindAsync(link.HubActorId, ct)));
        }

        return Html.Page<HubLinksPage>(new { Form = form, Links = rows, Errors = errors, Notice = notice }, status);
    }
}
