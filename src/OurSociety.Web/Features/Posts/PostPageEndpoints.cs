using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using OurSociety.Content;
using OurSociety.Core;
using OurSociety.Core.Media;
using OurSociety.Core.Members;
using OurSociety.Core.Paging;
using OurSociety.Core.Posts;
using OurSociety.Federation;
using OurSociety.Federation.Posts;
using OurSociety.Web.Features.Federation;
using OurSociety.Web.Hosting;
using OurSociety.Web.Pages;
using OurSociety.Web.Posts;
using OurSociety.Web.Resources;

namespace OurSociety.Web.Features.Posts;

/// <summary>
/// Writing and reading one story, lesson or reply in the web UI, without JavaScript: the forms (with a preview button,
/// drafts and pictures with their descriptions), the pages at each post's address (which also serve the ActivityPub
/// object to servers that ask for it), replies, "this helped me", shares, hiding and deleting.
/// </summary>
internal static class PostPageEndpoints
{
    /// <summary>Room for the text fields and the multipart framing around the pictures.</summary>
    private const long TextBytes = 1024 * 1024;

    private const int OwnStoriesOffered = 10;

    public static IEndpointRouteBuilder MapPostPageEndpoints(this IEndpointRouteBuilder app)
    {
        var open = app.MapGroup("").ExcludeFromDescription();
        foreach (var kind in new[] { PostKind.Story, PostKind.Lesson, PostKind.Reply })
        {
            open.MapGet($"/{PostUrls.Segment(kind)}/{{id:guid}}", (Guid id, HttpContext http, PostAccess access, PostPages pages,
                    PostObjects objects, IStringLocalizer<PostsText> s, IStringLocalizer<Text> text, string? notice, CancellationToken ct) =>
                ShowAsync(kind, id, http, access, pages, objects, s, text, notice, ct)).CacheOutput(PageCaching.Policy);
        }

        var members = app.MapGroup("").RequireAuthorization(Policies.Member).ExcludeFromDescription();
        members.MapGet("/write", Write);
        // The forms read their own bodies (pictures can be large), so the token is checked in the handler after that.
        members.MapGet("/stories/new", NewStory);
        members.MapPost("/stories/new", (HttpContext http, IAntiforgery antiforgery, PostService service, IPostStore posts,
                IMediaStore media, MediaFiles files, MediaVersions versions, IOptions<MediaOptions> options, TimeProvider time, IStringLocalizer<PostsText> s,
                CancellationToken ct) =>
            SubmitStoryAsync(null, http, antiforgery, service, posts, media, files, versions, options.Value, time, s, ct)).DisableAntiforgery();
        members.MapGet("/stories/{id:guid}/edit", EditStoryAsync);
        members.MapPost("/stories/{id:guid}/edit", (Guid id, HttpContext http, IAntiforgery antiforgery, PostService service, IPostStore posts,
                IMediaStore media, MediaFiles files, MediaVersions versions, IOptions<MediaOptions> options, TimeProvider time, IStringLocalizer<PostsText> s,
                CancellationToken ct) =>
            SubmitStoryAsync(id, http, antiforgery, service, posts, media, files, versions, options.Value, time, s, ct)).DisableAntiforgery();
        members.MapGet("/lessons/new", NewLessonAsync);
        members.MapPost("/lessons/new", (HttpContext http, IAntiforgery antiforgery, PostService service, IPostStore posts,
                IOptions<NodeOptions> node, TimeProvider time, IStringLocalizer<PostsText> s, CancellationToken ct) =>
            SubmitLessonAsync(null, http, antiforgery, service, posts, node.Value.Origin, time, s, ct)).DisableAntiforgery();
        members.MapGet("/lessons/{id:guid}/edit", EditLessonAsync);
        members.MapPost("/lessons/{id:guid}/edit", (Guid id, HttpContext http, IAntiforgery antiforgery, PostService service, IPostStore posts,
                IOptions<NodeOptions> node, TimeProvider time, IStringLocalizer<PostsText> s, CancellationToken ct) =>
            SubmitLessonAsync(id, http, antiforgery, service, posts, node.Value.Origin, time, s, ct)).DisableAntiforgery();

        foreach (var kind in new[] { PostKind.Story, PostKind.Lesson, PostKind.Reply })
        {
            var segment = PostUrls.Segment(kind);
            members.MapGet($"/{segment}/{{id:guid}}/delete", (Guid id, ClaimsPrincipal user, IPostStore posts, IStringLocalizer<PostsText> s, CancellationToken ct) =>
                ConfirmDeleteAsync(kind, id, user, posts, s, ct));
            members.MapPost($"/{segment}/{{id:guid}}/delete", (Guid id, ClaimsPrincipal user, PostService service, IPostStore posts, IStringLocalizer<PostsText> s, CancellationToken ct) =>
                DeleteAsync(kind, id, user, service, posts, s, ct)).RequireAntiforgery();
            members.MapGet($"/{segment}/{{id:guid}}/remove", (Guid id, ClaimsPrincipal user, IPostStore posts, IMemberStore memberStore, IStringLocalizer<PostsText> s, CancellationToken ct) =>
                ConfirmRemoveAsync(kind, id, user, posts, memberStore, s, ct));
            members.MapPost($"/{segment}/{{id:guid}}/remove", (Guid id, [FromForm] RemoveForm? form, ClaimsPrincipal user, PostService service, IPostStore posts,
                    IMemberStore memberStore, IStringLocalizer<PostsText> s, CancellationToken ct) =>
                RemoveAsync(kind, id, form ?? new RemoveForm(), user, service, posts, memberStore, s, ct));
            members.MapPost($"/{segment}/{{id:guid}}/replies", (Guid id, [FromForm] ReplyForm? form, HttpContext http, PostService service, PostAccess access,
                    PostPages pages, IStringLocalizer<PostsText> s, CancellationToken ct) =>
                ReplyAsync(kind, id, form ?? new ReplyForm(), http, service, access, pages, s, ct));
            foreach (var (path, reaction, add) in new[]
                     {
                         ("like", ReactionKind.Like, true), ("unlike", ReactionKind.Like, false),
                         ("share", ReactionKind.Share, true), ("unshare", ReactionKind.Share, false),
                     })
            {
                if (kind == PostKind.Reply && reaction == ReactionKind.Share)
                {
                    continue;   // replies are not shared on their own
                }

                members.MapPost($"/{segment}/{{id:guid}}/{path}", (Guid id, ClaimsPrincipal user, PostService service, PostAccess access,
                        IStringLocalizer<PostsText> s, CancellationToken ct) =>
                    ReactAsync(kind, id, reaction, add, path, user, service, access, s, ct)).RequireAntiforgery();
            }
        }

        members.MapGet("/drafts", DraftsAsync);
        members.MapPost("/replies/{id:guid}/hide", (Guid id, ClaimsPrincipal user, PostService service, IPostStore posts, IStringLocalizer<PostsText> s, CancellationToken ct) =>
            HideAsync(id, hidden: true, user, service, posts, s, ct)).RequireAntiforgery();
        members.MapPost("/replies/{id:guid}/show", (Guid id, ClaimsPrincipal user, PostService service, IPostStore posts, IStringLocalizer<PostsText> s, CancellationToken ct) =>
            HideAsync(id, hidden: false, user, service, posts, s, ct)).RequireAntiforgery();
        // Held replies (issue 13): the author of the story or lesson approves or declines.
        members.MapPost("/replies/{id:guid}/approve", (Guid id, ClaimsPrincipal user, PostService service, IPostStore posts, IStringLocalizer<PostsText> s, CancellationToken ct) =>
            DecideAsync(id, approve: true, user, service, posts, s, ct)).RequireAntiforgery();
        members.MapPost("/replies/{id:guid}/decline", (Guid id, ClaimsPrincipal user, PostService service, IPostStore posts, IStringLocalizer<PostsText> s, CancellationToken ct) =>
            DecideAsync(id, approve: false, user, service, posts, s, ct)).RequireAntiforgery();
        return app;
    }

