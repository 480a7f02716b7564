using Microsoft.Extensions.Options;
using OurSociety.Core.Setup;

namespace OurSociety.Core.Moderation;

/// <summary>
/// Whom this node federates with. <see cref="Open"/>: everyone but suspended domains. <see cref="Allowlist"/>: only
/// domains on the allow list and their subdomains, as Mastodon's limited federation mode (it also turns on signed
/// fetch, so nobody else can read our actors and objects either).
/// </summary>
public enum FederationMode
{
    Open,
    Allowlist,
}

public static class FederationModes
{
    public static string Name(FederationMode mode) => mode == FederationMode.Allowlist ? "allowlist" : "open";

    public static bool TryParse(string? text, out FederationMode mode)
    {
        switch ((text ?? "").Trim().ToLowerInvariant())
        {
            case "open":
                mode = FederationMode.Open;
                return true;
            case "allowlist":
                mode = FederationMode.Allowlist;
                return true;
            default:
                mode = FederationMode.Open;
                return false;
        }
    }
}

/// <summary>
/// <c>OurSociety:Federation:Mode</c> (<c>open</c> or <c>allowlist</c>). The section is shared with the federation
/// layer's own options; this part lives in Core because the domain rules read it.
/// </summary>
public sealed class FederationModeOptions
{
    public const string Section = "OurSociety:Federation";

    public string Mode { get; set; } = "open";
}

public sealed class FederationModeOptionsValidator : IValidateOptions<FederationModeOptions>
{
    public ValidateOptionsResult Validate(string? name, FederationModeOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return FederationModes.TryParse(options.Mode, out _)
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail($"{FederationModeOptions.Section}:Mode must be 'open' or 'allowlist' (it is '{options.Mode}').");
    }
}

/// <summary>
/// The federation mode in force: the value an admin stored on /admin wins over the configuration. Read from the
/// store each time (one small query), so every process of a node sees a change at once.
/// </summary>
public sealed class FederationModeSetting(INodeSettingStore settings, IOptions<FederationModeOptions> options)
{
    public const string SettingName = "federation.mode";

    public async Task<FederationMode> CurrentAsync(CancellationToken ct) =>
        FederationModes.TryParse(await settings.GetAsync(SettingName, ct), out var stored) ? stored : Configured;

    /// <summary>What the configuration says, when nothing is stored.</summary>
    public FederationMode Configured => FederationModes.TryParse(options.Value.Mode, out var mode) ? mode : FederationMode.Open;
}
