using Nastavnik.Platform.Auth;
using Nastavnik.Platform.Tenancy;

namespace Nastavnik.Features.Events;

/// <summary>Who may change an event: a municipal event by roles over the municipality, a school's by roles over the school.</summary>
public static class EventAccess
{
    public static bool CanWrite(TenantScope scope, int regionId, int municipalityId, int? organizationId)
    {
        var writable = scope.For(Permissions.EventsWrite);
        if (!scope.Has(Permissions.EventsWrite)) return false;
        return organizationId is { } org ? writable.CoversOrganization(regionId, municipalityId, org) : writable.CoversMunicipality(regionId, municipalityId);
    }

    public static bool CanWrite(TenantScope scope, Event e) => CanWrite(scope, e.RegionId, e.MunicipalityId, e.OrganizationId);
}
