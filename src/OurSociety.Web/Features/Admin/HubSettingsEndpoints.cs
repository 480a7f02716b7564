using System.Globalization;
using System.Security.Claims;
using System.Text;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using OurSociety.Content;
using OurSociety.Core.Hubs;
using OurSociety.Core.Media;
using OurSociety.Web.Hosting;
using OurSociety.Web.Pages;
using OurSociety.Web.Resources;

namespace OurSociety.Web.Features.Admin;

/// <summary>
/// <c>/admin/hub</c>: the hub's name, locality, description, rules, accent colour and logo, as an admin sets them.
/// The values go to <see cref="HubIdentity"/>, which every page and federation document reads.
/// </summary>
internal static class HubSettingsEndpoints
{
    /// <summary>The largest logo file we take: plenty for a logo, which is kept at 512 px at most.</summary>
    public const long LogoMaxBytes = 2 * 1024 * 1024;

    /// <summary>The largest logo request we read: the picture plus room for the form's token and headers.</summary>
    public const long LogoMaxRequestBytes = LogoMaxBytes + (64 * 1024);

    /// <summary>Mapped on the admin group: only admins reach these.</summary>
    public static RouteGroupBuilder MapHubSettings(this RouteGroupBuilder admin)
    {
        admin.MapGet("/hub", Show);
        admin.MapPost("/hub", SaveAsync);
        admin.MapPost("/hub/logo", UploadLogoAsync).DisableAntiforgery();
        admin.MapPost("/hub/logo/remove", RemoveLogoAsync).RequireAntiforgery();
        return admin;
    }

    internal static IResult Show(HubIdentity hub, IStringLocalizer<AdminText> text, IStringLocalizer<Text> shared, string? notice) =>
        Page(hub, HubForm.From(hub.Current), null, Notices.Text(notice, text, shared));

    internal static async Task<IResult> SaveAsync(
        [FromForm] HubForm form, ClaimsPrincipal user, HubIdentity hub, IStringLocalizer<AdminText> text, CancellationToken ct)
    {
        var change = form.Read(out var errors, text);
        if (errors.Count > 0)
        {
            return Page(hub, form, errors, null, StatusCodes.Status400BadRequest);
        }

        var changed = await hub.SaveAsync(change, user.MemberId(), ct);
        return TypedResults.Redirect(changed ? "/admin/hub?notice=hub-saved" : "/admin/hub?notice=hub-unchanged");
    }