    // ---- Reading ----

    /// <summary>
    /// A post's address: the ActivityPub object for servers that ask for it (content negotiation), the page for people.
    /// Both answers vary by Accept, so caches keep them apart.
    /// </summary>
    internal static async Task<IResult> ShowAsync(
        PostKind kind, Guid id, HttpContext http, PostAccess access, PostPages pages, PostObjects objects, IStringLocalizer<PostsText> s,
        IStringLocalizer<Text> text, string? notice, CancellationToken ct)
    {
        http.Response.Headers.Vary = HeaderNames.Accept;
        if (ApResults.WantsActivityJson(http.Request))
        {
            return await objects.ServeAsync(http, kind, id, ct);
        }

        var viewer = http.User.MemberIdOrNull();
        var read = await access.ReadAsync(id, kind, viewer, ct);
        if (read is Outcome<Post>.Gone && await pages.RemovalForAsync(id, viewer, ct) is { } removal)
        {
            // The moderators see why; everyone else only that the moderators removed it.
            return Html.Page<ErrorPage>(new
            {
                Heading = s["Gone.RemovedHeading"].Value,
                Message = s.Format("Gone.RemovedReason", ("date", Settings.Display.Date(removal.At)), ("reason", removal.Reason)),
            }, StatusCodes.Status410Gone);
        }

        if (read is not Outcome<Post>.Ok(var post))
        {
            return Refused(read, s);
        }

        var shown = Notices.Text(notice, s, text);
        return kind == PostKind.Reply
            ? Html.Page<ReplyPage>(new { View = await pages.ReplyViewAsync(post, viewer, ct), Notice = shown })
            : Html.Page<PostPage>(new { View = await pages.ViewAsync(post, viewer, ct), Notice = shown });
    }

