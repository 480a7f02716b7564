using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace OurSociety.Web.Tests.Federation.Http;

/// <summary>
/// Another server, on a real loopback socket: a small Kestrel app whose routes each test writes. It records every
/// request it gets (path and headers), so a test can tell whether the guard let anything through.
/// </summary>
internal sealed class Remote : IAsyncDisposable
{
    private readonly WebApplication _app;

    private Remote(WebApplication app) => _app = app;

    /// <summary><c>http://127.0.0.1:port</c>, no trailing slash.</summary>
    public Uri Origin { get; private set; } = null!;

    public int Port => Origin.Port;

    public ConcurrentQueue<Seen> Requests { get; } = new();

    public Uri Url(string pathAndQuery) => new(Origin, pathAndQuery);

    public static async Task<Remote> StartAsync(Action<WebApplication> routes)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var remote = new Remote(app);
        app.Use((context, next) =>
        {
            remote.Requests.Enqueue(new Seen(
                context.Request.Method,
                context.Request.Path + context.Request.QueryString,
                context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase)));
            return next(context);
        });
        routes(app);
        await app.StartAsync(TestContext.Current.CancellationToken);
        remote.Origin = new Uri(app.Urls.Single());
        return remote;
    }

    /// <summary>Writes a JSON body with the given content type.</summary>
    public static IResult Json(string json, string contentType = "application/activity+json", int status = 200) =>
        Results.Text(json, contentType, System.Text.Encoding.UTF8, status);

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync(CancellationToken.None);
        await _app.DisposeAsync();
    }

    internal sealed record Seen(string Method, string PathAndQuery, IReadOnlyDictionary<string, string> Headers)
    {
        public string? Header(string name) => Headers.GetValueOrDefault(name);
    }
}
