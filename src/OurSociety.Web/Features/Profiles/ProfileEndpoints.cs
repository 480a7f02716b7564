using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using OurSociety.Core.Members;
using OurSociety.Web.Hosting;
using OurSociety.Web.Pages;

namespace OurSociety.Web.Features.Profiles;

/// <summary>Public profile pages (<c>/@username</c>) and the avatar images on them.</summary>
internal static class ProfileEndpoints
{
    public static RouteGroupBuilder MapProfileEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("").ExcludeFromDescription();
        group.MapGet("/@{username}", ShowAsync);
        group.MapGet(Avatars.UrlPrefix + "{file}", Avatar);
        return group;
    }

    internal static async Task<IResult> ShowAsync(
        string username, IMemberStore members, IOptions<NodeOptions> node, IStringLocalizer<ProfilesText> text, CancellationToken ct)
    {
        var member = username.Length is 0 or > Username.MaxLength ? null : await members.FindByUsernameAsync(username, ct);
        if (member is not { State: MemberState.Active })
        {
            // A pending member has asked to join, not yet joined: they are not shown to anyone.
            return Html.Page<ErrorPage>(
                new { Heading = text["NotFound.Heading"].Value, Message = text["NotFound.Message"].Value }, StatusCodes.Status404NotFound);
        }

        if (!string.Equals(member.Username, username, StringComparison.Ordinal))
        {
            // One address per person, so links and search engines agree on it.
            return Results.Redirect($"/@{member.Username}", permanent: true);
        }

        return Html.Page<ProfilePage>(new
        {
            Member = member,
            Handle = $"@{member.Username}@{node.Value.PublicUri.Authority}",
            AvatarUrl = Avatars.Url(member.AvatarPath),
        });
    }

    /// <summary>Serves an uploaded avatar. Anything that is not a plain image file name in the avatars folder is a 404.</summary>
    internal static IResult Avatar(string file, IOptions<NodeOptions> node, HttpContext http)
    {
        if (!Avatars.IsSafeFileName(file) || !Avatars.TryGetContentType(file, out var contentType))
        {
            return Results.NotFound();
        }

        var folder = Path.GetFullPath(Avatars.Directory(node.Value)) + Path.DirectorySeparatorChar;
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
