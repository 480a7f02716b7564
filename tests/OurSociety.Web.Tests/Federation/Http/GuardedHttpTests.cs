using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using OurSociety.Federation.Http;

namespace OurSociety.Web.Tests.Federation.Http;

public sealed class GuardedHttpTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static Task<Remote> HelloAsync() => Remote.StartAsync(app => app.MapGet("/hello", () => "hello"));

    private static async Task<FederationHttpException> RefusedAsync(Outbound outbound, Uri url)
    {
        var e = await Assert.ThrowsAsync<FederationHttpException>(() => outbound.GetAsync(url));
        Assert.Equal(FederationHttpError.Refused, e.Error);
        return e;
    }

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("[::1]")]
    [InlineData("[::ffff:127.0.0.1]")]
    [InlineData("localhost")]   // a name: refused for what it resolves to
    public async Task Get_LoopbackByDefault_RefusedBeforeAnyRequest(string host)
    {
        await using var remote = await HelloAsync();
        using var outbound = new Outbound();

        var e = await RefusedAsync(outbound, new Uri($"https://{host}:{remote.Port}/hello"));

        Assert.Contains("not a public address", e.Message, StringComparison.Ordinal);
        Assert.Empty(remote.Requests);
    }

    [Theory]
    [InlineData("10.0.0.1")]
    [InlineData("169.254.169.254")]
    [InlineData("192.168.1.1")]
    [InlineData("[fd00::1]")]
    [InlineData("[fe80::1]")]
    [InlineData("0.0.0.0")]
    [InlineData("[::]")]
    [InlineData("2130706433")]          // 127.0.0.1 written as one number
    [InlineData("0x7f.1")]              // and in hex shorthand
    [InlineData("127.1")]
    [InlineData("[::ffff:a9fe:a9fe]")]  // 169.254.169.254, mapped and in hex
    public async Task Get_PrivateAddress_RefusedWithoutConnecting(string host)
    {
        using var outbound = new Outbound();

        var e = await RefusedAsync(outbound, new Uri($"https://{host}/inbox"));

        Assert.Contains("not a public address", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_PlainHttpToUnlistedOrigin_Refused()
    {
        await using var remote = await HelloAsync();
        using var outbound = new Outbound();

        var e = await RefusedAsync(outbound, remote.Url("/hello"));

        Assert.Contains("plain http", e.Message, StringComparison.Ordinal);
        Assert.Empty(remote.Requests);
    }

    [Theory]
    [InlineData("ftp://example.org/x")]
    [InlineData("file:///etc/passwd")]
    [InlineData("https://user:pw@example.org/x")]
    public async Task Get_NotAPlainWebUrl_Refused(string url)
    {
        using var outbound = new Outbound();

        await RefusedAsync(outbound, new Uri(url));
    }

    [Fact]
    public async Task Get_ListedOrigin_Reached()
    {
        await using var remote = await HelloAsync();
        using var outbound = new Outbound([remote.Origin]);

        var (status, body, _) = await outbound.GetAsync(remote.Url("/hello"));

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("hello", body);
    }

    [Fact]
    public async Task Get_AllowPrivateAddresses_Reached()
    {
        await using var remote = await HelloAsync();
        using var outbound = new Outbound(allowPrivate: true);

        var (status, _, _) = await outbound.GetAsync(remote.Url("/hello"));

        Assert.Equal(HttpStatusCode.OK, status);
    }

    [Fact]
    public async Task Get_ListedOriginOtherPort_Refused()
    {
        await using var remote = await HelloAsync();
        using var outbound = new Outbound([new Uri($"http://127.0.0.1:{remote.Port + 1}")]);

        await RefusedAsync(outbound, remote.Url("/hello"));

        Assert.Empty(remote.Requests);
    }

    [Fact]
    public async Task Get_RedirectFromListedOriginToUnlistedLoopbackPort_Refused()
    {
        await using var inside = await HelloAsync();
        await using var remote = await Remote.StartAsync(app => app.MapGet("/go", () => Results.Redirect(inside.Url("/hello").ToString())));
        using var outbound = new Outbound([remote.Origin]);

        await RefusedAsync(outbound, remote.Url("/go"));

        Assert.Single(remote.Requests);
        Assert.Empty(inside.Requests);
    }

    [Fact]
    public async Task Get_RedirectToHttpsLoopback_RefusedAtConnect()
    {
        await using var remote = await Remote.StartAsync(app =>
            app.MapGet("/go", (HttpContext c) => Results.Redirect($"https://127.0.0.1:{c.Connection.LocalPort}/hello")));
        using var outbound = new Outbound([remote.Origin]);

        var e = await RefusedAsync(outbound, remote.Url("/go"));

        Assert.Contains("not a public address", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_ThreeRedirects_Followed()
    {
        await using var remote = await Remote.StartAsync(app =>
        {
            app.MapGet("/r/{n:int}", (int n) => n == 0 ? Results.Text("arrived") : Results.Redirect($"/r/{n - 1}"));
        });
        using var outbound = new Outbound([remote.Origin]);

        var (status, body, finalUrl) = await outbound.GetAsync(remote.Url("/r/3"));

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("arrived", body);
        Assert.Equal(remote.Url("/r/0"), finalUrl);
    }

    [Fact]
    public async Task Get_FourRedirects_Refused()
    {
        await using var remote = await Remote.StartAsync(app =>
            app.MapGet("/r/{n:int}", (int n) => n == 0 ? Results.Text("arrived") : Results.Redirect($"/r/{n - 1}")));
        using var outbound = new Outbound([remote.Origin]);

        var e = await RefusedAsync(outbound, remote.Url("/r/4"));

        Assert.Contains("redirects", e.Message, StringComparison.Ordinal);
        Assert.Equal(4, remote.Requests.Count);
    }

    [Fact]
    public async Task Post_Redirect_ReturnedNotFollowed()
    {
        await using var remote = await Remote.StartAsync(app =>
        {
            app.MapPost("/inbox", () => Results.Redirect("/elsewhere", permanent: false, preserveMethod: true));
            app.MapPost("/elsewhere", () => Results.Accepted());
        });
        using var outbound = new Outbound([remote.Origin]);

        using var response = await outbound.Http.SendAsync(remote.Url("/inbox"),
            u => new HttpRequestMessage(HttpMethod.Post, u) { Content = new StringContent("{}") }, Ct);

        Assert.Equal(HttpStatusCode.TemporaryRedirect, response.StatusCode);
        Assert.Single(remote.Requests);
    }

    [Fact]
    public async Task Get_EndlessChunkedBody_RefusedAndStopsReading()
    {
        // A raw socket server, so "written" counts what the kernel really took: Kestrel drops writes silently
        // once the client has gone, which would count as sent.
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var origin = new Uri($"http://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}");
        var serving = Task.Run(async () =>
        {
            using var client = await listener.AcceptTcpClientAsync(Ct);
            var stream = client.GetStream();
            var written = 0L;
            try
            {
                _ = await stream.ReadAsync(new byte[8192], Ct);   // the request (small; one read is enough here)
                await stream.WriteAsync("HTTP/1.1 200 OK\r\nContent-Type: application/activity+json\r\nTransfer-Encoding: chunked\r\n\r\n"u8.ToArray(), Ct);
                var chunk = new byte[64 * 1024];
                var header = System.Text.Encoding.ASCII.GetBytes($"{chunk.Length:x}\r\n");
                for (var i = 0; i < 1600; i++)   // 100 MiB, no length given: only counting can stop the reader
                {
                    await stream.WriteAsync(header, Ct);
                    await stream.WriteAsync(chunk, Ct);
                    await stream.WriteAsync("\r\n"u8.ToArray(), Ct);
                    written += chunk.Length;
                }
            }
            catch (IOException)
            {
                // the client hung up: what this test wants
            }

            return written;
        }, Ct);
        using var outbound = new Outbound([origin]);

        var e = await RefusedAsync(outbound, new Uri(origin, "/huge"));
        var written = await serving.WaitAsync(TimeSpan.FromSeconds(20), Ct);

        Assert.Contains("limit", e.Message, StringComparison.Ordinal);
        Assert.InRange(written, 1024 * 1024, 32 * 1024 * 1024);
    }

    [Fact]
    public async Task Get_ContentLengthOverCap_RefusedBeforeReading()
    {
        await using var remote = await Remote.StartAsync(app => app.MapGet("/big", () => Results.Bytes(new byte[(1024 * 1024) + 1])));
        using var outbound = new Outbound([remote.Origin]);

        var e = await RefusedAsync(outbound, remote.Url("/big"));

        Assert.Contains("1048577 bytes", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_BodyAtCap_Read()
    {
        await using var remote = await Remote.StartAsync(app => app.MapGet("/full", () => Results.Bytes(new byte[1024 * 1024])));
        using var outbound = new Outbound([remote.Origin]);

        var (_, body, _) = await outbound.GetAsync(remote.Url("/full"));

        Assert.Equal(1024 * 1024, body.Length);
    }

    [Fact]
    public async Task Get_PeerNeverAnswers_FailsAtDeadline()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var accepting = listener.AcceptTcpClientAsync(Ct).AsTask();   // accepts, then never says a word
        var origin = new Uri($"http://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}");
        using var outbound = new Outbound([origin], limits: new FederationHttpLimits { TotalTimeout = TimeSpan.FromSeconds(1) });
        var clock = Stopwatch.StartNew();

        var e = await Assert.ThrowsAsync<FederationHttpException>(() => outbound.GetAsync(new Uri(origin, "/actor")));

        Assert.Equal(FederationHttpError.Failed, e.Error);
        Assert.Contains("no answer within 1 s", e.Message, StringComparison.Ordinal);
        Assert.InRange(clock.Elapsed, TimeSpan.FromSeconds(0.9), TimeSpan.FromSeconds(8));
        (await accepting).Dispose();
    }

    [Fact]
    public async Task Get_BodyStalls_FailsAtDeadline()
    {
        await using var remote = await Remote.StartAsync(app => app.MapGet("/slow", async (HttpContext c) =>
        {
            await c.Response.WriteAsync("{\"a\":", c.RequestAborted);
            await c.Response.Body.FlushAsync(c.RequestAborted);
            await Task.Delay(TimeSpan.FromSeconds(30), c.RequestAborted);
        }));
        using var outbound = new Outbound([remote.Origin], limits: new FederationHttpLimits { TotalTimeout = TimeSpan.FromSeconds(1) });

        var e = await Assert.ThrowsAsync<FederationHttpException>(() => outbound.GetAsync(remote.Url("/slow")));

        Assert.Equal(FederationHttpError.Failed, e.Error);
        Assert.Contains("in time", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_NothingListening_Failed()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var origin = new Uri($"http://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}");
        listener.Stop();   // the port is now closed: connection refused
        using var outbound = new Outbound([origin]);

        var e = await Assert.ThrowsAsync<FederationHttpException>(() => outbound.GetAsync(new Uri(origin, "/")));

        Assert.Equal(FederationHttpError.Failed, e.Error);
    }

    // DNS rebinding: the name is resolved once, by the guard, and the connection goes to the address it vetted. The
    // real DNS does not know rebind.test, so reaching the server at all proves nobody resolved it a second time.
    [Fact]
    public async Task Get_NameResolvingToLoopback_RefusedUnlessItsOriginIsListed()
    {
        await using var remote = await HelloAsync();
        var resolver = new FixedResolver(new() { ["rebind.test"] = [IPAddress.Loopback] });
        using var byAddress = new Outbound([remote.Origin], resolver: resolver);
        using var byName = new Outbound([new Uri($"http://rebind.test:{remote.Port}")], resolver: resolver);

        var e = await RefusedAsync(byAddress, new Uri($"https://rebind.test:{remote.Port}/hello"));
        var (status, body, _) = await byName.GetAsync(new Uri($"http://rebind.test:{remote.Port}/hello"));

        Assert.Contains("127.0.0.1", e.Message, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("hello", body);
        Assert.Equal($"rebind.test:{remote.Port}", Assert.Single(remote.Requests).Header("Host"));
    }

    [Fact]
    public async Task Get_NameWithOnePrivateAmongPublicAddresses_Refused()
    {
        var resolver = new FixedResolver(new() { ["mixed.test"] = [IPAddress.Parse("8.8.8.8"), IPAddress.Parse("10.0.0.5")] });
        using var outbound = new Outbound(resolver: resolver);

        var e = await RefusedAsync(outbound, new Uri("https://mixed.test/actor"));

        Assert.Contains("10.0.0.5", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_UserAgent_NamesSoftwareAndOrigin()
    {
        await using var remote = await HelloAsync();
        using var outbound = new Outbound([remote.Origin]);

        await outbound.GetAsync(remote.Url("/hello"));

        Assert.Matches(@"^OurSociety/\d+\.\d+\.\d+\S* \(\+https://us\.example/\)$", Assert.Single(remote.Requests).Header("User-Agent"));
    }
}
