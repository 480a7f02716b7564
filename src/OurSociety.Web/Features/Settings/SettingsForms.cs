using System.Globalization;
using OurSociety.Core.Invitations;

namespace OurSociety.Web.Features.Settings;

// Form fields arrive as text and are checked by the domain, so a mistyped value gets a sentence, not a binding error.

internal sealed class ProfileForm
{
    public string? DisplayName { get; set; }

    public string? Bio { get; set; }

    public string? Locality { get; set; }
}

/// <summary>Skills and interests as people type them: topics separated by spaces or commas.</summary>
internal sealed class SkillsForm
{
    public string? CanHelpWith { get; set; }

    public string? InterestedIn { get; set; }
}

/// <summary>Two checkboxes: "true" when ticked, absent when not.</summary>
internal sealed class DiscoveryForm
{
    public bool Discoverable { get; set; }

    public bool Indexable { get; set; }
}

internal sealed class PasswordForm
{
    public string? CurrentPassword { get; set; }

    public string? NewPassword { get; set; }

    public string? ConfirmPassword { get; set; }
}

internal sealed class TokenForm
{
    public string? Name { get; set; }
}

internal sealed class DeleteAccountForm
{
    public string? Password { get; set; }
}

/// <summary>A new invitation: how many people may use it and for how many days. Shared with the admin page.</summary>
internal sealed class InvitationForm
{
    public const int DefaultMaxUses = 1;
    public static readonly int DefaultDays = (int)InvitationService.DefaultLifetime.TotalDays;

    public string? MaxUses { get; set; }

    public string? ExpiresInDays { get; set; }

    /// <summary>Reads the numbers (blank means the default); field name → message for what is not a whole number.</summary>
    public Dictionary<string, string[]> TryRead(out int maxUses, out int days, string notANumber)
    {
        var errors = new Dictionary<string, string[]>();
        maxUses = DefaultMaxUses;
        days = DefaultDays;
        if (!string.IsNullOrWhiteSpace(MaxUses) && !int.TryParse(MaxUses.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out maxUses))
        {
            errors["maxUses"] = [notANumber];
        }

        if (!string.IsNullOrWhiteSpace(ExpiresInDays) && !int.TryParse(ExpiresInDays.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out days))
        {
            errors["expiresInDays"] = [notANumber];
        }

        return errors;
    }
}
