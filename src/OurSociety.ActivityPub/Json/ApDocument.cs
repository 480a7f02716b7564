using System.Text.Json;
using System.Text.Json.Nodes;
using OurSociety.ActivityPub.Vocabulary;

namespace OurSociety.ActivityPub.Json;

/// <summary>
/// A received ActivityStreams document, read tolerantly: references as string, object or array; <c>@context</c> in any
/// shape; single values where arrays are usual. The JSON is kept whole, unknown properties included.
/// </summary>
/// <remarks>
/// Documents are read as plain JSON, the way Mastodon reads them (INTEROP §2.2), not JSON-LD-expanded. Because of that,
/// JSON-LD keywords that would restructure the document for an expanding reader (<c>@graph</c>, <c>@included</c>) are
/// refused wherever they appear: what we read and what a JSON-LD reader reads must be the same thing (INTEROP §7.8).
/// </remarks>
public sealed class ApDocument
{
    /// <summary>How deep objects and arrays may nest; real documents stay far below this.</summary>
    public const int MaxDepth = 32;

    private static readonly JsonDocumentOptions ReaderOptions = new()
    {
        MaxDepth = MaxDepth,
        // Two values for one key are read differently by different parsers: another way to smuggle.
        AllowDuplicateProperties = false,
        CommentHandling = JsonCommentHandling.Disallow,
        AllowTrailingCommas = false,
    };

    private ApDocument(JsonObject json) => Json = json;

    /// <summary>The whole document.</summary>
    public JsonObject Json { get; }

    /// <summary>Parses UTF-8 JSON; refuses non-objects, <c>@graph</c>/<c>@included</c> anywhere, too deep nesting.</summary>
    public static ApParseResult Parse(ReadOnlySpan<byte> utf8Json)
    {
        // The reader decodes strings only when they are read: without this, bad bytes would surface later, in a handler.
        if (!System.Text.Unicode.Utf8.IsValid(utf8Json))
        {
            return new ApParseResult(null, "The document is not valid UTF-8.");
        }

        JsonNode? node;
        try
        {
            node = JsonNode.Parse(utf8Json, documentOptions: ReaderOptions);
        }
        catch (JsonException ex)
        {
            // The reader's message names the line and byte, never the content, so it is safe to log.
            return new ApParseResult(null, $"Not valid JSON (or nested deeper than {MaxDepth} levels): {ex.Message}");
        }

        return node is JsonObject json ? From(json) : new ApParseResult(null, "The document is not a JSON object.");
    }

    /// <summary>Wraps an object already parsed (e.g. an embedded object), applying the same refusals.</summary>
    public static ApParseResult From(JsonObject json)
    {
        ArgumentNullException.ThrowIfNull(json);
        string? error;
        try
        {
            error = Check(json, 1);
        }
        catch (InvalidOperationException ex)
        {
            // A string escape that is not valid text (e.g. a lone surrogate "\uD800") fails when first decoded.
            error = $"The document holds text that cannot be decoded: {ex.Message}";
        }

        return error is null ? new ApParseResult(new ApDocument(json), null) : new ApParseResult(null, error);
    }

    /// <summary>True for the public collection in each spelling servers use: the full IRI, <c>as:Public</c> and <c>Public</c> (AS2 §5.6 compacted forms).</summary>
    public static bool IsPublic(string? iri) =>
        iri is ActivityStreams.Public or "as:Public" or "Public";

    /// <summary>The <c>id</c>.</summary>
    public string? Id => GetString(AsProperties.Id);

    /// <summary>The type; for a type array, the first entry.</summary>
    public string? Type => Types.Count > 0 ? Types[0] : null;

    /// <summary>Every type, for documents that give an array (e.g. <c>["Person", "foo:Bar"]</c>).</summary>
    public IReadOnlyList<string> Types => Json[AsProperties.Type] switch
    {
        JsonValue v when v.TryGetValue(out string? s) => [s],
        JsonArray a => [.. a.Select(e => e is JsonValue v && v.TryGetValue(out string? s) ? s : null).OfType<string>()],
        _ => [],
    };

    /// <summary>The plain-text URLs of <c>@context</c>, whether it is a string, an array, or an object (which has none).</summary>
    public IReadOnlyList<string> ContextUrls => Json[AsProperties.AtContext] switch
    {
        JsonValue v when v.TryGetValue(out string? s) => [s],
        JsonArray a => [.. a.Select(e => e is JsonValue v && v.TryGetValue(out string? s) ? s : null).OfType<string>()],
        _ => [],
    };

    /// <summary>The id of the <c>actor</c> reference (string, object with id, or first of an array).</summary>
    public string? ActorId => GetReference(AsProperties.Actor);

    /// <summary>The id of the <c>object</c> reference, whether given as a string or an embedded object.</summary>
    public string? ObjectId => GetReference(AsProperties.Object);

    /// <summary>The embedded <c>object</c> when it is an object (not when only an id string).</summary>
    public ApDocument? EmbeddedObject => Json[AsProperties.Object] is JsonObject o ? new ApDocument(o) : null;

    /// <summary>Every <c>to</c> address (a single string is read as a list of one).</summary>
    public IReadOnlyList<string> To => GetReferences(AsProperties.To);

    /// <summary>Every <c>cc</c> address.</summary>
    public IReadOnlyList<string> Cc => GetReferences(AsProperties.Cc);

