using OurSociety.Testing;

namespace OurSociety.Web.Tests.Follows;

/// <summary>Two nodes, <c>http://a.test</c> and <c>http://b.test</c>, shared by a test class; tests make their own members.</summary>
public sealed class TwoNodes : IAsyncLifetime
{
    private readonly FederationNetwork _network = new();

    public NodeFactory A { get; private set; } = null!;

    public NodeFactory B { get; private set; } = null!;

    public ValueTask InitializeAsync()
    {
        A = _network.AddNode("http://a.test");
        B = _network.AddNode("http://b.test");
        return ValueTask.CompletedTask;
    }

    /// <summary>Runs every due work item and delivery on both nodes until none is left (see <see cref="FederationNetwork.DrainAsync"/>).</summary>
    public Task DrainAsync() => _network.DrainAsync();

    public ValueTask DisposeAsync() => _network.DisposeAsync();
}