    /// <summary>
    /// Reads the upload itself instead of through form binding (as the avatar form does), so an oversized body is
    /// refused before it is read; the token is then checked before anything is kept.
    /// </summary>
    internal static async Task<IResult> UploadLogoAsync(
        HttpContext context, IAntiforgery antiforgery, HubIdentity hub, MediaFiles files, IMediaStore media, TimeProvider time,
        IStringLocalizer<AdminText> text, CancellationToken ct)
    {
        IResult Refused(string message, int status = StatusCodes.Status400BadRequest) =>
            Page(hub, HubForm.From(hub.Current), Error("logo", message), null, status);

        var request = context.Request;
        var tooLarge = text.Format("Logo.TooLarge", ("megabytes", LogoMaxBytes / 1024 / 1024));
        if (request.ContentLength > LogoMaxRequestBytes)
        {
            return Refused(tooLarge, StatusCodes.Status413PayloadTooLarge);
        }

        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } sizeLimit)
        {
            sizeLimit.MaxRequestBodySize = LogoMaxRequestBytes;
        }

        if (!request.HasFormContentType)
        {
            return Refused(text["Logo.Missing"]);
        }

        IFormCollection form;
        try
        {
            form = await request.ReadFormAsync(new FormOptions { MultipartBodyLengthLimit = LogoMaxRequestBytes }, ct);
        }
        catch (InvalidDataException)
        {
            return Refused(text["Logo.Unreadable"]);
        }

        if (!await antiforgery.IsRequestValidAsync(context))
        {
            return TypedResults.StatusCode(StatusCodes.Status400BadRequest);
        }

        if (form.Files.GetFile("logo") is not { Length: > 0 } file)
        {
            return Refused(text["Logo.Missing"]);
        }

        if (file.Length > LogoMaxBytes)
        {
            return Refused(tooLarge, StatusCodes.Status413PayloadTooLarge);
        }

        var bytes = new byte[file.Length];
        await using (var input = file.OpenReadStream())
        {
            await input.ReadExactlyAsync(bytes, ct);
        }

        if (LooksLikeSvg(bytes, file.FileName, file.ContentType))
        {
            return Refused(text["Logo.Svg"]);
        }

        switch (ImageProcessor.Process(bytes, LogoMaxBytes))
        {
            case ImageResult.Refused(var reason, var message):
                return Refused(reason switch
                {
                    ImageRefusal.WrongType => text["Logo.NotAnImage"],
                    ImageRefusal.TooLarge => tooLarge,
                    ImageRefusal.Damaged => text["Logo.Damaged"],
                    _ => message,
                });
            case ImageResult.Ok(var processed):
                var (large, small) = LogoPictures.Make(processed);
                var adminId = context.User.MemberId();
                var largeItem = await KeepAsync(large, adminId, files, media, time, ct);
                var smallItem = await KeepAsync(small, adminId, files, media, time, ct);
                await hub.SetLogoAsync(new HubLogo(
                    largeItem.Id, largeItem.MediaType, largeItem.Width, largeItem.Height,
                    smallItem.Id, smallItem.MediaType, smallItem.Width, smallItem.Height), adminId, ct);
                return TypedResults.Redirect("/admin/hub?notice=logo-saved");
            default:
                throw new InvalidOperationException("ImageProcessor gave no answer.");
        }
    }

    /// <summary>The hub has no logo from now on; the old pictures stay, as other servers may have copied their address.</summary>
    internal static async Task<IResult> RemoveLogoAsync(ClaimsPrincipal user, HubIdentity hub, CancellationToken ct)
    {
        await hub.SetLogoAsync(null, user.MemberId(), ct);
        return TypedResults.Redirect("/admin/hub?notice=logo-removed");
    }

    /// <summary>
    /// SVG is refused by name, type or content: it is XML that may carry scripts, and a logo is shown on every page.
    /// (ImageProcessor would refuse it too, but as "not a picture", which is not what the admin needs to hear.)
    /// </summary>
    internal static bool LooksLikeSvg(ReadOnlySpan<byte> bytes, string? fileName, string? contentType)
    {
        if (fileName?.EndsWith(".svg", StringComparison.OrdinalIgnoreCase) == true || fileName?.EndsWith(".svgz", StringComparison.OrdinalIgnoreCase) == true
            || contentType?.StartsWith("image/svg", StringComparison.OrdinalIgnoreCase) == true)
        {
            return true;
        }

        var head = Encoding.UTF8.GetString(bytes[..Math.Min(bytes.Length, 1024)]).TrimStart('\uFEFF', ' ', '\t', '\r', '\n');
        return head.StartsWith('<') && head.Contains("<svg", StringComparison.OrdinalIgnoreCase);
    }

    private static async Task<MediaItem> KeepAsync(
        ProcessedImage image, Guid adminId, MediaFiles files, IMediaStore media, TimeProvider time, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var item = new MediaItem(Guid.CreateVersion7(now), adminId, image.MediaType, image.Width, image.Height, image.Bytes.Length, null, now);
        await files.SaveAsync(item.Id, image, ct);
        await media.AddAsync(item, ct);
        return item;
    }

    private static Dictionary<string, string[]> Error(string field, string message) => new() { [field] = [message] };

    private static RazorComponentResult<HubSettingsPage> Page(HubIdentity hub, HubForm form, IDictionary<string, string[]>? errors, string? notice, int status = StatusCodes.Status200OK) =>
        Html.Page<HubSettingsPage>(new { Form = form, hub.Current.Logo, Errors = errors, Notice = notice }, status);
}

/// <summary>
/// The hub form as sent, checked by <see cref="Read"/>. Settable properties rather than a constructor, so a field left
/// out binds as null (and is refused or emptied as such) instead of failing the binding.
/// </summary>
public sealed class HubForm
{
    public string? Name { get; set; }

    public string? Locality { get; set; }

    public string? Description { get; set; }

    public string? Rules { get; set; }

    public string? Accent { get; set; }

    /// <summary>Topic words, separated by spaces or commas.</summary>
    public string? Topics { get; set; }

    public string? Latitude { get; set; }

    public string? Longitude { get; set; }

    public static HubForm From(HubProfile hub) => new()
    {
        Topics = hub.Topics,
        Latitude = hub.Latitude?.ToString(CultureInfo.InvariantCulture),
        Longitude = hub.Longitude?.ToString(CultureInfo.InvariantCulture),
        Name = hub.Name,
        Locality = hub.Locality,
        Description = hub.Description,
        Rules = hub.Rules,
        Accent = hub.Accent,
    };

