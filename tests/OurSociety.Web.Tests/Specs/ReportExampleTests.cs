using OurSociety.Federation.Moderation;

namespace OurSociety.Web.Tests.Specs;

/// <summary>The shape of federation-specs/moderation.md: the Flag we forward is what the builder emits, with no reporter in it.</summary>
public sealed class ReportExampleTests
{
    public static readonly IReadOnlyList<string> Examples = ["flag.json"];

    [Fact]
    public void FlagExample_MatchesWhatTheBuilderEmits()
    {
        var flag = ReportFederation.Flag(
            SpecNetwork.Origin + "/activities/019ac9a0-0000-7000-8000-0000000000f1", SpecNetwork.Origin + "/actor", SpecNetwork.Kim,
            ["https://remote.example/notes/1"], "Selling fake medicine in replies.");
        Golden.AssertMatches("flag.json", flag);
        Assert.DoesNotContain("amira", flag.ToJsonString(), StringComparison.Ordinal);
    }
}
