using System.Net;
using System.Text.Json;
using System.Xml;
using Microsoft.Extensions.Logging;
using OurSociety.ActivityPub.Discovery;

namespace OurSociety.Federation.Http;

/// <summary>What a WebFinger lookup gave: the actor id, or why not.</summary>
public abstract record WebFingerResult
{
    private WebFingerResult()
    {
    }

    /// <summary>The <c>self</c> link of ActivityPub type, and the <c>subject</c> the server named (its canonical handle).</summary>
    public sealed record Found(Uri ActorId, string Subject) : WebFingerResult;

    /// <summary>No such account (404 from WebFinger and from host-meta's template).</summary>
    public sealed record NotFound(string Reason) : WebFingerResult;

    /// <summary>410: the account was deleted or suspended for good.</summary>
    public sealed record Gone(string Reason) : WebFingerResult;

    /// <summary>Our rules said no (address, scheme, size), or the answer was not a usable JRD.</summary>
    public sealed record Refused(string Reason) : WebFingerResult;

    /// <summary>The network or the server failed; worth trying again later.</summary>
    public sealed record Failed(int? Status, string Reason) : WebFingerResult;
}

/// <summary>
/// Finds the actor behind a handle (INTEROP §1.1 as a client): WebFinger over https, one host-meta <c>lrdd</c>
/// fallback after a 404 (as Mastodon), unsigned (WebFinger is public by design). A host whose <c>http://</c> origin
/// is listed in <see cref="FederationOptions.AllowedPrivateOrigins"/> is asked over http, and with
/// <see cref="FederationOptions.AllowPrivateAddresses"/> a host that does not answer https is: test networks only.
/// </summary>
public sealed partial class WebFingerClient(GuardedHttp http, OutboundGuard guard, ILogger<WebFingerClient> log)
{
    private const string XrdNamespace = "http://docs.oasis-open.org/ns/xri/xrd-1.0";

    public async Task<WebFingerResult> ResolveAsync(Handle handle, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(handle);
        if (!Uri.TryCreate($"http://{handle.Host}/", UriKind.Absolute, out var plain))
        {
            return new WebFingerResult.Refused($"'{handle.Host}' is not a host name");
        }

        var resource = Uri.EscapeDataString($"acct:{handle.User}@{handle.Host}");
        if (guard.IsAllowedPrivateOrigin(plain))
        {
            return await ResolveOverAsync(Uri.UriSchemeHttp, handle.Host, resource, cancellationToken);
        }

        var result = await ResolveOverAsync(Uri.UriSchemeHttps, handle.Host, resource, cancellationToken);
        // AllowPrivateAddresses allows plain http too (closed test networks): a server there that cannot be reached
        // over https is asked again over http. Elsewhere the guard refuses http, so nothing is asked twice.
        return result is WebFingerResult.Failed { Status: null } && guard.CheckUrl(plain) is null
            ? await ResolveOverAsync(Uri.UriSchemeHttp, handle.Host, resource, cancellationToken)
            : result;
    }

    private async Task<WebFingerResult> ResolveOverAsync(string scheme, string host, string resource, CancellationToken cancellationToken)
    {
        var result = await QueryAsync(new Uri($"{scheme}://{host}/.well-known/webfinger?resource={resource}"), cancellationToken);
        if (result is not WebFingerResult.NotFound)
        {
            return result;
        }

        // Once, not recursively: a server without /.well-known/webfinger may publish its template in host-meta.
        var template = await LrddTemplateAsync(new Uri($"{scheme}://{host}/.well-known/host-meta"), cancellationToken);
        return template is not null && Uri.TryCreate(template.Replace("{uri}", resource, StringComparison.Ordinal), UriKind.Absolute, out var lrdd)
            ? await QueryAsync(lrdd, cancellationToken)
            : result;
    }

