using Microsoft.Extensions.Options;
using OurSociety.Content;
using OurSociety.Core.Media;
using OurSociety.Core.Work;
using OurSociety.Federation.Media;
using OurSociety.Web.Hosting;
namespace OurSociety.Web.Content;

/// <summary>Content safety and pictures: <see cref="MediaFiles"/>, <see cref="RemoteMedia"/>, <see cref="MediaVersions"/> and their options.</summary>
/// <remarks>
/// <see cref="MarkdownHtml"/>, <see cref="SafeHtml"/> and <see cref="ImageProcessor"/> are static: pure functions
/// over shared, immutable state (one Markdig pipeline, one sanitizer), safe from any thread. Needs
/// <c>AddFederationHttp()</c> (the guarded client) and the storage registrations (<c>IMediaStore</c>).
/// </remarks>
internal static class ContentServices
{
    public static IServiceCollection AddContent(this IServiceCollection services)
    {
        services.AddOptions<MediaOptions>().BindConfiguration(MediaOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton(sp => new MediaFiles(sp.GetRequiredService<IOptions<NodeOptions>>().Value.UploadsPath, sp.GetRequiredService<ILogger<MediaFiles>>()));
        services.AddSingleton<RemoteMedia>();
        services.AddSingleton<MediaVersions>();
        services.AddSingleton<IWorkHandler>(sp => sp.GetRequiredService<MediaVersions>());
        services.AddSingleton<IWorkHandler, MediaFileDeletion>();
        return services;
    }
}
