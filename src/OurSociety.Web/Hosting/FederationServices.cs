using System.Net;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using OurSociety.Core.Federation;
using OurSociety.Core.Members;
using OurSociety.Core.Posts;
using OurSociety.Core.Work;
using OurSociety.Federation;
using OurSociety.Federation.Actors;
using OurSociety.Federation.Delivery;
using OurSociety.Federation.Follows;
using OurSociety.Federation.Http;
using OurSociety.Federation.Inbox;
using OurSociety.Federation.Posts;
using OurSociety.Web.Features.Federation;

namespace OurSociety.Web.Hosting;

/// <summary>The federation core's services: keys, actors, the inbox pipeline, the outbox and its delivery worker.</summary>
internal static class FederationServices
{
    /// <summary>
    /// The outbound HTTP stack: the named client whose primary handler is a <see cref="SocketsHttpHandler"/> guarded by
    /// <see cref="OutboundGuard"/>, plus <see cref="GuardedHttp"/>, <see cref="ApFetcher"/> (also as
    /// <see cref="IDocumentFetcher"/>) and <see cref="WebFingerClient"/> (also as <see cref="IHandleResolver"/>).
    /// </summary>
    public static IServiceCollection AddFederationHttp(this IServiceCollection services)
    {
        services.AddOptions<FederationOptions>().BindConfiguration(FederationOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<FederationOptions>, FederationOptionsValidator>();
        services.TryAddSingleton(FederationHttpLimits.Default);
        services.TryAddSingleton<IHostResolver, DnsHostResolver>();
        services.TryAddSingleton<IOutgoingSigner, HttpSignerOutgoingSigner>();
        services.AddSingleton<OutboundGuard>();
        services.AddSingleton<GuardedHttp>();
        services.AddSingleton<ApFetcher>();
        services.AddSingleton<WebFingerClient>();
        services.AddSingleton<IDocumentFetcher, DocumentFetcher>();
        services.AddSingleton<IHandleResolver, HandleResolver>();

        services.AddHttpClient(FederationHttp.ClientName)
            .ConfigureHttpClient((sp, client) =>
            {
                // GuardedHttp keeps the deadline (it must cover the body too); this is only a backstop.
                client.Timeout = sp.GetRequiredService<FederationHttpLimits>().TotalTimeout + TimeSpan.FromSeconds(5);
                client.DefaultRequestHeaders.TryAddWithoutValidation("User-Agent", FederationHttp.UserAgent(sp.GetRequiredService<NodeIdentity>()));
            })
            .ConfigurePrimaryHttpMessageHandler(sp => new SocketsHttpHandler
            {
                ConnectCallback = sp.GetRequiredService<OutboundGuard>().ConnectAsync,
                ConnectTimeout = sp.GetRequiredService<FederationHttpLimits>().ConnectTimeout,
                // Redirects are followed by GuardedHttp, which vets and re-signs each hop.
                AllowAutoRedirect = false,
                // A proxy from the environment would make ConnectCallback connect to the proxy, not the vetted peer.
                UseProxy = false,
                UseCookies = false,
                // The body cap counts decompressed bytes, so a compressed bomb stops at the cap too.
                AutomaticDecompression = DecompressionMethods.All,
                PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            });
        return services;
    }

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

        // The inbox: checked and stored with its work item (InboxWriter); handled by one handler per activity type.
        services.AddSingleton<InboxWriter>();
        services.AddHostedService(sp => sp.GetRequiredService<InboxWriter>());
        services.AddSingleton<InboxReceiver>();
        // The per-domain allowance of verified activities (OurSociety:RateLimits:InboxPerDomainPerMinute), read when counted.
        services.AddSingleton(sp => new InboxDomainBudget(
            sp.GetRequiredService<TimeProvider>(), () => sp.GetRequiredService<IOptions<RateLimitOptions>>().Value.InboxPerDomainPerMinute));
        // A domain's accounts never seen before share OurSociety:RateLimits:NewAccountsPerDomainPerHour.
        services.AddSingleton(sp => new FirstSeenAccounts(
            sp.GetRequiredService<TimeProvider>(), () => sp.GetRequiredService<IOptions<RateLimitOptions>>().Value.NewAccountsPerDomainPerHour));
        services.AddSingleton<InboxDispatch>();
        services.AddSingleton<IWorkHandler>(sp => sp.GetRequiredService<InboxDispatch>());
        services.AddSingleton<FollowAnswers>();
        services.AddSingleton<IInboxHandler, OnFollow>();
        services.AddSingleton<IInboxHandler, OnAccept>();
        services.AddSingleton<IInboxHandler, OnReject>();
        services.AddSingleton<IInboxHandler, OnUndo>();
        services.AddSingleton<IInboxHandler, OnBlock>();
        services.AddSingleton<IInboxHandler, OnCreate>();
        services.AddSingleton<IInboxHandler, OnUpdate>();
        services.AddSingleton<IInboxHandler, OnDelete>();
        services.AddSingleton<IInboxHandler, OnLike>();
        services.AddSingleton<IInboxHandler, OnAnnounce>();

        // The outbox: activities written with the change that caused them; the delivery worker sends them.
        services.AddSingleton<DeliverySignal>();
        services.AddSingleton<Outbox>();
        services.AddSingleton<DeliveryWorker>();
        services.AddHostedService(sp => sp.GetRequiredService<DeliveryWorker>());
        services.AddSingleton<FollowRules>();
        services.AddSingleton<FollowService>();
        services.AddSingleton<Federation.Moderation.MuteService>();   // members' own mutes and blocks (issue 13)
        services.AddScoped<Web.Features.Mutes.MuteViews>();
        services.AddScoped<Web.Posts.PostAuthors>();
        services.AddScoped<Web.Features.Needs.ProposalAuthors>();   // needs and offers
        services.AddScoped<Web.Features.Needs.ProposalViews>();
        services.AddSingleton<Web.Features.Needs.ProposalObjects>();
        services.AddSingleton<PostObjects>();
        services.AddSingleton<PostAccess>();

        // Domain moderation (issue 13): what suspending a domain removes, and the Reject(Follow)s it sends.
        services.AddSingleton<IWorkHandler, OurSociety.Federation.Moderation.DomainPurge>();

        // Posts and members: what their work items do.
        services.AddSingleton<LocalPostDocuments>();
        services.AddSingleton<ReceivedPosts>();
        services.AddSingleton<PostResolver>();
        services.AddSingleton<PostInbox>();
        services.AddSingleton<PostFederation>();
        services.AddSingleton<IWorkHandler>(sp => new WorkHandler(PostWork.Published, sp.GetRequiredService<PostFederation>().PublishedAsync));
        services.AddSingleton<IWorkHandler>(sp => new WorkHandler(PostWork.Updated, sp.GetRequiredService<PostFederation>().UpdatedAsync));
        services.AddSingleton<IWorkHandler>(sp => new WorkHandler(PostWork.Deleted, sp.GetRequiredService<PostFederation>().DeletedAsync));
        services.AddSingleton<IWorkHandler>(sp => new WorkHandler(PostWork.Reacted, sp.GetRequiredService<PostFederation>().ReactedAsync));
        services.AddSingleton<IWorkHandler>(sp => new WorkHandler(PostWork.ResolveLinks, sp.GetRequiredService<PostFederation>().ResolveLinksAsync));
        // Moderated replies (issue 13): Accept/Reject of received replies, GoToSocial's ReplyRequest.
        services.AddSingleton<OurSociety.Federation.Replies.ReplyApprovals>();
        services.AddSingleton<IWorkHandler>(sp => new WorkHandler(ReplyWork.Approved, sp.GetRequiredService<OurSociety.Federation.Replies.ReplyApprovals>().ApprovedAsync));
        services.AddSingleton<IWorkHandler>(sp => new WorkHandler(ReplyWork.Declined, sp.GetRequiredService<OurSociety.Federation.Replies.ReplyApprovals>().DeclinedAsync));
        services.AddSingleton<IInboxHandler, OurSociety.Federation.Replies.OnReplyRequest>();
        services.AddSingleton<IWorkHandler, PictureCopies>();
        // The hub a received post came through, fetched once in the background so cards name it (issue 14).
        services.AddSingleton<PostHubActors>();
        services.AddSingleton<IWorkHandler>(sp => sp.GetRequiredService<PostHubActors>());
        services.AddSingleton<MemberFederation>();
        services.AddSingleton<IWorkHandler>(sp => new WorkHandler(MemberWork.Updated, sp.GetRequiredService<MemberFederation>().UpdatedAsync));
        services.AddSingleton<IWorkHandler>(sp => new WorkHandler(MemberWork.Deleted, sp.GetRequiredService<MemberFederation>().DeletedAsync));
        services.AddSingleton<HubFederation>();
        // The network directory's background refresh (issue 14).
        services.AddSingleton<OurSociety.Federation.HubDirectory.DirectoryRefresh>();
        services.AddSingleton<OurSociety.Federation.HubDirectory.DirectorySchedule>();
        services.AddSingleton<IWorkHandler>(sp => new WorkHandler(Core.Hubs.DirectoryWork.Refresh, sp.GetRequiredService<OurSociety.Federation.HubDirectory.DirectoryRefresh>().RunAsync));
        services.AddSingleton<IWorkHandler>(sp => new WorkHandler(Core.Hubs.HubWork.Updated, sp.GetRequiredService<HubFederation>().UpdatedAsync));
        // A hub people can post to (issue 14, FEP-1b12): the queue's intake, the announce of an approved post.
        services.AddSingleton<OurSociety.Federation.Hubs.HubSubmissionInbox>();
        services.AddSingleton<OurSociety.Federation.Hubs.InstanceSoftwareLookup>();
        services.AddSingleton<OurSociety.Federation.Hubs.HubSubmissionFederation>();
        services.AddSingleton<IWorkHandler>(sp => new WorkHandler(Core.Hubs.HubSubmissionWork.Announce, sp.GetRequiredService<OurSociety.Federation.Hubs.HubSubmissionFederation>().AnnounceAsync));
        // Account moderation: a remote suspension's Rejects of its follows of our members.
        services.AddSingleton<OurSociety.Federation.Moderation.AccountModerationFederation>();
        services.AddSingleton<IWorkHandler>(sp => new WorkHandler(Core.Moderation.ModerationWork.RemoteSuspended,
            sp.GetRequiredService<OurSociety.Federation.Moderation.AccountModerationFederation>().RemoteSuspendedAsync));

        // @user@host in what people write: looked up in the work queue, before the post's Create or Update.
        services.AddSingleton<MentionResolver>();
        services.AddSingleton<PostMentions>();
        services.AddSingleton<IWorkHandler>(sp => new WorkHandler(PostWork.ResolveMentions, sp.GetRequiredService<PostMentions>().ResolveAsync));
        // Needs and offers (FEP-0837): sending, receiving (the Create/Update/Delete/Announce handlers ask it first), serving.
        services.AddSingleton<OurSociety.Federation.Needs.ProposalInbox>();
        services.AddSingleton<OurSociety.Federation.Needs.ProposalFederation>();
        services.AddSingleton<IWorkHandler>(sp => new WorkHandler(Core.Needs.ProposalWork.Published, sp.GetRequiredService<OurSociety.Federation.Needs.ProposalFederation>().PublishedAsync));
        services.AddSingleton<IWorkHandler>(sp => new WorkHandler(Core.Needs.ProposalWork.Updated, sp.GetRequiredService<OurSociety.Federation.Needs.ProposalFederation>().UpdatedAsync));
        services.AddSingleton<IWorkHandler>(sp => new WorkHandler(Core.Needs.ProposalWork.Deleted, sp.GetRequiredService<OurSociety.Federation.Needs.ProposalFederation>().DeletedAsync));

        // Reports (issue 13): what a report names, forwarding as a Flag from the instance actor, and Flags received.
        services.AddSingleton<Core.Moderation.IReportTargets, OurSociety.Federation.Moderation.ReportTargets>();
        services.AddSingleton<OurSociety.Federation.Moderation.ReportFederation>();
        services.AddSingleton<IWorkHandler>(sp => new WorkHandler(Core.Moderation.ReportWork.Forward, sp.GetRequiredService<OurSociety.Federation.Moderation.ReportFederation>().ForwardAsync));
        services.AddSingleton<IInboxHandler, OurSociety.Federation.Moderation.OnFlag>();

        // Hub links (issue 14): asking, answering and ending links between hubs, and the one-hop reshare.
        services.AddSingleton<OurSociety.Federation.Hubs.HubLinkInbox>();
        services.AddSingleton<OurSociety.Federation.Hubs.HubLinkService>();
        services.AddSingleton<IWorkHandler, OurSociety.Federation.Hubs.HubLinkReshare>();
        services.AddSingleton<OurSociety.Federation.Hubs.LinkedSearch>();   // search across linked hubs, while the person waits
        services.AddSingleton<OurSociety.Web.Features.Finding.LinkedSearchAllowance>();   // OurSociety:RateLimits:LinkedSearchPerMinute
        return services;
    }
}
