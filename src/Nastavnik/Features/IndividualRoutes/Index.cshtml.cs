using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Nastavnik.Data;
using Nastavnik.Platform.Auth;

namespace Nastavnik.Features.IndividualRoutes;

/// <summary>
/// ИОМ the user may see: staff — those of their scope (a tutor can narrow to the routes they accompany); a teacher — their
/// own; a mentor — their own and their mentees'. Each row shows progress (steps done of those that count, hours).
/// </summary>
[Authorize(Policy = Permissions.IndividualRoutesRead)]
public sealed class IndexModel(AppDbContext db, IndividualRouteAccess access, TimeProvider clock) : PageModel
{
    public sealed record Row(IndividualRoute R, string Person, string Organization, string? Tutor, RouteProgress Progress, int Deficits, int Overdue);

    [BindProperty(SupportsGet = true)] public RouteStatus? Status { get; set; }
    [BindProperty(SupportsGet = true)] public bool Mine { get; set; }
    [BindProperty(SupportsGet = true)] public string? Q { get; set; }

    public List<Row> Rows { get; } = [];
    public bool CanCreate { get; private set; }
    public bool IsTutor { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        var today = DateOnly.FromDateTime(clock.GetLocalNow().DateTime);
        var userId = User.FindFirst(System.Security.Claims.ClaimTypes.NameIdentifier)?.Value;
        var q = db.IndividualRoutes.AsNoTracking().Include(r => r.Person).AsQueryable();
        if (Status is { } st) q = q.Where(r => r.Status == st);
        if (Mine) q = q.Where(r => r.TutorUserId == userId);
        var all = await q.OrderBy(r => r.Person!.LastName).ThenBy(r => r.Person!.FirstName).ThenByDescending(r => r.StartDate).ToListAsync(ct);
        var mine = await access.MyPersonIdsAsync(ct);
        var mentees = (await access.MenteesOfAsync(mine, ct)).ToHashSet();
        var routes = all.Where(r => access.CanReadAsStaffIn(r.RegionId, r.MunicipalityId, r.OrganizationId) || mine.Contains(r.PersonId) || mentees.Contains(r.PersonId))
            .Where(r => string.IsNullOrWhiteSpace(Q) || r.Person!.FullName.Contains(Q.Trim(), StringComparison.OrdinalIgnoreCase)).ToList();
        var ids = routes.Select(r => r.Id).ToList();
        var items = (await db.IndividualRouteItems.AsNoTracking().Where(i => ids.Contains(i.RouteId)).ToListAsync(ct)).ToLookup(i => i.RouteId);
        var deficits = await db.IndividualRouteDeficits.AsNoTracking().Where(d => ids.Contains(d.RouteId)).GroupBy(d => d.RouteId)
            .Select(g => new { g.Key, N = g.Count() }).ToDictionaryAsync(x => x.Key, x => x.N, ct);
        var orgIds = routes.Select(r => r.OrganizationId).Distinct().ToList();
        var orgs = await db.Organizations.AsNoTracking().Where(o => orgIds.Contains(o.Id)).ToDictionaryAsync(o => o.Id, o => o.Name, ct);
        var tutorIds = routes.Select(r => r.TutorUserId).OfType<string>().Distinct().ToList();
        var tutors = await db.Users.AsNoTracking().Where(u => tutorIds.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.FullName, ct);
        foreach (var r in routes)
        {
            var list = items[r.Id].ToList();
            Rows.Add(new Row(r, r.Person!.FullName, orgs.GetValueOrDefault(r.OrganizationId, ""), r.TutorUserId is { } t ? tutors.GetValueOrDefault(t) : r.TutorName,
                RouteProgress.Of(list), deficits.GetValueOrDefault(r.Id), list.Count(i => i.Status is Programmes.ActivityStatus.Planned or Programmes.ActivityStatus.InProgress && i.DueOn < today)));
        }
        CanCreate = db.Scope.Has(Permissions.IndividualRoutesWrite);
        IsTutor = db.Scope.Has(Role.Tutor);
    }
}