    // ---- Stories ----

    /// <summary>The header's Write: a story or a lesson (two words people may not know apart yet), or a saved draft.</summary>
    internal static IResult Write() => Html.Page<WritePage>();

    internal static IResult NewStory() => Html.Page<StoryFormPage>(new { Fields = StoryFields.Empty });

    internal static async Task<IResult> EditStoryAsync(
        Guid id, ClaimsPrincipal user, IPostStore posts, IStringLocalizer<PostsText> s, string? notice, IStringLocalizer<Text> text, CancellationToken ct) =>
        await OwnAsync(PostKind.Story, id, user, posts, ct) is Outcome<Post>.Ok(var post)
            ? Html.Page<StoryFormPage>(new { Existing = post, Fields = StoryFields.From(post), Notice = Notices.Text(notice, s, text) })
            : Refused(await OwnAsync(PostKind.Story, id, user, posts, ct), s);

    /// <summary>
    /// New pictures are checked and kept first (so they are not uploaded again if the form comes back), then the story
    /// goes to the domain, which checks everything else; a refusal stores no story.
    /// </summary>
    internal static async Task<IResult> SubmitStoryAsync(
        Guid? id, HttpContext http, IAntiforgery antiforgery, PostService service, IPostStore posts, IMediaStore media, MediaFiles files, MediaVersions versions,
        MediaOptions options, TimeProvider time, IStringLocalizer<PostsText> s, CancellationToken ct)
    {
        var me = http.User.MemberId();
        Post? existing = null;
        if (id is { } editing)
        {
            var owned = await OwnAsync(PostKind.Story, editing, http.User, posts, ct);
            if (owned is not Outcome<Post>.Ok(var post))
            {
                return Refused(owned, s);
            }

            existing = post;
        }

        var (form, status) = await ReadFormAsync(http, antiforgery, (PostLimits.ImagesMax * options.MaxBytes) + TextBytes, ct);
        if (form is null)
        {
            return TypedResults.StatusCode(status);
        }

        var fields = StoryFields.Read(form);
        var errors = new Dictionary<string, string[]>();
        if (fields.Images.Count > PostLimits.ImagesMax)
        {
            errors["images"] = [Format(s["Images.TooMany"], PostLimits.ImagesMax)];
            fields = fields with { Images = [.. fields.Images.Where(i => i.File is null && i.Slot < PostLimits.ImagesMax)] };
        }
        else
        {
            fields = fields with { Images = await KeepPicturesAsync(fields.Images, me, errors, media, files, versions, options, time, ct) };
        }

        var action = ActionOf(form);
        if (errors.Count > 0 || action == FormAction.Preview)
        {
            return StoryForm(existing, fields, errors, action == FormAction.Preview ? PreviewOf(fields, time) : null);
        }

        var input = fields.ToInput(action == FormAction.Draft);
        var outcome = existing is null ? await service.CreateStoryAsync(me, input, ct) : await service.UpdateStoryAsync(me, existing.Id, input, ct);
        return outcome switch
        {
            Outcome<Post>.Ok(var saved) => TypedResults.Redirect($"/stories/{saved.Id:D}?notice={SavedNotice(existing, saved)}"),
            Outcome<Post>.Invalid(var invalid) => StoryForm(existing, fields, ImageFieldNames(invalid, fields.Images), null),
            var refused => Refused(refused, s),
        };
    }

