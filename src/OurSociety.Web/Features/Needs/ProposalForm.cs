using OurSociety.Core.Needs;

namespace OurSociety.Web.Features.Needs;

/// <summary>The fields of the need and offer form, as typed (topics as one line of words).</summary>
public sealed class ProposalForm
{
    public string? Title { get; set; }

    public string? Details { get; set; }

    public string? Topics { get; set; }

    public string? Locality { get; set; }

    public string? Time { get; set; }

    public string? Ends { get; set; }

    public string? Resource { get; set; }

    public string? AsHub { get; set; }

    public static ProposalForm From(Proposal proposal)
    {
        ArgumentNullException.ThrowIfNull(proposal);
        return new ProposalForm
        {
            Title = proposal.Title,
            Details = proposal.Details,
            Topics = string.Join(' ', proposal.Topics),
            Locality = proposal.Locality,
            Time = proposal.Time,
            Ends = proposal.Ends?.UtcDateTime.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            Resource = ProposalNames.Name(proposal.Resource),
            AsHub = proposal.AsHub ? "true" : null,
        };
    }

    internal ProposalInput ToInput() =>
        new(Title, Details, Posts.StoryFields.TopicList(Topics), Locality, Time, Ends, Resource) { AsHub = AsHub == "true" };
}
