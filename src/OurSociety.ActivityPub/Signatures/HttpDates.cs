using System.Globalization;

namespace OurSociety.ActivityPub.Signatures;

/// <summary>The HTTP date format (IMF-fixdate, RFC 9110 §5.6.7), e.g. <c>Sun, 06 Nov 1994 08:49:37 GMT</c>.</summary>
public static class HttpDates
{
    private const string ImfFixdate = "ddd, dd MMM yyyy HH':'mm':'ss 'GMT'";

    /// <summary>Formats a moment as IMF-fixdate in UTC.</summary>
    public static string Format(DateTimeOffset value) =>
        value.UtcDateTime.ToString(ImfFixdate, CultureInfo.InvariantCulture);

    /// <summary>Parses an IMF-fixdate; false for anything else (the obsolete RFC 850 and asctime forms included).</summary>
    public static bool TryParse(string? value, out DateTimeOffset result)
    {
        result = default;
        if (value is null || value.Length != 29)
        {
            return false;
        }

        return DateTimeOffset.TryParseExact(value, ImfFixdate, CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out result);
    }
}