    /// <summary>Checks each newly chosen picture as the upload API does, and keeps the good ones as the member's media.</summary>
    private static async Task<List<ImageSlot>> KeepPicturesAsync(
        IReadOnlyList<ImageSlot> slots, Guid me, Dictionary<string, string[]> errors, IMediaStore media, MediaFiles files, MediaVersions versions, MediaOptions options,
        TimeProvider time, CancellationToken ct)
    {
        var kept = new List<ImageSlot>();
        foreach (var slot in slots)
        {
            if (slot.File is not { } file)
            {
                // A kept picture is shown again only when it is this member's (the domain refuses anyone else's too).
                kept.Add(slot.MediaId is { } mediaId && await media.FindAsync(mediaId, ct) is { } item && item.OwnerId == me ? slot : slot with { MediaId = null });
                continue;
            }

            await using var input = file.OpenReadStream();
            var result = await ImageProcessor.ProcessAsync(input, options.MaxBytes, ct);
            if (result is not ImageResult.Ok(var image))
            {
                errors[$"image{slot.Slot.ToString(CultureInfo.InvariantCulture)}-file"] = [((ImageResult.Refused)result).Message];
                kept.Add(slot with { File = null, MediaId = null });
                continue;
            }

            var now = time.GetUtcNow();
            var newId = Guid.CreateVersion7(now);
            await files.SaveAsync(newId, image, ct);
            try
            {
                await media.AddAsync(new MediaItem(newId, me, image.MediaType, image.Width, image.Height, image.Bytes.LongLength, null, now), ct);
            }
            catch
            {
                files.Delete(newId, image.MediaType);   // not recorded, so not kept
                throw;
            }

            await versions.TryMakeAsync(newId, image.MediaType, image.Bytes, ct);

            kept.Add(slot with { File = null, MediaId = newId });
        }

        return kept;
    }

    /// <summary>The domain names pictures by their place in the list sent; the form by the place on the page.</summary>
    private static Dictionary<string, string[]> ImageFieldNames(IDictionary<string, string[]> errors, IReadOnlyList<ImageSlot> slots)
    {
        var named = new Dictionary<string, string[]>(StringComparer.Ordinal);
        foreach (var (key, messages) in errors)
        {
            var name = key;
            if (key.StartsWith("images[", StringComparison.Ordinal) && key.IndexOf(']', StringComparison.Ordinal) is var end and > 7
                && int.TryParse(key.AsSpan(7, end - 7), NumberStyles.None, CultureInfo.InvariantCulture, out var index) && index < slots.Count)
            {
                var slot = slots[index].Slot.ToString(CultureInfo.InvariantCulture);
                name = key.EndsWith(".alt", StringComparison.Ordinal) ? $"image{slot}-alt" : $"image{slot}-file";
            }

            named[name] = named.TryGetValue(name, out var earlier) ? [.. earlier, .. messages] : messages;
        }

        return named;
    }

    private static RazorComponentResult<StoryFormPage> StoryForm(Post? existing, StoryFields fields, Dictionary<string, string[]> errors, Post? preview) =>
        Html.Page<StoryFormPage>(new
        {
            Existing = existing,
            Fields = fields,
            Errors = errors.Count > 0 ? errors : null,
            Preview = preview,
        }, errors.Count > 0 ? StatusCodes.Status400BadRequest : StatusCodes.Status200OK);

    /// <summary>The story as it would look, never stored: the preview button works without JavaScript.</summary>
    private static Post PreviewOf(StoryFields fields, TimeProvider time) => new()
    {
        Id = Guid.Empty,
        Kind = PostKind.Story,
        Title = fields.Title,
        Summary = fields.Summary,
        Body = fields.Body,
        Locality = fields.Locality,
        Images = [.. fields.Images.Where(i => i.MediaId is not null).Select(i => new PostImage(i.MediaId, null, i.Alt ?? "", "", 0, 0))],
        CreatedAt = time.GetUtcNow(),
    };

    // ---- Lessons ----

    internal static async Task<IResult> NewLessonAsync(
        ClaimsPrincipal user, IPostStore posts, IOptions<NodeOptions> node, string? adapt, string? source, CancellationToken ct)
    {
        var own = await OwnStoriesAsync(user.MemberId(), posts, node.Value.Origin, ct);
        var fields = LessonFields.Empty with
        {
            AdaptedFrom = adapt is { Length: <= PostLimits.UrlMax } && PostService.IsWebUrl(adapt) ? adapt : null,
            SourceStories = source is not null && own.Any(o => o.Url == source) ? [source] : [],
            Sources = source is { Length: <= PostLimits.UrlMax } && PostService.IsWebUrl(source) && own.All(o => o.Url != source) ? source : null,
        };
        return Html.Page<LessonFormPage>(new { Fields = fields, OwnStories = own });
    }

    internal static async Task<IResult> EditLessonAsync(
        Guid id, ClaimsPrincipal user, IPostStore posts, IOptions<NodeOptions> node, IStringLocalizer<PostsText> s, IStringLocalizer<Text> text,
        string? notice, CancellationToken ct)
    {
        var owned = await OwnAsync(PostKind.Lesson, id, user, posts, ct);
        if (owned is not Outcome<Post>.Ok(var post))
        {
            return Refused(owned, s);
        }

        var own = await OwnStoriesAsync(user.MemberId(), posts, node.Value.Origin, ct);
        return Html.Page<LessonFormPage>(new
        {
            Existing = post,
            Fields = LessonFields.From(post, own.Select(o => o.Url).ToHashSet(StringComparer.Ordinal)),
            OwnStories = own,
            Notice = Notices.Text(notice, s, text),
        });
    }

