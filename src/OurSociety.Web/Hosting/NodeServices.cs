using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using OurSociety.Core;
using OurSociety.Core.Federation;
using OurSociety.Core.HelpRequests;
using OurSociety.Core.Hubs;
using OurSociety.Core.Introductions;
using OurSociety.Core.Invitations;
using OurSociety.Core.Media;
using OurSociety.Core.Members;
using OurSociety.Core.Notifications;
using OurSociety.Core.Posts;
using OurSociety.Core.Search;
using OurSociety.Core.Setup;
using OurSociety.Core.Tokens;
using OurSociety.Core.Work;
using OurSociety.Federation;
using OurSociety.Federation.Introductions;
using OurSociety.Storage;
using OurSociety.Storage.Sql;
using OurSociety.Storage.Stores;
using Serilog;
using Serilog.Formatting.Compact;

namespace OurSociety.Web.Hosting;

/// <summary>
/// What the node and the admin CLI share: options, storage, domain services and logging. The web-only parts are
/// composed in <c>Program.cs</c>; keeping this one list means the CLI sees exactly the node's data and rules.
/// </summary>
internal static class NodeServices
{
    public static IServiceCollection AddNodeCore(this IServiceCollection services)
    {
        services.AddOptions<NodeOptions>().BindConfiguration(NodeOptions.Section)
            .PostConfigure<IConfiguration>(ListenAddresses.UseForPublicUrlUnlessSet).ValidateOnStart();
        services.AddOptions<HubOptions>().BindConfiguration(HubOptions.Section).ValidateOnStart();
        services.AddOptions<RateLimitOptions>().BindConfiguration(RateLimitOptions.Section).ValidateOnStart();
        services.AddOptions<ReverseProxyOptions>().BindConfiguration(ReverseProxyOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<NodeOptions>, NodeOptionsValidator>();
        services.AddSingleton<IValidateOptions<HubOptions>, HubOptionsValidator>();
        services.AddSingleton<IValidateOptions<RateLimitOptions>, RateLimitOptionsValidator>();
        services.AddSingleton<IValidateOptions<ReverseProxyOptions>, ReverseProxyOptionsValidator>();
        services.AddOptions<WorkerOptions>().BindConfiguration(WorkerOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<WorkerOptions>, WorkerOptionsValidator>();

        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(sp => new NodePolicy(
            sp.GetRequiredService<IOptions<HubOptions>>().Value.Username,
            sp.GetRequiredService<IOptions<NodeOptions>>().Value.RegistrationMode));

        services.AddSingleton<IDbConnectionFactory>(sp => new SqliteConnectionFactory(sp.GetRequiredService<IOptions<NodeOptions>>().Value.DatabasePath));
        services.AddSingleton<ITransactions>(sp => sp.GetRequiredService<IDbConnectionFactory>());
        services.AddSingleton<MigrationRunner>();
        services.AddSingleton<IMemberStore, MemberStore>();
        services.AddSingleton<IInvitationStore, InvitationStore>();
        services.AddSingleton<IApiTokenStore, ApiTokenStore>();
        services.AddSingleton<INodeSettingStore, NodeSettingStore>();
        services.AddSingleton<IHubProfileStore, HubProfileStore>();
        services.AddSingleton<IActorKeyStore, ActorKeyStore>();
        services.AddSingleton<IRemoteActorStore, RemoteActorStore>();
        services.AddSingleton<IFollowStore, FollowStore>();
        services.AddSingleton<IBlockStore, BlockStore>();
        services.AddSingleton<Core.Moderation.IMuteStore, MuteStore>();   // members' own mutes and blocks (issue 13)
        services.AddSingleton<Core.Hubs.IHubLinkStore, HubLinkStore>();   // links with other hubs (issue 14)
        services.AddSingleton<Core.Hubs.IHubSubmissionStore, HubSubmissionStore>();   // posts sent to the hub from elsewhere (issue 14)
        services.AddSingleton<Core.Hubs.IInstanceSoftwareStore, InstanceSoftwareStore>();   // remote hosts' NodeInfo software (issue 14)
        services.AddSingleton<Core.Hubs.HubSubmissionService>();   // approving and declining them (issue 14)
        services.AddSingleton<Core.Hubs.HubSubmissionRefusals>();   // who may post to the hub: at arrival, approval and announce
        services.AddSingleton<Core.Hubs.HubNotices>();   // admins and moderators told of links and submissions (issue 14)
        services.AddSingleton<Core.Hubs.IDirectoryStore, DirectoryStore>();   // the network directory (issue 14)
        services.AddOptions<Core.Hubs.DirectoryOptions>().BindConfiguration(Core.Hubs.DirectoryOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<Core.Hubs.DirectoryOptions>, DirectoryOptionsValidator>();
        services.AddSingleton<Core.Moderation.INotificationRequestStore, NotificationRequestStore>();
        services.AddSingleton<IInboxStore, InboxStore>();
        services.AddSingleton<IDeliveryStore, DeliveryStore>();
        services.AddSingleton<IPostStore, PostStore>();
        services.AddSingleton<IMentionStore, MentionStore>();
        services.AddSingleton<IMediaStore, MediaStore>();
        services.AddSingleton<INotificationStore, NotificationStore>();
        services.AddSingleton<ISearchIndex, SqliteSearchIndex>();   // PostgreSQL would register its own
        services.AddSingleton<IWorkItemStore, WorkItemStore>();
        services.AddSingleton<IIntroductionStore, IntroductionStore>();
        services.AddSingleton<IIntroductionReplyStore, IntroductionReplyStore>();   // the service reads replies for review; the CLI has no federation
        services.AddSingleton<OurSociety.Core.Needs.IProposalStore, ProposalStore>();   // needs and offers
        services.AddSingleton<IReplyPolicyStore, ReplyPolicyStore>();   // members' default reply policy (issue 13)

        services.AddSingleton<IPasswordHasher, FrameworkPasswordHasher>();
        services.AddSingleton<MemberService>();
        services.AddSingleton<InvitationService>();
        services.AddSingleton<ApiTokenService>();
        services.AddSingleton<Notifier>();
        services.AddSingleton<PostService>();
        services.AddSingleton<OurSociety.Core.Needs.ProposalService>();   // needs and offers
        services.AddSingleton<HubIdentity>();   // the hub's name, rules, logo…: read it, not IOptions<HubOptions>

        // Skills and interests on profiles; asking for help (local only).
        services.AddSingleton<ISkillStore, SkillStore>();
        services.AddSingleton<SkillService>();
        services.AddSingleton<IHelpRequestStore, HelpRequestStore>();
        services.AddSingleton<HelpRequestService>();
        // Introductions (issue 12): the service, the stored "any member may introduce" switch, closing a deleted
        // member's pending ones, and expiry. What reaches other servers registers in AddFederation.
        services.AddOptions<IntroductionOptions>().BindConfiguration(IntroductionOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<IntroductionOptions>, IntroductionOptionsValidator>();
        services.AddSingleton<IIntroductionAddresses>(sp =>
            new IntroductionAddresses(new NodeIdentity(sp.GetRequiredService<IOptions<NodeOptions>>().Value.PublicUri), sp.GetRequiredService<HubIdentity>()));
        services.AddSingleton<IntroductionSettings>();
        services.AddSingleton<IntroductionService>();
        services.AddSingleton<IAccountDeletionStep>(sp => sp.GetRequiredService<IntroductionService>());
        services.AddSingleton<IWorkHandler>(sp => new WorkHandler(IntroductionWork.Expire, sp.GetRequiredService<IntroductionService>().ExpireAsync));

        // Trust and safety (issue 13): the audit log and the rules for other domains, which inbox, fetches,
        // deliveries and public lists all ask.
        services.AddSingleton<OurSociety.Core.Moderation.IModerationLogStore, ModerationLogStore>();
        services.AddSingleton<OurSociety.Core.Moderation.IDomainBlockStore, DomainBlockStore>();
        services.AddSingleton<OurSociety.Core.Moderation.IDomainRules, OurSociety.Core.Moderation.DomainRules>();

        // Reports and appeals (issue 13, reports): the queue, Flags in and out (the targets and handlers are in AddFederation).
        services.AddSingleton<OurSociety.Core.Moderation.IReportStore, ReportStore>();
        services.AddSingleton<OurSociety.Core.Moderation.ReportService>();
        // Domain moderation (issue 13): blocks, the allow list and the federation mode (open or allowlist; the value
        // stored on /admin wins over OurSociety:Federation:Mode).
        services.AddOptions<OurSociety.Core.Moderation.FederationModeOptions>()
            .BindConfiguration(OurSociety.Core.Moderation.FederationModeOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<OurSociety.Core.Moderation.FederationModeOptions>, OurSociety.Core.Moderation.FederationModeOptionsValidator>();
        services.AddSingleton<OurSociety.Core.Moderation.FederationModeSetting>();
        services.AddSingleton<OurSociety.Core.Moderation.IDomainAllowStore, DomainAllowStore>();
        services.AddSingleton<OurSociety.Core.Moderation.IRemoteSuspensions, RemoteSuspensionStore>();
        services.AddSingleton(sp => new OurSociety.Core.Moderation.OwnDomain(
            DomainName.TryParse(sp.GetRequiredService<IOptions<NodeOptions>>().Value.PublicUri.Host, out var own, out DomainNameProblem _) ? own : default));
        services.AddSingleton<OurSociety.Core.Moderation.DomainBlockService>();
        services.AddSingleton<OurSociety.Core.Moderation.IDomainContentStore, DomainContentStore>();
        // Account actions (warn, limit, suspend and lifting them): the desk, report closes and the CLI share them.
        services.AddOptions<OurSociety.Core.Moderation.ModerationOptions>().BindConfiguration(OurSociety.Core.Moderation.ModerationOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<OurSociety.Core.Moderation.ModerationOptions>, OurSociety.Core.Moderation.ModerationOptionsValidator>();
        services.AddSingleton<OurSociety.Core.Moderation.IAccountSanctionStore, AccountSanctionStore>();
        services.AddSingleton(sp => new OurSociety.Core.Moderation.ModerationSite(
            new NodeIdentity(sp.GetRequiredService<IOptions<NodeOptions>>().Value.PublicUri).Origin,
            new NodeIdentity(sp.GetRequiredService<IOptions<NodeOptions>>().Value.PublicUri).Authority));
        services.AddSingleton<OurSociety.Core.Moderation.AccountModerationService>();
        services.AddSingleton<OurSociety.Core.Moderation.IAccountModeration>(sp => sp.GetRequiredService<OurSociety.Core.Moderation.AccountModerationService>());
        services.AddSingleton<IWorkHandler>(sp => new WorkHandler(OurSociety.Core.Moderation.ModerationWork.SuspensionEnds,
            sp.GetRequiredService<OurSociety.Core.Moderation.AccountModerationService>().SuspensionEndsAsync));

        // The work queue. Each kind of work registers its IWorkHandler (AddSingleton<IWorkHandler, …>()); the runner
        // takes them all. The worker waits for the host to start (after migrations) and does nothing in the CLI,
        // whose host is never started.
        services.AddSingleton<WorkSignal>();
        services.AddSingleton<UnitOfWork>();
        services.AddSingleton<IPageCache, NoPageCache>();   // the web host keeps pages and replaces this (PageCaching)
        services.AddSingleton<WorkRunner>();
        services.AddHostedService<WorkWorker>();

        services.AddSerilog((sp, logger) =>
        {
            // Read raw: a bad value is reported by options validation at start, through this very logger.
            var json = sp.GetRequiredService<IConfiguration>()[$"{NodeOptions.Section}:LogFormat"] == "json";
            logger.ReadFrom.Configuration(sp.GetRequiredService<IConfiguration>()).Enrich.FromLogContext();
            // Logs always go to stderr: stdout is kept for what a person must read (URLs, CLI results).
            _ = json
                ? logger.WriteTo.Console(new CompactJsonFormatter(), standardErrorFromLevel: Serilog.Events.LogEventLevel.Verbose)
                : logger.WriteTo.Console(
                    outputTemplate: "[{Timestamp:HH:mm:ss} {Level:u3}] {Message:lj}{NewLine}{Exception}",
                    formatProvider: System.Globalization.CultureInfo.InvariantCulture,
                    standardErrorFromLevel: Serilog.Events.LogEventLevel.Verbose);
        });
        return services;
    }

    /// <summary>The framework's PBKDF2 hasher behind Core's port (its iteration count from <see cref="PasswordHasherOptions"/>).</summary>
    private sealed class FrameworkPasswordHasher(IOptions<PasswordHasherOptions> options) : IPasswordHasher
    {
        private static readonly object User = new();
        private readonly PasswordHasher<object> _hasher = new(options);

        public string Hash(string password) => _hasher.HashPassword(User, password);

        public PasswordCheck Verify(string hash, string password) => _hasher.VerifyHashedPassword(User, hash, password) switch
        {
            PasswordVerificationResult.Success => PasswordCheck.Success,
            PasswordVerificationResult.SuccessRehashNeeded => PasswordCheck.SuccessRehashNeeded,
            _ => PasswordCheck.Failed,
        };
    }
}
