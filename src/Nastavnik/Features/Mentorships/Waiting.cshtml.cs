using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Nastavnik.Data;
using Nastavnik.Platform.Audit;
using Nastavnik.Platform.Auth;

namespace Nastavnik.Features.Mentorships;

/// <summary>
/// Лист ожидания: mentees waiting for a mentor and in no pair yet (not even a draft), longest waiting first, with the mark of
/// психолого-педагогическое сопровождение the curator sets while the search for a mentor goes on (seed 002, stage 5.3).
/// </summary>
[Authorize(Policy = Permissions.MentorshipsRead)]
public sealed class WaitingModel(AppDbContext db, MentorshipService service, AuditLog audit, IAuthorizationService auth) : PageModel
{
    public sealed record Item(int PersonId, string Name, string Organization, string? Details, DateOnly Since, int Days, bool Support, bool CanWrite);

    public List<Item> Items { get; private set; } = [];
    /// <summary>Mentees still «ожидает» in the register but already in a draft or proposed pair (awaiting the head's order).</summary>
    public int InPairs { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        var today = service.Today;
        // The same definition as the register's «ожидает наставника» filter and the matcher's pool (MentorshipQueries.Waiting):
        // a mentee who finished or is already proposed in a pair is not waiting.
        InPairs = await db.People.AsNoTracking().CountAsync(p => p.Mentee != null && p.Mentee.Status == People.MenteeStatus.Waiting
            && MentorshipQueries.OccupiedMenteeIds(db).Contains(p.Id), ct);
        var raw = await MentorshipQueries.Waiting(db, db.People.AsNoTracking())
            .Select(p => new
            {
                p.Id, p.LastName, p.FirstName, p.MiddleName, Org = p.Organization!.Name, p.RegionId, p.MunicipalityId, p.OrganizationId, Details = p.Position ?? p.ClassName,
                Entered = p.Mentee!.EnteredOn,
                LastClosed = db.MentorshipParticipants.Where(x => x.PersonId == p.Id).Select(x => db.Mentorships.Where(m => m.Id == x.MentorshipId).Select(m => m.ClosedOn).FirstOrDefault()).Max(),
                Support = db.MenteeSupports.Any(s => s.PersonId == p.Id),
            }).Take(2000).ToListAsync(ct);
        var writable = db.Scope.For(Permissions.MentorshipsWrite);
        Items = [.. raw.Select(p =>
            {
                var since = p.LastClosed is { } closed && closed > p.Entered ? closed : p.Entered;
                var name = p.MiddleName is null ? $"{p.LastName} {p.FirstName}" : $"{p.LastName} {p.FirstName} {p.MiddleName}";
                return new Item(p.Id, name, p.Org, p.Details, since, Math.Max(0, today.DayNumber - since.DayNumber), p.Support,
                    writable.Roles.Count > 0 && writable.CoversOrganization(p.RegionId, p.MunicipalityId, p.OrganizationId) || (db.Scope.IsGlobal && db.Scope.Roles.Count == 0));
            }).OrderByDescending(i => i.Days).ThenBy(i => i.Name, StringComparer.Ordinal)];
    }

    /// <summary>Sets or clears the support mark.</summary>
    public async Task<IActionResult> OnPostSupportAsync(int personId, bool on, CancellationToken ct)
    {
        var person = await db.People.AsNoTracking().FirstOrDefaultAsync(p => p.Id == personId && p.Mentee != null, ct);
        if (person is null) return NotFound();
        if (!await MentorshipQueries.AllowedAsync(auth, User, db, person.OrganizationId, Permissions.MentorshipsWrite)) return Forbid();
        var mark = await db.MenteeSupports.FirstOrDefaultAsync(s => s.PersonId == personId, ct);
        if (on && mark is null) db.MenteeSupports.Add(new MenteeSupport { PersonId = personId, Since = service.Today, SetBy = User.Identity?.Name });
        if (!on && mark is not null) db.MenteeSupports.Remove(mark);
        audit.Add(AuditActions.Update, "person", personId.ToString(System.Globalization.CultureInfo.InvariantCulture), on ? "сопровождение: да" : "сопровождение: нет", person.OrganizationId);
        await db.SaveChangesAsync(ct);
        TempData["Flash"] = on ? "Отмечено психолого-педагогическое сопровождение." : "Отметка о сопровождении снята.";
        return Redirect("/mentorships/waiting");
    }
}
