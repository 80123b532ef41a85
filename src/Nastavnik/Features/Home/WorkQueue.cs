using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Nastavnik.Data;
using Nastavnik.Features.Mentorships;
using Nastavnik.Features.Practices;
using Nastavnik.Features.Programmes;
using Nastavnik.Features.Roadmaps;
using Nastavnik.Platform.Auth;
using Nastavnik.Platform.Web;

namespace Nastavnik.Features.Home;

/// <summary>
/// «Мои дела» on the home page: what waits for this user today. A mentor or mentee sees their working programmes with
/// the next report due, the next meeting and what is overdue; a head the pairs waiting for the order; a coordinator the
/// roadmaps and practices waiting for review. Everything is read through the tenant filters, so nothing outside the
/// user's scope is counted.
/// </summary>
public sealed class WorkQueueViewComponent(AppDbContext db, ProgrammeAccess access, ProgrammeService programmes, PracticeService practices) : ViewComponent
{
    public sealed record MyProgramme(int MentorshipId, string PairNumber, int? ProgramId, string Partners, ParticipantRole MyRole, bool CanStart,
        DateOnly? NextReportDue, bool ReportOverdue, (DateOnly On, TimeOnly? At)? NextMeeting, DateOnly? LastMeeting, int OverdueActivities);

    public sealed record Todo(string Text, string Href, string LinkText);

    public sealed record Model(List<MyProgramme> Programmes, List<Todo> Tasks, DateOnly Today);

    public async Task<IViewComponentResult> InvokeAsync()
    {
        var today = programmes.Today;
        var model = new Model(await MyProgrammesAsync(today), await TasksAsync(), today);
        return model.Programmes.Count == 0 && model.Tasks.Count == 0 ? Content("") : View("~/Features/Home/_WorkQueue.cshtml", model);
    }

    private async Task<List<MyProgramme>> MyProgrammesAsync(DateOnly today)
    {
        var ids = await access.OwnMentorshipIdsAsync();
        if (ids.Count == 0) return [];
        var pairs = await db.Mentorships.AsNoTracking().Where(m => ids.Contains(m.Id) && (m.Status == MentorshipStatus.Approved || m.Status == MentorshipStatus.Active))
            .OrderBy(m => m.StartDate).ToListAsync();
        if (pairs.Count == 0) return [];
        var pairIds = pairs.Select(m => m.Id).ToList();
        var progs = await db.MentoringPrograms.AsNoTracking().Where(p => pairIds.Contains(p.MentorshipId)).ToDictionaryAsync(p => p.MentorshipId);
        var progIds = progs.Values.Select(p => p.Id).ToList();
        var people = await programmes.PeopleAsync(pairIds);
        var meetings = (await db.Meetings.AsNoTracking().Where(x => progIds.Contains(x.ProgramId)).Select(x => new { x.ProgramId, x.HeldOn, x.StartsAt }).ToListAsync()).ToLookup(x => x.ProgramId);
        var reports = (await db.ProgressReports.AsNoTracking().Where(x => progIds.Contains(x.ProgramId)).Select(x => new { x.ProgramId, x.PersonId, x.ReportedOn }).ToListAsync()).ToLookup(x => x.ProgramId);
        var overdue = (await db.ProgramActivities.AsNoTracking()
            .Where(a => progIds.Contains(a.ProgramId) && (a.Status == ActivityStatus.Planned || a.Status == ActivityStatus.InProgress) && a.DueOn < today)
            .Select(a => a.ProgramId).ToListAsync()).CountBy(x => x).ToDictionary();
        var result = new List<MyProgramme>();
        foreach (var m in pairs)
        {
            var who = people.GetValueOrDefault(m.Id, []);
            var a = await access.ForAsync(m);
            var me = who.FirstOrDefault(x => x.PersonId == a.PersonId);
            if (me is null) continue;
            var partners = string.Join("; ", who.Where(x => x.PersonId != me.PersonId).Select(x => $"{Formats.Name(x.Role)} {x.ShortName}"));
            if (!progs.TryGetValue(m.Id, out var p))
            {
                result.Add(new MyProgramme(m.Id, ProgrammeService.Id(m.Id), null, partners, me.Role, a.EditProgramme, null, false, null, null, 0));
                continue;
            }
            var settings = await programmes.SettingsAsync(p.OrganizationId);
            var lastReport = reports[p.Id].Where(r => r.PersonId == me.PersonId).Select(r => (DateOnly?)r.ReportedOn).Max();
            var due = (lastReport is { } lr && lr >= p.StartDate ? lr : p.StartDate).AddDays(settings.ReportEveryDays);
            var next = meetings[p.Id].Where(x => x.HeldOn >= today).OrderBy(x => x.HeldOn).ThenBy(x => x.StartsAt).FirstOrDefault();
            var last = meetings[p.Id].Where(x => x.HeldOn < today).Select(x => (DateOnly?)x.HeldOn).Max();
            result.Add(new MyProgramme(m.Id, ProgrammeService.Id(m.Id), p.Id, partners, me.Role, false, today > p.EndDate ? null : due, due < today && today <= p.EndDate,
                next is null ? null : (next.HeldOn, next.StartsAt), last, overdue.GetValueOrDefault(p.Id)));
        }
        return result;
    }

    private async Task<List<Todo>> TasksAsync()
    {
        var scope = db.Scope;
        var tasks = new List<Todo>();
        if (scope.Has(Permissions.MentorshipsApprove))
        {
            var waiting = await db.Mentorships.AsNoTracking().CountAsync(m => m.Status == MentorshipStatus.Proposed);
            if (waiting > 0) tasks.Add(new($"Пары и группы, ждущие утверждения приказом руководителя: {waiting.ToString(WebHost.Russian)}.", "/mentorships/approve", "Утвердить"));
        }
        if (scope.Has(Permissions.RoadmapsApprove))
        {
            var submitted = await db.Roadmaps.AsNoTracking().CountAsync(r => r.Status == RoadmapStatus.Submitted && r.OrganizationId != null);
            if (submitted > 0) tasks.Add(new($"Дорожные карты организаций на согласовании: {submitted.ToString(WebHost.Russian)}.", "/roadmaps/approvals", "Рассмотреть"));
        }
        if (scope.Has(Permissions.PracticesPublish))
        {
            var proposed = (await db.Practices.AsNoTracking().Where(p => p.Status == PracticeStatus.Proposed).ToListAsync()).Count(practices.CanPublish);
            if (proposed > 0) tasks.Add(new($"Практики, предложенные в банк практик: {proposed.ToString(WebHost.Russian)} ждут решения.", "/practices?status=Proposed", "Рассмотреть"));
        }
        return tasks;
    }
}
