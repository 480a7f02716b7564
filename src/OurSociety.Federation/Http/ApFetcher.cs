using System.Collections.Concurrent;
using System.Net;
using Microsoft.Extensions.Logging;
using OurSociety.ActivityPub.Json;
using OurSociety.ActivityPub.Signatures;
using OurSociety.Federation.Actors;

namespace OurSociety.Federation.Http;

/// <summary>
/// Fetches ActivityPub documents (actors, keys, objects, collections) as the instance actor, with every check of
/// INTEROP §7.5 applied, so a caller only ever sees a document that its own origin vouches for.
/// </summary>
public sealed partial class ApFetcher(
    GuardedHttp http, IActorKeys keys, IOutgoingSigner signer, TimeProvider time, ILogger<ApFetcher> log)
{
    // Which signature each origin accepted (Fedify's double-knock memory). In memory only: after a restart the
    // first fetch knocks twice again. Bounded, so a flood of origins cannot grow it without end.
    private const int MaxRememberedOrigins = 10_000;
    private readonly ConcurrentDictionary<string, SignatureSpec> _specs = new(StringComparer.Ordinal);

    /// <summary>
    /// GETs <paramref name="url"/> (its fragment dropped, so a key id can be passed as is), signed with draft-cavage or,
    /// after a 401, RFC 9421. The document's <c>id</c> must be the URL; when it differs but lives on the host that
    /// answered, it is fetched once more by that id, which must then match (Mastodon's fetch_resource).
    /// </summary>
    public async Task<FetchResult> GetAsync(Uri url, CancellationToken cancellationToken)
    {
        var requested = WithoutFragment(url);
        var first = await FetchOnceAsync(requested, cancellationToken);
        if (first.Failure is not null)
        {
            return first.Failure;
        }

        var (document, finalUrl) = (first.Document!, first.FinalUrl!);   // set whenever Failure is not

        var id = ParseId(document);
        if (id is not null && SameResource(id, requested))
        {
            return Checked(requested, document, id, finalUrl);
        }

        if (id is null || !SameAuthority(id, finalUrl))
        {
            return Refuse(requested, $"the document's id '{document.Id}' is not the URL that was fetched");
        }

        // The id names the canonical URL on the same server (e.g. /@alice vs /users/alice): fetch that, once.
        var second = await FetchOnceAsync(id, cancellationToken);
        if (second.Failure is not null)
        {
            return second.Failure;
        }

        var (canonical, canonicalUrl) = (second.Document!, second.FinalUrl!);

        return ParseId(canonical) is { } again && SameResource(again, id)
            ? Checked(id, canonical, again, canonicalUrl)
            : Refuse(id, $"the document at its own id has another id '{canonical.Id}'");
    }

    private FetchResult Checked(Uri requested, ApDocument document, Uri id, Uri finalUrl) =>
        // After redirects the answer must still come from the id's server: else a redirect on host A could make
        // A's URL answer with a document that B wrote about itself (INTEROP §7.5).
        SameAuthority(id, finalUrl)
            ? new FetchResult.Ok(document, id, finalUrl)
            : Refuse(requested, $"the document {id} was served by {finalUrl.Authority}, another host");

    /// <summary>One GET with the signature double-knock; a 2xx answer is checked for media type, size and JSON.</summary>
    private async Task<Attempt> FetchOnceAsync(Uri url, CancellationToken cancellationToken)
    {
        var key = await keys.InstanceKeyAsync(cancellationToken);
        var origin = url.GetLeftPart(UriPartial.Authority);
        var spec = _specs.GetValueOrDefault(origin, SignatureSpec.Cavage);
        try
        {
            var response = await SendSignedAsync(url, key, spec, cancellationToken);
            if (response.StatusCode == HttpStatusCode.Unauthorized)
            {
                // INTEROP §3.3: a 401 may mean "not this signature scheme"; try the other one once.
                response.Dispose();
                spec = spec == SignatureSpec.Cavage ? SignatureSpec.Rfc9421 : SignatureSpec.Cavage;
                response = await SendSignedAsync(url, key, spec, cancellationToken);
                if (response.StatusCode is not (HttpStatusCode.Unauthorized or HttpStatusCode.BadRequest))
                {
                    Remember(origin, spec);
                }
            }

            using (response)
            {
                return await ReadDocumentAsync(url, response);
            }
        }
        catch (FederationHttpException e)
        {
            // GuardedHttp has logged it.
            return new Attempt(null, null, e.Error == FederationHttpError.Refused
                ? new FetchResult.Refused(e.Message)
                : new FetchResult.Failed(null, e.Message));
        }
    }

    private Task<GuardedResponse> SendSignedAsync(Uri url, SigningKey key, SignatureSpec spec, CancellationToken cancellationToken) =>
        http.SendAsync(url, hop =>
        {
            var request = new HttpRequestMessage(HttpMethod.Get, hop);
            request.Headers.TryAddWithoutValidation("Accept", ApMediaType.Accept);
            signer.Sign(request, [], key, spec, time.GetUtcNow());
            return request;
        }, cancellationToken);

    private async Task<Attempt> ReadDocumentAsync(Uri url, GuardedResponse response)
    {
        var status = (int)response.StatusCode;
        FetchResult? failure = response.StatusCode switch
        {
            HttpStatusCode.NotFound => new FetchResult.NotFound($"{url} answered 404"),
            HttpStatusCode.Gone => new FetchResult.Gone($"{url} answered 410: it was deleted"),
            HttpStatusCode.NoContent => Fail(url, status, "answered 204 without a document"),
            _ when status is < 200 or > 299 => Fail(url, status, $"answered {status}"),
            _ when !ApMediaType.IsActivityPub(response.Response.Content.Headers.ContentType) => Refuse(url,
                $"the response is '{response.Response.Content.Headers.ContentType?.MediaType ?? "untyped"}', not ActivityPub JSON"),
            _ => null,
        };
        if (failure is not null)
        {
            return new Attempt(null, null, failure);
        }

        var body = await response.ReadBodyAsync();
        var parsed = ApDocument.Parse(body);
        return parsed.Document is { } document
            ? new Attempt(document, response.FinalUrl, null)
            : new Attempt(null, null, Refuse(url, $"the response is not a usable document: {parsed.Error}"));
    }

    private void Remember(string origin, SignatureSpec spec)
    {
        if (_specs.Count >= MaxRememberedOrigins)
        {
            _specs.Clear();
        }

        _specs[origin] = spec;
    }

    private static Uri WithoutFragment(Uri url) =>
        string.IsNullOrEmpty(url.Fragment) ? url : new UriBuilder(url) { Fragment = "" }.Uri;

    private static Uri? ParseId(ApDocument document) =>
        Uri.TryCreate(document.Id, UriKind.Absolute, out var id) && id.Scheme is "https" or "http" ? id : null;

    /// <summary>Same URL, fragment included, after <see cref="Uri"/>'s normalisation (host case, default port).</summary>
    private static bool SameResource(Uri a, Uri b) =>
        Uri.Compare(a, b, UriComponents.AbsoluteUri, UriFormat.SafeUnescaped, StringComparison.Ordinal) == 0;

    /// <summary>Same host and port: on one host, different ports are different servers.</summary>
    private static bool SameAuthority(Uri a, Uri b) =>
        Uri.Compare(a, b, UriComponents.HostAndPort, UriFormat.SafeUnescaped, StringComparison.OrdinalIgnoreCase) == 0;

    private FetchResult.Refused Refuse(Uri url, string reason)
    {
        LogRefused(url, reason);
        return new FetchResult.Refused(reason);
    }

    private FetchResult.Failed Fail(Uri url, int status, string reason)
    {
        LogFailed(url, status);
        return new FetchResult.Failed(status, $"{url} {reason}");
    }

    [LoggerMessage(EventId = 2411, Level = LogLevel.Warning, Message = "Refused the document fetched from {Url}: {Reason}")]
    private partial void LogRefused(Uri url, string reason);

    [LoggerMessage(EventId = 2412, Level = LogLevel.Information, Message = "Fetching {Url} failed with status {Status}")]
    private partial void LogFailed(Uri url, int status);

    /// <summary>A parsed document before its id is checked, or why there is none; never leaves this class.</summary>
    private readonly record struct Attempt(ApDocument? Document, Uri? FinalUrl, FetchResult? Failure);
}
