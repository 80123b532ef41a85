using System.ComponentModel.DataAnnotations;
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
/// Creates the programme of a pair (from the mentorship card: ?mentorshipId=) or edits it (?id=). The curator, the head
/// and the pair's mentor do it; difficulties are pre-filled from the mentees' deficits; a period outside
/// 3 months – 1 year (seed 002) is saved with a warning.
/// </summary>
[Authorize(Policy = Permissions.ProgrammesWrite)]
public sealed class EditModel(AppDbContext db, ProgrammeService service, ProgrammeAccess access, AuditLog audit, TimeProvider clock) : PageModel
{
    public sealed class InputModel
    {
        [Display(Name = "Цель"), Required(ErrorMessage = "Укажите цель программы."), StringLength(2000)] public string? Goal { get; set; }
        [Display(Name = "Задачи"), StringLength(4000)] public string? Tasks { get; set; }
        [Display(Name = "Выявленные профессиональные затруднения"), StringLength(4000)] public string? Difficulties { get; set; }
        [Display(Name = "Направления")] public List<ProgramDirection> Directions { get; set; } = [];
        [Display(Name = "Начало"), Required(ErrorMessage = "Укажите начало.")] public DateOnly? StartDate { get; set; }
        [Display(Name = "Окончание"), Required(ErrorMessage = "Укажите окончание.")] public DateOnly? EndDate { get; set; }
        public Guid Version { get; set; }
    }

    [BindProperty(SupportsGet = true)] public int? Id { get; set; }
    [BindProperty(SupportsGet = true)] public int? MentorshipId { get; set; }
    [BindProperty] public InputModel Input { get; set; } = new();
    public Mentorship M { get; private set; } = null!;
    public List<ProgrammeService.Person> People { get; private set; } = [];

    /// <summary>
    /// Once the pair works (действует), the period changes only by a revision both sides confirm (seed 002,
    /// «Изменение сроков реализации … по обоюдному согласию»); before that the curator and mentor still settle it here.
    /// </summary>
    public bool DatesLocked { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var (result, existing) = await LoadAsync(ct);
        if (result is not null) return result;
        if (existing is not null)
            Input = new InputModel
            {
                Goal = existing.Goal, Tasks = existing.Tasks, Difficulties = existing.Difficulties, Directions = [.. existing.DirectionList],
                StartDate = existing.StartDate, EndDate = existing.EndDate, Version = existing.Version,
            };
        else
            Input = new InputModel { StartDate = M.StartDate, EndDate = M.EndDate, Difficulties = await service.DifficultiesFromDeficitsAsync(M.Id, ct) };
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var (result, existing) = await LoadAsync(ct);
        if (result is not null) return result;
        if (Input.StartDate is { } s && Input.EndDate is { } e && e <= s) ModelState.AddModelError("Input.EndDate", "Окончание должно быть позже начала.");
        // The programme is the pair's plan: it cannot run past the pair's own period (the order approves the pair with those dates).
        else if (!DatesLocked && Input.EndDate is { } end && end > M.EndDate)
            ModelState.AddModelError("Input.EndDate", $"Программа не может заканчиваться позже срока пары ({Platform.Web.Formats.Date(M.StartDate)} – {Platform.Web.Formats.Date(M.EndDate)}). Сначала измените срок пары.");
        if (DatesLocked && (Input.StartDate != existing!.StartDate || Input.EndDate != existing.EndDate))
            ModelState.AddModelError("Input.EndDate", "Пара уже работает: сроки программы меняются через «Предложить продление или корректировку» с согласия всех участников.");
        if (!ModelState.IsValid) return Page();
        var p = existing is null ? null : await db.MentoringPrograms.FirstAsync(x => x.Id == existing.Id, ct);
        if (p is null)
        {
            p = new MentoringProgram
            {
                MentorshipId = M.Id, OrganizationId = M.OrganizationId, MunicipalityId = M.MunicipalityId, RegionId = M.RegionId, Goal = "",
                CreatedAt = clock.GetUtcNow().UtcDateTime, CreatedBy = User.Identity?.Name,
            };
            db.MentoringPrograms.Add(p);
        }
        else if (p.Version != Input.Version)
        {
            ModelState.AddModelError("", "Программу только что изменил другой пользователь. Обновите страницу и повторите.");
            return Page();
        }
        p.Goal = Input.Goal!.Trim();
        p.Tasks = Clean(Input.Tasks);
        p.Difficulties = Clean(Input.Difficulties);
        p.Directions = string.Join(",", Input.Directions.Distinct().Order());
        p.StartDate = Input.StartDate!.Value;
        p.EndDate = Input.EndDate!.Value;
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            ModelState.AddModelError("", "Программу только что изменил другой пользователь. Обновите страницу и повторите.");
            return Page();
        }
        catch (DbUpdateException) when (existing is null)
        {
            ModelState.AddModelError("", "У этой пары уже есть программа.");
            return Page();
        }
        audit.Add(existing is null ? AuditActions.Create : "programme.update", "programme", ProgrammeService.Id(p.Id), null, p.OrganizationId);
        await db.SaveChangesAsync(ct);
        TempData["Flash"] = "Программа сохранена." + (MentoringProgram.PeriodWarning(p.StartDate, p.EndDate) is { } w ? " Внимание: " + w : "");
        return Redirect($"/programmes/card/{p.Id}");
    }

    private static string? Clean(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();

    /// <summary>An action result when the page cannot go on (404 / 403 / redirect), else the existing programme if any.</summary>
    private async Task<(IActionResult? Result, MentoringProgram? Existing)> LoadAsync(CancellationToken ct)
    {
        MentoringProgram? existing = null;
        if (Id is { } id)
        {
            existing = await db.MentoringPrograms.AsNoTracking().FirstOrDefaultAsync(x => x.Id == id, ct);
            if (existing is null) return (NotFound(), null);
            MentorshipId = existing.MentorshipId;
        }
        var m = MentorshipId is { } mid ? await db.Mentorships.AsNoTracking().FirstOrDefaultAsync(x => x.Id == mid, ct) : null;
        if (m is null) return (NotFound(), null);
        var a = await access.ForAsync(m, ct);
        if (!a.Read) return (NotFound(), null);
        if (!a.EditProgramme) return (Forbid(), null);
        if (existing is not null && a.Closed)
        {
            TempData["FlashError"] = ProgrammeAccess.ClosedMessage;
            return (Redirect($"/programmes/card/{existing.Id}"), null);
        }
        M = m;
        DatesLocked = existing is not null && m.Status == MentorshipStatus.Active;
        People = (await service.PeopleAsync([m.Id], ct)).GetValueOrDefault(m.Id, []);
        if (existing is null)
        {
            var other = await db.MentoringPrograms.AsNoTracking().Where(x => x.MentorshipId == m.Id).Select(x => (int?)x.Id).FirstOrDefaultAsync(ct);
            if (other is { } oid) return (Redirect($"/programmes/card/{oid}"), null);
            if (m.Status is not (MentorshipStatus.Approved or MentorshipStatus.Active or MentorshipStatus.Proposed or MentorshipStatus.Draft))
            {
                TempData["Flash"] = "Пара/группа закрыта: новую программу для неё не создать.";
                return (Redirect("/programmes"), null);
            }
        }
        return (null, existing);
    }
}
