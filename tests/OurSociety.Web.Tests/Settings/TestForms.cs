using System.Net;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using OurSociety.Testing;

namespace OurSociety.Web.Tests.Settings;

/// <summary>What the settings and admin tests need beyond <see cref="Browserless"/>: file uploads and repeated fields.</summary>
internal static partial class TestForms
{
    public const string TokenField = "__RequestVerificationToken";

    /// <summary>The antiforgery token of the form posting to <paramref name="action"/>.</summary>
    public static string Token(string html, string action)
    {
        var form = Browserless.FormWithAction(html, action) ?? throw new InvalidOperationException($"No form posting to {action}");
        var match = TokenInput().Match(form);
        return match.Success ? WebUtility.HtmlDecode(match.Groups["value"].Value) : throw new InvalidOperationException($"No token in the form posting to {action}");
    }

    /// <summary>Loads the page, then posts its form with the given fields, where a name may repeat (checkboxes).</summary>
    public static async Task<HttpResponseMessage> SubmitManyAsync(
        this Browserless browser, string pageUrl, string action, IEnumerable<KeyValuePair<string, string>> fields)
    {
        var (status, html) = await browser.GetAsync(pageUrl);
        Assert.Equal(HttpStatusCode.OK, status);
        using var content = new FormUrlEncodedContent([new(TokenField, Token(html, action)), .. fields]);
        return await browser.Client.PostAsync(action, content, TestContext.Current.CancellationToken);
    }

    public static async Task<HttpResponseMessage> UploadAvatarAsync(
        this Browserless browser, byte[] bytes, string fileName = "me.png", string contentType = "image/png", bool withToken = true)
    {
        var (status, html) = await browser.GetAsync("/settings/profile");
        Assert.Equal(HttpStatusCode.OK, status);
        using var content = new MultipartFormDataContent();
        if (withToken)
        {
            content.Add(new StringContent(Token(html, "/settings/profile/avatar")), TokenField);
        }

        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        content.Add(file, "avatar", fileName);
        return await browser.Client.PostAsync("/settings/profile/avatar", content, TestContext.Current.CancellationToken);
    }

    public static async Task<string> BodyAsync(this HttpResponseMessage response) =>
        await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);

    /// <summary>A file that starts like a picture of the given type, padded to <paramref name="length"/> bytes.</summary>
    public static byte[] Picture(string type, int length = 256)
    {
        byte[] head = type switch
        {
            "png" => [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A],
            "jpeg" => [0xFF, 0xD8, 0xFF, 0xE0],
            "gif" => "GIF89a"u8.ToArray(),
            "webp" => [.. "RIFF"u8, 0x10, 0, 0, 0, .. "WEBPVP8 "u8],
            _ => throw new ArgumentOutOfRangeException(nameof(type)),
        };
        var bytes = new byte[Math.Max(length, head.Length)];
        head.CopyTo(bytes, 0);
        return bytes;
    }

    [GeneratedRegex("""<input[^>]*name="__RequestVerificationToken"[^>]*value="(?<value>[^"]*)"[^>]*>""", RegexOptions.IgnoreCase)]
    private static partial Regex TokenInput();
}

/// <summary>A node where anyone may ask to join and an admin approves.</summary>
public sealed class ApprovalNodeFactory : NodeFactory
{
    public ApprovalNodeFactory() => With("OurSociety:Registrations", "approval");
}

/// <summary>A node closed to new members: only admins may invite.</summary>
public sealed class ClosedNodeFactory : NodeFactory
{
    public ClosedNodeFactory() => With("OurSociety:Registrations", "closed");
}