    /// <summary>True when <c>to</c> or <c>cc</c> names the public collection in any spelling.</summary>
    public bool IsAddressedToPublic => To.Any(IsPublic) || Cc.Any(IsPublic);

    /// <summary>A plain string property, or null.</summary>
    public string? GetString(string name) => AsString(Json[name]);

    /// <summary>The id of a single reference property (string, object, or first of array).</summary>
    public string? GetReference(string name) => Json[name] switch
    {
        JsonArray a => a.Select(ReferenceOf).FirstOrDefault(r => r is not null),
        var node => ReferenceOf(node),
    };

    /// <summary>Every id of a reference property that may be a string, an object or an array (e.g. <c>to</c>, <c>cc</c>).</summary>
    public IReadOnlyList<string> GetReferences(string name)
    {
        var node = Json[name];
        IEnumerable<string?> all = node is JsonArray a ? a.Select(ReferenceOf) : [ReferenceOf(node)];
        return [.. all.OfType<string>().Distinct(StringComparer.Ordinal)];
    }

    /// <summary>A boolean property, or null.</summary>
    public bool? GetBoolean(string name) =>
        Json[name] is JsonValue v && v.GetValueKind() is JsonValueKind.True or JsonValueKind.False ? v.GetValue<bool>() : null;

    /// <summary>An object property (e.g. <c>endpoints</c>), or null.</summary>
    public JsonObject? GetObject(string name) => Json[name] as JsonObject;

    /// <summary>
    /// Every embedded object of a property that may hold one object or an array (e.g. <c>tag</c>, <c>attachment</c>),
    /// in document order. Strings (references by id), numbers, nested arrays and nulls are skipped, and so is any object
    /// <see cref="From"/> refuses, so each one returned is as safe to read as a parsed document.
    /// </summary>
    /// <remarks>For the ids of such a property, whatever its shape, use <see cref="GetReferences"/>.</remarks>
    public IReadOnlyList<ApDocument> GetObjects(string name)
    {
        // Each object stays where it is (a node has one parent): the results read the document's own nodes.
        var objects = Json[name] switch
        {
            JsonArray a => a.OfType<JsonObject>(),
            JsonObject o => Enumerable.Repeat(o, 1),
            _ => [],
        };
        return [.. objects.Select(o => From(o).Document).OfType<ApDocument>()];
    }

    /// <summary>
    /// Every address of a link-valued property (e.g. <c>url</c>), whether a string, a Link, an object or an array of
    /// them, read with <see cref="HrefOf"/>; in document order, duplicates removed.
    /// </summary>
    public IReadOnlyList<string> GetLinks(string name)
    {
        var node = Json[name];
        IEnumerable<string?> all = node is JsonArray a ? a.Select(HrefOf) : [HrefOf(node)];
        return [.. all.OfType<string>().Distinct(StringComparer.Ordinal)];
    }

    /// <summary>
    /// The id a reference node stands for (AS2 Core: a reference is an IRI or an object): the string itself, an
    /// object's <c>id</c>, or, for a Link without an id, its <c>href</c>. Null for anything else (numbers, arrays, null).
    /// </summary>
    /// <remarks>
    /// For properties whose values are links to a resource rather than references to an object (<c>url</c>), use
    /// <see cref="HrefOf"/>: a Link's own <c>id</c> names the Link, its <c>href</c> the resource.
    /// </remarks>
    public static string? ReferenceOf(JsonNode? node) => node switch
    {
        JsonValue => AsString(node),
        JsonObject o => AsString(o[AsProperties.Id]) ?? AsString(o[AsProperties.Href]),
        _ => null,
    };

    /// <summary>
    /// The address a link node points to (AS2 Vocabulary §4 <c>href</c>): the string itself, a Link's <c>href</c>, or,
    /// for an object without one, its <c>id</c>. Null for anything else.
    /// </summary>
    public static string? HrefOf(JsonNode? node) => node switch
    {
        JsonValue => AsString(node),
        JsonObject o => AsString(o[AsProperties.Href]) ?? AsString(o[AsProperties.Id]),
        _ => null,
    };

    /// <summary>The node's text when it is a JSON string; null for every other node (numbers, booleans, objects, arrays, null).</summary>
    public static string? AsString(JsonNode? node) =>
        node is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : null;

    private static string? Check(JsonNode? node, int depth)
    {
        if (depth > MaxDepth)
        {
            return $"The document is nested deeper than {MaxDepth} levels.";
        }

        switch (node)
        {
            case JsonObject o:
                foreach (var (key, value) in o)
                {
                    if (key is "@graph" or "@included")
                    {
                        return $"The document uses {key}, which is not accepted (JSON-LD restructuring).";
                    }

                    if (Check(value, depth + 1) is { } error)
                    {
                        return error;
                    }
                }

                return null;
            case JsonArray a:
                foreach (var item in a)
                {
                    if (Check(item, depth + 1) is { } error)
                    {
                        return error;
                    }
                }

                return null;
            case JsonValue v when v.GetValueKind() == JsonValueKind.String:
                _ = v.GetValue<string>();   // decodes now (see From), so no accessor can throw later
                return null;
            default:
                return null;
        }
    }
}

/// <summary>Either a document or why it was refused.</summary>
public readonly record struct ApParseResult(ApDocument? Document, string? Error);
