using System.Security.Cryptography;
using System.Text.Json.Nodes;
using OurSociety.ActivityPub.Vocabulary;

namespace OurSociety.ActivityPub.Json;

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
    /// <summary>Longest username and display name kept (Mastodon's hard limit for remote accounts, INTEROP §7.13).</summary>
    public const int MaxNameLength = 2048;

    /// <summary>Longest bio kept (INTEROP §7.13: 20 KB).</summary>
    public const int MaxSummaryLength = 20 * 1024;

    /// <summary>Longest PEM accepted: an RSA-8192 SPKI is about 1.5 KB, so anything far beyond is not a key.</summary>
    public const int MaxPemLength = 16 * 1024;

    /// <summary>The actor types Mastodon supports (INTEROP §2.1).</summary>
    public static readonly IReadOnlySet<string> ActorTypes =
        new HashSet<string>(
            [ObjectTypes.Person, ObjectTypes.Group, ObjectTypes.Application, ObjectTypes.Service, ObjectTypes.Organization],
            StringComparer.Ordinal);

    /// <summary>Every usable key of <c>publicKey</c> (an object or an array), in document order.</summary>
    public IReadOnlyList<ApPublicKey> PublicKeys { get; init; } = [];

    /// <summary>The HTML bio, cut to <see cref="MaxSummaryLength"/>; not sanitised here.</summary>
    public string? Summary { get; init; }

    /// <summary><c>discoverable</c> (directory opt-in), when given.</summary>
    public bool? Discoverable { get; init; }

    /// <summary><c>indexable</c> (search opt-in, Mastodon), when given.</summary>
    public bool? Indexable { get; init; }

    /// <summary>The FEP-2c59 <c>webfinger</c> handle (<c>user@domain</c>), when given.</summary>
    public string? WebFinger { get; init; }

    /// <summary>
    /// What the actor's software says it implements (FEP-844e: <c>generator.implements</c>, each entry's <c>href</c>,
    /// or the entry itself when it is a string): the specs and extensions a sender may rely on. Empty when not given.
    /// </summary>
    public IReadOnlyList<string> Implements { get; init; } = [];

    /// <summary>
    /// Where the actor says it is, as text: a plain <c>locality</c> string (a compact term some software, ours
    /// included, defines) or else the <c>name</c> of its AS2 <c>location</c> (a <c>Place</c>, or the first of an array
    /// that has a name). Cut to <see cref="MaxLocalityLength"/>; not cleaned here. Null when neither is given.
    /// </summary>
    public string? Locality { get; init; }

    /// <summary>Longest locality kept as read (the caller cleans and caps it again to what it stores).</summary>
    public const int MaxLocalityLength = 1024;

    /// <summary>The key with this id, e.g. the <c>keyId</c> of a signature; null when the actor has none such.</summary>
    public ApPublicKey? KeyById(string keyId) => PublicKeys.FirstOrDefault(k => string.Equals(k.Id, keyId, StringComparison.Ordinal));

    /// <summary>Reads an actor; null with a reason when required parts (id, type, inbox) are missing or wrong.</summary>
    public static (ApActor? Actor, string? Error) From(ApDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        var type = document.Types.FirstOrDefault(ActorTypes.Contains);
        if (type is null)
        {
            return (null, $"Not an actor type: {document.Type ?? "(none)"}.");
        }

        var id = document.Id;
        if (!IsHttpUrl(id, allowFragment: false))
        {
            return (null, "The actor id is missing or not an absolute http(s) URL without a fragment.");
        }

        var inbox = document.GetReference("inbox");
        if (!IsHttpUrl(inbox, allowFragment: false))
        {
            return (null, "The actor has no inbox URL.");
        }

        var preferredUsername = document.GetString("preferredUsername");
        if (preferredUsername is { Length: > MaxNameLength })
        {
            return (null, $"The username is longer than {MaxNameLength} characters.");
        }

        var keys = ReadKeys(document.Json["publicKey"], id!);
        // endpoints.sharedInbox is the standard place; Misskey also repeats it at the top level.
        var sharedInbox = ApDocument.AsString(document.GetObject("endpoints")?["sharedInbox"]) ?? document.GetString("sharedInbox");
        return (new ApActor(
            id!,
            type,
            preferredUsername,
            Cut(document.GetString("name"), MaxNameLength),
            inbox!,
            HttpUrlOrNull(sharedInbox),
            HttpUrlOrNull(document.GetReference("outbox")),
            HttpUrlOrNull(document.GetReference("followers")),
            HttpUrlOrNull(document.GetReference("following")),
            HttpUrlOrNull(document.GetReference("url")),
            HttpUrlOrNull(ReadIconUrl(document.Json["icon"])),
            document.GetBoolean("manuallyApprovesFollowers") ?? false,
            keys.FirstOrDefault(k => k.IsRsa) ?? keys.FirstOrDefault())
        {
            PublicKeys = keys,
            Summary = Cut(document.GetString("summary"), MaxSummaryLength),
            Discoverable = document.GetBoolean("discoverable"),
            Indexable = document.GetBoolean("indexable"),
            WebFinger = document.GetString("webfinger"),
            Implements = ReadImplements(document),
            Locality = Cut(ReadLocality(document), MaxLocalityLength),
        }, null);
    }

    private static List<ApPublicKey> ReadKeys(JsonNode? node, string actorId)
    {
        IEnumerable<JsonNode?> entries = node is JsonArray a ? a : new[] { node };
        var keys = new List<ApPublicKey>();
        foreach (var entry in entries.OfType<JsonObject>())
        {
            var keyId = ApDocument.AsString(entry["id"]);
            var pem = ApDocument.AsString(entry["publicKeyPem"]);
            if (keyId is null || pem is null || pem.Length > MaxPemLength || !IsHttpUrl(keyId, allowFragment: true))
            {
                continue;
            }

            // A key embedded in the actor's own document belongs to that actor when it names no owner; a named owner
            // is kept as given, so the signature check can still refuse a key that claims someone else.
            var owner = ApDocument.ReferenceOf(entry["owner"]) ?? actorId;
            keys.Add(new ApPublicKey(keyId, owner, pem));
        }

        return keys;
    }

    /// <summary>The hrefs of <c>generator.implements</c> (FEP-844e), at most 100, distinct.</summary>
    public static IReadOnlyList<string> ReadImplements(ApDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        var generator = document.Json[AsProperties.Generator] switch
        {
            JsonObject o => o,
            JsonArray a => a.OfType<JsonObject>().FirstOrDefault(),
            _ => null,
        };
        IEnumerable<JsonNode?> entries = generator?["implements"] switch
        {
            JsonArray a => a,
            JsonNode n => [n],
            null => [],
        };
        return [.. entries.Select(ApDocument.HrefOf).OfType<string>().Distinct(StringComparer.Ordinal).Take(100)];
    }

    /// <summary>A plain <c>locality</c> string first, else the first named <c>location</c>; blank values count as none.</summary>
    public static string? ReadLocality(ApDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        if (document.GetString("locality") is { } locality && !string.IsNullOrWhiteSpace(locality))
        {
            return locality;
        }

        IEnumerable<JsonNode?> places = document.Json["location"] switch
        {
            JsonArray a => a.Take(20),
            JsonNode n => [n],
            null => [],
        };
        return places.OfType<JsonObject>()
            .Select(place => ApDocument.AsString(place["name"]))
            .FirstOrDefault(name => !string.IsNullOrWhiteSpace(name));
    }

    private static string? ReadIconUrl(JsonNode? icon) => icon switch
    {
        JsonArray a => a.Select(ReadIconUrl).FirstOrDefault(u => u is not null),
        JsonObject o => o["url"] switch
        {
            JsonArray urls => urls.Select(ApDocument.ReferenceOf).FirstOrDefault(u => u is not null),
            var url => ApDocument.ReferenceOf(url),
        },
        _ => ApDocument.AsString(icon),
    };

    private static string? Cut(string? text, int max) => text is { Length: > 0 } && text.Length > max ? text[..max] : text;

    private static string? HttpUrlOrNull(string? url) => IsHttpUrl(url, allowFragment: true) ? url : null;

    internal static bool IsHttpUrl(string? text, bool allowFragment) =>
        Uri.TryCreate(text, UriKind.Absolute, out var uri)
        && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp)
        && uri.UserInfo.Length == 0
        && uri.Host.Length > 0
        && (allowFragment || uri.Fragment.Length == 0);
}

/// <summary>An actor's <c>publicKey</c> entry.</summary>
public sealed record ApPublicKey(string Id, string Owner, string PublicKeyPem)
{
    /// <summary>True when the PEM holds an RSA public key (SPKI <c>PUBLIC KEY</c> with the rsaEncryption OID, or PKCS#1).</summary>
    public bool IsRsa
    {
        get
        {
            if (PublicKeyPem.Contains("BEGIN RSA PUBLIC KEY", StringComparison.Ordinal))
            {
                return true;
            }

            if (!PemEncoding.TryFind(PublicKeyPem, out var fields)
                || !PublicKeyPem.AsSpan()[fields.Label].SequenceEqual("PUBLIC KEY"))
            {
                return false;
            }

            try
            {
                var der = Convert.FromBase64String(PublicKeyPem[fields.Base64Data]);
                var key = System.Security.Cryptography.X509Certificates.PublicKey.CreateFromSubjectPublicKeyInfo(der, out _);
                return key.Oid.Value == "1.2.840.113549.1.1.1";
            }
            catch (CryptographicException)
            {
                return false;
            }
        }
    }
}
