using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Nastavnik.Data;
using Nastavnik.Features.People;
using Nastavnik.Platform.Auth;

namespace Nastavnik.Features.Mentorships;

/// <summary>
/// A mentee sees suitable mentors of their organisation, ranked with the reasons, and asks for one: a draft with the
/// mentee's note goes to the curator. The mentee's register entry is found by the e-mail of their account.
/// </summary>
[Authorize(Policy = Permissions.MentorshipsRequest)]
public sealed class FindModel(AppDbContext db, MentorRanking ranking, MentorshipService service, UserManager<AppUser> users) : PageModel
{
    public Person? Me { get; private set; }
    public List<RankedMentor> Mentors { get; private set; } = [];
    public List<MentorshipQueries.Row> Open { get; private set; } = [];

    [BindProperty, Display(Name = "Наставник")] public int? MentorId { get; set; }
    [BindProperty, Display(Name = "Комментарий"), StringLength(1000)] public string? Note { get; set; }

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
        if (Me is null) return Page();
        var pick = Mentors.FirstOrDefault(m => m.PersonId == MentorId);
        if (pick is null) ModelState.AddModelError(nameof(MentorId), "Выберите наставника из списка.");
        if (Open.Any(o => o.IsMenteeRequest && o.Status == MentorshipStatus.Draft)) ModelState.AddModelError("", "Ваш запрос уже у куратора; дождитесь ответа.");
        if (!ModelState.IsValid) return Page();
        var mentorKind = await db.People.Where(p => p.Id == pick!.PersonId).Select(p => p.Kind).FirstAsync(ct);
        var form = (await service.FormsAsync(Me.RegionId, ct)).First(f => f.FitsMentor(mentorKind) && f.FitsMentee(Me.Kind));
        var kind = (await service.KindsAsync(Me.RegionId, ct)).OrderBy(k => k.Code == "traditional" ? 0 : 1).First(k => !k.PeersOnly);
        var (m, errors) = await service.CreateAsync(new MentorshipService.Draft(Me.OrganizationId, form.Id, kind.Id, [pick!.PersonId], [Me.Id], [],
            service.Today, service.Today.AddMonths(9), Note, true), ct);
        if (m is null)
        {
            foreach (var e in errors) ModelState.AddModelError("", e);
            return Page();
        }
        TempData["Flash"] = "Запрос отправлен куратору. Пару утвердит руководитель приказом.";
        return Redirect("/mentorships/find");
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        var user = await users.GetUserAsync(User);
        var email = user?.NormalizedEmail;
        var orgs = db.Scope.For(Permissions.MentorshipsRequest).OrganizationIds;
        if (email is null) return;
        var withEmail = await db.People.AsNoTracking().Where(p => p.Email != null && p.Mentee != null && orgs.Contains(p.OrganizationId)).ToListAsync(ct);
        Me = withEmail.FirstOrDefault(p => string.Equals(p.Email!.Trim(), email, StringComparison.OrdinalIgnoreCase));
        if (Me is null) return;
        Mentors = await ranking.RankAsync(Me, ct);
        var myId = Me.Id;
        Open = await MentorshipQueries.RowsAsync(db.Mentorships.Where(m => m.Participants.Any(p => p.PersonId == myId) && !MentorshipLifecycle.Closed.Contains(m.Status)), ct);
    }
}
