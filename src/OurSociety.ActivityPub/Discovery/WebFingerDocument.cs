using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Unicode;

namespace OurSociety.ActivityPub.Discovery;

/// <summary>A WebFinger JSON Resource Descriptor (RFC 7033 §4.4).</summary>
public sealed record WebFingerDocument(string Subject, IReadOnlyList<string> Aliases, IReadOnlyList<WebFingerLink> Links)
{
    /// <summary>The JRD media type (RFC 7033 §10.2).</summary>
    public const string MediaType = "application/jrd+json";

    /// <summary>The link to the actor document.</summary>
    public const string SelfRel = "self";

    /// <summary>The link to the HTML profile.</summary>
    public const string ProfilePageRel = "http://webfinger.net/rel/profile-page";

    /// <summary>The remote-interaction template link (Mastodon's "follow from your own server").</summary>
    public const string SubscribeRel = "http://ostatus.org/schema/1.0/subscribe";

    private const int MaxBytes = 256 * 1024;

    internal static readonly JsonSerializerOptions WriteOptions = new()
    {
        Encoder = JavaScriptEncoder.Create(UnicodeRanges.All),
        WriteIndented = false,
    };

    /// <summary>The href of the <c>self</c> link with an ActivityPub media type (Mastodon requires one, INTEROP §1.1).</summary>
    public string? ActorId => Links.FirstOrDefault(l => l.Rel == SelfRel && l.Href is not null && IsActivityPubType(l.Type))?.Href;

    /// <summary>The JRD as compact JSON.</summary>
    public string ToJson()
    {
        var links = new JsonArray();
        foreach (var link in Links)
        {
            var o = new JsonObject { ["rel"] = link.Rel };
            if (link.Type is not null)
            {
                o["type"] = link.Type;
            }

            if (link.Href is not null)
            {
                o["href"] = link.Href;
            }

            if (link.Template is not null)
            {
                o["template"] = link.Template;
            }

            links.Add(o);
        }

        return new JsonObject
        {
            ["subject"] = Subject,
            ["aliases"] = new JsonArray([.. Aliases.Select(a => (JsonNode?)a)]),
            ["links"] = links,
        }.ToJsonString(WriteOptions);
    }

    /// <summary>Reads a JRD; null when it is not JSON, has no string <c>subject</c>, or is larger than 256 KiB. Bad links are skipped.</summary>
    public static WebFingerDocument? Parse(ReadOnlySpan<byte> utf8Json)
    {
        if (utf8Json.Length > MaxBytes)
        {
            return null;
        }

        JsonNode? node;
        try
        {
            node = JsonNode.Parse(utf8Json, documentOptions: new JsonDocumentOptions { MaxDepth = 16, AllowDuplicateProperties = false });
        }
        catch (JsonException)
        {
            return null;
        }

        if (node is not JsonObject o || Text(o["subject"]) is not { } subject)
        {
            return null;
        }

        var aliases = o["aliases"] is JsonArray a ? a.Select(Text).OfType<string>().ToList() : [];
        var links = o["links"] is JsonArray l
            ? l.OfType<JsonObject>()
                .Where(x => Text(x["rel"]) is not null)
                .Select(x => new WebFingerLink(Text(x["rel"])!, Text(x["type"]), Text(x["href"]), Text(x["template"])))
                .ToList()
            : [];
        return new WebFingerDocument(subject, aliases, links);
    }

    private static bool IsActivityPubType(string? type) =>
        type is not null && (type.StartsWith(ActivityStreams.MediaType, StringComparison.OrdinalIgnoreCase)
            || (type.StartsWith("application/ld+json", StringComparison.OrdinalIgnoreCase)
                && type.Contains(ActivityStreams.Context, StringComparison.Ordinal)));

    private static string? Text(JsonNode? node) =>
        node is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : null;
}

/// <summary>One JRD link: a relation and either an <c>href</c> or a <c>template</c>.</summary>
public sealed record WebFingerLink(string Rel, string? Type, string? Href, string? Template = null);

/// <summary>host-meta (RFC 6415), the XRD fallback that points WebFinger clients to the lrdd template (INTEROP §1.2).</summary>
public static class HostMeta
{
    /// <summary>The XRD namespace; Mastodon finds the Link with an XPath on it, so it must be the default namespace.</summary>
    public const string Namespace = "http://docs.oasis-open.org/ns/xri/xrd-1.0";

    /// <summary>The media type of the document.</summary>
    public const string MediaType = "application/xrd+xml";

    /// <summary>The host-meta document of an origin (<c>https://host[:port]</c>, no trailing slash).</summary>
    public static string Xml(string origin)
    {
        ArgumentNullException.ThrowIfNull(origin);
        var template = System.Security.SecurityElement.Escape(origin.TrimEnd('/') + "/.well-known/webfinger?resource={uri}");
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
            + $"<XRD xmlns=\"{Namespace}\">\n  <Link rel=\"lrdd\" template=\"{template}\"/>\n</XRD>\n";
    }
}
