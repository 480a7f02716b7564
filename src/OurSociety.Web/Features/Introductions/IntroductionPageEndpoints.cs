using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using OurSociety.Core;
using OurSociety.Core.Federation;
using OurSociety.Core.Introductions;
using OurSociety.Core.Members;
using OurSociety.Core.Paging;
using OurSociety.Federation.Follows;
using OurSociety.Web.Features.Admin;
using OurSociety.Web.Features.Federation;
using OurSociety.Web.Features.Follows;
using OurSociety.Web.Hosting;
using OurSociety.Web.Pages;
using OurSociety.Web.Pages.Shared;
using OurSociety.Web.Posts;
using OurSociety.Web.Resources;

namespace OurSociety.Web.Features.Introductions;

/// <summary>
/// The introductions pages: a member's list (asked of them, made, their proposals), one introduction with its answer
/// and withdraw forms, the proposing form, the member's choice of who may introduce them, and the admin's switch that
/// lets every member introduce people. Everything goes through <see cref="IntroductionService"/>; an introduction is
/// never shown to anyone but the three people in it (anyone else gets the same not-found page as for a wrong address).
/// </summary>
internal static class IntroductionPageEndpoints
{
    public const int PageSize = 50;

    /// <summary>The longest a typed party may be: longer is refused like any unreadable address, without a lookup.</summary>
    public const int PartyMax = Api.TargetRequest.MaxLength;

    public static RouteGroupBuilder MapIntroductionPageEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/introductions").RequireAuthorization(Policies.Member).ExcludeFromDescription();
        group.MapGet("/", ListAsync);
        group.MapGet("/new", NewAsync);
        group.MapPost("/new", ProposeAsync);
        group.MapPost("/{id:guid}/accept", (Guid id, HttpContext http, CancellationToken ct) => AnswerAsync(id, accept: true, http, ct))
            .RequireAntiforgery();
        group.MapPost("/{id:guid}/decline", (Guid id, HttpContext http, CancellationToken ct) => AnswerAsync(id, accept: false, http, ct))
            .RequireAntiforgery();
        group.MapPost("/{id:guid}/withdraw", WithdrawAsync).RequireAntiforgery();
        group.MapPost("/{id:guid}/follow", FollowOtherAsync).RequireAntiforgery();
        group.MapPost("/{id:guid}/reviews/{reviewId:guid}/accept",
            (Guid id, Guid reviewId, HttpContext http, CancellationToken ct) => ReviewAsync(id, reviewId, accept: true, http, ct)).RequireAntiforgery();
        group.MapPost("/{id:guid}/reviews/{reviewId:guid}/decline",
            (Guid id, Guid reviewId, HttpContext http, CancellationToken ct) => ReviewAsync(id, reviewId, accept: false, http, ct)).RequireAntiforgery();

        // Not behind the group's sign-in rule: a server asking for the ActivityPub object at this address gets a plain
        // 404 (the Relationship is never public), not a redirect to a sign-in page.
        app.MapGet("/introductions/{id:guid}", ShowAsync).ExcludeFromDescription();

        var settings = app.MapGroup("/settings/introductions").RequireAuthorization(Policies.Member).ExcludeFromDescription();
        settings.MapGet("/", PolicyPageAsync);
        settings.MapPost("/", SavePolicyAsync);

