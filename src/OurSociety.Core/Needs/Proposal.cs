using OurSociety.Core.Posts;

namespace OurSociety.Core.Needs;

/// <summary>Which side of a proposal: something asked for, or something offered (FEP-0837 <c>purpose</c>).</summary>
public enum ProposalKind
{
    /// <summary>"A van on Saturdays", "someone who knows grant applications": <c>purpose</c> request.</summary>
    Need,

    /// <summary>Skills, time, space or equipment someone can give: <c>purpose</c> offer.</summary>
    Offer,
}

/// <summary>
/// What kind of thing is needed or offered. Skills and time are delivered as a service, equipment and space are lent
/// or given (FEP-0837 <c>action</c>: <c>deliverService</c> or <c>transfer</c>).
/// </summary>
public enum ProposalResource
{
    Skills,
    Time,
    Equipment,
    Space,
}

/// <summary>
/// A need or an offer (a Valueflows "proposal"), posted here by a member or by the hub (an admin posting as the hub),
/// or received from elsewhere (<see cref="RemoteAuthor"/>). Asset-based community development starts from what people
/// have: needs and offers are open data, listed on "Ways to help", matched for glue-ers and federated as FEP-0837
/// proposals. Closing one ("found, thank you") keeps it, shown as closed; deleting it keeps only its row (410).
/// </summary>
public sealed record Proposal
{
    public required Guid Id { get; init; }

    public required ProposalKind Kind { get; init; }

    /// <summary>The member who posted it here as themselves; null for the hub's own and for received ones.</summary>
    public Guid? AuthorId { get; init; }

    /// <summary>Posted by an admin in the hub's name: attributed to the hub, and any admin may change it.</summary>
    public bool AsHub { get; init; }

    /// <summary>The admin who posted it as the hub (null once their account is gone, or when not the hub's).</summary>
    public Guid? PostedBy { get; init; }

    /// <summary>The author's actor IRI when received from another server.</summary>
    public string? RemoteAuthor { get; init; }

    /// <summary>The ActivityPub id of a received one (ours are derived from kind and id).</summary>
    public string? ApId { get; init; }

    /// <summary>The web page of a received one on its own server.</summary>
    public string? Url { get; init; }

    /// <summary>Markdown written here; HTML received (sanitised on the way in and when shown).</summary>
    public TextFormat Format { get; init; } = TextFormat.Markdown;

    public required string Title { get; init; }

    public string Details { get; init; } = "";

    public ProposalResource Resource { get; init; } = ProposalResource.Skills;

    public IReadOnlyList<string> Topics { get; init; } = [];

    public string? Locality { get; init; }

    /// <summary>How much time, in the poster's words ("2 hours a month").</summary>
    public string? Time { get; init; }

    /// <summary>When it stops being wanted or available; never in the past when set or changed here.</summary>
    public DateTimeOffset? Ends { get; init; }

    /// <summary>Closed by its author ("found, thank you"): kept in history, shown as closed, never matched.</summary>
    public DateTimeOffset? ClosedAt { get; init; }

    /// <summary>A BCP 47 tag; null when not known.</summary>
    public string? Language { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset? UpdatedAt { get; init; }

    public DateTimeOffset? DeletedAt { get; init; }

    public bool IsLocal => AuthorId is not null || (AsHub && RemoteAuthor is null);

    public bool IsDeleted => DeletedAt is not null;

    public bool IsClosed => ClosedAt is not null;

    /// <summary>Open: not closed, not deleted, and its end date (if any) not passed.</summary>
    public bool IsOpenAt(DateTimeOffset now) => !IsClosed && !IsDeleted && (Ends is null || Ends >= now);
}

/// <summary>The wire names of kinds and resources (API, forms, addresses).</summary>
public static class ProposalNames
{
    public static string Name(ProposalKind kind) => kind == ProposalKind.Need ? "need" : "offer";

    /// <summary>The path segment of its pages and ActivityPub ids: <c>/needs/{id}</c>, <c>/offers/{id}</c>.</summary>
    public static string Segment(ProposalKind kind) => kind == ProposalKind.Need ? "needs" : "offers";

    public static string Name(ProposalResource resource) => resource switch
    {
        ProposalResource.Skills => "skills",
        ProposalResource.Time => "time",
        ProposalResource.Equipment => "equipment",
        _ => "space",
    };

    public static bool TryParseKind(string? name, out ProposalKind kind)
    {
        (var ok, kind) = name switch
        {
            "need" => (true, ProposalKind.Need),
            "offer" => (true, ProposalKind.Offer),
            _ => (false, ProposalKind.Need),
        };
        return ok;
    }

    public static bool TryParseResource(string? name, out ProposalResource resource)
    {
        (var ok, resource) = name?.Trim().ToUpperInvariant() switch
        {
            "SKILLS" => (true, ProposalResource.Skills),
            "TIME" => (true, ProposalResource.Time),
            "EQUIPMENT" => (true, ProposalResource.Equipment),
            "SPACE" => (true, ProposalResource.Space),
            _ => (false, ProposalResource.Skills),
        };
        return ok;
    }

    /// <summary>Skills and time are a service delivered; equipment and space are handed over (FEP-0837 <c>action</c>).</summary>
    public static bool IsService(ProposalResource resource) => resource is ProposalResource.Skills or ProposalResource.Time;
}

/// <summary>A need or offer as the API and the forms send it (field names are the API's).</summary>
public sealed record ProposalInput(
    string? Title,
    string? Details,
    IReadOnlyList<string>? Topics,
    string? Locality,
    string? Time,
    string? Ends,
    string? Resource)
{
    /// <summary>Post it in the hub's name (admins only); on an edit it stays as it was.</summary>
    public bool AsHub { get; init; }

    /// <summary>A BCP 47 tag; none: the poster's language, or on an edit the one it had.</summary>
    public string? Language { get; init; }
}

public static class ProposalLimits
{
    public const int TitleMax = 200;
    public const int DetailsMax = 5_000;
    public const int LocalityMax = 100;
    public const int TimeMax = 100;
}
