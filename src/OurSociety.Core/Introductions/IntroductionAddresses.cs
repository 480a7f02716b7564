using OurSociety.Core.Members;

namespace OurSociety.Core.Introductions;

/// <summary>
/// This node's addresses an introduction records: only the layer that knows the node's origin can build them
/// (implemented in Federation).
/// </summary>
public interface IIntroductionAddresses
{
    /// <summary>The Relationship's IRI of an introduction proposed here: <c>{origin}/introductions/{id}</c>.</summary>
    string ApIdOf(Guid introductionId);

    /// <summary>A member's handle without the leading @: <c>name@host</c>.</summary>
    string HandleOf(Member member);

    /// <summary>A member's profile page.</summary>
    string ProfileOf(Member member);

    /// <summary>Our hub's Group actor IRI (a party's actor when our hub is introduced).</summary>
    string HubActorId { get; }

    /// <summary>Our hub's handle without the leading @: <c>hub@host</c>.</summary>
    string HubHandle { get; }

    /// <summary>Our hub's profile page.</summary>
    string HubProfile { get; }
}
