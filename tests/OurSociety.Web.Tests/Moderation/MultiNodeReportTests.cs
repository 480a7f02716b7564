using System.Text.Json;
using Dapper;
using OurSociety.Core;
using OurSociety.Core.Federation;
using OurSociety.Core.Members;
using OurSociety.Core.Moderation;
using OurSociety.Core.Paging;
using OurSociety.Storage.Sql;
using OurSociety.Testing;
using OurSociety.Web.Tests.Federation.Posts;

namespace OurSociety.Web.Tests.Moderation;

/// <summary>
/// Reports across two nodes: a member of A reports B's story and asks that B be told; B receives a Flag from A's
/// instance actor with nothing about the reporter, and it lands in B's queue as a remote report about its member.
/// A Flag naming nothing of B's is dropped.
/// </summary>
public sealed class MultiNodeReportTests : IAsyncLifetime
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private readonly FederationNetwork _network = new();
    private NodeFactory _a = null!;
    private NodeFactory _b = null!;

    public ValueTask InitializeAsync()
    {
        _a = _network.AddNode("http://a.test");
        _b = _network.AddNode("http://b.test");
        return ValueTask.CompletedTask;
    }

    public ValueTask DisposeAsync() => _network.DisposeAsync();

    [Fact]
    public async Task AForwardedReport_ReachesTheOtherNode_AsAFlagFromTheInstanceActor_WithNoReporter_AndLandsInItsQueue()
    {
        var alice = await _a.CreateMemberAsync("alice_reporter");
        var bob = await _b.CreateMemberAsync("bob_reported");
        var story = await _b.StoryAsync(bob.Id, "Miracle cure for sale");
        var storyUrl = $"http://b.test/stories/{story.Id}";
        await _a.LessonAsync(alice.Id, "Be careful what you buy", sources: [storyUrl]);
        await _network.DrainAsync();   // A fetches B's story (the lesson's source): A now has it
        var copy = await _a.FindAsync(storyUrl);
        Assert.NotNull(copy);

        var made = await _a.Service<ReportService>().CreateAsync(alice.Id, new ReportInput(storyUrl, "spam", "Selling fake medicine.", Forward: true), Ct);
        var local = Assert.IsType<Outcome<ReportResult>.Ok>(made).Value.Report;
        Assert.Equal(ReportTargetKind.Post, local.TargetKind);
        Assert.False(local.AccountIsLocal);
        await _network.DrainAsync();

        var queue = await _b.Service<IReportStore>().ListAsync(ReportState.Open, Cursor.Start, 50, Ct);
        var received = Assert.Single(queue.Items);
        Assert.Equal(ReportOrigin.Remote, received.Origin);
        Assert.Equal("a.test", received.RemoteOrigin);
        Assert.Equal("http://a.test/actor", received.RemoteActor);
        Assert.Null(received.ReporterId);
        Assert.Equal(bob.Id.ToString("D"), received.Account);
        Assert.Equal(storyUrl, received.Target);
        Assert.Equal("Selling fake medicine.", received.Note);
        Assert.Equal("Miracle cure for sale", received.Snapshot.Title);

        var flag = await _b.Service<IInboxStore>().FindAsync(received.FlagId!, Ct);
        Assert.NotNull(flag);
        Assert.Equal("Flag", flag.Type);
        Assert.Equal("http://a.test/actor", flag.Actor);
        Assert.DoesNotContain("alice", flag.Body, StringComparison.OrdinalIgnoreCase);
        var objects = JsonDocument.Parse(flag.Body).RootElement.GetProperty("object").EnumerateArray().Select(o => o.GetString()).ToList();
        Assert.Contains("http://b.test/users/bob_reported", objects);
        Assert.Contains(storyUrl, objects);

        // Sending the same Flag again queues nothing new.
        var again = await _b.Service<ReportService>().FromFlagAsync(received.FlagId!, "http://a.test/actor", "a.test", objects!.OfType<string>().ToList(), "x", Ct);
        Assert.Null(again);
    }

    [Fact]
    public async Task AReportNotForwarded_StaysHere()
    {
        var carol = await _a.CreateMemberAsync("carol_reporter");
        var dan = await _b.CreateMemberAsync("dan_reported");
        var story = await _b.StoryAsync(dan.Id, "Just a story");
        var storyUrl = $"http://b.test/stories/{story.Id}";
        await _a.LessonAsync(carol.Id, "Another lesson", sources: [storyUrl]);
        await _network.DrainAsync();

        Assert.IsType<Outcome<ReportResult>.Ok>(await _a.Service<ReportService>().CreateAsync(carol.Id, new ReportInput(storyUrl, "other", "", Forward: false), Ct));
        await _network.DrainAsync();

        var queue = await _b.Service<IReportStore>().ListAsync(ReportState.Open, Cursor.Start, 50, Ct);
        Assert.DoesNotContain(queue.Items, r => r.Target == storyUrl);
    }

    [Fact]
    public async Task AFlagFromADomainWhoseReportsAreRejected_IsDropped()
    {
        var erin = await _a.CreateMemberAsync("erin_reporter");
        var fred = await _b.CreateMemberAsync("fred_reported");
        var story = await _b.StoryAsync(fred.Id, "Ignored report");
        var storyUrl = $"http://b.test/stories/{story.Id}";
        await _a.LessonAsync(erin.Id, "A lesson from it", sources: [storyUrl]);
        await _network.DrainAsync();
        await using (var connection = await _b.Service<IDbConnectionFactory>().OpenAsync(Ct))
        {
            // A block of severity none that only rejects reports (domain blocks' own pages are another part of the desk).
            await connection.ExecuteAsync("""
                INSERT INTO domain_block (id, domain, severity, reject_media, reject_reports, obfuscate, public_reason, private_note, created_at, updated_at)
                VALUES (@id, 'a.test', 'none', 0, 1, 0, NULL, NULL, '2026-01-01T00:00:00.0000000+00:00', '2026-01-01T00:00:00.0000000+00:00')
                """, new { id = Guid.CreateVersion7().ToString("D") });
        }

        Assert.IsType<Outcome<ReportResult>.Ok>(await _a.Service<ReportService>().CreateAsync(erin.Id, new ReportInput(storyUrl, "spam", "", Forward: true), Ct));
        await _network.DrainAsync();

        Assert.DoesNotContain((await _b.Service<IReportStore>().ListAsync(ReportState.Open, Cursor.Start, 50, Ct)).Items, r => r.Target == storyUrl);
    }

    [Fact]
    public async Task AFlagNamingNothingOfOurs_IsDropped()
    {
        var writes = await _b.Service<ReportService>().FromFlagAsync(
            "http://a.test/activities/flag-nothing", "http://a.test/actor", "a.test", ["http://a.test/users/someone", "http://c.test/notes/1"], "spam", Ct);
        Assert.Null(writes);
        Assert.DoesNotContain((await _b.Service<IReportStore>().ListAsync(ReportState.Open, Cursor.Start, 50, Ct)).Items, r => r.FlagId == "http://a.test/activities/flag-nothing");
        Assert.NotNull(Role.Moderator.ToString());
    }
}
