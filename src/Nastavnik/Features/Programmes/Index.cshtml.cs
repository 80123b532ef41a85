using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Nastavnik.Data;
using Nastavnik.Features.Mentorships;
using Nastavnik.Platform.Audit;
using Nastavnik.Platform.Auth;

namespace Nastavnik.Features.Programmes;

/// <summary>
/// Programmes the user may see (staff: their scope; mentors and mentees: their own), pairs still without a programme,
/// the warnings, and the organisation's thresholds (report cadence, days without a meeting) for the curator and head.
/// </summary>
[Authorize(Policy = Permissions.ProgrammesRead)]
public sealed class IndexModel(AppDbContext db, ProgrammeService service, ProgrammeAccess access, AuditLog audit) : PageModel
{
    public sealed record Row(int MentorshipId, int? ProgramId, string Organization, MentorshipStatus Status, string People, string? Period, int Warnings, bool CanCreate);
    public sealed record OrgSettings(int OrganizationId, string Name, ProgrammeSettings Settings);

    public List<Row> Rows { get; } = [];
    public List<ProgrammeService.Warning> Warnings { get; private set; } = [];
    public List<OrgSettings> Editable { get; } = [];
    private Dictionary<int, MentoringProgram> Programmes { get; set; } = [];

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    /// <summary>
    /// The list as a workbook (the «реестр программ» a school keeps in Excel): the same rows the page shows, with the
    /// goal, directions, plan progress, the last meeting and the reports of each programme. Participants' names make
    /// it an export of personal data, so it is audited.
    /// </summary>
    public async Task<IActionResult> OnGetXlsxAsync([FromServices] TimeProvider clock, CancellationToken ct)
    {
        await LoadAsync(ct);
        var ids = Programmes.Values.Select(p => p.Id).ToList();
        var activities = await db.ProgramActivities.AsNoTracking().Where(a => ids.Contains(a.ProgramId))
            .GroupBy(a => a.ProgramId).Select(g => new { g.Key, Done = g.Count(a => a.Status == ActivityStatus.Done), Total = g.Count(a => a.Status != ActivityStatus.Cancelled) })
            .ToDictionaryAsync(x => x.Key, ct);
        var meetings = await db.Meetings.AsNoTracking().Where(m => ids.Contains(m.ProgramId)).GroupBy(m => m.ProgramId)
            .Select(g => new { g.Key, Count = g.Count(), Last = g.Max(m => m.HeldOn) }).ToDictionaryAsync(x => x.Key, ct);
        var reports = await db.ProgressReports.AsNoTracking().Where(r => ids.Contains(r.ProgramId)).GroupBy(r => r.ProgramId)
            .Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.Key, x => x.Count, ct);

