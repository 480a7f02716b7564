using Microsoft.Playwright;
using OurSociety.Core;
using OurSociety.Core.Federation;
using OurSociety.Core.Members;
using OurSociety.Core.Posts;

namespace OurSociety.PageTests;

/// <summary>
/// What a person reads on the list pages, as the browser lays it out (<c>innerText</c>): no name or link glued to the
/// word before or after it ("ByAmina Yusuf", "Answer this replyDelete your reply"), with JavaScript on and off.
/// </summary>
public sealed class VisibleTextTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Both theories read the same hub; the first to run fills it.</summary>
    private static readonly SemaphoreSlim Seeding = new(1, 1);

    private static string _storyPage = "", _lessonPage = "", _replyPage = "";

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task ListPages_NoNameOrLinkRunsIntoTheNextWord(bool javaScript)
    {
        await SeedAsync();
        var page = await browser.NewPageAsync(javaScript);
        await BrowserFixture.SignInAsync(page, "vt_amina");
        var glued = new List<string>();

        foreach (var path in new[] { "/", "/local", "/network", "/tags/seeds", "/search?q=seeds", "/notifications", "/@vt_amina", "/@vt_rosa",
                     _storyPage, _lessonPage, _replyPage })
        {
            var response = await page.GotoAsync(path);
            Assert.Equal(200, response?.Status);
            glued.AddRange((await VisibleText.GluedAsync(page)).Select(g => $"{path}: {g}"));
        }

        await page.GotoAsync("/local");
        var card = await page.Locator("main .post-card", new() { HasText = "Seed swap in the park" }).InnerTextAsync();
        Assert.Multiple(
            () => Assert.Contains("By Amina Yusuf", card, StringComparison.Ordinal),
            () => Assert.True(glued.Count == 0,
                $"{glued.Count} name(s) or link(s) run into the word next to them (JavaScript {(javaScript ? "on" : "off")}; ⟦…⟧ marks the element):\n"
                + string.Join("\n", glued)));
    }

    private async Task SeedAsync()
    {
        await Seeding.WaitAsync(Ct);
        try
        {
            var node = browser.Node;
            if (await node.Service<IMemberStore>().FindByUsernameAsync("vt_amina", Ct) is not null)
            {
                return;
            }

            var amina = await node.CreateMemberAsync("vt_amina");
            var rosa = await node.CreateMemberAsync("vt_rosa");
            var members = node.Service<MemberService>();
            await members.UpdateProfileAsync(amina.Id, "Amina Yusuf", "I run the seed swap.", "Leeds", Ct);
            await members.UpdateProfileAsync(rosa.Id, "Rosa Díaz", null, "Bradford", Ct);
            var posts = node.Service<PostService>();
            var story = await OkAsync(posts.CreateStoryAsync(amina.Id,
                new StoryInput("Seed swap in the park", "Forty people swapped seeds.", "We met by the bandstand.", ["seeds"], "Leeds", null, null, false, null), Ct));
            var lesson = await OkAsync(posts.CreateLessonAsync(rosa.Id,
                new LessonInput("Start the seed swap early", "A small town", "Leaflets", "Few came", "Knock on doors", "Start small", ["seeds"],
                    [$"{node.PublicUrl}/stories/{story.Id:D}"], null, null, null, false), Ct));
            var reply = await OkAsync(posts.ReplyAsync(rosa.Id, story, new ReplyInput("Lovely! We did the same.", null), Ct));
            await OkAsync(posts.ReplyAsync(amina.Id, reply, new ReplyInput("Thank you, Rosa.", null), Ct));
            await OkAsync(posts.ReplyAsync(amina.Id, lesson, new ReplyInput("It worked for us.", "worked"), Ct));
            await OkAsync(posts.ReactAsync(rosa.Id, story, ReactionKind.Like, true, Ct));
            (_storyPage, _lessonPage, _replyPage) = ($"/stories/{story.Id:D}", $"/lessons/{lesson.Id:D}", $"/replies/{reply.Id:D}");
            await ReceivedAsync(node);
        }
        finally
        {
            Seeding.Release();
        }
    }

    private static async Task<Post> OkAsync(Task<Outcome<Post>> outcome) =>
        await outcome is Outcome<Post>.Ok(var post) ? post : throw new InvalidOperationException((await outcome).ToString());

    /// <summary>A story received from another hub, so /network has a card with a remote author.</summary>
    internal static async Task ReceivedAsync(OurSociety.Testing.NodeFactory node)
    {
        const string actor = "https://far.example/users/ana";
        var now = node.Time.GetUtcNow();
        await node.Service<IRemoteActorStore>().UpsertAsync(new RemoteActor(
            actor, "Person", "ana", "far.example", "Ana Silva", actor + "/inbox", null, "https://far.example/@ana", null, null, null, false, "{}", now), Ct);
        var id = Guid.CreateVersion7(now);
        await node.WriteAsync(tx => node.Service<IPostStore>().AddAsync(new Post
        {
            Id = id,
            Kind = PostKind.Story,
            RemoteAuthor = actor,
            ApId = $"https://far.example/objects/{id:N}",
            Url = $"https://far.example/@ana/{id:N}",
            Format = TextFormat.Html,
            Title = "Seed library in Porto",
            Body = "<p>Shared from far away.</p>",
            Topics = ["seeds"],
            CreatedAt = now,
            PublishedAt = now,
        }, tx, Ct));
    }
}

