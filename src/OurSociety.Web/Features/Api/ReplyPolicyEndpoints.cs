using System.ComponentModel;
using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using OurSociety.Core;
using OurSociety.Core.Posts;
using OurSociety.Web.Hosting;
using OurSociety.Web.Posts;

namespace OurSociety.Web.Features.Api;

/// <summary>A member's default reply policy.</summary>
public sealed record ReplyPolicyRequest(
    [property: Description("anyone, following (accounts you follow), mentioned (people a post names) or approval (everyone else waits for your approval).")]
    string? ReplyPolicy);

public sealed record ReplyPolicyResponse(
    [property: Description("The policy new stories and lessons get when they name none.")] string ReplyPolicy,
    [property: Description("True when you chose none and the hub's default applies.")] bool HubDefault);

/// <summary>
/// Moderated replies (issue 13): the member's default reply policy, the replies held for their approval, and
/// approving or declining one. The policy of each story or lesson is its <c>replyPolicy</c> field.
/// </summary>
internal static class ReplyPolicyEndpoints
{
    public static RouteGroupBuilder MapReplyPolicyEndpoints(this RouteGroupBuilder api)
    {
        api.MapGet("/me/reply-policy", GetAsync).WithTags("Replies")
            .WithName("GetReplyPolicy").WithSummary("Your default reply policy")
            .WithDescription("What new stories and lessons get when they name no replyPolicy: yours, else the hub's default.");
        api.MapPut("/me/reply-policy", PutAsync).WithTags("Replies")
            .WithName("SetReplyPolicy").WithSummary("Set your default reply policy")
            .WithDescription("Applies to stories and lessons you write from now on; each one's own replyPolicy can differ. " +
                             "Mastodon ignores reply policies: it shows its users' replies to your posts to its own users, while here they wait for your approval.")
            .ProducesValidationProblem();
        api.MapGet("/me/held-replies", HeldAsync).WithTags("Replies")
            .WithName("ListHeldReplies").WithSummary("Replies waiting for your approval")
            .WithDescription("Replies to your stories and lessons held by their reply policy, oldest first. Only you and each reply's author see them.")
            .Produces<PageResponse<ReplyResponse>>();
        foreach (var (path, approve, summary, description) in new[]
                 {
                     ("approve", true, "Approve a held reply", "It shows to everyone who may read the thread; a reply from another server is accepted there (an Accept with an authorization)."),
                     ("decline", false, "Decline a held reply", "It never shows; a reply from another server is rejected there (a Reject)."),
                 })
        {
            api.MapPost($"/replies/{{id:guid}}/{path}", (Guid id, ClaimsPrincipal user, PostService service, PostAuthors authors, IOptions<NodeOptions> node, CancellationToken ct) =>
                    DecideAsync(id, approve, user, service, authors, node, ct))
                .WithTags("Replies")
                .WithName(approve ? "ApproveReply" : "DeclineReply").WithSummary(summary)
                .WithDescription(description + " Only the author of the story or lesson decides; deciding again the same way changes nothing, the other way answers 409.")
                .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        }

        return api;
    }

    private static async Task<Ok<ReplyPolicyResponse>> GetAsync(ClaimsPrincipal user, IReplyPolicyStore store, PostService service, CancellationToken ct)
    {
        var own = await store.MemberDefaultAsync(user.MemberId(), ct);
        var policy = own ?? await service.HubDefaultReplyPolicyAsync(ct);
        return TypedResults.Ok(new ReplyPolicyResponse(ReplyPolicies.Name(policy), own is null));
    }

    private static async Task<Results<Ok<ReplyPolicyResponse>, ValidationProblem>> PutAsync(
        ReplyPolicyRequest request, ClaimsPrincipal user, IReplyPolicyStore store, CancellationToken ct)
    {
        if (!ReplyPolicies.TryParse(request.ReplyPolicy?.Trim(), out var policy))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                ["replyPolicy"] = [CoreText.Format("ReplyPolicy.Unknown", ("value", request.ReplyPolicy?.Trim() ?? ""))],
            });
        }

        await store.SetMemberDefaultAsync(user.MemberId(), policy, ct);
        return TypedResults.Ok(new ReplyPolicyResponse(ReplyPolicies.Name(policy), false));
    }

    private static async Task<Ok<PageResponse<ReplyResponse>>> HeldAsync(
        ClaimsPrincipal user, PostService service, PostAuthors authors, IOptions<NodeOptions> node, CancellationToken ct)
    {
        var items = new List<ReplyResponse>();
        foreach (var reply in await service.HeldRepliesAsync(user.MemberId(), ct))
        {
            items.Add(await PostResponses.ReplyAsync(reply, authors, node.Value.Origin, ct));
        }

        return TypedResults.Ok(new PageResponse<ReplyResponse>(items, null));
    }

    private static async Task<Results<Ok<ReplyResponse>, ValidationProblem, ProblemHttpResult>> DecideAsync(
        Guid id, bool approve, ClaimsPrincipal user, PostService service, PostAuthors authors, IOptions<NodeOptions> node, CancellationToken ct)
    {
        var outcome = await service.DecideReplyAsync(user.MemberId(), id, approve, ct);
        return outcome is Outcome<Post>.Ok(var reply)
            ? TypedResults.Ok(await PostResponses.ReplyAsync(reply, authors, node.Value.Origin, ct))
            : ApiResults.From<Post, Ok<ReplyResponse>>(outcome, _ => throw new InvalidOperationException(), ApiText.PostNotFound);
    }
}
