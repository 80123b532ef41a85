using System.Globalization;
using System.Security.Claims;
using Nastavnik.Platform.Auth;

namespace Nastavnik.Platform.Tenancy;

/// <summary>One role held by the current user, with the chain of tenants it sits in.</summary>
public sealed record ScopedRole(Role Role, int? RegionId, int? MunicipalityId, int? OrganizationId)
{
    public const string ClaimType = "nst:role";

    public ScopeLevel Level => OrganizationId is not null ? ScopeLevel.Organization
        : MunicipalityId is not null ? ScopeLevel.Municipality
        : RegionId is not null ? ScopeLevel.Region
        : ScopeLevel.Global;

    /// <summary>Claim value: "Curator|1|3|12" (role|region|municipality|organization, empty for none).</summary>
    public string ToClaimValue() => string.Join('|', Role, RegionId, MunicipalityId, OrganizationId);

    public static ScopedRole? Parse(string value)
    {
        var p = value.Split('|');
        if (p.Length != 4 || !Enum.TryParse<Role>(p[0], out var role)) return null;
        static int? Id(string s) => int.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v : null;
        return new ScopedRole(role, Id(p[1]), Id(p[2]), Id(p[3]));
    }

    /// <summary>Does this role's scope cover an organisation with these parents?</summary>
    public bool Covers(int regionId, int municipalityId, int organizationId) => Level switch
    {
        ScopeLevel.Global => true,
        ScopeLevel.Region => RegionId == regionId,
        ScopeLevel.Municipality => MunicipalityId == municipalityId,
        _ => OrganizationId == organizationId,
    };
}

/// <summary>
/// What the current principal may see. The query layer (EF global filters in AppDbContext) reads it, so a
/// row outside the scope does not exist for the request: lists are empty and ids answer 404.
/// </summary>
public sealed class TenantScope
{
    public static readonly TenantScope None = new([], isSystem: false);
    /// <summary>CLI commands, migrations, background jobs and the demo seeder.</summary>
    public static readonly TenantScope System = new([], isSystem: true);

    private TenantScope(IReadOnlyList<ScopedRole> roles, bool isSystem)
    {
        Roles = roles;
        IsGlobal = isSystem || roles.Any(r => r.Level == ScopeLevel.Global);
        RegionIds = [.. roles.Where(r => r.Level == ScopeLevel.Region).Select(r => r.RegionId!.Value).Distinct()];
        MunicipalityIds = [.. roles.Where(r => r.Level == ScopeLevel.Municipality).Select(r => r.MunicipalityId!.Value).Distinct()];
        OrganizationIds = [.. roles.Where(r => r.Level == ScopeLevel.Organization).Select(r => r.OrganizationId!.Value).Distinct()];
        // Parents of what one holds are visible by name (a curator sees which municipality the school is in).
        AncestorRegionIds = [.. roles.Where(r => r.RegionId is not null).Select(r => r.RegionId!.Value).Distinct()];
        AncestorMunicipalityIds = [.. roles.Where(r => r.MunicipalityId is not null).Select(r => r.MunicipalityId!.Value).Distinct()];
    }

    public IReadOnlyList<ScopedRole> Roles { get; }
    public bool IsGlobal { get; }
    public List<int> RegionIds { get; }
    public List<int> MunicipalityIds { get; }
    public List<int> OrganizationIds { get; }
    public List<int> AncestorRegionIds { get; }
    public List<int> AncestorMunicipalityIds { get; }

    public static TenantScope FromRoles(IEnumerable<ScopedRole> roles) => new([.. roles], isSystem: false);

    public static TenantScope FromPrincipal(ClaimsPrincipal? user)
    {
        if (user?.Identity?.IsAuthenticated != true) return None;
        return FromRoles(user.FindAll(ScopedRole.ClaimType).Select(c => ScopedRole.Parse(c.Value)).OfType<ScopedRole>());
    }

    /// <summary>The part of the scope in which the given permission is held.</summary>
    public TenantScope For(string permission) =>
        IsGlobal && Roles.Count == 0 ? this : FromRoles(Roles.Where(r => Permissions.Allows(permission, r.Role)));

    public bool Has(string permission) => (IsGlobal && Roles.Count == 0) || Roles.Any(r => Permissions.Allows(permission, r.Role));

    public bool Has(Role role) => Roles.Any(r => r.Role == role);

    public bool CoversOrganization(int regionId, int municipalityId, int organizationId) =>
        (IsGlobal && Roles.Count == 0) || Roles.Any(r => r.Covers(regionId, municipalityId, organizationId));

    public bool CoversMunicipality(int regionId, int municipalityId) =>
        (IsGlobal && Roles.Count == 0) || Roles.Any(r => r.Level switch
        {
            ScopeLevel.Global => true,
            ScopeLevel.Region => r.RegionId == regionId,
            ScopeLevel.Municipality => r.MunicipalityId == municipalityId,
            _ => false,
        });

    public bool CoversRegion(int regionId) =>
        (IsGlobal && Roles.Count == 0) || Roles.Any(r => r.Level == ScopeLevel.Global || (r.Level == ScopeLevel.Region && r.RegionId == regionId));
}

/// <summary>Resolves the scope of the current request once; background work gets <see cref="TenantScope.System"/>.</summary>
public sealed class CurrentScope(IHttpContextAccessor http)
{
    private TenantScope? _scope;

    public TenantScope Value => _scope ??= http.HttpContext is { } ctx ? TenantScope.FromPrincipal(ctx.User) : TenantScope.System;

    /// <summary>For tests and jobs that act on behalf of someone.</summary>
    public void Set(TenantScope scope) => _scope = scope;
}