    private async Task<WebFingerResult> QueryAsync(Uri url, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await http.SendAsync(url, hop => Get(hop, "application/jrd+json, application/json"), cancellationToken);
            var status = (int)response.StatusCode;
            if (response.StatusCode == HttpStatusCode.NotFound)
            {
                return new WebFingerResult.NotFound($"{url} answered 404");
            }

            if (response.StatusCode == HttpStatusCode.Gone)
            {
                return new WebFingerResult.Gone($"{url} answered 410: the account is gone");
            }

            if (status is < 200 or > 299)
            {
                return new WebFingerResult.Failed(status, $"{url} answered {status}");
            }

            return ReadJrd(url, await response.ReadBodyAsync());
        }
        catch (FederationHttpException e)
        {
            return e.Error == FederationHttpError.Refused
                ? new WebFingerResult.Refused(e.Message)
                : new WebFingerResult.Failed(null, e.Message);
        }
    }

    private WebFingerResult ReadJrd(Uri url, byte[] body)
    {
        try
        {
            using var json = JsonDocument.Parse(body, new JsonDocumentOptions { MaxDepth = 16 });
            var root = json.RootElement;
            if (root.ValueKind != JsonValueKind.Object
                || !root.TryGetProperty("subject", out var subject) || subject.ValueKind != JsonValueKind.String)
            {
                return Refuse(url, "the answer has no subject");
            }

            if (root.TryGetProperty("links", out var links) && links.ValueKind == JsonValueKind.Array)
            {
                foreach (var link in links.EnumerateArray())
                {
                    if (link.ValueKind == JsonValueKind.Object
                        && Text(link, "rel") == "self"
                        && ApMediaType.IsActivityPub(Text(link, "type"))
                        && Uri.TryCreate(Text(link, "href"), UriKind.Absolute, out var href)
                        && href.Scheme is "https" or "http")
                    {
                        return new WebFingerResult.Found(href, subject.GetString()!);   // ValueKind checked above
                    }
                }
            }

            return Refuse(url, "the answer has no ActivityPub self link");
        }
        catch (JsonException)
        {
            return Refuse(url, "the answer is not JSON");
        }
    }

    /// <summary>The <c>lrdd</c> template of host-meta (XRD), or null when there is none or the request fails.</summary>
    private async Task<string?> LrddTemplateAsync(Uri url, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await http.SendAsync(url, hop => Get(hop, "application/xrd+xml, application/xml, text/xml"), cancellationToken);
            if (!response.Response.IsSuccessStatusCode)
            {
                return null;
            }

            var body = await response.ReadBodyAsync();
            // No DTDs and no external resolution: an XRD needs neither, and both are ways into the file system.
            using var reader = XmlReader.Create(new MemoryStream(body), new XmlReaderSettings
            {
                DtdProcessing = DtdProcessing.Prohibit,
                XmlResolver = null,
                MaxCharactersInDocument = body.Length,
            });
            while (reader.Read())
            {
                if (reader is { NodeType: XmlNodeType.Element, LocalName: "Link", NamespaceURI: XrdNamespace }
                    && reader.GetAttribute("rel") == "lrdd"
                    && reader.GetAttribute("template") is { } template
                    && template.Contains("{uri}", StringComparison.Ordinal))
                {
                    return template;
                }
            }

            return null;
        }
        catch (FederationHttpException)
        {
            return null;   // logged by GuardedHttp; the WebFinger 404 stands
        }
        catch (XmlException e)
        {
            LogRefused(url, $"host-meta is not XML: {e.Message}");
            return null;
        }
    }

    private static HttpRequestMessage Get(Uri url, string accept)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.TryAddWithoutValidation("Accept", accept);
        return request;
    }

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private WebFingerResult.Refused Refuse(Uri url, string reason)
    {
        LogRefused(url, reason);
        return new WebFingerResult.Refused(reason);
    }

    [LoggerMessage(EventId = 2421, Level = LogLevel.Warning, Message = "Refused the WebFinger answer from {Url}: {Reason}")]
    private partial void LogRefused(Uri url, string reason);
}
