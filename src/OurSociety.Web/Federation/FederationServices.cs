using OurSociety.Core.Members;
using OurSociety.Core.Posts;
using OurSociety.Web.Features.Federation;
using OurSociety.Web.Federation.Delivery;
using OurSociety.Web.Federation.Follows;
using OurSociety.Web.Federation.Inbox;

namespace OurSociety.Web.Federation;

/// <summary>The federation core's services: keys, actors, the inbox pipeline, the outbox and its delivery worker.</summary>
internal static class FederationServices
{
    public static IServiceCollection AddFederation(this IServiceCollection services)
    {
        services.AddSingleton<ActorKeys>();
        services.AddSingleton<IActorKeys>(sp => sp.GetRequiredService<ActorKeys>());
        services.AddSingleton<LocalActors>();
        services.AddSingleton<RemoteActors>();
        services.AddSingleton<InboundSignatures>();
        services.AddSingleton<SignedFetch>();
        services.AddSingleton<CollectionServices>();

        services.AddSingleton<InboxSignal>();
        services.AddSingleton<InboxWriter>();
        services.AddHostedService(sp => sp.GetRequiredService<InboxWriter>());
        services.AddSingleton<InboxReceiver>();
        services.AddScoped<ActivityHandler>();
        services.AddHostedService<InboxProcessor>();

        services.AddSingleton<DeliverySignal>();
        services.AddSingleton<Outbox>();
        services.AddHostedService<DeliveryWorker>();
        services.AddSingleton<FollowService>();
        services.AddScoped<Web.Posts.PostAuthors>();
        services.AddSingleton<Web.Posts.PostAccess>();
        services.AddSingleton<IMemberEvents, ActorAnnouncements>();

        services.AddSingleton<Posts.LocalPostDocuments>();
        services.AddSingleton<Posts.ReceivedPosts>();
        services.AddSingleton<Posts.PostResolver>();
        services.AddSingleton<Posts.PostInbox>();
        services.AddSingleton<IPostEvents, Posts.PostFederation>();   // replaces NoPostEvents
        return services;
    }
}
