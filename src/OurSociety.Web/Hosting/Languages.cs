using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Localization;
using Microsoft.Extensions.Options;

namespace OurSociety.Web.Hosting;

/// <summary>A language whose texts ship with the node: its code, and its name in itself (as the switch shows it).</summary>
internal sealed record ShippedLanguage(string Code, string Name);

/// <summary>
/// The page language: <c>?lang=</c> for one request, then the signed-in member's choice, then the language cookie the
/// footer's switch sets, then the browser's <c>Accept-Language</c>, then the hub's default (see TRANSLATING.md).
/// </summary>
internal static class Languages
{
    public const string QueryKey = "lang";
    public const string CookieName = "oursociety.lang";

    /// <summary>On a member's principal: the language they chose (see <see cref="MemberClaims.Principal"/>).</summary>
    public const string Claim = "oursociety:language";

    /// <summary>Every language with texts in the resources. A new one adds a row here and in <c>PluralRules</c>.</summary>
    public static readonly IReadOnlyList<ShippedLanguage> Shipped =
    [
        new("en", "English"),
        new("cy", "Cymraeg"),
        new("ar", "العربية"),
    ];

    public static ShippedLanguage? Find(string? code) =>
        Shipped.FirstOrDefault(l => string.Equals(l.Code, code, StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// The culture pages use for a language. Arabic keeps the Gregorian calendar (with Arabic month names), which is
    /// what ICU's neutral "ar" gives; pinned here so a platform whose "ar" defaults to the Hijri calendar cannot
    /// date a story a year and a half "earlier" than the rest of the hub sees it.
    /// </summary>
    public static CultureInfo Culture(string code)
    {
        var culture = new CultureInfo(code);
        if (culture.DateTimeFormat.Calendar is not GregorianCalendar
            && culture.OptionalCalendars.OfType<GregorianCalendar>().FirstOrDefault() is { } gregorian)
        {
            culture.DateTimeFormat.Calendar = gregorian;
        }

        return CultureInfo.ReadOnly(culture);
    }

    /// <summary>"rtl" or "ltr" for the <c>dir</c> attribute of a page in <paramref name="culture"/>.</summary>
    public static string Direction(CultureInfo culture) => culture.TextInfo.IsRightToLeft ? "rtl" : "ltr";

    /// <summary>A path of this site to go back to, or "/": never another site (no open redirect).</summary>
    public static string LocalPath(string? path) =>
        path is { Length: > 0 and <= 2000 } && path[0] == '/'
        && !path.StartsWith("//", StringComparison.Ordinal) && !path.StartsWith("/\\", StringComparison.Ordinal)
        && !path.Any(char.IsControl)
            ? path
            : "/";

    public static IServiceCollection AddLanguages(this IServiceCollection services)
    {
        services.AddOptions<LanguageOptions>().Configure<IConfiguration>(LanguageOptions.Read).ValidateOnStart();
        services.AddSingleton<IValidateOptions<LanguageOptions>, LanguageOptionsValidator>();
        services.AddOptions<RequestLocalizationOptions>().Configure<IOptions<LanguageOptions>>((localization, languages) =>
        {
            var cultures = languages.Value.Languages.Select(Culture).ToList();
            localization.DefaultRequestCulture = new RequestCulture(Culture(languages.Value.HubLanguage));
            localization.SupportedCultures = cultures;
            localization.SupportedUICultures = cultures;
            localization.FallBackToParentCultures = true;   // cy-GB → cy, ar-EG → ar
            localization.FallBackToParentUICultures = true;
            localization.RequestCultureProviders =
            [
                new QueryStringRequestCultureProvider { QueryStringKey = QueryKey, UIQueryStringKey = QueryKey },
                new MemberLanguageProvider(),
                new CookieRequestCultureProvider { CookieName = CookieName },
                new AcceptLanguageHeaderRequestCultureProvider(),
            ];
        });
        return services;
    }

    /// <summary>The cookie the switch and the settings set: a year, for every page; not a secret.</summary>
    public static void Remember(HttpResponse response, string code) =>
        response.Cookies.Append(CookieName, CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(code)), new CookieOptions
        {
            Path = "/",
            MaxAge = TimeSpan.FromDays(365),
            HttpOnly = true,
            IsEssential = true,
            SameSite = SameSiteMode.Lax,
            Secure = response.HttpContext.Request.IsHttps,
        });

    public static void Forget(HttpResponse response) => response.Cookies.Delete(CookieName, new CookieOptions { Path = "/" });

    /// <summary>
    /// The signed-in member's choice, from their principal. Authenticates early (the result is kept for the rest of
    /// the request, so the sign-in check still runs once) and only where it can matter: a request with a sign-in
    /// cookie or token, for a page rather than a file (a path with an extension: the stylesheet, pictures).
    /// </summary>
    private sealed class MemberLanguageProvider : RequestCultureProvider
    {
        public override async Task<ProviderCultureResult?> DetermineProviderCultureResult(HttpContext httpContext)
        {
            var request = httpContext.Request;
            if (Path.HasExtension(request.Path.Value)
                || (!request.Cookies.ContainsKey("oursociety") && request.Headers.Authorization.Count == 0))
            {
                return null;
            }

            var result = await httpContext.AuthenticateAsync();
            return result.Principal?.FindFirstValue(Claim) is { Length: > 0 } code ? new ProviderCultureResult(code) : null;
        }
    }
}

/// <summary>
/// <c>OurSociety:Languages</c>: the languages the hub offers (default: every shipped one), and
/// <c>OurSociety:Hub:Language</c>: the language of a visitor whose browser asks for none of them (default "en").
/// </summary>
internal sealed class LanguageOptions
{
    public const string Section = "OurSociety:Languages";
    public const string HubLanguageKey = "OurSociety:Hub:Language";

