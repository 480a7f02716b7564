using System.Security.Claims;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using OurSociety.Core.Members;
using OurSociety.Web.Hosting;

namespace OurSociety.Web.Features.Languages;

/// <summary>
/// Choosing the page language: the footer's switch (plain links, so it works without JavaScript and carries no
/// antiforgery token, which keeps pages cacheable) and the choice on the account settings page.
/// </summary>
internal static class LanguageEndpoints
{
    public static IEndpointRouteBuilder MapLanguageEndpoints(this IEndpointRouteBuilder app)
    {
        // A GET that changes a signed-in member's stored choice: at worst a link from elsewhere switches someone's
        // language, which the same switch undoes; in exchange every page's footer stays a list of plain links.
        app.MapGet("/language", SwitchAsync).ExcludeFromDescription();
        app.MapPost("/settings/language", SaveAsync).RequireAuthorization(Policies.Member).ExcludeFromDescription();
        return app;
    }

    /// <summary>Remembers <paramref name="to"/> (an unknown one changes nothing) and goes back to the local page.</summary>
    internal static async Task<IResult> SwitchAsync(
        HttpContext context, string? to, [FromQuery(Name = "return")] string? back, IOptions<LanguageOptions> options,
        IMemberStore members, CancellationToken ct)
    {
        if (Offered(options.Value, to) is { } code)
        {
            Hosting.Languages.Remember(context.Response, code);
            if (context.User.MemberIdOrNull() is { } memberId)
            {
                await members.SetLanguageAsync(memberId, code, ct);
            }
        }

        return TypedResults.Redirect(Hosting.Languages.LocalPath(back));
    }

    /// <summary>The settings form: a language, or "" to let the browser's languages decide again.</summary>
    internal static async Task<IResult> SaveAsync(
        HttpContext context, [FromForm] LanguageForm form, IOptions<LanguageOptions> options, IMemberStore members, CancellationToken ct)
    {
        var code = Offered(options.Value, form.Language);
        await members.SetLanguageAsync(context.User.MemberId(), code, ct);
        if (code is null)
        {
            Hosting.Languages.Forget(context.Response);
        }
        else
        {
            Hosting.Languages.Remember(context.Response, code);
        }

        return TypedResults.Redirect("/settings/account?notice=language-saved");
    }

    /// <summary>The hub's spelling of a language it offers, or null.</summary>
    internal static string? Offered(LanguageOptions options, string? code) =>
        options.Languages.FirstOrDefault(l => string.Equals(l, code?.Trim(), StringComparison.OrdinalIgnoreCase));
}

internal sealed class LanguageForm
{
    public string? Language { get; set; }
}
