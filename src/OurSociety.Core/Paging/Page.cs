using System.Buffers.Text;
using System.Text;

namespace OurSociety.Core.Paging;

/// <summary>One page of a keyset-paged list; <see cref="Next"/> is the opaque cursor of the following page, or null.</summary>
public sealed record Page<T>(IReadOnlyList<T> Items, string? Next);

/// <summary>
/// A keyset position (a sort key and an id, newest first). Cursors are opaque base64url so clients never build them;
/// a cursor that does not decode is bad input, not a crash.
/// </summary>
public sealed record Cursor(string Key, string Id)
{
    /// <summary>Before every row: page one runs the same SQL as any other page.</summary>
    public static readonly Cursor Start = new("\uffff", "\uffff");

    public string Encode() => Base64Url.EncodeToString(Encoding.UTF8.GetBytes($"{Key}\n{Id}"));

    public static bool TryDecode(string? value, out Cursor cursor)
    {
        cursor = Start;
        if (string.IsNullOrEmpty(value))
        {
            return true;
        }

        try
        {
            var parts = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(value)).Split('\n');
            if (parts.Length != 2)
            {
                return false;
            }

            cursor = new Cursor(parts[0], parts[1]);
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }
}

public static class PageSize
{
    public const int Default = 20;
    public const int Max = 100;
}
