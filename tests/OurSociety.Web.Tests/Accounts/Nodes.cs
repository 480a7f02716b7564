using OurSociety.Testing;

namespace OurSociety.Web.Tests.Accounts;

/// <summary>
/// A node whose sign-in rate limit is far above what a test class uses, so tests sharing it never trip each other
/// (<see cref="RateLimitedNode"/> checks the limit itself).
/// </summary>
public class RoomyNode : NodeFactory
{
    public RoomyNode() => With("OurSociety:RateLimits:SignInPerMinute", "10000");
}

public sealed class OpenNode : RoomyNode
{
    public OpenNode() => With("OurSociety:Registrations", "open");
}

public sealed class ApprovalNode : RoomyNode
{
    public ApprovalNode() => With("OurSociety:Registrations", "approval");
}

public sealed class InviteNode : RoomyNode
{
    public InviteNode() => With("OurSociety:Registrations", "invite");
}

public sealed class ClosedNode : RoomyNode
{
    public ClosedNode() => With("OurSociety:Registrations", "closed");
}

public sealed class RateLimitedNode : NodeFactory
{
    public RateLimitedNode() => With("OurSociety:RateLimits:SignInPerMinute", "3");
}
