using System.Text.Json.Nodes;
using OurSociety.ActivityPub;

namespace OurSociety.Federation.Posts;

/// <summary>The activities about posts we send (federation-specs/posts.md shows each).</summary>
public static class PostActivities
{
    /// <summary>Create or Update: the full object, addressed like it (Mastodon edits only with a newer <c>updated</c>).</summary>
    public static JsonObject Wrap(string type, string id, string actor, JsonObject obj, DateTimeOffset at)
    {
        var inner = (JsonObject)obj.DeepClone();
        var context = inner["@context"]?.DeepClone() ?? OurContext.Context();
        inner.Remove("@context");
        return new JsonObject
        {
            ["@context"] = context,
            ["id"] = id,
            ["type"] = type,
            ["actor"] = actor,
            ["published"] = PostDocuments.Time(at),
            ["to"] = inner["to"]?.DeepClone() ?? new JsonArray(),
            ["cc"] = inner["cc"]?.DeepClone() ?? new JsonArray(),
            ["object"] = inner,
        };
    }

    /// <summary>Delete with a Tombstone, to the audience the post had.</summary>
    public static JsonObject Delete(string id, string actor, JsonObject tombstone, JsonArray to, JsonArray cc)
    {
        var inner = (JsonObject)tombstone.DeepClone();
        inner.Remove("@context");
        return new JsonObject
        {
            ["@context"] = ActivityStreams.Context,
            ["id"] = id,
            ["type"] = "Delete",
            ["actor"] = actor,
            ["to"] = to,
            ["cc"] = cc,
            ["object"] = inner,
        };
    }

    /// <summary>"This helped me": a Like to the author (INTEROP §4.4).</summary>
    public static JsonObject Like(string id, string actor, string objectId, string author) => new()
    {
        ["@context"] = ActivityStreams.Context,
        ["id"] = id,
        ["type"] = "Like",
        ["actor"] = actor,
        ["object"] = objectId,
        ["to"] = new JsonArray(author),
    };

    /// <summary>
    /// A boost: the hub's of its members' public stories and lessons, or a member's share. Public, to the actor's
    /// followers and the author; the object by id, so Mastodon fetches it from its origin (INTEROP §4.4).
    /// </summary>
    public static JsonObject Announce(string id, string actor, string objectId, string author, DateTimeOffset at) => new()
    {
        ["@context"] = ActivityStreams.Context,
        ["id"] = id,
        ["type"] = "Announce",
        ["actor"] = actor,
        ["published"] = PostDocuments.Time(at),
        ["to"] = new JsonArray(ActivityStreams.Public),
        ["cc"] = author == actor ? new JsonArray(ApUrls.Followers(actor)) : new JsonArray(ApUrls.Followers(actor), author),
        ["object"] = objectId,
    };

    /// <summary>Takes back a Like or Announce, embedding it (addressed as it was).</summary>
    public static JsonObject Undo(string id, string actor, JsonObject undone)
    {
        var inner = (JsonObject)undone.DeepClone();
        inner.Remove("@context");
        return new JsonObject
        {
            ["@context"] = ActivityStreams.Context,
            ["id"] = id,
            ["type"] = "Undo",
            ["actor"] = actor,
            ["to"] = inner["to"]?.DeepClone() ?? new JsonArray(),
            ["cc"] = inner["cc"]?.DeepClone() ?? new JsonArray(),
            ["object"] = inner,
        };
    }
}
