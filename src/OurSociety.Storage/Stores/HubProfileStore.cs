using System.Globalization;
using Dapper;
using OurSociety.Core;
using OurSociety.Core.Hubs;
using OurSociety.Storage.Sql;

namespace OurSociety.Storage.Stores;

public sealed class HubProfileStore(IDbConnectionFactory db) : IHubProfileStore
{
    /// <summary>The row with its two logo pictures' types and sizes, in one query.</summary>
    public async Task<StoredHubProfile> GetAsync(CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        var row = await connection.QuerySingleOrDefaultAsync<HubProfileRow>(new CommandDefinition("""
            SELECT h.name, h.locality, h.description, h.rules, h.accent, h.topics, h.latitude, h.longitude,
                   large.id AS logo_id, large.media_type AS logo_media_type, large.width AS logo_width, large.height AS logo_height,
                   small.id AS small_id, small.media_type AS small_media_type, small.width AS small_width, small.height AS small_height
            FROM hub_profile h
            LEFT JOIN media large ON large.id = h.logo_media_id
            LEFT JOIN media small ON small.id = h.logo_small_media_id
            WHERE h.id = 1
            """, cancellationToken: ct));
        return row?.ToDomain() ?? StoredHubProfile.None;
    }

    public async Task SaveAsync(StoredHubProfile profile, Guid changedBy, DateTimeOffset at, ITransaction tx, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(profile);
        var (connection, transaction) = tx.Sql();
        await connection.ExecuteAsync(new CommandDefinition("""
            INSERT INTO hub_profile (id, name, locality, description, rules, accent, logo_media_id, logo_small_media_id, updated_by, updated_at,
                                     topics, latitude, longitude)
            VALUES (1, @Name, @Locality, @Description, @Rules, @Accent, @LogoId, @SmallId, @By, @At, @Topics, @Latitude, @Longitude)
            ON CONFLICT (id) DO UPDATE SET
                name = excluded.name, locality = excluded.locality, description = excluded.description, rules = excluded.rules,
                accent = excluded.accent, logo_media_id = excluded.logo_media_id, logo_small_media_id = excluded.logo_small_media_id,
                updated_by = excluded.updated_by, updated_at = excluded.updated_at,
                topics = excluded.topics, latitude = excluded.latitude, longitude = excluded.longitude
            """, new
        {
            profile.Name,
            profile.Locality,
            profile.Description,
            profile.Rules,
            profile.Accent,
            LogoId = profile.Logo?.Id,
            SmallId = profile.Logo?.SmallId,
            By = changedBy,
            At = at,
            profile.Topics,
            // Kept as invariant text (the column is TEXT, portable), read back exactly ("R").
            Latitude = profile.Latitude?.ToString("R", CultureInfo.InvariantCulture),
            Longitude = profile.Longitude?.ToString("R", CultureInfo.InvariantCulture),
        }, transaction, cancellationToken: ct));
    }

    private sealed class HubProfileRow
    {
        public string? Name { get; init; }
        public string? Locality { get; init; }
        public string? Description { get; init; }
        public string? Rules { get; init; }
        public string? Accent { get; init; }
        public string? Topics { get; init; }
        public string? Latitude { get; init; }
        public string? Longitude { get; init; }
        public Guid? LogoId { get; init; }
        public string? LogoMediaType { get; init; }
        public long LogoWidth { get; init; }
        public long LogoHeight { get; init; }
        public Guid? SmallId { get; init; }
        public string? SmallMediaType { get; init; }
        public long SmallWidth { get; init; }
        public long SmallHeight { get; init; }

        public StoredHubProfile ToDomain() => new(
            Name,
            Locality,
            Description,
            Rules,
            Accent,
            LogoId is { } id && SmallId is { } small && LogoMediaType is not null && SmallMediaType is not null
                ? new HubLogo(id, LogoMediaType, checked((int)LogoWidth), checked((int)LogoHeight), small, SmallMediaType, checked((int)SmallWidth), checked((int)SmallHeight))
                : null,
            Topics,
            Degrees(Latitude),
            Degrees(Longitude));

        private static double? Degrees(string? text) =>
            double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) ? value : null;
    }
}
