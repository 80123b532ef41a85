using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Nastavnik.Data;
using Nastavnik.Platform.Auth;
using Nastavnik.Platform.Tenancy;

namespace Nastavnik.Features.Programmes.Templates;

/// <summary>
/// Who writes which template. Reading follows the query filter (a template is seen at its level and below). Writing
/// is done at one's own level only: the administrator keeps the built-in ones, the regional coordinator the region's,
/// the municipal coordinator the municipality's, the head and the curator their school's. A coordinator does not edit
/// a school's template (they copy it to their own level instead).
/// </summary>
public static class ProgrammeTemplateAccess
{
    /// <summary>A level the user may write templates at, with the ids it stands for and a label for the form.</summary>
    public sealed record Owner(string Key, TemplateLevel Level, int? RegionId, int? MunicipalityId, int? OrganizationId, string Label);

    private static IEnumerable<ScopedRole> Writers(TenantScope scope) => scope.For(Permissions.ProgrammeTemplatesWrite).Roles;

    private static bool IsSystem(TenantScope scope) => scope.IsGlobal && scope.Roles.Count == 0;

    public static bool CanWrite(TenantScope scope, ProgrammeTemplate t) =>
        IsSystem(scope) || CanWriteAt(scope, t.Level, t.RegionId, t.MunicipalityId, t.OrganizationId);

    public static bool CanWriteAt(TenantScope scope, TemplateLevel level, int? regionId, int? municipalityId, int? organizationId) =>
        Writers(scope).Any(r => r.Level == ScopeLevel.Global || level switch
        {
            TemplateLevel.Region => r.Role == Role.RegionalCoordinator && r.RegionId == regionId,
            TemplateLevel.Municipality => r.Role == Role.MunicipalCoordinator && r.MunicipalityId == municipalityId,
            TemplateLevel.Organization => r.Role is Role.Head or Role.Curator && r.OrganizationId == organizationId,
            _ => false,
        });

    /// <summary>"Save this programme as a template" is offered to whoever writes the school's templates.</summary>
    public static bool CanSaveProgramme(ClaimsPrincipal user, int regionId, int municipalityId, int organizationId) =>
        CanWriteAt(TenantScope.FromPrincipal(user), TemplateLevel.Organization, regionId, municipalityId, organizationId);

    /// <summary>The levels the user may create templates at, named.</summary>
    public static async Task<List<Owner>> OwnersAsync(AppDbContext db, CancellationToken ct = default)
    {
        var result = new List<Owner>();
        var roles = Writers(db.Scope).ToList();
        if (roles.Any(r => r.Level == ScopeLevel.Global)) result.Add(new Owner("b", TemplateLevel.BuiltIn, null, null, null, "Встроенный (для всех регионов)"));
        var regionIds = roles.Where(r => r.Role == Role.RegionalCoordinator).Select(r => r.RegionId!.Value).Distinct().ToList();
        var municipalityIds = roles.Where(r => r.Role == Role.MunicipalCoordinator).Select(r => r.MunicipalityId!.Value).Distinct().ToList();
        var organizationIds = roles.Where(r => r.Role is Role.Head or Role.Curator).Select(r => r.OrganizationId!.Value).Distinct().ToList();
        foreach (var r in await db.Regions.AsNoTracking().Where(x => regionIds.Contains(x.Id)).OrderBy(x => x.Name).ToListAsync(ct))
            result.Add(new Owner($"r{r.Id}", TemplateLevel.Region, r.Id, null, null, "Региональный: " + r.Name));
        foreach (var m in await db.Municipalities.AsNoTracking().Where(x => municipalityIds.Contains(x.Id)).OrderBy(x => x.Name).ToListAsync(ct))
            result.Add(new Owner($"m{m.Id}", TemplateLevel.Municipality, m.RegionId, m.Id, null, "Муниципальный: " + m.Name));
        foreach (var o in await db.Organizations.AsNoTracking().Where(x => organizationIds.Contains(x.Id)).OrderBy(x => x.Name).ToListAsync(ct))
            result.Add(new Owner($"o{o.Id}", TemplateLevel.Organization, o.RegionId, o.MunicipalityId, o.Id, "Школьный: " + o.Name));
        return result;
    }

    /// <summary>«региональный: Демонстрационная область» and so on, for lists and cards.</summary>
    public static async Task<Dictionary<int, string>> OwnerLabelsAsync(AppDbContext db, IReadOnlyCollection<ProgrammeTemplate> templates, CancellationToken ct = default)
    {
        var regionIds = templates.Where(t => t.Level == TemplateLevel.Region).Select(t => t.RegionId!.Value).Distinct().ToList();
        var municipalityIds = templates.Where(t => t.Level == TemplateLevel.Municipality).Select(t => t.MunicipalityId!.Value).Distinct().ToList();
        var organizationIds = templates.Where(t => t.Level == TemplateLevel.Organization).Select(t => t.OrganizationId!.Value).Distinct().ToList();
        // Names of the owners above the viewer are readable through the filters (ancestors); a school below a
        // coordinator is in their scope. IgnoreQueryFilters is not needed.
        var regions = await db.Regions.AsNoTracking().Where(x => regionIds.Contains(x.Id)).ToDictionaryAsync(x => x.Id, x => x.Name, ct);
        var municipalities = await db.Municipalities.AsNoTracking().Where(x => municipalityIds.Contains(x.Id)).ToDictionaryAsync(x => x.Id, x => x.Name, ct);
        var organizations = await db.Organizations.AsNoTracking().Where(x => organizationIds.Contains(x.Id)).ToDictionaryAsync(x => x.Id, x => x.Name, ct);
        return templates.ToDictionary(t => t.Id, t => t.Level switch
        {
            TemplateLevel.Region => "региональный: " + regions.GetValueOrDefault(t.RegionId!.Value, "—"),
            TemplateLevel.Municipality => "муниципальный: " + municipalities.GetValueOrDefault(t.MunicipalityId!.Value, "—"),
            TemplateLevel.Organization => "школьный: " + organizations.GetValueOrDefault(t.OrganizationId!.Value, "—"),
            _ => "встроенный",
        });
    }
}
