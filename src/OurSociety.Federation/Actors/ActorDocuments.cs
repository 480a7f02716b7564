using System.Text.Json.Nodes;
using OurSociety.ActivityPub;
using OurSociety.ActivityPub.Vocabulary;
using OurSociety.Core.Federation;
using OurSociety.Core.Introductions;
using OurSociety.Core.Members;
using OurSociety.Federation.Introductions;
using OurSociety.Federation.Posts;

namespace OurSociety.Federation.Actors;

/// <summary>
/// The ActivityPub documents of local actors (INTEROP §2): Person for members, Group for the hub, Application for the
/// instance actor. Mastodon's context terms are inline, so servers that expand JSON-LD never fetch anything for them.
/// </summary>
public static class ActorDocuments
{
    /// <summary>The <c>@context</c> every actor and activity we send carries.</summary>
    public static JsonArray Context() =>
    [
        ActivityStreams.Context,
        "https://w3id.org/security/v1",
        new JsonObject
        {
            ["manuallyApprovesFollowers"] = "as:manuallyApprovesFollowers",
            ["toot"] = "http://joinmastodon.org/ns#",
            ["discoverable"] = "toot:discoverable",
            ["indexable"] = "toot:indexable",
            ["webfinger"] = "https://purl.archive.org/socialweb/webfinger#webfinger",
            ["os"] = OurContext.Namespace,
            [IntroductionTerms.IntroductionPolicy] = "os:introductionPolicy",
            [IntroductionTerms.GlueEr] = "os:glueEr",
            [IntroductionTerms.Implements] = new JsonObject { ["@id"] = IntroductionTerms.ImplementsIri, ["@container"] = "@set" },
        },
    ];

    public static JsonObject Build(LocalActor actor, ActorKeyPair key, string authority)
    {
        var document = new JsonObject
        {
            ["@context"] = Context(),
            ["id"] = actor.Id,
            ["type"] = actor.Kind switch
            {
                LocalActorKind.Hub => ObjectTypes.Group,
                LocalActorKind.Instance => ObjectTypes.Application,
                _ => ObjectTypes.Person,
            },
            ["preferredUsername"] = actor.Kind == LocalActorKind.Instance ? authority : actor.Username,
            ["name"] = actor.DisplayName,
            ["summary"] = actor.Summary.Length == 0 ? null : Html(actor.Summary),
            ["url"] = actor.ProfileUrl,
            ["inbox"] = ApUrls.Inbox(actor.Id),
            ["outbox"] = ApUrls.Outbox(actor.Id),
            ["followers"] = ApUrls.Followers(actor.Id),
            ["following"] = ApUrls.Following(actor.Id),
            ["endpoints"] = new JsonObject { ["sharedInbox"] = ApUrls.SharedInbox(OriginOf(actor.Id)) },
            ["manuallyApprovesFollowers"] = actor.ManuallyApprovesFollowers,
            // A member's own choices (settings); the hub is always both, the instance actor neither.
            ["discoverable"] = actor.Kind != LocalActorKind.Instance && actor.Member?.Discoverable != false,
            ["indexable"] = actor.Kind != LocalActorKind.Instance && actor.Member?.Indexable != false,
            ["published"] = key.CreatedAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture),
            ["webfinger"] = actor.Kind == LocalActorKind.Instance ? $"{authority}@{authority}" : $"{actor.Username}@{authority}",
            ["publicKey"] = new JsonObject
            {
                ["id"] = ApUrls.KeyId(actor.Id),
                ["owner"] = actor.Id,
                ["publicKeyPem"] = key.PublicKeyPem,
            },
        };
        // FEP-844e: what our software takes, so other Our Society nodes send introductions as Offers (other software
        // gets a direct note instead), and which signatures we accept.
        document["generator"] = IntroductionTerms.Generator();
        if (actor.Kind == LocalActorKind.Hub)
        {
            // A hub people can post to (FEP-1b12, issue 14), described as Lemmy describes its communities: who moderates
            // it, and that anyone may post (submissions from elsewhere wait for those moderators). Lemmy's terms inline.
            var terms = (JsonObject)((JsonArray)document["@context"]!)[2]!;
            terms[GroupTerms.LemmyPrefix] = GroupTerms.LemmyNamespace;
            terms[GroupTerms.Moderators] = new JsonObject { ["@type"] = "@id", ["@id"] = GroupTerms.LemmyPrefix + ":" + GroupTerms.Moderators };
            terms[GroupTerms.PostingRestrictedToMods] = GroupTerms.LemmyPrefix + ":" + GroupTerms.PostingRestrictedToMods;
            document[GroupTerms.Moderators] = ApUrls.Moderators(actor.Id);
            document[AsProperties.AttributedTo] = ApUrls.Moderators(actor.Id);   // FEP-1b12 and newer Lemmy name it so
            document[GroupTerms.PostingRestrictedToMods] = false;
        }

        if (actor.Kind == LocalActorKind.Member && actor.Member is { } member)
        {
            // Who may introduce them: a glue-er elsewhere checks it before proposing (their node checks it again).
            document[IntroductionTerms.IntroductionPolicy] = member.IntroductionPolicy.Name();

            // Read by other nodes whose members allow introductions from glue-ers only (federation-specs/introductions.md).
            if (member.Has(Role.GlueEr))
            {
                document[IntroductionTerms.GlueEr] = true;
            }
        }

