using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using OurSociety.Core;
using OurSociety.Core.Paging;
using OurSociety.Core.Posts;
using OurSociety.Web.Hosting;
using OurSociety.Web.Posts;

namespace OurSociety.Web.Features.Api;

/// <summary>Stories and lessons: writing, reading, replying, "this helped me" and sharing; lists are open data.</summary>
internal static class PostEndpoints
{
    private static string NotFound => ApiText.PostNotFound;

    public static RouteGroupBuilder MapPostEndpoints(this RouteGroupBuilder api)
    {
        MapKind(api.MapGroup("/stories").WithTags("Stories"), PostKind.Story);
        MapKind(api.MapGroup("/lessons").WithTags("Lessons"), PostKind.Lesson);

        var replies = api.MapGroup("/replies").WithTags("Replies");
        replies.MapGet("/{id:guid}", GetReplyAsync).AllowAnonymous()
            .WithName("GetReply").WithSummary("A reply")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status410Gone);
        replies.MapPost("/{id:guid}/replies", (Guid id, ReplyRequest request, ClaimsPrincipal user, PostService service, PostAccess access, PostAuthors authors, IOptions<NodeOptions> node, CancellationToken ct) =>
                ReplyAsync(id, PostKind.Reply, request, user, service, access, authors, node, ct))
            .WithName("ReplyToReply").WithSummary("Answer a reply")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status410Gone);
        replies.MapPost("/{id:guid}/like", (Guid id, ClaimsPrincipal user, PostService service, PostAccess access, CancellationToken ct) =>
                ReactToReplyAsync(id, add: true, user, service, access, ct))
            .WithName("LikeReply").WithSummary("Say a reply helped you");
        replies.MapDelete("/{id:guid}/like", (Guid id, ClaimsPrincipal user, PostService service, PostAccess access, CancellationToken ct) =>
                ReactToReplyAsync(id, add: false, user, service, access, ct))
            .WithName("UnlikeReply").WithSummary("Take back \"this helped me\" on a reply");
        replies.MapPost("/{id:guid}/hide", (Guid id, ClaimsPrincipal user, PostService service, PostAuthors authors, IOptions<NodeOptions> node, CancellationToken ct) =>
                HideAsync(id, hidden: true, user, service, authors, node, ct))
            .WithName("HideReply").WithSummary("Hide a reply to your story or lesson")
            .WithDescription("Only the author of the story or lesson (or of the reply it answers) can hide a reply. It stays, but is folded away.")
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound);
        replies.MapDelete("/{id:guid}/hide", (Guid id, ClaimsPrincipal user, PostService service, PostAuthors authors, IOptions<NodeOptions> node, CancellationToken ct) =>
                HideAsync(id, hidden: false, user, service, authors, node, ct))
            .WithName("UnhideReply").WithSummary("Show a hidden reply again")
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound);
        replies.MapDelete("/{id:guid}", DeleteReplyAsync)
            .WithName("DeleteReply").WithSummary("Delete your reply")
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status410Gone);
        MapRemove(replies, PostKind.Reply, "Reply", "reply");

        api.MapGet("/me/drafts", ListDraftsAsync).WithTags("Stories", "Lessons")
            .WithName("ListDrafts").WithSummary("Your drafts")
            .WithDescription("Stories and lessons you saved without publishing, newest first. Only you see them.");
        return api;
    }

    private static void MapKind(RouteGroupBuilder group, PostKind kind)
    {
        var name = kind == PostKind.Story ? "Story" : "Lesson";
        var plural = kind == PostKind.Story ? "Stories" : "Lessons";
        var noun = kind == PostKind.Story ? "story" : "lesson";
        if (kind == PostKind.Story)
        {
            group.MapPost("", (StoryRequest request, ClaimsPrincipal user, PostService service, PostAuthors authors, IOptions<NodeOptions> node, CancellationToken ct) =>
                    CreatedAsync(service.CreateStoryAsync(user.MemberId(), request.ToInput(), ct), authors, node, ct))
                .WithName("CreateStory").WithSummary("Write a story")
                .WithDescription("Publishes it (or keeps it as a draft with \"draft\": true). Public stories are shared by the hub " +
                                 "with its followers on other servers. Pictures are uploaded first with POST /media.")
                .Produces<PostResponse>(StatusCodes.Status201Created);
            group.MapPut("/{id:guid}", (Guid id, StoryRequest request, ClaimsPrincipal user, PostService service, PostAuthors authors, IOptions<NodeOptions> node, CancellationToken ct) =>
                    UpdatedAsync(service.UpdateStoryAsync(user.MemberId(), id, request.ToInput(), ct), authors, node, ct))
                .WithName("UpdateStory").WithSummary("Edit your story")
                .WithDescription("Replaces its fields; \"draft\": false publishes a draft. Servers that have it are sent the new version.");
        }
        else
        {
            group.MapPost("", (LessonRequest request, ClaimsPrincipal user, PostService service, PostAuthors authors, IOptions<NodeOptions> node, CancellationToken ct) =>
                    CreatedAsync(service.CreateLessonAsync(user.MemberId(), request.ToInput(), ct), authors, node, ct))
                .WithName("CreateLesson").WithSummary("Write a lesson")
                .WithDescription("Publishes it (or keeps it as a draft). \"sources\" link the stories it was learned from and " +
                                 "\"adaptedFrom\" the lesson it adapts, here or on other servers.")
                .Produces<PostResponse>(StatusCodes.Status201Created);
            group.MapPut("/{id:guid}", (Guid id, LessonRequest request, ClaimsPrincipal user, PostService service, PostAuthors authors, IOptions<NodeOptions> node, CancellationToken ct) =>
                    UpdatedAsync(service.UpdateLessonAsync(user.MemberId(), id, request.ToInput(), ct), authors, node, ct))
                .WithName("UpdateLesson").WithSummary("Edit your lesson")
                .WithDescription("Replaces its fields; \"draft\": false publishes a draft.");
        }

        group.MapGet("", (string? topic, string? locality, string? since, string? until, string? source, string? limit, string? cursor, IPostStore posts, PostAuthors authors, IOptions<NodeOptions> node, CancellationToken ct) =>
                ListAsync(kind, topic, locality, since, until, source, limit, cursor, posts, authors, node, ct))
            .AllowAnonymous()
            .WithName("List" + plural).WithSummary($"Public {plural.ToLowerInvariant()} (open data)")
            .WithDescription($"Public {plural.ToLowerInvariant()}, newest first, with their licence. Filters: topic, locality, since and until " +
                             "(ISO 8601 dates), source (local: written here, the default; network: received from other servers; all). " +
                             "Pages with limit and the cursor from \"next\". No sign-in needed.")
            .Produces<PageResponse<PostResponse>>();
        group.MapGet("/{id:guid}", (Guid id, ClaimsPrincipal user, PostAccess access, PostAuthors authors, IOptions<NodeOptions> node, CancellationToken ct) =>
                GetAsync(id, kind, user, access, authors, node, ct))
            .AllowAnonymous()
            .WithName("Get" + name).WithSummary($"A {noun}")
            .WithDescription($"Answers 410 for a deleted {noun}.")
            .Produces<PostResponse>()
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status410Gone);
        group.MapDelete("/{id:guid}", (Guid id, ClaimsPrincipal user, PostService service, PostAccess access, CancellationToken ct) =>
                DeleteAsync(id, kind, user, service, access, ct))
            .WithName("Delete" + name).WithSummary($"Delete your {noun}")
            .WithDescription("Servers that have it are told to delete it; its address answers 410 from now on.")
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status410Gone);
        MapRemove(group, kind, name, noun);
        group.MapGet("/{id:guid}/replies", (Guid id, ClaimsPrincipal user, PostAccess access, IPostStore posts, PostAuthors authors, IOptions<NodeOptions> node,
                Core.Moderation.IMuteStore mutes, CancellationToken ct) =>
                ListRepliesAsync(id, kind, user, access, posts, authors, node, mutes, ct))
            .AllowAnonymous()
            .WithName($"List{name}Replies").WithSummary($"Replies to a {noun}")
            .WithDescription("Every reply, oldest first, from here and from other servers. Hidden replies are left out except for the author.")
            .Produces<IReadOnlyList<ReplyResponse>>()
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status410Gone);
        group.MapPost("/{id:guid}/replies", (Guid id, ReplyRequest request, ClaimsPrincipal user, PostService service, PostAccess access, PostAuthors authors, IOptions<NodeOptions> node, CancellationToken ct) =>
                ReplyAsync(id, kind, request, user, service, access, authors, node, ct))
            .WithName($"ReplyTo{name}").WithSummary($"Reply to a {noun}")
            .WithDescription(kind == PostKind.Lesson
                ? "With \"triedIt\": {\"outcome\": …} it reports what happened when you tried the lesson, shown apart from other replies."
                : "The author is notified, also on another server.")
            .Produces<ReplyResponse>(StatusCodes.Status201Created)
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status410Gone);
        foreach (var (path, reaction, label) in new[] { ("like", ReactionKind.Like, "Say it helped you"), ("share", ReactionKind.Share, "Share it with your followers") })
        {
            var title = CultureInfo.InvariantCulture.TextInfo.ToTitleCase(path);
            group.MapPost($"/{{id:guid}}/{path}", (Guid id, ClaimsPrincipal user, PostService service, PostAccess access, PostAuthors authors, IOptions<NodeOptions> node, CancellationToken ct) =>
                    ReactAsync(id, kind, reaction, add: true, user, service, access, authors, node, ct))
                .WithName($"{title}{name}").WithSummary(label)
                .Produces<PostResponse>()
                .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status410Gone);
            group.MapDelete($"/{{id:guid}}/{path}", (Guid id, ClaimsPrincipal user, PostService service, PostAccess access, PostAuthors authors, IOptions<NodeOptions> node, CancellationToken ct) =>
                    ReactAsync(id, kind, reaction, add: false, user, service, access, authors, node, ct))
                .WithName($"Un{path}{name}").WithSummary("Take it back")
                .Produces<PostResponse>()
                .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status410Gone);
        }
    }

    private static void MapRemove(RouteGroupBuilder group, PostKind kind, string name, string noun) =>
        group.MapPost("/{id:guid}/remove", (Guid id, RemoveRequest? request, ClaimsPrincipal user, PostService service, CancellationToken ct) =>
                RemoveAsync(id, kind, request, user, service, ct))
            .WithName("Remove" + name).WithSummary($"Remove a {noun} (moderators and admins)")
            .WithDescription($"Takes down a {noun} written here or received from elsewhere, with a reason that is kept with it. " +
                             "Its page then says it was removed by the hub's moderators. Other hubs that have one written here are told " +
                             "to delete it, as when its author deletes it; one received from elsewhere is removed here only. " +
                             "Removing it again changes nothing and answers 204 again. A deleted one answers 410.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status410Gone);

    private static async Task<Results<NoContent, ValidationProblem, ProblemHttpResult>> RemoveAsync(
        Guid id, PostKind kind, RemoveRequest? request, ClaimsPrincipal user, PostService service, CancellationToken ct) =>
        ApiResults.From(await service.RemoveAsync(user.MemberId(), id, kind, request?.Reason, ct), _ => TypedResults.NoContent(), NotFound);

    private static async Task<Results<Created<PostResponse>, ValidationProblem, ProblemHttpResult>> CreatedAsync(
        Task<Outcome<Post>> work, PostAuthors authors, IOptions<NodeOptions> node, CancellationToken ct)
    {
        if (await work is Outcome<Post>.Ok(var post))
        {
            var response = await PostResponses.StoryOrLessonAsync(post, authors, node.Value.Origin, ct);
            return TypedResults.Created(response.Url, response);
        }

        return Problem<Created<PostResponse>>(await work);
    }

    private static async Task<Results<Ok<PostResponse>, ValidationProblem, ProblemHttpResult>> UpdatedAsync(
        Task<Outcome<Post>> work, PostAuthors authors, IOptions<NodeOptions> node, CancellationToken ct) =>
        await work is Outcome<Post>.Ok(var post)
            ? TypedResults.Ok(await PostResponses.StoryOrLessonAsync(post, authors, node.Value.Origin, ct))
            : Problem<Ok<PostResponse>>(await work);

    private static async Task<Results<Ok<PostResponse>, ProblemHttpResult>> GetAsync(
        Guid id, PostKind kind, ClaimsPrincipal user, PostAccess access, PostAuthors authors, IOptions<NodeOptions> node, CancellationToken ct) =>
        await access.ReadAsync(id, kind, user.MemberIdOrNull(), ct) switch
        {
            Outcome<Post>.Ok(var post) => TypedResults.Ok(await PostResponses.StoryOrLessonAsync(post, authors, node.Value.Origin, ct)),
            var refused => RefusalProblem(refused),
        };

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(
        Guid id, PostKind kind, ClaimsPrincipal user, PostService service, PostAccess access, CancellationToken ct)
    {
        // Read first: a lesson's id at /stories is not found, and a post the member may not see is not found either.
        var read = await access.ReadAsync(id, kind, user.MemberId(), ct);
        return ApiResults.Deleted(read is Outcome<Post>.Ok ? await service.DeleteAsync(user.MemberId(), id, ct) : Refusal<bool>(read), NotFound);
    }

    private static async Task<Results<Ok<PageResponse<PostResponse>>, ValidationProblem>> ListAsync(
        PostKind kind, string? topic, string? locality, string? since, string? until, string? source, string? limit, string? cursor,
        IPostStore posts, PostAuthors authors, IOptions<NodeOptions> node, CancellationToken ct)
    {
        if (ApiPaging.Read(limit, cursor, out var take, out var after) is { } bad)
        {
            return bad;
        }

        var errors = new Dictionary<string, string[]>();
        var query = new PostQuery
        {
            Kind = kind,
            Topic = string.IsNullOrWhiteSpace(topic) ? null : PostService.NormaliseTopic(topic),
            Locality = string.IsNullOrWhiteSpace(locality) ? null : locality.Trim(),
            Since = Date(since, "since", errors),
            Until = Date(until, "until", errors),
            Local = source switch
            {
                null or "" or "local" => true,
                "network" => false,
                "all" => null,
                _ => Invalid(errors, "source", ApiText.SourceUnknown),
            },
        };
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var page = await posts.ListAsync(query, after, take, ct);
        var items = new List<PostResponse>();
        foreach (var post in page.Items)
        {
            items.Add(await PostResponses.StoryOrLessonAsync(post, authors, node.Value.Origin, ct));
        }

        return TypedResults.Ok(new PageResponse<PostResponse>(items, page.Next));
    }

    private static async Task<Results<Ok<PageResponse<PostResponse>>, ValidationProblem>> ListDraftsAsync(
        string? limit, string? cursor, ClaimsPrincipal user, IPostStore posts, PostAuthors authors, IOptions<NodeOptions> node, CancellationToken ct)
    {
        if (ApiPaging.Read(limit, cursor, out var take, out var after) is { } bad)
        {
            return bad;
        }

        var page = await posts.ListAsync(new PostQuery { AuthorId = user.MemberId(), Drafts = true }, after, take, ct);
        var items = new List<PostResponse>();
        foreach (var post in page.Items)
        {
            items.Add(await PostResponses.StoryOrLessonAsync(post, authors, node.Value.Origin, ct));
        }

        return TypedResults.Ok(new PageResponse<PostResponse>(items, page.Next));
    }

    private static async Task<Results<Ok<IReadOnlyList<ReplyResponse>>, ProblemHttpResult>> ListRepliesAsync(
        Guid id, PostKind kind, ClaimsPrincipal user, PostAccess access, IPostStore posts, PostAuthors authors, IOptions<NodeOptions> node,
        Core.Moderation.IMuteStore mutes, CancellationToken ct)
    {
        var viewer = user.MemberIdOrNull();
        var read = await access.ReadAsync(id, kind, viewer, ct);
        if (read is not Outcome<Post>.Ok(var post))
        {
            return RefusalProblem(read);
        }

        var replies = new List<ReplyResponse>();
        var hidden = viewer is { } looking ? await mutes.FilterOfAsync(looking, ct) : Core.Moderation.MemberFilter.None;   // issue 13
        foreach (var reply in await posts.RepliesAsync(post.Id, ct))
        {
            if (!reply.IsDeleted && !hidden.Hides(reply) && (!reply.Hidden || post.AuthorId == viewer || reply.AuthorId == viewer) && await access.CanSeeAsync(reply, viewer, ct))
            {
                replies.Add(await PostResponses.ReplyAsync(reply, authors, node.Value.Origin, ct));
            }
        }

        return TypedResults.Ok<IReadOnlyList<ReplyResponse>>(replies);
    }

    private static async Task<Results<Created<ReplyResponse>, ValidationProblem, ProblemHttpResult>> ReplyAsync(
        Guid id, PostKind kind, ReplyRequest request, ClaimsPrincipal user, PostService service, PostAccess access, PostAuthors authors,
        IOptions<NodeOptions> node, CancellationToken ct)
    {
        var read = await access.ReadAsync(id, kind, user.MemberId(), ct);
        if (read is not Outcome<Post>.Ok(var parent))
        {
            return Problem<Created<ReplyResponse>>(read is Outcome<Post>.Gone ? new Outcome<Post>.Gone(CoreText.Get("Reply.ToDeleted")) : read);
        }

        var outcome = await service.ReplyAsync(user.MemberId(), parent, new ReplyInput(request.Body, request.TriedIt?.Outcome) { Language = request.Language }, ct);
        if (outcome is Outcome<Post>.Ok(var reply))
        {
            var response = await PostResponses.ReplyAsync(reply, authors, node.Value.Origin, ct);
            return TypedResults.Created(response.Url, response);
        }

        return Problem<Created<ReplyResponse>>(outcome);
    }

    private static async Task<Results<Ok<PostResponse>, ValidationProblem, ProblemHttpResult>> ReactAsync(
        Guid id, PostKind kind, ReactionKind reaction, bool add, ClaimsPrincipal user, PostService service, PostAccess access, PostAuthors authors,
        IOptions<NodeOptions> node, CancellationToken ct)
    {
        var read = await access.ReadAsync(id, kind, user.MemberId(), ct);
        if (read is not Outcome<Post>.Ok(var post))
        {
            return Problem<Ok<PostResponse>>(read);
        }

        var outcome = await service.ReactAsync(user.MemberId(), post, reaction, add, ct);
        return outcome is Outcome<Post>.Ok(var updated)
            ? TypedResults.Ok(await PostResponses.StoryOrLessonAsync(updated, authors, node.Value.Origin, ct))
            : Problem<Ok<PostResponse>>(outcome);
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> ReactToReplyAsync(
        Guid id, bool add, ClaimsPrincipal user, PostService service, PostAccess access, CancellationToken ct)
    {
        var read = await access.ReadAsync(id, PostKind.Reply, user.MemberId(), ct);
        if (read is not Outcome<Post>.Ok(var reply))
        {
            return RefusalProblem(read);
        }

        return await service.ReactAsync(user.MemberId(), reply, ReactionKind.Like, add, ct) is Outcome<Post>.Ok
            ? TypedResults.NoContent()
            : ApiResults.Problem(StatusCodes.Status404NotFound, NotFound);
    }

    private static async Task<Results<Ok<ReplyResponse>, ProblemHttpResult>> GetReplyAsync(
        Guid id, ClaimsPrincipal user, PostAccess access, PostAuthors authors, IOptions<NodeOptions> node, CancellationToken ct) =>
        await access.ReadAsync(id, PostKind.Reply, user.MemberIdOrNull(), ct) switch
        {
            Outcome<Post>.Ok(var reply) => TypedResults.Ok(await PostResponses.ReplyAsync(reply, authors, node.Value.Origin, ct)),
            var refused => RefusalProblem(refused),
        };

    private static async Task<Results<Ok<ReplyResponse>, ProblemHttpResult>> HideAsync(
        Guid id, bool hidden, ClaimsPrincipal user, PostService service, PostAuthors authors, IOptions<NodeOptions> node, CancellationToken ct) =>
        await service.HideReplyAsync(user.MemberId(), id, hidden, ct) switch
        {
            Outcome<Post>.Ok(var reply) => TypedResults.Ok(await PostResponses.ReplyAsync(reply, authors, node.Value.Origin, ct)),
            var refused => RefusalProblem(refused),
        };

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteReplyAsync(
        Guid id, ClaimsPrincipal user, PostService service, IPostStore posts, CancellationToken ct) =>
        await posts.FindAsync(id, ct) is { Kind: PostKind.Reply }
            ? ApiResults.Deleted(await service.DeleteAsync(user.MemberId(), id, ct), NotFound)
            : ApiResults.Problem(StatusCodes.Status404NotFound, NotFound);

    private static Outcome<T> Refusal<T>(Outcome<Post> outcome) => outcome switch
    {
        Outcome<Post>.Gone(var why) => new Outcome<T>.Gone(why),
        Outcome<Post>.Forbidden(var why) => new Outcome<T>.Forbidden(why),
        _ => new Outcome<T>.NotFound(),
    };

    private static ProblemHttpResult RefusalProblem(Outcome<Post> outcome) => outcome switch
    {
        Outcome<Post>.Gone(var why) => ApiResults.Problem(StatusCodes.Status410Gone, why),
        Outcome<Post>.Forbidden(var why) => ApiResults.Problem(StatusCodes.Status403Forbidden, why),
        Outcome<Post>.Conflict(var why) => ApiResults.Problem(StatusCodes.Status409Conflict, why),
        _ => ApiResults.Problem(StatusCodes.Status404NotFound, NotFound),
    };

    private static Results<TOk, ValidationProblem, ProblemHttpResult> Problem<TOk>(Outcome<Post> outcome)
        where TOk : IResult => outcome switch
        {
            Outcome<Post>.Invalid(var errors) => TypedResults.ValidationProblem(errors),
            _ => RefusalProblem(outcome),
        };

    private static DateTimeOffset? Date(string? value, string field, Dictionary<string, string[]> errors)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        if (DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var date))
        {
            return date;
        }

        errors[field] = [ApiText.DateInvalid];
        return null;
    }

    private static bool? Invalid(Dictionary<string, string[]> errors, string field, string message)
    {
        errors[field] = [message];
        return null;
    }
}
