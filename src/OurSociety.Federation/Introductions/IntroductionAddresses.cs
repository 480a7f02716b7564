using OurSociety.Core.Introductions;
using OurSociety.Core.Members;

namespace OurSociety.Federation.Introductions;

/// <summary>
/// The addresses an introduction proposed here records. The Relationship's IRI is <c>{origin}/introductions/{id}</c>:
/// the same address as the page the three people read it on, and never public (only they may fetch it).
/// </summary>
public sealed class IntroductionAddresses(NodeIdentity node, Core.Hubs.HubIdentity hub) : IIntroductionAddresses
{
    public static string Of(string origin, Guid introductionId) => $"{origin}/introductions/{introductionId:D}";

    public string ApIdOf(Guid introductionId) => Of(node.Origin, introductionId);

    public string HandleOf(Member member)
    {
        ArgumentNullException.ThrowIfNull(member);
        return $"{member.Username}@{node.Authority}";
    }

    public string ProfileOf(Member member)
    {
        ArgumentNullException.ThrowIfNull(member);
        return ApUrls.Profile(node.Origin, member.Username);
    }

    public string HubActorId => ApUrls.Actor(node.Origin, HubUsername);

    public string HubHandle => $"{HubUsername}@{node.Authority}";

    public string HubProfile => ApUrls.Profile(node.Origin, HubUsername);

    /// <summary>As <see cref="Actors.LocalActors.HubUsername"/>: the configured name, lower case.</summary>
    private string HubUsername => hub.ActorUsername;
}
