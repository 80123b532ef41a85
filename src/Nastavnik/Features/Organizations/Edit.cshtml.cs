using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Nastavnik.Data;
using Nastavnik.Platform.Audit;
using Nastavnik.Platform.Auth;

namespace Nastavnik.Features.Organizations;

[Authorize(Policy = Permissions.OrganizationsWrite)]
public sealed class EditModel(AppDbContext db, IAuthorizationService auth, AuditLog audit) : PageModel
{
    public sealed class InputModel
    {
        [Display(Name = "Полное наименование"), Required, StringLength(500, MinimumLength = 3)]
        public string? Name { get; set; }
        [Display(Name = "Краткое наименование"), StringLength(200)]
        public string? ShortName { get; set; }
        [Display(Name = "Тип организации"), Required]
        public OrganizationKind? Kind { get; set; }
        [Display(Name = "Муниципалитет"), Required]
        public int? MunicipalityId { get; set; }
        [Display(Name = "Число обучающихся"), Range(0, 1_000_000)]
        public int? PupilCount { get; set; }
        [Display(Name = "Число педагогов"), Range(0, 100_000)]
        public int? TeacherCount { get; set; }
        [Display(Name = "ИНН"), RegularExpression(@"^\d{10}(\d{2})?$", ErrorMessage = "ИНН состоит из 10 или 12 цифр.")]
        public string? Inn { get; set; }
        [Display(Name = "Адрес"), StringLength(500)]
        public string? Address { get; set; }
        [Display(Name = "Электронная почта"), EmailAddress, StringLength(200)]
        public string? Email { get; set; }
        [Display(Name = "Телефон"), StringLength(50)]
        public string? Phone { get; set; }
        [Display(Name = "Сайт"), Url, StringLength(300)]
        public string? Website { get; set; }
        public Guid? Version { get; set; }
    }

    public sealed record Option(int Id, string Name);

    [BindProperty(SupportsGet = true)] public int? Id { get; set; }
    [BindProperty] public InputModel Input { get; set; } = new();
    public List<Option> Municipalities { get; private set; } = [];
    public bool IsArchived { get; private set; }

    public async Task<IActionResult> OnGetAsync()
    {
        await LoadMunicipalities();
        if (Id is null)
        {
            if (Municipalities.Count == 1) Input.MunicipalityId = Municipalities[0].Id;
            return Page();
        }
        var o = await db.Organizations.AsNoTracking().FirstOrDefaultAsync(x => x.Id == Id);
        if (o is null) return NotFound();
        if (!await CanWrite(o)) return NotFound();
        IsArchived = o.IsArchived;
        Input = new InputModel
        {
            Name = o.Name, ShortName = o.ShortName, Kind = o.Kind, MunicipalityId = o.MunicipalityId, PupilCount = o.PupilCount,
            TeacherCount = o.TeacherCount, Inn = o.Inn, Address = o.Address, Email = o.Email, Phone = o.Phone, Website = o.Website, Version = o.Version,
        };
        return Page();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        await LoadMunicipalities();
        Organization? o = null;
        if (Id is not null)
        {
            o = await db.Organizations.FirstOrDefaultAsync(x => x.Id == Id);
            if (o is null || !await CanWrite(o)) return NotFound();
            IsArchived = o.IsArchived;
        }
        if (!ModelState.IsValid) return Page();
        var m = await db.Municipalities.FirstOrDefaultAsync(x => x.Id == Input.MunicipalityId && !x.IsArchived);
        if (m is null)
        {
            ModelState.AddModelError("Input.MunicipalityId", "Выберите муниципалитет из списка.");
            return Page();
        }
        var name = OrganizationImporter.CollapseSpaces(Input.Name!);
        if (await db.Organizations.AnyAsync(x => x.MunicipalityId == m.Id && x.Name == name && x.Id != (Id ?? 0)))
        {
            ModelState.AddModelError("Input.Name", "Организация с таким наименованием в этом муниципалитете уже есть.");
            return Page();
        }
        var creating = o is null;
        if (o is null)
        {
            o = new Organization { Name = name };
            db.Organizations.Add(o);
        }
        else
        {
            db.Entry(o).Property(x => x.Version).OriginalValue = Input.Version ?? Guid.Empty;
        }
        o.Name = name;
        o.MunicipalityId = m.Id;
        o.RegionId = m.RegionId;
        o.ShortName = Clean(Input.ShortName);
        o.Kind = Input.Kind!.Value;
        o.PupilCount = Input.PupilCount;
        o.TeacherCount = Input.TeacherCount;
        o.Inn = Clean(Input.Inn);
        o.Address = Clean(Input.Address);
        o.Email = Clean(Input.Email);
        o.Phone = Clean(Input.Phone);
        o.Website = Clean(Input.Website);
        // Checked after the change too: moving an organisation to a municipality outside one's scope is refused.
        if (!await CanWrite(o))
        {
            ModelState.AddModelError("Input.MunicipalityId", "У вас нет прав на организации этого муниципалитета.");
            return Page();
        }
        try
        {
            await db.SaveChangesAsync();
            await audit.WriteAsync(creating ? AuditActions.Create : AuditActions.Update, "organization", o.Id.ToString(), null, o.Id);
        }
        catch (DbUpdateConcurrencyException)
        {
            ModelState.AddModelError("", "Пока вы редактировали, карточку изменил другой пользователь. Обновите страницу и внесите изменения ещё раз.");
            return Page();
        }
        TempData["Flash"] = creating ? $"Организация «{o.Name}» добавлена." : "Изменения сохранены.";
        return Redirect(creating ? "/organizations" : $"/organizations/edit/{o.Id}");
    }

    public Task<IActionResult> OnPostArchiveAsync(Guid version) => SetArchived(true, version);
    public Task<IActionResult> OnPostRestoreAsync(Guid version) => SetArchived(false, version);

    private async Task<IActionResult> SetArchived(bool archived, Guid version)
    {
        var o = await db.Organizations.FirstOrDefaultAsync(x => x.Id == Id);
        if (o is null || !await CanWrite(o)) return NotFound();
        db.Entry(o).Property(x => x.Version).OriginalValue = version;
        o.IsArchived = archived;
        try
        {
            audit.Add(archived ? AuditActions.Archive : AuditActions.Restore, "organization", o.Id.ToString(), null, o.Id);
            await db.SaveChangesAsync();
        }
        catch (DbUpdateConcurrencyException)
        {
            TempData["FlashError"] = "Карточку изменил другой пользователь. Проверьте данные и повторите.";
            return Redirect($"/organizations/edit/{o.Id}");
        }
        TempData["Flash"] = archived ? "Организация перенесена в архив." : "Организация возвращена из архива.";
        return Redirect($"/organizations/edit/{o.Id}");
    }

    private async Task<bool> CanWrite(Organization o) => (await auth.AuthorizeAsync(User, o, new TenantOperation(Permissions.OrganizationsWrite))).Succeeded;

    private async Task LoadMunicipalities()
    {
        var writable = db.Scope.For(Permissions.OrganizationsWrite);
        Municipalities = (await db.Municipalities.AsNoTracking().Where(m => !m.IsArchived).OrderBy(m => m.Name).ToListAsync())
            .Where(m => writable.CoversMunicipality(m.RegionId, m.Id) || writable.Roles.Any(r => r.MunicipalityId == m.Id))
            .Select(m => new Option(m.Id, m.Name)).ToList();
    }

    private static string? Clean(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();
}
