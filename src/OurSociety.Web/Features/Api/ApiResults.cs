using System.Diagnostics;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.HttpResults;
using OurSociety.Core;
using OurSociety.Web.Hosting;

namespace OurSociety.Web.Features.Api;

/// <summary>
/// Maps a use case's <see cref="Outcome{T}"/> to an HTTP answer: the value, or problem details (RFC 9457) whose
/// status says why not. Validation failures carry per-field <c>errors</c>.
/// </summary>
internal static class ApiResults
{

    public static Results<TOk, ValidationProblem, ProblemHttpResult> From<T, TOk>(Outcome<T> outcome, Func<T, TOk> ok, string? notFound = null)
        where TOk : IResult => outcome switch
        {
            Outcome<T>.Ok(var value) => ok(value),
            Outcome<T>.Invalid(var errors) => TypedResults.ValidationProblem(errors),
            Outcome<T>.Forbidden(var why) => Problem(StatusCodes.Status403Forbidden, why),
            Outcome<T>.Conflict(var why) => Problem(StatusCodes.Status409Conflict, why),
            Outcome<T>.NotFound => Problem(StatusCodes.Status404NotFound, notFound),
            Outcome<T>.Gone(var why) => Problem(StatusCodes.Status410Gone, why),
            _ => throw new UnreachableException($"Unknown outcome {outcome.GetType().Name}."),
        };

    /// <summary>204 when done; a removal has no input to refuse, so it is that or a problem.</summary>
    public static Results<NoContent, ProblemHttpResult> Deleted(Outcome<bool> outcome, string? notFound = null) => outcome switch
    {
        Outcome<bool>.Ok => TypedResults.NoContent(),
        Outcome<bool>.Forbidden(var why) => Problem(StatusCodes.Status403Forbidden, why),
        Outcome<bool>.Conflict(var why) => Problem(StatusCodes.Status409Conflict, why),
        Outcome<bool>.NotFound => Problem(StatusCodes.Status404NotFound, notFound),
        Outcome<bool>.Gone(var why) => Problem(StatusCodes.Status410Gone, why),
        _ => throw new UnreachableException($"A removal answered {outcome.GetType().Name}."),
    };

    /// <summary>A problem with the standard title and type for <paramref name="status"/>, and a sentence for a person.</summary>
    public static ProblemHttpResult Problem(int status, string? detail = null) => TypedResults.Problem(detail, statusCode: status);
}
