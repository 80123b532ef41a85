using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Nastavnik.Data;
using Nastavnik.Platform.Auth;

namespace Nastavnik.Features.Indicators;

/// <summary>Контингент ОО на дату: the denominators of the shares. Without an entry the organisation card's counts are used.</summary>
[Authorize(Policy = Permissions.IndicatorsWrite)]
public sealed class EnrolmentModel(AppDbContext db, TimeProvider clock) : PageModel
{
    public sealed record Row(int OrganizationId, string Name, string Municipality, int? CardPupils, int? CardTeachers, DateOnly? AsOf, int? Pupils, int? Teachers);

    public sealed record InputModel
    {
        [Display(Name = "Организация"), Required(ErrorMessage = "Выберите организацию.")] public int? OrganizationId { get; init; }
        [Display(Name = "Дата"), Required(ErrorMessage = "Укажите дату.")] public DateOnly? AsOf { get; init; }
        [Display(Name = "Обучающихся"), Required(ErrorMessage = "Укажите число обучающихся."), Range(0, 1_000_000, ErrorMessage = "Число обучающихся — от 0 до 1 000 000.")] public int? Pupils { get; init; }
        [Display(Name = "Педагогов"), Required(ErrorMessage = "Укажите число педагогов."), Range(0, 100_000, ErrorMessage = "Число педагогов — от 0 до 100 000.")] public int? Teachers { get; init; }
    }

    [BindProperty] public InputModel Input { get; set; } = new();
    public List<Row> Rows { get; private set; } = [];

    public async Task OnGetAsync()
    {
        Input = new InputModel { AsOf = IndicatorWeb.Today(clock) };
        await LoadAsync();
    }

    private async Task LoadAsync()
    {
        var orgs = await new IndicatorCalculator(db).Organizations(Indicators.MonitoringLevel.All).OrderBy(o => o.Municipality!.Name).ThenBy(o => o.Name).Take(2000)
            .Select(o => new { o.Id, o.Name, Municipality = o.Municipality!.Name, o.PupilCount, o.TeacherCount }).ToListAsync();
        var ids = orgs.Select(o => o.Id).ToList();
        var entries = (await db.OrganizationEnrolments.AsNoTracking().Where(e => ids.Contains(e.OrganizationId)).ToListAsync())
            .GroupBy(e => e.OrganizationId).ToDictionary(g => g.Key, g => g.MaxBy(e => e.AsOf)!);
        Rows = [.. orgs.Select(o =>
        {
            var e = entries.GetValueOrDefault(o.Id);
            return new Row(o.Id, o.Name, o.Municipality, o.PupilCount, o.TeacherCount, e?.AsOf, e?.Pupils, e?.Teachers);
        })];
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (!ModelState.IsValid)
        {
            await LoadAsync();
            return Page();
        }
        var org = await db.Organizations.AsNoTracking().FirstOrDefaultAsync(o => o.Id == Input.OrganizationId);
        if (org is null) return NotFound();
        if (!IndicatorAccess.CanEnter(db.Scope, org.RegionId, org.MunicipalityId, org.Id)) return Forbid();
        var asOf = Input.AsOf!.Value;
        var row = await db.OrganizationEnrolments.FirstOrDefaultAsync(e => e.OrganizationId == org.Id && e.AsOf == asOf);
        if (row is null)
        {
            row = new OrganizationEnrolment { OrganizationId = org.Id, MunicipalityId = org.MunicipalityId, RegionId = org.RegionId, AsOf = asOf };
            db.OrganizationEnrolments.Add(row);
        }
        row.Pupils = Input.Pupils!.Value;
        row.Teachers = Input.Teachers!.Value;
        row.EnteredAt = clock.GetUtcNow().UtcDateTime;
        row.EnteredBy = User.Identity?.Name;
        await db.SaveChangesAsync();
        TempData["Flash"] = $"Контингент «{org.Name}» на {Platform.Web.Formats.Date(asOf)} сохранён.";
        return RedirectToPage();
    }
}
