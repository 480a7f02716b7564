using OurSociety.ActivityPub.Replies;

namespace OurSociety.ActivityPub.Tests.Replies;

public sealed class YesNoReplyTests
{
    private const string MastodonMention =
        """<span class="h-card" translate="no"><a href="https://hub.example/@glue" class="u-url mention">@<span>glue</span></a></span>""";

    [Theory]
    [InlineData("<p>" + MastodonMention + " Yes!</p>", "en", YesNoAnswer.Yes)]
    [InlineData("<p>" + MastodonMention + " yes, please</p>", "en", YesNoAnswer.Yes)]
    [InlineData("<p>" + MastodonMention + " YES</p>", null, YesNoAnswer.Yes)]
    [InlineData("@glue@hub.example No.", "en", YesNoAnswer.No)]
    [InlineData("<p>" + MastodonMention + "</p><p>stop</p>", "en", YesNoAnswer.Stop)]
    [InlineData("<p>" + MastodonMention + " maybe next week</p>", "en", YesNoAnswer.Unclear)]
    [InlineData("<p>" + MastodonMention + "</p>", "en", YesNoAnswer.Unclear)]
    [InlineData("", "en", YesNoAnswer.Unclear)]
    [InlineData(null, "en", YesNoAnswer.Unclear)]
    [InlineData("<p>@glue Ie, diolch</p>", "cy", YesNoAnswer.Yes)]
    [InlineData("<p>@glue Do.</p>", "cy", YesNoAnswer.Yes)]
    [InlineData("<p>@glue ydw</p>", "cy", YesNoAnswer.Yes)]
    [InlineData("<p>@glue oes</p>", "cy-GB", YesNoAnswer.Yes)]
    [InlineData("<p>@glue Na</p>", "cy", YesNoAnswer.No)]
    [InlineData("<p>@glue naddo</p>", "cy", YesNoAnswer.No)]
    [InlineData("<p>@glue nac</p>", "cy", YesNoAnswer.No)]
    [InlineData("<p>@glue stop</p>", "cy", YesNoAnswer.Stop)]
    [InlineData("<p>@glue yes</p>", "cy", YesNoAnswer.Yes)]   // English is read whatever the question's language
    [InlineData("<p>@glue do you know them?</p>", "en", YesNoAnswer.Unclear)]   // "do" is yes only in Welsh
    [InlineData("<p>@glue نعم!</p>", "ar", YesNoAnswer.Yes)]
    [InlineData("<p>@glue نَعَم</p>", "ar", YesNoAnswer.Yes)]   // vowel marks ignored
    [InlineData("<p>@glue لا، شكرا</p>", "ar", YesNoAnswer.No)]
    [InlineData("<p>@glue توقف</p>", "ar", YesNoAnswer.Stop)]
    [InlineData("<p>@glue &quot;Yes&quot;</p>", "en", YesNoAnswer.Yes)]
    [InlineData("<p>yesterday</p>", "en", YesNoAnswer.Unclear)]
    public void Read_TakesTheFirstWordAfterTheMentions(string? html, string? language, YesNoAnswer expected) =>
        Assert.Equal(expected, YesNoReply.Read(html, language));

    [Fact]
    public void Text_DropsTagsAndKeepsWordsApart() =>
        Assert.Equal("@glue Yes! second line", YesNoReply.Text("<p>" + MastodonMention + " Yes!<br>second line</p>"));
}
