using System.Globalization;
using OurSociety.Core.Federation;
using OurSociety.Core.Introductions;

namespace OurSociety.Federation.Introductions;

/// <summary>
/// Someone who replied "stop" to a direct note from this node is never introduced from here again: proposing them is
/// refused with a sentence for the glue-er, in the page's language.
/// </summary>
public sealed class IntroductionStopCheck(IIntroductionReplyStore replies) : IIntroductionPartyCheck
{
    public async Task<string?> RefusalAsync(RemoteActor actor, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(actor);
        return await replies.IsStoppedAsync(actor.Id, ct) ? IntroductionText.Get("Refused.Stopped", CultureInfo.CurrentUICulture) : null;
    }
}
