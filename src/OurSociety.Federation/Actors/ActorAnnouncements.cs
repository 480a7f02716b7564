using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using OurSociety.ActivityPub;
using OurSociety.Core.Federation;
using OurSociety.Core.Members;
using OurSociety.Federation.Delivery;

namespace OurSociety.Federation.Actors;

/// <summary>
/// Tells a member's followers when their profile changes (Update of the Person, INTEROP §4.5) or their account is
/// deleted (Delete of the Person; their servers then forget the account).
/// </summary>
public sealed partial class ActorAnnouncements(
    LocalActors locals, ActorKeys keys, Outbox outbox, IFollowStore follows, NodeIdentity node, ILogger<ActorAnnouncements> logger)
    : IMemberEvents
{
    public async Task ProfileChangedAsync(Member member, CancellationToken ct)
    {
        var actor = locals.FromMember(member);
        var document = ActorDocuments.Build(actor, await keys.PairOfAsync(member.Username, ct), node.Authority);
        document.Remove("@context");
        var update = new JsonObject
        {
            ["@context"] = ActorDocuments.Context(),
            ["id"] = outbox.NewActivityId(),
            ["type"] = "Update",
            ["actor"] = actor.Id,
            ["to"] = new JsonArray(ActivityStreams.Public),
            ["cc"] = new JsonArray(ApUrls.Followers(actor.Id)),
            ["object"] = document,
        };
        await outbox.SendAsync(member.Username, update, [], toFollowers: true, ct);
    }

    public async Task AccountDeletedAsync(Member member, CancellationToken ct)
    {
        var actorId = ApUrls.Actor(locals.Origin, member.Username);
        var delete = new JsonObject
        {
            ["@context"] = ActivityStreams.Context,
            ["id"] = actorId + "#delete",
            ["type"] = "Delete",
            ["actor"] = actorId,
            ["to"] = new JsonArray(ActivityStreams.Public),
            ["object"] = actorId,
        };
        // Queued before the follows go: the followers' inboxes are read from them. The key stays, to sign it.
        await outbox.SendAsync(member.Username, delete, [], toFollowers: true, ct);
        var removed = await follows.DeleteAllOfAsync(member.Username, ct);
        LogDeleted(member.Username, removed);
    }

    [LoggerMessage(5701, LogLevel.Information, "Told the followers of {Username} that the account is deleted; {Count} follows removed")]
    private partial void LogDeleted(string username, int count);
}
