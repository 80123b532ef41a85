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
public sealed class MunicipalityModel(AppDbContext db, IAuthorizationService auth, AuditLog audit) : PageModel
{
    public sealed class InputModel
    {
        [Display(Name = "Название"), Required, StringLength(300, MinimumLength = 3)]
        public string? Name { get; set; }
        [Display(Name = "Орган управления образованием"), StringLength(500)]
        public string? EducationAuthority { get; set; }
        [Display(Name = "В архиве (не показывать в списках и отчётах)")]
        public bool IsArchived { get; set; }
        public Guid Version { get; set; }
    }

    [BindProperty(SupportsGet = true)] public int Id { get; set; }
    [BindProperty] public InputModel Input { get; set; } = new();

    public async Task<IActionResult> OnGetAsync()
    {
        var m = await Find();
        if (m is null) return NotFound();
        Input = new InputModel { Name = m.Name, EducationAuthority = m.EducationAuthority, IsArchived = m.IsArchived, Version = m.Version };
        return Page();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        var m = await Find();
        if (m is null) return NotFound();
        if (!ModelState.IsValid) return Page();
        var name = OrganizationImporter.CollapseSpaces(Input.Name!);
        if (await db.Municipalities.AnyAsync(x => x.RegionId == m.RegionId && x.Name == name && x.Id != m.Id))
        {
            ModelState.AddModelError("Input.Name", "Муниципалитет с таким названием уже есть.");
            return Page();
        }
        db.Entry(m).Property(x => x.Version).OriginalValue = Input.Version;
        var archiving = Input.IsArchived && !m.IsArchived;
        m.Name = name;
        m.EducationAuthority = string.IsNullOrWhiteSpace(Input.EducationAuthority) ? null : Input.EducationAuthority.Trim();
        m.IsArchived = Input.IsArchived;
        try
        {
            audit.Add(archiving ? AuditActions.Archive : AuditActions.Update, "municipality", m.Id.ToString());
            await db.SaveChangesAsync();
        }
        catch (DbUpdateConcurrencyException)
        {
            ModelState.AddModelError("", "Пока вы редактировали, запись изменил другой пользователь. Обновите страницу.");
            return Page();
        }
        TempData["Flash"] = "Изменения сохранены.";
        return Redirect("/organizations/municipalities");
    }

    private async Task<Municipality?> Find()
    {
        var m = await db.Municipalities.FirstOrDefaultAsync(x => x.Id == Id);
        return m is not null && (await auth.AuthorizeAsync(User, m, new TenantOperation(Permissions.MunicipalitiesWrite))).Succeeded ? m : null;
    }
}
