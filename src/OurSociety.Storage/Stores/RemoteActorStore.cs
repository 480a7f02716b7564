using Dapper;
using OurSociety.Core;
using OurSociety.Core.Federation;
using OurSociety.Storage.Sql;

namespace OurSociety.Storage.Stores;

public sealed class RemoteActorStore(IDbConnectionFactory db) : IRemoteActorStore
{
    private const string Columns = """
        id, type, username, host, name, inbox, shared_inbox, url, icon_url, key_id, public_key_pem,
        manually_approves_followers, document, fetched_at, implements_introductions, glue_er, indexable,
        locality
        """;

    public async Task UpsertAsync(RemoteActor actor, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition($"""
            INSERT INTO remote_actor ({Columns})
            VALUES (@Id, @Type, @Username, @Host, @Name, @Inbox, @SharedInbox, @Url, @IconUrl, @KeyId, @PublicKeyPem,
                    @ManuallyApprovesFollowers, @Document, @FetchedAt, @ImplementsIntroductions, @IsGlueEr, @Indexable,
                    @Locality)
            ON CONFLICT (id) DO UPDATE SET
                type = excluded.type, username = excluded.username, host = excluded.host, name = excluded.name,
                inbox = excluded.inbox, shared_inbox = excluded.shared_inbox, url = excluded.url, icon_url = excluded.icon_url,
                key_id = excluded.key_id, public_key_pem = excluded.public_key_pem,
                manually_approves_followers = excluded.manually_approves_followers, document = excluded.document,
                fetched_at = excluded.fetched_at, implements_introductions = excluded.implements_introductions,
                glue_er = excluded.glue_er, indexable = excluded.indexable,
                locality = excluded.locality
            """, new
        {
            actor.Id,
            actor.Type,
            actor.Username,
            actor.Host,
            actor.Name,
            actor.Inbox,
            actor.SharedInbox,
            actor.Url,
            actor.IconUrl,
            actor.KeyId,
            actor.PublicKeyPem,
            actor.ManuallyApprovesFollowers,
            actor.Document,
            actor.FetchedAt,
            ImplementsIntroductions = actor.ImplementsIntroductions ? 1L : 0L,
            IsGlueEr = actor.IsGlueEr ? 1L : 0L,
            Indexable = actor.Indexable is { } indexable ? (indexable ? 1L : 0L) : (long?)null,
            actor.Locality,
        }, cancellationToken: ct));
    }

    public async Task<RemoteActor?> FindAsync(string id, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        return (await connection.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(
            $"SELECT {Columns} FROM remote_actor WHERE id = @Id", new { Id = id }, cancellationToken: ct)))?.ToDomain();
    }

    public async Task<RemoteActor?> FindByKeyIdAsync(string keyId, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        return (await connection.QueryFirstOrDefaultAsync<Row>(new CommandDefinition(
            $"SELECT {Columns} FROM remote_actor WHERE key_id = @KeyId", new { KeyId = keyId }, cancellationToken: ct)))?.ToDomain();
    }

    public async Task<bool> DeleteAsync(string id, ITransaction tx, CancellationToken ct)
    {
        var (connection, transaction) = tx.Sql();
        return await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM remote_actor WHERE id = @Id", new { Id = id }, transaction, cancellationToken: ct)) == 1;
    }

    internal sealed class Row
    {
        public required string Id { get; init; }
        public required string Type { get; init; }
        public string? Username { get; init; }
        public required string Host { get; init; }
        public string? Name { get; init; }
        public required string Inbox { get; init; }
        public string? SharedInbox { get; init; }
        public string? Url { get; init; }
        public string? IconUrl { get; init; }
        public string? KeyId { get; init; }
        public string? PublicKeyPem { get; init; }
        public required long ManuallyApprovesFollowers { get; init; }
        public required string Document { get; init; }
        public required DateTimeOffset FetchedAt { get; init; }
        public long ImplementsIntroductions { get; init; }
        public long GlueEr { get; init; }
        public long? Indexable { get; init; }
        public string? Locality { get; init; }

        public RemoteActor ToDomain() => new(
            Id, Type, Username, Host, Name, Inbox, SharedInbox, Url, IconUrl, KeyId, PublicKeyPem, ManuallyApprovesFollowers != 0, Document, FetchedAt)
        {
            ImplementsIntroductions = ImplementsIntroductions != 0,
            IsGlueEr = GlueEr != 0,
            Indexable = Indexable is { } indexable ? indexable != 0 : null,
            Locality = Locality,
        };
    }
}
