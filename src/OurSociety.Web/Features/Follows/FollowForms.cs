namespace OurSociety.Web.Features.Follows;

// Form fields arrive as text and are checked by the follow service, so a mistyped address gets a sentence.

internal sealed class FollowForm
{
    public string? Target { get; set; }
}

internal sealed class BlockForm
{
    public string? BlockTarget { get; set; }
}

internal sealed class UnblockForm
{
    public string? Actor { get; set; }
}

internal sealed class ApprovalForm
{
    /// <summary>A checkbox: "true" when ticked, absent when not.</summary>
    public bool ManuallyApprovesFollowers { get; set; }
}

internal sealed class InteractionForm
{
    public string? Uri { get; set; }
}

internal sealed class RemoteFollowForm
{
    public string? Server { get; set; }
}
