using System.Globalization;
using System.Net;

namespace OurSociety.Core.Federation;

/// <summary>Why a text is not a host name, so a caller can say it in the reader's language.</summary>
public enum DomainNameProblem
{
    None,
    Empty,
    TooLong,
    LabelTooLong,
    BadCharacters,
    IpLiteral,
}

/// <summary>
/// A host name in one canonical spelling: ASCII (IDN labels as punycode), lower case, no trailing dot, no port. Two
/// spellings of one host (<c>Bücher.Example.</c>, <c>https://xn--bcher-kva.example:443/users/x</c>) give equal values,
/// so a rule keyed on a name cannot be slipped past by spelling it differently.
/// It lives in Core, not the ActivityPub library, because Core may reference no other project and its rules (domain
/// blocks, allow lists) need it; it has no domain words and needs only the BCL.
/// IP literals are refused: a rule about a name cannot name an address (a host moves between addresses and many hosts
/// share one), and peers identify themselves by the host in their key ids and actor URLs, which are names.
/// </summary>
public readonly record struct DomainName
{
    public const int MaxLength = 253;
    public const int MaxLabelLength = 63;

    private static readonly IdnMapping Idn = new() { AllowUnassigned = false, UseStd3AsciiRules = true };

    private DomainName(string value) => Value = value;

    /// <summary>The canonical ASCII spelling (empty for <c>default</c>).</summary>
    public string Value { get => field ?? ""; }

    /// <summary>The name as people read it, IDN labels shown in their own script.</summary>
    public string Unicode
    {
        get
        {
            try
            {
                return Idn.GetUnicode(Value);
            }
            catch (ArgumentException)
            {
                return Value;
            }
        }
    }

    /// <summary>
    /// The name partly hidden, as Mastodon shows an obfuscated block (<c>DomainBlock#public_domain</c>): the first and
    /// last quarter of the characters stay, every other character except the dots becomes <c>*</c>, so people who
    /// know the name recognise it and others are not sent there.
    /// </summary>
    public string Obfuscated
    {
        get
        {
            var value = Value;
            var visible = value.Length / 4;
            var chars = value.ToCharArray();
            for (var i = 0; i < chars.Length; i++)
            {
                if (i > visible && i < chars.Length - visible && chars[i] != '.')
                {
                    chars[i] = '*';
                }
            }

            return new string(chars);
        }
    }

    /// <summary>True for the same name and for any name under it: <c>bad.example</c> covers <c>a.bad.example</c>.</summary>
    public bool Covers(DomainName other)
    {
        var mine = Value;
        var theirs = other.Value;
        if (mine.Length == 0 || theirs.Length == 0)
        {
            return false;
        }

        return theirs == mine
            || (theirs.Length > mine.Length && theirs[theirs.Length - mine.Length - 1] == '.' && theirs.EndsWith(mine, StringComparison.Ordinal));
    }

    public override string ToString() => Value;

    /// <summary>Parses a name or a pasted URL or handle host, with a readable English message when it is refused.</summary>
    public static bool TryParse(string? input, out DomainName name, out string error)
    {
        var ok = TryParse(input, out name, out DomainNameProblem problem);
        error = Describe(problem);
        return ok;
    }

    /// <summary>English for a problem; user-facing layers translate <see cref="DomainNameProblem"/> themselves.</summary>
    public static string Describe(DomainNameProblem problem) => problem switch
    {
        DomainNameProblem.None => "",
        DomainNameProblem.Empty => "Give a domain name, such as example.org.",
        DomainNameProblem.TooLong => $"A domain name can be at most {MaxLength} characters long.",
        DomainNameProblem.LabelTooLong => $"Each part of a domain name between dots can be at most {MaxLabelLength} characters long.",
        DomainNameProblem.BadCharacters => "A domain name can only have letters, digits, hyphens and dots in it.",
        DomainNameProblem.IpLiteral => "Give a domain name, not an IP address.",
        _ => throw new ArgumentOutOfRangeException(nameof(problem)),
    };

    public static bool TryParse(string? input, out DomainName name, out DomainNameProblem problem)
    {
        name = default;
        problem = Parse(input, out var value);
        if (problem != DomainNameProblem.None)
        {
            return false;
        }

        name = new DomainName(value);
        return true;
    }

    private static DomainNameProblem Parse(string? input, out string value)
    {
        value = "";
        var host = (input ?? "").Trim();

        // Someone pasting https://Bad.Example:443/users/x or a handle's host means the host.
        var scheme = host.IndexOf("://", StringComparison.Ordinal);
        if (scheme >= 0)
        {
            host = host[(scheme + 3)..];
        }

        var end = host.IndexOfAny(['/', '?', '#']);
        if (end >= 0)
        {
            host = host[..end];
        }

        var at = host.LastIndexOf('@');
        if (at >= 0)
        {
            host = host[(at + 1)..];
        }

        if (host.Length == 0)
        {
            return DomainNameProblem.Empty;
        }

        if (host[0] == '[' || host.Count(c => c == ':') > 1)
        {
            return DomainNameProblem.IpLiteral;
        }

        var colon = host.IndexOf(':', StringComparison.Ordinal);
        if (colon >= 0)
        {
            var port = host[(colon + 1)..];
            if (port.Length == 0 || port.Length > 5 || !port.All(char.IsAsciiDigit))
            {
                return DomainNameProblem.BadCharacters;
            }

            host = host[..colon];
        }

        if (host.EndsWith('.'))
        {
            host = host[..^1];
        }

        if (host.Length == 0)
        {
            return DomainNameProblem.Empty;
        }

        if (IPAddress.TryParse(host, out _) && host.All(c => char.IsAsciiDigit(c) || c == '.'))
        {
            return DomainNameProblem.IpLiteral;
        }

        // Length limits are about the wire form, checked again after IDN mapping, but a huge input is refused early.
        if (host.Length > MaxLength * 4)
        {
            return DomainNameProblem.TooLong;
        }

        foreach (var label in host.Split('.'))
        {
            if (label.Length == 0)
            {
                return DomainNameProblem.BadCharacters;
            }
        }

        // IdnMapping refuses over-long ASCII input as a whole, so say which limit it is before asking it.
        if (host.All(char.IsAscii))
        {
            if (host.Length > MaxLength)
            {
                return DomainNameProblem.TooLong;
            }

            if (host.Split('.').Any(label => label.Length > MaxLabelLength))
            {
                return DomainNameProblem.LabelTooLong;
            }
        }

        string ascii;
        try
        {
            ascii = Idn.GetAscii(host).ToLowerInvariant();
        }
        catch (ArgumentException)
        {
            return DomainNameProblem.BadCharacters;
        }

        if (ascii.Length > MaxLength)
        {
            return DomainNameProblem.TooLong;
        }

        var labels = ascii.Split('.');
        foreach (var label in labels)
        {
            if (label.Length > MaxLabelLength)
            {
                return DomainNameProblem.LabelTooLong;
            }

            if (label.Length == 0 || label[0] == '-' || label[^1] == '-'
                || !label.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-'))
            {
                return DomainNameProblem.BadCharacters;
            }
        }

        // A last label of digits only is an IPv4 address in another spelling (0x7f.1, 2130706433), never a name.
        if (labels[^1].All(char.IsAsciiDigit))
        {
            return DomainNameProblem.IpLiteral;
        }

        value = ascii;
        return DomainNameProblem.None;
    }
}
