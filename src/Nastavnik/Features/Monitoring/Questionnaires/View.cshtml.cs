using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Nastavnik.Data;
using Nastavnik.Platform.Audit;
using Nastavnik.Platform.Auth;

namespace Nastavnik.Features.Monitoring;

/// <summary>
/// A questionnaire as the respondent will see it, with copy (to one of the user's levels), archive and restore. A refusal
/// on this questionnaire (a built-in, another school's) is said on the page; a questionnaire the user cannot read is 404.
/// </summary>
[Authorize(Policy = Permissions.MonitoringRead)]
public sealed class QuestionnaireViewModel(AppDbContext db, MonitoringService service, MonitoringAccess access, AuditLog audit, TimeProvider clock) : PageModel
{
    [BindProperty(SupportsGet = true)] public int Id { get; set; }
    public Questionnaire Q { get; private set; } = null!;
    public bool Writable { get; private set; }
    public List<MonitoringAccess.Level> Levels { get; private set; } = [];
    public int Assigned { get; private set; }
    public int Responses { get; private set; }
    public string? CopiedFrom { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) => await LoadAsync(ct) ? Page() : NotFound();

    public async Task<IActionResult> OnPostCopyAsync(string? level, CancellationToken ct)
    {
        if (!db.Scope.Has(Permissions.QuestionnairesWrite)) return Forbid();
        if (!await LoadAsync(ct)) return NotFound();
        var target = Levels.FirstOrDefault(l => l.Code == level) ?? (Levels.Count == 1 ? Levels[0] : null);
        if (target is null)
        {
            TempData["FlashError"] = Levels.Count == 0 ? "Вам негде создавать анкеты." : "Выберите, куда скопировать анкету.";
            return Redirect($"/monitoring/questionnaires/view/{Id}");
        }
        var copy = await QuestionnaireEditing.CopyAsync(db, Q, target, User.Identity?.Name, clock.GetUtcNow().UtcDateTime, ct);
        audit.Add(AuditActions.Create, "questionnaire", copy.Id.ToString(CultureInfo.InvariantCulture), $"копия анкеты {Id.ToString(CultureInfo.InvariantCulture)}", copy.OrganizationId);
        await db.SaveChangesAsync(ct);
        TempData["Flash"] = "Копия создана как черновик: измените её и опубликуйте.";
        return Redirect($"/monitoring/questionnaires/edit/{copy.Id}");
    }

    public Task<IActionResult> OnPostArchiveAsync(CancellationToken ct) => SetStatusAsync(archive: true, ct);

    public Task<IActionResult> OnPostRestoreAsync(CancellationToken ct) => SetStatusAsync(archive: false, ct);

    private async Task<IActionResult> SetStatusAsync(bool archive, CancellationToken ct)
    {
        if (!db.Scope.Has(Permissions.QuestionnairesWrite)) return Forbid();
        if (!await LoadAsync(ct)) return NotFound();
        if (!Writable)
        {
            TempData["FlashError"] = Q.IsBuiltIn ? "Встроенный шаблон нельзя отправить в архив: организация просто не включает его в свой набор анкет." : "Эту анкету может изменить только её владелец (регион или организация).";
            return Redirect($"/monitoring/questionnaires/view/{Id}");
        }
        var q = await db.Questionnaires.FirstAsync(x => x.Id == Id, ct);
        if (archive && q.Status == QuestionnaireStatus.Archived || !archive && q.Status != QuestionnaireStatus.Archived) return Redirect($"/monitoring/questionnaires/view/{Id}");
        // A restored questionnaire comes back as it was: published if it had been published (its answers exist), else a draft.
        q.Status = archive ? QuestionnaireStatus.Archived : q.PublishedAt is null ? QuestionnaireStatus.Draft : QuestionnaireStatus.Published;
        audit.Add(archive ? AuditActions.Archive : AuditActions.Restore, "questionnaire", Id.ToString(CultureInfo.InvariantCulture), q.Title, q.OrganizationId);
        await db.SaveChangesAsync(ct);
        TempData["Flash"] = archive ? "Анкета отправлена в архив: новым этапам мониторинга она не назначается; уже назначенные можно заполнить." : "Анкета возвращена из архива.";
        return Redirect($"/monitoring/questionnaires/view/{Id}");
    }

    private async Task<bool> LoadAsync(CancellationToken ct)
    {
        var q = await service.LoadAsync(Id, ct: ct);
        if (q is null) return false;
        Q = q;
        Writable = access.CanWrite(q);
        Levels = await access.WritableLevelsAsync(ct);
        Assigned = await db.MonitoringAssignments.CountAsync(a => a.QuestionnaireId == Id, ct);
        Responses = await db.MonitoringResponses.CountAsync(a => a.QuestionnaireId == Id, ct);
        if (q.CopiedFromId is { } from) CopiedFrom = await db.Questionnaires.AsNoTracking().Where(x => x.Id == from).Select(x => x.Title).FirstOrDefaultAsync(ct);
        return true;
    }
}
