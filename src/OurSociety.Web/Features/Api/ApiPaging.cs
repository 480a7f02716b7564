using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using OurSociety.Core.Paging;

namespace OurSociety.Web.Features.Api;

/// <summary>One page of a list: <c>next</c> is the cursor of the following page, null on the last one.</summary>
internal sealed record PageResponse<T>(IReadOnlyList<T> Items, string? Next)
{
    public static PageResponse<T> From<TItem>(Page<TItem> page, Func<TItem, T> map) => new([.. page.Items.Select(map)], page.Next);
}

/// <summary>
/// Reads <c>?limit=&amp;cursor=</c>. Both arrive as text and are checked here, so a bad value is a validation problem
/// naming the field rather than a bare binding failure.
/// </summary>
internal static class ApiPaging
{
    public const string LimitParameter = "limit";
    public const string CursorParameter = "cursor";

    /// <summary>The validation problem, or null with <paramref name="take"/> and <paramref name="after"/> set.</summary>
    public static ValidationProblem? Read(string? limit, string? cursor, out int take, out Cursor after)
    {
        var errors = new Dictionary<string, string[]>();
        take = PageSize.Default;
        if (!string.IsNullOrEmpty(limit))
        {
            if (int.TryParse(limit, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value is >= 1 and <= PageSize.Max)
            {
                take = value;
            }
            else
            {
                errors[LimitParameter] = [ApiText.LimitInvalid];
            }
        }

        if (!Cursor.TryDecode(cursor, out after))
        {
            errors[CursorParameter] = [ApiText.CursorInvalid];
        }

        return errors.Count > 0 ? TypedResults.ValidationProblem(errors) : null;
    }
}
