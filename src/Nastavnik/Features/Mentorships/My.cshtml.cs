using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Nastavnik.Data;
using Nastavnik.Features.Notifications;
using Nastavnik.Platform.Audit;
using Nastavnik.Platform.Auth;

namespace Nastavnik.Features.Mentorships;

/// <summary>A mentor's or mentee's own pairs (found by the account's e-mail); a mentee may file «ходатайство о замене наставника» (seed 002).</summary>
[Authorize(Policy = Permissions.MentorshipsOwn)]
public sealed class MyModel(AppDbContext db, UserManager<AppUser> users, Notifier notifier, AuditLog audit, TimeProvider clock) : PageModel
{
    public List<MentorshipQueries.Row> Items { get; private set; } = [];
    public HashSet<int> MenteeIn { get; private set; } = [];

    [BindProperty, Display(Name = "Причина"), StringLength(900)] public string? Reason { get; set; }

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostReplacementAsync(int id, CancellationToken ct)
    {
        await LoadAsync(ct);
        if (!MenteeIn.Contains(id)) return NotFound();
        if (string.IsNullOrWhiteSpace(Reason))
        {
            ModelState.AddModelError(nameof(Reason), "Укажите причину замены наставника.");
            return Page();
        }
        var m = await db.Mentorships.FirstAsync(x => x.Id == id, ct);
        m.ReplacementRequestedAt = clock.GetUtcNow().UtcDateTime;
        m.ReplacementReason = Reason.Trim();
        audit.Add("mentorship.replacement-requested", "mentorship", id.ToString(System.Globalization.CultureInfo.InvariantCulture), null, m.OrganizationId);
        await notifier.ToCuratorsAsync(m.OrganizationId, $"Ходатайство о замене наставника в паре №{id}.", $"/mentorships/card/{id}", ct);
        await db.SaveChangesAsync(ct);
        TempData["Flash"] = "Ходатайство о замене наставника передано куратору.";
        return Redirect("/mentorships/my");
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        var email = (await users.GetUserAsync(User))?.NormalizedEmail;
        if (email is null) return;
        var orgs = db.Scope.For(Permissions.MentorshipsOwn).OrganizationIds;
        var people = (await db.People.AsNoTracking().Where(p => p.Email != null && orgs.Contains(p.OrganizationId)).Select(p => new { p.Id, p.Email }).ToListAsync(ct))
            .Where(p => string.Equals(p.Email!.Trim(), email, StringComparison.OrdinalIgnoreCase)).Select(p => p.Id).ToList();
        if (people.Count == 0) return;
        Items = await MentorshipQueries.RowsAsync(db.Mentorships.Where(m => m.Participants.Any(p => people.Contains(p.PersonId))).OrderByDescending(m => m.Id), ct);
        MenteeIn = [.. await db.MentorshipParticipants.Where(p => people.Contains(p.PersonId) && p.Role != ParticipantRole.Mentor
            && db.Mentorships.Any(m => m.Id == p.MentorshipId && (m.Status == MentorshipStatus.Approved || m.Status == MentorshipStatus.Active))).Select(p => p.MentorshipId).ToListAsync(ct)];
    }
}
