using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Nastavnik.Data;
using Nastavnik.Platform.Auth;

namespace Nastavnik.Features.Monitoring;

/// <summary>
/// Who the current user is to monitoring: which register people they are (mentors and mentees are matched by the
/// account's e-mail, as <see cref="Programmes.ProgrammeAccess"/> and the Notifier do), for which organisations they fill
/// the curator's questionnaires, and where they may write questionnaires.
/// </summary>
public sealed class MonitoringAccess(AppDbContext db, UserManager<AppUser> users, IHttpContextAccessor http)
{
    /// <summary>A place a questionnaire can be written at: a region (by its coordinator) or an organisation (by its curator or head).</summary>
    public sealed record Level(string Code, string Name, int RegionId, int? MunicipalityId, int? OrganizationId);

    private List<int>? _people;

    private bool IsSystem => db.Scope.IsGlobal && db.Scope.Roles.Count == 0;

    /// <summary>Register people the account stands for, in the organisations where it holds a mentor's or mentee's role.</summary>
    public async Task<List<int>> MyPersonIdsAsync(CancellationToken ct = default)
    {
        if (_people is not null) return _people;
        var user = http.HttpContext?.User;
        var email = user is null ? null : (await users.GetUserAsync(user))?.NormalizedEmail;
        var orgs = db.Scope.Roles.Where(r => r.Role is Role.Mentor or Role.Mentee).Select(r => r.OrganizationId).OfType<int>().Distinct().ToList();
        if (email is null || orgs.Count == 0) return _people = [];
        _people = (await db.People.AsNoTracking().Where(p => p.Email != null && orgs.Contains(p.OrganizationId)).Select(p => new { p.Id, p.Email }).ToListAsync(ct))
            .Where(p => string.Equals(p.Email!.Trim(), email, StringComparison.OrdinalIgnoreCase)).Select(p => p.Id).ToList();
        return _people;
    }

    /// <summary>Organisations whose curator's questionnaires this user fills (curator, or the head in their place).</summary>
    public List<int> CuratorOrganizationIds() =>
        [.. db.Scope.Roles.Where(r => r.Role is Role.Curator or Role.Head && r.OrganizationId is not null).Select(r => r.OrganizationId!.Value).Distinct()];

    public async Task<bool> CanFillAsync(MonitoringAssignment a, CancellationToken ct = default) =>
        a.PersonId is { } pid ? (await MyPersonIdsAsync(ct)).Contains(pid) : a.Audience == QuestionnaireAudience.Curator && CuratorOrganizationIds().Contains(a.OrganizationId);

    /// <summary>The open assignments of the current user (their own and, for curators, their organisation's curator ones).</summary>
    public async Task<IQueryable<MonitoringAssignment>> MineAsync(CancellationToken ct = default)
    {
        var people = await MyPersonIdsAsync(ct);
        var orgs = CuratorOrganizationIds();
        return db.MonitoringAssignments.Where(a => a.Stage!.OpenedAt != null
            && ((a.PersonId != null && people.Contains(a.PersonId.Value)) || (a.PersonId == null && a.Audience == QuestionnaireAudience.Curator && orgs.Contains(a.OrganizationId))));
    }

    /// <summary>Where the user may write questionnaires: every region they coordinate, every organisation they curate or head.</summary>
    public async Task<List<Level>> WritableLevelsAsync(CancellationToken ct = default)
    {
        var scope = db.Scope.For(Permissions.QuestionnairesWrite);
        var result = new List<Level>();
        if (IsSystem || scope.Roles.Any(r => r.Level == ScopeLevel.Global))
        {
            foreach (var r in await db.Regions.AsNoTracking().OrderBy(r => r.Name).Select(r => new { r.Id, r.Name }).ToListAsync(ct))
                result.Add(new Level($"r{r.Id}", "Регион: " + r.Name, r.Id, null, null));
            return result;
        }
        var regionIds = scope.Roles.Where(r => r.Role == Role.RegionalCoordinator && r.RegionId is not null).Select(r => r.RegionId!.Value).Distinct().ToList();
        foreach (var r in await db.Regions.AsNoTracking().Where(r => regionIds.Contains(r.Id)).OrderBy(r => r.Name).Select(r => new { r.Id, r.Name }).ToListAsync(ct))
            result.Add(new Level($"r{r.Id}", "Регион: " + r.Name, r.Id, null, null));
        var orgIds = scope.Roles.Where(r => r.Role is Role.Curator or Role.Head && r.OrganizationId is not null).Select(r => r.OrganizationId!.Value).Distinct().ToList();
        foreach (var o in await db.Organizations.AsNoTracking().Where(o => orgIds.Contains(o.Id)).OrderBy(o => o.Name).Select(o => new { o.Id, o.Name, o.RegionId, o.MunicipalityId }).ToListAsync(ct))
            result.Add(new Level($"o{o.Id}", "Организация: " + o.Name, o.RegionId, o.MunicipalityId, o.Id));
        return result;
    }

    /// <summary>May the user change this questionnaire (edit a draft, archive, restore)? Built-ins belong to no one.</summary>
    public bool CanWrite(Questionnaire q)
    {
        if (q.RegionId is null) return false;
        if (IsSystem) return true;
        var roles = db.Scope.For(Permissions.QuestionnairesWrite).Roles;
        if (roles.Any(r => r.Level == ScopeLevel.Global)) return true;
        return q.OrganizationId is { } org
            ? roles.Any(r => r.Role is Role.Curator or Role.Head && r.OrganizationId == org)
            : roles.Any(r => r.Role == Role.RegionalCoordinator && r.RegionId == q.RegionId);
    }

    /// <summary>May the user run monitoring (settings, opening a stage) in this organisation?</summary>
    public bool CanManage(int regionId, int municipalityId, int organizationId) =>
        IsSystem || db.Scope.For(Permissions.MonitoringManage).CoversOrganization(regionId, municipalityId, organizationId);
}
