using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using OurSociety.Core;
using OurSociety.Core.Needs;
using OurSociety.Core.Paging;
using OurSociety.Web.Features.Api;
using OurSociety.Web.Features.Federation;
using OurSociety.Web.Hosting;
using OurSociety.Web.Pages;
using OurSociety.Web.Resources;

namespace OurSociety.Web.Features.Needs;

/// <summary>
/// The needs and offers pages, without JavaScript: "Ways to help" (near you and from elsewhere), the Needs and Offers
/// lists with their filters, a page per need or offer (which also serves the ActivityPub object to servers that ask),
/// the forms to post and edit, closing and deleting. Glue-ers see which offers match each need.
/// </summary>
internal static class ProposalPageEndpoints
{
    private const int PageSize = 20;

    /// <summary>How many of each a section of "Ways to help" shows before "see all".</summary>
    private const int SectionSize = 6;

    public static IEndpointRouteBuilder MapProposalPageEndpoints(this IEndpointRouteBuilder app)
    {
        var open = app.MapGroup("").ExcludeFromDescription();
        open.MapGet("/ways-to-help", WaysToHelpAsync).CacheOutput(PageCaching.Policy);
        var members = app.MapGroup("").RequireAuthorization(Policies.Member).ExcludeFromDescription();
        foreach (var kind in new[] { ProposalKind.Need, ProposalKind.Offer })
        {
            var segment = ProposalNames.Segment(kind);
            open.MapGet($"/{segment}", (string? topic, string? locality, string? source, string? cursor, HttpContext http, IProposalStore store, ProposalViews views,
                    IOptions<NodeOptions> node, IStringLocalizer<NeedsText> n, CancellationToken ct) =>
                ListAsync(kind, topic, locality, source, cursor, http, store, views, node.Value.Origin, n, ct)).CacheOutput(PageCaching.Policy);
            open.MapGet($"/{segment}/{{id:guid}}", (Guid id, string? notice, HttpContext http, ProposalService service, ProposalViews views, ProposalObjects objects,
                    IOptions<NodeOptions> node, IStringLocalizer<NeedsText> n, IStringLocalizer<Text> text, CancellationToken ct) =>
                ShowAsync(kind, id, notice, http, service, views, objects, node.Value.Origin, n, text, ct)).CacheOutput(PageCaching.Policy);
            members.MapGet($"/{segment}/new", (ClaimsPrincipal user) => NewForm(kind, user));
            members.MapPost($"/{segment}/new", ([FromForm] ProposalForm form, ClaimsPrincipal user, ProposalService service, IStringLocalizer<NeedsText> n, CancellationToken ct) =>
                SubmitAsync(kind, null, form, user, service, n, ct));
            members.MapGet($"/{segment}/{{id:guid}}/edit", (Guid id, ClaimsPrincipal user, ProposalService service, ProposalViews views, IStringLocalizer<NeedsText> n, CancellationToken ct) =>
                EditAsync(kind, id, user, service, views, n, ct));
            members.MapPost($"/{segment}/{{id:guid}}/edit", (Guid id, [FromForm] ProposalForm form, ClaimsPrincipal user, ProposalService service, IStringLocalizer<NeedsText> n, CancellationToken ct) =>
                SubmitAsync(kind, id, form, user, service, n, ct));
            members.MapPost($"/{segment}/{{id:guid}}/close", (Guid id, ClaimsPrincipal user, ProposalService service, IStringLocalizer<NeedsText> n, CancellationToken ct) =>
                CloseAsync(kind, id, user, service, n, ct));
            members.MapGet($"/{segment}/{{id:guid}}/delete", (Guid id, ClaimsPrincipal user, ProposalService service, ProposalViews views, IStringLocalizer<NeedsText> n, CancellationToken ct) =>
                ConfirmDeleteAsync(kind, id, user, service, views, n, ct));
            members.MapPost($"/{segment}/{{id:guid}}/delete", (Guid id, ClaimsPrincipal user, ProposalService service, IStringLocalizer<NeedsText> n, CancellationToken ct) =>
                DeleteAsync(kind, id, user, service, n, ct));
        }

        return app;
    }

    /// <summary>
    /// "Ways to help": needs and offers near you (the hub's locality and your own, or the locality asked for), then what
    /// this node has received from elsewhere; each narrowed by topic.
    /// </summary>
    internal static async Task<IResult> WaysToHelpAsync(
        string? topic, string? locality, HttpContext http, IProposalStore store, ProposalViews views, IOptions<NodeOptions> node, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        var viewer = await views.MemberAsync(http.User.MemberIdOrNull(), ct);
        var near = string.IsNullOrWhiteSpace(locality) ? await views.NearAsync(viewer?.Id, ct) : [locality.Trim()];
        var filter = ProposalEndpoints.Query(null, topic, null, null, null, views.Now, errors);
        var origin = node.Value.Origin;
        async Task<IReadOnlyList<ProposalCard>> SectionAsync(ProposalQuery query) =>
            await views.CardsAsync((await store.ListAsync(query, Cursor.Start, SectionSize, ct)).Items, origin, viewer, ct);

        return Html.Page<WaysToHelpPage>(new
        {
            Topic = filter.Topic,
            Locality = locality?.Trim(),
            Near = near,
            NearNeeds = near.Count == 0 ? [] : await SectionAsync(filter with { Kind = ProposalKind.Need, Localities = near }),
            NearOffers = near.Count == 0 ? [] : await SectionAsync(filter with { Kind = ProposalKind.Offer, Localities = near }),
            Needs = await SectionAsync(filter with { Kind = ProposalKind.Need, Local = true }),
            Offers = await SectionAsync(filter with { Kind = ProposalKind.Offer, Local = true }),
            Elsewhere = await SectionAsync(filter with { Local = false }),
            SignedIn = viewer is not null,
        });
    }

