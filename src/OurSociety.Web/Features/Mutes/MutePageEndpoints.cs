using System.Security.Claims;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using OurSociety.Core;
using OurSociety.Core.Federation;
using OurSociety.Core.Members;
using OurSociety.Core.Moderation;
using OurSociety.Core.Paging;
using OurSociety.Federation.Moderation;
using OurSociety.Web.Features.Follows;
using OurSociety.Web.Hosting;
using OurSociety.Web.Pages;
using OurSociety.Web.Resources;

namespace OurSociety.Web.Features.Mutes;

/// <summary>The form a mute, block or domain block page posts. Public for the form binder.</summary>
public sealed record MuteForm
{
    public string? Account { get; init; }

    /// <summary><c>mute</c> or <c>block</c>.</summary>
    public string? Action { get; init; }

    public string? Domain { get; init; }
}

/// <summary>
/// <c>/settings/mutes</c>: the accounts a member muted and blocked and the domains they blocked, with undo buttons and
/// forms to add more; the Mute and Block buttons on profiles post here too. No JavaScript: plain forms.
/// </summary>
internal static class MutePageEndpoints
{
    /// <summary>How many of each list the page shows; a member with more pages through the API.</summary>
    public const int Shown = 200;

    public static RouteGroupBuilder MapMutePageEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/settings").RequireAuthorization(Policies.Member).ExcludeFromDescription();
        group.MapGet("/mutes", ShowAsync);
        group.MapPost("/mutes", AddAsync);
        group.MapPost("/mutes/unmute", UnmuteAsync);
        group.MapPost("/mutes/unblock", UnblockAsync);
        group.MapPost("/domain-blocks", BlockDomainAsync);
        group.MapPost("/domain-blocks/remove", UnblockDomainAsync);
        return group;
    }

    internal static async Task<IResult> ShowAsync(
        ClaimsPrincipal user, IMemberStore members, IMuteStore mutes, IBlockStore blocks, MuteViews views,
        IStringLocalizer<MuteText> m, IStringLocalizer<Text> text, string? notice, CancellationToken ct) =>
        await members.FindAsync(user.MemberId(), ct) is { } member
            ? await PageAsync(member, mutes, blocks, views, new FormState(Notice: Notices.Text(notice, m, text)), null, null, ct)
            : TypedResults.Challenge();

    internal static async Task<IResult> AddAsync(
        [FromForm] MuteForm? form, ClaimsPrincipal user, IMemberStore members, MuteService service, IMuteStore mutes, IBlockStore blocks,
        MuteViews views, CancellationToken ct)
    {
        form ??= new();   // a post with none of the fields binds to nothing: the same as all empty
        if (await members.FindAsync(user.MemberId(), ct) is not { } member)
        {
            return TypedResults.Challenge();
        }

        var block = form.Action == "block";
        var refusal = await service.ResolveAsync(member, form.Account, ct) switch
        {
            Outcome<MuteTarget>.Ok(var target) when block => await service.BlockAsync(member, target, ct) is Outcome<string>.Ok ? null : Error(MuteText.Api("NotFound")),
            Outcome<MuteTarget>.Ok(var target) => await service.MuteAsync(member, target, ct) is Outcome<AccountMute>.Ok ? null : Error(MuteText.Api("NotFound")),
            Outcome<MuteTarget>.Invalid(var errors) => errors,
            Outcome<MuteTarget>.NotFound notFound => Error(notFound.Reason ?? MuteText.Api("NotFound")),
            _ => Error(MuteText.Api("NotFound")),
        };
        return refusal is null
            ? TypedResults.Redirect($"/settings/mutes?notice={(block ? "blocked" : "muted")}")
            : await PageAsync(member, mutes, blocks, views, FormState.Invalid(refusal), form.Account, null, ct);

        static Dictionary<string, string[]> Error(string message) => new() { [MuteService.AccountField] = [message] };
    }

    internal static async Task<IResult> UnmuteAsync(
        [FromForm] MuteForm? form, ClaimsPrincipal user, IMemberStore members, MuteService service, CancellationToken ct) =>
        await members.FindAsync(user.MemberId(), ct) is { } member && form?.Account is { Length: > 0 } actor
        && await service.UnmuteAsync(member, actor, ct)
            ? TypedResults.Redirect("/settings/mutes?notice=unmuted")
            : TypedResults.StatusCode(StatusCodes.Status404NotFound);

    internal static async Task<IResult> UnblockAsync(
        [FromForm] MuteForm? form, ClaimsPrincipal user, IMemberStore members, MuteService service, CancellationToken ct) =>
        await members.FindAsync(user.MemberId(), ct) is { } member && form?.Account is { Length: > 0 } actor
        && await service.UnblockAsync(member, actor, ct)
            ? TypedResults.Redirect("/settings/mutes?notice=unblocked")
            : TypedResults.StatusCode(StatusCodes.Status404NotFound);

    internal static async Task<IResult> BlockDomainAsync(
        [FromForm] MuteForm? form, ClaimsPrincipal user, IMemberStore members, MuteService service, IMuteStore mutes, IBlockStore blocks,
        MuteViews views, CancellationToken ct)
    {
        if (await members.FindAsync(user.MemberId(), ct) is not { } member)
        {
            return TypedResults.Challenge();
        }

        return await service.BlockDomainAsync(member, form?.Domain, ct) switch
        {
            Outcome<MemberDomainBlock>.Ok => TypedResults.Redirect("/settings/mutes?notice=domain-blocked"),
            Outcome<MemberDomainBlock>.Invalid(var errors) => await PageAsync(member, mutes, blocks, views, FormState.Invalid(errors), null, form?.Domain, ct),
            _ => TypedResults.StatusCode(StatusCodes.Status404NotFound),
        };
    }

    internal static async Task<IResult> UnblockDomainAsync(
        [FromForm] MuteForm? form, ClaimsPrincipal user, IMemberStore members, MuteService service, CancellationToken ct) =>
        await members.FindAsync(user.MemberId(), ct) is { } member && await service.UnblockDomainAsync(member, form?.Domain, ct) is Outcome<bool>.Ok(true)
            ? TypedResults.Redirect("/settings/mutes?notice=domain-unblocked")
            : TypedResults.StatusCode(StatusCodes.Status404NotFound);

    private static async Task<IResult> PageAsync(
        Member member, IMuteStore mutes, IBlockStore blocks, MuteViews views, FormState state, string? account, string? domain, CancellationToken ct)
    {
        var muted = await views.AccountsAsync((await mutes.ListAsync(member.Id, MuteKind.Mute, Cursor.Start, Shown, ct)).Items, ct);
        var blocked = (await views.AccountsAsync((await mutes.ListAsync(member.Id, MuteKind.Block, Cursor.Start, Shown, ct)).Items, ct)).ToList();
        foreach (var block in (await blocks.ListAsync(member.Username, FollowDirection.Out, Cursor.Start, Shown, ct)).Items)
        {
            blocked.Add(await views.AccountAsync(block.RemoteActorId, false, block.CreatedAt, ct));
        }

        return Html.Page<MutesPage>(new
        {
            Muted = muted,
            Blocked = blocked.OrderByDescending(b => b.CreatedAt).ToList(),
            Domains = (await mutes.ListDomainsAsync(member.Id, Cursor.Start, Shown, ct)).Items,
            Account = account,
            Domain = domain,
            state.Errors,
            state.Notice,
        }, state.Status);
    }
}
