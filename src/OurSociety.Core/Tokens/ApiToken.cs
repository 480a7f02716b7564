using OurSociety.Core.Paging;

namespace OurSociety.Core.Tokens;

/// <summary>A personal API token. Only its SHA-256 hash is stored; the token itself is shown once.</summary>
public sealed record ApiToken(Guid Id, Guid MemberId, string Name, DateTimeOffset CreatedAt, DateTimeOffset? LastUsedAt);

public interface IApiTokenStore
{
    Task AddAsync(ApiToken token, string tokenHash, CancellationToken ct);

    /// <summary>The live token with this hash, or null.</summary>
    Task<ApiToken?> FindByHashAsync(string tokenHash, CancellationToken ct);

    Task TouchAsync(Guid id, DateTimeOffset now, CancellationToken ct);

    Task<Page<ApiToken>> ListAsync(Guid memberId, Cursor after, int limit, CancellationToken ct);

    Task<bool> DeleteAsync(Guid memberId, Guid id, CancellationToken ct);
}
