using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Nastavnik.Data;
using Nastavnik.Features.Notifications;
using Nastavnik.Platform.Audit;
using Nastavnik.Platform.Auth;
using Nastavnik.Platform.Web;

namespace Nastavnik.Features.Practices;

/// <summary>
/// One practice of the library: what it is for, the plan with its rhythm, the results. A coordinator over the
/// school's municipality publishes it or returns it with a comment; a practice under review is seen only by the
/// school's proposers and the reviewers (anyone else gets 404).
/// </summary>
[Authorize(Policy = Permissions.PracticesRead)]
public sealed class PracticePageModel(AppDbContext db, PracticeService practices, AuditLog audit, Notifier notifier, TimeProvider clock) : PageModel
{
    [BindProperty(SupportsGet = true)] public int Id { get; set; }
    public Practice Pr { get; private set; } = null!;
    public string FormName { get; private set; } = "";
    public string KindName { get; private set; } = "";
    public string OrganizationName { get; private set; } = "";
    public bool CanPublish { get; private set; }
    public bool CanPropose { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) => await LoadAsync(ct) ? Page() : NotFound();

    public async Task<IActionResult> OnPostPublishAsync(Guid version, CancellationToken ct) => await DecideAsync(version, publish: true, null, ct);

    public async Task<IActionResult> OnPostReturnAsync(Guid version, string? comment, CancellationToken ct) => await DecideAsync(version, publish: false, comment, ct);

    private async Task<IActionResult> DecideAsync(Guid version, bool publish, string? comment, CancellationToken ct)
    {
        if (!await LoadAsync(ct)) return NotFound();
        if (!CanPublish) return Forbid();
        if (Pr.Status != PracticeStatus.Proposed) return Error($"Практика уже {Formats.Name(Pr.Status)}.");
        if (!publish && string.IsNullOrWhiteSpace(comment)) return Error("Напишите, что доработать.");
        var p = await db.Practices.FirstAsync(x => x.Id == Id, ct);
        db.Entry(p).Property(x => x.Version).OriginalValue = version;
        (p.Status, p.DecidedAt, p.DecidedBy) = (publish ? PracticeStatus.Published : PracticeStatus.Returned, clock.GetUtcNow().UtcDateTime, User.Identity?.Name);
        p.ReturnComment = publish ? null : comment!.Trim() is var c && c.Length > 1000 ? c[..1000] : comment!.Trim();
        audit.Add(publish ? "practice.published" : "practice.returned", "practice", p.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), null, p.OrganizationId);
        await notifier.ToCuratorsAsync(p.OrganizationId, publish ? $"Практика «{p.Title}» опубликована в банке лучших практик." : $"Практика «{p.Title}» возвращена на доработку: {p.ReturnComment}",
            $"/practices/view/{p.Id}", ct);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            await LoadAsync(ct);
            return Error("Практику только что изменили. Обновите страницу и повторите.");
        }
        TempData["Flash"] = publish ? "Практика опубликована." : "Практика возвращена на доработку.";
        return Redirect($"/practices/view/{Id}");
    }

    private PageResult Error(string message)
    {
        ModelState.AddModelError("", message);
        return Page();
    }

    private async Task<bool> LoadAsync(CancellationToken ct)
    {
        var p = await db.Practices.AsNoTracking().Include(x => x.Items).FirstOrDefaultAsync(x => x.Id == Id, ct);
        if (p is null || (p.Status != PracticeStatus.Published && !practices.SeesUnpublished(p))) return false;
        Pr = p;
        CanPublish = practices.CanPublish(p);
        CanPropose = practices.CanPropose(p.RegionId, p.MunicipalityId, p.OrganizationId);
        FormName = await db.MentoringForms.AsNoTracking().Where(f => f.Id == p.FormId).Select(f => f.Name).FirstAsync(ct);
        KindName = await db.MentoringKinds.AsNoTracking().Where(f => f.Id == p.KindId).Select(f => f.Name).FirstAsync(ct);
        // The source school is named (an organisation, not a person); a viewer from elsewhere in the region may not see
        // the organisation row itself, so its name is read past the filter — only the name leaves.
        // Only the name of the source school of a practice the viewer may read (checked above); PracticeTests covers a reader
        // in another municipality (sees the name) and another region (404).
        OrganizationName = await db.Organizations.IgnoreQueryFilters().AsNoTracking().Where(o => o.Id == p.OrganizationId).Select(o => o.Name).FirstAsync(ct);
        return true;
    }
}
