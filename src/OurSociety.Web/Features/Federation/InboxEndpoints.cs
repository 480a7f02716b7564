using Microsoft.AspNetCore.Http.Features;
using OurSociety.Federation;
using OurSociety.Federation.Inbox;

namespace OurSociety.Web.Features.Federation;

/// <summary>
/// The inboxes: <c>POST /inbox</c> (shared), <c>/actor/inbox</c> (instance actor) and <c>/users/{username}/inbox</c>.
/// Served on their own short pipeline branch (see Program.cs), so they are matched here rather than by routing. The
/// HTTP checks (recipient, media type, size) are made here; <see cref="InboxReceiver"/> does the ActivityPub ones.
/// </summary>
internal static class InboxEndpoints
{
    /// <summary>The largest activity accepted (Mastodon reads at most 1 MiB of any response too).</summary>
    public const int MaxBodyBytes = 1024 * 1024;

    private static readonly string[] AcceptedMediaTypes = ["application/activity+json", "application/ld+json", "application/json"];

    public static async Task ReceiveAsync(HttpContext http, InboxReceiver receiver, NodeIdentity node)
    {
        var ct = http.RequestAborted;
        var path = http.Request.Path.Value ?? "";
        string? username = null;
        if (path is not ("/inbox" or "/actor/inbox"))
        {
            const string prefix = "/users/";
            var name = path.StartsWith(prefix, StringComparison.Ordinal) ? path[prefix.Length..^"/inbox".Length] : "";
            if (name.Length == 0 || name.Contains('/', StringComparison.Ordinal))
            {
                await ApResults.Refuse(StatusCodes.Status404NotFound, "no such inbox").ExecuteAsync(http);
                return;
            }

            username = Uri.UnescapeDataString(name);
        }

        var (found, recipient) = await receiver.RecipientAsync(username, ct);
        var receipt = !found ? receiver.Refuse(path, System.Net.HttpStatusCode.NotFound, "no such actor")
            : !IsActivityMediaType(http.Request.ContentType)
                ? receiver.Refuse(path, System.Net.HttpStatusCode.UnsupportedMediaType, "the body must be application/activity+json")
            : await ReadBodyAsync(http, ct) is not { } body
                ? receiver.Refuse(path, System.Net.HttpStatusCode.RequestEntityTooLarge, $"the body is larger than {MaxBodyBytes} bytes")
            : await receiver.ReceiveAsync(path, recipient, IncomingRequests.Describe(http.Request, node.Origin, body), ct);
        if (receipt.RetryAfter is { } retryAfter)
        {
            http.Response.Headers.RetryAfter = ((long)Math.Ceiling(retryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        var result = receipt.Reason is { } reason ? ApResults.Refuse((int)receipt.Status, reason) : Results.StatusCode((int)receipt.Status);
        await result.ExecuteAsync(http);
    }

    private static bool IsActivityMediaType(string? contentType)
    {
        if (contentType is null)
        {
            return false;
        }

        var mediaType = contentType.Split(';', 2)[0].Trim();
        return AcceptedMediaTypes.Any(m => string.Equals(m, mediaType, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>The body, or null when it is over the cap (without reading more than the cap).</summary>
    private static async Task<byte[]?> ReadBodyAsync(HttpContext http, CancellationToken ct)
    {
        if (http.Request.ContentLength > MaxBodyBytes)
        {
            return null;
        }

        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = null;   // our own cap below answers 413 with a reason
        }

        if (http.Request.ContentLength is { } declared)
        {
            // The usual case: one array of the declared size, filled in place (no chunk buffer, no copy).
            var body = new byte[declared];
            var filled = await http.Request.Body.ReadAtLeastAsync(body, body.Length, throwOnEndOfStream: false, ct);
            return filled == body.Length ? body : body[..filled];
        }

        using var buffer = new MemoryStream(4096);
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await http.Request.Body.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > MaxBodyBytes)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }
}
