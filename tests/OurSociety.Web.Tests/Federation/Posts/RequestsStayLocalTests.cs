using System.Net;
using System.Net.Http.Json;
using OurSociety.Testing;
using OurSociety.Web.Tests.Api;
using OurSociety.Web.Tests.Finding;

namespace OurSociety.Web.Tests.Federation.Posts;

/// <summary>
/// Issue 10: a person's request answers with what is stored; looking things up on other servers is a work item. A
/// lesson credits a story on another node: publishing it makes no request there, its page says the link is being
/// looked up, and the lookup happens when the work runs.
/// </summary>
public sealed class RequestsStayLocalTests : IAsyncLifetime
{
    private readonly FederationNetwork _network = new();
    private NodeFactory _a = null!;
    private NodeFactory _b = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public ValueTask InitializeAsync()
    {
        _a = _network.AddNode("http://a.test").With("OurSociety:Workers:RunInBackground", "false");
        _b = _network.AddNode("http://b.test").With("OurSociety:Workers:RunInBackground", "false");
        return ValueTask.CompletedTask;
    }

    public ValueTask DisposeAsync() => _network.DisposeAsync();

    [Fact]
    public async Task PublishingALesson_MakesNoRequestElsewhere_AndItsSourceIsLookedUpByTheWork()
    {
        var bob = await _b.CreateMemberAsync("bob");
        var story = await _b.StoryAsync(bob.Id, "Winter pantry");
        await _network.DrainAsync();
        var storyUrl = $"http://b.test/stories/{story.Id}";
        using var alice = await _a.ApiUserAsync("alice");
        _network.Log.Clear();

        using var created = await alice.Client.PostAsJsonAsync(FindingKit.Lessons, new
        {
            title = "Start the rota a month early",
            learned = "Start early.",
            sources = new[] { storyUrl },
        }, Ct);

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Empty(_network.Log);   // the request itself asked no other server anything
        var lesson = (await created.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>(Ct)).GetProperty("id").GetGuid();
        var before = await (await _a.CreateClient().GetAsync($"/lessons/{lesson}", Ct)).Content.ReadAsStringAsync(Ct);
        Assert.Contains("looking this up", before, StringComparison.Ordinal);

        await _network.DrainAsync();

        Assert.Contains(_network.Log, r => r.Url.AbsoluteUri == storyUrl);
        Assert.Equal("Winter pantry", (await _a.FindAsync(storyUrl))?.Title);
        var after = await (await _a.CreateClient().GetAsync($"/lessons/{lesson}", Ct)).Content.ReadAsStringAsync(Ct);
        Assert.DoesNotContain("looking this up", after, StringComparison.Ordinal);
        Assert.Contains("Winter pantry", after, StringComparison.Ordinal);
    }
}
