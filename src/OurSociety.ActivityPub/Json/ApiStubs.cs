using System.Text.Json.Nodes;

namespace OurSociety.ActivityPub.Json;

// CONTRACT STUBS (issue 4). The vocabulary helper replaces the bodies and may split this file; the public shapes below
// are what the web layer codes against. Adding members is fine; changing these needs a note in the report.

/// <summary>
/// A received ActivityStreams document, read tolerantly: references as string, object or array; <c>@context</c> in any
/// shape; single values where arrays are usual. The JSON is kept whole, unknown properties included.
/// </summary>
public sealed class ApDocument
{
    private ApDocument(JsonObject json) => Json = json;

    /// <summary>The whole document.</summary>
    public JsonObject Json { get; }

    /// <summary>Parses UTF-8 JSON; refuses non-objects, <c>@graph</c>/<c>@included</c> anywhere, too deep nesting.</summary>
    public static ApParseResult Parse(ReadOnlySpan<byte> utf8Json) => throw new NotImplementedException();

    /// <summary>Wraps an object already parsed (e.g. an embedded object), applying the same refusals.</summary>
    public static ApParseResult From(JsonObject json) => throw new NotImplementedException();

    /// <summary>The <c>id</c>.</summary>
    public string? Id => throw new NotImplementedException();

    /// <summary>The type; for a type array, the first entry.</summary>
    public string? Type => throw new NotImplementedException();

    /// <summary>The id of the <c>actor</c> reference (string, object with id, or first of an array).</summary>
    public string? ActorId => throw new NotImplementedException();

    /// <summary>The id of the <c>object</c> reference, whether given as a string or an embedded object.</summary>
    public string? ObjectId => throw new NotImplementedException();

    /// <summary>The embedded <c>object</c> when it is an object (not when only an id string).</summary>
    public ApDocument? EmbeddedObject => throw new NotImplementedException();

    /// <summary>A plain string property, or null.</summary>
    public string? GetString(string name) => throw new NotImplementedException();

    /// <summary>The id of a single reference property (string, object, or first of array).</summary>
    public string? GetReference(string name) => throw new NotImplementedException();

    /// <summary>Every id of a reference property that may be a string, an object or an array (e.g. <c>to</c>, <c>cc</c>).</summary>
    public IReadOnlyList<string> GetReferences(string name) => throw new NotImplementedException();

    /// <summary>A boolean property, or null.</summary>
    public bool? GetBoolean(string name) => throw new NotImplementedException();
}

/// <summary>Either a document or why it was refused.</summary>
public readonly record struct ApParseResult(ApDocument? Document, string? Error);

/// <summary>An actor read from a fetched document (Person, Group, Application, Service, Organization).</summary>
public sealed record ApActor(
    string Id,
    string Type,
    string? PreferredUsername,
    string? Name,
    string Inbox,
    string? SharedInbox,
    string? Outbox,
    string? Followers,
    string? Following,
    string? Url,
    string? IconUrl,
    bool ManuallyApprovesFollowers,
    ApPublicKey? PublicKey)
{
    /// <summary>Reads an actor; null with a reason when required parts (id, type, inbox) are missing or wrong.</summary>
    public static (ApActor? Actor, string? Error) From(ApDocument document) => throw new NotImplementedException();
}

/// <summary>An actor's <c>publicKey</c> entry.</summary>
public sealed record ApPublicKey(string Id, string Owner, string PublicKeyPem);
