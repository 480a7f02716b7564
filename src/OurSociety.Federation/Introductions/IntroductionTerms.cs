using System.Text.Json.Nodes;
using OurSociety.ActivityPub.Vocabulary;
using OurSociety.Federation.Posts;

namespace OurSociety.Federation.Introductions;

/// <summary>
/// Our terms for introductions (federation-specs/introductions.md), in our namespace (<see cref="OurContext"/>), and the
/// FEP-844e capability that tells other nodes we take them as Offers.
/// </summary>
public static class IntroductionTerms
{
    /// <summary>The <c>relationship</c> of an introduction's <c>Relationship</c>: its subject is introduced to its object.</summary>
    public const string IntroducedTo = "os:introducedTo";

    /// <summary>On an <c>Update{Relationship}</c>: where the introduction stands (<c>accepted</c> or <c>not-going-ahead</c>).</summary>
    public const string ConsentState = "consentState";

    /// <summary>On the direct notes: the id of the introduction they belong to.</summary>
    public const string Introduction = "introduction";

    /// <summary>On a member's <c>Person</c>: who may introduce them (<c>anyone</c>, <c>glue-ers</c>, <c>nobody</c>).</summary>
    public const string IntroductionPolicy = "introductionPolicy";

    /// <summary>On a member's <c>Person</c>: <c>true</c> when their node lets them introduce people (a glue-er).</summary>
    public const string GlueEr = "glueEr";

    /// <summary>The FEP-844e <c>implements</c> term (its own IRI, so it means the same to every reader).</summary>
    public const string Implements = AsProperties.Implements;

    public const string ImplementsIri = "https://w3id.org/fep/844e/implements";

    /// <summary>The capability our actors advertise: "takes introductions as Offers of a Relationship".</summary>
    public const string Capability = "https://w3id.org/oursociety/ns#introductions";

    public const string CapabilityName = "Our Society introductions";

    /// <summary>RFC 9421, which we accept on every inbox and signed fetch (FEP-844e lists it so senders may use it).</summary>
    public const string Rfc9421 = "https://datatracker.ietf.org/doc/html/rfc9421";

    public const string Rfc9421Name = "RFC-9421: HTTP Message Signatures";

    /// <summary><c>consentState</c> values.</summary>
    public const string Accepted = "accepted";

    public const string NotGoingAhead = "not-going-ahead";

    /// <summary>The FEP-844e <c>generator</c> every local actor carries.</summary>
    public static JsonObject Generator() => new()
    {
        ["type"] = "Application",
        ["name"] = "Our Society",
        [AsProperties.Implements] = new JsonArray(
            new JsonObject { ["href"] = Rfc9421, ["name"] = Rfc9421Name },
            new JsonObject { ["href"] = Capability, ["name"] = CapabilityName }),
    };
}
