using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Nastavnik.Data;
using Nastavnik.Features.Organizations;
using Nastavnik.Platform.Audit;
using Nastavnik.Platform.Auth;

namespace Nastavnik.Features.Monitoring;

/// <summary>
/// An organisation's monitoring: when the stages open (interim at a share of the programme's period, final some days
/// before its end), how long people have to answer, how often they are reminded, and which questionnaires are sent.
/// Stages not yet opened follow a change at once; opened ones keep what they were given.
/// </summary>
[Authorize(Policy = Permissions.MonitoringManage)]
public sealed class SettingsModel(AppDbContext db, MonitoringService service, MonitoringAccess access, AuditLog audit) : PageModel
{
    public sealed record Choice(Questionnaire Q, bool Selected);

    [BindProperty(SupportsGet = true)] public int? OrganizationId { get; set; }
    public List<Organization> Organizations { get; private set; } = [];
    public Organization? Org { get; private set; }
    public MonitoringSettings S { get; private set; } = new();
    public List<Choice> Choices { get; } = [];
    public List<string> Errors { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) => await LoadAsync(ct) ?? Page();

    public async Task<IActionResult> OnPostAsync(int interimAtPercent, int finalDaysBeforeEnd, int fillDays, int reminderEveryDays,
        List<int>? set, Guid? version, CancellationToken ct)
    {
        if (await LoadAsync(ct) is { } r) return r;
        if (Org is null) return Page();
        Errors = MonitoringRules.ValidateSettings(interimAtPercent, finalDaysBeforeEnd, fillDays, reminderEveryDays);
        var allowed = Choices.Select(c => c.Q.Id).ToHashSet();
        var chosen = (set ?? []).Where(allowed.Contains).Distinct().ToList();
        if (chosen.Count == 0) Errors.Add("Отметьте хотя бы одну анкету, которую рассылать.");
        // Exactly the built-in defaults is no set of one's own: the school then follows the defaults as they evolve.
        var defaults = Choices.Where(c => c.Q.RegionId is null && c.Q.IsDefault).Select(c => c.Q.Id).ToHashSet();
        var customSet = !defaults.SetEquals(chosen);
        var existing = await db.MonitoringSettings.FirstOrDefaultAsync(x => x.OrganizationId == Org.Id, ct);
        if (existing is not null && version != existing.Version) Errors.Add("Настройки уже изменил другой пользователь. Обновите страницу и внесите изменения ещё раз.");
        if (Errors.Count > 0)
        {
            (S.InterimAtPercent, S.FinalDaysBeforeEnd, S.FillDays, S.ReminderEveryDays, S.CustomSet) = (interimAtPercent, finalDaysBeforeEnd, fillDays, reminderEveryDays, customSet);
            for (var i = 0; i < Choices.Count; i++) Choices[i] = Choices[i] with { Selected = chosen.Contains(Choices[i].Q.Id) };
            return Page();
        }
        var s = existing ?? new MonitoringSettings { OrganizationId = Org.Id };
        if (existing is null) db.MonitoringSettings.Add(s);
        else db.Entry(s).Property(x => x.Version).OriginalValue = version!.Value;
        (s.InterimAtPercent, s.FinalDaysBeforeEnd, s.FillDays, s.ReminderEveryDays, s.CustomSet) = (interimAtPercent, finalDaysBeforeEnd, fillDays, reminderEveryDays, customSet);
        var items = await db.MonitoringSetItems.Where(i => i.OrganizationId == Org.Id).ToListAsync(ct);
        db.MonitoringSetItems.RemoveRange(items.Where(i => !customSet || !chosen.Contains(i.QuestionnaireId)));
        if (customSet) db.MonitoringSetItems.AddRange(chosen.Where(id => items.All(i => i.QuestionnaireId != id)).Select(id => new MonitoringSetItem { OrganizationId = Org.Id, QuestionnaireId = id }));
        audit.Add(AuditActions.Update, "monitoring-settings", Org.Id.ToString(CultureInfo.InvariantCulture),
            $"промежуточный {interimAtPercent} %, итоговый за {finalDaysBeforeEnd} дн., срок {fillDays} дн., напоминание раз в {reminderEveryDays} дн., набор: {(customSet ? string.Join(",", chosen) : "по умолчанию")}", Org.Id);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            Errors.Add("Настройки уже изменил другой пользователь. Обновите страницу и внесите изменения ещё раз.");
            return Page();
        }
        // Stages not yet opened move with the new schedule now, not tomorrow night.
        await service.EnsureStagesAsync(db.MentoringPrograms.Where(p => p.OrganizationId == Org.Id), ct);
        TempData["Flash"] = "Настройки мониторинга сохранены.";
        return Redirect($"/monitoring/settings?organizationId={Org.Id}");
    }

    private async Task<IActionResult?> LoadAsync(CancellationToken ct)
    {
        var scope = db.Scope.For(Permissions.MonitoringManage);
        var system = db.Scope.IsGlobal && db.Scope.Roles.Count == 0;
        var orgIds = scope.Roles.Where(r => r.OrganizationId is not null).Select(r => r.OrganizationId!.Value).Distinct().ToList();
        var global = system || scope.Roles.Any(r => r.Level == ScopeLevel.Global);
        var orgs = db.Organizations.AsNoTracking().Where(o => !o.IsArchived && o.Kind != OrganizationKind.Partner);
        Organizations = await (global ? orgs : orgs.Where(o => orgIds.Contains(o.Id))).OrderBy(o => o.Name).Take(1000).ToListAsync(ct);
        OrganizationId ??= Organizations.Count == 1 ? Organizations[0].Id : null;
        if (OrganizationId is null) return null;
        Org = await db.Organizations.AsNoTracking().FirstOrDefaultAsync(o => o.Id == OrganizationId, ct);
        if (Org is null || !access.CanManage(Org.RegionId, Org.MunicipalityId, Org.Id)) return NotFound();
        S = await service.SettingsAsync(Org.Id, ct);
        var current = (await service.SetAsync(Org.Id, ct)).Select(q => q.Id).ToHashSet();
        var regionId = Org.RegionId;
        var orgId = Org.Id;
        var candidates = await db.Questionnaires.AsNoTracking()
            .Where(q => q.Status == QuestionnaireStatus.Published && (q.RegionId == null || (q.RegionId == regionId && q.OrganizationId == null) || q.OrganizationId == orgId))
            .ToListAsync(ct);
        Choices.AddRange(candidates.OrderBy(q => q.RegionId == null ? 0 : q.OrganizationId == null ? 1 : 2).ThenBy(q => q.Audience).ThenBy(q => q.Kind).ThenBy(q => q.Id)
            .Select(q => new Choice(q, current.Contains(q.Id))));
        return null;
    }
}
