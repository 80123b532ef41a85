using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Nastavnik.Data;
using Nastavnik.Platform.Tenancy;

namespace Nastavnik.Platform.Auth;

/// <summary>
/// "Authorization: Bearer nst_…" for /api/v1. The token's hash is looked up; the principal carries the
/// token's scoped role exactly like a user's cookie does, so the same query filters apply.
/// Cookies are not accepted on the API, which keeps it out of reach of cross-site requests.
/// </summary>
public sealed class ApiTokenAuthentication(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder,
    AppDbContext db, TimeProvider clock)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public new const string Scheme = "ApiToken";
    public const string PolicyPrefix = "api:";
    public const string TokenPrefix = "nst_";

    public static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    public static string NewToken() => TokenPrefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).Replace('+', '-').Replace('/', '_').TrimEnd('=');

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)) return AuthenticateResult.NoResult();
        var token = header["Bearer ".Length..].Trim();
        if (!token.StartsWith(TokenPrefix, StringComparison.Ordinal)) return AuthenticateResult.Fail("bad token");
        var hash = Hash(token);
        var now = clock.GetUtcNow().UtcDateTime;
        var t = await db.ApiTokens.FirstOrDefaultAsync(x => x.TokenHash == hash);
        if (t is null || t.RevokedAt is not null || (t.ExpiresAt is { } exp && exp <= now)) return AuthenticateResult.Fail("unknown token");
        // Recording the last use at most once a minute keeps a busy integration from writing on every call.
        if (t.LastUsedAt is null || now - t.LastUsedAt > TimeSpan.FromMinutes(1))
        {
            t.LastUsedAt = now;
            await db.SaveChangesAsync();
        }
        var identity = new ClaimsIdentity(
        [
            new Claim(ClaimTypes.NameIdentifier, "token:" + t.Id),
            new Claim(ClaimTypes.Name, "API-токен «" + t.Name + "»"),
            new Claim(ScopedRole.ClaimType, new ScopedRole(t.Role, t.RegionId, t.MunicipalityId, t.OrganizationId).ToClaimValue()),
        ], Scheme);
        var principal = new ClaimsPrincipal(identity);
        // The DbContext of this request was created before authentication; give it the token's scope.
        Context.RequestServices.GetRequiredService<CurrentScope>().Set(TenantScope.FromPrincipal(principal));
        return AuthenticateResult.Success(new AuthenticationTicket(principal, Scheme));
    }
}
