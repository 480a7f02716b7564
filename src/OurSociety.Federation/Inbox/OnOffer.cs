using OurSociety.ActivityPub.Vocabulary;
using OurSociety.Federation.Introductions;

namespace OurSociety.Federation.Inbox;

/// <summary>
/// An <c>Offer</c>, dispatched by its object's type: a <c>Relationship</c> of <c>os:introducedTo</c> is an introduction
/// (<see cref="IntroductionInbox.OfferAsync"/>); anything else (an FEP-0837 <c>Agreement</c>, say) is kept with no effect.
/// </summary>
public sealed class OnOffer(IntroductionInbox introductions) : IInboxHandler
{
    public string Type => ActivityTypes.Offer;

    public async Task<InboxOutcome> HandleAsync(ReceivedActivity received, CancellationToken ct) =>
        received.Activity.EmbeddedObject is { } obj && IntroductionInbox.IsIntroduction(obj)
            ? await introductions.OfferAsync(received, obj, ct)
            : new InboxOutcome.Kept();
}
