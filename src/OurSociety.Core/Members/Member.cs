namespace OurSociety.Core.Members;

public enum MemberState
{
    /// <summary>Signed up while registrations need approval; cannot sign in until an admin approves.</summary>
    Pending,
    Active,
}

public sealed record Member(
    Guid Id,
    string Username,
    string DisplayName,
    string Bio,
    string Locality,
    string? AvatarPath,
    IReadOnlySet<Role> Roles,
    MemberState State,
    string? SignUpReason,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt)
{
    /// <summary>A locked account: follow requests wait for the member's approval.</summary>
    public bool ManuallyApprovesFollowers { get; init; }

    /// <summary>
    /// The password is a one-time password an admin printed: signing in with it leads only to choosing a new one.
    /// </summary>
    public bool MustChangePassword { get; init; }

    /// <summary>The language the member chose for the pages (e.g. "cy"); null: their browser's, then the hub's.</summary>
    public string? Language { get; init; }

    /// <summary>Topics the member can help with ("Can help with" on the profile and the actor): how helpers are found.</summary>
    public IReadOnlyList<string> CanHelpWith { get; init; } = [];

    /// <summary>Topics the member would like to learn about ("Interested in").</summary>
    public IReadOnlyList<string> InterestedIn { get; init; } = [];
    /// <summary>Who may introduce the member to someone (published on their actor).</summary>
    public Introductions.IntroductionPolicy IntroductionPolicy { get; init; } = Introductions.IntroductionPolicy.GlueErsOnly;

    /// <summary>Limited by a moderator: their posts stay off public lists and search; followers still see them.</summary>
    public DateTimeOffset? LimitedAt { get; init; }

    /// <summary>
    /// Suspended by a moderator: tokens refused, content hidden, signing in reaches only the reason and the appeal;
    /// deleted when the grace period ends unless unsuspended first.
    /// </summary>
    public DateTimeOffset? SuspendedAt { get; init; }

    /// <summary>What the member was told when suspended.</summary>
    public string? SuspensionReason { get; init; }

    /// <summary>"Show me in directories and suggestions": sent as the actor's <c>discoverable</c>.</summary>
    public bool Discoverable { get; init; } = true;

    /// <summary>
    /// "Let people find my public posts by searching": sent as the actor's <c>indexable</c>; when false their posts are
    /// left out of search here (and so of other hubs' linked search, which asks ours).
    /// </summary>
    public bool Indexable { get; init; } = true;

    public bool IsSuspended => SuspendedAt is not null;

    public bool IsAdmin => Roles.Contains(Role.Admin);

    public bool Has(Role role) => Roles.Contains(role);
}

/// <summary>What only sign-in needs: kept apart so a <see cref="Member"/> never carries a password hash around.</summary>
public sealed record Credentials(Guid MemberId, string PasswordHash, string SecurityStamp, DateTimeOffset? LockedUntil);

public sealed record ProfileUpdate(string DisplayName, string Bio, string Locality);

public static class ProfileLimits
{
    public const int DisplayNameMax = 100;
    public const int BioMax = 500;
    public const int LocalityMax = 100;
    public const int PasswordMin = 10;
    public const int PasswordMax = 200;
    public const int SignUpReasonMax = 500;
}
