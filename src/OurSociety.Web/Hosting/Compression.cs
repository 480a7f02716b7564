using System.IO.Compression;
using Microsoft.AspNetCore.ResponseCompression;
using Microsoft.Extensions.Options;

namespace OurSociety.Web.Hosting;

/// <summary>
/// Brotli, then gzip, for every text answer (pages, CSS, JSON, ActivityPub JSON, Atom); pictures are compressed
/// already. Also over https (a TLS proxy or not): the BREACH rule in ARCHITECTURE.md says why that is safe here, and
/// which answers are sent uncompressed (<see cref="DoNotCompress"/>).
/// </summary>
internal static class Compression
{
    private static readonly object DoNotCompressKey = new();

    public static readonly string[] MimeTypes =
    [
        .. ResponseCompressionDefaults.MimeTypes,
        "application/activity+json", "application/ld+json", "application/jrd+json", "application/problem+json",
        "application/atom+xml", "application/xrd+xml", "image/svg+xml", "text/csv",
    ];

    /// <summary>
    /// This answer shows a lasting secret (an invitation link): it goes uncompressed, so its length never tells an
    /// attacker how much of a guess matched (BREACH).
    /// </summary>
    public static void DoNotCompress(HttpContext context) => context.Items[DoNotCompressKey] = true;

    public static IServiceCollection AddPageCompression(this IServiceCollection services)
    {
        services.AddResponseCompression(o =>
        {
            o.EnableForHttps = true;
            o.MimeTypes = MimeTypes;
            o.Providers.Add<BrotliCompressionProvider>();   // first: preferred when the browser accepts both
            o.Providers.Add<GzipCompressionProvider>();
        });
        // Pages are a few KB: the better setting costs microseconds and saves bytes on a slow phone.
        services.Configure<BrotliCompressionProviderOptions>(o => o.Level = CompressionLevel.Optimal);
        services.Configure<GzipCompressionProviderOptions>(o => o.Level = CompressionLevel.Optimal);
        services.AddSingleton<IResponseCompressionProvider, SecretAwareProvider>();
        return services;
    }

    /// <summary>The framework's choice, except for answers marked <see cref="DoNotCompress"/>.</summary>
    private sealed class SecretAwareProvider(IServiceProvider services, IOptions<ResponseCompressionOptions> options) : IResponseCompressionProvider
    {
        private readonly ResponseCompressionProvider _inner = new(services, options);

        public ICompressionProvider? GetCompressionProvider(HttpContext context) => _inner.GetCompressionProvider(context);

        public bool ShouldCompressResponse(HttpContext context) =>
            !context.Items.ContainsKey(DoNotCompressKey) && _inner.ShouldCompressResponse(context);

        public bool CheckRequestAcceptsCompression(HttpContext context) => _inner.CheckRequestAcceptsCompression(context);
    }
}
