using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Nastavnik.Data;
using Nastavnik.Features.People;
using Nastavnik.Platform.Audit;
using Nastavnik.Platform.Auth;

namespace Nastavnik.Features.IndividualRoutes;

/// <summary>
/// Creates a teacher's ИОМ (first pick the teacher: ?personId=, teachers with recorded deficits come first) or edits it
/// (?id=): goal, period, the tutor (an account with the Tutor role covering the school, or a name), the deficits it
/// addresses (from the person's deficits), and its state. Steps are added on the card.
/// </summary>
[Authorize(Policy = Permissions.IndividualRoutesWrite)]
public sealed class EditModel(AppDbContext db, IndividualRouteAccess access, AuditLog audit, TimeProvider clock) : PageModel
{
    public sealed record Candidate(int Id, string Name, string Organization, string? Position, int Deficits, int Routes);
    public sealed record TutorOption(string UserId, string Name);
    public sealed record DeficitOption(int Id, string Competency, string Source, DateOnly IdentifiedOn, string? Note);

    public sealed class InputModel
    {
        [Display(Name = "Цель маршрута"), Required(ErrorMessage = "Укажите цель маршрута."), StringLength(2000, ErrorMessage = "Цель — не длиннее 2000 символов.")] public string? Goal { get; set; }
        [Display(Name = "Начало"), Required(ErrorMessage = "Укажите начало.")] public DateOnly? StartDate { get; set; }
        [Display(Name = "Окончание"), Required(ErrorMessage = "Укажите окончание.")] public DateOnly? EndDate { get; set; }
        [Display(Name = "Тьютор (пользователь системы)")] public string? TutorUserId { get; set; }
        [Display(Name = "Тьютор (если нет в системе)"), StringLength(300, ErrorMessage = "Имя тьютора — не длиннее 300 символов.")] public string? TutorName { get; set; }
        public List<int> Deficits { get; set; } = [];
        [Display(Name = "Состояние")] public RouteStatus Status { get; set; }
        [Display(Name = "Итоги"), StringLength(2000, ErrorMessage = "Итоги — не длиннее 2000 символов.")] public string? Result { get; set; }
        public Guid Version { get; set; }
    }

    [BindProperty(SupportsGet = true)] public int? Id { get; set; }
    [BindProperty(SupportsGet = true)] public int? PersonId { get; set; }
    [BindProperty(SupportsGet = true)] public string? Q { get; set; }
    [BindProperty] public InputModel Input { get; set; } = new();

