using Microsoft.Playwright;
using OurSociety.Core;
using OurSociety.Core.Federation;
using OurSociety.Core.Posts;
using static Microsoft.Playwright.Assertions;

namespace OurSociety.PageTests;

/// <summary>Lists of stories and lessons, topics, search and notifications in a real browser, with and without JavaScript.</summary>
public sealed class FindingPageTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task ListPages_AreAccessible(bool javaScript)
    {
        var suffix = javaScript ? "js" : "nojs";
        var member = await browser.Node.CreateMemberAsync($"lists_{suffix}");
        await StoryAsync(member.Id, $"Repair café {suffix}", ["repair", $"topic{suffix}"]);
        await ReceivedAsync($"Seed library {suffix}", $"topic{suffix}");
        var page = await browser.NewPageAsync(javaScript);

        foreach (var (path, heading) in new[]
                 {
                     ("/local", "Stories and lessons from this hub"),
                     ("/network", "Stories and lessons from other hubs"),
                     ($"/tags/topic{suffix}", $"#topic{suffix}"),
                     ($"/search?q=repair+{suffix}", "Search"),
                     ($"/@lists_{suffix}", member.DisplayName),
                     ("/", "Our Society hub"),
                 })
        {
            var response = await page.GotoAsync(path);
            Assert.Equal(200, response?.Status);
            await Expect(page.Locator("h1")).ToHaveTextAsync(heading);
            await browser.AssertGoodPageAsync(page);
        }

        await page.GotoAsync($"/tags/topic{suffix}");
        await Expect(page.Link($"Repair café {suffix}")).ToBeVisibleAsync();
        await Expect(page.Link($"Seed library {suffix}")).ToBeVisibleAsync();
        await Expect(page.GetByText("From far.example")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task NetworkPage_ShowsAPostsHub_AndItsFiltersWorkWithoutJavaScript()
    {
        const string hub = "https://far.example/groups/leeds";
        var node = browser.Node;
        await node.Service<IRemoteActorStore>().UpsertAsync(new RemoteActor(
            hub, "Group", "leeds", "far.example", "Leeds Hub", hub + "/inbox", null, "https://far.example/c/leeds", null, null, null, false, "{}",
            node.Time.GetUtcNow())
        { Locality = "Leeds" }, Ct);
        await ReceivedAsync("Tool library through a hub", "toolshub", hub);
        await ReceivedAsync("Tool library on its own", "toolsalone");
        await node.Service<IPageCache>().ChangedAsync();   // written straight to the store: signed-out pages kept earlier must go
        var page = await browser.NewPageAsync(javaScript: false);
        await page.GotoAsync("/network");

        var narrowed = await page.ClickForPageAsync(page.Link("Leeds Hub").First);

        Assert.Equal(200, narrowed.Status);
        await Expect(page.Link("Tool library through a hub")).ToBeVisibleAsync();
        await Expect(page.Link("Tool library on its own")).ToHaveCountAsync(0);
        await Expect(page.GetByText("Through the hub Leeds Hub, in Leeds").First).ToBeVisibleAsync();
        await browser.AssertGoodPageAsync(page);

        await page.GotoAsync("/network");
        await page.Locator("#topic").FillAsync("two words");
        var bad = await page.ClickForPageAsync(page.GetByRole(AriaRole.Button, new() { Name = "Show", Exact = true }));
        Assert.Equal(400, bad.Status);
        await Expect(page.Locator("#topic-error")).ToContainTextAsync("Enter a topic as one word");
        await browser.AssertGoodPageAsync(page);

        await page.Locator("#topic").FillAsync("toolsalone");
        var topic = await page.ClickForPageAsync(page.GetByRole(AriaRole.Button, new() { Name = "Show", Exact = true }));
        Assert.Equal(200, topic.Status);
        await Expect(page.Link("Tool library on its own")).ToBeVisibleAsync();
        await Expect(page.Link("Tool library through a hub")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task HeaderSearch_WithoutJavaScript_FindsAStory()
    {
        var member = await browser.Node.CreateMemberAsync("lists_search");
        await StoryAsync(member.Id, "Community fridge findme", ["food"]);
        var page = await browser.NewPageAsync(javaScript: false);
        await page.GotoAsync("/");

        await page.OpenMenuAsync();
        await page.Locator("header").GetByLabel("Search stories and lessons").FillAsync("findme fridge");
        var response = await page.ClickForPageAsync(page.Locator("header").GetByRole(AriaRole.Button, new() { Name = "Search", Exact = true }));

        Assert.Equal(200, response.Status);
        await Expect(page.Link("Community fridge findme")).ToBeVisibleAsync();
        await browser.AssertGoodPageAsync(page);

        await page.Field("Words to look for").FillAsync("\"\"");
        var refused = await page.ClickForPageAsync(page.Locator("main").GetByRole(AriaRole.Button, new() { Name = "Search", Exact = true }));
        Assert.Equal(400, refused.Status);
        await Expect(page.Locator("#q-error")).ToBeVisibleAsync();
        await browser.AssertGoodPageAsync(page);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Notifications_CountInHeader_PageAccessible_MarkRead(bool javaScript)
    {
        var suffix = javaScript ? "js" : "nojs";
        var author = await browser.Node.CreateMemberAsync($"notes_{suffix}");
        var reader = await browser.Node.CreateMemberAsync($"notes_reader_{suffix}");
        var story = await StoryAsync(author.Id, $"Notified {suffix}", []);
        var service = browser.Node.Service<PostService>();
        await service.ReactAsync(reader.Id, story, ReactionKind.Like, true, Ct);
        await service.ReplyAsync(reader.Id, story, new ReplyInput("Thank you!", null), Ct);
        var page = await browser.NewPageAsync(javaScript);
        await BrowserFixture.SignInAsync(page, author.Username);
        await page.GotoAsync("/local");

        await page.ClickForPageAsync(page.Link("Notifications (2 new)"));

        await Expect(page.Locator("h1")).ToHaveTextAsync("Notifications");
        await Expect(page.GetByText($"replied to your story")).ToBeVisibleAsync();
        await Expect(page.GetByText($"found your story")).ToBeVisibleAsync();
        await browser.AssertGoodPageAsync(page);

        var marked = await page.SubmitAsync("Mark all as read");

        Assert.Equal(200, marked.Status);
        await Expect(page.Notice()).ToHaveTextAsync("All your notifications are marked as read.");
        await Expect(page.Link("Notifications")).ToBeVisibleAsync();
        await browser.AssertGoodPageAsync(page);
    }

    [Fact]
    public async Task TopicPage_FollowAndUnfollow()
    {
        await browser.Node.CreateMemberAsync("lists_topic");
        var page = await browser.NewPageAsync(javaScript: false);
        await BrowserFixture.SignInAsync(page, "lists_topic");
        await page.GotoAsync("/tags/allotments");

        var followed = await page.SubmitAsync("Follow this topic");

        Assert.Equal(200, followed.Status);
        await Expect(page.Notice()).ToContainTextAsync("You follow this topic now.");
        await browser.AssertGoodPageAsync(page);
        var unfollowed = await page.SubmitAsync("Unfollow this topic");
        Assert.Equal(200, unfollowed.Status);
        await Expect(page.Button("Follow this topic")).ToBeVisibleAsync();
    }

    private async Task<Post> StoryAsync(Guid authorId, string title, string[] topics)
    {
        var outcome = await browser.Node.Service<PostService>().CreateStoryAsync(
            authorId, new StoryInput(title, "A short teaser.", "What we did.", topics, "Leeds", null, null, false, null), Ct);
        return outcome is Outcome<Post>.Ok(var post) ? post : throw new InvalidOperationException(outcome.ToString());
    }

    private async Task ReceivedAsync(string title, string topic, string? hub = null)
    {
        var node = browser.Node;
        const string actor = "https://far.example/users/ana";
        await node.Service<IRemoteActorStore>().UpsertAsync(new RemoteActor(
            actor, "Person", "ana", "far.example", "Ana", actor + "/inbox", null, "https://far.example/@ana", null, null, null, false, "{}", node.Time.GetUtcNow()), Ct);
        var now = node.Time.GetUtcNow();
        var id = Guid.CreateVersion7(now);
        await node.WriteAsync(tx => node.Service<IPostStore>().AddAsync(new Post
        {
            Id = id,
            Kind = PostKind.Story,
            RemoteAuthor = actor,
            ApId = $"https://far.example/objects/{id:N}",
            Url = $"https://far.example/@ana/{id:N}",
            Format = TextFormat.Html,
            Title = title,
            Body = "<p>Shared from far away.</p>",
            Topics = [topic],
            Hub = hub,
            CreatedAt = now,
            PublishedAt = now,
        }, tx, Ct));
    }
}
