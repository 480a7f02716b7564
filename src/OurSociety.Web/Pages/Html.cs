using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Http.HttpResults;
using OurSociety.Core.Paging;

namespace OurSociety.Web.Pages;

/// <summary>Renders a page component as a complete HTML response (static server rendering: no JavaScript needed).</summary>
internal static class Html
{
    public static RazorComponentResult<TPage> Page<TPage>(object? parameters = null, int status = StatusCodes.Status200OK)
        where TPage : IComponent =>
        new(parameters ?? new { }) { StatusCode = status, PreventStreamingRendering = true };
}
