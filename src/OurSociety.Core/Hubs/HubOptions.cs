namespace OurSociety.Core.Hubs;

/// <summary>
/// The <c>OurSociety:Hub</c> section: the hub this node is, as people and other servers see it. Name, locality,
/// description, rules and accent are first values only: once an admin changes one on the web, the stored value wins
/// (<see cref="HubIdentity"/>); read the hub through that service, not through these options.
/// </summary>
public sealed class HubOptions
{
    public const string Section = "OurSociety:Hub";

    public string Name { get; set; } = "Our Society hub";

    public string Locality { get; set; } = "";

    public string Description { get; set; } = "";

    /// <summary>The hub's rules, in Markdown: shown on /about and at sign-up.</summary>
    public string Rules { get; set; } = "";

    /// <summary>The accent colour, <c>#rrggbb</c>; empty for the stylesheet's own. Must pass <see cref="AccentColour.IsReadable"/>.</summary>
    public string Accent { get; set; } = "";

    /// <summary>The hub's own fediverse handle (<c>@hub@node</c>). It cannot be renamed once federated.</summary>
    public string Username { get; set; } = "hub";
}
