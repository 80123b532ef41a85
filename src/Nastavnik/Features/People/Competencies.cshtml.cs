using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Nastavnik.Data;
using Nastavnik.Platform.Audit;
using Nastavnik.Platform.Auth;

namespace Nastavnik.Features.People;

/// <summary>
/// The competency catalogue: the default entries (aligned with the professional standard «Педагог») and a
/// region's own. A regional coordinator adds and archives the region's entries; the administrator also
/// archives default ones. Archived entries stay on the people who have them but are no longer offered.
/// </summary>
[Authorize(Policy = Permissions.CompetenciesManage)]
public sealed class CompetenciesModel(AppDbContext db, AuditLog audit) : PageModel
{
    public sealed class InputModel
    {
        [Display(Name = "Регион"), Required] public int? RegionId { get; set; }
        [Display(Name = "Группа"), Required, StringLength(100)] public string? Group { get; set; }
        [Display(Name = "Компетенция"), Required, StringLength(300, MinimumLength = 3)] public string? Name { get; set; }
    }

    public sealed record Row(int Id, string Group, string Name, string Owner, bool IsArchived, bool CanToggle, int People);

    [BindProperty] public InputModel Input { get; set; } = new();
    public List<Row> Items { get; private set; } = [];
    public List<(int Id, string Name)> Regions { get; private set; } = [];

    public async Task OnGetAsync()
    {
        await LoadAsync();
        if (Regions.Count == 1) Input.RegionId = Regions[0].Id;
    }

    public async Task<IActionResult> OnPostAsync()
    {
        await LoadAsync();
        if (Input.RegionId is { } r && Regions.All(x => x.Id != r)) ModelState.AddModelError("Input.RegionId", "Выберите регион из списка.");
        if (!ModelState.IsValid) return Page();
        var name = Input.Name!.Trim();
        if (Items.Any(i => string.Equals(i.Name, name, StringComparison.OrdinalIgnoreCase) && !i.IsArchived))
        {
            ModelState.AddModelError("Input.Name", "Такая компетенция в каталоге уже есть.");
            return Page();
        }
        db.Competencies.Add(new Competency { RegionId = Input.RegionId, Group = Input.Group!.Trim(), Name = name });
        audit.Add(AuditActions.Create, "competency", null, name);
        await db.SaveChangesAsync();
        TempData["Flash"] = $"Компетенция «{name}» добавлена в каталог.";
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostToggleAsync(int id)
    {
        await LoadAsync();
        var row = Items.FirstOrDefault(i => i.Id == id);
        if (row is null || !row.CanToggle) return NotFound();
        var c = await db.Competencies.FirstAsync(x => x.Id == id);
        c.IsArchived = !c.IsArchived;
        audit.Add(c.IsArchived ? AuditActions.Archive : AuditActions.Restore, "competency", id.ToString(), c.Name);
        await db.SaveChangesAsync();
        TempData["Flash"] = c.IsArchived ? $"«{c.Name}» больше не предлагается." : $"«{c.Name}» снова в каталоге.";
        return RedirectToPage();
    }

    private async Task LoadAsync()
    {
        var writable = db.Scope.For(Permissions.CompetenciesManage);
        Regions = (await db.Regions.AsNoTracking().Where(r => !r.IsArchived).OrderBy(r => r.Name).ToListAsync())
            .Where(r => writable.CoversRegion(r.Id)).Select(r => (r.Id, r.Name)).ToList();
        var regionNames = Regions.ToDictionary(r => r.Id, r => r.Name);
        var counts = await db.Deficits.AsNoTracking().GroupBy(d => d.CompetencyId).Select(g => new { g.Key, N = g.Select(d => d.PersonId).Distinct().Count() })
            .ToDictionaryAsync(x => x.Key, x => x.N);
        Items = (await db.Competencies.AsNoTracking().OrderBy(c => c.Group).ThenBy(c => c.Name).ToListAsync())
            .Select(c => new Row(c.Id, c.Group, c.Name, c.RegionId is { } rid ? regionNames.GetValueOrDefault(rid, "регион") : "общий каталог", c.IsArchived,
                c.RegionId is { } own ? writable.CoversRegion(own) : writable.IsGlobal, counts.GetValueOrDefault(c.Id)))
            .ToList();
    }
}
