using System.Text.Json.Nodes;
using OurSociety.ActivityPub;
using OurSociety.ActivityPub.Vocabulary;

namespace OurSociety.Federation.Actors;

/// <summary>The outbox, followers and following collections we serve: paged <c>OrderedCollection</c>s (AS2 §5.3).</summary>
public static class CollectionDocuments
{
    /// <summary>An <c>OrderedCollection</c> with its size and a link to its first page (what Mastodon shows as counts).</summary>
    public static JsonObject Collection(string id, long total) => new()
    {
        ["@context"] = ActivityStreams.Context,
        ["id"] = id,
        ["type"] = ObjectTypes.OrderedCollection,
        ["totalItems"] = total,
        ["first"] = id + "?page=true",
    };

    /// <summary>One page, with a link to the next one while there is more.</summary>
    public static JsonObject Page(string collectionId, string page, string? next, JsonArray items)
    {
        var document = new JsonObject
        {
            ["@context"] = ActivityStreams.Context,
            ["id"] = $"{collectionId}?page={Uri.EscapeDataString(page)}",
            ["type"] = ObjectTypes.OrderedCollectionPage,
            ["partOf"] = collectionId,
            ["orderedItems"] = items,
        };
        if (next is not null)
        {
            document["next"] = $"{collectionId}?page={Uri.EscapeDataString(next)}";
        }

        return document;
    }

    /// <summary>A small <c>OrderedCollection</c> with all its items inline (the hub's moderators: a handful of actor ids, as Lemmy serves them).</summary>
    public static JsonObject Inline(string id, IReadOnlyCollection<string> items) => new()
    {
        ["@context"] = ActivityStreams.Context,
        ["id"] = id,
        ["type"] = ObjectTypes.OrderedCollection,
        ["totalItems"] = items.Count,
        ["orderedItems"] = new JsonArray([.. items.Select(i => (JsonNode?)i)]),
    };
}
