using System.Security.Claims;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using OurSociety.Core.Posts;
using OurSociety.Core.Setup;
using OurSociety.Federation;
using OurSociety.Web.Hosting;
using OurSociety.Web.Pages;
using OurSociety.Web.Posts;
using OurSociety.Web.Resources;

namespace OurSociety.Web.Features.Posts;

/// <summary>A held reply as the settings page lists it: who, the start of its text, and the thread it waits in.</summary>
public sealed record HeldReplyView(Guid Id, string AuthorName, string AuthorUrl, string Excerpt, string ThreadUrl, DateTimeOffset At);

/// <summary>
/// Moderated replies on pages (issue 13): a member's default reply policy and the replies waiting for their approval
/// (<c>/settings/replies</c>), and the hub's default for members who chose none (a form on <c>/admin</c>).
/// </summary>
internal static class ReplyPolicyPages
{
    public static IEndpointRouteBuilder MapReplyPolicyPages(this IEndpointRouteBuilder app)
    {
        var settings = app.MapGroup("/settings").RequireAuthorization(Policies.Member).ExcludeFromDescription();
        settings.MapGet("/replies", (ClaimsPrincipal user, PostService service, IReplyPolicyStore store, PostAuthors authors, IOptions<NodeOptions> node,
                IStringLocalizer<ReplyPolicyText> r, IStringLocalizer<Text> text, string? notice, CancellationToken ct) =>
            PageAsync(user, service, store, authors, node, Notices.Text(notice, r, text), null, null, ct));
        settings.MapPost("/replies", SaveAsync);
        app.MapPost("/admin/reply-policy", SaveHubAsync).RequireAuthorization(Policies.Admin).ExcludeFromDescription();
        return app;
    }

    private static async Task<IResult> PageAsync(
        ClaimsPrincipal user, PostService service, IReplyPolicyStore store, PostAuthors authors, IOptions<NodeOptions> node,
        string? notice, string? chosen, IDictionary<string, string[]>? errors, CancellationToken ct)
    {
        var me = user.MemberId();
        var own = await store.MemberDefaultAsync(me, ct);
        var held = new List<HeldReplyView>();
        foreach (var reply in await service.HeldRepliesAsync(me, ct))
        {
            var author = await authors.OfAsync(reply, ct);
            held.Add(new HeldReplyView(reply.Id, author.DisplayName, author.Url, OurSociety.Content.PostHtml.Text(reply, reply.Body, 200),
                $"/replies/{reply.Id:D}", reply.CreatedAt));
        }

        return Html.Page<ReplyPolicySettingsPage>(new
        {
            Chosen = chosen ?? (own is { } policy ? ReplyPolicies.Name(policy) : null),
            HubDefault = ReplyPolicies.Name(await service.HubDefaultReplyPolicyAsync(ct)),
            Held = (IReadOnlyList<HeldReplyView>)held,
            Notice = notice,
            Errors = errors,
        }, errors is null ? StatusCodes.Status200OK : StatusCodes.Status400BadRequest);
    }

    private static async Task<IResult> SaveAsync(
        HttpRequest request, ClaimsPrincipal user, PostService service, IReplyPolicyStore store, PostAuthors authors, IOptions<NodeOptions> node,
        CancellationToken ct)
    {
        var form = await request.ReadFormAsync(ct);
        var value = StoryFields.Value(form, "replyPolicy")?.Trim();
        if (!ReplyPolicies.TryParse(value, out var policy))
        {
            var errors = new Dictionary<string, string[]> { ["replyPolicy"] = [Core.CoreText.Format("ReplyPolicy.Unknown", ("value", value ?? ""))] };
            return await PageAsync(user, service, store, authors, node, null, value, errors, ct);
        }

        await store.SetMemberDefaultAsync(user.MemberId(), policy, ct);
        return TypedResults.Redirect("/settings/replies?notice=reply-policy-saved");
    }

    /// <summary>The hub's default for members who chose no policy: "approval" when the box is ticked, else "anyone".</summary>
    private static async Task<IResult> SaveHubAsync(HttpRequest request, INodeSettingStore settings, CancellationToken ct)
    {
        var form = await request.ReadFormAsync(ct);
        var approval = StoryFields.Value(form, "approvalDefault") is "on" or "true";
        await settings.SetAsync(ReplyPolicies.HubDefaultSetting, approval ? ReplyPolicies.Name(ReplyPolicy.Approval) : null, ct);
        return TypedResults.Redirect("/admin?notice=" + (approval ? "reply-approval-on" : "reply-approval-off"));
    }
}
