using System.Threading.Channels;

namespace OurSociety.Core.Work;

/// <summary>
/// Wakes the worker when work was added, so new work runs at once instead of at the next poll. Call
/// <see cref="Notify"/> after the commit (before it, the worker would look and find nothing). Singleton.
/// </summary>
public class WorkSignal(TimeProvider time)
{
    // One pending wake-up is enough: any number of notifications before the worker looks mean "look again".
    private readonly Channel<bool> _channel =
        Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    public void Notify() => _channel.Writer.TryWrite(true);

    /// <summary>Returns on a notification or after <paramref name="max"/> (on the injected clock), whichever is first.</summary>
    public async Task WaitAsync(TimeSpan max, CancellationToken ct)
    {
        using var timeout = new CancellationTokenSource(max, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, timeout.Token);
        try
        {
            await _channel.Reader.ReadAsync(linked.Token);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            // The timeout: time to look for retries that came due.
        }
    }
}
