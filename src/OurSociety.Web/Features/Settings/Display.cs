using System.Globalization;

namespace OurSociety.Web.Features.Settings;

/// <summary>Small shared pieces of the settings and admin pages.</summary>
internal static class Display
{
    /// <summary>A date as people read it (UTC: the node has no idea of the reader's time zone).</summary>
    public static string Date(DateTimeOffset value) => value.UtcDateTime.ToString("d MMMM yyyy", CultureInfo.CurrentCulture);

    /// <summary>The machine-readable form for <c>&lt;time datetime&gt;</c>.</summary>
    public static string IsoDate(DateTimeOffset value) => value.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>
    /// <c>aria-describedby</c> for a field: its hint (an element with id <c>{field}-hint</c>) when it has one, and its
    /// error (<c>{field}-error</c>, written by FieldError) when there is one; null (no attribute) when neither.
    /// </summary>
    public static string? DescribedBy(IDictionary<string, string[]>? errors, string field, bool hint = false)
    {
        var ids = new List<string>(2);
        if (hint)
        {
            ids.Add($"{field}-hint");
        }

        if (errors is not null && errors.ContainsKey(field))
        {
            ids.Add($"{field}-error");
        }

        return ids.Count == 0 ? null : string.Join(' ', ids);
    }

    /// <summary><c>aria-invalid</c> for a field: "true" when it has an error, else no attribute.</summary>
    public static string? Invalid(IDictionary<string, string[]>? errors, string field) =>
        errors is not null && errors.ContainsKey(field) ? "true" : null;
}
