namespace OurSociety.Web.Features.Moderation;

/// <summary>Texts of account actions: the desk's page, the suspended member's gate, the warning's notification.</summary>
public sealed class AccountActionText;
