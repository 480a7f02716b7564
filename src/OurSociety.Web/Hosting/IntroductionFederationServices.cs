using OurSociety.Core.Introductions;
using OurSociety.Core.Work;
using OurSociety.Federation.Inbox;
using OurSociety.Federation.Introductions;

namespace OurSociety.Web.Hosting;

/// <summary>Introductions on the wire (federation-specs/introductions.md): what is sent and what received activities do.</summary>
internal static class IntroductionFederationServices
{
    public static IServiceCollection AddIntroductionFederation(this IServiceCollection services)
    {
        services.AddSingleton<IIntroductionPartyCheck, IntroductionStopCheck>();   // "stop" refuses new proposals
        services.AddSingleton<IntroductionInbox>();
        services.AddSingleton<IInboxHandler, OnOffer>();
        services.AddSingleton<IntroductionFederation>();
        services.AddSingleton<IWorkHandler>(sp => new WorkHandler(IntroductionWork.ResolveMentions, sp.GetRequiredService<IntroductionFederation>().ResolveMentionsAsync));
        services.AddSingleton<IWorkHandler>(sp => new WorkHandler(IntroductionWork.Send, sp.GetRequiredService<IntroductionFederation>().SendAsync));
        services.AddSingleton<IWorkHandler>(sp => new WorkHandler(IntroductionWork.Answer, sp.GetRequiredService<IntroductionFederation>().AnswerAsync));
        services.AddSingleton<IWorkHandler>(sp => new WorkHandler(IntroductionWork.Made, sp.GetRequiredService<IntroductionFederation>().MadeAsync));
        services.AddSingleton<IWorkHandler>(sp => new WorkHandler(IntroductionWork.Ended, sp.GetRequiredService<IntroductionFederation>().EndedAsync));
        return services;
    }
}
