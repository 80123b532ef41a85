using Nastavnik.Platform.Auth;
using Nastavnik.Platform.Tenancy;

namespace Nastavnik.Features.People;

/// <summary>
/// Field-level visibility: sensitive categories and guardians' contacts only for curator, head and coordinators
/// of the person's own organisation (or above); never for mentors, peers, tutors, psychologists or the public.
/// </summary>
public static class PersonVisibility
{
    public static bool CanSeeSensitive(TenantScope scope, int regionId, int municipalityId, int organizationId) =>
        scope.For(Permissions.PeopleSensitiveRead).CoversOrganization(regionId, municipalityId, organizationId)
        && scope.Has(Permissions.PeopleSensitiveRead);

    public static bool CanSeeSensitive(TenantScope scope, Person p) => CanSeeSensitive(scope, p.RegionId, p.MunicipalityId, p.OrganizationId);

    public static IEnumerable<MenteeCategory> Visible(IEnumerable<MenteeCategory> categories, bool sensitive) =>
        sensitive ? categories : categories.Where(c => !MenteeCategories.IsSensitive(c));
}
