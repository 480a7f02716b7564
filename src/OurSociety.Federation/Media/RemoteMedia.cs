using System.Net.Http.Headers;
using Microsoft.Extensions.Options;
using OurSociety.Content;
using OurSociety.Core.Media;
using OurSociety.Core.Moderation;
using OurSociety.Federation.Http;

namespace OurSociety.Federation.Media;

/// <summary>
/// Our own copy of a picture from another server, so readers' browsers never contact that server (their privacy, and
/// less bandwidth for them): fetched once through the guarded client, checked and re-encoded like an upload, kept as a
/// <see cref="MediaItem"/> with its <see cref="MediaItem.RemoteUrl"/>, and served from <c>/media/{id}</c>.
/// </summary>
public sealed partial class RemoteMedia(
    GuardedHttp http, IDomainRules domains, IMediaStore store, MediaFiles files, MediaVersions versions, IOptions<MediaOptions> options, TimeProvider time, ILogger<RemoteMedia> log)
{
    /// <summary>Longer URLs are not pictures anyone links on purpose; they are not kept as keys.</summary>
    public const int MaxUrlLength = 2048;

    /// <summary>
    /// Our URL (<c>/media/{id}</c>, relative) for a remote picture, fetching it on first use; null when it cannot be
    /// had (refused address, network failure, not a picture, too large). The page then shows the alt text and a link
    /// to the original. A failure is not remembered: call this when a post arrives, not on every page view.
    /// </summary>
    public async Task<string?> GetLocalUrlAsync(string remoteUrl, CancellationToken ct)
    {
        if (remoteUrl.Length > MaxUrlLength || !Uri.TryCreate(remoteUrl, UriKind.Absolute, out var url))
        {
            return null;
        }

        if (await store.FindByRemoteUrlAsync(remoteUrl, ct) is { } cached)
        {
            return MediaFiles.Url(cached.Id);
        }

        // A domain blocked with reject media: its pictures are neither fetched nor kept (pages show the alt text).
        if (await domains.ForAsync(url.Host, ct) is { RejectMedia: true } or { Federates: false })
        {
            LogMediaRejected(url);
            return null;
        }

        if (await FetchAsync(url, ct) is not { } bytes)
        {
            return null;
        }

        if (ImageProcessor.Process(bytes, options.Value.MaxBytes) is not ImageResult.Ok(var image))
        {
            LogNotAPicture(url);
            return null;
        }

        var now = time.GetUtcNow();
        var id = Guid.CreateVersion7(now);
        await files.SaveAsync(id, image, ct);
        try
        {
            await store.AddAsync(new MediaItem(id, null, image.MediaType, image.Width, image.Height, image.Bytes.LongLength, remoteUrl, now), ct);
        }
        catch
        {
            files.Delete(id, image.MediaType);   // not recorded, so not kept
            throw;
        }

        // Another request may have fetched the same picture meanwhile; its row won, and our copy goes.
        var kept = await store.FindByRemoteUrlAsync(remoteUrl, ct);
        if (kept?.Id != id)
        {
            files.Delete(id, image.MediaType);
        }
        else
        {
            // In the copy's work item, like the copy itself: a phone never loads the whole picture for a thumbnail.
            await versions.TryMakeAsync(id, image.MediaType, image.Bytes, ct);
        }

        return kept is null ? null : MediaFiles.Url(kept.Id);
    }

    private async Task<byte[]?> FetchAsync(Uri url, CancellationToken ct)
    {
        try
        {
            using var response = await http.SendAsync(url, u => new HttpRequestMessage(HttpMethod.Get, u)
            {
                Headers = { Accept = { new MediaTypeWithQualityHeaderValue("image/*") } },
            }, ct);
            if (!response.Response.IsSuccessStatusCode)
            {
                LogStatus(url, (int)response.StatusCode);
                return null;
            }

            return await response.ReadBodyAsync(options.Value.MaxBytes);
        }
        catch (FederationHttpException)
        {
            return null;   // GuardedHttp has logged why
        }
    }

    [LoggerMessage(EventId = 3609, Level = LogLevel.Information, Message = "Did not fetch {Url}: its domain's media are rejected here")]
    private partial void LogMediaRejected(Uri url);

    [LoggerMessage(EventId = 3602, Level = LogLevel.Information, Message = "Remote picture {Url} answered {Status}; not cached")]
    private partial void LogStatus(Uri url, int status);

    [LoggerMessage(EventId = 3603, Level = LogLevel.Information, Message = "Remote picture {Url} is not a picture we keep; not cached")]
    private partial void LogNotAPicture(Uri url);
}
