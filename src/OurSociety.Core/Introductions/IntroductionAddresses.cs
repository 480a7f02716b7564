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
}
