namespace OurSociety.PageTests;

/// <summary>A hub where anyone may ask to join and an admin approves them.</summary>
public sealed class ApprovalHubFixture() : BrowserFixture("approval");

/// <summary>A hub that takes new members by invitation only.</summary>
public sealed class InviteHubFixture() : BrowserFixture("invite");

/// <summary>A hub closed to new members.</summary>
public sealed class ClosedHubFixture() : BrowserFixture("closed");

/// <summary>A brand-new hub with no admin yet: its setup link works once, so each setup test class gets its own.</summary>
public sealed class NewHubFixture() : BrowserFixture("invite");
