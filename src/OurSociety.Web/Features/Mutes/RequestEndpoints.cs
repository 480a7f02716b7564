using System.Security.Claims;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using OurSociety.Core.Moderation;
using OurSociety.Web.Hosting;
using OurSociety.Web.Pages;
using OurSociety.Web.Resources;

namespace OurSociety.Web.Features.Mutes;

/// <summary>One account's held notifications, as the requests page shows them.</summary>
public sealed record RequestView(MutedAccount Account, int Count, DateTimeOffset Latest);

/// <summary>The form of an accept or dismiss button. Public for the form binder.</summary>
public sealed record RequestForm
{
    public string? Account { get; init; }
}

/// <summary>
/// <c>/notifications/requests</c>: mentions and replies held as requests (<see cref="NotificationRequests"/>), one line
/// per account, each with Accept (they move into the notifications, and that account's later ones are let through) and
/// Dismiss (they are deleted).
/// </summary>
internal static class RequestEndpoints
{
    /// <summary>Accounts shown at once; dismissing some shows the next.</summary>
    public const int Shown = 100;

    public static RouteGroupBuilder MapRequestEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/notifications/requests").RequireAuthorization(Policies.Member).ExcludeFromDescription();
        group.MapGet("/", ShowAsync);
        group.MapPost("/accept", AcceptAsync);
        group.MapPost("/dismiss", DismissAsync);
        return group;
    }

    internal static async Task<IResult> ShowAsync(
        ClaimsPrincipal user, INotificationRequestStore requests, MuteViews views, IStringLocalizer<MuteText> m, IStringLocalizer<Text> text,
        string? notice, CancellationToken ct)
    {
        var list = new List<RequestView>();
        foreach (var request in await requests.ListAsync(user.MemberId(), Shown, ct))
        {
            var local = Guid.TryParse(request.Actor, out _);
            list.Add(new RequestView(await views.AccountAsync(request.Actor, local, request.Latest, ct), request.Count, request.Latest));
        }

        return Html.Page<RequestsPage>(new { Requests = list, Notice = Notices.Text(notice, m, text) });
    }

    internal static async Task<IResult> AcceptAsync(
        [FromForm] RequestForm? form, ClaimsPrincipal user, INotificationRequestStore requests, TimeProvider time, CancellationToken ct) =>
        form?.Account is { Length: > 0 } actor && await requests.AcceptAsync(user.MemberId(), actor, time.GetUtcNow(), ct)
            ? TypedResults.Redirect("/notifications/requests?notice=request-accepted")
            : TypedResults.StatusCode(StatusCodes.Status404NotFound);

    internal static async Task<IResult> DismissAsync(
        [FromForm] RequestForm? form, ClaimsPrincipal user, INotificationRequestStore requests, CancellationToken ct) =>
        form?.Account is { Length: > 0 } actor && await requests.DismissAsync(user.MemberId(), actor, ct)
            ? TypedResults.Redirect("/notifications/requests?notice=request-dismissed")
            : TypedResults.StatusCode(StatusCodes.Status404NotFound);
}
