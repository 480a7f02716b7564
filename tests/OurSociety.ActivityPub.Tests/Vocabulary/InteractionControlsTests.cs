using System.Text.Json.Nodes;
using OurSociety.ActivityPub.Vocabulary;

namespace OurSociety.ActivityPub.Tests.Vocabulary;

/// <summary>
/// GoToSocial's interaction controls as we build them: each builder reproduces our example exactly (same property
/// order), and the policy carries both spellings of the lists.
/// </summary>
public sealed class InteractionControlsTests
{
    private static readonly string Root = Path.Combine(AppContext.BaseDirectory, "golden");

    private static JsonObject Example(string name) => JsonNode.Parse(File.ReadAllText(Path.Combine(Root, name)))!.AsObject();

    [Fact]
    public void Accept_ReproducesTheExample()
    {
        var example = Example("reply-accept.json");

        var built = InteractionControls.Accept((string)example["id"]!, (string)example["actor"]!, (string)example["to"]![0]!,
            (string)example["object"]!, (string)example["target"]!, (string)example["result"]!);

        Assert.Equal(example.ToJsonString(), built.ToJsonString());
    }

    [Fact]
    public void Reject_ReproducesTheExample_WithoutAResult()
    {
        var example = Example("reply-reject.json");

        var built = InteractionControls.Reject((string)example["id"]!, (string)example["actor"]!, (string)example["to"]![0]!,
            (string)example["object"]!, (string)example["target"]!);

        Assert.Equal(example.ToJsonString(), built.ToJsonString());
        Assert.Null(built["result"]);
    }

    [Fact]
    public void Authorization_ReproducesTheExample()
    {
        var example = Example("reply-authorization.json");

        var built = InteractionControls.Authorization((string)example["id"]!, (string)example["attributedTo"]!,
            (string)example["interactingObject"]!, (string)example["interactionTarget"]!);

        Assert.Equal(example.ToJsonString(), built.ToJsonString());
        Assert.Equal(InteractionControls.ReplyAuthorization, (string)built["type"]!);
    }

    [Fact]
    public void ReplyPolicy_WritesBothSpellings_AndOnlyCanReply()
    {
        var policy = InteractionControls.ReplyPolicy(["https://a.example/users/x"], [ActivityStreams.Public]);

        Assert.Equal([InteractionControls.CanReply], policy.Select(p => p.Key));
        var canReply = policy[InteractionControls.CanReply]!;
        Assert.True(JsonNode.DeepEquals(canReply[InteractionControls.AutomaticApproval], canReply[InteractionControls.Always]));
        Assert.True(JsonNode.DeepEquals(canReply[InteractionControls.ManualApproval], canReply[InteractionControls.ApprovalRequired]));
        Assert.Equal(ActivityStreams.Public, (string)canReply[InteractionControls.ManualApproval]![0]!);
    }

    [Fact]
    public void Terms_UseGoToSocialsNamespace()
    {
        var terms = InteractionControls.Terms();

        Assert.Equal("https://gotosocial.org/ns#", (string)terms["gts"]!);
        Assert.Equal("gts:interactionPolicy", (string)terms["interactionPolicy"]!["@id"]!);
        Assert.Equal("gts:ReplyAuthorization", (string)terms["ReplyAuthorization"]!);
    }
}
