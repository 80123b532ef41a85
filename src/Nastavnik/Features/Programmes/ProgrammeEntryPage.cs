using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Nastavnik.Data;
using Nastavnik.Features.Mentorships;

namespace Nastavnik.Features.Programmes;

/// <summary>
/// What the pages that correct or delete one entry of a programme (a plan activity, a meeting, a progress report)
/// share: the entry's programme and pair are read through the tenant filter (another school's entry is 404), the
/// page says who may edit this entry, a closed programme sends the user back to its card, and a save that lost a
/// race with another user's edit is answered with a message on the form instead of overwriting.
/// </summary>
public abstract class ProgrammeEntryPage(AppDbContext db, ProgrammeAccess access) : PageModel
{
    protected AppDbContext Db => db;

    [BindProperty(SupportsGet = true)] public int Id { get; set; }

    protected ProgrammeAccess.Result Access { get; private set; } = ProgrammeAccess.Result.None;
    protected MentoringProgram Programme { get; private set; } = null!;
    protected Mentorship Mentorship { get; private set; } = null!;
    protected int OrganizationId => Programme.OrganizationId;

    /// <summary>null when the user may go on; otherwise the answer (404, 403, or back to the closed programme's card).</summary>
    protected async Task<IActionResult?> OpenProgrammeAsync(int programId, Func<ProgrammeAccess.Result, bool> mayEdit, CancellationToken ct)
    {
        var p = await db.MentoringPrograms.AsNoTracking().FirstOrDefaultAsync(x => x.Id == programId, ct);
        var m = p is null ? null : await db.Mentorships.AsNoTracking().FirstOrDefaultAsync(x => x.Id == p.MentorshipId, ct);
        if (p is null || m is null) return NotFound();
        var a = await access.ForAsync(m, ct);
        if (!a.Read) return NotFound();
        if (!mayEdit(a)) return Forbid();
        if (a.Closed)
        {
            TempData["FlashError"] = ProgrammeAccess.ClosedMessage;
            return Redirect($"/programmes/card/{p.Id}");
        }
        (Access, Programme, Mentorship) = (a, p, m);
        return null;
    }

    /// <summary>Saves; null when saved, otherwise the form again with <paramref name="staleMessage"/>.</summary>
    protected async Task<IActionResult?> SaveAsync(string staleMessage, CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
            return null;
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            ModelState.AddModelError("", staleMessage);
            return Page();
        }
    }

    protected static string? Clean(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();
}