    public IReadOnlyList<string> Languages { get; set; } = [.. OurSociety.Web.Hosting.Languages.Shipped.Select(l => l.Code)];

    public string HubLanguage { get; set; } = "en";

    /// <summary>
    /// Read by hand: the binder would add a configured list to the default one instead of replacing it. A list
    /// (<c>OurSociety__Languages__0=en</c>) or one comma-separated value (<c>OurSociety__Languages=en,cy</c>).
    /// </summary>
    public static void Read(LanguageOptions options, IConfiguration configuration)
    {
        var section = configuration.GetSection(Section);
        var list = section.Value is { } single
            ? single.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            : section.GetChildren().Select(c => c.Value?.Trim() ?? "").ToArray();
        if (section.Exists())
        {
            options.Languages = [.. list.Select(c => OurSociety.Web.Hosting.Languages.Find(c)?.Code ?? c)];
        }

        if (configuration[HubLanguageKey] is { } hub)
        {
            options.HubLanguage = OurSociety.Web.Hosting.Languages.Find(hub.Trim())?.Code ?? hub.Trim();
        }
    }
}

internal sealed class LanguageOptionsValidator : IValidateOptions<LanguageOptions>
{
    public ValidateOptionsResult Validate(string? name, LanguageOptions options)
    {
        var errors = new List<string>();
        var shipped = string.Join(", ", Languages.Shipped.Select(l => l.Code));
        if (options.Languages.Count == 0)
        {
            errors.Add($"{LanguageOptions.Section} must name at least one language; this node ships {shipped}.");
        }

        foreach (var code in options.Languages.Where(c => Languages.Find(c) is null))
        {
            errors.Add($"{LanguageOptions.Section} names \"{code}\", which this node does not ship; it ships {shipped}.");
        }

        if (options.Languages.Count > 0 && !options.Languages.Contains(options.HubLanguage, StringComparer.OrdinalIgnoreCase))
        {
            errors.Add($"{LanguageOptions.HubLanguageKey} is \"{options.HubLanguage}\", which is not one of {LanguageOptions.Section} " +
                       $"({string.Join(", ", options.Languages)}).");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