    internal static async Task<IResult> SubmitLessonAsync(
        Guid? id, HttpContext http, IAntiforgery antiforgery, PostService service, IPostStore posts, string origin, TimeProvider time,
        IStringLocalizer<PostsText> s, CancellationToken ct)
    {
        var me = http.User.MemberId();
        Post? existing = null;
        if (id is { } editing)
        {
            var owned = await OwnAsync(PostKind.Lesson, editing, http.User, posts, ct);
            if (owned is not Outcome<Post>.Ok(var post))
            {
                return Refused(owned, s);
            }

            existing = post;
        }

        var (form, status) = await ReadFormAsync(http, antiforgery, TextBytes, ct);
        if (form is null)
        {
            return TypedResults.StatusCode(status);
        }

        var fields = LessonFields.Read(form);
        var own = await OwnStoriesAsync(me, posts, origin, ct);
        var action = ActionOf(form);
        if (action == FormAction.Preview)
        {
            return Html.Page<LessonFormPage>(new { Existing = existing, Fields = fields, OwnStories = own, Preview = LessonPreviewOf(fields, time) });
        }

        var input = fields.ToInput(action == FormAction.Draft);
        var outcome = existing is null ? await service.CreateLessonAsync(me, input, ct) : await service.UpdateLessonAsync(me, existing.Id, input, ct);
        return outcome switch
        {
            Outcome<Post>.Ok(var saved) => TypedResults.Redirect($"/lessons/{saved.Id:D}?notice={SavedNotice(existing, saved)}"),
            Outcome<Post>.Invalid(var invalid) => Html.Page<LessonFormPage>(
                new { Existing = existing, Fields = fields, OwnStories = own, Errors = invalid }, StatusCodes.Status400BadRequest),
            var refused => Refused(refused, s),
        };
    }

    private static Post LessonPreviewOf(LessonFields fields, TimeProvider time) => new()
    {
        Id = Guid.Empty,
        Kind = PostKind.Lesson,
        Title = fields.Title,
        Situation = fields.Situation,
        Tried = fields.Tried,
        Happened = fields.Happened,
        Learned = fields.Learned,
        Advice = fields.Advice,
        CreatedAt = time.GetUtcNow(),
    };

    /// <summary>The member's latest stories, offered as sources of a lesson.</summary>
    private static async Task<List<OwnStory>> OwnStoriesAsync(Guid me, IPostStore posts, string origin, CancellationToken ct)
    {
        var page = await posts.ListAsync(new PostQuery { Kind = PostKind.Story, AuthorId = me, PublicOnly = false, Viewer = me }, Cursor.Start, OwnStoriesOffered, ct);
        return [.. page.Items.Select(p => new OwnStory(PostUrls.Page(origin, p), p.Title ?? ""))];
    }

    // ---- Deleting ----

    internal static async Task<IResult> ConfirmDeleteAsync(PostKind kind, Guid id, ClaimsPrincipal user, IPostStore posts, IStringLocalizer<PostsText> s, CancellationToken ct)
    {
        var owned = await OwnAsync(kind, id, user, posts, ct);
        return owned is Outcome<Post>.Ok(var post) ? Html.Page<DeletePostPage>(new { Post = post }) : Refused(owned, s);
    }

    internal static async Task<IResult> DeleteAsync(PostKind kind, Guid id, ClaimsPrincipal user, PostService service, IPostStore posts, IStringLocalizer<PostsText> s, CancellationToken ct)
    {
        var owned = await OwnAsync(kind, id, user, posts, ct);
        if (owned is not Outcome<Post>.Ok(var post))
        {
            return Refused(owned, s);
        }

        return await service.DeleteAsync(user.MemberId(), id, ct) switch
        {
            Outcome<bool>.Ok when post is { Kind: PostKind.Reply, RootId: { } rootId } && await posts.FindAsync(rootId, ct) is { } root =>
                TypedResults.Redirect($"/{PostUrls.Segment(root.Kind)}/{rootId:D}?notice=reply-deleted#replies"),
            Outcome<bool>.Ok => TypedResults.Redirect("/?notice=post-deleted"),
            Outcome<bool>.Gone(var why) => Refused(new Outcome<Post>.Gone(why), s),
            Outcome<bool>.Forbidden(var why) => Refused(new Outcome<Post>.Forbidden(why), s),
            _ => Refused(new Outcome<Post>.NotFound(), s),
        };
    }

    // ---- Removing (moderators) ----

