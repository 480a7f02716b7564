using System.Text.Json.Nodes;
using OurSociety.ActivityPub;

namespace OurSociety.Federation.Follows;

/// <summary>The follow and block activities we send (FEDERATION.md and federation-specs/ show each).</summary>
public static class FollowActivities
{
    public static JsonObject Follow(string id, string actor, string target) => new()
    {
        ["@context"] = ActivityStreams.Context,
        ["id"] = id,
        ["type"] = "Follow",
        ["actor"] = actor,
        ["object"] = target,
        ["to"] = new JsonArray(target),
    };

    /// <summary>Accept or Reject, embedding the Follow as received (Mastodon matches by its id or by its actor).</summary>
    public static JsonObject Answer(string type, string id, string actor, string follower, string followId) => new()
    {
        ["@context"] = ActivityStreams.Context,
        ["id"] = id,
        ["type"] = type,
        ["actor"] = actor,
        ["to"] = new JsonArray(follower),
        ["object"] = new JsonObject { ["id"] = followId, ["type"] = "Follow", ["actor"] = follower, ["object"] = actor },
    };

    public static JsonObject Undo(string id, string actor, string to, JsonObject undone)
    {
        undone.Remove("@context");
        return new JsonObject
        {
            ["@context"] = ActivityStreams.Context,
            ["id"] = id,
            ["type"] = "Undo",
            ["actor"] = actor,
            ["to"] = new JsonArray(to),
            ["object"] = undone,
        };
    }

    public static JsonObject Block(string id, string actor, string target) => new()
    {
        ["@context"] = ActivityStreams.Context,
        ["id"] = id,
        ["type"] = "Block",
        ["actor"] = actor,
        ["object"] = target,
        ["to"] = new JsonArray(target),
    };
}
