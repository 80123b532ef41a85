using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Nastavnik.Data;
using Nastavnik.Platform.Audit;
using Nastavnik.Platform.Auth;

namespace Nastavnik.Features.Organizations;

[Authorize(Policy = Permissions.MunicipalitiesWrite)]
public sealed class MunicipalitiesModel(AppDbContext db, IAuthorizationService auth, AuditLog audit) : PageModel
{
    public sealed class InputModel
    {
        [Display(Name = "Регион"), Required]
        public int? RegionId { get; set; }
        [Display(Name = "Название (район, городской округ)"), Required, StringLength(300, MinimumLength = 3)]
        public string? Name { get; set; }
        [Display(Name = "Орган управления образованием"), StringLength(500)]
        public string? EducationAuthority { get; set; }
    }

    public sealed record Row(int Id, string Name, string? Authority, string Region, int Organizations, bool IsArchived);
    public sealed record Option(int Id, string Name);

    [BindProperty] public InputModel Input { get; set; } = new();
    public List<Row> Items { get; private set; } = [];
    public List<Option> Regions { get; private set; } = [];

    public async Task OnGetAsync() => await Load();

    public async Task<IActionResult> OnPostAsync()
    {
        await Load();
        if (!ModelState.IsValid) return Page();
        var region = await db.Regions.FirstOrDefaultAsync(r => r.Id == Input.RegionId);
        if (region is null || !(await auth.AuthorizeAsync(User, region, new TenantOperation(Permissions.MunicipalitiesWrite))).Succeeded)
        {
            ModelState.AddModelError("Input.RegionId", "Выберите регион из списка.");
            return Page();
        }
        var name = OrganizationImporter.CollapseSpaces(Input.Name!);
        if (await db.Municipalities.AnyAsync(m => m.RegionId == region.Id && m.Name == name))
        {
            ModelState.AddModelError("Input.Name", "Муниципалитет с таким названием уже есть.");
            return Page();
        }
        var mun = new Municipality { RegionId = region.Id, Name = name, EducationAuthority = string.IsNullOrWhiteSpace(Input.EducationAuthority) ? null : Input.EducationAuthority.Trim() };
        db.Municipalities.Add(mun);
        await db.SaveChangesAsync();
        await audit.WriteAsync(AuditActions.Create, "municipality", mun.Id.ToString());
        TempData["Flash"] = $"Муниципалитет «{mun.Name}» добавлен.";
        return RedirectToPage();
    }

    private async Task Load()
    {
        var writable = db.Scope.For(Permissions.MunicipalitiesWrite);
        Regions = (await db.Regions.AsNoTracking().Where(r => !r.IsArchived).OrderBy(r => r.Name).ToListAsync())
            .Where(r => writable.CoversRegion(r.Id)).Select(r => new Option(r.Id, r.Name)).ToList();
        Items = await db.Municipalities.AsNoTracking().OrderBy(m => m.IsArchived).ThenBy(m => m.Name)
            .Select(m => new Row(m.Id, m.Name, m.EducationAuthority, m.Region!.Name, m.Organizations.Count(o => !o.IsArchived), m.IsArchived))
            .ToListAsync();
    }
}