        var x = new Platform.Documents.XlsxBuilder();
        var sheet = x.AddSheet("Программы");
        sheet.Title("Персонализированные программы наставничества");
        sheet.Row($"Сформировано {Platform.Web.Formats.DateTime(clock.GetUtcNow().UtcDateTime)}");
        sheet.Header("Пара/группа", "Состояние", "Организация", "Участники", "Программа", "Сроки", "Цель", "Направления",
            "Мероприятий выполнено", "Мероприятий всего", "Встреч", "Последняя встреча", "Отчётов", "Предупреждений");
        foreach (var r in Rows)
        {
            var p = r.ProgramId is { } pid ? Programmes.Values.First(v => v.Id == pid) : null;
            var a = p is null ? null : activities.GetValueOrDefault(p.Id);
            var m = p is null ? null : meetings.GetValueOrDefault(p.Id);
            sheet.Row(Platform.Documents.XlsxCell.FromNumber(r.MentorshipId), Platform.Web.Formats.Name(r.Status), r.Organization, r.People,
                p is null ? "нет" : Platform.Documents.XlsxCell.FromNumber(p.Id), r.Period ?? "", p?.Goal ?? "",
                p is null ? "" : string.Join(", ", p.DirectionList.Select(d => Platform.Web.Formats.Name(d))),
                Platform.Documents.XlsxCell.FromNumber(a?.Done ?? 0), Platform.Documents.XlsxCell.FromNumber(a?.Total ?? 0),
                Platform.Documents.XlsxCell.FromNumber(m?.Count ?? 0), m is null ? "" : Platform.Web.Formats.Date(m.Last),
                Platform.Documents.XlsxCell.FromNumber(p is null ? 0 : reports.GetValueOrDefault(p.Id)), Platform.Documents.XlsxCell.FromNumber(r.Warnings));
        }
        sheet.FreezeTopRows(3);
        await audit.WriteAsync(AuditActions.Export, "programmes", "list", "xlsx", ct: ct);
        return File(x.ToArray(), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "Программы наставничества.xlsx");
    }

    public async Task<IActionResult> OnPostSettingsAsync(int organizationId, int reportEveryDays, int noMeetingDays, CancellationToken ct)
    {
        var org = await db.Organizations.AsNoTracking().FirstOrDefaultAsync(o => o.Id == organizationId, ct);
        if (org is null) return NotFound();
        if (!CanSet(org.RegionId, org.MunicipalityId, org.Id)) return Forbid();
        if (reportEveryDays is < 1 or > 90 || noMeetingDays is < 1 or > 180)
        {
            ModelState.AddModelError("", "Периодичность отчётов — от 1 до 90 дней, порог без встреч — от 1 до 180 дней.");
            await LoadAsync(ct);
            return Page();
        }
        var s = await db.ProgrammeSettings.FirstOrDefaultAsync(x => x.OrganizationId == org.Id, ct);
        if (s is null) db.ProgrammeSettings.Add(s = new ProgrammeSettings { OrganizationId = org.Id });
        s.ReportEveryDays = reportEveryDays;
        s.NoMeetingDays = noMeetingDays;
        audit.Add("programme.settings", "organization", ProgrammeService.Id(org.Id), $"отчёты раз в {reportEveryDays} дн., без встреч {noMeetingDays} дн.", org.Id);
        await db.SaveChangesAsync(ct);
        TempData["Flash"] = "Настройки программ сохранены.";
        return Redirect("/programmes");
    }

    private bool CanSet(int regionId, int municipalityId, int organizationId) =>
        (db.Scope.IsGlobal && db.Scope.Roles.Count == 0)
        || db.Scope.Roles.Any(r => r.Role is Role.Administrator or Role.Head or Role.Curator && r.Covers(regionId, municipalityId, organizationId));

    private async Task LoadAsync(CancellationToken ct)
    {
        List<Mentorship> pairs;
        var staffScope = db.Scope.Roles.Where(r => r.Role is not (Role.Mentor or Role.Mentee)).ToList();
        var system = db.Scope.IsGlobal && db.Scope.Roles.Count == 0;
        var all = await db.Mentorships.AsNoTracking()
            .Where(m => m.Status == MentorshipStatus.Approved || m.Status == MentorshipStatus.Active || db.MentoringPrograms.Any(p => p.MentorshipId == m.Id))
            .OrderByDescending(m => m.Id).ToListAsync(ct);
        var own = (await access.OwnMentorshipIdsAsync(ct)).ToHashSet();
        pairs = [.. all.Where(m => system || own.Contains(m.Id) || staffScope.Any(r => r.Covers(m.RegionId, m.MunicipalityId, m.OrganizationId)))];
        var ids = pairs.Select(m => m.Id).ToList();
        var programmes = Programmes = await db.MentoringPrograms.AsNoTracking().Where(p => ids.Contains(p.MentorshipId)).ToDictionaryAsync(p => p.MentorshipId, ct);
        var people = await service.PeopleAsync(ids, ct);
        var orgIds = pairs.Select(m => m.OrganizationId).Distinct().ToList();
        var orgNames = await db.Organizations.AsNoTracking().Where(o => orgIds.Contains(o.Id)).ToDictionaryAsync(o => o.Id, o => o.Name, ct);
        var programmeIds = programmes.Values.Select(p => p.Id).ToList();
        Warnings = await service.WarningsAsync(db.MentoringPrograms.Where(p => programmeIds.Contains(p.Id)), ct);
        var counts = Warnings.GroupBy(w => w.ProgramId).ToDictionary(g => g.Key, g => g.Count());
        foreach (var m in pairs)
        {
            programmes.TryGetValue(m.Id, out var p);
            var canCreate = p is null && (CanSet(m.RegionId, m.MunicipalityId, m.OrganizationId)
                || (own.Contains(m.Id) && people.GetValueOrDefault(m.Id, []).Count > 0 && db.Scope.Has(Role.Mentor)));
            Rows.Add(new Row(m.Id, p?.Id, orgNames.GetValueOrDefault(m.OrganizationId, ""), m.Status,
                string.Join("; ", people.GetValueOrDefault(m.Id, []).Select(x => $"{Platform.Web.Formats.Name(x.Role)} {x.ShortName}")),
                p is null ? null : ProgrammeService.Period(p), p is null ? 0 : counts.GetValueOrDefault(p.Id), canCreate));
        }
        var editable = db.Scope.Roles.Where(r => r.Role is Role.Head or Role.Curator && r.OrganizationId is not null).Select(r => r.OrganizationId!.Value).Distinct().ToList();
        var orgs = await db.Organizations.AsNoTracking().Where(o => editable.Contains(o.Id)).OrderBy(o => o.Name).ToListAsync(ct);
        foreach (var o in orgs) Editable.Add(new OrgSettings(o.Id, o.Name, await service.SettingsAsync(o.Id, ct)));
    }
}
