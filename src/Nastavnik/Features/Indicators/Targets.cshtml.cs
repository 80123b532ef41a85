using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Nastavnik.Data;
using Nastavnik.Platform.Auth;

namespace Nastavnik.Features.Indicators;

/// <summary>Плановые значения: a share or a count by a date for a region, a municipality or an organisation. Heads and curators read them here; coordinators set them.</summary>
[Authorize(Policy = Permissions.IndicatorsWrite)]
public sealed class TargetsModel(AppDbContext db, TimeProvider clock) : PageModel
{
    public sealed record InputModel
    {
        [Display(Name = "Показатель"), Required(ErrorMessage = "Выберите показатель.")] public string? IndicatorCode { get; init; }
        [Display(Name = "Регион")] public int? RegionId { get; init; }
        [Display(Name = "Муниципалитет")] public int? MunicipalityId { get; init; }
        [Display(Name = "Организация")] public int? OrganizationId { get; init; }
        [Display(Name = "Срок (на дату)"), Required(ErrorMessage = "Укажите дату, к которой должно быть достигнуто значение.")] public DateOnly? DueOn { get; init; }
        [Display(Name = "Вид значения")] public TargetKind Kind { get; init; }
        [Display(Name = "Значение"), Required(ErrorMessage = "Укажите значение."), Range(0, 10_000_000, ErrorMessage = "Значение — неотрицательное число.")] public double? Value { get; init; }
    }

    public sealed record Row(IndicatorTarget Target, string IndicatorName, string Level);

    [BindProperty] public InputModel Input { get; set; } = new();
    public List<Row> Rows { get; private set; } = [];
    public List<Indicator> Catalogue { get; private set; } = [];
    public List<(int Id, string Name)> Regions { get; private set; } = [];
    public List<(int Id, string Name)> Municipalities { get; private set; } = [];
    public List<(int Id, string Name)> Organizations { get; private set; } = [];
    public bool CanPlan => IndicatorAccess.CanPlanAnything(db.Scope);

    // The form offers only the levels the user may plan for, and a row shows «Удалить» only where deleting is allowed:
    // a municipal coordinator reads the region's targets but a region choice or a delete button there answered «доступ запрещён».
    public List<(int Id, string Name)> PlanRegions { get; private set; } = [];
    public List<(int Id, string Name)> PlanMunicipalities { get; private set; } = [];
    public List<(int Id, string Name)> PlanOrganizations { get; private set; } = [];

    public bool CanDelete(IndicatorTarget t) => IndicatorAccess.CanPlan(db.Scope, t.RegionId, t.MunicipalityId, t.OrganizationId);

    public async Task OnGetAsync() => await LoadAsync();

    private async Task LoadAsync()
    {
        var regions = await db.Regions.AsNoTracking().OrderBy(r => r.Name).Select(r => new { r.Id, r.Name }).ToListAsync();
        Regions = [.. regions.Select(r => (r.Id, r.Name))];
        var muns = await db.Municipalities.AsNoTracking().OrderBy(m => m.Name).Take(1000).Select(m => new { m.Id, m.Name, m.RegionId }).ToListAsync();
        Municipalities = [.. muns.Select(m => (m.Id, m.Name))];
        var orgs = await new IndicatorCalculator(db).Organizations(MonitoringLevel.All).OrderBy(o => o.Name).Take(2000).Select(o => new { o.Id, o.Name, o.RegionId, o.MunicipalityId }).ToListAsync();
        Organizations = [.. orgs.Select(o => (o.Id, o.Name))];
        PlanRegions = [.. regions.Where(r => IndicatorAccess.CanPlan(db.Scope, r.Id, null, null)).Select(r => (r.Id, r.Name))];
        PlanMunicipalities = [.. muns.Where(m => IndicatorAccess.CanPlan(db.Scope, m.RegionId, m.Id, null)).Select(m => (m.Id, m.Name))];
        PlanOrganizations = [.. orgs.Where(o => IndicatorAccess.CanPlan(db.Scope, o.RegionId, o.MunicipalityId, o.Id)).Select(o => (o.Id, o.Name))];
        Catalogue = await new IndicatorCalculator(db).CatalogueAsync(Regions.Count == 1 ? Regions[0].Id : null);
        var names = Catalogue.ToDictionary(i => i.Code, i => i.Name);
        var regionNames = Regions.ToDictionary(r => r.Id, r => r.Name);
        var munNames = Municipalities.ToDictionary(r => r.Id, r => r.Name);
        var orgNames = Organizations.ToDictionary(r => r.Id, r => r.Name);
        var targets = await db.IndicatorTargets.AsNoTracking().OrderBy(t => t.IndicatorCode).ThenBy(t => t.DueOn).Take(5000).ToListAsync();
        Rows = [.. targets.Select(t => new Row(t, names.GetValueOrDefault(t.IndicatorCode, t.IndicatorCode),
            t.OrganizationId is { } o ? orgNames.GetValueOrDefault(o, "организация") : t.MunicipalityId is { } m ? munNames.GetValueOrDefault(m, "муниципалитет") : regionNames.GetValueOrDefault(t.RegionId, "регион")))];
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (!CanPlan) return Forbid();
        int regionId = 0;
        int? municipalityId = null;
        if (ModelState.IsValid)
        {
            if (Input.OrganizationId is { } oid)
            {
                var o = await db.Organizations.AsNoTracking().FirstOrDefaultAsync(x => x.Id == oid);
                if (o is null) return NotFound();
                (regionId, municipalityId) = (o.RegionId, o.MunicipalityId);
            }
            else if (Input.MunicipalityId is { } mid)
            {
                var m = await db.Municipalities.AsNoTracking().FirstOrDefaultAsync(x => x.Id == mid);
                if (m is null) return NotFound();
                (regionId, municipalityId) = (m.RegionId, m.Id);
            }
            else if (Input.RegionId is { } rid && await db.Regions.AnyAsync(r => r.Id == rid)) regionId = rid;
            else ModelState.AddModelError("Input.RegionId", "Укажите регион, муниципалитет или организацию.");
            if (Input.Kind == TargetKind.Share && Input.Value > 100) ModelState.AddModelError("Input.Value", "Доля не может быть больше 100 %.");
        }
        if (!ModelState.IsValid)
        {
            await LoadAsync();
            return Page();
        }
        if (!IndicatorAccess.CanPlan(db.Scope, regionId, municipalityId, Input.OrganizationId)) return Forbid();
        db.IndicatorTargets.Add(new IndicatorTarget
        {
            IndicatorCode = Input.IndicatorCode!, RegionId = regionId, MunicipalityId = municipalityId, OrganizationId = Input.OrganizationId,
            DueOn = Input.DueOn!.Value, Kind = Input.Kind, Value = Input.Value!.Value, EnteredAt = clock.GetUtcNow().UtcDateTime, EnteredBy = User.Identity?.Name,
        });
        await db.SaveChangesAsync();
        TempData["Flash"] = "Плановое значение сохранено.";
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostDeleteAsync(int id)
    {
        if (!CanPlan) return Forbid();
        var t = await db.IndicatorTargets.FirstOrDefaultAsync(x => x.Id == id);
        if (t is null) return NotFound();
        if (!IndicatorAccess.CanPlan(db.Scope, t.RegionId, t.MunicipalityId, t.OrganizationId)) return Forbid();
        db.IndicatorTargets.Remove(t);
        await db.SaveChangesAsync();
        TempData["Flash"] = "Плановое значение удалено.";
        return RedirectToPage();
    }
}
