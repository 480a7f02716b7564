namespace OurSociety.Core.Moderation;

/// <summary>What a moderator can do to an account. Wire names: <c>warn</c>, <c>limit</c>, <c>suspend</c>, …</summary>
public enum AccountAction
{
    Warn,
    Limit,
    Suspend,
    Unlimit,
    Unsuspend,
}

/// <param name="ModeratorId">The member acting (checked to be a moderator or admin); null for the node itself (CLI).</param>
/// <param name="Account">A member id, <c>@name</c>, <c>@user@host</c> or an actor URL.</param>
/// <param name="Reason">What the member is told (required for warn and suspend).</param>
/// <param name="PrivateNote">Kept in the audit log only.</param>
/// <param name="ReportId">The report being closed with this action, if any.</param>
public sealed record AccountActionRequest(
    Guid? ModeratorId,
    string Account,
    AccountAction Action,
    string? Reason,
    string? PrivateNote = null,
    Guid? ReportId = null);

/// <summary>
/// Acting on accounts, local or remote: the desk's <c>/admin/account-actions</c>, the close of a report and the CLI all
/// go through it, so each action has one set of rules and one line in the audit log.
/// </summary>
public interface IAccountModeration
{
    /// <summary>Applies the action and writes its audit entry in one transaction; the entry is the value.</summary>
    Task<Outcome<ModerationEntry>> ApplyAsync(AccountActionRequest request, CancellationToken ct);
}

public static class AccountActions
{
    public static readonly IReadOnlyList<AccountAction> All =
        [AccountAction.Warn, AccountAction.Limit, AccountAction.Suspend, AccountAction.Unlimit, AccountAction.Unsuspend];

    public static string Name(this AccountAction action) => action switch
    {
        AccountAction.Warn => ModerationActions.Warn,
        AccountAction.Limit => ModerationActions.Limit,
        AccountAction.Suspend => ModerationActions.Suspend,
        AccountAction.Unlimit => ModerationActions.Unlimit,
        AccountAction.Unsuspend => ModerationActions.Unsuspend,
        _ => throw new ArgumentOutOfRangeException(nameof(action)),
    };

    public static bool TryParse(string? name, out AccountAction action)
    {
        foreach (var candidate in All)
        {
            if (string.Equals(candidate.Name(), name?.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                action = candidate;
                return true;
            }
        }

        action = default;
        return false;
    }
}
