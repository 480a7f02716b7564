using OurSociety.Core.Posts;

namespace OurSociety.Core.Tests.Posts;

/// <summary>The rule that decides whether a reply shows at once or waits, for each policy value.</summary>
public sealed class ReplyPolicyRuleTests
{
    [Theory]
    [InlineData(ReplyPolicy.Anyone, false, false, ReplyState.Shown)]
    [InlineData(ReplyPolicy.Following, true, false, ReplyState.Shown)]
    [InlineData(ReplyPolicy.Following, false, false, ReplyState.Pending)]
    [InlineData(ReplyPolicy.Mentioned, false, true, ReplyState.Shown)]
    [InlineData(ReplyPolicy.Mentioned, true, false, ReplyState.Pending)]
    [InlineData(ReplyPolicy.Approval, true, false, ReplyState.Pending)]
    [InlineData(ReplyPolicy.Approval, false, true, ReplyState.Shown)]
    public void Decide_EachPolicy(ReplyPolicy policy, bool followed, bool named, ReplyState expected) =>
        Assert.Equal(expected, ReplyPolicies.Decide(policy, byRootAuthor: false, parentHeld: false, named, followed));

    [Fact]
    public void Decide_TheRootsAuthor_AlwaysShown_UnderAHeldReplyAlwaysHeld()
    {
        Assert.Equal(ReplyState.Shown, ReplyPolicies.Decide(ReplyPolicy.Approval, byRootAuthor: true, parentHeld: false, false, false));
        Assert.Equal(ReplyState.Pending, ReplyPolicies.Decide(ReplyPolicy.Anyone, byRootAuthor: true, parentHeld: true, true, true));
    }

    [Theory]
    [InlineData("anyone")]
    [InlineData("following")]
    [InlineData("mentioned")]
    [InlineData("approval")]
    public void Names_RoundTrip(string name)
    {
        Assert.True(ReplyPolicies.TryParse(name, out var policy));
        Assert.Equal(name, ReplyPolicies.Name(policy));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("Approval")]
    [InlineData("nobody")]
    public void TryParse_Unknown_IsFalse(string? name) => Assert.False(ReplyPolicies.TryParse(name, out _));
}
