namespace OurSociety.Core.Hubs;

/// <summary>Who may join a node.</summary>
public enum RegistrationMode
{
    /// <summary>No sign-ups; only invitations made by an admin work.</summary>
    Closed,

    /// <summary>Sign-up needs an invitation link from a member or an admin.</summary>
    Invite,

    /// <summary>Anyone may ask to join; an admin approves. An invitation skips the queue.</summary>
    Approval,

    /// <summary>Anyone may join.</summary>
    Open,
}

/// <summary>The node's rules that the domain needs, taken from configuration by the host.</summary>
public sealed record NodePolicy(string HubUsername, RegistrationMode Registrations);
