namespace OurSociety.Core.Hubs;

/// <summary>The <c>OurSociety:Hub</c> section: the hub this node is, as people and other servers see it.</summary>
public sealed class HubOptions
{
    public const string Section = "OurSociety:Hub";

    public string Name { get; set; } = "Our Society hub";

    public string Locality { get; set; } = "";

    public string Description { get; set; } = "";

    /// <summary>The hub's own fediverse handle (<c>@hub@node</c>). It cannot be renamed once federated.</summary>
    public string Username { get; set; } = "hub";
}
