using System.Net.Http.Headers;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using OurSociety.ActivityPub.Discovery;
using OurSociety.ActivityPub.Json;
using OurSociety.Web.Federation;
using OurSociety.Web.Federation.Follows;

namespace OurSociety.Testing;

/// <summary>
/// Plain fetchers for the federation core's ports, added only when the node registers none (TryAdd): until the
/// guarded HTTP stack lands the core cannot start without them; once it does, these are never used and can go.
/// They use the named "federation" client, so <see cref="FederationNetwork"/> routes them like the real ones.
/// </summary>
internal static class FederationStandIns
{
    public static void TryAdd(IServiceCollection services)
    {
        services.AddHttpClient();
        services.TryAddSingleton<IDocumentFetcher, DocumentFetcherStandIn>();
        services.TryAddSingleton<IHandleResolver, HandleResolverStandIn>();
    }

    private sealed class DocumentFetcherStandIn(IHttpClientFactory clients) : IDocumentFetcher
    {
        public async Task<FetchedDocument> FetchAsync(Uri url, CancellationToken ct)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(url.GetLeftPart(UriPartial.Query)));
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/activity+json"));
            try
            {
                using var response = await clients.CreateClient("federation").SendAsync(request, ct);
                if ((int)response.StatusCode is 404 or 410)
                {
                    return new FetchedDocument(null, $"{(int)response.StatusCode}", Gone: true);
                }

                if (!response.IsSuccessStatusCode)
                {
                    return new FetchedDocument(null, $"{(int)response.StatusCode}");
                }

                var parsed = ApDocument.Parse(await response.Content.ReadAsByteArrayAsync(ct));
                return new FetchedDocument(parsed.Document, parsed.Error);
            }
            catch (HttpRequestException ex)
            {
                return new FetchedDocument(null, ex.Message);
            }
        }
    }

    /// <summary>WebFinger over http, as the test nodes serve it.</summary>
    private sealed class HandleResolverStandIn(IHttpClientFactory clients) : IHandleResolver
    {
        public async Task<(string? ActorId, string? Error)> ResolveAsync(Handle handle, CancellationToken ct)
        {
            var url = new Uri($"http://{handle.Host}/.well-known/webfinger?resource={Uri.EscapeDataString(handle.ToAcct())}");
            try
            {
                using var response = await clients.CreateClient("federation").GetAsync(url, ct);
                if (!response.IsSuccessStatusCode)
                {
                    return (null, $"WebFinger answered {(int)response.StatusCode}");
                }

                var document = WebFingerDocument.Parse(await response.Content.ReadAsByteArrayAsync(ct));
                return document?.ActorId is { } id ? (id, null) : (null, "no ActivityPub actor in the WebFinger answer");
            }
            catch (HttpRequestException ex)
            {
                return (null, ex.Message);
            }
        }
    }
}
