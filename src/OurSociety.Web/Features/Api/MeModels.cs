using System.ComponentModel;
using OurSociety.Core.Members;
using OurSociety.Web.Hosting;

namespace OurSociety.Web.Features.Api;

/// <summary>The signed-in member, as the API shows them.</summary>
internal sealed record MeResponse(
    [property: Description("The handle: letters, digits and underscores.")] string Username,
    string DisplayName,
    [property: Description("Role names: member, glue-er, moderator, admin.")] IReadOnlyList<string> Roles,
    [property: Description("The member's ActivityPub actor id.")] string ActorId,
    [property: Description("The member's profile page.")] string Url,
    string Bio,
    string Locality,
    string? AvatarUrl,
    [property: Description("True when you approve new followers yourself (a locked account).")] bool ManuallyApprovesFollowers,
    DateTimeOffset CreatedAt,
    [property: Description("The language you chose for the pages (e.g. \"cy\"); null: your browser's, then the hub's.")] string? Language)
{
    public static MeResponse From(Member member, NodeOptions node) => new(
        member.Username,
        member.DisplayName,
        [.. OurSociety.Core.Members.Roles.All.Where(member.Has).Select(r => r.Name())],
        Links.Actor(node, member.Username),
        Links.Profile(node, member.Username),
        member.Bio,
        member.Locality,
        Links.Avatar(node.Origin, member.AvatarPath),
        member.ManuallyApprovesFollowers,
        member.CreatedAt,
        member.Language)
    {
        CanHelpWith = member.CanHelpWith,
        InterestedIn = member.InterestedIn,
        Discoverable = member.Discoverable,
        Indexable = member.Indexable,
    };

    [Description("Topics you can help with (\"Can help with\" on your profile): members who ask for help with them may be pointed to you.")]
    public IReadOnlyList<string> CanHelpWith { get; init; } = [];

    [Description("Topics you are interested in (\"Interested in\" on your profile).")]
    public IReadOnlyList<string> InterestedIn { get; init; } = [];

    [Description("True: you are shown in directories and suggestions (sent to other hubs as discoverable).")]
    public bool Discoverable { get; init; } = true;

    [Description("True: people may find your public posts by searching, here and from linked hubs (sent to other hubs as indexable).")]
    public bool Indexable { get; init; } = true;
}

/// <summary>
/// A profile change. A field left out (or null) stays as it is. Lengths are checked by the domain after trimming,
/// so they carry no DataAnnotations.
/// </summary>
internal sealed record UpdateMeRequest
{
    [Description("Up to 100 characters; an empty one shows the username instead.")]
    public string? DisplayName { get; init; }

    [Description("A few words about you, up to 500 characters; empty clears it.")]
    public string? Bio { get; init; }

    [Description("Where you are, up to 100 characters; empty clears it.")]
    public string? Locality { get; init; }

    [Description("True: new followers wait until you accept them. False: anyone may follow you.")]
    public bool? ManuallyApprovesFollowers { get; init; }

    [Description("The language of the pages for you: one of the hub's languages (e.g. \"cy\"); empty lets your browser's languages decide.")]
    public string? Language { get; init; }

    [Description("Topics you can help with: plain words without '#', up to 10; [] clears them. Shown on your profile and to other hubs.")]
    public IReadOnlyList<string>? CanHelpWith { get; init; }

    [Description("Topics you are interested in, the same way.")]
    public IReadOnlyList<string>? InterestedIn { get; init; }

    [Description("True: show you in directories and suggestions. False: leave you out (other hubs are told).")]
    public bool? Discoverable { get; init; }

    [Description("True: let people find your public posts by searching. False: search here and on linked hubs leaves them out (other hubs are told).")]
    public bool? Indexable { get; init; }
}