    /// <summary>The confirmation page: what is removed, and a reason to give (kept with it).</summary>
    internal static async Task<IResult> ConfirmRemoveAsync(
        PostKind kind, Guid id, ClaimsPrincipal user, IPostStore posts, IMemberStore members, IStringLocalizer<PostsText> s, CancellationToken ct)
    {
        var target = await RemovableAsync(kind, id, user, posts, members, s, ct);
        return target is Outcome<Post>.Ok(var post) ? Html.Page<RemovePostPage>(new { Post = post }) : Refused(target, s);
    }

    internal static async Task<IResult> RemoveAsync(
        PostKind kind, Guid id, RemoveForm form, ClaimsPrincipal user, PostService service, IPostStore posts, IMemberStore members,
        IStringLocalizer<PostsText> s, CancellationToken ct)
    {
        var target = await RemovableAsync(kind, id, user, posts, members, s, ct);
        if (target is not Outcome<Post>.Ok(var post))
        {
            return Refused(target, s);
        }

        switch (await service.RemoveAsync(user.MemberId(), id, kind, form.Reason, ct))
        {
            case Outcome<bool>.Ok:
                return post is { Kind: PostKind.Reply, RootId: { } rootId } && await posts.FindAsync(rootId, ct) is { } root
                    ? TypedResults.Redirect($"/{PostUrls.Segment(root.Kind)}/{rootId:D}?notice=reply-removed#replies")
                    : TypedResults.Redirect("/?notice=post-removed");
            case Outcome<bool>.Invalid(var errors):
                return Html.Page<RemovePostPage>(new { Post = post, form.Reason, Errors = errors }, StatusCodes.Status400BadRequest);
            case Outcome<bool>.Gone(var why):
                return Refused(new Outcome<Post>.Gone(why), s);
            case Outcome<bool>.Forbidden(var why):
                return Refused(new Outcome<Post>.Forbidden(why), s);
            default:
                return Refused(new Outcome<Post>.NotFound(), s);
        }
    }

    /// <summary>A post a moderator or admin may remove: of this kind, published, not deleted; anyone else is refused.</summary>
    private static async Task<Outcome<Post>> RemovableAsync(
        PostKind kind, Guid id, ClaimsPrincipal user, IPostStore posts, IMemberStore members, IStringLocalizer<PostsText> s, CancellationToken ct)
    {
        if (!PostService.MayModerate(await members.FindAsync(user.MemberId(), ct)))
        {
            return new Outcome<Post>.Forbidden(s["Remove.OnlyModerators"].Value);
        }

        var post = await posts.FindAsync(id, ct);
        if (post is null || post.Kind != kind || post.Draft)
        {
            return new Outcome<Post>.NotFound();
        }

        return post.IsDeleted ? new Outcome<Post>.Gone(PostService.GoneMessage(post)) : new Outcome<Post>.Ok(post);
    }

    // ---- Drafts ----

    private const int DraftsPerPage = 20;

    /// <summary>The member's own saved drafts, stories and lessons, newest first, to continue or delete.</summary>
    internal static async Task<IResult> DraftsAsync(ClaimsPrincipal user, IPostStore posts, string? cursor, string? notice,
        IStringLocalizer<PostsText> s, IStringLocalizer<Text> text, CancellationToken ct)
    {
        var after = Cursor.TryDecode(cursor, out var decoded) ? decoded : Cursor.Start;
        var page = await posts.ListAsync(new PostQuery { AuthorId = user.MemberId(), Drafts = true }, after, DraftsPerPage, ct);
        return Html.Page<DraftsPage>(new { Drafts = page.Items, page.Next, Notice = Notices.Text(notice, s, text) });
    }

    // ---- Replies, reactions, hiding ----