        var admin = app.MapGroup("/admin/introductions").RequireAuthorization(Policies.Member)
            .AddEndpointFilter(RoleFilters.AdminPageAsync).ExcludeFromDescription();
        admin.MapPost("/", SaveAnyMemberAsync);
        return group;
    }

    // ---- The list ----

    internal static async Task<IResult> ListAsync(
        ClaimsPrincipal user, [AsParameters] IntroductionPageServices s, string? asked, string? proposed, string? notice, CancellationToken ct)
    {
        if (!Cursor.TryDecode(asked, out var askedAfter) || !Cursor.TryDecode(proposed, out var proposedAfter))
        {
            return TypedResults.StatusCode(StatusCodes.Status400BadRequest);
        }

        if (await s.Members.FindAsync(user.MemberId(), ct) is not { } me)
        {
            return TypedResults.Challenge();
        }

        var askedPage = await s.Service.ForMemberAsync(me.Id, IntroductionRole.Asked, null, askedAfter, PageSize, ct);
        var proposedPage = await s.Service.ForMemberAsync(me.Id, IntroductionRole.Proposed, null, proposedAfter, PageSize, ct);

        // Those waiting for this member's answer first; the made ones have their own list.
        var askedItems = new List<IntroductionItem>();
        var made = new List<IntroductionItem>();
        foreach (var view in askedPage.Items)
        {
            var item = await ItemAsync(view, s, ct);
            (view.State == IntroductionState.Made ? made : askedItems).Add(item);
        }

        askedItems = [.. askedItems.OrderByDescending(i => i.View.State == IntroductionState.Proposed && i.View.MyAnswer == PartyAnswer.Pending)];
        var proposals = new List<IntroductionItem>();
        foreach (var view in proposedPage.Items)
        {
            proposals.Add(await ItemAsync(view, s, ct));
        }

        // The glue-er's introductions with replies from people elsewhere that need them to decide (all of them: open
        // introductions per glue-er are capped, so the list stays short).
        var waiting = new List<IntroductionItem>();
        foreach (var view in await s.Service.WaitingForReviewAsync(me.Id, PageSize, ct))
        {
            waiting.Add(await ItemAsync(view, s, ct));
        }

        return Html.Page<IntroductionsPage>(new
        {
            Asked = askedItems,
            Made = made,
            Proposals = proposals,
            Waiting = waiting,
            AskedNext = askedPage.Next,
            ProposedNext = proposedPage.Next,
            MayIntroduce = await s.Service.MayProposeAsync(me, ct),
            Notice = Notices.Text(notice, s.Text, s.Shared),
        });
    }

    // ---- One introduction ----

    internal static async Task<IResult> ShowAsync(
        Guid id, HttpContext http, [AsParameters] IntroductionPageServices s, string? notice, CancellationToken ct)
    {
        if (ApResults.WantsActivityJson(http.Request))
        {
            // Federation may serve the Relationship to its parties' servers here one day (signed fetch); until then, and
            // always to anyone else, it does not exist.
            return ApResults.Refuse(StatusCodes.Status404NotFound, "not found");
        }

        if (http.User.MemberIdOrNull() is not { } viewer)
        {
            return TypedResults.Challenge();
        }

        return await s.Service.FindForViewerAsync(id, viewer, ct) is Outcome<IntroductionView>.Ok(var view)
            ? await DetailAsync(view, viewer, s, Notices.Text(notice, s.Text, s.Shared), StatusCodes.Status200OK, ct)
            : TypedResults.StatusCode(StatusCodes.Status404NotFound);
    }

    // These take their services from the request rather than as [AsParameters]: bound that way on a form post with no
    // [FromForm] field, the framework answered every post 415 Unsupported Media Type (seen with .NET 10.0).
    internal static async Task<IResult> AnswerAsync(Guid id, bool accept, HttpContext http, CancellationToken ct)
    {
        var s = Services(http);
        var me = http.User.MemberId();
        return await Changed(id, me, await s.Service.AnswerAsync(id, me, accept, ct), accept ? "accepted" : "declined", s, ct);
    }

    internal static async Task<IResult> WithdrawAsync(Guid id, HttpContext http, CancellationToken ct)
    {
        var s = Services(http);
        var me = http.User.MemberId();
        return await Changed(id, me, await s.Service.WithdrawAsync(id, me, ct), "withdrawn", s, ct);
    }

    /// <summary>The glue-er counts a reply that needs their review as that person's yes or no.</summary>
    internal static async Task<IResult> ReviewAsync(Guid id, Guid reviewId, bool accept, HttpContext http, CancellationToken ct)
    {
        var s = Services(http);
        var me = http.User.MemberId();
        return await Changed(id, me, await s.Service.ReviewAsync(id, reviewId, me, accept, ct), accept ? "counted-yes" : "counted-no", s, ct);
    }

    private static IntroductionPageServices Services(HttpContext http)
    {
        var services = http.RequestServices;
        return new IntroductionPageServices(
            services.GetRequiredService<IMemberStore>(), services.GetRequiredService<IntroductionService>(),
            services.GetRequiredService<IntroductionParties>(), services.GetRequiredService<PostAuthors>(),
            services.GetRequiredService<IStringLocalizer<IntroductionsText>>(), services.GetRequiredService<IStringLocalizer<Text>>(),
            services.GetRequiredService<OurSociety.Core.Posts.IMentionStore>(), services.GetRequiredService<OurSociety.Core.Hubs.HubIdentity>(),
            services.GetRequiredService<IRemoteActorStore>());
    }

    /// <summary>
    /// After an answer or a withdrawal: back to the page with a notice; when it was decided already, the page as it
    /// stands with why nothing changed (409); for anyone not involved, not found (a party withdrawing or the glue-er
    /// answering is refused the same way: the form is not theirs).
    /// </summary>
    private static async Task<IResult> Changed(
        Guid id, Guid memberId, Outcome<IntroductionView> outcome, string notice, IntroductionPageServices s, CancellationToken ct) =>
        outcome switch
        {
            Outcome<IntroductionView>.Ok => TypedResults.Redirect($"/introductions/{id:D}?notice={notice}"),
            Outcome<IntroductionView>.Conflict(var why) when await s.Service.FindForViewerAsync(id, memberId, ct) is Outcome<IntroductionView>.Ok(var view) =>
                await DetailAsync(view, memberId, s, why, StatusCodes.Status409Conflict, ct),
            Outcome<IntroductionView>.Forbidden => TypedResults.StatusCode(StatusCodes.Status403Forbidden),
            _ => TypedResults.StatusCode(StatusCodes.Status404NotFound),
        };

    /// <summary>
    /// Once it is made, a party follows the other in one click: the usual follow (a request to their server) for
    /// someone elsewhere. Anything else — not made, not a party, the other one here (no follows between members of one
    /// hub) — is not found.
    /// </summary>
    internal static async Task<IResult> FollowOtherAsync(
        Guid id, ClaimsPrincipal user, IMemberStore members, IntroductionService service, FollowService follows, CancellationToken ct)
    {
        if (await members.FindAsync(user.MemberId(), ct) is not { } me
            || await service.FindForViewerAsync(id, me.Id, ct) is not Outcome<IntroductionView>.Ok(var view)
            || view is not { State: IntroductionState.Made, AsHub: false, Other: { IsLocal: false } other })
        {
            return TypedResults.StatusCode(StatusCodes.Status404NotFound);
        }

        if (await follows.FollowAsync(me.Username, other.Actor, ct) is not Outcome<Follow>.Ok)
        {
            return TypedResults.Redirect($"/introductions/{id:D}?notice=follow-failed");
        }

        await service.MarkFollowedOtherAsync(id, me.Id, ct);
        return TypedResults.Redirect($"/introductions/{id:D}?notice=followed");
    }

    // ---- Proposing ----

    internal static async Task<IResult> NewAsync(
        ClaimsPrincipal user, [AsParameters] IntroductionPageServices s, string? a, string? b, string? reason, CancellationToken ct)
    {
        if (await s.Members.FindAsync(user.MemberId(), ct) is not { } me)
        {
            return TypedResults.Challenge();
        }

        return await s.Service.MayProposeAsync(me, ct)
            ? Html.Page<NewIntroductionPage>(new
            {
                A = Clip(a, PartyMax),
                B = Clip(b, PartyMax),
                Reason = Clip(reason, IntroductionLimits.ReasonMax),
                MayIntroduceHubs = IntroductionService.MayIntroduceHubs(me),
            })
            : NotAllowed(s.Text);
    }

    internal static async Task<IResult> ProposeAsync(
        [FromForm] ProposeIntroductionForm? form, ClaimsPrincipal user, [AsParameters] IntroductionPageServices s, CancellationToken ct)
    {
        form ??= new();   // a post with none of the fields binds to nothing: the same as all empty
        if (await s.Members.FindAsync(user.MemberId(), ct) is not { } me)
        {
            return TypedResults.Challenge();
        }

        // Who may not introduce is refused before anyone is looked up elsewhere.
        if (!await s.Service.MayProposeAsync(me, ct))
        {
            return NotAllowed(s.Text);
        }

        var errors = new Dictionary<string, string[]>();
        var typed = new[] { form.A, form.B };
        var candidates = new IntroductionCandidate?[2];
        for (var i = 0; i < 2; i++)
        {
            var field = Field(IntroductionFields.Party(i));
            if (string.IsNullOrWhiteSpace(typed[i]))
            {
                errors[field] = [CoreText.Get("Introduction.PartyRequired")];
                continue;
            }

            if (typed[i]!.Length > PartyMax)
            {
                errors[field] = [CoreText.Get("Follow.BadTarget")];
                continue;
            }

            var (candidate, error) = await s.Parties.ResolveAsync(typed[i], ct);
            candidates[i] = candidate;
            if (error is not null)
            {
                errors[field] = [error];
            }
        }

        if (errors.Count > 0)
        {
            // The reason's own problem shows too, so the person fixes everything in one go.
            if (string.IsNullOrWhiteSpace(form.Reason))
            {
                errors[IntroductionFields.Reason] = [CoreText.Get("Introduction.ReasonRequired")];
            }

            return Refused(form, errors, StatusCodes.Status400BadRequest, me);
        }

        var language = CultureInfo.CurrentUICulture.TwoLetterISOLanguageName;
        return await s.Service.ProposeAsync(me.Id, candidates[0], candidates[1], form.Reason, language, ct) switch
        {
            Outcome<Introduction>.Ok(var introduction) => TypedResults.Redirect($"/introductions/{introduction.Id:D}?notice=proposed"),
            Outcome<Introduction>.Invalid(var invalid) => Refused(form, Fields(invalid), StatusCodes.Status400BadRequest, me),
            Outcome<Introduction>.Forbidden forbidden => Refused(form, One(forbidden.Field, forbidden.Reason), StatusCodes.Status403Forbidden, me),
            Outcome<Introduction>.Conflict conflict => Refused(form, One(conflict.Field, conflict.Reason), StatusCodes.Status409Conflict, me),
            Outcome<Introduction>.NotFound notFound => Refused(form, One(notFound.Field, notFound.Reason ?? CoreText.Get("Follow.BadTarget")),
                StatusCodes.Status404NotFound, me),
            _ => TypedResults.StatusCode(StatusCodes.Status400BadRequest),
        };
    }

    // ---- Who may introduce me ----

    internal static async Task<IResult> PolicyPageAsync(
        ClaimsPrincipal user, IMemberStore members, IStringLocalizer<IntroductionsText> text, IStringLocalizer<Text> shared, string? notice,
        CancellationToken ct) =>
        await members.FindAsync(user.MemberId(), ct) is { } me
            ? Html.Page<IntroductionSettingsPage>(new { Selected = me.IntroductionPolicy.Name(), Notice = Notices.Text(notice, text, shared) })
            : TypedResults.Challenge();

    internal static async Task<IResult> SavePolicyAsync(
        [FromForm] IntroductionPolicyForm? form, ClaimsPrincipal user, IntroductionService service, IMemberStore members, CancellationToken ct)
    {
        form ??= new();
        return await service.SetPolicyAsync(user.MemberId(), form.Allow, ct) switch
        {
            Outcome<IntroductionPolicy>.Ok => TypedResults.Redirect("/settings/introductions?notice=policy-saved"),
            Outcome<IntroductionPolicy>.Invalid(var errors) when await members.FindAsync(user.MemberId(), ct) is { } me =>
                Html.Page<IntroductionSettingsPage>(new { Selected = me.IntroductionPolicy.Name(), Errors = errors }, StatusCodes.Status400BadRequest),
            _ => TypedResults.Challenge(),
        };
    }

    // ---- The admin's switch ----

    /// <summary>An unticked box sends nothing: the form binds to nothing, which means off.</summary>
    internal static async Task<IResult> SaveAnyMemberAsync([FromForm] AnyMemberForm? form, IntroductionSettings settings, CancellationToken ct)
    {
        var on = form?.AnyMemberMayIntroduce ?? false;
        await settings.SetAnyMemberMayIntroduceAsync(on, ct);
        return TypedResults.Redirect($"/admin?notice={(on ? "introductions-anyone" : "introductions-glue-ers")}");
    }

    // ---- Helpers ----

    private static async Task<IResult> DetailAsync(
        IntroductionView view, Guid viewer, IntroductionPageServices s, string? notice, int status, CancellationToken ct)
    {
        var item = await ItemAsync(view, s, ct);
        if (view.IntroducerIsLocal)
        {
            // The people its reason names, linked as the work queue found them (a glue-er elsewhere sent theirs linked).
            item = item with { Mentions = await s.Mentions.ListAsync(IntroductionWork.MentionSubject(view.Id), ct) };
        }

        // The glue-er also reads the replies that need them to decide; the service shows them to nobody else.
        IReadOnlyList<IntroductionReview> reviews = view.Viewer == IntroductionViewer.Introducer
            && await s.Service.ReviewsAsync(view.Id, viewer, ct) is Outcome<IReadOnlyList<IntroductionReview>>.Ok(var kept)
                ? kept
                : [];
        return Html.Page<IntroductionPage>(new { Item = item, Reviews = reviews, Notice = notice }, status);
    }

    /// <summary>The introduction with its people looked up: the glue-er and the two parties, as pages name people.</summary>
    internal static async Task<IntroductionItem> ItemAsync(IntroductionView view, IntroductionPageServices s, CancellationToken ct)
    {
        var authors = s.Authors;
        var introducer = await authors.ActorAsync(view.Introducer, view.IntroducerIsLocal, ct);
        var parties = new List<IntroductionPerson>(view.Parties.Count);
        foreach (var party in view.Parties.OrderBy(p => p.Position))
        {
            if (party.IsHub && party.IsLocal)
            {
                // Our own hub, as it shows itself now.
                var hub = s.Hub.Current;
                parties.Add(new IntroductionPerson(hub.Name, "@" + party.Handle, party.Url, null, true, party.Channel)
                {
                    IsHub = true,
                    Locality = string.IsNullOrWhiteSpace(hub.Locality) ? null : hub.Locality,
                });
                continue;
            }

            var author = await authors.ActorAsync(party.Actor, party.IsLocal, ct);
            // An account elsewhere that this hub has not fetched is named by the address the glue-er gave.
            var known = party.IsLocal || author.Handle != party.Actor;
            parties.Add(new IntroductionPerson(
                known ? author.DisplayName : party.Handle,
                "@" + party.Handle.TrimStart('@'),
                party.IsLocal ? author.Url : party.Url ?? author.Url,
                author.IsLocal ? Avatar.LocalPath(author.IconUrl, true) : null,
                party.IsLocal,
                party.Channel)
            {
                IsHub = party.IsHub,
                Locality = party.IsHub && !party.IsLocal ? HubLocality(await s.Actors.FindAsync(party.Actor, ct)) : null,
            });
        }

        return new IntroductionItem(view, new IntroductionPerson(
            introducer.DisplayName, introducer.IsLocal ? introducer.Handle : "@" + introducer.Handle.TrimStart('@'), introducer.Url,
            introducer.IsLocal ? Avatar.LocalPath(introducer.IconUrl, true) : null, introducer.IsLocal, PartyChannel.Local), parties);
    }

    /// <summary>
    /// A hub elsewhere's locality, when its Group says where it is: an AS2 <c>location</c> (a <c>Place</c> with a name).
    /// </summary>
    private static string? HubLocality(RemoteActor? actor)
    {
        if (actor is null)
        {
            return null;
        }

        try
        {
            using var document = System.Text.Json.JsonDocument.Parse(actor.Document);
            if (document.RootElement.ValueKind == System.Text.Json.JsonValueKind.Object
                && document.RootElement.TryGetProperty("location", out var location))
            {
                var place = location.ValueKind == System.Text.Json.JsonValueKind.Array && location.GetArrayLength() > 0 ? location[0] : location;
                if (place.ValueKind == System.Text.Json.JsonValueKind.Object && place.TryGetProperty("name", out var name)
                    && name.ValueKind == System.Text.Json.JsonValueKind.String && !string.IsNullOrWhiteSpace(name.GetString()))
                {
                    return name.GetString()!.Trim();
                }
            }
        }
        catch (System.Text.Json.JsonException)
        {
            // An actor document that is not JSON says nothing about where it is.
        }

        return null;
    }

    /// <summary>The form again, with the messages beside the fields they are about, and nothing stored.</summary>
    private static RazorComponentResult<NewIntroductionPage> Refused(ProposeIntroductionForm form, IDictionary<string, string[]> errors, int status, Member me) =>
        Html.Page<NewIntroductionPage>(new { form.A, form.B, form.Reason, Errors = errors, MayIntroduceHubs = IntroductionService.MayIntroduceHubs(me) }, status);

    /// <summary>The service names fields as the API does (<c>parties[0]</c>); the form's are <c>a</c> and <c>b</c>.</summary>
    private static string Field(string? field) => field switch
    {
        "parties[0]" => "a",
        "parties[1]" => "b",
        null => IntroductionFields.Parties,
        _ => field,
    };

    private static Dictionary<string, string[]> Fields(IDictionary<string, string[]> errors) =>
        errors.ToDictionary(e => Field(e.Key), e => e.Value);

    private static Dictionary<string, string[]> One(string? field, string message) => new() { [Field(field)] = [message] };

    private static RazorComponentResult<ErrorPage> NotAllowed(IStringLocalizer<IntroductionsText> text) => Html.Page<ErrorPage>(
        new { Heading = text["NotAllowed.Heading"].Value, Message = text["NotAllowed.Message"].Value }, StatusCodes.Status403Forbidden);

    private static string? Clip(string? value, int max) => value is null ? null : value.Length > max ? value[..max] : value;
}

