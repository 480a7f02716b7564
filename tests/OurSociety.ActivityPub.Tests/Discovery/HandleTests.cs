using OurSociety.ActivityPub.Discovery;

namespace OurSociety.ActivityPub.Tests.Discovery;

public sealed class HandleTests
{
    [Theory]
    [InlineData("@alice@example.com", "alice", "example.com")]
    [InlineData("alice@example.com", "alice", "example.com")]
    [InlineData("acct:alice@example.com", "alice", "example.com")]
    [InlineData("ACCT:alice@example.com", "alice", "example.com")]
    [InlineData("  @alice@example.com\n", "alice", "example.com")]
    [InlineData("Alice@EXAMPLE.com", "Alice", "example.com")]
    [InlineData("user@EXAMPLE.com.", "user", "example.com")]
    [InlineData("alice@localhost:8080", "alice", "localhost:8080")]
    [InlineData("alice@example.com:443", "alice", "example.com")]
    [InlineData("alice@127.0.0.1:4100", "alice", "127.0.0.1:4100")]
    [InlineData("leeds-hub@social.example", "leeds-hub", "social.example")]
    [InlineData("first.last@social.example", "first.last", "social.example")]
    [InlineData("user@bücher.example", "user", "xn--bcher-kva.example")]
    [InlineData("user@BÜCHER.example", "user", "xn--bcher-kva.example")]
    [InlineData("user@xn--bcher-kva.example", "user", "xn--bcher-kva.example")]
    [InlineData("user@[::1]:8080", "user", "[::1]:8080")]
    public void TryParse_ValidForms_Normalise(string text, string user, string host)
    {
        var handle = Handle.TryParse(text);
        Assert.NotNull(handle);
        Assert.Equal(user, handle.User);
        Assert.Equal(host, handle.Host);
        Assert.Equal($"{user}@{host}", handle.ToString());
        Assert.Equal($"acct:{user}@{host}", handle.ToAcct());
    }

    [Theory]
    [InlineData("user@mastodon.so/cial")]          // M CVE-2023-42451: slash removed → mastodon.social
    [InlineData("user@evil.com\\@good.com")]
    [InlineData("user@evil.com\\good.com")]
    [InlineData("user@good.com@evil.com")]
    [InlineData("user@pw@good.com")]
    [InlineData("user@good.com?x=evil.com")]
    [InlineData("user@good.com#evil.com")]
    [InlineData("user@good .com")]
    [InlineData("us er@good.com")]
    [InlineData("user@good.com\t")]                 // trailing tab is trimmed: but an inner one is not
    [InlineData("user@go\tod.com")]
    [InlineData("user@EXAMPLE.com..")]
    [InlineData("user@.")]
    [InlineData("user@")]
    [InlineData("@example.com")]
    [InlineData("example.com")]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData(null)]
    [InlineData("@@user@example.com")]
    [InlineData("user@exa%6dple.com")]
    [InlineData("user@example.com:99999")]
    [InlineData("user@example.com:abc")]
    [InlineData("user@exa_mple.com")]
    [InlineData("us/er@example.com")]
    [InlineData("user:pw@example.com")]
    [InlineData("https://example.com/@user")]
    public void TryParse_Spoofs_AreRefused(string? text)
    {
        if (text == "user@good.com\t")
        {
            Assert.NotNull(Handle.TryParse(text));   // surrounding whitespace is a copy-and-paste accident
            return;
        }

        Assert.Null(Handle.TryParse(text));
    }
}

public sealed class OriginsTests
{
    [Theory]
    [InlineData("https://Example.COM/users/a", "https://example.com")]
    [InlineData("https://example.com:443/x", "https://example.com")]
    [InlineData("http://example.com:80/x", "http://example.com")]
    [InlineData("http://localhost:8080/actor", "http://localhost:8080")]
    [InlineData("https://example.com./x", "https://example.com")]
    [InlineData("https://bücher.example/x", "https://xn--bcher-kva.example")]
    [InlineData("https://a.example/tags/%E8%97%8D", "https://a.example")]
    public void Normalize_GivesSchemeHostPort(string url, string origin) => Assert.Equal(origin, Origins.Normalize(url));

    [Theory]
    [InlineData("ftp://example.com/x")]
    [InlineData("https://user:pw@example.com/x")]
    [InlineData("https://evil.com\\@good.com/")]
    [InlineData("/users/a")]
    [InlineData("https://example.com../x")]
    [InlineData(null)]
    public void Normalize_Refuses(string? url) => Assert.Null(Origins.Normalize(url));

    [Theory]
    [InlineData("https://example.com/a", "https://EXAMPLE.com./b", true)]
    [InlineData("https://example.com/a", "https://example.com:443/b", true)]
    [InlineData("https://example.com/a", "http://example.com/b", false)]
    [InlineData("https://example.com/a", "https://example.com:8443/b", false)]
    [InlineData("https://example.com/a", "https://sub.example.com/b", false)]
    [InlineData("https://example.com/a", "https://example.com.evil.net/b", false)]
    [InlineData("https://example.com/a", "not a url", false)]
    public void SameOrigin_ComparesAfterNormalising(string a, string b, bool same) => Assert.Equal(same, Origins.SameOrigin(a, b));

    [Fact]
    public void Normalize_Uri_IsTheSameAsText() =>
        Assert.Equal("https://xn--bcher-kva.example:8443", Origins.Normalize(new Uri("https://BÜCHER.example:8443/a?b#c")));
}
