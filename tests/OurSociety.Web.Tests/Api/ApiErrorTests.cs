using System.Net;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.DependencyInjection;
using OurSociety.Core;
using OurSociety.Testing;
using OurSociety.Web.Features.Api;

namespace OurSociety.Web.Tests.Api;

public sealed class ApiErrorTests(NodeFactory node) : IClassFixture<NodeFactory>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task UnknownApiPath_Is404Problem()
    {
        using var user = await node.ApiUserAsync("err_unknown");

        await (await user.Client.GetAsync(ApiTestKit.Prefix + "/nothing-here", Ct)).ProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task ApiError_ClientAcceptingOnlyHtml_StillGetsProblemJson()
    {
        using var client = node.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, ApiTestKit.Prefix + "/me");
        request.Headers.Accept.ParseAdd("text/html");

        await (await client.SendAsync(request, Ct)).ProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Theory]
    [InlineData(StatusCodes.Status403Forbidden)]
    [InlineData(StatusCodes.Status404NotFound)]
    [InlineData(StatusCodes.Status409Conflict)]
    public async Task From_RefusedOutcome_WritesProblemWithItsStatusAndReason(int status)
    {
        Outcome<int> outcome = status switch
        {
            StatusCodes.Status403Forbidden => new Outcome<int>.Forbidden("Not for you."),
            StatusCodes.Status409Conflict => new Outcome<int>.Conflict("Already there."),
            _ => new Outcome<int>.NotFound(),
        };

        var (written, body) = await ExecuteAsync(ApiResults.From(outcome, TypedResults.Ok, notFound: "Nowhere."));

        Assert.Equal(status, written.StatusCode);
        Assert.Equal("application/problem+json", written.ContentType?.Split(';')[0]);
        Assert.Contains(status switch { 403 => "Not for you.", 409 => "Already there.", _ => "Nowhere." }, body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task From_InvalidOutcome_WritesValidationProblemWithFieldErrors()
    {
        var outcome = new Outcome<int>.Invalid("name", "Give it a name.");

        var (written, body) = await ExecuteAsync(ApiResults.From(outcome, TypedResults.Ok));

        Assert.Equal(StatusCodes.Status400BadRequest, written.StatusCode);
        Assert.Contains("\"errors\":{\"name\":[\"Give it a name.\"]}", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Deleted_Conflict_Is409Problem()
    {
        var (written, _) = await ExecuteAsync(ApiResults.Deleted(new Outcome<bool>.Conflict("In use.")));

        Assert.Equal(StatusCodes.Status409Conflict, written.StatusCode);
    }

    [Fact]
    public void NameErrorsAsJson_CSharpNames_BecomeJsonNamesWithIndexesKeptAndDuplicatesMerged()
    {
        using var scope = node.Services.CreateScope();
        var problem = new HttpValidationProblemDetails(new Dictionary<string, string[]>
        {
            ["MaxUses"] = ["a"],
            ["maxUses"] = ["b"],
            ["Items[0].DisplayName"] = ["c"],
            ["limit"] = ["d"],
        });

        OurSociety.Web.Hosting.ErrorResponses.NameErrorsAsJson(new ProblemDetailsContext
        {
            HttpContext = new DefaultHttpContext { RequestServices = scope.ServiceProvider },
            ProblemDetails = problem,
        });

        Assert.Equal(["items[0].displayName", "limit", "maxUses"], problem.Errors.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(["a", "b"], problem.Errors["maxUses"].Order(StringComparer.Ordinal));
    }

    private async Task<(HttpResponse Response, string Body)> ExecuteAsync(IResult result)
    {
        using var scope = node.Services.CreateScope();
        var context = new DefaultHttpContext { RequestServices = scope.ServiceProvider };
        using var body = new MemoryStream();
        context.Response.Body = body;
        await result.ExecuteAsync(context);
        return (context.Response, System.Text.Encoding.UTF8.GetString(body.ToArray()));
    }
}