/// <summary>Someone an introduction names, as its pages show them.</summary>
/// <param name="ProfileUrl">Their profile page (here or elsewhere).</param>
/// <param name="Avatar">Their picture when this hub holds it, else null (pictures from elsewhere are never loaded).</param>
public sealed record IntroductionPerson(string Name, string Handle, string? ProfileUrl, string? Avatar, bool IsLocal, PartyChannel Channel)
{
    /// <summary>A hub (ours or elsewhere) rather than a person: shown as the hub, with its locality when known.</summary>
    public bool IsHub { get; init; }

    public string? Locality { get; init; }
}

/// <summary>An introduction as the viewer may see it, with the people in it.</summary>
public sealed record IntroductionItem(IntroductionView View, IntroductionPerson Introducer, IReadOnlyList<IntroductionPerson> Parties)
{
    /// <summary>The other party, for a party; null for the glue-er.</summary>
    public IntroductionPerson? Other => View.MyPosition is { } mine ? Parties[1 - mine] : null;

    public bool IsOpen => View.State is IntroductionState.Proposed or IntroductionState.AcceptedByOne;

    /// <summary>The <c>@user@host</c> handles its reason names, as looked up (links on the page).</summary>
    public IReadOnlyList<OurSociety.Core.Posts.Mention> Mentions { get; init; } = [];
}

/// <summary>What the introductions pages need, bound as one.</summary>
internal sealed record IntroductionPageServices(
    IMemberStore Members,
    IntroductionService Service,
    IntroductionParties Parties,
    PostAuthors Authors,
    IStringLocalizer<IntroductionsText> Text,
    IStringLocalizer<Text> Shared,
    OurSociety.Core.Posts.IMentionStore Mentions,
    OurSociety.Core.Hubs.HubIdentity Hub,
    IRemoteActorStore Actors);

internal sealed class ProposeIntroductionForm
{
    public string? A { get; set; }
    public string? B { get; set; }
    public string? Reason { get; set; }
}

internal sealed class IntroductionPolicyForm
{
    public string? Allow { get; set; }
}

internal sealed class AnyMemberForm
{
    public bool AnyMemberMayIntroduce { get; set; }
}
