using System.Net;
using Microsoft.Extensions.Logging;
using OurSociety.Core.Moderation;

namespace OurSociety.Federation.Http;

/// <summary>
/// The one way the node makes requests to other servers (fetches, WebFinger, deliveries). Over the named client
/// <see cref="FederationHttp.ClientName"/> (its handler vets addresses at connect) it adds what a handler cannot:
/// each redirect hop vetted and rebuilt (so signatures cover the hop's own URL), a deadline over the whole exchange
/// including the body, and a body cap.
/// </summary>
public sealed partial class GuardedHttp(
    IHttpClientFactory clients, OutboundGuard guard, IDomainRules domains, FederationHttpLimits limits, ILogger<GuardedHttp> log)
{
    public FederationHttpLimits Limits => limits;

    /// <summary>
    /// Sends the request <paramref name="build"/> makes for a URL; for GET and HEAD follows up to
    /// <see cref="FederationHttpLimits.MaxRedirects"/> redirects, calling <paramref name="build"/> again for each hop.
    /// Other methods get the redirect response itself (a delivery is not re-posted elsewhere).
    /// </summary>
    /// <exception cref="FederationHttpException">Refused by the rules, or failed on the network or the deadline.</exception>
    public Task<GuardedResponse> SendAsync(Uri url, Func<Uri, HttpRequestMessage> build, CancellationToken cancellationToken) =>
        SendAsync(url, build, farewell: false, cancellationToken);

    /// <summary>
    /// As <see cref="SendAsync(Uri, Func{Uri, HttpRequestMessage}, CancellationToken)"/>; a <paramref name="farewell"/>
    /// (the <c>Reject(Follow)</c> that ends a suspended domain's follows) may still reach a suspended domain, as
    /// Mastodon sends it: it only ends a relation. A domain off the allow list is never contacted.
    /// </summary>
    /// <exception cref="FederationHttpException">Refused by the rules, or failed on the network or the deadline.</exception>
    public async Task<GuardedResponse> SendAsync(Uri url, Func<Uri, HttpRequestMessage> build, bool farewell, CancellationToken cancellationToken)
    {
        // Real time, not the node's TimeProvider: this deadline is about a real socket (a test clock would never fire).
        var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(limits.TotalTimeout);
        var handedOver = false;
        try
        {
            var client = clients.CreateClient(FederationHttp.ClientName);
            for (var hop = 0; ; hop++)
            {
                if (guard.CheckUrl(url) is { } reason)
                {
                    throw Refuse(url, reason);
                }

                // Domain moderation, at every hop: nothing is fetched from or delivered to a suspended domain (or, in
                // allowlist mode, one off the list), and a redirect cannot lead there either. A refusal is final, so a
                // delivery is dropped rather than retried.
                var rule = await domains.ForAsync(url.Host, cancellationToken);
                if (!rule.Federates && !(farewell && rule.Severity == DomainSeverity.Suspend))
                {
                    throw Refuse(url, "this hub does not federate with " + url.Host);
                }

                using var request = build(url);
                var response = await SendOnceAsync(client, request, url, deadline.Token, cancellationToken);
                var follow = request.Method == HttpMethod.Get || request.Method == HttpMethod.Head;
                if (!follow || !IsRedirect(response.StatusCode))
                {
                    handedOver = true;   // the response owns the deadline now: the body is read under it too
                    return new GuardedResponse(this, response, url, deadline, cancellationToken);
                }

                var location = response.Headers.Location;
                response.Dispose();
                if (location is null)
                {
                    throw Fail(url, "redirect without a Location");
                }

                if (hop >= limits.MaxRedirects)
                {
                    throw Refuse(url, $"more than {limits.MaxRedirects} redirects");
                }

                var next = location.IsAbsoluteUri ? location : new Uri(url, location);
                LogRedirect(url, next);
                url = new UriBuilder(next) { Fragment = "" }.Uri;
            }
        }
        finally
        {
            if (!handedOver)
            {
                deadline.Dispose();
            }
        }
    }

    private async Task<HttpResponseMessage> SendOnceAsync(
        HttpClient client, HttpRequestMessage request, Uri url, CancellationToken deadline, CancellationToken caller)
    {
        try
        {
            return await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, deadline);
        }
        catch (HttpRequestException e) when (e.InnerException is FederationHttpException inner)
        {
            throw inner.Error == FederationHttpError.Refused ? Refuse(url, inner.Message) : Fail(url, inner.Message, e);
        }
        catch (HttpRequestException e)
        {
            throw Fail(url, e.HttpRequestError == HttpRequestError.Unknown ? e.Message : $"{e.HttpRequestError}: {e.Message}", e);
        }
        catch (OperationCanceledException e) when (!caller.IsCancellationRequested)
        {
            // The handler's ConnectTimeout, or our deadline: either way the peer did not answer in time.
            throw Fail(url, e.InnerException is TimeoutException ? "connecting timed out" : $"no answer within {limits.TotalTimeout.TotalSeconds:0} s", e);
        }
    }

    private static bool IsRedirect(HttpStatusCode status) => status is HttpStatusCode.MovedPermanently or HttpStatusCode.Found
        or HttpStatusCode.SeeOther or HttpStatusCode.TemporaryRedirect or HttpStatusCode.PermanentRedirect;

    internal FederationHttpException Refuse(Uri url, string reason)
    {
        LogRefused(url, reason);
        return new FederationHttpException(FederationHttpError.Refused, reason);
    }

    internal FederationHttpException Fail(Uri url, string reason, Exception? inner = null)
    {
        LogFailed(url, reason);
        return new FederationHttpException(FederationHttpError.Failed, reason, inner);
    }

    [LoggerMessage(EventId = 2401, Level = LogLevel.Warning, Message = "Refused to fetch {Url}: {Reason}")]
    private partial void LogRefused(Uri url, string reason);

    [LoggerMessage(EventId = 2402, Level = LogLevel.Information, Message = "Request to {Url} failed: {Reason}")]
    private partial void LogFailed(Uri url, string reason);

    [LoggerMessage(EventId = 2403, Level = LogLevel.Debug, Message = "Following redirect from {Url} to {Next}")]
    private partial void LogRedirect(Uri url, Uri next);
}

