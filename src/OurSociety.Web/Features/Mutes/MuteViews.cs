using OurSociety.Core.Federation;
using OurSociety.Core.Introductions;
using OurSociety.Core.Members;
using OurSociety.Core.Moderation;

namespace OurSociety.Web.Features.Mutes;

/// <summary>
/// An account a member muted or blocked, as pages and the API show it: <see cref="Actor"/> is how it is stored (a
/// member's id or a remote IRI) and what the undo forms send back.
/// </summary>
public sealed record MutedAccount(string Actor, bool IsLocal, string Handle, string? Name, string? Url, DateTimeOffset CreatedAt);

/// <summary>Turns stored mutes and blocks into <see cref="MutedAccount"/>s (members by id, accounts elsewhere as stored).</summary>
public sealed class MuteViews(IMemberStore members, IRemoteActorStore actors, IIntroductionAddresses addresses)
{
    public async Task<MutedAccount> AccountAsync(string actor, bool isLocal, DateTimeOffset createdAt, CancellationToken ct)
    {
        if (isLocal)
        {
            return Guid.TryParse(actor, out var id) && await members.FindAsync(id, ct) is { } member
                ? new MutedAccount(actor, true, "@" + member.Username, member.DisplayName, addresses.ProfileOf(member), createdAt)
                : new MutedAccount(actor, true, actor, null, null, createdAt);
        }

        return await actors.FindAsync(actor, ct) is { } remote
            ? new MutedAccount(actor, false, remote.Handle, remote.Name, remote.Url ?? remote.Id, createdAt)
            : new MutedAccount(actor, false, actor, null, actor, createdAt);
    }

    public async Task<IReadOnlyList<MutedAccount>> AccountsAsync(IEnumerable<AccountMute> mutes, CancellationToken ct)
    {
        var list = new List<MutedAccount>();
        foreach (var mute in mutes)
        {
            list.Add(await AccountAsync(mute.Target, mute.IsLocal, mute.CreatedAt, ct));
        }

        return list;
    }
}
