using Nastavnik.Platform.Auth;
using Nastavnik.Platform.Tenancy;

namespace Nastavnik.Features.Indicators;

/// <summary>
/// Who writes what (one permission, two audiences): coordinators set targets and edit the catalogue for the levels
/// they cover; heads and curators enter enrolment and manual values of their own organisation.
/// </summary>
public static class IndicatorAccess
{
    private static readonly Role[] Planners = [Role.Administrator, Role.RegionalCoordinator, Role.MunicipalCoordinator];

    private static TenantScope PlannerScope(TenantScope scope) =>
        scope.IsGlobal && scope.Roles.Count == 0 ? scope : TenantScope.FromRoles(scope.For(Permissions.IndicatorsWrite).Roles.Where(r => Planners.Contains(r.Role)));

    public static bool CanPlanAnything(TenantScope scope) => scope.IsGlobal && scope.Roles.Count == 0 || PlannerScope(scope).Roles.Count > 0;

    public static bool CanPlan(TenantScope scope, int regionId, int? municipalityId, int? organizationId)
    {
        var s = PlannerScope(scope);
        return organizationId is { } o ? s.CoversOrganization(regionId, municipalityId ?? 0, o)
            : municipalityId is { } m ? s.CoversMunicipality(regionId, m)
            : s.CoversRegion(regionId);
    }

    public static bool CanEnter(TenantScope scope, int regionId, int municipalityId, int? organizationId)
    {
        var s = scope.For(Permissions.IndicatorsWrite);
        return organizationId is { } o ? s.CoversOrganization(regionId, municipalityId, o) : s.CoversMunicipality(regionId, municipalityId);
    }
}
