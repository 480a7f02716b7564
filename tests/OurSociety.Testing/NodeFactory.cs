using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;
using OurSociety.Core.Federation;
using OurSociety.Core.Members;
using OurSociety.Core.Work;
using OurSociety.Federation.Delivery;
using OurSociety.Storage.Stores;
using OurSociety.Web.Hosting;

namespace OurSociety.Testing;

/// <summary>
/// A whole node in the test process, on a real SQLite file in its own temp directory. One per test class
/// (<c>IClassFixture&lt;NodeFactory&gt;</c>); tests own their rows and never assume empty tables.
/// </summary>
public partial class NodeFactory : WebApplicationFactory<Program>
{
    private readonly TempDirectory _data = new();
    private readonly Dictionary<string, string?> _settings = new(StringComparer.Ordinal);

    // Test nodes never change their settings files while they run, so they do not watch them: each watch is a thread and
    // an inotify instance with a watch on every folder under the content root (src/OurSociety.Web, bin and obj: over a
    // hundred), made anew for each of the hundreds of nodes a test run starts. Read by WebApplication.CreateBuilder.
    static NodeFactory() => Environment.SetEnvironmentVariable("DOTNET_hostBuilder__reloadConfigOnChange", "false");

    public NodeFactory()
    {
        // Nothing runs by itself: a test runs the work it caused with DrainAsync (or RunDueWorkAsync), on the fake
        // clock, so what it then asserts is settled, with no waiting on the real clock.
        With("OurSociety:Workers:RunInBackground", "false");
    }

    /// <summary>Where this node keeps its data.</summary>
    public string DataDirectory => _data.Path;

    /// <summary>What the node printed for a person at the console.</summary>
    public StringWriter ConsoleOutput { get; } = new();

