using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Nastavnik.Data;
using Nastavnik.Features.People;
using Nastavnik.Platform.Auth;

namespace Nastavnik.Features.Mentorships;

/// <summary>The curator forms a pair or group by hand from the organisation's banks; only people whose kind fits the chosen form are offered.</summary>
[Authorize(Policy = Permissions.MentorshipsWrite)]
public sealed class EditModel(AppDbContext db, MentorshipService service, IAuthorizationService auth) : PageModel
{
    public sealed class InputModel
    {
        [Display(Name = "Организация"), Required] public int? OrganizationId { get; set; }
        [Display(Name = "Форма наставничества"), Required] public int? FormId { get; set; }
        [Display(Name = "Вид наставничества"), Required] public int? KindId { get; set; }
        public List<int> Mentors { get; set; } = [];
        public List<int> Mentees { get; set; } = [];
        public List<int> Peers { get; set; } = [];
        [Display(Name = "Дата начала"), Required] public DateOnly? StartDate { get; set; }
        [Display(Name = "Дата окончания"), Required] public DateOnly? EndDate { get; set; }
        [Display(Name = "Комментарий"), StringLength(1000)] public string? Note { get; set; }
        public bool Propose { get; set; }
    }

    public sealed record Candidate(int Id, string Name, string Details, string? Extra);

    [BindProperty] public InputModel Input { get; set; } = new();
    [BindProperty(SupportsGet = true)] public int? Org { get; set; }
    [BindProperty(SupportsGet = true)] public int? Form { get; set; }
    [BindProperty(SupportsGet = true)] public int? Kind { get; set; }

    public List<(int Id, string Name)> Organizations { get; private set; } = [];
    public List<MentoringForm> Forms { get; private set; } = [];
    public List<MentoringKind> Kinds { get; private set; } = [];
    public List<Candidate> MentorOptions { get; private set; } = [];
    public List<Candidate> MenteeOptions { get; private set; } = [];
    public List<Candidate> PeerOptions { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        await LoadAsync(Org, Form, ct);
        Input.OrganizationId = Org;
        Input.FormId = Form;
        Input.KindId = Kind;
        Input.StartDate = service.Today;
        Input.EndDate = service.Today.AddMonths(9);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        await LoadAsync(Input.OrganizationId, Input.FormId, ct);
        if (Input.OrganizationId is { } orgId && !await MentorshipQueries.AllowedAsync(auth, User, db, orgId, Permissions.MentorshipsWrite))
            ModelState.AddModelError("Input.OrganizationId", "Выберите организацию из списка.");
        if (!ModelState.IsValid) return Page();
        var (m, errors) = await service.CreateAsync(new MentorshipService.Draft(Input.OrganizationId!.Value, Input.FormId!.Value, Input.KindId!.Value,
            Input.Mentors, Input.Mentees, Input.Peers, Input.StartDate!.Value, Input.EndDate!.Value, Input.Note, false), ct);
        if (m is null)
        {
            foreach (var e in errors) ModelState.AddModelError("", e);
            return Page();
        }
        if (Input.Propose)
        {
            var error = await service.MoveAsync(m.Id, m.Version, MentorshipStatus.Proposed, null, ct: ct);
            if (error is null) TempData["Flash"] = $"Пара/группа №{m.Id} сформирована и передана на утверждение руководителю.";
            else TempData["FlashError"] = $"Черновик №{m.Id} сохранён, но не передан на утверждение: {error}";
        }
        else TempData["Flash"] = $"Пара/группа №{m.Id} сохранена как черновик.";
        return Redirect($"/mentorships/card/{m.Id}");
    }

    private async Task LoadAsync(int? orgId, int? formId, CancellationToken ct)
    {
        var writable = db.Scope.For(Permissions.MentorshipsWrite);
        Organizations = [.. (await db.Organizations.AsNoTracking().Where(o => !o.IsArchived).OrderBy(o => o.Name).Select(o => new { o.Id, o.Name, o.RegionId, o.MunicipalityId }).ToListAsync(ct))
            .Where(o => writable.CoversOrganization(o.RegionId, o.MunicipalityId, o.Id)).Select(o => (o.Id, o.Name))];
        if (orgId is null && Organizations.Count == 1) orgId = Organizations[0].Id;
        Org = orgId;
        var org = orgId is null ? null : await db.Organizations.AsNoTracking().FirstOrDefaultAsync(o => o.Id == orgId, ct);
        if (org is null) return;
        Forms = await service.FormsAsync(org.RegionId, ct);
        Kinds = await service.KindsAsync(org.RegionId, ct);
        var form = Forms.FirstOrDefault(f => f.Id == formId);
        if (form is null) return;
        var people = await db.People.AsNoTracking().Where(p => p.OrganizationId == org.Id)
            .OrderBy(p => p.LastName).ThenBy(p => p.FirstName)
            .Select(p => new { p.Id, p.LastName, p.FirstName, p.MiddleName, p.Kind, p.Position, p.ClassName, p.Subjects, Mentor = p.Mentor, Mentee = p.Mentee })
            .ToListAsync(ct);
        foreach (var p in people)
        {
            var name = p.MiddleName is null ? $"{p.LastName} {p.FirstName}" : $"{p.LastName} {p.FirstName} {p.MiddleName}";
            var details = p.Position ?? (p.ClassName is null ? Platform.Web.Formats.Name(p.Kind) : p.ClassName + " класс");
            if (p.Mentor is { } mp && mp.Status == MentorBankStatus.Confirmed && form.FitsMentor(p.Kind))
            {
                var left = mp.Capacity - await service.UsedCapacityAsync(p.Id, ct);
                MentorOptions.Add(new Candidate(p.Id, name, details, $"свободно мест: {left} из {mp.Capacity}"));
            }
            if (p.Mentee is { } me && form.FitsMentee(p.Kind)) MenteeOptions.Add(new Candidate(p.Id, name, details, Platform.Web.Formats.Name(me.Status)));
            if ((p.Mentor is not null || p.Mentee is not null) && (form.FitsMentor(p.Kind) || form.FitsMentee(p.Kind))) PeerOptions.Add(new Candidate(p.Id, name, details, null));
        }
    }
}