    /// <summary>The Needs (or Offers) page: open ones, newest first, filtered by topic, locality and where they come from.</summary>
    internal static async Task<IResult> ListAsync(
        ProposalKind kind, string? topic, string? locality, string? source, string? cursor, HttpContext http, IProposalStore store, ProposalViews views,
        string origin, IStringLocalizer<NeedsText> n, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        var query = ProposalEndpoints.Query(kind, topic, locality, source, null, views.Now, errors);
        if (errors.Count > 0 || !Cursor.TryDecode(cursor, out var after))
        {
            return Html.Page<ErrorPage>(new { Heading = n["List.BadFilter.Heading"].Value, Message = n["List.BadFilter.Message"].Value }, StatusCodes.Status400BadRequest);
        }

        var viewer = await views.MemberAsync(http.User.MemberIdOrNull(), ct);
        var page = await store.ListAsync(query, after, PageSize, ct);
        var next = page.Next is null ? null
            : $"/{ProposalNames.Segment(kind)}?{Filters(query.Topic, locality?.Trim(), source)}cursor={page.Next}";
        return Html.Page<ProposalListPage>(new
        {
            Kind = kind,
            Topic = query.Topic,
            Locality = locality?.Trim(),
            Source = string.IsNullOrEmpty(source) ? "all" : source,
            Items = await views.CardsAsync(page.Items, origin, viewer, ct),
            Next = next,
            SignedIn = viewer is not null,
        });
    }

    /// <summary>Its address: the ActivityPub object for servers that ask for it, the page for people.</summary>
    internal static async Task<IResult> ShowAsync(
        ProposalKind kind, Guid id, string? notice, HttpContext http, ProposalService service, ProposalViews views, ProposalObjects objects, string origin,
        IStringLocalizer<NeedsText> n, IStringLocalizer<Text> text, CancellationToken ct)
    {
        http.Response.Headers.Vary = HeaderNames.Accept;
        if (ApResults.WantsActivityJson(http.Request))
        {
            return await objects.ServeAsync(http, kind, id, ct);
        }

        var read = await service.ReadAsync(kind, id, ct);
        if (read is not Outcome<Proposal>.Ok(var proposal))
        {
            return Refused(read, n);
        }

        var viewer = await views.MemberAsync(http.User.MemberIdOrNull(), ct);
        var card = (await views.CardsAsync([proposal], origin, viewer, ct))[0];
        return Html.Page<ProposalPage>(new
        {
            Card = card,
            MayChange = ProposalService.MayChange(viewer, proposal),
            Notice = Notices.Text(notice, n, text),
        });
    }

    internal static IResult NewForm(ProposalKind kind, ClaimsPrincipal user) =>
        Html.Page<ProposalFormPage>(new { Kind = kind, Form = new ProposalForm(), IsAdmin = user.IsInRole("admin") });

    internal static async Task<IResult> EditAsync(
        ProposalKind kind, Guid id, ClaimsPrincipal user, ProposalService service, ProposalViews views, IStringLocalizer<NeedsText> n, CancellationToken ct)
    {
        var owned = await OwnAsync(kind, id, user, service, views, ct);
        return owned is Outcome<Proposal>.Ok(var proposal)
            ? Html.Page<ProposalFormPage>(new { Kind = kind, Existing = proposal, Form = ProposalForm.From(proposal), IsAdmin = user.IsInRole("admin") })
            : Refused(owned, n);
    }

    /// <summary>The form goes to the domain, which checks everything; a refusal comes back with each message beside its field.</summary>
    internal static async Task<IResult> SubmitAsync(
        ProposalKind kind, Guid? id, ProposalForm? form, ClaimsPrincipal user, ProposalService service, IStringLocalizer<NeedsText> n, CancellationToken ct)
    {
        form ??= new ProposalForm();
        var me = user.MemberId();
        Proposal? existing = null;
        if (id is { } editing)
        {
            var read = await service.ReadAsync(kind, editing, ct);
            if (read is not Outcome<Proposal>.Ok(var found))
            {
                return Refused(read, n);
            }

            existing = found;
        }

        var outcome = existing is null
            ? await service.CreateAsync(me, kind, form.ToInput(), ct)
            : await service.UpdateAsync(me, kind, existing.Id, form.ToInput(), ct);
        return outcome switch
        {
            Outcome<Proposal>.Ok(var saved) => TypedResults.Redirect($"{PageOf(saved)}?notice={(existing is null ? "posted" : "changes-saved")}"),
            Outcome<Proposal>.Invalid(var errors) => Html.Page<ProposalFormPage>(
                new { Kind = kind, Existing = existing, Form = form, Errors = errors, IsAdmin = user.IsInRole("admin") }, StatusCodes.Status400BadRequest),
            var refused => Refused(refused, n),
        };
    }

