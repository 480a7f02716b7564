using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using OurSociety.Content;
using OurSociety.Core.Federation;
using OurSociety.Core.Hubs;
using OurSociety.Core.Members;
using OurSociety.Core.Paging;
using OurSociety.Core.Posts;
using OurSociety.Federation;
using OurSociety.Federation.Actors;
using OurSociety.Web.Features.Finding;
using OurSociety.Web.Features.Follows;
using OurSociety.Web.Hosting;
using OurSociety.Web.Pages;
using OurSociety.Web.Posts;

namespace OurSociety.Web.Features.Profiles;

/// <summary>Public profile pages (<c>/@username</c>, and the hub's own), their remote-follow form, and avatar images.</summary>
internal static class ProfileEndpoints
{
    public static RouteGroupBuilder MapProfileEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("").ExcludeFromDescription();
        // Kept only when no form token is on the page (the remote-follow form carries one): see PageCaching.
        group.MapGet("/@{username}", ShowAsync).CacheOutput(PageCaching.Policy);
        group.MapPost("/@{username}/remote-follow", RemoteFollowAsync);
        group.MapGet(Avatars.UrlPrefix + "{file}", Avatar);
        return group;
    }

    internal static Task<IResult> ShowAsync(
        string username, string? cursor, HttpContext context, IMemberStore members, LocalActors locals, IOptions<NodeOptions> node, HubIdentity hub,
        IStringLocalizer<ProfilesText> text, PostListServices lists, CancellationToken ct) =>
        RenderAsync(username, context, null, null, members, locals, node.Value, hub.Current, text, new Lists(cursor, lists), ct);

    /// <summary>
    /// "Follow from your own server": sends the visitor to their server's remote-follow page for this actor with a 303
    /// (the form was a POST; the next request is a GET there). Garbage is refused beside the field, with a 400.
    /// </summary>
    internal static async Task<IResult> RemoteFollowAsync(
        string username, [FromForm] RemoteFollowForm? form, HttpContext context, [AsParameters] ProfilePageServices s, IStringLocalizer<FollowsText> f,
        CancellationToken ct)
    {
        form ??= new();   // a post with none of the fields binds to nothing: the same as all empty
        if (RemoteServer.Parse(form.Server) is not { } server)
        {
            var errors = new Dictionary<string, string[]> { ["server"] = [f["Remote.Invalid"].Value] };
            return await RenderAsync(username, context, form.Server, errors, s.Members, s.Locals, s.Node.Value, s.Hub.Current, s.Text, new Lists(null, s.Lists), ct);
        }

        if (await s.Locals.FindAsync(username, ct) is not { Kind: LocalActorKind.Member or LocalActorKind.Hub } actor)
        {
            return NotFound(s.Text);
        }

        context.Response.Headers.Location = RemoteServer.AuthorizeInteractionUrl(server, actor.Id);
        return TypedResults.StatusCode(StatusCodes.Status303SeeOther);
    }

    /// <summary>A member's profile or the hub's page, with the remote-follow form as it was sent (and its errors).</summary>
    private static async Task<IResult> RenderAsync(
        string username, HttpContext context, string? server, IDictionary<string, string[]>? errors, IMemberStore members,
        LocalActors locals, NodeOptions node, HubProfile hub, IStringLocalizer<ProfilesText> text, Lists lists, CancellationToken ct)
    {
        // The remote-follow form leads to the visitor's own server.
        SecurityHeaders.AllowRemoteFormTargets(context);
        var status = errors is null ? StatusCodes.Status200OK : StatusCodes.Status400BadRequest;
        if (string.Equals(username, locals.HubUsername, StringComparison.OrdinalIgnoreCase))
        {
            if (!string.Equals(username, locals.HubUsername, StringComparison.Ordinal))
            {
                return Results.Redirect($"/@{locals.HubUsername}", permanent: true);
            }

            // The locality's stories and lessons: everything public written on this hub, and the posts from elsewhere
            // its moderators approved (issue 14), newest first.
            if (await lists.ForAsync(new PostQuery { OnHub = true }, $"/@{locals.HubUsername}", ct) is not { } hubPosts)
            {
                return FindingEndpoints.BadLink(lists.Finding);
            }

            return Html.Page<HubPage>(new
            {
                Posts = hubPosts,
                hub.Name,
                hub.Locality,
                hub.Description,
                locals.HubUsername,
                Handle = $"@{locals.HubUsername}@{node.PublicUri.Authority}",
                Server = server,
                Errors = errors,
            }, status);
        }

        var member = username.Length is 0 or > Username.MaxLength ? null : await members.FindByUsernameAsync(username, ct);
        if (member is not { State: MemberState.Active })
        {
            // A pending member has asked to join, not yet joined: they are not shown to anyone.
            return NotFound(text);
        }

        if (!string.Equals(member.Username, username, StringComparison.Ordinal))
        {
            // One address per person, so links and search engines agree on it.
            return Results.Redirect($"/@{member.Username}", permanent: true);
        }

        // A suspended member's profile is gone (410, as Mastodon answers) to all but moderators and admins; it is read
        // at view time, so unsuspending brings it back. A plain page, not the 404 one, so a visitor knows why.
        if (member.IsSuspended && !PostService.MayModerate(context.User.MemberIdOrNull() is { } viewer ? await members.FindAsync(viewer, ct) : null))
        {
            return Html.Page<ErrorPage>(
                new { Heading = text["Suspended.Heading"].Value, Message = PostAccess.SuspendedMessage }, StatusCodes.Status410Gone);
        }

        // Public and unlisted ones (a profile is where unlisted posts may be found), and the viewer's own followers-only ones.
        var query = new PostQuery { AuthorId = member.Id, PublicOnly = false, Viewer = context.User.MemberIdOrNull() };
        if (await lists.ForAsync(query, $"/@{member.Username}", ct) is not { } memberPosts)
        {
            return FindingEndpoints.BadLink(lists.Finding);
        }

        return Html.Page<ProfilePage>(new
        {
            Posts = memberPosts,
            Member = member,
            Handle = $"@{member.Username}@{node.PublicUri.Authority}",
            AvatarUrl = Avatars.Url(member.AvatarPath),
            Server = server,
            Errors = errors,
            IsOwn = context.User.MemberIdOrNull() == member.Id,
            SignedIn = context.User.MemberIdOrNull() is not null,
        }, status);
    }

    /// <summary>
    /// Taken from the request's services, not as a parameter: one more parameter on this [FromForm] handler makes the
    /// framework's request delegate fail to compile ("variable 'form_local' … not defined", .NET 10.0).
    /// </summary>

    /// <summary>What the pages need to list posts, and the "Older" cursor of the request.</summary>
    private sealed record Lists(string? Cursor, PostListServices Services)
    {
        public IStringLocalizer<FindingText> Finding => Services.Finding;

        public Task<PostList?> ForAsync(PostQuery query, string path, CancellationToken ct) =>
            FindingEndpoints.ListForPageAsync(query, Cursor, path, Services.Posts, Services.Authors, ct);
    }

    private static RazorComponentResult<ErrorPage> NotFound(IStringLocalizer<ProfilesText> text) => Html.Page<ErrorPage>(
        new { Heading = text["NotFound.Heading"].Value, Message = text["NotFound.Message"].Value }, StatusCodes.Status404NotFound);

    /// <summary>Serves an uploaded avatar. Anything that is not a plain image file name in the avatars folder is a 404.</summary>
    internal static IResult Avatar(string file, IOptions<NodeOptions> node, HttpContext http)
    {
        if (!Avatars.IsSafeFileName(file) || !Avatars.TryGetContentType(file, out var contentType))
        {
            return Results.NotFound();
        }

        var folder = Path.GetFullPath(Avatars.Directory(node.Value.UploadsPath)) + Path.DirectorySeparatorChar;
        var path = Path.GetFullPath(Path.Combine(folder, file));
        var info = new FileInfo(path);
        if (!path.StartsWith(folder, StringComparison.Ordinal) || !info.Exists)
        {
            return Results.NotFound();
        }

        // File names are never reused (see Avatars), so browsers and proxies may keep a copy for a year.
        http.Response.Headers.CacheControl = "public, max-age=31536000, immutable";
        http.Response.Headers.XContentTypeOptions = "nosniff";
        return Results.File(path, contentType, lastModified: info.LastWriteTimeUtc,
            entityTag: new EntityTagHeaderValue($"\"{info.Length:x}-{info.LastWriteTimeUtc.Ticks:x}\""));
    }
}

/// <summary>What a profile page is drawn with, bound as one (a form endpoint with many parameters trips the binder).</summary>
internal sealed record ProfilePageServices(
    IMemberStore Members, LocalActors Locals, IOptions<NodeOptions> Node, HubIdentity Hub, IStringLocalizer<ProfilesText> Text, PostListServices Lists);
