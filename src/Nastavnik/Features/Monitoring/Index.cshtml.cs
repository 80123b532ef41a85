using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Nastavnik.Data;
using Nastavnik.Features.Mentorships;
using Nastavnik.Features.Programmes;
using Nastavnik.Platform.Auth;

namespace Nastavnik.Features.Monitoring;

/// <summary>
/// The monitoring desk: the stages of the programmes in scope — open ones with how many have answered, overdue ones first,
/// then the coming ones — and the way to questionnaires, results and settings.
/// </summary>
[Authorize(Policy = Permissions.MonitoringRead)]
public sealed class IndexModel(AppDbContext db, MonitoringService service, ProgrammeService programmes) : PageModel
{
    public const int MaxRows = 300;

    public sealed record Row(MonitoringStage Stage, string Organization, string Pair, int Assigned, int Completed);

    [BindProperty(SupportsGet = true)] public string? Show { get; set; }
    public List<Row> Rows { get; } = [];
    public bool CanManage => db.Scope.Has(Permissions.MonitoringManage);
    public bool CanWrite => db.Scope.Has(Permissions.QuestionnairesWrite);
    public DateOnly Today => service.Today;
    public int Total { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        // A school's staff see the schedule right away, without waiting for the nightly job to create it.
        var schools = db.Scope.Roles.Where(r => r.Role is Role.Curator or Role.Head && r.OrganizationId is not null).Select(r => r.OrganizationId!.Value).Distinct().ToList();
        if (schools.Count > 0) await service.EnsureStagesAsync(db.MentoringPrograms.Where(p => schools.Contains(p.OrganizationId)), ct);
        var today = Today;
        var q = db.MonitoringStages.AsNoTracking();
        q = Show switch
        {
            "upcoming" => q.Where(s => s.OpenedAt == null),
            "all" => q,
            _ => q.Where(s => s.OpenedAt != null),
        };
        Total = await q.CountAsync(ct);
        var stages = await q.OrderBy(s => s.OpenedAt == null).ThenBy(s => s.DueOn).ThenBy(s => s.Id).Take(MaxRows).ToListAsync(ct);
        var ids = stages.Select(s => s.Id).ToList();
        var counts = (await db.MonitoringAssignments.AsNoTracking().Where(a => ids.Contains(a.StageId))
            .GroupBy(a => a.StageId).Select(g => new { g.Key, All = g.Count(), Done = g.Count(a => a.CompletedAt != null) }).ToListAsync(ct)).ToDictionary(x => x.Key);
        var programIds = stages.Select(s => s.ProgramId).Distinct().ToList();
        var mentorships = await db.MentoringPrograms.AsNoTracking().Where(p => programIds.Contains(p.Id)).ToDictionaryAsync(p => p.Id, p => p.MentorshipId, ct);
        var people = await programmes.PeopleAsync([.. mentorships.Values.Distinct()], ct);
        var orgIds = stages.Select(s => s.OrganizationId).Distinct().ToList();
        var orgs = await db.Organizations.AsNoTracking().Where(o => orgIds.Contains(o.Id)).ToDictionaryAsync(o => o.Id, o => o.Name, ct);
        foreach (var s in stages)
        {
            var c = counts.GetValueOrDefault(s.Id);
            var pair = people.GetValueOrDefault(mentorships.GetValueOrDefault(s.ProgramId), []);
            Rows.Add(new Row(s, orgs.GetValueOrDefault(s.OrganizationId, ""),
                string.Join(" – ", pair.GroupBy(x => x.Role == ParticipantRole.Mentor).OrderByDescending(g => g.Key).Select(g => string.Join(", ", g.Select(x => x.ShortName)))),
                c?.All ?? 0, c?.Done ?? 0));
        }
        // Overdue first (whom the curator calls today), then those still being answered, then the finished, latest first.
        var ordered = Rows.OrderByDescending(r => r.Stage.OpenedAt is not null && r.Stage.DueOn < today && r.Completed < r.Assigned)
            .ThenByDescending(r => r.Completed < r.Assigned).ThenBy(r => r.Stage.OpenedAt is null ? r.Stage.OpensOn.DayNumber : -r.Stage.DueOn.DayNumber).ToList();
        Rows.Clear();
        Rows.AddRange(ordered);
    }
}