    internal static async Task<IResult> CloseAsync(ProposalKind kind, Guid id, ClaimsPrincipal user, ProposalService service, IStringLocalizer<NeedsText> n, CancellationToken ct) =>
        await service.CloseAsync(user.MemberId(), kind, id, ct) switch
        {
            Outcome<Proposal>.Ok(var closed) => TypedResults.Redirect($"{PageOf(closed)}?notice=closed"),
            var refused => Refused(refused, n),
        };

    internal static async Task<IResult> ConfirmDeleteAsync(
        ProposalKind kind, Guid id, ClaimsPrincipal user, ProposalService service, ProposalViews views, IStringLocalizer<NeedsText> n, CancellationToken ct)
    {
        var owned = await OwnAsync(kind, id, user, service, views, ct);
        return owned is Outcome<Proposal>.Ok(var proposal) ? Html.Page<DeleteProposalPage>(new { Proposal = proposal }) : Refused(owned, n);
    }

    internal static async Task<IResult> DeleteAsync(ProposalKind kind, Guid id, ClaimsPrincipal user, ProposalService service, IStringLocalizer<NeedsText> n, CancellationToken ct) =>
        await service.DeleteAsync(user.MemberId(), kind, id, ct) switch
        {
            Outcome<bool>.Ok => TypedResults.Redirect($"/{ProposalNames.Segment(kind)}?notice=deleted"),
            Outcome<bool>.Gone(var why) => Refused(new Outcome<Proposal>.Gone(why), n),
            Outcome<bool>.Forbidden(var why) => Refused(new Outcome<Proposal>.Forbidden(why), n),
            _ => Refused(new Outcome<Proposal>.NotFound(), n),
        };

    private static async Task<Outcome<Proposal>> OwnAsync(ProposalKind kind, Guid id, ClaimsPrincipal user, ProposalService service, ProposalViews views, CancellationToken ct)
    {
        var read = await service.ReadAsync(kind, id, ct);
        if (read is not Outcome<Proposal>.Ok(var proposal))
        {
            return read;
        }

        return ProposalService.MayChange(await views.MemberAsync(user.MemberId(), ct), proposal)
            ? read
            : new Outcome<Proposal>.Forbidden(CoreText.Get("Need.OnlyAuthorChanges"));
    }

    private static string PageOf(Proposal proposal) => OurSociety.Federation.Needs.ProposalUrls.Page("", proposal);

    /// <summary>The list's filters as the start of a query string (for "older" links).</summary>
    private static string Filters(string? topic, string? locality, string? source)
    {
        var parts = new List<string>();
        if (!string.IsNullOrEmpty(topic))
        {
            parts.Add("topic=" + Uri.EscapeDataString(topic));
        }

        if (!string.IsNullOrEmpty(locality))
        {
            parts.Add("locality=" + Uri.EscapeDataString(locality));
        }

        if (!string.IsNullOrEmpty(source))
        {
            parts.Add("source=" + Uri.EscapeDataString(source));
        }

        return string.Concat(parts.Select(p => p + "&"));
    }

    /// <summary>A page for a refusal: 404, 410 once deleted, 403 (with why), 409 for a closed one.</summary>
    private static RazorComponentResult<ErrorPage> Refused(Outcome<Proposal> outcome, IStringLocalizer<NeedsText> n) => outcome switch
    {
        // Removed by the moderators: say so, as a removed post's page does (an author's deletion keeps the plain words).
        Outcome<Proposal>.Gone(var why) when why == Core.Posts.PostService.RemovedMessage
            => Html.Page<ErrorPage>(new { Heading = n["Gone.Heading"].Value, Message = why }, StatusCodes.Status410Gone),
        Outcome<Proposal>.Gone => Html.Page<ErrorPage>(new { Heading = n["Gone.Heading"].Value, Message = n["Gone.Message"].Value }, StatusCodes.Status410Gone),
        Outcome<Proposal>.Forbidden(var why) => Html.Page<ErrorPage>(new { Heading = n["Refused.Heading"].Value, Message = why }, StatusCodes.Status403Forbidden),
        Outcome<Proposal>.Conflict(var why) => Html.Page<ErrorPage>(new { Heading = n["Refused.Heading"].Value, Message = why }, StatusCodes.Status409Conflict),
        _ => Html.Page<ErrorPage>(new { Heading = n["NotFound.Heading"].Value, Message = n["NotFound.Message"].Value }, StatusCodes.Status404NotFound),
    };
}