    public HubChange Read(out Dictionary<string, string[]> errors, IStringLocalizer<AdminText> text)
    {
        errors = [];
        var name = (Name ?? "").Trim();
        var locality = (Locality ?? "").Trim();
        // Line breaks as the browser sends them (\r\n) become \n, so an unchanged text compares equal.
        var description = (Description ?? "").Replace("\r\n", "\n", StringComparison.Ordinal).Trim();
        var rules = (Rules ?? "").Replace("\r\n", "\n", StringComparison.Ordinal).Trim();
        var accent = (Accent ?? "").Trim();
        if (name.Length == 0)
        {
            errors["name"] = [text["HubForm.NameMissing"]];
        }

        TooLong(errors, "name", name, HubLimits.Name, text);
        TooLong(errors, "locality", locality, HubLimits.Locality, text);
        TooLong(errors, "description", description, HubLimits.Description, text);
        TooLong(errors, "rules", rules, HubLimits.Rules, text);
        if (accent.Length > 0)
        {
            if (AccentColour.Normalize(accent) is not { } colour)
            {
                errors["accent"] = [text.Format("HubForm.AccentFormat", ("value", accent))];
            }
            else
            {
                accent = colour;
                var (white, links) = AccentColour.Contrasts(colour);
                var problems = new List<string>();
                if (white < AccentColour.MinimumContrast)
                {
                    problems.Add(text.Format("HubForm.AccentWhiteText", ("colour", colour), ("ratio", Ratio(white))));
                }

                if (links < AccentColour.MinimumContrast)
                {
                    problems.Add(text.Format("HubForm.AccentLinks", ("colour", colour), ("ratio", Ratio(links))));
                }

                if (problems.Count > 0)
                {
                    errors["accent"] = [.. problems];
                }
            }
        }

        var topics = ReadTopics(errors, text);
        var (latitude, longitude) = ReadCoordinates(errors, text);
        return new HubChange(name, locality, description, rules, accent, topics, latitude, longitude);
    }

    /// <summary>Normalised like a post's topics (lower case, no '#', each once), at most <see cref="HubLimits.Topics"/>.</summary>
    private string ReadTopics(Dictionary<string, string[]> errors, IStringLocalizer<AdminText> text)
    {
        var words = new List<string>();
        foreach (var raw in (Topics ?? "").Split([' ', ',', '\t', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries))
        {
            if (!Finding.Topics.TryNormalise(raw, out var topic))
            {
                errors["topics"] = [text.Format("HubForm.TopicInvalid", ("topic", raw), ("max", Core.Posts.PostLimits.TopicMax))];
                continue;
            }

            if (!words.Contains(topic, StringComparer.Ordinal))
            {
                words.Add(topic);
            }
        }

        if (words.Count > HubLimits.Topics)
        {
            errors["topics"] = [text.Format("HubForm.TopicsTooMany", ("max", HubLimits.Topics))];
        }

        return string.Join(' ', words);
    }

    /// <summary>Both coordinates or neither; decimal degrees, latitude −90…90, longitude −180…180 (a dot or a comma).</summary>
    private (double? Latitude, double? Longitude) ReadCoordinates(Dictionary<string, string[]> errors, IStringLocalizer<AdminText> text)
    {
        var latitudeText = (Latitude ?? "").Trim();
        var longitudeText = (Longitude ?? "").Trim();
        if (latitudeText.Length == 0 && longitudeText.Length == 0)
        {
            return (null, null);
        }

        double? Read(string field, string value, double limit, string key)
        {
            if (value.Length == 0)
            {
                errors[field] = [text["HubForm.CoordinatesBoth"]];
                return null;
            }

            if (!double.TryParse(value.Replace(',', '.'), NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var degrees)
                || degrees < -limit || degrees > limit)
            {
                errors[field] = [text.Format(key, ("value", value))];
                return null;
            }

            return degrees;
        }

        var latitude = Read("latitude", latitudeText, 90, "HubForm.LatitudeInvalid");
        var longitude = Read("longitude", longitudeText, 180, "HubForm.LongitudeInvalid");
        return latitude is { } la && longitude is { } lo ? (la, lo) : (null, null);
    }

    private static string Ratio(double ratio) => AccentColour.ForDisplay(ratio).ToString("0.0", CultureInfo.CurrentCulture);

    private static void TooLong(Dictionary<string, string[]> errors, string field, string value, int max, IStringLocalizer<AdminText> text)
    {
        if (value.Length > max)
        {
            errors[field] = [text.Format("HubForm.TooLong", ("max", max))];
        }
    }
}
