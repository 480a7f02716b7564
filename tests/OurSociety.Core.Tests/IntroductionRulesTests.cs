using OurSociety.Core.Introductions;

namespace OurSociety.Core.Tests;

/// <summary>The state rules of an introduction, apart from storage.</summary>
public sealed class IntroductionRulesTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 10, 0, 0, TimeSpan.Zero);

    private static Introduction New(bool introducerIsLocal = true) => new(
        Guid.CreateVersion7(Now), "https://a.example/introductions/1", introducerIsLocal ? Guid.NewGuid().ToString("D") : "https://g.example/users/g",
        introducerIsLocal, "Why", IntroductionState.Proposed, Now, Now.AddDays(30), null, null, "en",
        [Party(0), Party(1)]);

    private static IntroductionParty Party(int position) => new(
        position, Guid.NewGuid().ToString("D"), true, $"p{position}@a.example", null, PartyChannel.Local, null, PartyAnswer.Pending, null, null, false);

    [Fact]
    public void FirstYes_IsAcceptedByOne_SecondYes_IsMade()
    {
        var first = IntroductionRules.Answer(New(), 0, PartyAnswer.Accepted, Now, null)!;
        Assert.Equal(IntroductionStep.FirstAccepted, first.Step);
        Assert.Equal(IntroductionState.AcceptedByOne, first.After.State);
        Assert.Null(first.After.DecidedAt);

        var second = IntroductionRules.Answer(first.After, 1, PartyAnswer.Accepted, Now.AddHours(1), "https://b.example/accept/1")!;
        Assert.Equal(IntroductionStep.Made, second.Step);
        Assert.Equal(IntroductionState.Made, second.After.State);
        Assert.Equal(Now.AddHours(1), second.After.DecidedAt);
        Assert.Equal("https://b.example/accept/1", second.After.Party(1).AnswerActivityId);
        Assert.Null(second.After.EndedBecause);
    }

    [Fact]
    public void TheSameYesAgain_ChangesNothing()
    {
        var first = IntroductionRules.Answer(New(), 0, PartyAnswer.Accepted, Now, null)!;
        var again = IntroductionRules.Answer(first.After, 0, PartyAnswer.Accepted, Now, null)!;

        Assert.Equal(IntroductionStep.None, again.Step);
        Assert.Same(first.After, again.After);
    }

    [Fact]
    public void ANo_OrANoAfterAYes_EndsIt()
    {
        var no = IntroductionRules.Answer(New(), 1, PartyAnswer.Declined, Now, null)!;
        Assert.Equal(IntroductionStep.Ended, no.Step);
        Assert.Equal(IntroductionState.NotGoingAhead, no.After.State);
        Assert.Equal(IntroductionEnd.Declined, no.After.EndedBecause);

        var yes = IntroductionRules.Answer(New(), 0, PartyAnswer.Accepted, Now, null)!;
        var undone = IntroductionRules.Answer(yes.After, 0, PartyAnswer.Declined, Now, null)!;
        Assert.Equal(IntroductionStep.Ended, undone.Step);
        Assert.Equal(PartyAnswer.Declined, undone.After.Party(0).Answer);
    }

    [Fact]
    public void OnceDecided_NothingChangesIt()
    {
        var made = IntroductionRules.Answer(IntroductionRules.Answer(New(), 0, PartyAnswer.Accepted, Now, null)!.After, 1, PartyAnswer.Accepted, Now, null)!.After;
        Assert.Null(IntroductionRules.Answer(made, 0, PartyAnswer.Declined, Now, null));
        Assert.Null(IntroductionRules.Close(made, IntroductionEnd.Expired, Now));

        var ended = IntroductionRules.Close(New(), IntroductionEnd.Withdrawn, Now)!.After;
        Assert.Equal(IntroductionEnd.Withdrawn, ended.EndedBecause);
        Assert.Null(IntroductionRules.Answer(ended, 0, PartyAnswer.Accepted, Now, null));
        Assert.Null(IntroductionRules.Close(ended, IntroductionEnd.Expired, Now));
    }

    [Fact]
    public void OnAPartysNode_AYesIsOnlyRecorded_TheGlueErDecides()
    {
        var yes = IntroductionRules.Answer(New(introducerIsLocal: false), 0, PartyAnswer.Accepted, Now, null)!;

        Assert.Equal(IntroductionStep.Recorded, yes.Step);
        Assert.Equal(IntroductionState.Proposed, yes.After.State);
        Assert.Equal(IntroductionStep.Ended, IntroductionRules.Answer(yes.After, 0, PartyAnswer.Declined, Now, null)!.Step);
    }

    [Fact]
    public void APartySeesWaiting_NeverAcceptedByOne()
    {
        Assert.Equal(IntroductionState.Proposed, IntroductionRules.StateForParty(IntroductionState.AcceptedByOne));
        Assert.Equal(IntroductionState.Made, IntroductionRules.StateForParty(IntroductionState.Made));

        var introduction = IntroductionRules.Answer(New(), 0, PartyAnswer.Accepted, Now, null)!.After;
        var other = IntroductionView.Of(introduction, Guid.Parse(introduction.Party(1).Actor))!;
        Assert.Equal(IntroductionState.Proposed, other.State);
        Assert.Equal(PartyAnswer.Pending, other.MyAnswer);
        var glueEr = IntroductionView.Of(introduction, Guid.Parse(introduction.Introducer))!;
        Assert.Equal(IntroductionState.AcceptedByOne, glueEr.State);
        Assert.Null(glueEr.MyAnswer);
        Assert.Null(IntroductionView.Of(introduction, Guid.NewGuid()));
    }

    [Theory]
    [InlineData("anyone", IntroductionPolicy.Anyone)]
    [InlineData("glue-ers", IntroductionPolicy.GlueErsOnly)]
    [InlineData("Nobody", IntroductionPolicy.Nobody)]
    public void PolicyWireNames_RoundTrip(string name, IntroductionPolicy policy)
    {
        Assert.True(IntroductionNames.TryParse(name, out IntroductionPolicy parsed));
        Assert.Equal(policy, parsed);
        Assert.Equal(name.ToLowerInvariant(), policy.Name());
    }

    [Fact]
    public void StateWireNames_AreThoseOfTheIssue()
    {
        Assert.Equal(["proposed", "accepted-by-one", "made", "not-going-ahead"], Enum.GetValues<IntroductionState>().Select(s => s.Name()));
        Assert.False(IntroductionNames.TryParse("maybe", out IntroductionState _));
    }

    [Fact]
    public void OptionsOutOfRange_StopTheNodeNamingTheKey()
    {
        var result = new IntroductionOptionsValidator().Validate(null, new IntroductionOptions { MaxPendingPerIntroducer = 0, ExpiryDays = 400 });

        Assert.True(result.Failed);
        Assert.Contains("OurSociety:Introductions:MaxPendingPerIntroducer", result.FailureMessage, StringComparison.Ordinal);
        Assert.Contains("OurSociety:Introductions:ExpiryDays", result.FailureMessage, StringComparison.Ordinal);
        Assert.True(new IntroductionOptionsValidator().Validate(null, new IntroductionOptions()).Succeeded);
    }
}
