using System.Collections.Frozen;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.StaticAssets.Infrastructure;

namespace OurSociety.Web.Hosting;

/// <summary>
/// The fingerprinted address of each file in wwwroot (<c>site.css</c> → <c>/site.0a1b2c3d4e.css</c>), from the static
/// assets manifest the build writes. Served by <c>MapStaticAssets</c> with a year's <c>immutable</c> lifetime and
/// pre-compressed at build time, so a browser fetches the stylesheet once per version, never re-checking it.
/// </summary>
/// <remarks>
/// The framework's <c>@Assets[...]</c> reads the same manifest but only for endpoints mapped by
/// <c>MapRazorComponents</c>; our pages are rendered by minimal API endpoints, so the Shell asks this instead.
/// </remarks>
internal sealed class SiteAssets
{
    private FrozenDictionary<string, string> _urls = FrozenDictionary<string, string>.Empty;

    /// <summary>The address to link to: the fingerprinted one when the manifest has it, the plain one otherwise.</summary>
    public string this[string file] => _urls.TryGetValue(file, out var url) ? url : "/" + file;

    /// <summary>
    /// The stylesheet to put inside each page, or null to link it. It is small (under 2 KB compressed), and on a slow
    /// link a separate file costs a round trip before the first paint (400 ms on slow 3G), more than its bytes.
    /// </summary>
    public string? InlineCss { get; private set; }

    /// <summary>The content security policy source that allows <see cref="InlineCss"/> (<c>'sha256-…'</c>).</summary>
    public string? InlineCssCspSource { get; private set; }

    /// <summary>Called once at start, after <c>MapStaticAssets</c>.</summary>
    public void Load(IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var css = endpoints.ServiceProvider.GetRequiredService<IWebHostEnvironment>().WebRootFileProvider.GetFileInfo("site.css");
        if (css.Exists)
        {
            using var reader = new StreamReader(css.CreateReadStream(), Encoding.UTF8);
            InlineCss = reader.ReadToEnd().Trim();
            InlineCssCspSource = $"'sha256-{Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(InlineCss)))}'";
        }

        var urls = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var asset in StaticAssetsEndpointDataSourceHelper.ResolveStaticAssetDescriptors(endpoints, null))
        {
            // The fingerprinted endpoint carries the plain name as its label; its compressed variants share its route.
            if (asset.Properties.FirstOrDefault(p => p.Name == "label") is { } label && label.Value != asset.Route)
            {
                urls.TryAdd(label.Value, "/" + asset.Route);
            }
        }

        _urls = urls.ToFrozenDictionary(StringComparer.Ordinal);
    }
}