    /// <summary>The node's clock; tests move it with <c>Advance</c>.</summary>
    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 11, 28, 12, 0, 0, TimeSpan.Zero))
    {
        AutoAdvanceAmount = TimeSpan.FromMilliseconds(1),   // distinct, ordered timestamps for rows made in a row
    };

    public string PublicUrl { get; private set; } = "http://localhost";

    private bool _realTime;

    /// <summary>
    /// Runs the node on the real clock instead of <see cref="Time"/>: for talking to real servers (the interop peer),
    /// which sign with their own clock and refuse signatures from a fake date.
    /// </summary>
    public NodeFactory UseRealTime()
    {
        _realTime = true;
        return this;
    }

    /// <summary>Sets a configuration value before the node starts (e.g. <c>OurSociety:Registrations</c>).</summary>
    public NodeFactory With(string key, string? value)
    {
        _settings[key] = value;
        if (key == "OurSociety:PublicUrl" && value is not null)
        {
            PublicUrl = value;
        }

        return this;
    }

    public T Service<T>() where T : notnull => Services.GetRequiredService<T>();

    /// <summary>Writes straight through the stores in one transaction: for what no endpoint makes (a received post, say).</summary>
    public async Task<T> WriteAsync<T>(Func<OurSociety.Core.ITransaction, Task<T>> write)
    {
        ArgumentNullException.ThrowIfNull(write);
        await using var tx = await Service<OurSociety.Core.ITransactions>().BeginAsync(TestContext.Current.CancellationToken);
        var result = await write(tx);
        await tx.CommitAsync(TestContext.Current.CancellationToken);
        return result;
    }

    /// <inheritdoc cref="WriteAsync{T}"/>
    public Task WriteAsync(Func<OurSociety.Core.ITransaction, Task> write) => WriteAsync(async tx =>
    {
        await write(tx);
        return true;
    });

    /// <summary>
    /// Runs this node's due work items and deliveries once each; the number that ran (0: nothing was due). With
    /// <c>OurSociety:Workers:RunInBackground=false</c> this is the only way work happens, so tests decide when.
    /// </summary>
    public async Task<int> RunDueWorkAsync()
    {
        var ct = TestContext.Current.CancellationToken;
        return await Service<WorkRunner>().ProcessDueAsync(ct) + await Service<DeliveryWorker>().ProcessDueAsync(ct);
    }

    /// <summary>Runs this node's work until none is due (see <see cref="FederationNetwork.DrainAsync"/> for several nodes).</summary>
    public async Task DrainAsync()
    {
        for (var round = 0; round < MaxDrainRounds; round++)
        {
            if (await RunDueWorkAsync() == 0)
            {
                return;
            }
        }

        throw new InvalidOperationException($"Work was still due after {MaxDrainRounds} rounds: work keeps making more work.");
    }

    internal const int MaxDrainRounds = 50;

    /// <summary>Replaces the sockets under the node's federation HTTP client (see <see cref="FederationNetwork"/>).</summary>
    public Func<HttpMessageHandler>? FederationHandler { get; set; }

    /// <summary>Creates a member straight through the domain, with a known password.</summary>
    public async Task<Member> CreateMemberAsync(string username, string password = "correct horse battery", params Role[] roles)
    {
        var outcome = await Service<MemberService>().CreateAsync(username, roles.ToHashSet(), password, TestContext.Current.CancellationToken);
        return outcome is OurSociety.Core.Outcome<(Member Member, string Password)>.Ok ok
            ? ok.Value.Member
            : throw new InvalidOperationException($"Could not create {username}: {outcome}");
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Production");
        builder.UseSetting("OurSociety:DataDirectory", _data.Path);
        builder.UseSetting("OurSociety:PublicUrl", PublicUrl);
        builder.UseSetting("Serilog:MinimumLevel:Default", "Warning");
        // Test nodes run on http:// or loopback PublicUrls on purpose, so each would warn at start that it cannot
        // federate: a hundred copies of that in a failed run's output (the runner prints the test process's stderr)
        // would hide the lines that matter. That start-up warning has its own place (StartupTasks); nothing else there
        // logs at Warning.
        builder.UseSetting("Serilog:MinimumLevel:Override:OurSociety.Web.Hosting.StartupTasks", "Error");
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureTestServices(services =>
        {
            services.AddSingleton<TimeProvider>(_realTime ? TimeProvider.System : Time);
            services.AddSingleton(new NodeConsole(ConsoleOutput));
            services.AddSingleton<IStartupFilter, TestSignIn>();
            // A test process makes hundreds of nodes, members and remote actors; the real key and hash work of each
            // (an RSA-2048 key pair, 100 000 PBKDF2 rounds) was most of the suite's processor time. Actors get their
            // key pair from TestKeys (still one per actor), and passwords the framework's hash with fewer rounds.
            services.AddSingleton<IActorKeyStore>(sp => new TestActorKeyStore(
                ActivatorUtilities.CreateInstance<ActorKeyStore>(sp), PublicUrl, sp.GetRequiredService<TimeProvider>()));
            services.Configure<PasswordHasherOptions>(o => o.IterationCount = 1_000);
            if (FederationHandler is { } handler)
            {
                services.AddHttpClient("federation").ConfigurePrimaryHttpMessageHandler(handler);
            }
        });
    }

    /// <summary>
    /// Starts the node's program; when it never gets as far as building its host, the failure carries every thread's
    /// stack (<see cref="HangReport"/>), since a hang is rare and the run that shows it is the only witness.
    /// </summary>
    protected override IHost CreateHost(IHostBuilder builder)
    {
        try
        {
            return base.CreateHost(builder);
        }
        catch (InvalidOperationException ex) when (ex.Message.StartsWith("Timed out waiting for the entry point", StringComparison.Ordinal))
        {
            throw new InvalidOperationException(ex.Message + Environment.NewLine + HangReport.ThreadStacks(), ex);
        }
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            _data.Dispose();
        }
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        _data.Dispose();
        GC.SuppressFinalize(this);
    }
}
