using System.Text.Json.Nodes;
using OurSociety.ActivityPub.Discovery;
using OurSociety.ActivityPub.Json;

namespace OurSociety.ActivityPub.Tests.Discovery;

/// <summary>
/// The origin rules (INTEROP §7.1), one test per rule, with the reasons the inbox answers. The inbox tests of the web
/// project send the same shapes over HTTP.
/// </summary>
public sealed class OriginRulesTests
{
    private const string Eve = "https://remote.example/users/eve";

    private static ApDocument Doc(JsonObject json) => ApDocument.From(json).Document!;

    private static ApDocument Activity(string type, string id, JsonNode? obj) => Doc(new JsonObject
    {
        ["id"] = id,
        ["type"] = type,
        ["actor"] = Eve,
        ["object"] = obj,
    });

    private static JsonObject Note(string id, JsonNode? attributedTo) => new()
    {
        ["id"] = id,
        ["type"] = "Note",
        ["attributedTo"] = attributedTo,
        ["content"] = "hello",
    };

    [Fact]
    public void Activity_IdOnAnotherHost_IsRefused() =>
        Assert.Equal("the activity's id is not on its actor's server",
            OriginRules.ActivityOriginError(Activity("Follow", "https://elsewhere.example/activities/1", "https://hub.example/users/amira"), Eve));

    [Fact]
    public void Activity_WithoutId_IsRefused() =>
        Assert.Equal("the activity's id is not on its actor's server",
            OriginRules.ActivityOriginError(Doc(new JsonObject { ["type"] = "Follow", ["actor"] = Eve }), Eve));

    [Theory]
    [InlineData("https://REMOTE.example./activities/1")]
    [InlineData("https://remote.example:443/activities/1")]
    public void Activity_IdOnTheSameOriginInAnotherSpelling_Passes(string id) =>
        Assert.Null(OriginRules.ActivityOriginError(Activity("Follow", id, "https://hub.example/users/amira"), Eve));

    [Theory]
    [InlineData("http://remote.example/activities/1")]
    [InlineData("https://remote.example:8443/activities/1")]
    [InlineData("https://sub.remote.example/activities/1")]
    public void Activity_IdOnAnotherSchemePortOrSubdomain_IsRefused(string id) =>
        Assert.NotNull(OriginRules.ActivityOriginError(Activity("Follow", id, "https://hub.example/users/amira"), Eve));

    [Theory]
    [InlineData("Create")]
    [InlineData("Update")]
    [InlineData("Delete")]
    public void CreateUpdateDelete_WithoutObject_IsRefused(string type) =>
        Assert.Equal("the activity has no object", OriginRules.ActivityOriginError(Activity(type, "https://remote.example/activities/1", null), Eve));

    [Theory]
    [InlineData("Create")]
    [InlineData("Update")]
    [InlineData("Delete")]
    public void CreateUpdateDelete_OfAForeignObject_IsRefused(string type)
    {
        Assert.Equal("the object's id is not on the actor's server", OriginRules.ActivityOriginError(
            Activity(type, "https://remote.example/activities/1", Note("https://victim.example/notes/1", Eve)), Eve));
        Assert.Equal("the object's id is not on the actor's server", OriginRules.ActivityOriginError(
            Activity(type, "https://remote.example/activities/1", "https://victim.example/notes/1"), Eve));
    }

    [Theory]
    [InlineData("Create")]
    [InlineData("Update")]
    [InlineData("Delete")]
    public void CreateUpdateDelete_OfAnObjectAttributedToSomeoneElse_IsRefused(string type) =>
        Assert.Equal("the object is attributed to someone else", OriginRules.ActivityOriginError(
            Activity(type, "https://remote.example/activities/1", Note("https://remote.example/notes/2", "https://remote.example/users/mallory")), Eve));

    [Fact]
    public void Create_AttributedToSomeoneElse_AsAnEmbeddedActor_IsRefused() =>
        Assert.Equal("the object is attributed to someone else", OriginRules.ActivityOriginError(
            Activity("Create", "https://remote.example/activities/1",
                Note("https://remote.example/notes/2", new JsonObject { ["type"] = "Person", ["id"] = "https://remote.example/users/mallory" })), Eve));

    [Fact]
    public void Create_OfItsOwnNote_Passes() =>
        Assert.Null(OriginRules.ActivityOriginError(Activity("Create", "https://remote.example/activities/1", Note("https://remote.example/notes/3", Eve)), Eve));

    [Fact]
    public void Create_OfAnEmbeddedObjectWithoutAttributedTo_Passes() =>
        Assert.Null(OriginRules.ActivityOriginError(Activity("Create", "https://remote.example/activities/1", Note("https://remote.example/notes/3", null)), Eve));

    [Fact]
    public void Update_OfTheActorItself_Passes_EvenWithAttributedTo()
    {
        // A Lemmy community (Group) names its moderators in attributedTo; its own Update must still pass.
        var group = new JsonObject
        {
            ["id"] = Eve,
            ["type"] = "Group",
            ["attributedTo"] = "https://remote.example/users/eve/moderators",
        };
        Assert.Null(OriginRules.ActivityOriginError(Activity("Update", "https://remote.example/activities/1", group), Eve));
    }

    [Fact]
    public void Delete_OfTheActorByReference_Passes() =>
        Assert.Null(OriginRules.ActivityOriginError(Activity("Delete", Eve + "#delete", Eve), Eve));

    [Theory]
    [InlineData("Like")]
    [InlineData("Announce")]
    [InlineData("Undo")]
    [InlineData("Follow")]
    public void OtherActivities_OfForeignObjects_Pass(string type) =>
        Assert.Null(OriginRules.ActivityOriginError(Activity(type, "https://remote.example/activities/1", "https://victim.example/notes/1"), Eve));

    [Fact]
    public void Object_OnItsAuthorsServer_AttributedToThem_Passes() =>
        Assert.Null(OriginRules.ObjectOriginError(Doc(Note("https://remote.example/notes/1", Eve)), Eve));

    [Fact]
    public void Object_AttributedAsAnEmbeddedActorOrArray_Passes()
    {
        Assert.Null(OriginRules.ObjectOriginError(Doc(Note("https://remote.example/notes/1", new JsonObject { ["type"] = "Person", ["id"] = Eve })), Eve));
        Assert.Null(OriginRules.ObjectOriginError(Doc(Note("https://remote.example/notes/1", new JsonArray(Eve, "https://remote.example/users/x"))), Eve));
    }

    [Theory]
    [InlineData("https://victim.example/notes/1")]
    [InlineData("http://remote.example/notes/1")]
    [InlineData("not a url")]
    public void Object_IdOnAnotherServer_IsRefused(string id) =>
        Assert.Equal("the object's id is not on its author's server", OriginRules.ObjectOriginError(Doc(Note(id, Eve)), Eve));

    [Fact]
    public void Object_WithoutId_IsRefused() =>
        Assert.Equal("the object's id is not on its author's server",
            OriginRules.ObjectOriginError(Doc(new JsonObject { ["type"] = "Note", ["attributedTo"] = Eve }), Eve));

    [Fact]
    public void Object_AttributedToSomeoneElse_IsRefused() =>
        Assert.Equal("the object is not attributed to the actor",
            OriginRules.ObjectOriginError(Doc(Note("https://remote.example/notes/1", "https://remote.example/users/mallory")), Eve));

    [Fact]
    public void Object_WithoutAttributedTo_IsRefused() =>
        Assert.Equal("the object is not attributed to the actor", OriginRules.ObjectOriginError(Doc(Note("https://remote.example/notes/1", null)), Eve));
}
