using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Nastavnik.Data;
using Nastavnik.Features.Mentorships;
using Nastavnik.Platform.Auth;

namespace Nastavnik.Features.Programmes;

/// <summary>
/// The revisions of one programme: the pending proposal with who has agreed so far, and the history (who proposed,
/// who agreed and when, what changed from what to what, or why it was declined). Anyone who reads the programme reads
/// this; participants confirm or decline, the curator records a participant's consent with its basis, the proposer
/// withdraws.
/// </summary>
[Authorize(Policy = Permissions.ProgrammesRead)]
public sealed class RevisionsModel(AppDbContext db, ProgrammeService service, ProgrammeAccess access, ProgramRevisions revisions) : PageModel
{
    public sealed record Entry(ProgramRevision Revision, List<string> Changes);

    [BindProperty(SupportsGet = true)] public int Id { get; set; }
    public MentoringProgram P { get; private set; } = null!;
    public ProgrammeAccess.Result Access { get; private set; } = ProgrammeAccess.Result.None;
    public List<ProgrammeService.Person> People { get; private set; } = [];
    public Entry? Pending { get; private set; }
    public List<Entry> History { get; } = [];
    public string? UserId => User.FindFirst(System.Security.Claims.ClaimTypes.NameIdentifier)?.Value;

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) => await LoadAsync(ct) ? Page() : NotFound();

    public Task<IActionResult> OnPostConfirmAsync(int revisionId, Guid version, int? onBehalfOf, string? basis, CancellationToken ct) =>
        ActAsync(revisionId, () => revisions.ConfirmAsync(revisionId, version, Access, onBehalfOf, basis, ct),
            o => o.Applied ? "Все участники согласились: изменение применено к программе." : "Согласие отмечено. Изменение применится, когда согласятся все участники.", ct);

    public Task<IActionResult> OnPostDeclineAsync(int revisionId, Guid version, string? note, CancellationToken ct) =>
        ActAsync(revisionId, () => revisions.DeclineAsync(revisionId, version, Access, note, ct), _ => "Предложение отклонено.", ct);

    public Task<IActionResult> OnPostWithdrawAsync(int revisionId, Guid version, CancellationToken ct) =>
        ActAsync(revisionId, () => revisions.WithdrawAsync(revisionId, version, Access, ct), _ => "Предложение отозвано.", ct);

    private async Task<IActionResult> ActAsync(int revisionId, Func<Task<ProgramRevisions.Outcome>> act, Func<ProgramRevisions.Outcome, string> flash, CancellationToken ct)
    {
        if (!await LoadAsync(ct)) return NotFound();
        // A revision of another programme (even one the user may see) is not reachable through this one.
        if (Pending?.Revision.Id != revisionId && History.All(e => e.Revision.Id != revisionId)) return NotFound();
        if (!Access.Participate) return Forbid();
        var outcome = await act();
        if (outcome.Error is not null)
        {
            ModelState.AddModelError("", outcome.Error);
            History.Clear();
            await LoadAsync(ct);
            return Page();
        }
        TempData["Flash"] = flash(outcome);
        return Redirect($"/programmes/revisions/{Id}");
    }

    /// <summary>The participants who still have to agree to the pending revision.</summary>
    public IEnumerable<ProgrammeService.Person> Waiting => Pending is null ? [] : People.Where(x => Pending.Revision.Confirmations.All(c => c.PersonId != x.PersonId));

    private async Task<bool> LoadAsync(CancellationToken ct)
    {
        var p = await db.MentoringPrograms.AsNoTracking().FirstOrDefaultAsync(x => x.Id == Id, ct);
        var m = p is null ? null : await db.Mentorships.AsNoTracking().FirstOrDefaultAsync(x => x.Id == p.MentorshipId, ct);
        if (p is null || m is null) return false;
        Access = await access.ForAsync(m, ct);
        if (!Access.Read) return false;
        P = p;
        People = (await service.PeopleAsync([m.Id], ct)).GetValueOrDefault(m.Id, []);
        var list = await db.ProgramRevisions.AsNoTracking().Include(r => r.Items).Include(r => r.Confirmations)
            .Where(r => r.ProgramId == p.Id).OrderByDescending(r => r.ProposedAt).ThenByDescending(r => r.Id).ToListAsync(ct);
        var formIds = list.SelectMany(r => new[] { r.OldFormId, r.NewFormId }).OfType<int>().Distinct().ToList();
        var kindIds = list.SelectMany(r => new[] { r.OldKindId, r.NewKindId }).OfType<int>().Distinct().ToList();
        var forms = await db.MentoringForms.IgnoreQueryFilters().AsNoTracking().Where(f => formIds.Contains(f.Id)).ToDictionaryAsync(f => f.Id, f => f.Name, ct);
        var kinds = await db.MentoringKinds.IgnoreQueryFilters().AsNoTracking().Where(f => kindIds.Contains(f.Id)).ToDictionaryAsync(f => f.Id, f => f.Name, ct);
        Pending = null;
        foreach (var r in list)
        {
            var e = new Entry(r, ProgramRevisions.Describe(r, forms, kinds));
            if (r.Status == RevisionStatus.Pending) Pending = e;
            else History.Add(e);
        }
        return true;
    }
}
