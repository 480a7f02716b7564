using System.Collections.Concurrent;
using System.Net;

namespace OurSociety.Testing;

/// <summary>
/// Several nodes in one test process that reach each other by host name: each node's federation HTTP client is routed
/// to the in-memory server of the node whose public origin it addresses (no sockets, so no address checks; those are
/// tested on real loopback sockets). Hosts nobody serves fail like a refused connection.
/// </summary>
public sealed class FederationNetwork : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, NodeFactory> _nodes = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, HttpMessageHandler> _handlers = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Every request a node sent through the network, in order (method, URL, status).</summary>
    public ConcurrentQueue<(string Method, Uri Url, int Status)> Log { get; } = new();

    /// <summary>A node at <paramref name="origin"/> (e.g. <c>http://a.test</c>) on this network; configure it before first use.</summary>
    public NodeFactory AddNode(string origin)
    {
        // A closed network of plain-http test hosts: the outbound guard refuses http unless told it is one.
        var node = new NodeFactory().With("OurSociety:PublicUrl", origin).With("OurSociety:Federation:AllowPrivateAddresses", "true");
        node.FederationHandler = () => new Router(this);
        _nodes[new Uri(origin).Authority] = node;
        return node;
    }

    /// <summary>
    /// Runs every due work item and delivery on every node, round after round, until a round finds nothing due
    /// anywhere: a post published on one node is then delivered, received and handled on the others.
    /// </summary>
    public async Task DrainAsync()
    {
        for (var round = 0; round < NodeFactory.MaxDrainRounds; round++)
        {
            var ran = 0;
            foreach (var node in _nodes.Values)
            {
                ran += await node.RunDueWorkAsync();
            }

            if (ran == 0)
            {
                return;
            }
        }

        throw new InvalidOperationException($"Work was still due after {NodeFactory.MaxDrainRounds} rounds on this network.");
    }

    /// <summary>Serves a host with any handler (a fake remote server, a slow or failing inbox).</summary>
    public void Serve(string authority, HttpMessageHandler handler) => _handlers[authority] = handler;

    public async ValueTask DisposeAsync()
    {
        foreach (var node in _nodes.Values)
        {
            await node.DisposeAsync();
        }
    }

    private HttpMessageHandler? HandlerFor(string authority) =>
        _handlers.TryGetValue(authority, out var handler) ? handler
        : _nodes.TryGetValue(authority, out var node) ? _handlers.GetOrAdd(authority, _ => node.Server.CreateHandler())
        : null;

    private sealed class Router(FederationNetwork network) : HttpMessageHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var target = network.HandlerFor(request.RequestUri!.Authority)
                ?? throw new HttpRequestException(HttpRequestError.ConnectionError, $"nothing serves {request.RequestUri.Authority} on this test network");
            using var invoker = new HttpMessageInvoker(target, disposeHandler: false);
            var response = await invoker.SendAsync(request, cancellationToken);
            network.Log.Enqueue((request.Method.Method, request.RequestUri, (int)response.StatusCode));
            return response;
        }
    }
}
