using System.Security.Claims;
using Microsoft.Extensions.Localization;
using OurSociety.Core.Members;
using OurSociety.Core.Paging;
using OurSociety.Core.Posts;
using OurSociety.Web.Features.Finding;
using OurSociety.Web.Hosting;
using OurSociety.Web.Pages;
using OurSociety.Web.Posts;
using OurSociety.Web.Resources;

namespace OurSociety.Web.Features.Home;

internal static class HomeEndpoints
{
    /// <summary>How many of the newest local stories and lessons the front page shows; the rest are on /local.</summary>
    public const int Latest = 10;

    /// <summary>How long a member counts as new: the front page links them to /start until then.</summary>
    public static readonly TimeSpan NewMemberFor = TimeSpan.FromDays(30);

    public static IEndpointRouteBuilder MapHomeEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/", HomeAsync).ExcludeFromDescription().CacheOutput(PageCaching.Policy);
        return app;
    }

    internal static async Task<IResult> HomeAsync(
        IMemberStore members, IPostStore posts, PostAuthors authors, ClaimsPrincipal user, IStringLocalizer<Text> text, string? notice, TimeProvider time,
        CancellationToken ct)
    {
        // Signed-out visitors (the kept page) and new members are shown the way to /start.
        var me = user.MemberIdOrNull() is { } memberId ? await members.FindAsync(memberId, ct) : null;
        var showStart = me is null || me.CreatedAt > time.GetUtcNow() - NewMemberFor;
        var latest = await posts.ListAsync(new PostQuery { Local = true }, Cursor.Start, Latest, ct);
        var list = await PostCards.ListAsync(latest, authors, _ => "/local", ct);
        return Html.Page<HomePage>(new
        {
            MemberCount = await members.CountAsync(MemberState.Active, ct),
            Notice = Notices.Text(notice, text),
            Latest = list,
            SignedIn = user.MemberIdOrNull() is not null,
            ShowStart = showStart,
        });
    }
}
