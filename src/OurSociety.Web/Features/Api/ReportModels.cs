using System.ComponentModel;
using OurSociety.Core.Moderation;

namespace OurSociety.Web.Features.Api;

/// <summary>A report. Public because the validation source generator only sees public request types.</summary>
public sealed record ReportRequest(
    [property: Description("The address of what you report: a story, lesson, reply, need, offer, introduction or profile here, or a post or account from elsewhere that this hub has.")] string? Target,
    [property: Description("spam, abuse, illegal or other.")] string? Category,
    [property: Description("What the moderators should know, up to 1000 characters. Never shown to the person reported.")] string? Note,
    [property: Description("Also send the report, without your name, to the other hub of the person reported (things from elsewhere only).")] bool Forward = false);

/// <summary>How a moderator closes a report.</summary>
public sealed record ReportCloseRequest(
    [property: Description("none, warn, limit, suspend (the account) or remove (the reported story, lesson or reply).")] string? Action,
    [property: Description("Why: reaches the member for warn and suspend and is kept with a removal (required for those).")] string? Reason,
    [property: Description("For the moderators only; never leaves the desk.")] string? PrivateNote);

/// <summary>A member's answer to the moderators' latest warning or suspension.</summary>
public sealed record AppealRequest(
    [property: Description("Your answer, up to 1000 characters. One answer per warning or suspension.")] string? Note);

internal sealed record ReportCreatedResponse(
    [property: Description("The report's id.")] Guid Id,
    [property: Description("True when it was merged into your open report of the same thing (its category, note and forward choice replace the earlier ones).")] bool Merged);

internal sealed record ReportSnapshotResponse(string? Title, string? Text, string? Author, string? Url);

internal sealed record ReportResponse(
    Guid Id,
    [property: Description("The reported thing's address.")] string Target,
    [property: Description("post, reply, account, need, offer or introduction.")] string TargetKind,
    [property: Description("The account it is about: @name or @user@host.")] string Account,
    [property: Description("spam, abuse, illegal, other or appeal.")] string Category,
    string Note,
    [property: Description("local (a member here) or remote (a Flag from another server).")] string Origin,
    [property: Description("@name of the member who reported it; null when it came from another server.")] string? Reporter,
    [property: Description("The domain a remote report came from; null for local ones.")] string? RemoteOrigin,
    [property: Description("The member asked that it be sent to the other hub.")] bool Forward,
    DateTimeOffset Created,
    [property: Description("open or closed.")] string State,
    DateTimeOffset? ClosedAt,
    [property: Description("What closing it did: none, warn, limit, suspend or remove.")] string? Action,
    [property: Description("The reported content as it was when reported.")] ReportSnapshotResponse Snapshot)
{
    public static ReportResponse From(Report report, string? reporter) => new(
        report.Id, report.Target, report.TargetKind.Name(), report.AccountLabel, report.Category.Name(), report.Note, report.Origin.Name(),
        report.Origin == ReportOrigin.Local ? reporter : null, report.RemoteOrigin, report.Forward, report.CreatedAt, report.State.Name(),
        report.ClosedAt, report.CloseAction?.Name(),
        new ReportSnapshotResponse(report.Snapshot.Title, report.Snapshot.Text, report.Snapshot.Author, report.Snapshot.Url));
}
