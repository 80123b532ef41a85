using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Nastavnik.Data;
using Nastavnik.Platform.Audit;
using Nastavnik.Platform.Auth;

namespace Nastavnik.Features.Events;

/// <summary>Журнал консультаций тьюторов, кураторов и наставников (seed 000, item 7).</summary>
[Authorize(Policy = Permissions.EventsRead)]
public sealed class ConsultationsModel(AppDbContext db, AuditLog audit, TimeProvider clock) : PageModel
{
    public sealed class InputModel
    {
        [Display(Name = "Где ведётся журнал"), Required] public string? Owner { get; set; }
        [Display(Name = "Дата"), Required] public DateOnly? HeldOn { get; set; }
        [Display(Name = "Кто консультировал"), Required, StringLength(300)] public string? Consultant { get; set; }
        [Display(Name = "Кого консультировали"), Required, StringLength(300)] public string? Consulted { get; set; }
        [Display(Name = "Тема, вопрос"), Required, StringLength(1000)] public string? Topic { get; set; }
        [Display(Name = "Форма (очно, онлайн, по телефону)"), StringLength(100)] public string? Format { get; set; }
        [Display(Name = "Итог"), StringLength(1000)] public string? Outcome { get; set; }
    }

    [BindProperty] public InputModel Input { get; set; } = new();
    public List<ConsultationRecord> Items { get; private set; } = [];
    public List<(string Value, string Name)> Owners { get; private set; } = [];
    public bool CanWrite => Owners.Count > 0;

    public async Task OnGetAsync()
    {
        await LoadAsync();
        Input.HeldOn = DateOnly.FromDateTime(clock.GetLocalNow().DateTime);
        if (Owners.Count == 1) Input.Owner = Owners[0].Value;
    }

    public async Task<IActionResult> OnPostAsync()
    {
        await LoadAsync();
        if (!CanWrite) return Forbid();
        if (Input.Owner is not null && Owners.All(o => o.Value != Input.Owner)) ModelState.AddModelError("Input.Owner", "Выберите из списка.");
        if (Input.HeldOn > DateOnly.FromDateTime(clock.GetLocalNow().DateTime)) ModelState.AddModelError("Input.HeldOn", "Консультация ещё не состоялась: дата в будущем.");
        if (!ModelState.IsValid) return Page();
        var (municipalityId, organizationId) = Matching.IndexModel.Parse(Input.Owner!);
        var regionId = await db.Municipalities.Where(m => m.Id == municipalityId).Select(m => m.RegionId).FirstAsync();
        db.Consultations.Add(new ConsultationRecord
        {
            RegionId = regionId, MunicipalityId = municipalityId, OrganizationId = organizationId, HeldOn = Input.HeldOn!.Value,
            Consultant = Input.Consultant!.Trim(), Consulted = Input.Consulted!.Trim(), Topic = Input.Topic!.Trim(), Format = Input.Format?.Trim(), Outcome = Input.Outcome?.Trim(),
        });
        audit.Add(AuditActions.Create, "consultation", null, null, organizationId);
        await db.SaveChangesAsync();
        TempData["Flash"] = "Запись внесена в журнал консультаций.";
        return RedirectToPage();
    }

    private async Task LoadAsync()
    {
        Items = await db.Consultations.AsNoTracking().OrderByDescending(c => c.HeldOn).ThenByDescending(c => c.Id).Take(500).ToListAsync();
        var scope = db.Scope;
        var muns = (await db.Municipalities.AsNoTracking().Where(m => !m.IsArchived).OrderBy(m => m.Name).ToListAsync())
            .Where(m => EventAccess.CanWrite(scope, m.RegionId, m.Id, null)).Select(m => ($"m:{m.Id}", m.Name));
        var orgs = (await db.Organizations.AsNoTracking().Where(o => !o.IsArchived).OrderBy(o => o.Name).ToListAsync())
            .Where(o => EventAccess.CanWrite(scope, o.RegionId, o.MunicipalityId, o.Id)).Select(o => ($"o:{o.MunicipalityId}:{o.Id}", o.Name));
        Owners = [.. muns, .. orgs];
    }
}
