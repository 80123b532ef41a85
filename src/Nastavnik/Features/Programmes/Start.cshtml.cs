using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Nastavnik.Data;
using Nastavnik.Features.Mentorships;
using Nastavnik.Features.Programmes.Templates;
using Nastavnik.Platform.Audit;
using Nastavnik.Platform.Auth;

namespace Nastavnik.Features.Programmes;

/// <summary>
/// Starts a pair's programme from a template of the bank (those of the pair's form first) or from a completed programme
/// within the user's scope. Goal, tasks, directions and the plan are copied, the plan's dues moved to the new start;
/// the difficulties come from the new mentees' deficits, never from the source; statuses, evidence, done marks,
/// meetings and reports stay behind. Who may create the programme (curator, head, the pair's mentor) may start it here.
/// </summary>
[Authorize(Policy = Permissions.ProgrammesWrite)]
public sealed class StartModel(AppDbContext db, ProgrammeService service, ProgrammeAccess access, AuditLog audit, TimeProvider clock) : PageModel
{
    public sealed record Source(string Key, string Title, string Detail, string? Goal, IReadOnlyList<PlanItem> Plan, int? DurationMonths, int? DurationDays);

    [BindProperty(SupportsGet = true)] public int MentorshipId { get; set; }
    /// <summary>Offer the templates of every form, not only the pair's.</summary>
    [BindProperty(SupportsGet = true)] public bool? All { get; set; }
    [BindProperty] public string? Choice { get; set; }
    [BindProperty] public DateOnly? StartDate { get; set; }
    [BindProperty] public DateOnly? EndDate { get; set; }