        if (actor.IconUrl is { } icon)
        {
            document["icon"] = new JsonObject { ["type"] = ObjectTypes.Image, ["mediaType"] = actor.IconMediaType ?? MediaTypeOf(icon), ["url"] = icon };
        }

        AddSkills(document, actor);
        AddPlace(document, actor);
        if (actor.Member is { IsSuspended: true })
        {
            Suspended(document, actor);
        }

        RemoveNulls(document);
        return document;
    }

    /// <summary>
    /// A member's "Can help with" and "Interested in" as Mastodon profile fields (schema.org <c>PropertyValue</c>
    /// attachments), named in the member's language. Mastodon shows at most four fields: these are the only ones we
    /// send, so they always show. Their terms are added to this document's context only, so documents without them
    /// (and every activity) keep the context they had.
    /// </summary>
    private static void AddSkills(JsonObject document, LocalActor actor)
    {
        if (actor.Kind != LocalActorKind.Member || actor.Member is not { } member
            || (member.CanHelpWith.Count == 0 && member.InterestedIn.Count == 0))
        {
            return;
        }

        var culture = System.Globalization.CultureInfo.GetCultureInfo(Core.Posts.PostLanguages.DefaultFor(member));
        var fields = new JsonArray();
        foreach (var (label, topics) in new[] { ("Skills.CanHelpWith", member.CanHelpWith), ("Skills.InterestedIn", member.InterestedIn) })
        {
            if (topics.Count > 0)
            {
                fields.Add(new JsonObject
                {
                    ["type"] = "PropertyValue",
                    ["name"] = Core.CoreText.GetIn(culture, label),
                    ["value"] = string.Join(", ", topics),
                });
            }
        }

        var terms = (JsonObject)document["@context"]![2]!;
        terms["schema"] = "http://schema.org#";
        terms["PropertyValue"] = "schema:PropertyValue";
        terms["value"] = "schema:value";
        document["attachment"] = fields;
    }

    /// <summary>
    /// The hub's locality: as an AS2 <c>location</c> <c>Place</c> (what other software understands: its name, and its
    /// coordinates only when an admin set them), and as our own <c>os:locality</c> text, the term our posts use. The
    /// term is added to this document's context only, so other actors and activities keep the context they had.
    /// </summary>
    private static void AddPlace(JsonObject document, LocalActor actor)
    {
        if (actor.Kind != LocalActorKind.Hub || actor.HubProfile is not { Locality.Length: > 0 } hub)
        {
            return;
        }

        var place = new JsonObject { ["type"] = ObjectTypes.Place, ["name"] = hub.Locality };
        if (hub is { Latitude: { } latitude, Longitude: { } longitude })
        {
            place["latitude"] = latitude;
            place["longitude"] = longitude;
        }

        var terms = (JsonObject)document["@context"]![2]!;
        terms["locality"] = "os:locality";
        document["locality"] = hub.Locality;
        document["location"] = place;
    }

    /// <summary>
    /// A suspended member's actor, as Mastodon serves one (<c>toot:suspended</c>, federation-specs/actors.md): marked
    /// <c>suspended: true</c>, with the name, bio, picture and fields taken off while the account waits to be deleted
    /// or restored. The key and the inbox stay, so its followers' servers can still verify its Update and Delete.
    /// </summary>
    private static void Suspended(JsonObject document, LocalActor actor)
    {
        var terms = (JsonObject)document["@context"]![2]!;
        terms[AsProperties.Suspended] = "toot:suspended";
        document[AsProperties.Suspended] = true;
        document["name"] = actor.Username;
        document.Remove("summary");
        document.Remove("icon");
        document.Remove("attachment");
        document["discoverable"] = false;
        document["indexable"] = false;
    }

    /// <summary>What authorized-fetch mode serves unsigned: enough to verify the actor's signatures, nothing more.</summary>
    public static JsonObject KeyOnly(JsonObject full) => new()
    {
        ["@context"] = Context(),
        ["id"] = full["id"]!.DeepClone(),
        ["type"] = full["type"]!.DeepClone(),
        ["preferredUsername"] = full["preferredUsername"]!.DeepClone(),
        ["inbox"] = full["inbox"]!.DeepClone(),
        ["publicKey"] = full["publicKey"]!.DeepClone(),
    };

    private static string OriginOf(string actorId) => new Uri(actorId).GetLeftPart(UriPartial.Authority);

    private static string Html(string text) =>
        "<p>" + System.Net.WebUtility.HtmlEncode(text).Replace("\n", "<br>", StringComparison.Ordinal) + "</p>";

    private static string MediaTypeOf(string url) => Path.GetExtension(new Uri(url).AbsolutePath).ToLowerInvariant() switch
    {
        ".png" => "image/png",
        ".gif" => "image/gif",
        ".webp" => "image/webp",
        _ => "image/jpeg",
    };

    private static void RemoveNulls(JsonObject document)
    {
        foreach (var key in document.Where(p => p.Value is null).Select(p => p.Key).ToList())
        {
            document.Remove(key);
        }
    }
}
