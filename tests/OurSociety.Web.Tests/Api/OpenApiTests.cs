using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using OurSociety.Testing;

namespace OurSociety.Web.Tests.Api;

public sealed class OpenApiTests(NodeFactory node) : IClassFixture<NodeFactory>
{
    private static readonly string[] Methods = ["get", "put", "post", "delete", "patch"];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Document_IsTheOurSocietyApi()
    {
        var document = await DocumentAsync();

        Assert.Equal("Our Society API", document.GetProperty("info").GetProperty("title").GetString());
        Assert.StartsWith("3.", document.GetProperty("openapi").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Document_ListsEveryApiEndpointAndNothingElse()
    {
        var document = await DocumentAsync();
        var described = document.GetProperty("paths").EnumerateObject()
            .SelectMany(p => p.Value.EnumerateObject().Where(o => Methods.Contains(o.Name)).Select(o => $"{o.Name.ToUpperInvariant()} {p.Name}"))
            .Order(StringComparer.Ordinal).ToList();

        // Every endpoint the node really maps under the prefix, read from routing, so a new one cannot go undescribed.
        var mapped = node.Services.GetServices<EndpointDataSource>().SelectMany(s => s.Endpoints).OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.StartsWith(ApiTestKit.Prefix, StringComparison.Ordinal) == true)
            .SelectMany(e => e.Metadata.GetMetadata<HttpMethodMetadata>()!.HttpMethods.Select(m =>
                $"{m} {e.RoutePattern.RawText!.TrimEnd('/').Replace(":guid", "", StringComparison.Ordinal)}"))
            .Order(StringComparer.Ordinal).ToList();

        Assert.Equal(mapped, described);
        Assert.Contains($"GET {ApiTestKit.Prefix}/me", described);
        Assert.Contains($"PATCH {ApiTestKit.Prefix}/me", described);
        Assert.Contains($"DELETE {ApiTestKit.Prefix}/invitations/{{id}}", described);
        Assert.Contains($"DELETE {ApiTestKit.Prefix}/tokens/{{id}}", described);
        Assert.All(document.GetProperty("paths").EnumerateObject(), p => Assert.StartsWith(ApiTestKit.Prefix + "/", p.Name, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Document_HasNoPagesOrHealthChecks()
    {
        var paths = (await DocumentAsync()).GetProperty("paths").EnumerateObject().Select(p => p.Name).ToList();

        Assert.DoesNotContain("/", paths);
        Assert.DoesNotContain("/healthz", paths);
        Assert.DoesNotContain("/readyz", paths);
        Assert.DoesNotContain(paths, p => !p.StartsWith("/api/", StringComparison.Ordinal));
    }

    /// <summary>Operations anyone may call: public stories and lessons are the hub's open data.</summary>
    private static readonly HashSet<string> OpenData =
    [
        "get /api/oursociety/v1/stories", "get /api/oursociety/v1/stories/{id}", "get /api/oursociety/v1/stories/{id}/replies",
        "get /api/oursociety/v1/lessons", "get /api/oursociety/v1/lessons/{id}", "get /api/oursociety/v1/lessons/{id}/replies",
        "get /api/oursociety/v1/replies/{id}",
        "get /api/oursociety/v1/timelines/local", "get /api/oursociety/v1/timelines/network", "get /api/oursociety/v1/search",
        "get /api/oursociety/v1/export.csv",
        "get /api/oursociety/v1/needs", "get /api/oursociety/v1/needs/{id}", "get /api/oursociety/v1/offers", "get /api/oursociety/v1/offers/{id}",
        "get /api/oursociety/v1/search/needs-and-offers",
        "get /api/oursociety/v1/directory",   // the network directory (issue 14)
        "get /api/oursociety/v1/about/domain-blocks",   // the public list of blocked domains (issue 13)
    ];

    [Fact]
    public async Task Document_EveryOperationHasANameSummaryTagsResponsesAndSecurity()
    {
        var document = await DocumentAsync();
        var operations = document.GetProperty("paths").EnumerateObject()
            .SelectMany(p => p.Value.EnumerateObject().Where(o => Methods.Contains(o.Name)).Select(o => (Path: $"{o.Name} {p.Name}", Operation: o.Value)))
            .ToList();

        Assert.NotEmpty(operations);
        Assert.Equal(operations.Count, operations.Select(o => o.Operation.GetProperty("operationId").GetString()).Distinct().Count());
        Assert.All(operations, o =>
        {
            Assert.False(string.IsNullOrEmpty(o.Operation.GetProperty("operationId").GetString()), o.Path);
            Assert.False(string.IsNullOrEmpty(o.Operation.GetProperty("summary").GetString()), o.Path);
            Assert.NotEqual(0, o.Operation.GetProperty("tags").GetArrayLength());
            var responses = o.Operation.GetProperty("responses");
            Assert.Contains(responses.EnumerateObject(), r => r.Name.StartsWith('2'));
            if (OpenData.Contains(o.Path))
            {
                // Open data: readable without signing in, so no security requirement to describe.
                Assert.False(o.Operation.TryGetProperty("security", out _), o.Path);
                return;
            }

            Assert.True(responses.TryGetProperty("401", out _), $"{o.Path} does not describe 401");
            var schemes = o.Operation.GetProperty("security").EnumerateArray().SelectMany(r => r.EnumerateObject().Select(s => s.Name));
            Assert.Contains("bearer", schemes);
        });
    }

    [Theory]
    [InlineData("get", "/me", "200")]
    [InlineData("patch", "/me", "400")]
    [InlineData("post", "/invitations", "201")]
    [InlineData("post", "/invitations", "403")]
    [InlineData("get", "/invitations", "400")]
    [InlineData("delete", "/invitations/{id}", "204")]
    [InlineData("delete", "/invitations/{id}", "404")]
    [InlineData("post", "/tokens", "201")]
    [InlineData("get", "/tokens", "200")]
    [InlineData("delete", "/tokens/{id}", "404")]
    [InlineData("post", "/stories/{id}/remove", "204")]
    [InlineData("post", "/lessons/{id}/remove", "400")]
    [InlineData("post", "/replies/{id}/remove", "403")]
    public async Task Document_DescribesResponse(string method, string path, string status)
    {
        var operation = (await DocumentAsync()).GetProperty("paths").GetProperty(ApiTestKit.Prefix + path).GetProperty(method);

        Assert.True(operation.GetProperty("responses").TryGetProperty(status, out _), $"{method} {path} lacks {status}");
    }

    [Fact]
    public async Task Document_DescribesTheBearerScheme()
    {
        var bearer = (await DocumentAsync()).GetProperty("components").GetProperty("securitySchemes").GetProperty("bearer");

        Assert.Equal("http", bearer.GetProperty("type").GetString());
        Assert.Equal("bearer", bearer.GetProperty("scheme").GetString());
    }

    [Fact]
    public async Task Document_DescribesLimitAsABoundedInteger()
    {
        var parameters = (await DocumentAsync()).GetProperty("paths").GetProperty(ApiTestKit.Prefix + "/tokens").GetProperty("get").GetProperty("parameters");
        var limit = parameters.EnumerateArray().Single(p => p.GetProperty("name").GetString() == "limit").GetProperty("schema");

        Assert.Equal("integer", limit.GetProperty("type").GetString());
        Assert.Equal(1, limit.GetProperty("minimum").GetInt32());
        Assert.Equal(100, limit.GetProperty("maximum").GetInt32());
        Assert.Contains(parameters.EnumerateArray(), p => p.GetProperty("name").GetString() == "cursor");
    }

    [Fact]
    public async Task Document_NamesEveryNotificationKind()
    {
        var kind = (await DocumentAsync()).GetProperty("components").GetProperty("schemas").GetProperty("NotificationResponse")
            .GetProperty("properties").GetProperty("kind").GetProperty("description").GetString()!;
        var subject = (await DocumentAsync()).GetProperty("components").GetProperty("schemas").GetProperty("NotificationResponse")
            .GetProperty("properties").GetProperty("subject").GetProperty("description").GetString()!;

        foreach (var each in Enum.GetValues<OurSociety.Core.Notifications.NotificationKind>())
        {
            Assert.Contains(OurSociety.Core.Notifications.NotificationKinds.Name(each), kind, StringComparison.Ordinal);
        }

        Assert.Contains("hub-link:{id}", subject, StringComparison.Ordinal);
        Assert.Contains("hub-submission:{id}", subject, StringComparison.Ordinal);
    }

    private async Task<JsonElement> DocumentAsync()
    {
        using var client = node.CreateClient();
        var response = await client.GetAsync("/openapi/v1.json", Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct)).RootElement.Clone();
    }
}
