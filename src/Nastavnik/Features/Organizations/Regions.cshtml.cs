using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Nastavnik.Data;
using Nastavnik.Platform.Audit;
using Nastavnik.Platform.Auth;

namespace Nastavnik.Features.Organizations;

/// <summary>Regions (субъекты РФ): the administrator adds, renames and archives them.</summary>
[Authorize(Policy = Permissions.RegionsWrite)]
public sealed class RegionsModel(AppDbContext db, AuditLog audit) : PageModel
{
    public sealed class InputModel
    {
        public int? Id { get; set; }
        [Display(Name = "Название региона"), Required, StringLength(300, MinimumLength = 3)] public string? Name { get; set; }
        [Display(Name = "Орган управления образованием"), StringLength(500)] public string? EducationAuthority { get; set; }
        [Display(Name = "В архиве")] public bool IsArchived { get; set; }
        public Guid? Version { get; set; }
    }

    public sealed record Row(int Id, string Name, string? Authority, int Municipalities, bool IsArchived, Guid Version);

    [BindProperty] public InputModel Input { get; set; } = new();
    public List<Row> Items { get; private set; } = [];

    public async Task OnGetAsync(int? edit)
    {
        await LoadAsync();
        if (edit is not null && Items.FirstOrDefault(r => r.Id == edit) is { } r)
            Input = new InputModel { Id = r.Id, Name = r.Name, EducationAuthority = r.Authority, IsArchived = r.IsArchived, Version = r.Version };
    }

    public async Task<IActionResult> OnPostAsync()
    {
        await LoadAsync();
        if (!ModelState.IsValid) return Page();
        var name = OrganizationImporter.CollapseSpaces(Input.Name!);
        if (await db.Regions.AnyAsync(r => r.Name == name && r.Id != (Input.Id ?? 0)))
        {
            ModelState.AddModelError("Input.Name", "Регион с таким названием уже есть.");
            return Page();
        }
        Region? region;
        if (Input.Id is null)
        {
            region = new Region { Name = name };
            db.Regions.Add(region);
        }
        else
        {
            region = await db.Regions.FirstOrDefaultAsync(r => r.Id == Input.Id);
            if (region is null) return NotFound();
            db.Entry(region).Property(r => r.Version).OriginalValue = Input.Version ?? Guid.Empty;
            region.Name = name;
            region.IsArchived = Input.IsArchived;
        }
        region.EducationAuthority = string.IsNullOrWhiteSpace(Input.EducationAuthority) ? null : Input.EducationAuthority.Trim();
        try
        {
            await db.SaveChangesAsync();
        }
        catch (DbUpdateConcurrencyException)
        {
            ModelState.AddModelError("", "Запись изменил другой пользователь. Обновите страницу.");
            return Page();
        }
        await audit.WriteAsync(Input.Id is null ? AuditActions.Create : AuditActions.Update, "region", region.Id.ToString());
        TempData["Flash"] = Input.Id is null ? $"Регион «{region.Name}» добавлен." : "Изменения сохранены.";
        return RedirectToPage();
    }

    private async Task LoadAsync() =>
        Items = await db.Regions.AsNoTracking().OrderBy(r => r.IsArchived).ThenBy(r => r.Name)
            .Select(r => new Row(r.Id, r.Name, r.EducationAuthority, r.Municipalities.Count, r.IsArchived, r.Version)).ToListAsync();
}
