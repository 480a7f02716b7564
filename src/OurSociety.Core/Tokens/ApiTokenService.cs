using Microsoft.Extensions.Logging;
using OurSociety.Core.Members;
using OurSociety.Core.Paging;

namespace OurSociety.Core.Tokens;

public sealed partial class ApiTokenService(IApiTokenStore tokens, IMemberStore members, TimeProvider time, ILogger<ApiTokenService> log)
{
    /// <summary>Tokens start with this, so a leaked one is recognisable (and secret scanners can match it).</summary>
    public const string Prefix = "os_";
    public const int NameMax = 100;

    public async Task<Outcome<(ApiToken Token, string Secret)>> CreateAsync(Guid memberId, string? name, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(name) || name.Trim().Length > NameMax)
        {
            return new Outcome<(ApiToken, string)>.Invalid("name", CoreText.Format("Token.Name", ("max", NameMax)));
        }

        if (await members.FindAsync(memberId, ct) is not { State: MemberState.Active })
        {
            return new Outcome<(ApiToken, string)>.NotFound();
        }

        var now = time.GetUtcNow();
        var secret = Prefix + Secrets.NewCode(32);
        var token = new ApiToken(Guid.CreateVersion7(now), memberId, name.Trim(), now, null);
        await tokens.AddAsync(token, Secrets.Hash(secret), ct);
        LogCreated(token.Id, memberId);
        return new Outcome<(ApiToken, string)>.Ok((token, secret));
    }

    /// <summary>The active member a bearer token belongs to, or null.</summary>
    public async Task<Member?> AuthenticateAsync(string? secret, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(secret) || !secret.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return null;
        }

        var token = await tokens.FindByHashAsync(Secrets.Hash(secret), ct);
        if (token is null || await members.FindAsync(token.MemberId, ct) is not { State: MemberState.Active } member)
        {
            return null;
        }

        var now = time.GetUtcNow();
        if (token.LastUsedAt is null || now - token.LastUsedAt > TimeSpan.FromMinutes(5))
        {
            await tokens.TouchAsync(token.Id, now, ct);   // coarse, so reads don't each become a write
        }

        return member;
    }

    public Task<Page<ApiToken>> ListAsync(Guid memberId, Cursor after, int limit, CancellationToken ct) =>
        tokens.ListAsync(memberId, after, limit, ct);

    public async Task<Outcome<bool>> RevokeAsync(Guid memberId, Guid tokenId, CancellationToken ct)
    {
        if (!await tokens.DeleteAsync(memberId, tokenId, ct))
        {
            return new Outcome<bool>.NotFound();
        }

        LogRevoked(tokenId, memberId);
        return new Outcome<bool>.Ok(true);
    }

    [LoggerMessage(EventId = 4101, Level = LogLevel.Information, Message = "API token {TokenId} created for member {MemberId}")]
    private partial void LogCreated(Guid tokenId, Guid memberId);

    [LoggerMessage(EventId = 4102, Level = LogLevel.Information, Message = "API token {TokenId} of member {MemberId} revoked")]
    private partial void LogRevoked(Guid tokenId, Guid memberId);
}
