using Deque.AxeCore.Commons;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using OurSociety.Testing;

namespace OurSociety.PageTests;

/// <summary>
/// A node on a real Kestrel port and Debian's Chromium driven by Playwright. Without the browser the tests are
/// skipped on a developer's machine, but fail under <c>CI=true</c>: a missing browser must never pass silently.
/// One node and one browser per test class; each test gets a fresh browser context (own cookies). Subclasses run the
/// node in another registration mode.
/// </summary>
public class BrowserFixture : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";

    /// <summary>The password <see cref="NodeFactory.CreateMemberAsync"/> gives members unless told otherwise.</summary>
    public const string Password = "correct horse battery";

    private IPlaywright? _playwright;

    public BrowserFixture()
        : this("open")
    {
    }

    protected BrowserFixture(string registrations) =>
        Node = new NodeFactory()
            .With("OurSociety:Registrations", registrations)
            // Tests sign in and post forms far faster than people do; the limits themselves are tested in Web.Tests.
            .With("OurSociety:RateLimits:SignInPerMinute", "10000")
            .With("OurSociety:RateLimits:RequestsPerMinute", "1000000");

    public NodeFactory Node { get; }

    public IBrowser Browser { get; private set; } = null!;   // set in InitializeAsync, before any test

    /// <summary>
    /// Where axe-core runs: one page with JavaScript on, on a 360 px phone, with axe loaded once. Each check writes a
    /// copy of the page under test into it (see <see cref="Accessibility"/>); loading axe's half a megabyte of script
    /// anew for every check would cost about a second each.
    /// </summary>
    internal IPage Checker { get; private set; } = null!;

    /// <summary>One check at a time in <see cref="Checker"/>.</summary>
    internal SemaphoreSlim CheckerLock { get; } = new(1, 1);

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

        // The machine may be busy (two cores, other builds): waiting longer costs nothing when things are quick.
        Assertions.SetDefaultExpectTimeout(15_000);
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            // Without these Chromium reaches out to Google's hosts, which this closed network refuses.
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync"],
        });
        var checker = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            JavaScriptEnabled = true,
            ViewportSize = new ViewportSize { Width = 360, Height = 740 },
        });
        checker.SetDefaultTimeout(15_000);
        Checker = await checker.NewPageAsync();
        await Checker.GotoAsync(BaseUrl + "/site.css");   // any page of the node's origin, so the copies' links resolve
        await Checker.EvaluateAsync(new BundledAxeScriptProvider().GetScript());
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

    /// <summary>
    /// Signs the page's browser context in as <paramref name="username"/> through the test-only route, for pages
    /// behind sign-in whose test is not about signing in. The cookie is the one a real sign-in sets.
    /// </summary>
    public static async Task SignInAsync(IPage page, string username)
    {
        var response = await page.Context.APIRequest.PostAsync($"{NodeFactory.TestSignInPath}/{username}");
        Assert.Equal(204, response.Status);
    }

    public virtual async ValueTask DisposeAsync()
    {
        GC.SuppressFinalize(this);
        if (_playwright is not null)
        {
            await Checker.Context.DisposeAsync();
            await Browser.DisposeAsync();
            _playwright.Dispose();
        }

        await Node.DisposeAsync();
        CheckerLock.Dispose();
    }
}
