using System.Globalization;
using System.Text.Json.Nodes;
using OurSociety.ActivityPub.Json;

namespace OurSociety.ActivityPub.Discovery;

/// <summary>
/// A NodeInfo document, written as schema 2.0 or 2.1 (jhass/nodeinfo). The schemas forbid extra keys at the top level,
/// in <c>software</c> and in <c>usage</c>, and 2.0 does not know <c>software.repository</c>/<c>homepage</c> (INTEROP §1.3).
/// </summary>
public sealed record NodeInfoDocument(
    string SoftwareName,
    string SoftwareVersion,
    bool OpenRegistrations,
    long UsersTotal,
    long UsersActiveMonth,
    long UsersActiveHalfyear,
    long LocalPosts)
{
    /// <summary>NodeInfo 2.0.</summary>
    public const string Version20 = "2.0";

    /// <summary>NodeInfo 2.1.</summary>
    public const string Version21 = "2.1";

    /// <summary>The protocols the node speaks (schema enum); at least one.</summary>
    public IReadOnlyList<string> Protocols { get; init; } = ["activitypub"];

    /// <summary>Third-party sites the node can read from (schema enum values only).</summary>
    public IReadOnlyList<string> InboundServices { get; init; } = [];

    /// <summary>Third-party sites and feeds the node publishes to (schema enum values only, e.g. <c>atom1.0</c>).</summary>
    public IReadOnlyList<string> OutboundServices { get; init; } = [];

    /// <summary>Written in 2.1 only.</summary>
    public string? SoftwareRepository { get; init; }

    /// <summary>Written in 2.1 only.</summary>
    public string? SoftwareHomepage { get; init; }

    /// <summary>Replies; left out when null.</summary>
    public long? LocalComments { get; init; }

    /// <summary>Free-form (the schema allows any object): node name, description, our own keys.</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; init; } = new Dictionary<string, string>();

    /// <summary>Free-form lists in <c>metadata</c> (e.g. a hub's topics), written as JSON arrays of strings.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> MetadataLists { get; init; } = new Dictionary<string, IReadOnlyList<string>>();

    /// <summary>The schema URI of a version, which is also the link relation in <c>/.well-known/nodeinfo</c>.</summary>
    public static string SchemaRel(string version) => $"http://nodeinfo.diaspora.software/ns/schema/{Check(version)}";

    /// <summary>
    /// Reading another node's <c>/.well-known/nodeinfo</c>: the address of the newest 2.x document it links on the node
    /// itself (same scheme, host and port as <paramref name="origin"/>: a link elsewhere could make us fetch any host).
    /// Null when it links none, or is not a links document.
    /// </summary>
    public static Uri? DocumentLink(JsonNode? wellKnown, Uri origin)
    {
        ArgumentNullException.ThrowIfNull(origin);
        if (wellKnown is not JsonObject { } index || index["links"] is not JsonArray links)
        {
            return null;
        }

        const string schema2 = "http://nodeinfo.diaspora.software/ns/schema/2.";
        return links.OfType<JsonObject>()
            .Select(l => (Rel: ApDocument.AsString(l["rel"]) ?? "", Href: ApDocument.AsString(l["href"])))
            .Where(l => l.Rel.StartsWith(schema2, StringComparison.Ordinal))
            .Select(l => (l.Rel, Url: Uri.TryCreate(l.Href, UriKind.Absolute, out var url) ? url : null))
            .Where(l => l.Url is not null
                && Uri.Compare(l.Url, origin, UriComponents.SchemeAndServer, UriFormat.Unescaped, StringComparison.OrdinalIgnoreCase) == 0)
            .OrderByDescending(l => l.Rel, StringComparer.Ordinal)
            .Select(l => l.Url)
            .FirstOrDefault();
    }

    /// <summary>The Content-Type the document is served with (NodeInfo "Retrieval").</summary>
    public static string ContentType(string version) =>
        $"application/json; profile=\"http://nodeinfo.diaspora.software/ns/schema/{Check(version)}#\"";

    /// <summary>The document for one schema version.</summary>
    public string ToJson(string version)
    {
        Check(version);
        if (SoftwareName.Length == 0 || !SoftwareName.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-'))
        {
            throw new InvalidOperationException("software.name must match ^[a-z0-9-]+$.");
        }

        var software = new JsonObject { ["name"] = SoftwareName, ["version"] = SoftwareVersion };
        if (version == Version21)
        {
            if (SoftwareRepository is not null)
            {
                software["repository"] = SoftwareRepository;
            }

            if (SoftwareHomepage is not null)
            {
                software["homepage"] = SoftwareHomepage;
            }
        }

        var usage = new JsonObject
        {
            ["users"] = new JsonObject
            {
                ["total"] = UsersTotal,
                ["activeHalfyear"] = UsersActiveHalfyear,
                ["activeMonth"] = UsersActiveMonth,
            },
            ["localPosts"] = LocalPosts,
        };
        if (LocalComments is { } comments)
        {
            usage["localComments"] = comments;
        }

        var metadata = new JsonObject();
        foreach (var (key, value) in Metadata)
        {
            metadata[key] = value;
        }

        foreach (var (key, values) in MetadataLists)
        {
            metadata[key] = new JsonArray([.. values.Select(v => (JsonNode?)v)]);
        }

        return new JsonObject
        {
            ["version"] = version,
            ["software"] = software,
            ["protocols"] = new JsonArray([.. Protocols.Select(p => (JsonNode?)p)]),
            ["services"] = new JsonObject
            {
                ["inbound"] = new JsonArray([.. InboundServices.Select(p => (JsonNode?)p)]),
                ["outbound"] = new JsonArray([.. OutboundServices.Select(p => (JsonNode?)p)]),
            },
            ["openRegistrations"] = OpenRegistrations,
            ["usage"] = usage,
            ["metadata"] = metadata,
        }.ToJsonString(WebFingerDocument.WriteOptions);
    }

    /// <summary>
    /// The <c>/.well-known/nodeinfo</c> links document: 2.0 and 2.1 at <c>{origin}/nodeinfo/{version}</c>, and, when given,
    /// the FEP-2677 application actor.
    /// </summary>
    public static string LinksJson(string origin, string? applicationActorId)
    {
        ArgumentNullException.ThrowIfNull(origin);
        var links = new JsonArray();
        foreach (var version in new[] { Version20, Version21 })
        {
            links.Add(new JsonObject
            {
                ["rel"] = SchemaRel(version),
                ["href"] = string.Create(CultureInfo.InvariantCulture, $"{origin.TrimEnd('/')}/nodeinfo/{version}"),
            });
        }

        if (applicationActorId is not null)
        {
            links.Add(new JsonObject { ["rel"] = ActivityStreams.Context + "#Application", ["href"] = applicationActorId });
        }

        return new JsonObject { ["links"] = links }.ToJsonString(WebFingerDocument.WriteOptions);
    }

    private static string Check(string version) => version is Version20 or Version21
        ? version
        : throw new ArgumentOutOfRangeException(nameof(version), version, "NodeInfo version must be 2.0 or 2.1.");
}
