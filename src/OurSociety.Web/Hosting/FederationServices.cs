using Microsoft.Extensions.Options;
using OurSociety.Core.Members;
using OurSociety.Core.Posts;
using OurSociety.Federation;
using OurSociety.Federation.Actors;
using OurSociety.Federation.Delivery;
using OurSociety.Federation.Follows;
using OurSociety.Federation.Inbox;
using OurSociety.Federation.Posts;
using OurSociety.Web.Features.Federation;

namespace OurSociety.Web.Hosting;

/// <summary>The federation core's services: keys, actors, the inbox pipeline, the outbox and its delivery worker.</summary>
internal static class FederationServices
{
    public static IServiceCollection AddFederation(this IServiceCollection services)
    {
        services.AddSingleton(sp => new NodeIdentity(sp.GetRequiredService<IOptions<NodeOptions>>().Value.PublicUri));
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
        services.AddSingleton<PostObjects>();
        services.AddSingleton<PostAccess>();
        services.AddSingleton<IMemberEvents, ActorAnnouncements>();

        services.AddSingleton<LocalPostDocuments>();
        services.AddSingleton<ReceivedPosts>();
        services.AddSingleton<PostResolver>();
        services.AddSingleton<PostInbox>();
        services.AddSingleton<IPostEvents, PostFederation>();   // replaces NoPostEvents
        return services;
    }
}
