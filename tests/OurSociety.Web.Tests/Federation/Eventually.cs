namespace OurSociety.Web.Tests.Federation;

/// <summary>
/// Waits on the real clock for a node running in its own process (CrashSafetyTests), which works on its own schedule.
/// Nodes in the test process are drained instead (<c>NodeFactory.DrainAsync</c>, <c>FederationNetwork.DrainAsync</c>),
/// and the interop tests have <c>InteropNode.DrainUntilAsync</c> for the real peer.
/// </summary>
internal static class Eventually
{
    public static async Task<T> GetAsync<T>(Func<Task<T>> read, Func<T, bool> done, string what, int seconds = 15)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);   // real time: the nodes' clocks are fake
        while (true)
        {
            var value = await read();
            if (done(value))
            {
                return value;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Timed out waiting for {what}; last value: {value}");
            }

            await Task.Delay(50, TestContext.Current.CancellationToken);
        }
    }
}
