using System.Text.Json.Nodes;
using OurSociety.ActivityPub;
using OurSociety.ActivityPub.Vocabulary;
using OurSociety.Core.Moderation;
using OurSociety.Core.Work;
using OurSociety.Federation.Actors;
using OurSociety.Federation.Delivery;
using OurSociety.Federation.Inbox;

namespace OurSociety.Federation.Moderation;

/// <summary>
/// Reports across servers (INTEROP §4.7): a report forwarded at the reporter's choice goes to the reported account's
/// server as a Mastodon-shaped <c>Flag</c> from our instance actor, naming the account and the reported object and
/// carrying the note, and nothing about who reported it.
/// </summary>
public sealed partial class ReportFederation(IReportStore reports, RemoteActors remoteActors, Outbox outbox, NodeIdentity node, ILogger<ReportFederation> logger)
{
    /// <summary>The <c>Flag</c> of a report: the account first, then the reported objects (Mastodon's shape).</summary>
    public static JsonObject Flag(string id, string instanceActor, string account, IEnumerable<string> objects, string note) =>
        Activities.Flag(id, instanceActor, new[] { account }.Concat(objects), note);

    /// <summary><see cref="ReportWork.Forward"/>: the report's Flag, to the shared inbox of the reported account's server.</summary>
    public async Task ForwardAsync(WorkItem item, CancellationToken ct)
    {
        var report = await reports.FindAsync(WorkPayload.Read<ReportEvent>(item).ReportId, ct);
        if (report is not { Forward: true, AccountIsLocal: false })
        {
            await outbox.CompleteAsync(item, [], ct);
            return;
        }

        var (account, error) = await remoteActors.GetAsync(report.Account, refresh: false, ct);
        if (account is null)
        {
            throw new InvalidOperationException($"The reported account {report.Account} cannot be reached now: {error}");   // retried later
        }

        var objects = report.TargetKind == ReportTargetKind.Account ? [] : new[] { report.Target };
        var flag = Flag(outbox.ActivityIdFor(item), ApUrls.InstanceActor(node.Origin), account.Id, objects, report.Note);
        await outbox.CompleteAsync(item, [new Outgoing(ApUrls.InstanceActorName, flag, [account.DeliveryInbox])], ct);
        LogForwarded(report.Id, account.Host);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Report {ReportId} forwarded to {Host} as a Flag from the instance actor")]
    private partial void LogForwarded(Guid reportId, string host);
}

/// <summary>
/// A <c>Flag</c> from another server: about our members or their posts, it lands in the moderators' queue marked as
/// remote (one report per post named, or one for the account); naming nothing of ours, or from a domain whose
/// reports we reject (<c>rejectReports</c>), it is dropped.
/// </summary>
public sealed class OnFlag(ReportService reports, IDomainRules domains) : IInboxHandler
{
    public string Type => ActivityTypes.Flag;

    public async Task<InboxOutcome> HandleAsync(ReceivedActivity received, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(received);
        if (!Uri.TryCreate(received.ActorId, UriKind.Absolute, out var actor))
        {
            return new InboxOutcome.Ignored("no sender");
        }

        if ((await domains.ForAsync(actor.Host, ct)).RejectReports)
        {
            return new InboxOutcome.Ignored("reports from this domain are rejected");
        }

        var activity = received.Activity;
        var named = activity.GetReferences(AsProperties.Object);
        var content = activity.GetString("content");
        var writes = await reports.FromFlagAsync(received.Id, received.ActorId, actor.IdnHost, named, content is null ? null : OurSociety.Content.PlainText.Clean(content, ReportLimits.NoteMax), ct);
        return writes is null
            ? new InboxOutcome.Ignored("names nothing of ours")
            : new InboxOutcome.Done("reported") { Writes = writes };
    }
}
