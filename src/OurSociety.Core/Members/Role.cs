namespace OurSociety.Core.Members;

/// <summary>What a member may do. Stored and shown by their wire names (<see cref="Roles.Name"/>).</summary>
public enum Role
{
    Member,
    GlueEr,
    Moderator,
    Admin,
}

public static class Roles
{
    public static readonly IReadOnlyList<Role> All = [Role.Member, Role.GlueEr, Role.Moderator, Role.Admin];

    public static string Name(this Role role) => role switch
    {
        Role.Member => "member",
        Role.GlueEr => "glue-er",
        Role.Moderator => "moderator",
        Role.Admin => "admin",
        _ => throw new ArgumentOutOfRangeException(nameof(role)),
    };

    public static bool TryParse(string? name, out Role role)
    {
        foreach (var candidate in All)
        {
            if (string.Equals(candidate.Name(), name?.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                role = candidate;
                return true;
            }
        }

        role = default;
        return false;
    }

    public static string NameList => string.Join(", ", All.Select(r => r.Name()));
}
