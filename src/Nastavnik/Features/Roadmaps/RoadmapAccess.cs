using Nastavnik.Platform.Auth;
using Nastavnik.Platform.Tenancy;

namespace Nastavnik.Features.Roadmaps;

/// <summary>
/// Who may do what to one roadmap; <see cref="TenantResourceHandler"/> asks here. <paramref name="scope"/> is
/// already narrowed to the roles that hold the permission.
/// <list type="bullet">
/// <item>Read: the owner is in scope, or it is a municipal roadmap and one works in that municipality.</item>
/// <item>Write a municipal roadmap: coordinators covering the municipality (and administrators).</item>
/// <item>Write an organisation's roadmap: that organisation's head or curator (and administrators). Coordinators
/// do not write it: they approve or return it, and the one who approves should not be the one who wrote.</item>
/// <item>Approve or return: coordinators covering the municipality.</item>
/// </list>
/// </summary>
public static class RoadmapAccess
{
    public static bool Allows(TenantScope scope, Roadmap r, string permission) => permission switch
    {
        Permissions.RoadmapsRead => CoversOwner(scope, r)
            || (r.IsMunicipal && scope.Roles.Any(x => x.MunicipalityId == r.MunicipalityId)),
        Permissions.RoadmapsWrite => r.IsMunicipal
            ? scope.CoversMunicipality(r.RegionId, r.MunicipalityId)
            : scope.Roles.Any(x => x.Level == ScopeLevel.Global || (x.Level == ScopeLevel.Organization && x.OrganizationId == r.OrganizationId)),
        Permissions.RoadmapsApprove => scope.CoversMunicipality(r.RegionId, r.MunicipalityId),
        _ => false,
    };

    private static bool CoversOwner(TenantScope scope, Roadmap r) => r.OrganizationId is { } org
        ? scope.CoversOrganization(r.RegionId, r.MunicipalityId, org)
        : scope.CoversMunicipality(r.RegionId, r.MunicipalityId);
}
