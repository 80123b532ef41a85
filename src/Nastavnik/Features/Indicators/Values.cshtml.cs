using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Nastavnik.Data;
using Nastavnik.Platform.Auth;

namespace Nastavnik.Features.Indicators;

/// <summary>Values of manual indicators (seed 004: ИКУ, курсовая подготовка, банк практик…), entered with their source and date.</summary>
[Authorize(Policy = Permissions.IndicatorsWrite)]
public sealed class ValuesModel(AppDbContext db, TimeProvider clock) : PageModel
{
    public sealed record InputModel
    {
        [Display(Name = "Показатель"), Required(ErrorMessage = "Выберите показатель.")] public string? IndicatorCode { get; init; }
        [Display(Name = "Организация"), Required(ErrorMessage = "Выберите организацию.")] public int? OrganizationId { get; init; }
        [Display(Name = "На дату"), Required(ErrorMessage = "Укажите дату.")] public DateOnly? AsOf { get; init; }
        [Display(Name = "Числитель"), Range(0, 10_000_000, ErrorMessage = "Числитель — неотрицательное число.")] public int? Numerator { get; init; }
        [Display(Name = "Знаменатель"), Range(1, 10_000_000, ErrorMessage = "Знаменатель — положительное число.")] public int? Denominator { get; init; }
        [Display(Name = "Значение (если нет числителя и знаменателя)"), Range(0, 10_000_000, ErrorMessage = "Значение — неотрицательное число.")] public double? Value { get; init; }
        [Display(Name = "Источник"), Required(ErrorMessage = "Укажите источник (мониторинг, анализ РИКУ, сайт…)."), StringLength(500, ErrorMessage = "Источник — не длиннее 500 знаков.")] public string? Source { get; init; }
    }

    [BindProperty] public InputModel Input { get; set; } = new();
    public List<Indicator> Manual { get; private set; } = [];
    public List<(int Id, string Name)> Organizations { get; private set; } = [];
    public List<(IndicatorValue Value, string Indicator, string Organization)> Rows { get; private set; } = [];

    public async Task OnGetAsync()
    {
        Input = new InputModel { AsOf = IndicatorWeb.Today(clock) };
        await LoadAsync();
    }

    private async Task LoadAsync()
    {
        var calc = new IndicatorCalculator(db);
        var orgs = await calc.Organizations(MonitoringLevel.All).OrderBy(o => o.Name).Take(2000).Select(o => new { o.Id, o.Name, o.RegionId }).ToListAsync();
        Organizations = [.. orgs.Select(o => (o.Id, o.Name))];
        var regions = orgs.Select(o => o.RegionId).Distinct().ToList();
        Manual = [.. (await calc.CatalogueAsync(regions.Count == 1 ? regions[0] : null)).Where(i => i.Computation == IndicatorComputation.Manual)];
        var names = Manual.ToDictionary(i => i.Code, i => i.Name);
        var orgNames = Organizations.ToDictionary(o => o.Id, o => o.Name);
        var values = await db.IndicatorValues.AsNoTracking().OrderByDescending(v => v.AsOf).ThenByDescending(v => v.Id).Take(500).ToListAsync();
        Rows = [.. values.Select(v => (v, names.GetValueOrDefault(v.IndicatorCode, v.IndicatorCode), v.OrganizationId is { } o ? orgNames.GetValueOrDefault(o, "") : "муниципалитет"))];
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (ModelState.IsValid && Input.Value is null && (Input.Numerator is null || Input.Denominator is null))
            ModelState.AddModelError("Input.Value", "Укажите числитель и знаменатель или значение.");
        if (ModelState.IsValid && Input.Numerator > Input.Denominator)
            ModelState.AddModelError("Input.Numerator", "Числитель не может быть больше знаменателя.");
        if (!ModelState.IsValid)
        {
            await LoadAsync();
            return Page();
        }
        var org = await db.Organizations.AsNoTracking().FirstOrDefaultAsync(o => o.Id == Input.OrganizationId);
        if (org is null) return NotFound();
        if (!IndicatorAccess.CanEnter(db.Scope, org.RegionId, org.MunicipalityId, org.Id)) return Forbid();
        var indicator = (await new IndicatorCalculator(db).CatalogueAsync(org.RegionId)).FirstOrDefault(i => i.Code == Input.IndicatorCode && i.Computation == IndicatorComputation.Manual);
        if (indicator is null)
        {
            ModelState.AddModelError("Input.IndicatorCode", "Этот показатель рассчитывается автоматически или не существует.");
            await LoadAsync();
            return Page();
        }
        var value = Input.Numerator is { } n && Input.Denominator is { } d
            ? (indicator.Unit == IndicatorUnit.Share ? 100.0 * n / d : n)
            : Input.Value!.Value;
        db.IndicatorValues.Add(new IndicatorValue
        {
            IndicatorCode = indicator.Code, RegionId = org.RegionId, MunicipalityId = org.MunicipalityId, OrganizationId = org.Id, AsOf = Input.AsOf!.Value,
            Value = value, Numerator = Input.Numerator, Denominator = Input.Denominator, Source = Input.Source!.Trim(),
            EnteredAt = clock.GetUtcNow().UtcDateTime, EnteredBy = User.Identity?.Name,
        });
        await db.SaveChangesAsync();
        TempData["Flash"] = "Значение показателя сохранено.";
        return RedirectToPage();
    }
}
