namespace OurSociety.Core.Hubs;

/// <summary>
/// The hub's logo: a picture kept with the media files (<c>/media/{id}</c>), at most 512 px, and a small version for
/// the page header.
/// </summary>
public sealed record HubLogo(Guid Id, string MediaType, int Width, int Height, Guid SmallId, string SmallMediaType, int SmallWidth, int SmallHeight);

/// <summary>The hub as people and other servers see it now: what an admin set on the web, else the configuration.</summary>
/// <param name="Topics">A few topic words, space-separated, normalised like a post's topics (empty: none).</param>
/// <param name="Latitude">The place's latitude in degrees, set with <paramref name="Longitude"/> or not at all.</param>
public sealed record HubProfile(
    string Name, string Locality, string Description, string Rules, string Accent, HubLogo? Logo,
    string Topics = "", double? Latitude = null, double? Longitude = null)
{
    /// <summary>The topic words, in the admin's order.</summary>
    public IReadOnlyList<string> TopicList => Topics.Split(' ', StringSplitOptions.RemoveEmptyEntries);

    /// <summary>The Group actor's summary: the description, with the locality in brackets.</summary>
    public string Summary => string.IsNullOrWhiteSpace(Locality) ? Description : $"{Description} ({Locality})".Trim();
}

/// <summary>
/// What an admin set on the web (<c>/admin/hub</c>). A null text was never set there, so the <c>OurSociety:Hub:*</c>
/// configuration value is used; an empty one was set to empty. There is no logo in configuration.
/// </summary>
public sealed record StoredHubProfile(
    string? Name, string? Locality, string? Description, string? Rules, string? Accent, HubLogo? Logo,
    string? Topics = null, double? Latitude = null, double? Longitude = null)
{
    public static StoredHubProfile None { get; } = new(null, null, null, null, null, null);
}

/// <summary>The texts and accent an admin sends from the form; each replaces the current value only when it differs.</summary>
/// <param name="Topics">Normalised topic words, space-separated (web only: there is no configuration for them).</param>
/// <param name="Latitude">Both coordinates or neither, already checked (<see cref="HubLimits"/>).</param>
public sealed record HubChange(
    string Name, string Locality, string Description, string Rules, string Accent,
    string Topics = "", double? Latitude = null, double? Longitude = null);

/// <summary>The one stored row of the hub's identity.</summary>
public interface IHubProfileStore
{
    Task<StoredHubProfile> GetAsync(CancellationToken ct);

    Task SaveAsync(StoredHubProfile profile, Guid changedBy, DateTimeOffset at, ITransaction tx, CancellationToken ct);
}

/// <summary>The work a change to the hub's public face causes: telling the Group's followers (an Update).</summary>
public static class HubWork
{
    /// <summary>The name, description, locality or logo changed. Payload: <see cref="HubEvent"/>.</summary>
    public const string Updated = "hub.updated";

    public static Work.NewWorkItem Item(DateTimeOffset at) => new(Updated, Work.WorkPayload.Write(new HubEvent(at)), "hub");
}

/// <summary>When the hub changed (the Update sends the hub as it is when the item runs).</summary>
public sealed record HubEvent(DateTimeOffset ChangedAt);

/// <summary>The longest texts the hub's identity takes, on the web and in configuration.</summary>
public static class HubLimits
{
    public const int Name = 100;
    public const int Locality = 100;
    public const int Description = 2000;
    public const int Rules = 10_000;

    /// <summary>Topic words the hub describes itself by.</summary>
    public const int Topics = 5;
}
