using System.Data.Common;
using System.Net;
using System.Net.Http.Json;
using Dapper;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OurSociety.Storage.Sql;
using OurSociety.Testing;
using OurSociety.Web.Hosting;
using OurSociety.Web.Tests.Accounts;
using OurSociety.Web.Tests.Api;

namespace OurSociety.Web.Tests.Operations;

/// <summary>
/// Issue 10: a full disk or a database locked too long fails the request with 503 and a Retry-After, as problem
/// details for the API and the error page for people, and keeps nothing half-done. Before, both were 500s.
/// </summary>
public sealed class DatabaseFaultTests(FaultyDatabaseNode node) : IClassFixture<FaultyDatabaseNode>
{
    private const string Stories = ApiTestKit.Prefix + "/stories";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task FullDisk_ApiWrite_503ProblemWithRetryAfter_AndNothingStored()
    {
        using var user = await node.ApiUserAsync("fault_full");
        Assert.Equal(HttpStatusCode.OK, (await user.Client.GetAsync($"{ApiTestKit.Prefix}/me", Ct)).StatusCode);   // the token's first use is written now
        var story = new { title = "Too big for the disk", body = string.Join(' ', Enumerable.Repeat("words for the story", 4000)) };

        HttpResponseMessage full;
        node.Database.Full = true;
        try
        {
            full = await user.Client.PostAsJsonAsync(Stories, story, Ct);
        }
        finally
        {
            node.Database.Full = false;
        }

        Assert.Equal(HttpStatusCode.ServiceUnavailable, full.StatusCode);
        Assert.Equal("application/problem+json", full.Content.Headers.ContentType?.MediaType);
        Assert.True(full.Headers.RetryAfter?.Delta > TimeSpan.Zero, full.Headers.ToString());
        Assert.Contains("Nothing of this request was kept", await full.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Equal(0, await CountAsync("SELECT COUNT(*) FROM post WHERE title = 'Too big for the disk'"));

        // Space again: the same request works, so nothing of the failed one was left in the way.
        using var again = await user.Client.PostAsJsonAsync(Stories, story, Ct);
        Assert.Equal(HttpStatusCode.Created, again.StatusCode);
        Assert.Equal(1, await CountAsync("SELECT COUNT(*) FROM post WHERE title = 'Too big for the disk'"));
    }

    [Fact]
    public async Task Locked_PageForm_503ErrorPageWithRetryAfter_ThenWorksOnceFree()
    {
        await node.CreateMemberAsync("fault_locked");
        using var browser = await node.SignedInBrowserAsync("fault_locked");
        var fields = new Dictionary<string, string> { ["displayName"] = "Locked Out", ["bio"] = "", ["locality"] = "" };

        HttpResponseMessage locked;
        await using (var writer = await HoldWriteLockAsync())
        {
            locked = await browser.SubmitAsync("/settings/profile", "/settings/profile", fields);
        }

        Assert.Equal(HttpStatusCode.ServiceUnavailable, locked.StatusCode);
        Assert.Equal("text/html", locked.Content.Headers.ContentType?.MediaType);
        Assert.True(locked.Headers.RetryAfter?.Delta > TimeSpan.Zero, locked.Headers.ToString());
        Assert.Contains("<h1>Not available right now</h1>", await locked.HtmlAsync(), StringComparison.Ordinal);

        var saved = await browser.SubmitAsync("/settings/profile", "/settings/profile", fields);
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
    }

    [Fact]
    public async Task Locked_ApiWrite_503Problem()
    {
        using var user = await node.ApiUserAsync("fault_locked_api");
        Assert.Equal(HttpStatusCode.OK, (await user.Client.GetAsync($"{ApiTestKit.Prefix}/me", Ct)).StatusCode);

        HttpResponseMessage locked;
        await using (var writer = await HoldWriteLockAsync())
        {
            locked = await user.Client.PostAsJsonAsync(Stories, new { title = "Waiting for the lock", body = "text" }, Ct);
        }

        Assert.Equal(HttpStatusCode.ServiceUnavailable, locked.StatusCode);
        Assert.Equal("application/problem+json", locked.Content.Headers.ContentType?.MediaType);
        Assert.NotNull(locked.Headers.RetryAfter);
        Assert.Equal(0, await CountAsync("SELECT COUNT(*) FROM post WHERE title = 'Waiting for the lock'"));
    }

    /// <summary>Another program writing: its transaction holds the write lock until it is disposed (rolled back).</summary>
    private async Task<DbConnection> HoldWriteLockAsync()
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = node.DatabasePath, Pooling = false }.ToString());
        await connection.OpenAsync(Ct);
        await connection.ExecuteAsync("BEGIN IMMEDIATE");
        return connection;
    }

    private async Task<long> CountAsync(string sql)
    {
        await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = node.DatabasePath, Pooling = false }.ToString());
        await connection.OpenAsync(Ct);
        return await connection.ExecuteScalarAsync<long>(sql);
    }
}

/// <summary>A node whose database can be made full or made to give up on a lock at once, from the test.</summary>
public sealed class FaultyDatabaseNode : RoomyNode
{
    public FaultyDatabase Database { get; } = new();

    public string DatabasePath => Path.Combine(DataDirectory, SqliteConnectionFactory.FileName);

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services => services.AddSingleton<IDbConnectionFactory>(sp =>
            new SqliteConnectionFactory(sp.GetRequiredService<IOptions<NodeOptions>>().Value.DatabasePath, Database.ConfigureAsync)));
    }
}

/// <summary>
/// Two faults a test can switch on, applied to every connection the node's own factory hands out. SQLite's limits are
/// per connection, so they are set as each is handed out (and undone on pooled ones once switched off): a full disk is
/// <c>max_page_count</c> at the file's current size, so any write that needs a new page fails with SQLITE_FULL; a
/// short busy timeout makes a held lock fail a write within a second instead of thirty.
/// </summary>
public sealed class FaultyDatabase
{
    private const long SqliteDefaultMaxPages = 4294967294;

    public bool Full { get; set; }

    public async Task ConfigureAsync(SqliteConnection connection, CancellationToken ct)
    {
        // "PRAGMA max_page_count = 1" leaves the limit at the current size: it never shrinks a database.
        await connection.ExecuteAsync($"PRAGMA max_page_count = {(Full ? 1 : SqliteDefaultMaxPages)}");
        await connection.ExecuteAsync("PRAGMA busy_timeout = 100");
        connection.DefaultTimeout = 1;   // Microsoft.Data.Sqlite's own retries, in seconds
    }
}
