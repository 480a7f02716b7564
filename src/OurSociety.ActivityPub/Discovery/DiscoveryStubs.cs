namespace OurSociety.ActivityPub.Discovery;

// CONTRACT STUBS (issue 4). The vocabulary helper replaces the bodies and may split this file.

/// <summary>A fediverse handle <c>user@host[:port]</c>, parsed from <c>@user@host</c>, <c>user@host</c> or <c>acct:user@host</c>.</summary>
public sealed record Handle(string User, string Host)
{
    /// <summary>Parses and normalises (host lower-case, IDN to punycode, one trailing dot removed); null when malformed.</summary>
    public static Handle? TryParse(string text) => throw new NotImplementedException();

    /// <summary>The handle as <c>user@host</c>.</summary>
    public override string ToString() => $"{User}@{Host}";
}
