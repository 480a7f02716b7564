namespace OurSociety.Web.Features.Accounts;

/// <summary>Marker for the sign-in, sign-up and setup texts in <c>AccountsText.resx</c>.</summary>
public sealed class AccountsText;
