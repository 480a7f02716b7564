using System.Globalization;
using System.Net;
using Microsoft.Extensions.Options;
using OurSociety.Core.Hubs;
using OurSociety.Core.Members;

namespace OurSociety.Web.Hosting;

/// <summary>
/// Checks the configuration at start, so a typo stops the node with a message that names the key and says what
/// would be right, instead of surfacing as a strange failure later.
/// </summary>
internal sealed class NodeOptionsValidator : IValidateOptions<NodeOptions>
{
    public ValidateOptionsResult Validate(string? name, NodeOptions options)
    {
        var errors = new List<string>();
        if (!Uri.TryCreate(options.PublicUrl?.TrimEnd('/'), UriKind.Absolute, out var url)
            || url.Scheme is not ("http" or "https") || url.AbsolutePath != "/" || !string.IsNullOrEmpty(url.Query)
            || !string.IsNullOrEmpty(url.Fragment) || !string.IsNullOrEmpty(url.UserInfo))
        {
            errors.Add($"OurSociety:PublicUrl must be the node's public origin, like https://hub.example.org (http or https, no path); got '{options.PublicUrl}'.");
        }

        if (string.IsNullOrWhiteSpace(options.DataDirectory) || options.DataDirectory.IndexOfAny(Path.GetInvalidPathChars()) >= 0)
        {
            errors.Add($"OurSociety:DataDirectory must be a folder path; got '{options.DataDirectory}'.");
        }

        if (!Enum.TryParse<RegistrationMode>(options.Registrations, ignoreCase: true, out _) || int.TryParse(options.Registrations, out _))
        {
            errors.Add($"OurSociety:Registrations must be one of closed, invite, approval, open; got '{options.Registrations}'.");
        }

        if (options.LogFormat is not ("text" or "json"))
        {
            errors.Add($"OurSociety:LogFormat must be text or json; got '{options.LogFormat}'.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}

internal sealed class HubOptionsValidator : IValidateOptions<HubOptions>
{
    public ValidateOptionsResult Validate(string? name, HubOptions options)
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(options.Name) || options.Name.Length > 100)
        {
            errors.Add("OurSociety:Hub:Name must be the hub's name, 1 to 100 characters.");
        }

        if (options.Locality.Length > 100)
        {
            errors.Add("OurSociety:Hub:Locality must be at most 100 characters.");
        }

        if (options.Description.Length > 2000)
        {
            errors.Add("OurSociety:Hub:Description must be at most 2000 characters.");
        }

        if (options.Rules.Length > HubLimits.Rules)
        {
            errors.Add($"OurSociety:Hub:Rules must be at most {HubLimits.Rules} characters.");
        }

        if (options.Accent.Length > 0 && (AccentColour.Normalize(options.Accent) is not { } accent || !AccentColour.IsReadable(accent)))
        {
            errors.Add($"OurSociety:Hub:Accent must be a #rrggbb colour on which white text, and which as a link colour on {AccentColour.PageBackground}, both reach a contrast of 4.5:1; got '{options.Accent}'.");
        }

        // The hub's handle follows member rules, minus the reservation of "hub" itself.
        if (Username.Validate(options.Username, hubUsername: "\0") is { } problem && Username.Normalize(options.Username ?? "") != "hub")
        {
            errors.Add($"OurSociety:Hub:Username is not usable: {problem}");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}

internal sealed class RateLimitOptionsValidator : IValidateOptions<RateLimitOptions>
{
    public ValidateOptionsResult Validate(string? name, RateLimitOptions options)
    {
        var errors = new List<string>();
        if (options.SignInPerMinute is < 1 or > 10_000)
        {
            errors.Add($"OurSociety:RateLimits:SignInPerMinute must be between 1 and 10000; got {options.SignInPerMinute}.");
        }

        if (options.RequestsPerMinute is < 1 or > 1_000_000)
        {
            errors.Add($"OurSociety:RateLimits:RequestsPerMinute must be between 1 and 1000000; got {options.RequestsPerMinute}.");
        }

        if (options.InboxPerMinute is < 1 or > 1_000_000)
        {
            errors.Add($"OurSociety:RateLimits:InboxPerMinute must be between 1 and 1000000; got {options.InboxPerMinute}.");
        }

        if (options.InboxPerDomainPerMinute is < 1 or > 1_000_000)
        {
            errors.Add($"OurSociety:RateLimits:InboxPerDomainPerMinute must be between 1 and 1000000; got {options.InboxPerDomainPerMinute}.");
        }

        if (options.NewAccountsPerDomainPerHour is < 1 or > 1_000_000)
        {
            errors.Add($"OurSociety:RateLimits:NewAccountsPerDomainPerHour must be between 1 and 1000000; got {options.NewAccountsPerDomainPerHour}.");
        }

        if (options.LinkedSearchPerMinute is < 1 or > 10_000)
        {
            errors.Add($"OurSociety:RateLimits:LinkedSearchPerMinute must be between 1 and 10000; got {options.LinkedSearchPerMinute}.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}

internal sealed class ReverseProxyOptionsValidator : IValidateOptions<ReverseProxyOptions>
{
    public ValidateOptionsResult Validate(string? name, ReverseProxyOptions options)
    {
        var errors = new List<string>();
        errors.AddRange(options.KnownProxies.Where(p => !IPAddress.TryParse(p, out _))
            .Select(p => $"OurSociety:ReverseProxy:KnownProxies has '{p}', which is not an IP address."));
        errors.AddRange(options.KnownNetworks.Where(n => !IPNetwork.TryParse(n, out _))
            .Select(n => $"OurSociety:ReverseProxy:KnownNetworks has '{n}', which is not a network like 10.0.0.0/8."));
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}

/// <summary>The network directory's refresh bounds (issue 14): each must be a positive number within reason.</summary>
internal sealed class DirectoryOptionsValidator : IValidateOptions<Core.Hubs.DirectoryOptions>
{
    public ValidateOptionsResult Validate(string? name, Core.Hubs.DirectoryOptions options)
    {
        var errors = new List<string>();
        void Check(string key, double value, double min, double max)
        {
            if (double.IsNaN(value) || value < min || value > max)
            {
                errors.Add(string.Create(CultureInfo.InvariantCulture, $"OurSociety:Directory:{key} must be between {min} and {max}; got {value}."));
            }
        }

        Check(nameof(options.RefreshHours), options.RefreshHours, 1, 24 * 365);
        Check(nameof(options.MaxHubs), options.MaxHubs, 1, 10_000);
        Check(nameof(options.MaxPagesPerCollection), options.MaxPagesPerCollection, 1, 100);
        Check(nameof(options.MaxItemsPerCollection), options.MaxItemsPerCollection, 1, 100_000);
        Check(nameof(options.RequestTimeoutSeconds), options.RequestTimeoutSeconds, 0.1, 60);
        Check(nameof(options.MaxFetches), options.MaxFetches, 1, 100_000);
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
