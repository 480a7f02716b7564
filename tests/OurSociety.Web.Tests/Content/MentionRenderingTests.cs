using OurSociety.Content;
using OurSociety.Core.Posts;

namespace OurSociety.Web.Tests.Content;

/// <summary>
/// A member's Markdown with the handles the work queue found: each becomes Mastodon's mention link, where the text
/// shows words; code, links and unknown handles stay as typed, and nothing in a handle or a profile URL can inject.
/// </summary>
public sealed class MentionRenderingTests
{
    private static readonly DateTimeOffset At = DateTimeOffset.UnixEpoch;

    private static readonly Mention[] Found =
    [
        new("bob@b.example", "https://b.example/users/bob", "https://b.example/@bob", At),
        new("ghost@nowhere.example", null, null, At),
    ];

    private const string BobLink =
        "<span class=\"h-card\"><a href=\"https://b.example/@bob\" class=\"u-url mention\" rel=\"nofollow noopener noreferrer ugc\">@<span>bob</span></a></span>";

    [Theory]
    [InlineData("Thanks @bob@b.example!", "<p>Thanks " + BobLink + "!</p>\n")]
    [InlineData("Thanks @bob@b.example.", "<p>Thanks " + BobLink + ".</p>\n")]
    [InlineData("**thanks @bob@b.example** and _@bob@b.example_", "<p><strong>thanks " + BobLink + "</strong> and <em>" + BobLink + "</em></p>\n")]
    [InlineData("- @bob@b.example\n- someone", "<ul>\n<li>" + BobLink + "</li>\n<li>someone</li>\n</ul>\n")]
    public void FoundHandles_BecomeMentionLinks(string markdown, string html) =>
        Assert.Equal(html, MarkdownHtml.Render(markdown, Found));

    [Theory]
    [InlineData("`@bob@b.example`")]
    [InlineData("[@bob@b.example](https://b.example/@bob)")]
    [InlineData("https://b.example/@bob@b.example")]
    [InlineData("mail bob@b.example")]
    [InlineData("@ghost@nowhere.example")]
    [InlineData("@carol@c.example")]
    public void CodeLinksAndUnknownHandles_StayAsWithoutMentions(string markdown) =>
        Assert.Equal(MarkdownHtml.Render(markdown), MarkdownHtml.Render(markdown, Found));

    [Fact]
    public void AProfileUrlCannotInject()
    {
        Mention[] hostile = [new("eve@e.example", "https://e.example/users/eve", "javascript:alert(1)\"><script>x</script>", At)];
        var html = MarkdownHtml.Render("hi @eve@e.example", hostile);
        Assert.DoesNotContain("script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("javascript", html, StringComparison.OrdinalIgnoreCase);
    }
}
