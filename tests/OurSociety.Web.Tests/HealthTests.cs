using System.Net;
using OurSociety.Testing;

namespace OurSociety.Web.Tests;

public sealed class HealthTests(NodeFactory node) : IClassFixture<NodeFactory>
{
    [Fact]
    public async Task Readyz_FreshNodeWithoutAdmin_IsHealthy()
    {
        using var client = node.CreateClient();
        var response = await client.GetAsync("/readyz", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Healthz_AnyHost_IsExemptFromHostFiltering()
    {
        using var client = node.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/healthz");
        request.Headers.Host = "some-other-name.example";
        var response = await client.SendAsync(request, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Home_UnknownHost_IsRefused()
    {
        using var client = node.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/");
        request.Headers.Host = "some-other-name.example";
        var response = await client.SendAsync(request, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }
}

public sealed class SecurityHeaderTests(NodeFactory node) : IClassFixture<NodeFactory>
{
    [Fact]
    public async Task Pages_ForbidScriptsFramesAndSniffing()
    {
        using var client = node.CreateClient();
        var response = await client.GetAsync("/", TestContext.Current.CancellationToken);

        Assert.Contains("default-src 'none'", response.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
    }
}

public sealed class TextEncodingTests
{
    [Fact]
    public async Task Pages_KeepNonAsciiTextReadable_ButEscapeMarkup()
    {
        await using var node = new NodeFactory().With("OurSociety:Hub:Name", "Café Ünity <b>Hub</b>");
        using var client = node.CreateClient();

        var html = await client.GetStringAsync("/", TestContext.Current.CancellationToken);

        Assert.Contains("Café Ünity &lt;b&gt;Hub&lt;/b&gt;", html, StringComparison.Ordinal);
    }
}