    internal static async Task<IResult> ReplyAsync(
        PostKind kind, Guid id, ReplyForm form, HttpContext http, PostService service, PostAccess access, PostPages pages,
        IStringLocalizer<PostsText> s, CancellationToken ct)
    {
        var me = http.User.MemberId();
        var read = await access.ReadAsync(id, kind, me, ct);
        if (read is Outcome<Post>.Gone)
        {
            return Html.Page<ErrorPage>(new { Heading = s["Gone.Heading"].Value, Message = s["Reply.ToDeleted"].Value }, StatusCodes.Status410Gone);
        }

        if (read is not Outcome<Post>.Ok(var parent))
        {
            return Refused(read, s);
        }

        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (form.IsTried && string.IsNullOrWhiteSpace(form.Outcome))
        {
            errors["outcome"] = [s["Reply.OutcomeMissing"].Value];
        }

        var outcome = errors.Count > 0
            ? new Outcome<Post>.Invalid(errors)
            : await service.ReplyAsync(me, parent, new ReplyInput(form.Body, form.IsTried ? form.Outcome : null) { Language = form.Language }, ct);
        switch (outcome)
        {
            case Outcome<Post>.Ok(var reply):
                var rootId = reply.RootId ?? parent.Id;
                var rootKind = rootId == parent.Id ? parent.Kind
                    : await access.ReadAsync(rootId, null, me, ct) is Outcome<Post>.Ok(var root) ? root.Kind : (PostKind?)null;
                return TypedResults.Redirect(rootKind is { } known
                    ? $"/{PostUrls.Segment(known)}/{rootId:D}?notice=reply-posted#reply-{reply.Id:D}"
                    : $"/replies/{reply.Id:D}?notice=reply-posted");
            case Outcome<Post>.Invalid(var invalid):
                // Only a lesson's form has the "I tried this" part; elsewhere its error goes beside the text.
                var named = new Dictionary<string, string[]>(StringComparer.Ordinal);
                foreach (var (key, messages) in invalid)
                {
                    var name = key switch
                    {
                        "triedIt.outcome" => "outcome",
                        "triedIt" when parent.Kind != PostKind.Lesson => "body",
                        _ => key,
                    };
                    named[name] = named.TryGetValue(name, out var earlier) ? [.. earlier, .. messages] : messages;
                }

                return parent.Kind == PostKind.Reply
                    ? Html.Page<ReplyPage>(new { View = await pages.ReplyViewAsync(parent, me, ct), ReplyBody = form.Body, ReplyLanguage = form.Language, Errors = named }, StatusCodes.Status400BadRequest)
                    : Html.Page<PostPage>(new
                    {
                        View = await pages.ViewAsync(parent, me, ct),
                        ReplyBody = form.Body,
                        ReplyLanguage = form.Language,
                        Tried = form.IsTried,
                        form.Outcome,
                        Errors = named,
                    }, StatusCodes.Status400BadRequest);
            case Outcome<Post>.Gone:
                return Html.Page<ErrorPage>(new { Heading = s["Gone.Heading"].Value, Message = s["Reply.ToDeleted"].Value }, StatusCodes.Status410Gone);
            default:
                return Refused(outcome, s);
        }
    }

    internal static async Task<IResult> ReactAsync(
        PostKind kind, Guid id, ReactionKind reaction, bool add, string path, ClaimsPrincipal user, PostService service, PostAccess access,
        IStringLocalizer<PostsText> s, CancellationToken ct)
    {
        var me = user.MemberId();
        var read = await access.ReadAsync(id, kind, me, ct);
        if (read is not Outcome<Post>.Ok(var post))
        {
            return Refused(read, s);
        }

        var outcome = await service.ReactAsync(me, post, reaction, add, ct);
        return outcome is Outcome<Post>.Ok
            ? TypedResults.Redirect($"/{PostUrls.Segment(kind)}/{id:D}?notice={path}d")
            : Refused(outcome, s);
    }

    internal static async Task<IResult> HideAsync(Guid id, bool hidden, ClaimsPrincipal user, PostService service, IPostStore posts, IStringLocalizer<PostsText> s, CancellationToken ct)
    {
        var outcome = await service.HideReplyAsync(user.MemberId(), id, hidden, ct);
        if (outcome is not Outcome<Post>.Ok(var reply))
        {
            return Refused(outcome, s);
        }

        var root = reply.RootId is { } rootId ? await posts.FindAsync(rootId, ct) : null;
        var page = root is null ? $"/replies/{id:D}" : $"/{PostUrls.Segment(root.Kind)}/{root.Id:D}";
        return TypedResults.Redirect($"{page}?notice={(hidden ? "reply-hidden" : "reply-shown")}#reply-{id:D}");
    }

    /// <summary>Approves or declines a held reply; back to the thread, where an approved reply now shows to everyone.</summary>
    internal static async Task<IResult> DecideAsync(Guid id, bool approve, ClaimsPrincipal user, PostService service, IPostStore posts, IStringLocalizer<PostsText> s, CancellationToken ct)
    {
        var outcome = await service.DecideReplyAsync(user.MemberId(), id, approve, ct);
        if (outcome is not Outcome<Post>.Ok(var reply))
        {
            return Refused(outcome, s);
        }

        var root = reply.RootId is { } rootId ? await posts.FindAsync(rootId, ct) : null;
        var page = root is null ? "/" : $"/{PostUrls.Segment(root.Kind)}/{root.Id:D}";
        return TypedResults.Redirect($"{page}?notice={(approve ? "reply-approved" : "reply-declined")}" + (approve ? $"#reply-{id:D}" : ""));
    }

