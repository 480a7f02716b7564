using OurSociety.Testing;

namespace OurSociety.PageTests;

/// <summary>
/// The browser's node (on Kestrel) with a second real node, <see cref="Remote"/> at <c>http://b.test</c>, in memory:
/// the browser's node reaches it by name through its federation client (as <see cref="FederationNetwork"/> does), and
/// every other host fails like a refused connection, so a hub that "does not answer" answers at once.
/// </summary>
public sealed class LinkedHubFixture : BrowserFixture
{
    public const string RemoteOrigin = "http://b.test";

    public LinkedHubFixture()
        : base("open")
    {
        // A closed network of plain-http test hosts: the outbound guard refuses http unless told it is one.
        Node.With("OurSociety:Federation:AllowPrivateAddresses", "true");
        Node.FederationHandler = () => new Router(this);
    }

    /// <summary>The other hub: a whole node, started on first use.</summary>
    public NodeFactory Remote { get; } = new NodeFactory()
        .With("OurSociety:PublicUrl", RemoteOrigin)
        .With("OurSociety:Federation:AllowPrivateAddresses", "true");

    public override async ValueTask DisposeAsync()
    {
        GC.SuppressFinalize(this);
        await base.DisposeAsync();
        await Remote.DisposeAsync();
    }

    private sealed class Router(LinkedHubFixture fixture) : HttpMessageHandler
    {
        private readonly Lazy<HttpMessageHandler> _remote = new(() => fixture.Remote.Server.CreateHandler());

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (!string.Equals(request.RequestUri?.Authority, new Uri(RemoteOrigin).Authority, StringComparison.OrdinalIgnoreCase))
            {
                throw new HttpRequestException(HttpRequestError.ConnectionError, $"nothing serves {request.RequestUri?.Authority} here");
            }

            using var invoker = new HttpMessageInvoker(_remote.Value, disposeHandler: false);
            return await invoker.SendAsync(request, cancellationToken);
        }
    }
}
