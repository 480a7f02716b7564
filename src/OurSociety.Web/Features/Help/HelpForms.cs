namespace OurSociety.Web.Features.Help;

// Form fields arrive as text and are checked by the domain, so a mistyped value gets a sentence, not a binding error.

internal sealed class AskForm
{
    public string? Question { get; set; }

    /// <summary>As people type them: words separated by spaces or commas, with or without '#'.</summary>
    public string? Topics { get; set; }

    /// <summary>The checkbox: "true" when ticked, absent otherwise.</summary>
    public string? ShareWithHelpers { get; set; }
}

internal sealed class HelpReplyForm
{
    public string? Body { get; set; }
}

internal sealed class InviteForm
{
    public string? Username { get; set; }
}