/// <summary>A hub of one member: the home page counts them in the singular.</summary>
public sealed class OneMemberHubTests(OneMemberHubFixture browser) : IClassFixture<OneMemberHubFixture>
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Home_OneMember_SaysOneMember_AndTheCardSaysByWhom(bool javaScript)
    {
        await browser.SeedAsync();
        var page = await browser.NewPageAsync(javaScript);

        await page.GotoAsync("/");

        var text = await page.Locator("main").InnerTextAsync();
        var card = await page.Locator("main .post-card").First.InnerTextAsync();
        var glued = await VisibleText.GluedAsync(page);
        Assert.Multiple(
            () => Assert.Matches(@"(^|\s)1 member(\s|$)", text),
            () => Assert.Contains("By Amina Yusuf", card, StringComparison.Ordinal),
            () => Assert.True(glued.Count == 0, $"Run together on /: {string.Join("; ", glued)}"));
    }
}

/// <summary>A hub with exactly one member, Amina, and her story.</summary>
public sealed class OneMemberHubFixture : BrowserFixture
{
    private readonly SemaphoreSlim _seeding = new(1, 1);
    private bool _seeded;

    public async Task SeedAsync()
    {
        var ct = TestContext.Current.CancellationToken;
        await _seeding.WaitAsync(ct);
        try
        {
            if (_seeded)
            {
                return;
            }

            var amina = await Node.CreateMemberAsync("solo_amina");
            await Node.Service<MemberService>().UpdateProfileAsync(amina.Id, "Amina Yusuf", null, null, ct);
            await Node.Service<PostService>().CreateStoryAsync(amina.Id,
                new StoryInput("Seed swap in the park", null, "We met by the bandstand.", ["seeds"], null, null, null, false, null), ct);
            _seeded = true;
        }
        finally
        {
            _seeding.Release();
        }
    }
}

/// <summary>Reads a page's visible text the way the browser lays it out.</summary>
internal static class VisibleText
{
    /// <summary>
    /// Each link, button and name on the page whose text touches a letter or digit of the text before or after it, as
    /// "…before⟦its text⟧after…". For each element it puts a marker just inside its start and end, reads the
    /// <c>innerText</c> of the nearest block around it (so line breaks from CSS count as space), and looks at the
    /// characters just outside the markers: whitespace and punctuation separate words; letters, digits and @ or # do not.
    /// </summary>
    public static async Task<IReadOnlyList<string>> GluedAsync(IPage page) =>
        await page.EvaluateAsync<string[]>("""
            () => {
                const separates = ch => ch === undefined || (/[\s\p{P}\p{S}]/u.test(ch) && !/[@#&_]/.test(ch));
                const isBlock = el => { const d = getComputedStyle(el).display; return !d.startsWith('inline') && d !== 'contents'; };
                const found = [];
                const targets = document.querySelectorAll('a, button, .handle, .author, .name, [class*="byline"] > *, time, strong');
                for (const el of targets) {
                    if (!el.innerText || !el.innerText.trim() || el.getClientRects().length === 0) continue;
                    let block = el.parentElement;
                    while (block && block !== document.body && !isBlock(block)) block = block.parentElement;
                    if (!block) continue;
                    const start = document.createTextNode('\uE000'), end = document.createTextNode('\uE001');
                    el.prepend(start);
                    el.append(end);
                    const text = block.innerText;
                    start.remove();
                    end.remove();
                    const open = text.indexOf('\uE000'), close = text.indexOf('\uE001');
                    if (open < 0 || close < 0) continue;
                    const inside = text.slice(open + 1, close);
                    const apartBefore = separates(text[open - 1]) || /^\s/.test(inside);
                    const apartAfter = separates(text[close + 1]) || /\s$/.test(inside);
                    if (inside.trim() && (!apartBefore || !apartAfter)) {
                        found.push(text.slice(Math.max(0, open - 25), open).replace(/\s+/g, ' ').trimStart()
                            + '⟦' + inside.trim().replace(/\s+/g, ' ') + '⟧'
                            + text.slice(close + 1, close + 26).replace(/\s+/g, ' ').trimEnd());
                    }
                }
                return [...new Set(found)];
            }
            """) ?? [];
}
