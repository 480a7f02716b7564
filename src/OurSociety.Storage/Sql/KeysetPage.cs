using OurSociety.Core.Paging;

namespace OurSociety.Storage.Sql;

internal static class KeysetPage
{
    /// <summary>
    /// Turns rows fetched with <c>LIMIT limit + 1</c> into a page: the extra row only tells that a next page exists,
    /// whose cursor is the last row shown.
    /// </summary>
    public static Page<T> From<T>(IReadOnlyList<T> rows, int limit, Func<T, DateTimeOffset> at, Func<T, Guid> id)
    {
        var shown = rows.Take(limit).ToList();
        var next = rows.Count > limit ? new Cursor(DapperSetup.Format(at(shown[^1])), id(shown[^1]).ToString("D")).Encode() : null;
        return new Page<T>(shown, next);
    }
}
