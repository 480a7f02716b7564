using Microsoft.Extensions.Localization;
using OurSociety.Core.Needs;
using OurSociety.Web.Resources;

namespace OurSociety.Web.Features.Needs;

/// <summary>
/// "Propose an introduction" from a match: the introductions form (another feature's page) with both people and a
/// reason filled in. The address is the contract between the two: <c>/introductions/new?a=&amp;b=&amp;reason=</c>.
/// </summary>
internal static class IntroductionLinks
{
    public static string For(string needAuthorHandle, string offerAuthorHandle, string reason) =>
        $"/introductions/new?a={Uri.EscapeDataString(needAuthorHandle)}&b={Uri.EscapeDataString(offerAuthorHandle)}&reason={Uri.EscapeDataString(reason)}";

    /// <summary>The reason, in the page's language: who needs what, and who offers what.</summary>
    public static string Reason(IStringLocalizer<NeedsText> text, Proposal need, string needer, Proposal offer, string offerer)
    {
        ArgumentNullException.ThrowIfNull(need);
        ArgumentNullException.ThrowIfNull(offer);
        return text.Format("Match.Reason", ("needer", needer), ("need", need.Title), ("offerer", offerer), ("offer", offer.Title));
    }
}
