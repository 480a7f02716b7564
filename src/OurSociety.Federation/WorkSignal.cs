using System.Threading.Channels;

namespace OurSociety.Federation;

/// <summary>Wakes a background worker when there is new work; many notifications before it wakes count as one.</summary>
public class WorkSignal
{
    private readonly Channel<bool> _signal = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    public void Notify() => _signal.Writer.TryWrite(true);

    /// <summary>Waits for a notification or the timeout, whichever comes first.</summary>
    public async Task WaitAsync(TimeSpan timeout, CancellationToken ct)
    {
        using var timer = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timer.CancelAfter(timeout);
        try
        {
            await _signal.Reader.ReadAsync(timer.Token);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            // The timeout: a periodic look for work, in case a notification was missed.
        }
    }
}

/// <summary>New activities are in the inbox.</summary>
public sealed class InboxSignal : WorkSignal;

/// <summary>New deliveries are queued.</summary>
public sealed class DeliverySignal : WorkSignal;
