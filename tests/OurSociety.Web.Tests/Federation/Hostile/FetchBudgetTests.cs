using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using OurSociety.Federation.Http;
using OurSociety.Testing;
using OurSociety.Web.Tests.Federation.Posts;

namespace OurSociety.Web.Tests.Federation.Hostile;

/// <summary>
/// One inbound activity may make the node fetch at most <see cref="FetchBudget.PerActivity"/> documents in total,
/// depth and breadth together, across the work items it leaves behind. A hostile server answers every fetch with a
/// lesson that credits ten more lessons and adapts another (each by an author never seen before), or a reply to yet
/// another reply: without the budget one delivery would make the node fetch thousands of documents.
/// </summary>
public sealed class FetchBudgetTests : IAsyncLifetime
{
    private const string Origin = "http://chain.test";
    private const string Public = "https://www.w3.org/ns/activitystreams#Public";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private readonly FederationNetwork _network = new();
    private readonly EndlessServer _server = new();
    private NodeFactory _a = null!;
    private string _mallory = "";

    public async ValueTask InitializeAsync()
    {
        _a = _network.AddNode("http://a.test");
        _network.Serve("chain.test", _server);
        _mallory = _server.Actors.AddActor("mallory");
        await _a.CreateMemberAsync("alice");
        var follow = PostNetwork.Ok(await _a.Service<OurSociety.Federation.Follows.FollowService>().FollowAsync("alice", _mallory, Ct));
        await SendAsync(new JsonObject { ["id"] = Origin + "/accepts/1", ["type"] = "Accept", ["actor"] = _mallory, ["object"] = follow.ActivityId });
        await _network.DrainAsync();
        _server.Requests.Clear();   // from here on, only what the chain causes
    }

    public async ValueTask DisposeAsync()
    {
        await _network.DisposeAsync();
        _server.Dispose();
    }

    [Fact]
    public async Task CreateOfALessonByReference_AnEndlessFanOut_FetchesAtMostTheBudget_AcrossItsWork()
    {
        // The object by reference: one fetch while the inbox handles it, the rest in the lesson's look-up work, which
        // must only get what is left (else the total would be one more than the budget).
        await SendAsync(new JsonObject
        {
            ["id"] = Origin + "/activities/create-lesson",
            ["type"] = "Create",
            ["actor"] = _mallory,
            ["to"] = new JsonArray(Public),
            ["object"] = Origin + "/objects/lesson-by-mallory",
        });
        await _network.DrainAsync();

        Assert.NotNull(await _a.FindAsync(Origin + "/objects/lesson-by-mallory"));
        Assert.InRange(_server.Requests.Count, 8, FetchBudget.PerActivity);
        Assert.All(_server.Requests, r => Assert.Equal("GET", r.Method));
    }

    [Fact]
    public async Task AnnounceOfAnUnknownLesson_AnEndlessFanOut_FetchesAtMostTheBudget()
    {
        await SendAsync(new JsonObject
        {
            ["id"] = Origin + "/activities/boost",
            ["type"] = "Announce",
            ["actor"] = _mallory,
            ["to"] = new JsonArray(Public),
            ["object"] = Origin + "/objects/lesson-boosted",
        });
        await _network.DrainAsync();

        Assert.NotNull(await _a.FindAsync(Origin + "/objects/lesson-boosted"));
        Assert.InRange(_server.Requests.Count, 8, FetchBudget.PerActivity);
    }

    [Fact]
    public async Task ReplyToAnEndlessThread_FetchesAtMostTheBudget()
    {
        var alice = "http://a.test/users/alice";
        await SendAsync(new JsonObject
        {
            ["id"] = Origin + "/activities/reply",
            ["type"] = "Create",
            ["actor"] = _mallory,
            ["to"] = new JsonArray(Public),
            ["cc"] = new JsonArray(alice),
            ["object"] = new JsonObject
            {
                ["id"] = Origin + "/notes/reply-by-mallory",
                ["type"] = "Note",
                ["attributedTo"] = _mallory,
                ["content"] = "<p>@alice look</p>",
                ["to"] = new JsonArray(Public),
                ["cc"] = new JsonArray(alice),
                ["inReplyTo"] = Origin + "/objects/reply-0",
                ["tag"] = new JsonArray(new JsonObject { ["type"] = "Mention", ["href"] = alice, ["name"] = "@alice@a.test" }),
            },
        });
        await _network.DrainAsync();

        Assert.InRange(_server.Requests.Count, 1, FetchBudget.PerActivity);
    }

