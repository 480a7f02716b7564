using OurSociety.Content;
using OurSociety.Core.Hubs;
using OurSociety.Core.Members;

namespace OurSociety.Federation.Actors;

/// <summary>What kind of actor a local name is.</summary>
public enum LocalActorKind
{
    /// <summary>A member: <c>Person</c>.</summary>
    Member,

    /// <summary>The hub itself: <c>Group</c>, followable by anyone.</summary>
    Hub,

    /// <summary>The instance actor: <c>Application</c>, signs the node's own fetches.</summary>
    Instance,
}

/// <summary>A local actor as federation shows it.</summary>
public sealed record LocalActor(
    LocalActorKind Kind,
    string Username,
    string Id,
    string DisplayName,
    string Summary,
    string ProfileUrl,
    string? IconUrl,
    bool ManuallyApprovesFollowers,
    Member? Member,
    string? IconMediaType = null,
    HubProfile? HubProfile = null);

/// <summary>Finds local actors by username: active members, the hub, the instance actor.</summary>
public sealed class LocalActors(IMemberStore members, NodeIdentity node, HubIdentity hub)
{
    public string Origin => node.Origin;

    public string HubUsername => hub.ActorUsername;

    public LocalActor Instance => new(
        LocalActorKind.Instance, ApUrls.InstanceActorName, ApUrls.InstanceActor(Origin), node.Authority, "", Origin + "/", null, true, null);

    /// <summary>The Group, as the hub is now (<see cref="HubIdentity.Current"/>): its icon is the logo.</summary>
    public LocalActor Hub => HubActor(hub.Current);

    private LocalActor HubActor(HubProfile profile) => new(
        LocalActorKind.Hub,
        HubUsername,
        ApUrls.Actor(Origin, HubUsername),
        profile.Name,
        profile.Summary,
        ApUrls.Profile(Origin, HubUsername),
        profile.Logo is { } logo ? Origin + MediaFiles.Url(logo.Id) : null,
        false,
        null,
        profile.Logo?.MediaType,
        profile);

    /// <summary>The local actor with this username (case-insensitive), or null. Pending members are not actors yet.</summary>
    public async Task<LocalActor?> FindAsync(string username, CancellationToken ct)
    {
        if (string.Equals(username, HubUsername, StringComparison.OrdinalIgnoreCase))
        {
            return Hub;
        }

        if (username.Length is 0 or > Username.MaxLength)
        {
            return null;
        }

        var member = await members.FindByUsernameAsync(username, ct);
        return member is { State: MemberState.Active } ? FromMember(member) : null;
    }

    /// <summary>The local actor an id of this node names (a member, the hub, the instance actor), or null.</summary>
    public async Task<LocalActor?> FindByIdAsync(string actorId, CancellationToken ct)
    {
        if (ApUrls.IsInstanceActor(Origin, actorId))
        {
            return Instance;
        }

        var username = ApUrls.LocalUsername(Origin, actorId);
        var actor = username is null ? null : await FindAsync(username, ct);
        return actor is not null && actor.Id == actorId ? actor : null;
    }

    public LocalActor FromMember(Member member) => new(
        LocalActorKind.Member,
        member.Username,
        ApUrls.Actor(Origin, member.Username),
        string.IsNullOrWhiteSpace(member.DisplayName) ? member.Username : member.DisplayName,
        member.Bio,
        ApUrls.Profile(Origin, member.Username),
        Avatars.Url(member.AvatarPath) is { } avatar ? Origin + avatar : null,
        member.ManuallyApprovesFollowers,
        member);
}