    public Person? P { get; private set; }
    public string OrganizationName { get; private set; } = "";
    public List<Candidate> Candidates { get; } = [];
    public List<TutorOption> Tutors { get; private set; } = [];
    public List<DeficitOption> PersonDeficits { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var (result, existing) = await LoadAsync(ct);
        if (result is not null) return result;
        if (P is null)
        {
            await FindCandidatesAsync(ct);
            return Page();
        }
        if (existing is not null)
            Input = new InputModel
            {
                Goal = existing.Goal, StartDate = existing.StartDate, EndDate = existing.EndDate, TutorUserId = existing.TutorUserId, TutorName = existing.TutorName,
                Deficits = [.. existing.Deficits.Select(d => d.DeficitId)], Status = existing.Status, Result = existing.Result, Version = existing.Version,
            };
        else
        {
            var today = DateOnly.FromDateTime(clock.GetLocalNow().DateTime);
            var userId = User.FindFirst(System.Security.Claims.ClaimTypes.NameIdentifier)?.Value;
            Input = new InputModel
            {
                Goal = "Преодоление выявленных профессиональных дефицитов и профессиональный рост педагога.",
                StartDate = today, EndDate = today.AddYears(1).AddDays(-1), Deficits = [.. PersonDeficits.Select(d => d.Id)],
                TutorUserId = Tutors.Any(t => t.UserId == userId) ? userId : null,
            };
        }
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var (result, existing) = await LoadAsync(ct);
        if (result is not null) return result;
        if (P is null) return NotFound();
        if (Input.StartDate is { } s && Input.EndDate is { } e && e <= s) ModelState.AddModelError("Input.EndDate", "Окончание должно быть позже начала.");
        if (Input.TutorUserId is { Length: > 0 } tid && Tutors.All(t => t.UserId != tid)) ModelState.AddModelError("Input.TutorUserId", "Выберите тьютора из списка.");
        if (Input.Deficits.Any(d => PersonDeficits.All(x => x.Id != d))) ModelState.AddModelError("Input.Deficits", "Отмечен дефицит, которого нет у педагога.");
        if (!ModelState.IsValid) return Page();

        var r = existing is null ? null : await db.IndividualRoutes.Include(x => x.Deficits).FirstAsync(x => x.Id == existing.Id, ct);
        if (r is null)
        {
            r = new IndividualRoute
            {
                PersonId = P.Id, OrganizationId = P.OrganizationId, MunicipalityId = P.MunicipalityId, RegionId = P.RegionId, Goal = "",
                CreatedAt = clock.GetUtcNow().UtcDateTime, CreatedBy = User.Identity?.Name,
            };
            db.IndividualRoutes.Add(r);
        }
        else if (r.Version != Input.Version)
        {
            ModelState.AddModelError("", "Маршрут только что изменил другой пользователь. Обновите страницу и повторите.");
            return Page();
        }
        r.Goal = Input.Goal!.Trim();
        r.StartDate = Input.StartDate!.Value;
        r.EndDate = Input.EndDate!.Value;
        r.TutorUserId = string.IsNullOrEmpty(Input.TutorUserId) ? null : Input.TutorUserId;
        r.TutorName = string.IsNullOrWhiteSpace(Input.TutorName) ? null : Input.TutorName.Trim();
        r.Status = Input.Status;
        r.Result = string.IsNullOrWhiteSpace(Input.Result) ? null : Input.Result.Trim();
        var wanted = Input.Deficits.Distinct().ToHashSet();
        r.Deficits.RemoveAll(d => !wanted.Contains(d.DeficitId));
        foreach (var d in wanted.Where(d => r.Deficits.All(x => x.DeficitId != d))) r.Deficits.Add(new IndividualRouteDeficit { DeficitId = d });
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            ModelState.AddModelError("", "Маршрут только что изменил другой пользователь. Обновите страницу и повторите.");
            return Page();
        }
        audit.Add(existing is null ? AuditActions.Create : AuditActions.Update, "person", P.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), $"ИОМ №{r.Id}", P.OrganizationId);
        await db.SaveChangesAsync(ct);
        TempData["Flash"] = existing is null ? "Маршрут создан. Добавьте в него курсы и мероприятия." : "Маршрут сохранён.";
        return Redirect($"/individualroutes/card/{r.Id}");
    }

    /// <summary>Teachers the user may draw a route for: those with recorded deficits first, then by name.</summary>
    private async Task FindCandidatesAsync(CancellationToken ct)
    {
        var q = db.People.AsNoTracking().Where(p => p.Kind == PersonKind.Teacher);
        if (!string.IsNullOrWhiteSpace(Q))
        {
            var term = Q.Trim();
            q = q.Where(p => p.LastName.Contains(term) || p.FirstName.Contains(term));
        }
        var people = await q.Select(p => new { p.Id, p.LastName, p.FirstName, p.MiddleName, p.Position, p.RegionId, p.MunicipalityId, p.OrganizationId,
                Deficits = db.Deficits.Count(d => d.PersonId == p.Id), Routes = db.IndividualRoutes.Count(r => r.PersonId == p.Id) })
            .OrderByDescending(p => p.Deficits > 0).ThenBy(p => p.LastName).ThenBy(p => p.FirstName).Take(500).ToListAsync(ct);
        people = [.. people.Where(p => access.CanWriteIn(p.RegionId, p.MunicipalityId, p.OrganizationId)).Take(200)];
        var orgIds = people.Select(p => p.OrganizationId).Distinct().ToList();
        var orgs = await db.Organizations.AsNoTracking().Where(o => orgIds.Contains(o.Id)).ToDictionaryAsync(o => o.Id, o => o.Name, ct);
        foreach (var p in people)
            Candidates.Add(new Candidate(p.Id, p.MiddleName is null ? $"{p.LastName} {p.FirstName}" : $"{p.LastName} {p.FirstName} {p.MiddleName}",
                orgs.GetValueOrDefault(p.OrganizationId, ""), p.Position, p.Deficits, p.Routes));
    }

    private async Task<(IActionResult? Result, IndividualRoute? Existing)> LoadAsync(CancellationToken ct)
    {
        IndividualRoute? existing = null;
        if (Id is { } id)
        {
            existing = await db.IndividualRoutes.AsNoTracking().Include(x => x.Deficits).FirstOrDefaultAsync(x => x.Id == id, ct);
            if (existing is null) return (NotFound(), null);
            var a = await access.ForAsync(existing, ct);
            if (!a.Read) return (NotFound(), null);
            if (!a.Write) return (Forbid(), null);
            PersonId = existing.PersonId;
        }
        if (PersonId is not { } pid) return (null, existing);
        var p = await db.People.AsNoTracking().FirstOrDefaultAsync(x => x.Id == pid, ct);
        if (p is null || p.Kind != PersonKind.Teacher) return (NotFound(), null);
        if (!access.CanWriteIn(p.RegionId, p.MunicipalityId, p.OrganizationId))
            return access.CanReadAsStaffIn(p.RegionId, p.MunicipalityId, p.OrganizationId) ? (Forbid(), null) : (NotFound(), null);
        P = p;
        OrganizationName = await db.Organizations.AsNoTracking().Where(o => o.Id == p.OrganizationId).Select(o => o.Name).FirstAsync(ct);
        PersonDeficits = [.. (await db.Deficits.AsNoTracking().Where(d => d.PersonId == p.Id).Include(d => d.Competency).OrderBy(d => d.IdentifiedOn).ToListAsync(ct))
            .Select(d => new DeficitOption(d.Id, d.Competency!.Name, Platform.Web.Formats.Name(d.Source), d.IdentifiedOn, d.Note))];
        Tutors = await db.RoleAssignments.AsNoTracking()
            .Where(a => a.Role == Role.Tutor && (a.OrganizationId == p.OrganizationId || (a.OrganizationId == null && a.MunicipalityId == p.MunicipalityId)))
            .Join(db.Users.Where(u => !u.IsDisabled), a => a.UserId, u => u.Id, (a, u) => new TutorOption(u.Id, u.FullName)).Distinct().ToListAsync(ct);
        // A tutor chosen earlier who has since left the school's scope stays selectable, so saving does not drop them silently.
        if (existing?.TutorUserId is { } old && Tutors.All(t => t.UserId != old))
            Tutors.AddRange(await db.Users.AsNoTracking().Where(u => u.Id == old).Select(u => new TutorOption(u.Id, u.FullName)).ToListAsync(ct));
        Tutors = [.. Tutors.OrderBy(t => t.Name)];
        return (null, existing);
    }
}
