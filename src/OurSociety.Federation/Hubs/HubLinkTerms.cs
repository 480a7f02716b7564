using System.Text.Json.Nodes;
using OurSociety.ActivityPub;
using OurSociety.ActivityPub.Json;
using OurSociety.ActivityPub.Vocabulary;
using OurSociety.Federation.Posts;

namespace OurSociety.Federation.Hubs;

/// <summary>
/// Our term for hub links (federation-specs/hub-links.md), in our namespace (<see cref="OurContext"/>): <c>linkRequest</c>
/// (<c>true</c>) on the Follow a hub sends to ask for a link, and on the Reject that declines it.
/// </summary>
public static class HubLinkTerms
{
    public const string LinkRequest = "linkRequest";

    /// <summary>The term's IRI, for readers that compact with a prefix or expand it.</summary>
    public const string LinkRequestIri = OurContext.Namespace + LinkRequest;

    /// <summary>The <c>@context</c> of an activity that carries the term: ActivityStreams and the term inline.</summary>
    public static JsonArray Context() =>
        [ActivityStreams.Context, new JsonObject { ["os"] = OurContext.Namespace, [LinkRequest] = "os:" + LinkRequest }];

    /// <summary>Marks an activity as being about a link: the term and its context.</summary>
    public static JsonObject Mark(JsonObject activity)
    {
        activity[AsProperties.AtContext] = Context();
        activity[LinkRequest] = true;
        return activity;
    }

    /// <summary>True when the activity carries <c>linkRequest: true</c> in any of the spellings a JSON-LD reader may leave.</summary>
    public static bool IsMarked(ApDocument activity) =>
        activity.GetBoolean(LinkRequest) == true || activity.GetBoolean("os:" + LinkRequest) == true || activity.GetBoolean(LinkRequestIri) == true;
}