    // ---- Helpers ----

    /// <summary>A post the member may change: theirs, of this kind, not deleted (a draft of someone else's is not found).</summary>
    private static async Task<Outcome<Post>> OwnAsync(PostKind kind, Guid id, ClaimsPrincipal user, IPostStore posts, CancellationToken ct)
    {
        var me = user.MemberId();
        var post = await posts.FindAsync(id, ct);
        if (post is null || post.Kind != kind || (post.Draft && post.AuthorId != me))
        {
            return new Outcome<Post>.NotFound();
        }

        if (post.IsDeleted)
        {
            return new Outcome<Post>.Gone(PostService.DeletedMessage);
        }

        return post.AuthorId == me ? new Outcome<Post>.Ok(post) : new Outcome<Post>.Forbidden("");
    }

    /// <summary>
    /// Reads the form itself rather than through binding, so an oversized body is refused before it is read (the
    /// antiforgery middleware would read it first otherwise); the token is then checked before anything is kept.
    /// Null with the status to answer when the form cannot be used.
    /// </summary>
    private static async Task<(IFormCollection? Form, int Status)> ReadFormAsync(HttpContext http, IAntiforgery antiforgery, long limit, CancellationToken ct)
    {
        var request = http.Request;
        if (request.ContentLength > limit)
        {
            return (null, StatusCodes.Status413PayloadTooLarge);
        }

        // A body without a length (chunked) is cut off by the server at the same size: Kestrel answers 413.
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } sizeLimit)
        {
            sizeLimit.MaxRequestBodySize = limit;
        }

        if (!request.HasFormContentType)
        {
            return (null, StatusCodes.Status415UnsupportedMediaType);
        }

        IFormCollection form;
        try
        {
            form = await request.ReadFormAsync(new FormOptions { MultipartBodyLengthLimit = limit }, ct);
        }
        catch (InvalidDataException)
        {
            return (null, StatusCodes.Status400BadRequest);
        }

        return await antiforgery.IsRequestValidAsync(http) ? (form, StatusCodes.Status200OK) : (null, StatusCodes.Status400BadRequest);
    }

    private static FormAction ActionOf(IFormCollection form) => StoryFields.Value(form, "action") switch
    {
        "preview" => FormAction.Preview,
        "draft" => FormAction.Draft,
        _ => FormAction.Publish,
    };

    private static string SavedNotice(Post? before, Post saved) =>
        saved.Draft ? "draft-saved" : before is null || before.Draft ? "published" : "changes-saved";

    /// <summary>A page for a refusal: 404 (also for what the reader may not see), 410 for a deleted post, 403.</summary>
    private static RazorComponentResult<ErrorPage> Refused(Outcome<Post> outcome, IStringLocalizer<PostsText> s) => outcome switch
    {
        Outcome<Post>.Gone(var why) when why == PostService.RemovedMessage =>
            Html.Page<ErrorPage>(new { Heading = s["Gone.RemovedHeading"].Value, Message = s["Gone.Removed"].Value }, StatusCodes.Status410Gone),
        // 410 like Mastodon (not 404): the post is there but hidden while its author is suspended, and may come back.
        Outcome<Post>.Gone(var why) when why == PostAccess.SuspendedMessage =>
            Html.Page<ErrorPage>(new { Heading = s["Gone.SuspendedHeading"].Value, Message = why }, StatusCodes.Status410Gone),
        Outcome<Post>.Gone => Html.Page<ErrorPage>(new { Heading = s["Gone.Heading"].Value, Message = s["Gone.Message"].Value }, StatusCodes.Status410Gone),
        Outcome<Post>.Forbidden(var why) => Html.Page<ErrorPage>(
            new { Heading = s["Forbidden.Heading"].Value, Message = string.IsNullOrEmpty(why) ? s["Forbidden.Message"].Value : why }, StatusCodes.Status403Forbidden),
        Outcome<Post>.Conflict(var why) => Html.Page<ErrorPage>(new { Heading = s["Forbidden.Heading"].Value, Message = why }, StatusCodes.Status409Conflict),
        Outcome<Post>.Invalid(var errors) => Html.Page<ErrorPage>(
            new { Heading = s["Forbidden.Heading"].Value, Message = string.Join(" ", errors.Values.SelectMany(m => m)) }, StatusCodes.Status400BadRequest),
        _ => Html.Page<ErrorPage>(new { Heading = s["NotFound.Heading"].Value, Message = s["NotFound.Message"].Value }, StatusCodes.Status404NotFound),
    };

    private static string Format(LocalizedString text, params object[] values) => string.Format(CultureInfo.CurrentCulture, text.Value, values);
}
