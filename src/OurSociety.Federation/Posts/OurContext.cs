using System.Text.Json.Nodes;
using OurSociety.ActivityPub;

namespace OurSociety.Federation.Posts;

/// <summary>
/// Our JSON-LD namespace (INTEROP §8.1): one IRI for every node, so <c>os:learned</c> from one node is the same term on
/// another. The term definitions go inline in every post document's <c>@context</c>: a peer that expands JSON-LD (Fedify)
/// never has to fetch anything, and could not anyway behind its SSRF guard. <c>GET /ns</c> serves the same definitions
/// for people and tools. Frozen: renaming a term breaks every stored copy elsewhere (federation-specs/context.md).
/// </summary>
public static class OurContext
{
    public const string Namespace = "https://w3id.org/oursociety/ns#";

    /// <summary>
    /// schema.org's licence property (as <c>license</c>, its own spelling) rather than a term of ours: it is the common
    /// vocabulary for "under which licence", and other software (PeerTube, WriteFreely readers, search engines) knows it.
    /// The value is the licence's URL; a post without one grants no licence (all rights reserved).
    /// </summary>
    public const string LicenseTerm = "https://schema.org/license";

    /// <summary>The term definitions (the object placed after the ActivityStreams context).</summary>
    public static JsonObject Terms() => new()
    {
        ["os"] = Namespace,
        ["kind"] = "os:kind",
        ["situation"] = "os:situation",
        ["tried"] = "os:tried",
        ["happened"] = "os:happened",
        ["learned"] = "os:learned",
        ["advice"] = "os:advice",
        ["locality"] = "os:locality",
        ["triedOutcome"] = "os:triedOutcome",
        ["derivedFrom"] = new JsonObject { ["@id"] = "os:derivedFrom", ["@type"] = "@id", ["@container"] = "@set" },
        ["adaptedFrom"] = new JsonObject { ["@id"] = "os:adaptedFrom", ["@type"] = "@id" },
        ["Introduction"] = "os:Introduction",
        ["consentState"] = "os:consentState",
        ["introduction"] = new JsonObject { ["@id"] = "os:introduction", ["@type"] = "@id" },
        ["license"] = new JsonObject { ["@id"] = LicenseTerm, ["@type"] = "@id" },
        ["Hashtag"] = "as:Hashtag",
        ["sensitive"] = "as:sensitive",
    };

    /// <summary>The <c>@context</c> of every post object and post activity we send.</summary>
    public static JsonArray Context() => [ActivityStreams.Context, Terms()];

    /// <summary>What <c>GET /ns</c> serves: a JSON-LD context document with the same definitions.</summary>
    /// <remarks>
    /// The actor terms (<c>introductionPolicy</c>, <c>glueEr</c>: federation-specs/introductions.md) are added here and
    /// in the actors' own context, not in every post's; <c>linkRequest</c> (federation-specs/hub-links.md) here and inline
    /// in the activities that carry it.
    /// </remarks>
    public static JsonObject Document()
    {
        var terms = Terms();
        terms["introductionPolicy"] = "os:introductionPolicy";
        terms["glueEr"] = "os:glueEr";
        terms["linkRequest"] = "os:linkRequest";   // on a hub's Follow asking to link, and the Reject declining it (hub-links.md)
        return new() { ["@context"] = terms };
    }
}
