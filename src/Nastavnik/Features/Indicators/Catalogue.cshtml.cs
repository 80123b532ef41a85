using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Nastavnik.Data;
using Nastavnik.Platform.Audit;
using Nastavnik.Platform.Auth;

namespace Nastavnik.Features.Indicators;

/// <summary>
/// Каталог показателей of one region. Saving a default indicator creates the region's own row with the same code, which
/// replaces the default there only (targets and values refer to the code, so they keep their meaning); a region adds
/// its own indicators, computed by one of the named queries or entered by hand. What an existing code computes is
/// not changed here: a target set for «доля обучающихся» must not start measuring something else.
/// </summary>
[Authorize(Policy = Permissions.IndicatorsCatalogue)]
public sealed partial class CatalogueModel(AppDbContext db, AuditLog audit) : PageModel
{
    public sealed record Row(Indicator Indicator, bool IsRegional, bool HasDefault);

    [BindProperty(SupportsGet = true)] public int? Region { get; set; }
    public List<(int Id, string Name)> Regions { get; private set; } = [];
    public List<Row> Rows { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync() => await LoadAsync() ? Page() : NotFound();

    /// <summary>Saves the name, collection method, order and use of an indicator in force in the region.</summary>
    public async Task<IActionResult> OnPostAsync(string code, string? name, string? method, int? sortOrder, bool archived)
    {
        if (!await LoadAsync()) return NotFound();
        if (ModelState.GetFieldValidationState(nameof(sortOrder)) == ModelValidationState.Invalid) return Flash("Порядок — целое число от 0 до 10000.");
        var current = Rows.FirstOrDefault(r => r.Indicator.Code == code);
        if (current is null) return NotFound();
        if (Validate(name, method, sortOrder) is { } error) return Flash(error);
        var own = await db.Indicators.IgnoreQueryFilters().FirstOrDefaultAsync(i => i.RegionId == Region && i.Code == code);
        if (own is null)
        {
            var d = current.Indicator;
            own = new Indicator { RegionId = Region, Code = d.Code, Name = d.Name, Unit = d.Unit, Computation = d.Computation, Method = d.Method, SortOrder = d.SortOrder };
            db.Indicators.Add(own);
        }
        own.Name = name!.Trim();
        own.Method = string.IsNullOrWhiteSpace(method) ? null : method.Trim();
        own.SortOrder = sortOrder ?? own.SortOrder;
        own.IsArchived = archived;
        audit.Add(AuditActions.Update, "indicator", code, $"регион {Region}");
        await db.SaveChangesAsync();
        return Flash($"Показатель «{own.Name}» сохранён для региона.", ok: true);
    }

    public async Task<IActionResult> OnPostAddAsync(string? code, string? name, IndicatorUnit unit, IndicatorComputation computation, string? method, int? sortOrder)
    {
        if (!await LoadAsync()) return NotFound();
        code = code?.Trim().ToLowerInvariant();
        if (string.IsNullOrEmpty(code) || !CodePattern().IsMatch(code))
            return Flash("Код показателя: латинские буквы, цифры и дефис, от 2 до 50 символов (например, mentors-trained).");
        if (Validate(name, method, sortOrder) is { } error) return Flash(error);
        // A value that fails binding leaves the default: ModelState says which.
        if (ModelState.GetFieldValidationState(nameof(sortOrder)) == ModelValidationState.Invalid)
            return Flash("Порядок — целое число от 0 до 10000.");
        if (ModelState.GetFieldValidationState(nameof(unit)) == ModelValidationState.Invalid || ModelState.GetFieldValidationState(nameof(computation)) == ModelValidationState.Invalid
            || !Enum.IsDefined(unit) || !Enum.IsDefined(computation)) return Flash("Выберите единицу измерения и способ расчёта из списка.");
        // A computed share is a share by definition; only a hand-entered indicator may be a plain count.
        if (computation != IndicatorComputation.Manual && unit != IndicatorUnit.Share) return Flash("Рассчитываемый показатель — это доля, %; количество можно только вводить вручную.");
        if (Rows.Any(r => r.Indicator.Code == code)) return Flash($"Показатель с кодом «{code}» уже есть в каталоге региона.");
        var added = new Indicator
        {
            RegionId = Region, Code = code, Name = name!.Trim(), Unit = unit, Computation = computation,
            Method = string.IsNullOrWhiteSpace(method) ? null : method.Trim(), SortOrder = sortOrder ?? (Rows.Count == 0 ? 0 : Rows.Max(r => r.Indicator.SortOrder) + 1),
        };
        db.Indicators.Add(added);
        audit.Add(AuditActions.Create, "indicator", code, $"регион {Region}");
        await db.SaveChangesAsync();
        return Flash($"Показатель «{added.Name}» добавлен в каталог региона.", ok: true);
    }

    private static string? Validate(string? name, string? method, int? sortOrder)
    {
        if (string.IsNullOrWhiteSpace(name) || name.Trim().Length > 500) return "Укажите название показателя (до 500 символов).";
        if (method is { Length: > 500 }) return "Метод сбора информации — не длиннее 500 символов.";
        if (sortOrder is < 0 or > 10000) return "Порядок — целое число от 0 до 10000.";
        return null;
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{1,49}$")]
    private static partial Regex CodePattern();

    private RedirectResult Flash(string text, bool ok = false)
    {
        TempData[ok ? "Flash" : "FlashError"] = text;
        return Redirect($"/indicators/catalogue?region={Region}");
    }

    private async Task<bool> LoadAsync()
    {
        var scope = db.Scope.For(Permissions.IndicatorsCatalogue);
        Regions = (await db.Regions.AsNoTracking().Where(r => !r.IsArchived).OrderBy(r => r.Name).ToListAsync())
            .Where(r => scope.CoversRegion(r.Id)).Select(r => (r.Id, r.Name)).ToList();
        Region ??= Regions.FirstOrDefault().Id;
        if (Regions.All(r => r.Id != Region)) return Regions.Count == 0;
        // Archived rows are listed too, so a region can bring an indicator back.
        var all = await db.Indicators.IgnoreQueryFilters().AsNoTracking().Where(i => i.RegionId == null || i.RegionId == Region).ToListAsync();
        var defaults = all.Where(i => i.RegionId == null).Select(i => i.Code).ToHashSet();
        Rows = [.. all.GroupBy(i => i.Code).Select(g => g.OrderByDescending(i => i.RegionId.HasValue).First())
            .OrderBy(i => i.SortOrder).ThenBy(i => i.Name)
            .Select(i => new Row(i, i.RegionId is not null, defaults.Contains(i.Code)))];
        return true;
    }
}
