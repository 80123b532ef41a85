using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Nastavnik.Data;
using Nastavnik.Features.People;
using Nastavnik.Platform.Auth;

namespace Nastavnik.Features.Mentorships;

/// <summary>
/// One pair or group: participants, consents still missing, history, and the moves the lifecycle allows. Open to
/// every reader of pairs; inside, writes need MentorshipsWrite over the organisation (403 otherwise).
/// </summary>
[Authorize(Policy = Permissions.MentorshipsRead)]
public sealed class CardModel(AppDbContext db, MentorshipService service, IAuthorizationService auth) : PageModel
{
    public sealed record Participant(int PersonId, string Name, ParticipantRole Role, string? Position);
    public sealed record Option(int Id, string Name, string Extra);

    [BindProperty(SupportsGet = true)] public int Id { get; set; }

    public Mentorship M { get; private set; } = null!;
    public string OrganizationName { get; private set; } = "";
    public List<Participant> Participants { get; private set; } = [];
    /// <summary>Participants hidden from every list because they withdrew their consent: the pair cannot go on with them.</summary>
    public int WithdrawnParticipants { get; private set; }
    public List<MentorshipTransition> History { get; private set; } = [];
    public List<string> MissingConsents { get; private set; } = [];
    public List<Option> ReplacementMentors { get; private set; } = [];
    public bool CanWrite { get; private set; }
    public bool CanApprove { get; private set; }
    public int? ProgramId { get; private set; }
    public string Existed => service.Today < M.StartDate ? "ещё не началась" : MentorshipService.Duration(M.StartDate, M.ClosedOn ?? service.Today);

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) => await LoadAsync(ct) ? Page() : NotFound();

    public async Task<IActionResult> OnPostMoveAsync(MentorshipStatus to, Guid version, string? reason, string? result, CancellationToken ct)
    {
        if (!await LoadAsync(ct)) return NotFound();
        if (!CanWrite) return Forbid();
        var error = await service.MoveAsync(Id, version, to, reason, result, ct);
        if (error is not null)
        {
            ModelState.AddModelError("", error);
            await LoadAsync(ct);
            return Page();
        }
        TempData["Flash"] = $"Пара/группа №{Id}: {Platform.Web.Formats.Name(to)}.";
        return Redirect($"/mentorships/card/{Id}");
    }

    public async Task<IActionResult> OnPostReplaceAsync(int? newMentorId, Guid version, string? reason, CancellationToken ct)
    {
        if (!await LoadAsync(ct)) return NotFound();
        if (!CanWrite) return Forbid();
        if (newMentorId is null)
        {
            ModelState.AddModelError("", "Выберите нового наставника.");
            return Page();
        }
        var (created, errors) = await service.ReplaceMentorAsync(Id, version, newMentorId.Value, reason, ct);
        if (created is null)
        {
            foreach (var e in errors) ModelState.AddModelError("", e);
            await LoadAsync(ct);
            return Page();
        }
        TempData["Flash"] = $"Наставник заменён: пара №{Id} прекращена, новая пара №{created.Id} — черновик; передайте её на утверждение.";
        return Redirect($"/mentorships/card/{created.Id}");
    }

    private async Task<bool> LoadAsync(CancellationToken ct)
    {
        var m = await db.Mentorships.AsNoTracking().Include(x => x.Form).Include(x => x.Kind).Include(x => x.ApprovalOrder).FirstOrDefaultAsync(x => x.Id == Id, ct);
        if (m is null) return false;
        M = m;
        var org = await db.Organizations.AsNoTracking().FirstAsync(o => o.Id == m.OrganizationId, ct);
        OrganizationName = org.Name;
        CanWrite = (await auth.AuthorizeAsync(User, org, new TenantOperation(Permissions.MentorshipsWrite))).Succeeded;
        CanApprove = (await auth.AuthorizeAsync(User, org, new TenantOperation(Permissions.MentorshipsApprove))).Succeeded;
        Participants = [.. (await db.MentorshipParticipants.AsNoTracking().Where(p => p.MentorshipId == m.Id)
                .Select(p => new { p.PersonId, p.Role, p.Person!.LastName, p.Person.FirstName, p.Person.MiddleName, p.Person.Position, p.Person.ClassName }).ToListAsync(ct))
            .OrderBy(p => p.Role).ThenBy(p => p.LastName)
            .Select(p => new Participant(p.PersonId, p.MiddleName is null ? $"{p.LastName} {p.FirstName}" : $"{p.LastName} {p.FirstName} {p.MiddleName}", p.Role, p.Position ?? p.ClassName))];
        // Participant rows stay; the people behind them are filtered out once their consent is withdrawn.
        WithdrawnParticipants = await db.MentorshipParticipants.AsNoTracking().CountAsync(p => p.MentorshipId == m.Id, ct) - Participants.Count;
        History = await db.MentorshipTransitions.AsNoTracking().Where(t => t.MentorshipId == m.Id).OrderBy(t => t.Id).ToListAsync(ct);
        MissingConsents = (await service.MissingConsentsAsync([m.Id], ct: ct))[m.Id];
        ProgramId = await db.MentoringPrograms.AsNoTracking().Where(p => p.MentorshipId == m.Id).Select(p => (int?)p.Id).FirstOrDefaultAsync(ct);
        if (CanWrite && MentorshipLifecycle.Holding.Contains(m.Status))
        {
            var form = await db.MentoringForms.AsNoTracking().FirstAsync(f => f.Id == m.FormId, ct);
            var taken = Participants.Select(p => p.PersonId).ToList();
            var mentors = await db.People.AsNoTracking().Where(p => p.OrganizationId == m.OrganizationId && p.Mentor != null && p.Mentor.Status == MentorBankStatus.Confirmed && !taken.Contains(p.Id))
                .OrderBy(p => p.LastName).Select(p => new { p.Id, p.LastName, p.FirstName, p.MiddleName, p.Kind, p.Mentor!.Capacity }).ToListAsync(ct);
            foreach (var p in mentors.Where(p => form.FitsMentor(p.Kind)))
                ReplacementMentors.Add(new Option(p.Id, MentorshipQueries.ShortName(p.LastName, p.FirstName, p.MiddleName), $"свободно {p.Capacity - await service.UsedCapacityAsync(p.Id, ct)} из {p.Capacity}"));
        }
        return true;
    }
}
