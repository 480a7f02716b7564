using Microsoft.Extensions.Localization;
using OurSociety.Core.Members;
using OurSociety.Web.Pages;
using OurSociety.Web.Resources;

namespace OurSociety.Web.Features.Home;

internal static class HomeEndpoints
{
    public static IEndpointRouteBuilder MapHomeEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/", HomeAsync).ExcludeFromDescription();
        return app;
    }

    internal static async Task<IResult> HomeAsync(IMemberStore members, IStringLocalizer<Text> text, string? notice, CancellationToken ct) =>
        Html.Page<HomePage>(new { MemberCount = await members.CountAsync(MemberState.Active, ct), Notice = Notices.Text(notice, text) });
}
