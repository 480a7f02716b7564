using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using OurSociety.Core;
using OurSociety.Core.Members;
using OurSociety.Core.Tokens;
using OurSociety.Testing;

namespace OurSociety.Web.Tests.Api;

/// <summary>A member with a real bearer token, and a client that sends it.</summary>
internal sealed record ApiUser(Member Member, string Token, HttpClient Client) : IDisposable
{
    public void Dispose() => Client.Dispose();
}

/// <summary>A node whose registrations are closed: only admins may invite.</summary>
public sealed class ClosedHubNode : NodeFactory
{
    public ClosedHubNode() => With("OurSociety:Registrations", "closed");
}

internal static class ApiTestKit
{
    public const string Prefix = "/api/oursociety/v1";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Creates a member and a token for them through the domain, as the settings page or the CLI would.</summary>
    public static async Task<ApiUser> ApiUserAsync(this NodeFactory node, string username, params Role[] roles)
    {
        var member = await node.CreateMemberAsync(username, roles: roles);
        var token = await node.NewTokenAsync(member.Id, "tests");
        return new ApiUser(member, token, node.BearerClient(token));
    }

    public static async Task<string> NewTokenAsync(this NodeFactory node, Guid memberId, string name)
    {
        var outcome = await node.Service<ApiTokenService>().CreateAsync(memberId, name, Ct);
        return outcome is Outcome<(ApiToken Token, string Secret)>.Ok ok
            ? ok.Value.Secret
            : throw new InvalidOperationException($"No token: {outcome}");
    }

    public static HttpClient BearerClient(this NodeFactory node, string token)
    {
        var client = node.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    public static Task<HttpResponseMessage> PatchJsonAsync(this HttpClient client, string url, object body) =>
        client.PatchAsJsonAsync(url, body, Ct);

    /// <summary>Sends <paramref name="body"/> as it is, so tests can send what a serializer never would.</summary>
    public static async Task<HttpResponseMessage> SendRawAsync(this HttpClient client, HttpMethod method, string url, string body, string contentType)
    {
        using var request = new HttpRequestMessage(method, url) { Content = new StringContent(body, Encoding.UTF8, contentType) };
        return await client.SendAsync(request, Ct);
    }

    public static async Task<JsonElement> JsonAsync(this HttpResponseMessage response, HttpStatusCode expected)
    {
        var text = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(expected == response.StatusCode, $"Expected {(int)expected}, got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    /// <summary>Asserts an RFC 9457 problem with <paramref name="expected"/> status and returns it.</summary>
    public static async Task<JsonElement> ProblemAsync(this HttpResponseMessage response, HttpStatusCode expected)
    {
        var text = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(expected == response.StatusCode, $"Expected {(int)expected}, got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(text).RootElement.Clone();
        Assert.Equal((int)expected, problem.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrEmpty(problem.GetProperty("title").GetString()));
        return problem;
    }

    /// <summary>Asserts a 400 validation problem whose <c>errors</c> name exactly <paramref name="fields"/>, each with a message.</summary>
    public static async Task<JsonElement> ValidationProblemAsync(this HttpResponseMessage response, params string[] fields)
    {
        var problem = await response.ProblemAsync(HttpStatusCode.BadRequest);
        var errors = problem.GetProperty("errors");
        Assert.Equal(fields.Order(StringComparer.Ordinal), errors.EnumerateObject().Select(e => e.Name).Order(StringComparer.Ordinal));
        foreach (var field in fields)
        {
            Assert.All(errors.GetProperty(field).EnumerateArray(), m => Assert.False(string.IsNullOrWhiteSpace(m.GetString())));
            Assert.NotEqual(0, errors.GetProperty(field).GetArrayLength());
        }

        return problem;
    }

    /// <summary>Walks a paged list to its end, following <c>next</c>.</summary>
    public static async Task<List<List<JsonElement>>> WalkAsync(this HttpClient client, string url, int limit)
    {
        var pages = new List<List<JsonElement>>();
        string? cursor = null;
        do
        {
            var page = await (await client.GetAsync($"{url}?limit={limit}" + (cursor is null ? "" : $"&cursor={Uri.EscapeDataString(cursor)}"), Ct))
                .JsonAsync(HttpStatusCode.OK);
            pages.Add([.. page.GetProperty("items").EnumerateArray()]);
            cursor = page.GetProperty("next").GetString();
            Assert.True(pages.Count < 50, "Paging does not end.");
        }
        while (cursor is not null);
        return pages;
    }
}
