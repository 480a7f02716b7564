using System.Net;
using OurSociety.Core;
using OurSociety.Core.Introductions;
using OurSociety.Core.Members;
using OurSociety.Core.Paging;
using OurSociety.Testing;

namespace OurSociety.Web.Tests.Introductions;

/// <summary>The proposing form past the pending cap: the form again with the message beside the people (409).</summary>
public sealed class IntroductionCapPageTests(SmallCapNode node) : IClassFixture<SmallCapNode>
{
    [Fact]
    public async Task ProposeForm_PastThePendingCap_Is409BesideTheParties()
    {
        var ct = TestContext.Current.CancellationToken;
        var glue = await node.CreateMemberAsync("cp_glue", "correct horse battery", Role.GlueEr, Role.Member);
        foreach (var name in new[] { "cp_a", "cp_b", "cp_c", "cp_d" })
        {
            await node.CreateMemberAsync(name);
        }

        var service = node.Service<IntroductionService>();
        Assert.IsType<Outcome<Introduction>.Ok>(await service.ProposeAsync(glue.Id, new IntroductionCandidate.Local("cp_a"), new IntroductionCandidate.Local("cp_b"), "One.", "en", ct));
        Assert.IsType<Outcome<Introduction>.Ok>(await service.ProposeAsync(glue.Id, new IntroductionCandidate.Local("cp_a"), new IntroductionCandidate.Local("cp_c"), "Two.", "en", ct));
        using var browser = await node.SignedInBrowserAsync(glue.Username);

        var response = await browser.SubmitAsync("/introductions/new", "/introductions/new", new Dictionary<string, string>
        {
            ["a"] = "@cp_c",
            ["b"] = "@cp_d",
            ["reason"] = "Three.",
        });

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync(ct);
        Assert.Contains("id=\"parties-error\"", html, StringComparison.Ordinal);
        Assert.Contains(">Three.</textarea>", html, StringComparison.Ordinal);
        Assert.Equal(2, (await service.ForMemberAsync(glue.Id, IntroductionRole.Proposed, null, Cursor.Start, 10, ct)).Items.Count);
    }
}
