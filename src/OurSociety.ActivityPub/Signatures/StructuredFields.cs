using System.Globalization;
using System.Text;

namespace OurSociety.ActivityPub.Signatures;

/// <summary>The kinds of RFC 8941 bare items (plus inner lists, which only appear as members).</summary>
internal enum SfKind
{
    Integer,
    Decimal,
    String,
    Token,
    ByteSequence,
    Boolean,
    InnerList,
}

/// <summary>An RFC 8941 bare item. <see cref="Text"/> holds strings and tokens, <see cref="Number"/> numbers.</summary>
internal readonly record struct SfBareItem(SfKind Kind, string? Text = null, decimal Number = 0, byte[]? Bytes = null, bool Flag = false)
{
    public override string ToString() => Kind switch
    {
        SfKind.String => StructuredFields.SerializeString(Text!),
        SfKind.Token => Text!,
        SfKind.Integer => Number.ToString("0", CultureInfo.InvariantCulture),
        SfKind.Decimal => Number.ToString("0.0##", CultureInfo.InvariantCulture),
        SfKind.ByteSequence => ":" + Convert.ToBase64String(Bytes!) + ":",
        SfKind.Boolean => Flag ? "?1" : "?0",
        _ => "",
    };
}

/// <summary>An item with its parameters, in the order sent.</summary>
internal sealed record SfItem(SfBareItem Value, IReadOnlyList<KeyValuePair<string, SfBareItem>> Parameters)
{
    public SfBareItem? Parameter(string key)
    {
        foreach (var p in Parameters)
        {
            if (p.Key == key)
            {
                return p.Value;
            }
        }

        return null;
    }
}

/// <summary>A dictionary member: an item or an inner list, with its parameters and the exact text it was parsed from.</summary>
internal sealed record SfMember(SfItem Item, IReadOnlyList<SfItem>? InnerList, string RawText)
{
    public bool IsInnerList => InnerList is not null;
}

/// <summary>
/// A strict parser for RFC 8941 dictionaries (the shape of <c>Signature-Input</c>, <c>Signature</c> and
/// <c>Content-Digest</c>). It never throws: malformed input gives null, because these headers come from strangers.
/// </summary>
internal static class StructuredFields
{
    public static List<KeyValuePair<string, SfMember>>? ParseDictionary(string input)
    {
        var p = new Cursor(input);
        var result = new List<KeyValuePair<string, SfMember>>();
        p.SkipSpaces();
        if (p.AtEnd)
        {
            return result;
        }

        while (true)
        {
            var key = p.ParseKey();
            if (key is null)
            {
                return null;
            }

            var start = p.Position;
            SfMember? member;
            if (p.Peek == '=')
            {
                p.Position++;
                start = p.Position;
                member = p.ParseItemOrInnerList(input);
            }
            else
            {
                var parameters = p.ParseParameters();
                member = parameters is null ? null
                    : new SfMember(new SfItem(new SfBareItem(SfKind.Boolean, Flag: true), parameters), null, "");
            }

            if (member is null)
            {
                return null;
            }

            member = member with { RawText = input[start..p.Position] };

            // RFC 8941 §4.2.2: a repeated key overwrites the earlier value but keeps its place.
            var existing = result.FindIndex(kv => kv.Key == key);
            if (existing >= 0)
            {
                result[existing] = new(key, member);
            }
            else
            {
                result.Add(new(key, member));
            }

            p.SkipOws();
            if (p.AtEnd)
            {
                return result;
            }

            if (p.Peek != ',')
            {
                return null;
            }

            p.Position++;
            p.SkipOws();
            if (p.AtEnd)
            {
                return null;
            }
        }
    }

    public static string SerializeString(string value)
    {
        var sb = new StringBuilder(value.Length + 2).Append('"');
        foreach (var c in value)
        {
            if (c is '"' or '\\')
            {
                sb.Append('\\');
            }

            sb.Append(c);
        }

        return sb.Append('"').ToString();
    }

    public static bool IsValidStringContent(string value)
    {
        foreach (var c in value)
        {
            if (c is < (char)0x20 or > (char)0x7E)
            {
                return false;
            }
        }

        return true;
    }

    private struct Cursor(string input)
    {
        private readonly string _s = input;
        public int Position { get; set; }

        public readonly bool AtEnd => Position >= _s.Length;

        public readonly char Peek => Position < _s.Length ? _s[Position] : '\0';

        public void SkipSpaces()
        {
            while (!AtEnd && _s[Position] == ' ')
            {
                Position++;
            }
        }

        public void SkipOws()
        {
            while (!AtEnd && _s[Position] is ' ' or '\t')
            {
                Position++;
            }
        }

        public string? ParseKey()
        {
            if (AtEnd || !(char.IsAsciiLetterLower(Peek) || Peek == '*'))
            {
                return null;
            }

            var start = Position;
            while (!AtEnd && (char.IsAsciiLetterLower(Peek) || char.IsAsciiDigit(Peek) || Peek is '_' or '-' or '.' or '*'))
            {
                Position++;
            }

            return _s[start..Position];
        }

        public SfMember? ParseItemOrInnerList(string input)
        {
            if (Peek == '(')
            {
                return ParseInnerList();
            }

            var item = ParseItem();
            return item is null ? null : new SfMember(item, null, "");
        }

