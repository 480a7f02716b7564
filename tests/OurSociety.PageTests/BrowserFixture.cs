using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using OurSociety.Testing;

namespace OurSociety.PageTests;

/// <summary>
/// A node on a real Kestrel port and Debian's Chromium driven by Playwright. Without the browser the tests are
/// skipped on a developer's machine, but fail under <c>CI=true</c>: a missing browser must never pass silently.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";

    private IPlaywright? _playwright;

    public NodeFactory Node { get; } = new NodeFactory().With("OurSociety:Registrations", "open");

    public IBrowser Browser { get; private set; } = null!;   // set in InitializeAsync, before any test

    public string BaseUrl { get; private set; } = "";

    public static bool IsCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    public async ValueTask InitializeAsync()
    {
        if (!File.Exists(ChromiumPath))
        {
            if (IsCi)
            {
                throw new InvalidOperationException($"CI=true but {ChromiumPath} is missing: install Debian's chromium package.");
            }

            return;
        }

        Node.UseKestrel(0);
        Node.StartServer();
        var address = Node.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.First()
            ?? throw new InvalidOperationException("The test server has no address.");
        BaseUrl = address.Replace("[::]", "127.0.0.1", StringComparison.Ordinal).Replace("0.0.0.0", "127.0.0.1", StringComparison.Ordinal);

        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            // Without these Chromium reaches out to Google's hosts, which this closed network refuses.
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync"],
        });
    }

    /// <summary>Skips the calling test when the browser is missing outside CI.</summary>
    public static void RequireBrowser() => Assert.SkipUnless(File.Exists(ChromiumPath), $"{ChromiumPath} is not installed (apt-get install chromium)");

    /// <summary>A fresh browser context (own cookies); <paramref name="javaScript"/> false behaves as a phone with scripts off.</summary>
    public async Task<IPage> NewPageAsync(bool javaScript = true)
    {
        RequireBrowser();
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = BaseUrl,
            JavaScriptEnabled = javaScript,
            ViewportSize = new ViewportSize { Width = 360, Height = 740 },   // a small phone
        });
        context.SetDefaultTimeout(15_000);   // a hung page fails the test instead of the run
        return await context.NewPageAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (_playwright is not null)
        {
            await Browser.DisposeAsync();
            _playwright.Dispose();
        }

        await Node.DisposeAsync();
    }
}
