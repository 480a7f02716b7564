using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OurSociety.Core.Work;

namespace OurSociety.Core.Hubs;

/// <summary>
/// The hub's name, locality, description, rules, accent colour and logo, as every page and federation document shows
/// them. The <c>OurSociety:Hub:*</c> configuration gives the first values; a value an admin changed on the web is
/// stored and wins from then on. Kept in memory: loaded once at start and again after each change (one query per
/// change, none per page).
/// </summary>
public sealed partial class HubIdentity(
    IOptions<HubOptions> options, IHubProfileStore store, UnitOfWork unit, TimeProvider time, ILogger<HubIdentity> log) : IDisposable
{
    /// <summary>The configuration keys (under <see cref="HubOptions.Section"/>) a value set on the web replaces.</summary>
    public static readonly IReadOnlyList<string> Keys =
        [nameof(HubOptions.Name), nameof(HubOptions.Locality), nameof(HubOptions.Description), nameof(HubOptions.Rules), nameof(HubOptions.Accent)];

    private readonly SemaphoreSlim _writing = new(1, 1);
    private volatile Snapshot? _snapshot;

    /// <summary>Raised after a change is committed and loaded (e.g. to drop cached pages).</summary>
    public event Action<HubProfile>? Changed;

    /// <summary>The hub's own handle: configuration only, as it cannot change once federated.</summary>
    public string Username => options.Value.Username;

    /// <summary>The handle as the hub's actor, addresses and blocks carry it: lower case, whatever case the setting has.</summary>
    public string ActorUsername => Username.ToLowerInvariant();

    /// <summary>The hub as shown now.</summary>
    public HubProfile Current => (_snapshot ?? LoadNow()).Current;

    /// <summary>What was set on the web (null fields: configuration is used).</summary>
    public StoredHubProfile Stored => (_snapshot ?? LoadNow()).Stored;

    /// <summary>The keys of <see cref="Keys"/> whose value was set on the web, so their configuration value is not used.</summary>
    public IReadOnlyList<string> SetOnTheWeb
    {
        get
        {
            var stored = Stored;
            return Keys.Where(key => key switch
            {
                nameof(HubOptions.Name) => stored.Name is not null,
                nameof(HubOptions.Locality) => stored.Locality is not null,
                nameof(HubOptions.Description) => stored.Description is not null,
                nameof(HubOptions.Rules) => stored.Rules is not null,
                _ => stored.Accent is not null,
            }).ToList();
        }
    }

    /// <summary>Reads the stored values (at start, after migrations).</summary>
    public async Task<HubProfile> LoadAsync(CancellationToken ct)
    {
        var stored = await store.GetAsync(ct);
        var snapshot = new Snapshot(stored, Merge(stored, options.Value));
        _snapshot = snapshot;
        return snapshot.Current;
    }

    /// <summary>
    /// Stores each text that differs from what is shown now (the others keep following configuration). The caller has
    /// checked the values (lengths, the accent's contrast). A change to what other servers show (name, locality,
    /// description) is federated: the Group's Update is queued in the same transaction. False when nothing changed.
    /// </summary>
    public async Task<bool> SaveAsync(HubChange change, Guid adminId, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(change);
        if (change.Accent.Length > 0 && (AccentColour.Normalize(change.Accent) is not { } accent || !AccentColour.IsReadable(accent)))
        {
            throw new ArgumentException("The accent colour must be a readable #rrggbb colour.", nameof(change));
        }

        await _writing.WaitAsync(ct);
        try
        {
            var (stored, current) = await LoadSnapshotAsync(ct);
            var next = stored with
            {
                Name = Replace(change.Name, current.Name, stored.Name),
                Locality = Replace(change.Locality, current.Locality, stored.Locality),
                Description = Replace(change.Description, current.Description, stored.Description),
                Rules = Replace(change.Rules, current.Rules, stored.Rules),
                Accent = Replace(change.Accent.ToLowerInvariant(), current.Accent, stored.Accent),
                Topics = Replace(change.Topics, current.Topics, stored.Topics),
                Latitude = change.Latitude,
                Longitude = change.Longitude,
            };
            if (next == stored)
            {
                return false;
            }

            var federated = change.Name != current.Name || change.Locality != current.Locality || change.Description != current.Description
                || change.Topics != current.Topics || change.Latitude != current.Latitude || change.Longitude != current.Longitude;
            await CommitAsync(next, adminId, federated, ct);
            var fields = string.Join(", ", Keys.Where(k => Differs(k, stored, next))
                .Concat(stored.Topics != next.Topics ? ["Topics"] : [])
                .Concat(stored.Latitude != next.Latitude || stored.Longitude != next.Longitude ? ["Coordinates"] : []));
            LogChanged(adminId, fields);
            return true;
        }
        finally
        {
            _writing.Release();
        }
    }

    /// <summary>Sets (or, with null, removes) the logo; the Group's followers are told.</summary>
    public async Task SetLogoAsync(HubLogo? logo, Guid adminId, CancellationToken ct)
    {
        await _writing.WaitAsync(ct);
        try
        {
            var (stored, _) = await LoadSnapshotAsync(ct);
            if (stored.Logo == logo)
            {
                return;
            }

            await CommitAsync(stored with { Logo = logo }, adminId, federated: true, ct);
            LogLogoChanged(adminId, logo is null ? "removed" : "set");
        }
        finally
        {
            _writing.Release();
        }
    }

    public void Dispose() => _writing.Dispose();

    private async Task CommitAsync(StoredHubProfile next, Guid adminId, bool federated, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        await unit.CommitAsync(async tx =>
        {
            await store.SaveAsync(next, adminId, now, tx, ct);
            return federated ? [HubWork.Item(now)] : (IReadOnlyCollection<NewWorkItem>)[];
        }, ct);
        var current = await LoadAsync(ct);
        Changed?.Invoke(current);
    }

    private async Task<(StoredHubProfile Stored, HubProfile Current)> LoadSnapshotAsync(CancellationToken ct)
    {
        if (_snapshot is not { } snapshot)
        {
            await LoadAsync(ct);
            snapshot = _snapshot!;
        }

        return (snapshot.Stored, snapshot.Current);
    }

    // SQLite's ADO.NET provider completes its "async" calls synchronously, so this waits on no other thread. Only a
    // process that read the hub before start-up loaded it (the admin CLI) comes here.
    private Snapshot LoadNow()
    {
        LoadAsync(CancellationToken.None).GetAwaiter().GetResult();
        return _snapshot!;
    }

    private static HubProfile Merge(StoredHubProfile stored, HubOptions configured) => new(
        stored.Name ?? configured.Name,
        stored.Locality ?? configured.Locality,
        stored.Description ?? configured.Description,
        stored.Rules ?? configured.Rules,
        stored.Accent ?? AccentColour.Normalize(configured.Accent) ?? "",
        stored.Logo,
        stored.Topics ?? "",
        stored.Latitude,
        stored.Longitude);

    /// <summary>The value to store: the new one when it differs from what is shown, else what was stored (maybe null).</summary>
    private static string? Replace(string sent, string shown, string? stored) => sent == shown ? stored : sent;

    private static bool Differs(string key, StoredHubProfile a, StoredHubProfile b) => key switch
    {
        nameof(HubOptions.Name) => a.Name != b.Name,
        nameof(HubOptions.Locality) => a.Locality != b.Locality,
        nameof(HubOptions.Description) => a.Description != b.Description,
        nameof(HubOptions.Rules) => a.Rules != b.Rules,
        _ => a.Accent != b.Accent,
    };

    [LoggerMessage(EventId = 1401, Level = LogLevel.Information, Message = "Admin {AdminId} changed the hub's {Fields}")]
    private partial void LogChanged(Guid adminId, string fields);

    [LoggerMessage(EventId = 1402, Level = LogLevel.Information, Message = "Admin {AdminId} {Change} the hub's logo")]
    private partial void LogLogoChanged(Guid adminId, string change);

    private sealed record Snapshot(StoredHubProfile Stored, HubProfile Current);
}
