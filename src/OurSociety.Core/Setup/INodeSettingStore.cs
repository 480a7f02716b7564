namespace OurSociety.Core.Setup;

/// <summary>Small named values the node keeps about itself (e.g. the first-run setup token).</summary>
public interface INodeSettingStore
{
    Task<string?> GetAsync(string name, CancellationToken ct);

    /// <summary>Stores <paramref name="value"/> unless the name already has one; returns the value that is stored.</summary>
    Task<string> GetOrAddAsync(string name, string value, CancellationToken ct);

    /// <summary>Stores <paramref name="value"/> under the name, replacing what was there; null removes it.</summary>
    Task SetAsync(string name, string? value, CancellationToken ct);
}

public static class NodeSettings
{
    public const string SetupToken = "setup_token";
}