    [Fact]
    public async Task AMembersOwnLessonLinkingToTheChain_IsCappedToo()
    {
        var member = await _a.CreateMemberAsync("bob");
        await _a.LessonAsync(member.Id, "Learned from elsewhere", sources: [Origin + "/objects/lesson-linked"]);
        await _network.DrainAsync();

        // Fetches only: the lesson's Create is then delivered to the authors it credits, as it should be.
        Assert.InRange(_server.Requests.Count(r => r.Method == "GET"), 2, FetchBudget.PerActivity);
    }

    private async Task SendAsync(JsonObject activity)
    {
        activity["@context"] = "https://www.w3.org/ns/activitystreams";
        using var client = _a.CreateClient();
        using var response = await _server.Actors.PostAsync(client, "http://a.test/inbox", "mallory", activity.ToJsonString());
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
    }

    /// <summary>
    /// The hostile server: <c>/objects/lesson-*</c> are lessons crediting ten more and adapting one more,
    /// <c>/objects/reply-N</c> answers <c>reply-N+1</c>; each by an author of its own. Counts every request it gets.
    /// </summary>
    private sealed class EndlessServer : HttpMessageHandler
    {
        private readonly HttpMessageInvoker _actors;

        public EndlessServer()
        {
            Actors = new FakeRemoteServer(Origin);
            _actors = new HttpMessageInvoker(Actors, disposeHandler: false);
        }

        public FakeRemoteServer Actors { get; }

        public ConcurrentQueue<(string Method, string Path)> Requests { get; } = new();

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var path = request.RequestUri!.AbsolutePath;
            Requests.Enqueue((request.Method.Method, path));
            if (path.StartsWith("/users/", StringComparison.Ordinal))
            {
                var name = path["/users/".Length..];
                if (name != "mallory" && !name.Contains('/', StringComparison.Ordinal))
                {
                    Actors.AddActor(name);   // every author is someone new
                }

                return await _actors.SendAsync(request, cancellationToken);
            }

            if (!path.StartsWith("/objects/", StringComparison.Ordinal))
            {
                return new HttpResponseMessage(HttpStatusCode.NotFound);
            }

            var name2 = path["/objects/".Length..];
            var id = Origin + path;
            var author = name2 == "lesson-by-mallory" ? Origin + "/users/mallory" : $"{Origin}/users/author-{Math.Abs(name2.GetHashCode(StringComparison.Ordinal))}";
            var note = new JsonObject
            {
                ["@context"] = "https://www.w3.org/ns/activitystreams",
                ["id"] = id,
                ["type"] = "Note",
                ["attributedTo"] = author,
                ["to"] = new JsonArray(Public),
                ["content"] = "<p>more</p>",
                ["published"] = "2026-11-28T11:00:00Z",
            };
            if (name2.StartsWith("reply-", StringComparison.Ordinal))
            {
                note["inReplyTo"] = $"{Origin}/objects/reply-{int.Parse(name2["reply-".Length..], System.Globalization.CultureInfo.InvariantCulture) + 1}";
            }
            else
            {
                note["kind"] = "Lesson";
                note["name"] = "Lesson " + name2;
                note["derivedFrom"] = new JsonArray([.. Enumerable.Range(0, 10).Select(i => (JsonNode)$"{id}-{i}")]);
                note["adaptedFrom"] = id + "-a";
            }

            return new HttpResponseMessage(HttpStatusCode.OK)
            {
                Content = new StringContent(note.ToJsonString(), Encoding.UTF8, "application/activity+json"),
            };
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _actors.Dispose();
                Actors.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