        private SfMember? ParseInnerList()
        {
            Position++;
            var items = new List<SfItem>();
            while (!AtEnd)
            {
                SkipSpaces();
                if (Peek == ')')
                {
                    Position++;
                    var parameters = ParseParameters();
                    return parameters is null ? null
                        : new SfMember(new SfItem(new SfBareItem(SfKind.InnerList), parameters), items, "");
                }

                var item = ParseItem();
                if (item is null)
                {
                    return null;
                }

                items.Add(item);
                if (Peek is not (' ' or ')'))
                {
                    return null;
                }
            }

            return null;
        }

        private SfItem? ParseItem()
        {
            var bare = ParseBareItem();
            if (bare is null)
            {
                return null;
            }

            var parameters = ParseParameters();
            return parameters is null ? null : new SfItem(bare.Value, parameters);
        }

        public List<KeyValuePair<string, SfBareItem>>? ParseParameters()
        {
            var parameters = new List<KeyValuePair<string, SfBareItem>>();
            while (Peek == ';')
            {
                Position++;
                SkipSpaces();
                var key = ParseKey();
                if (key is null)
                {
                    return null;
                }

                var value = new SfBareItem(SfKind.Boolean, Flag: true);
                if (Peek == '=')
                {
                    Position++;
                    var bare = ParseBareItem();
                    if (bare is null)
                    {
                        return null;
                    }

                    value = bare.Value;
                }

                var existing = parameters.FindIndex(kv => kv.Key == key);
                if (existing >= 0)
                {
                    parameters[existing] = new(key, value);
                }
                else
                {
                    parameters.Add(new(key, value));
                }
            }

            return parameters;
        }

        private SfBareItem? ParseBareItem()
        {
            var c = Peek;
            if (c == '-' || char.IsAsciiDigit(c))
            {
                return ParseNumber();
            }

            if (c == '"')
            {
                return ParseString();
            }

            if (c == '*' || char.IsAsciiLetter(c))
            {
                return ParseToken();
            }

            if (c == ':')
            {
                return ParseByteSequence();
            }

            if (c == '?')
            {
                return ParseBoolean();
            }

            return null;
        }

        private SfBareItem? ParseNumber()
        {
            var start = Position;
            if (Peek == '-')
            {
                Position++;
            }

            var digitsStart = Position;
            while (!AtEnd && (char.IsAsciiDigit(Peek) || Peek == '.'))
            {
                Position++;
            }

            // RFC 8941 §4.2.4: at most 15 integer digits; decimals 1-12 digits, a dot, then 1-3 digits.
            var digits = _s.AsSpan(digitsStart, Position - digitsStart);
            var dot = digits.IndexOf('.');
            var isDecimal = dot >= 0;
            var valid = isDecimal
                ? dot is >= 1 and <= 12 && digits.Length - dot - 1 is >= 1 and <= 3 && digits[(dot + 1)..].IndexOf('.') < 0
                : digits.Length is >= 1 and <= 15;
            if (!valid)
            {
                return null;
            }

            return decimal.TryParse(_s.AsSpan(start, Position - start), NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint,
                CultureInfo.InvariantCulture, out var number)
                ? new SfBareItem(isDecimal ? SfKind.Decimal : SfKind.Integer, Number: number)
                : null;
        }

        private SfBareItem? ParseString()
        {
            Position++;
            var sb = new StringBuilder();
            while (!AtEnd)
            {
                var c = _s[Position++];
                if (c == '\\')
                {
                    if (AtEnd || _s[Position] is not ('"' or '\\'))
                    {
                        return null;
                    }

                    sb.Append(_s[Position++]);
                }
                else if (c == '"')
                {
                    return new SfBareItem(SfKind.String, Text: sb.ToString());
                }
                else if (c is < (char)0x20 or > (char)0x7E)
                {
                    return null;
                }
                else
                {
                    sb.Append(c);
                }
            }

            return null;
        }

        private SfBareItem ParseToken()
        {
            var start = Position;
            Position++;
            while (!AtEnd && (IsTchar(Peek) || Peek is ':' or '/'))
            {
                Position++;
            }

            return new SfBareItem(SfKind.Token, Text: _s[start..Position]);
        }

        private SfBareItem? ParseByteSequence()
        {
            Position++;
            var end = _s.IndexOf(':', Position);
            if (end < 0)
            {
                return null;
            }

            var b64 = _s.AsSpan(Position, end - Position);
            foreach (var c in b64)
            {
                if (!(char.IsAsciiLetterOrDigit(c) || c is '+' or '/' or '='))
                {
                    return null;
                }
            }

            var buffer = new byte[(b64.Length * 3 / 4) + 3];
            if (!Convert.TryFromBase64Chars(b64, buffer, out var written))
            {
                return null;
            }

            Position = end + 1;
            return new SfBareItem(SfKind.ByteSequence, Bytes: buffer.AsSpan(0, written).ToArray());
        }

        private SfBareItem? ParseBoolean()
        {
            Position++;
            var c = Peek;
            if (c is not ('0' or '1'))
            {
                return null;
            }

            Position++;
            return new SfBareItem(SfKind.Boolean, Flag: c == '1');
        }

        private static bool IsTchar(char c) =>
            char.IsAsciiLetterOrDigit(c) || c is '!' or '#' or '$' or '%' or '&' or '\'' or '*' or '+' or '-' or '.'
                or '^' or '_' or '`' or '|' or '~';
    }
}
