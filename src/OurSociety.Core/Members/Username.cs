namespace OurSociety.Core.Members;

/// <summary>
/// Usernames become WebFinger handles (<c>acct:name@host</c>) and actor URLs, so they are restricted to what every
/// fediverse server accepts and can never collide with a route of ours. People may type capitals; the name is kept in
/// lower case (<c>[a-z0-9_]</c>), so <c>Rosa</c> and <c>rosa</c> are one account.
/// </summary>
public static class Username
{
    public const int MaxLength = 30;

    private static readonly HashSet<string> AlwaysReserved =
    [
        "hub", "actor", "inbox", "outbox", "users", "tags", "ns", "api", "admin", "settings", "well-known",
    ];

    /// <summary>The form stored for unique, case-insensitive lookups.</summary>
    public static string Normalize(string username) => username.Trim().ToLowerInvariant();

    /// <summary>Returns null when <paramref name="username"/> is acceptable, else a message for a person.</summary>
    public static string? Validate(string? username, string hubUsername)
    {
        if (string.IsNullOrWhiteSpace(username))
        {
            return CoreText.Get("Username.Missing");
        }

        var name = username.Trim();
        if (name.Length > MaxLength)
        {
            return CoreText.Format("Username.TooLong", ("max", MaxLength));
        }

        if (!name.All(c => c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9') or '_'))
        {
            return CoreText.Get("Username.Characters");
        }

        var normalized = Normalize(name);
        return AlwaysReserved.Contains(normalized) || normalized == Normalize(hubUsername)
            ? $"The username \"{name}\" is reserved. Please choose another."
            : null;
    }
}
