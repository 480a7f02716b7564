using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Threading.Channels;
using Microsoft.Extensions.Options;
using OurSociety.ActivityPub;
using OurSociety.ActivityPub.Signatures;
using OurSociety.Core.Federation;
using OurSociety.Core.Work;
using OurSociety.Federation.Actors;
using OurSociety.Federation.Http;

namespace OurSociety.Federation.Delivery;

/// <summary>
/// Works the delivery table: claims due deliveries with a lease (so no other worker sends them meanwhile, and a crashed
/// worker's are sent again once the lease runs out), signs and POSTs each, a few at a time per host, and records the
/// outcome. A row stays pending until its answer is recorded, so a crash (even kill -9) at any moment only means a
/// delivery is sent again after the restart; receivers ignore an activity id they already have.
/// </summary>
public sealed partial class DeliveryWorker(
    IDeliveryStore store,
    IFollowStore follows,
    IActorKeys keys,
    GuardedHttp http,
    DeliverySignal signal,
    IOptions<FederationOptions> options,
    IOptions<WorkerOptions> workers,
    TimeProvider time,
    IHostApplicationLifetime lifetime,
    ILogger<DeliveryWorker> logger) : BackgroundService
{
    /// <summary>A host whose deliveries failed on this many distinct days is unavailable until it answers again.</summary>
    public const int DaysUntilUnavailable = 7;

    /// <summary>Successful outcomes written in one transaction at most (the rest wait for the next).</summary>
    private const int MaxOutcomeBatch = 500;

    private readonly int _maxPerHost = options.Value.DeliveryConcurrencyPerHost;

    // Claimed and not yet finished at most: enough to fill every slot twice over, so a claim is not needed for every
    // few sends, and few enough that a claimed row never waits in memory until its lease runs out.
    private readonly int _maxClaimed = Math.Max(256, 2 * options.Value.DeliveryConcurrency);

    private readonly string _owner = $"{Environment.MachineName}:{Environment.ProcessId}:deliveries:{System.Security.Cryptography.RandomNumberGenerator.GetHexString(8, lowercase: true)}";

    // Deliveries claimed by this worker and not finished: a lease that ran out while one waited for its host is claimed
    // again by the next read, which must not send it a second time.
    private readonly ConcurrentDictionary<Guid, byte> _inFlight = new();
    private readonly ConcurrentDictionary<Task, byte> _sending = new();
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _hosts = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, byte> _failingHosts = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, byte> _rfc9421Origins = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _slots = new(options.Value.DeliveryConcurrency, options.Value.DeliveryConcurrency);
    private bool _failingHostsLoaded;

    // Group commit of successes: sends that finish together are recorded in one transaction by one writer, and each
    // waits for its commit before it counts as done, so "pending until the answer is recorded" still holds.
    private readonly Channel<(Guid Id, int Status, TaskCompletionSource Stored)> _delivered =
        Channel.CreateUnbounded<(Guid, int, TaskCompletionSource)>(new UnboundedChannelOptions { SingleReader = true });

    private bool _recorderRunning;

    public override void Dispose()
    {
        _slots.Dispose();
        foreach (var gate in _hosts.Values)
        {
            gate.Dispose();
        }

        base.Dispose();
    }

    /// <summary>Stops taking work and waits (briefly) for the sends in progress to record their outcome.</summary>
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        await Task.WhenAll(_sending.Keys).WaitAsync(TimeSpan.FromSeconds(5), time, cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    /// <summary>
    /// Claims every delivery due now (up to a batch), sends them and records their outcomes before returning: what
    /// tests and tools call instead of the background loop (<see cref="WorkerOptions.RunInBackground"/> false).
    /// Returns how many were sent.
    /// </summary>
    public async Task<int> ProcessDueAsync(CancellationToken ct)
    {
        await LoadFailingHostsAsync(ct);
        var claimed = await ClaimAsync(_maxClaimed, ct);
        await Task.WhenAll(claimed.Select(due => DeliverAsync(due, ct)));
        return claimed.Count;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!workers.Value.RunInBackground)
        {
            return;   // tests and tools call ProcessDueAsync themselves
        }

        // Not before the node has started: the database is migrated then, and leases a stopped run held are freed.
        var nodeStarted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using (lifetime.ApplicationStarted.Register(() => nodeStarted.TrySetResult()))
        {
            await nodeStarted.Task.WaitAsync(stoppingToken);
        }

        await LoadFailingHostsAsync(stoppingToken);
        _recorderRunning = true;
        var recorder = Task.Run(() => RecordDeliveredAsync(stoppingToken), CancellationToken.None);
        _sending[recorder] = 0;

        while (!stoppingToken.IsCancellationRequested)
        {
            var started = 0;
            try
            {
                foreach (var due in await ClaimAsync(_maxClaimed - _inFlight.Count, stoppingToken))
                {
                    started++;
                    var sending = Task.Run(() => DeliverAsync(due, stoppingToken), CancellationToken.None);
                    _sending[sending] = 0;
                    _ = sending.ContinueWith(t => _sending.TryRemove(t, out _), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
                }
            }
            catch (System.Data.Common.DbException e)
            {
                LogQueueError(e);
            }

            if (started == 0)
            {
                await signal.WaitAsync(await PauseAsync(stoppingToken), stoppingToken);
            }
        }
    }

    /// <summary>Due deliveries leased to this worker, less those it is still sending (a lease that ran out meanwhile).</summary>
    private async Task<IReadOnlyList<DueDelivery>> ClaimAsync(int limit, CancellationToken ct)
    {
        if (limit <= 0)
        {
            return [];
        }

        var now = time.GetUtcNow();
        var claimed = await store.ClaimDueAsync(_owner, now, now + workers.Value.LeaseDuration, limit, ct);
        return [.. claimed.Where(due => _inFlight.TryAdd(due.Delivery.Id, 0))];
    }

    private async Task LoadFailingHostsAsync(CancellationToken ct)
    {
        if (_failingHostsLoaded)
        {
            return;
        }

        foreach (var host in await store.FailingHostsAsync(ct))
        {
            _failingHosts[host] = 0;
        }

        _failingHostsLoaded = true;
    }

    /// <summary>Writes successful outcomes in batches: whatever finished while the last batch was being written.</summary>
    private async Task RecordDeliveredAsync(CancellationToken stoppingToken)
    {
        var batch = new List<(Guid Id, int Status, TaskCompletionSource Stored)>();
        try
        {
            while (await _delivered.Reader.WaitToReadAsync(stoppingToken))
            {
                while (batch.Count < MaxOutcomeBatch && _delivered.Reader.TryRead(out var item))
                {
                    batch.Add(item);
                }

                try
                {
                    // Not cancelled half-way by shutdown: a batch that started is written (and is quick).
                    await store.MarkDeliveredAsync(batch.Select(b => (b.Id, b.Status)).ToList(), time.GetUtcNow(), CancellationToken.None);
                    batch.ForEach(b => b.Stored.TrySetResult());
                }
                catch (System.Data.Common.DbException e)
                {
                    batch.ForEach(b => b.Stored.TrySetException(e));   // each send logs it; the rows stay pending and are sent again
                }

                batch.Clear();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down: whatever was not written stays pending and is sent again after the restart.
        }
    }

    /// <summary>Until the next delivery is due (at most a few seconds, so a missed wake-up costs little).</summary>
    private async Task<TimeSpan> PauseAsync(CancellationToken ct)
    {
        var next = await store.NextDueAsync(ct);
        var wait = next is null ? TimeSpan.FromSeconds(2) : next.Value - time.GetUtcNow();
        return wait < TimeSpan.FromMilliseconds(50) ? TimeSpan.FromMilliseconds(50) : wait > TimeSpan.FromSeconds(2) ? TimeSpan.FromSeconds(2) : wait;
    }

    /// <summary>Waits for a slot for its host and for one overall, sends, and records the outcome.</summary>
    private async Task DeliverAsync(DueDelivery due, CancellationToken ct)
    {
        var delivery = due.Delivery;
        var hostGate = _hosts.GetOrAdd(delivery.Host, _ => new SemaphoreSlim(_maxPerHost, _maxPerHost));
        try
        {
            // The host's gate first: a slow host's deliveries wait without holding slots other hosts could use.
            await hostGate.WaitAsync(ct);
            try
            {
                await _slots.WaitAsync(ct);
                try
                {
                    await SendAndRecordAsync(due, ct);
                }
                finally
                {
                    _slots.Release();
                }
            }
            finally
            {
                hostGate.Release();
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Shutting down: the row is still pending (and leased) and is sent after the lease runs out.
        }
        catch (System.Data.Common.DbException e)
        {
            LogQueueError(e);
        }
        finally
        {
            _inFlight.TryRemove(delivery.Id, out _);
            signal.Notify();
        }
    }

    private async Task SendAndRecordAsync(DueDelivery due, CancellationToken ct)
    {
        var delivery = due.Delivery;
        var attempts = delivery.Attempts + 1;
        var (status, retryAfter, error, refused) = await SendAsync(due, ct);
        var now = time.GetUtcNow();
        if (status is >= 200 and < 300)
        {
            if (_recorderRunning)
            {
                var stored = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                _delivered.Writer.TryWrite((delivery.Id, status.Value, stored));
                await stored.Task.WaitAsync(ct);
            }
            else
            {
                await store.MarkDeliveredAsync(delivery.Id, status.Value, now, ct);
            }

            if (_failingHosts.TryRemove(delivery.Host, out _))
            {
                await store.RecordHostSuccessAsync(delivery.Host, ct);
            }

            LogDelivered(due.Delivery.ActivityId, delivery.Inbox, status.Value);
        }
        else if (status is 404 or 410)
        {
            // The inbox is gone: whoever received through it is no longer there to follow anyone.
            // Followers first, outcome last: a crash between the two sends it again and drops them then.
            var dropped = await follows.DeleteFollowersAtInboxAsync(delivery.Inbox, ct);
            await store.MarkFailedAsync(delivery.Id, attempts, status, $"inbox answered {status}", now, ct);
            LogGone(delivery.Inbox, status.Value, dropped);
        }
        else if (refused)
        {
            await store.MarkFailedAsync(delivery.Id, attempts, null, error ?? "refused", now, ct);
            LogRefused(delivery.ActivityId, delivery.Inbox, 0, error ?? "refused");
        }
        else if (status is { } permanent && IsPermanent(permanent))
        {
            await store.MarkFailedAsync(delivery.Id, attempts, status, error ?? $"refused with {permanent}", now, ct);
            LogRefused(delivery.ActivityId, delivery.Inbox, permanent, error ?? "");
        }
        else
        {
            _failingHosts[delivery.Host] = 0;
            if (await store.RecordHostFailureAsync(delivery.Host, DateOnly.FromDateTime(now.UtcDateTime), DaysUntilUnavailable, now, ct))
            {
                LogHostUnavailable(delivery.Host, DaysUntilUnavailable);
            }

            var reason = error ?? $"answered {status}";
            if (RetrySchedule.After(attempts, Random.Shared.NextDouble()) is { } wait)
            {
                var next = now + (retryAfter is { } later && later > wait ? later : wait);
                await store.MarkRetryAsync(delivery.Id, attempts, next, status, reason, ct);
                LogRetry(delivery.ActivityId, delivery.Inbox, attempts, reason, next);
            }
            else
            {
                await store.MarkFailedAsync(delivery.Id, attempts, status, reason, now, ct);
                LogGaveUp(delivery.ActivityId, delivery.Inbox, attempts, reason);
            }
        }
    }

    private async Task<(int? Status, TimeSpan? RetryAfter, string? Error, bool Refused)> SendAsync(DueDelivery due, CancellationToken ct)
    {
        var body = System.Text.Encoding.UTF8.GetBytes(due.Body);
        var key = await keys.KeyOfAsync(due.Signer, ct);   // also the instance actor's, by its key-store name
        var inbox = new Uri(due.Delivery.Inbox);
        var origin = inbox.GetLeftPart(UriPartial.Authority);
        try
        {
            // Draft-cavage is what every server reads; RFC 9421 is for servers that refused cavage (401/400) and then
            // took RFC 9421, remembered per origin (the double knock Fedify does the other way round).
            var rfc9421 = _rfc9421Origins.ContainsKey(origin);
            var farewell = IsReject(due.Body);
            var (status, retryAfter, reason) = await PostAsync(inbox, body, key, rfc9421, farewell, ct);
            if (!rfc9421 && status is 401 or 400)
            {
                var (second, secondRetryAfter, secondReason) = await PostAsync(inbox, body, key, rfc9421: true, farewell, ct);
                if (second is not (401 or 400))
                {
                    RememberRfc9421(origin);
                    return (second, secondRetryAfter, secondReason, false);
                }
            }

            return (status, retryAfter, reason, false);
        }
        catch (FederationHttpException e)
        {
            // Refused by our own rules (a private address, plain http): trying again would be refused again.
            return (null, null, e.Message, e.Error == FederationHttpError.Refused);
        }
    }

    private async Task<(int Status, TimeSpan? RetryAfter, string? Reason)> PostAsync(
        Uri inbox, byte[] body, SigningKey key, bool rfc9421, bool farewell, CancellationToken ct)
    {
        // The guard vets the address at connect and keeps the deadline; a POST is never redirected elsewhere.
        using var response = await http.SendAsync(inbox, url =>
        {
            var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ByteArrayContent(body) };
            request.Content.Headers.ContentType = new MediaTypeHeaderValue(ActivityStreams.MediaType);
            if (rfc9421)
            {
                HttpSigner.SignRfc9421(request, body, key, time.GetUtcNow());
            }
            else
            {
                HttpSigner.SignCavage(request, body, key, time.GetUtcNow());
            }

            return request;
        }, farewell, ct);
        var status = (int)response.StatusCode;
        var retryAfter = response.Response.Headers.RetryAfter switch
        {
            { Delta: { } delta } => delta,
            { Date: { } date } => date - time.GetUtcNow(),
            _ => (TimeSpan?)null,
        };
        return (status, retryAfter, response.Response.IsSuccessStatusCode ? null : $"answered {status} {response.Response.ReasonPhrase}");
    }

    /// <summary>
    /// A Reject (of a follow) may still reach a suspended domain (<see cref="GuardedHttp"/>): suspending one ends its
    /// follows of our members with it. Everything else to such a domain is refused at send and dropped.
    /// </summary>
    private static bool IsReject(string body)
    {
        try
        {
            return System.Text.Json.Nodes.JsonNode.Parse(body)?["type"]?.GetValue<string>() == "Reject";
        }
        catch (System.Text.Json.JsonException)
        {
            return false;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    private void RememberRfc9421(string origin)
    {
        if (_rfc9421Origins.Count > 10_000)
        {
            _rfc9421Origins.Clear();   // a bound on memory; forgetting only costs one extra knock per origin
        }

        _rfc9421Origins[origin] = 0;
    }

    /// <summary>Mastodon's rule: a 4xx other than 401, 408 and 429 will not get better by trying again; nor will 501.</summary>
    private static bool IsPermanent(int status) =>
        status is >= 400 and < 500 and not (401 or 408 or 429) || status == (int)HttpStatusCode.NotImplemented;

    [LoggerMessage(5301, LogLevel.Debug, "Delivered {ActivityId} to {Inbox} ({Status})")]
    private partial void LogDelivered(string activityId, string inbox, int status);

    [LoggerMessage(5302, LogLevel.Information, "Delivery of {ActivityId} to {Inbox} failed (attempt {Attempts}: {Reason}); next try at {Next}")]
    private partial void LogRetry(string activityId, string inbox, int attempts, string reason, DateTimeOffset next);

    [LoggerMessage(5303, LogLevel.Warning, "Gave up delivering {ActivityId} to {Inbox} after {Attempts} attempts: {Reason}")]
    private partial void LogGaveUp(string activityId, string inbox, int attempts, string reason);

    [LoggerMessage(5304, LogLevel.Warning, "{Inbox} refused {ActivityId} ({Status}: {Reason}); not retried")]
    private partial void LogRefused(string activityId, string inbox, int status, string reason);

    [LoggerMessage(5305, LogLevel.Information, "Inbox {Inbox} is gone ({Status}); removed {Count} followers who received there")]
    private partial void LogGone(string inbox, int status, int count);

    [LoggerMessage(5306, LogLevel.Warning, "{Host} has failed deliveries on {Days} different days; it is now unavailable until it answers again")]
    private partial void LogHostUnavailable(string host, int days);

    [LoggerMessage(5307, LogLevel.Error, "The delivery queue could not be read or updated")]
    private partial void LogQueueError(Exception exception);
}
