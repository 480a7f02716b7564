using OurSociety.Core.Members;
namespace OurSociety.Web.Features.Accounts;

// Form posts. No DataAnnotations here on purpose: the rules live in Core, and a form with problems is shown again
// with the messages beside the fields, not answered with problem details.

internal sealed class SignInRequest
{
    public string? Username { get; set; }

    public string? Password { get; set; }

    public string? ReturnUrl { get; set; }

    public bool Remember { get; set; }
}

internal sealed class SetupRequest
{
    public string? Username { get; set; }

    public string? DisplayName { get; set; }

    public string? Password { get; set; }

    public string? ConfirmPassword { get; set; }
}

internal sealed class NewPasswordRequest
{
    public string? NewPassword { get; set; }

    public string? ConfirmPassword { get; set; }

    public string? ReturnUrl { get; set; }
}

internal sealed class SignUpRequest
{
    public string? Username { get; set; }

    public string? DisplayName { get; set; }

    public string? Password { get; set; }

    public string? ConfirmPassword { get; set; }

    public string? Reason { get; set; }

    public string? Invite { get; set; }
}

/// <summary>Which sign-up form a person gets.</summary>
public enum SignUpForm
{
    /// <summary>None: joining needs an invitation they do not have, or is closed.</summary>
    None,
    Open,

    /// <summary>A request to join, with a "why" field, for an admin to approve.</summary>
    Request,
    Invited,
}
