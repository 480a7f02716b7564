using OurSociety.Core.Work;

namespace OurSociety.Core.Moderation;

/// <summary>The work a report causes: forwarding it to the other hub as a <c>Flag</c> from our instance actor.</summary>
public static class ReportWork
{
    /// <summary>Send the report's <c>Flag</c> to the server of the account it is about. Payload: <see cref="ReportEvent"/>.</summary>
    public const string Forward = "report.forward";

    public static NewWorkItem Forwarding(Guid reportId) => new(Forward, WorkPayload.Write(new ReportEvent(reportId)), $"report:{reportId:D}");
}

public sealed record ReportEvent(Guid ReportId);
