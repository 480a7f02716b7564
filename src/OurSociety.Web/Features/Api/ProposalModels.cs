using System.ComponentModel;
using System.Text.Json.Serialization;
using OurSociety.Core.Needs;
using OurSociety.Federation.Needs;
using OurSociety.Web.Features.Needs;

namespace OurSociety.Web.Features.Api;

/// <summary>A need or an offer as the API takes it.</summary>
public sealed record ProposalRequest(
    [property: Description("What is needed or offered, in a few words. Required, up to 200 characters.")] string? Title,
    [property: Description("More about it, in Markdown, up to 5 000 characters.")] string? Details,
    [property: Description("Plain words without '#', up to 10.")] IReadOnlyList<string>? Topics,
    [property: Description("Where: a town, a neighbourhood, \"online\". Up to 100 characters.")] string? Locality,
    [property: Description("How much time, in your words: \"2 hours a month\", \"Saturday mornings\". Up to 100 characters.")] string? Time,
    [property: Description("An optional end date (2027-01-31, or an ISO 8601 moment); not in the past.")] string? Ends,
    [property: Description("What kind of thing: skills (default), time, equipment or space.")] string? Resource,
    [property: Description("True posts it in the hub's name (admins only). Set when posting; an edit keeps it.")] bool? AsHub = null,
    [property: Description(LanguageDescription.Text)] string? Language = null)
{
    internal ProposalInput ToInput() => new(Title, Details, Topics, Locality, Time, Ends, Resource) { AsHub = AsHub ?? false, Language = Language };
}

/// <summary>A need or an offer, here or received from elsewhere.</summary>
public sealed record ProposalResponse
{
    public required Guid Id { get; init; }

    [Description("need or offer")]
    public required string Type { get; init; }

    [Description("Its page on this node.")]
    public required string Url { get; init; }

    [Description("Its ActivityPub id (on its own server for received ones).")]
    public required string ApId { get; init; }

    [Description("local: posted here; network: received from elsewhere.")]
    public required string Source { get; init; }

    public required AuthorResponse Author { get; init; }

    [Description("True when posted in the hub's name.")]
    public required bool PostedAsHub { get; init; }

    public required string Title { get; init; }

    [Description("Markdown as written here; sanitised HTML for received ones (see format).")]
    public required string Details { get; init; }

    [Description("markdown or html: how details is written.")]
    public required string Format { get; init; }

    [Description("skills, time, equipment or space.")]
    public required string Resource { get; init; }

    public required IReadOnlyList<string> Topics { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Locality { get; init; }

    [Description("How much time, in the poster's words.")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Time { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public DateTimeOffset? Ends { get; init; }

    [Description("open; closed (found, thank you); or ended (its end date has passed).")]
    public required string State { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public DateTimeOffset? Closed { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Language { get; init; }

    public required DateTimeOffset Created { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public DateTimeOffset? Updated { get; init; }
}

/// <summary>An offer that may meet a need, with what they share.</summary>
public sealed record ProposalMatchResponse(
    [property: Description("Higher is a better match.")] int Score,
    [property: Description("Topics both have.")] IReadOnlyList<string> SharedTopics,
    [property: Description("True when both name the same locality.")] bool SameLocality,
    [property: Description("Words both titles or details use.")] IReadOnlyList<string> SharedWords,
    [property: Description("The need's topics that the offer's author can help with (their profile).")] IReadOnlyList<string> SharedSkills,
    ProposalResponse Offer,
    [property: Description("The introductions form with both people and a reason filled in.")] string IntroductionUrl);

internal static class ProposalResponses
{
    public static async Task<ProposalResponse> FromAsync(Proposal proposal, ProposalAuthors authors, string origin, DateTimeOffset now, CancellationToken ct)
    {
        var author = await authors.OfAsync(proposal, ct);
        return new ProposalResponse
        {
            Id = proposal.Id,
            Type = ProposalNames.Name(proposal.Kind),
            Url = ProposalUrls.Page(origin, proposal),
            ApId = ProposalUrls.ApId(origin, proposal),
            Source = proposal.IsLocal ? "local" : "network",
            Author = PostResponses.Author(author),
            PostedAsHub = proposal.AsHub,
            Title = proposal.Title,
            Details = proposal.Details,
            Format = proposal.Format == Core.Posts.TextFormat.Html ? "html" : "markdown",
            Resource = ProposalNames.Name(proposal.Resource),
            Topics = proposal.Topics,
            Locality = proposal.Locality,
            Time = proposal.Time,
            Ends = proposal.Ends,
            State = proposal.IsClosed ? "closed" : proposal.IsOpenAt(now) ? "open" : "ended",
            Closed = proposal.ClosedAt,
            Language = proposal.Language,
            Created = proposal.CreatedAt,
            Updated = proposal.UpdatedAt,
        };
    }
}