/// <summary>A response whose body is still unread; reading it stops at the cap and keeps the request's deadline.</summary>
public sealed class GuardedResponse(
    GuardedHttp http, HttpResponseMessage response, Uri finalUrl, CancellationTokenSource deadline, CancellationToken caller)
    : IDisposable
{
    public HttpResponseMessage Response { get; } = response;

    /// <summary>The URL that gave this response, after redirects.</summary>
    public Uri FinalUrl { get; } = finalUrl;

    public HttpStatusCode StatusCode => Response.StatusCode;

    /// <summary>Reads the whole body, refusing (without reading on) one longer than the cap.</summary>
    /// <exception cref="FederationHttpException">Over the cap, or the deadline passed while reading.</exception>
    public Task<byte[]> ReadBodyAsync() => ReadBodyAsync(http.Limits.MaxBodyBytes);

    /// <summary>As <see cref="ReadBodyAsync()"/> with a cap of its own: pictures are larger than documents.</summary>
    /// <exception cref="FederationHttpException">Over the cap, or the deadline passed while reading.</exception>
    public async Task<byte[]> ReadBodyAsync(long maxBodyBytes)
    {
        if (Response.Content.Headers.ContentLength > maxBodyBytes)
        {
            throw http.Refuse(FinalUrl, $"the body is {Response.Content.Headers.ContentLength} bytes, over the {maxBodyBytes} byte limit");
        }

        try
        {
            await using var stream = await Response.Content.ReadAsStreamAsync(deadline.Token);
            var buffer = new MemoryStream();
            var chunk = new byte[16 * 1024];
            int read;
            while ((read = await stream.ReadAsync(chunk, deadline.Token)) > 0)
            {
                if (buffer.Length + read > maxBodyBytes)
                {
                    // Stop here: disposing the response closes the connection instead of draining the rest.
                    throw http.Refuse(FinalUrl, $"the body is over the {maxBodyBytes} byte limit");
                }

                buffer.Write(chunk, 0, read);
            }

            return buffer.ToArray();
        }
        catch (OperationCanceledException e) when (!caller.IsCancellationRequested)
        {
            throw http.Fail(FinalUrl, "the body did not arrive in time", e);
        }
        catch (HttpRequestException e)
        {
            throw http.Fail(FinalUrl, $"reading the body failed: {e.Message}", e);
        }
        catch (IOException e)
        {
            throw http.Fail(FinalUrl, $"reading the body failed: {e.Message}", e);
        }
    }

    public void Dispose()
    {
        Response.Dispose();
        deadline.Dispose();
    }
}
