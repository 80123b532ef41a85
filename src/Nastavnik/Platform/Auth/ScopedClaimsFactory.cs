using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Nastavnik.Data;
using Nastavnik.Platform.Tenancy;

namespace Nastavnik.Platform.Auth;

/// <summary>
/// Puts the user's scoped roles into the cookie as claims, so the tenant scope of a request costs no query.
/// Claims are rebuilt at sign-in and whenever the security stamp is revalidated (role changes bump the stamp).
/// </summary>
public sealed class ScopedClaimsFactory(UserManager<AppUser> users, IOptions<IdentityOptions> options, AppDbContext db)
    : UserClaimsPrincipalFactory<AppUser>(users, options)
{
    public const string FullNameClaim = "nst:name";
    public const string TwoFactorMissingClaim = "nst:2fa-missing";

    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(AppUser user)
    {
        var id = await base.GenerateClaimsAsync(user);
        id.AddClaim(new Claim(FullNameClaim, user.FullName));
        var roles = await db.RoleAssignments.AsNoTracking().Where(r => r.UserId == user.Id).ToListAsync();
        foreach (var r in roles)
            id.AddClaim(new Claim(ScopedRole.ClaimType, new ScopedRole(r.Role, r.RegionId, r.MunicipalityId, r.OrganizationId).ToClaimValue()));
        if (!user.TwoFactorEnabled && roles.Count > 0)
        {
            var required = await db.TwoFactorRequirements.AsNoTracking().Select(t => t.Role).ToListAsync();
            if (roles.Any(r => required.Contains(r.Role))) id.AddClaim(new Claim(TwoFactorMissingClaim, "1"));
        }
        return id;
    }
}