    public Mentorship M { get; private set; } = null!;
    public string FormName { get; private set; } = "";
    public List<ProgrammeService.Person> People { get; private set; } = [];
    public List<Source> Templates { get; } = [];
    public List<Source> Completed { get; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (await LoadAsync(ct) is { } result) return result;
        StartDate = M.StartDate;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (await LoadAsync(ct) is { } result) return result;
        var source = Templates.Concat(Completed).FirstOrDefault(s => s.Key == Choice);
        if (source is null) ModelState.AddModelError(nameof(Choice), "Выберите шаблон или завершённую программу из списка.");
        if (StartDate is null) ModelState.AddModelError(nameof(StartDate), "Укажите начало программы.");
        var start = StartDate ?? M.StartDate;
        var end = EndDate ?? (source?.DurationMonths is { } months ? start.AddMonths(months) : source?.DurationDays is { } days ? start.AddDays(days) : M.EndDate);
        if (end <= start) ModelState.AddModelError(nameof(EndDate), "Окончание должно быть позже начала.");
        if (!ModelState.IsValid) return Page();

        var (goal, tasks, directions) = await ContentAsync(source!.Key, ct);
        var p = new MentoringProgram
        {
            MentorshipId = M.Id, OrganizationId = M.OrganizationId, MunicipalityId = M.MunicipalityId, RegionId = M.RegionId,
            Goal = goal, Tasks = tasks, Directions = directions, Difficulties = await service.DifficultiesFromDeficitsAsync(M.Id, ct),
            StartDate = start, EndDate = end, CreatedAt = clock.GetUtcNow().UtcDateTime, CreatedBy = User.Identity?.Name,
        };
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        db.MentoringPrograms.Add(p);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            ModelState.AddModelError("", "У этой пары уже есть программа.");
            return Page();
        }
        db.ProgramActivities.AddRange(ProgrammePlan.Copy(source.Plan, p.Id, start));
        audit.Add(AuditActions.Create, "programme", ProgrammeService.Id(p.Id), source.Key.StartsWith('t') ? $"по шаблону «{source.Title}»" : $"по завершённой программе №{source.Key[1..]}", p.OrganizationId);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        TempData["Flash"] = $"Программа создана ({source.Title}). Мероприятий в плане: {source.Plan.Count}, сроки отсчитаны от {Platform.Web.Formats.Date(start)}. Проверьте цель, задачи и затруднения."
            + (MentoringProgram.PeriodWarning(start, end) is { } w ? " Внимание: " + w : "");
        return Redirect($"/programmes/card/{p.Id}");
    }

    /// <summary>Goal, tasks and directions of the chosen source, read again so nothing else of it travels.</summary>
    private async Task<(string Goal, string? Tasks, string Directions)> ContentAsync(string key, CancellationToken ct)
    {
        var id = int.Parse(key[1..], System.Globalization.CultureInfo.InvariantCulture);
        if (key[0] == 't')
        {
            var t = await db.ProgrammeTemplates.AsNoTracking().FirstAsync(x => x.Id == id, ct);
            return (t.Goal, t.Tasks, t.Directions);
        }
        var p = await db.MentoringPrograms.AsNoTracking().FirstAsync(x => x.Id == id, ct);
        return (p.Goal, p.Tasks, p.Directions);
    }

    private static string Short(string s) => s.Length <= 120 ? s : s[..119] + "…";

    private async Task<IActionResult?> LoadAsync(CancellationToken ct)
    {
        var m = await db.Mentorships.AsNoTracking().Include(x => x.Form).FirstOrDefaultAsync(x => x.Id == MentorshipId, ct);
        if (m is null) return NotFound();
        var a = await access.ForAsync(m, ct);
        if (!a.Read) return NotFound();
        if (!a.EditProgramme) return Forbid();
        M = m;
        FormName = m.Form!.Name;
        var existing = await db.MentoringPrograms.AsNoTracking().Where(x => x.MentorshipId == m.Id).Select(x => (int?)x.Id).FirstOrDefaultAsync(ct);
        if (existing is { } eid) return Redirect($"/programmes/card/{eid}");
        if (m.Status is not (MentorshipStatus.Approved or MentorshipStatus.Active or MentorshipStatus.Proposed or MentorshipStatus.Draft))
        {
            TempData["Flash"] = "Пара/группа закрыта: новую программу для неё не создать.";
            return Redirect("/programmes");
        }
        People = (await service.PeopleAsync([m.Id], ct)).GetValueOrDefault(m.Id, []);

        var templates = await db.ProgrammeTemplates.AsNoTracking().Include(t => t.Form).Include(t => t.Items).Where(t => !t.IsArchived)
            .Where(t => All == true || t.Form!.Code == m.Form.Code).ToListAsync(ct);
        var owners = await ProgrammeTemplateAccess.OwnerLabelsAsync(db, templates, ct);
        foreach (var t in templates.OrderBy(t => t.Form!.Code != m.Form.Code).ThenByDescending(t => t.Level).ThenBy(t => t.Title))
            Templates.Add(new Source($"t{t.Id}", $"шаблон «{t.Title}»", $"{t.Form!.Name}; {owners[t.Id]}; {t.DurationMonths} мес.; {string.Join(", ", t.DirectionList.Select(d => Platform.Web.Formats.Name(d)))}",
                t.Goal, ProgrammePlan.Of(t.Items), t.DurationMonths, null));

        // Completed programmes: staff see those of their scope; a mentor only the programmes of their own past pairs.
        var staffScope = db.Scope.Roles.Where(r => r.Role is not (Role.Mentor or Role.Mentee)).ToList();
        var system = db.Scope.IsGlobal && db.Scope.Roles.Count == 0;
        HashSet<int> own = staffScope.Count == 0 && !system ? [.. await access.OwnMentorshipIdsAsync(ct)] : [];
        var done = await db.MentoringPrograms.AsNoTracking()
            .Join(db.Mentorships.Where(x => x.Status == MentorshipStatus.Completed), p => p.MentorshipId, x => x.Id, (p, x) => new { P = p, x.RegionId, x.MunicipalityId, x.OrganizationId, x.FormId })
            .ToListAsync(ct);
        done = [.. done.Where(d => system || own.Contains(d.P.MentorshipId) || staffScope.Any(r => r.Covers(d.RegionId, d.MunicipalityId, d.OrganizationId)))];
        var ids = done.Select(d => d.P.Id).ToList();
        var activities = (await db.ProgramActivities.AsNoTracking().Where(x => ids.Contains(x.ProgramId)).ToListAsync(ct)).ToLookup(x => x.ProgramId);
        var forms = await db.MentoringForms.IgnoreQueryFilters().AsNoTracking().ToDictionaryAsync(f => f.Id, f => f, ct);
        foreach (var d in done.Where(d => All == true || forms[d.FormId].Code == m.Form.Code).OrderByDescending(d => d.P.EndDate))
            Completed.Add(new Source($"p{d.P.Id}", $"завершённая программа №{d.P.Id} «{Short(d.P.Goal)}»", $"{forms[d.FormId].Name}; {ProgrammeService.Period(d.P)}",
                d.P.Goal, ProgrammePlan.Of(d.P.StartDate, activities[d.P.Id]), null, d.P.EndDate.DayNumber - d.P.StartDate.DayNumber));
        return null;
    }
}
