using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Nastavnik.Data;
using Nastavnik.Platform.Audit;
using Nastavnik.Platform.Auth;

namespace Nastavnik.Features.Programmes.Templates;

/// <summary>One template with its plan; its own level edits and archives it, anyone who writes templates may copy it to their level.</summary>
[Authorize(Policy = Permissions.ProgrammeTemplatesRead)]
public sealed class CardModel(AppDbContext db, AuditLog audit, TimeProvider clock) : PageModel
{
    [BindProperty(SupportsGet = true)] public int Id { get; set; }

    public ProgrammeTemplate T { get; private set; } = null!;
    public List<PlanItem> Plan { get; private set; } = [];
    public string Owner { get; private set; } = "";
    public bool CanWrite { get; private set; }
    public bool CanCopy { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) => await LoadAsync(ct) ? Page() : NotFound();

    public Task<IActionResult> OnPostArchiveAsync(CancellationToken ct) => SetArchivedAsync(true, ct);

    public Task<IActionResult> OnPostRestoreAsync(CancellationToken ct) => SetArchivedAsync(false, ct);

    private async Task<IActionResult> SetArchivedAsync(bool archived, CancellationToken ct)
    {
        if (!await LoadAsync(ct)) return NotFound();
        if (!CanWrite)
        {
            // Visible but another level's: say whose it is instead of a bare 403.
            TempData["FlashError"] = $"Шаблон ведёт его уровень ({Owner}). Создайте копию на своём уровне и работайте с ней.";
            return Redirect($"/programmes/templates/card/{Id}");
        }
        var t = await db.ProgrammeTemplates.FirstAsync(x => x.Id == Id, ct);
        t.IsArchived = archived;
        t.UpdatedAt = clock.GetUtcNow().UtcDateTime;
        t.UpdatedBy = User.Identity?.Name;
        audit.Add(archived ? AuditActions.Archive : AuditActions.Restore, "programme-template", Id.ToString(System.Globalization.CultureInfo.InvariantCulture), t.Title, t.OrganizationId);
        await db.SaveChangesAsync(ct);
        TempData["Flash"] = archived ? $"Шаблон «{t.Title}» перенесён в архив: для новых программ он больше не предлагается." : $"Шаблон «{t.Title}» восстановлен.";
        return Redirect($"/programmes/templates/card/{Id}");
    }

    private async Task<bool> LoadAsync(CancellationToken ct)
    {
        var t = await db.ProgrammeTemplates.AsNoTracking().Include(x => x.Form).Include(x => x.Items).FirstOrDefaultAsync(x => x.Id == Id, ct);
        if (t is null) return false;
        T = t;
        Plan = ProgrammePlan.Of(t.Items);
        Owner = (await ProgrammeTemplateAccess.OwnerLabelsAsync(db, [t], ct))[t.Id];
        CanWrite = ProgrammeTemplateAccess.CanWrite(db.Scope, t);
        CanCopy = (await ProgrammeTemplateAccess.OwnersAsync(db, ct)).Count > 0;
        return true;
    }
}
