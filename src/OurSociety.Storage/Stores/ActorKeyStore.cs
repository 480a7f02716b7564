using Dapper;
using OurSociety.Core.Federation;
using OurSociety.Storage.Sql;

namespace OurSociety.Storage.Stores;

public sealed class ActorKeyStore(IDbConnectionFactory db) : IActorKeyStore
{
    public async Task<ActorKeyPair?> FindAsync(string actor, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        return await connection.QuerySingleOrDefaultAsync<ActorKeyPair>(new CommandDefinition(
            "SELECT private_key_pem AS PrivateKeyPem, public_key_pem AS PublicKeyPem, created_at AS CreatedAt FROM actor_key WHERE actor = @Actor", new { Actor = actor }, cancellationToken: ct));
    }

    public async Task<ActorKeyPair> AddOrGetAsync(
        string actor, string privatePem, string publicPem, DateTimeOffset now, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        // Two first requests may race to make a key: the first stored wins and both use it.
        await connection.ExecuteAsync(new CommandDefinition("""
            INSERT INTO actor_key (actor, private_key_pem, public_key_pem, created_at) VALUES (@Actor, @PrivatePem, @PublicPem, @Now)
            ON CONFLICT (actor) DO NOTHING
            """, new { Actor = actor, PrivatePem = privatePem, PublicPem = publicPem, Now = now }, cancellationToken: ct));
        return await connection.QuerySingleAsync<ActorKeyPair>(new CommandDefinition(
            "SELECT private_key_pem AS PrivateKeyPem, public_key_pem AS PublicKeyPem, created_at AS CreatedAt FROM actor_key WHERE actor = @Actor", new { Actor = actor }, cancellationToken: ct));
    }
}
