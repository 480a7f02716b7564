using System.Net;
using System.Security.Cryptography;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OurSociety.ActivityPub.Signatures;
using OurSociety.Federation;
using OurSociety.Federation.Actors;
using OurSociety.Federation.Http;
using OurSociety.Web.Hosting;

namespace OurSociety.Web.Tests.Federation.Http;

/// <summary>
/// The node's outbound stack on its own (no database, no web host): exactly what <c>AddFederationHttp</c> registers,
/// over the configuration a test gives, with a short deadline so a silent peer fails fast.
/// </summary>
internal sealed class Outbound : IDisposable
{
    private readonly ServiceProvider _services;

    public Outbound(
        IEnumerable<Uri>? allowedOrigins = null,
        bool allowPrivate = false,
        FederationHttpLimits? limits = null,
        IHostResolver? resolver = null,
        bool realSigner = false)
    {
        var settings = new Dictionary<string, string?>
        {
            ["OurSociety:PublicUrl"] = "https://us.example",
            ["OurSociety:Federation:AllowPrivateAddresses"] = allowPrivate ? "true" : "false",
        };
        foreach (var (origin, i) in (allowedOrigins ?? []).Select((o, i) => (o, i)))
        {
            settings[$"OurSociety:Federation:AllowedPrivateOrigins:{i}"] = origin.GetLeftPart(UriPartial.Authority);
        }

        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        services.AddLogging();
        services.AddSingleton(TimeProvider.System);
        services.AddOptions<NodeOptions>().BindConfiguration(NodeOptions.Section);
        services.AddSingleton(new NodeIdentity(new Uri("https://us.example")));
        services.AddFederationHttp();
        services.AddSingleton<OurSociety.Core.Moderation.IDomainRules>(new OpenDomains());
        services.AddSingleton(limits ?? new FederationHttpLimits { TotalTimeout = TimeSpan.FromSeconds(10) });
        services.AddSingleton<IActorKeys>(Keys);
        if (resolver is not null)
        {
            services.AddSingleton(resolver);
        }

        if (!realSigner)
        {
            services.AddSingleton<IOutgoingSigner>(new MarkingSigner());
        }

        _services = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
    }

    public static TestKeys Keys { get; } = new();

    /// <summary>No database here: every domain federates (domain moderation is tested through whole nodes).</summary>
    private sealed class OpenDomains : OurSociety.Core.Moderation.IDomainRules
    {
        public ValueTask<OurSociety.Core.Moderation.DomainRule> ForAsync(string hostOrUrl, CancellationToken ct) =>
            ValueTask.FromResult(OurSociety.Core.Moderation.DomainRule.Open);

        public ValueTask<bool> ActorSuspendedAsync(string actorId, CancellationToken ct) => ValueTask.FromResult(false);

        public ValueTask<OurSociety.Core.Moderation.FederationMode> ModeAsync(CancellationToken ct) =>
            ValueTask.FromResult(OurSociety.Core.Moderation.FederationMode.Open);
    }

    public GuardedHttp Http => _services.GetRequiredService<GuardedHttp>();

    public ApFetcher Fetcher => _services.GetRequiredService<ApFetcher>();

    public WebFingerClient WebFinger => _services.GetRequiredService<WebFingerClient>();

    public T Service<T>() where T : notnull => _services.GetRequiredService<T>();

    /// <summary>A plain GET through the guard; the body read, or the guard's exception.</summary>
    public async Task<(HttpStatusCode Status, string Body, Uri FinalUrl)> GetAsync(Uri url)
    {
        using var response = await Http.SendAsync(url, u => new HttpRequestMessage(HttpMethod.Get, u), TestContext.Current.CancellationToken);
        var body = await response.ReadBodyAsync();
        return (response.StatusCode, System.Text.Encoding.UTF8.GetString(body), response.FinalUrl);
    }

    public void Dispose() => _services.Dispose();

    /// <summary>Instead of a signature, a header naming the spec that would have been used; for the guard's own tests.</summary>
    internal sealed class MarkingSigner : IOutgoingSigner
    {
        public void Sign(HttpRequestMessage request, ReadOnlySpan<byte> body, SigningKey key, SignatureSpec spec, DateTimeOffset now) =>
            request.Headers.Add("X-Test-Signature", spec.ToString());
    }

    /// <summary>One fixed instance key for the whole test run.</summary>
    internal sealed class TestKeys : IActorKeys
    {
        private readonly SigningKey _key = new("https://us.example/actor#main-key", RSA.Create(2048));

        public RSA PublicKey => _key.PrivateKey;

        public ValueTask<SigningKey> InstanceKeyAsync(CancellationToken cancellationToken) => ValueTask.FromResult(_key);

        public ValueTask<SigningKey> KeyOfAsync(string username, CancellationToken cancellationToken) => ValueTask.FromResult(_key);
    }
}

/// <summary>A DNS server that answers what the test says, for names the real DNS does not know.</summary>
internal sealed class FixedResolver(Dictionary<string, IPAddress[]> answers) : IHostResolver
{
    public Task<IPAddress[]> ResolveAsync(string host, CancellationToken cancellationToken) =>
        Task.FromResult(answers.TryGetValue(host, out var addresses) ? addresses : throw new System.Net.Sockets.SocketException(11001));
}
