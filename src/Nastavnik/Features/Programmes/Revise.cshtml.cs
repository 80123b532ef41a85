using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Nastavnik.Data;
using Nastavnik.Features.Mentorships;
using Nastavnik.Platform.Auth;

namespace Nastavnik.Features.Programmes;

/// <summary>
/// Proposes an extension or correction of a programme: the dates, the form or kind, the plan (change, remove, add
/// activities), with a reason. The form shows the programme as it is; whatever differs becomes the proposal.
/// The mentor, a mentee or the curator proposes; the others confirm on the revisions page.
/// </summary>
[Authorize(Policy = Permissions.ProgrammesWrite)]
public sealed class ReviseModel(AppDbContext db, ProgrammeAccess access, ProgramRevisions revisions, MentorshipService mentorships) : PageModel
{
    public const int NewRows = 3;

    public sealed class Row
    {
        public int? ActivityId { get; set; }
        [StringLength(1000)] public string? Title { get; set; }
        public DateOnly? DueOn { get; set; }
        [StringLength(1000)] public string? ExpectedResult { get; set; }
        [StringLength(300)] public string? ResultForm { get; set; }
        public bool Remove { get; set; }
    }

    public sealed class InputModel
    {
        [Display(Name = "Причина изменения"), Required(ErrorMessage = "Укажите причину изменения."), StringLength(1000)] public string? Reason { get; set; }
        [Display(Name = "Начало")] public DateOnly? StartDate { get; set; }
        [Display(Name = "Окончание")] public DateOnly? EndDate { get; set; }
        [Display(Name = "Форма наставничества")] public int? FormId { get; set; }
        [Display(Name = "Вид наставничества")] public int? KindId { get; set; }
        public List<Row> Plan { get; set; } = [];
    }

    [BindProperty(SupportsGet = true)] public int Id { get; set; }
    [BindProperty] public InputModel Input { get; set; } = new();
    public MentoringProgram P { get; private set; } = null!;
    public List<MentoringForm> Forms { get; private set; } = [];
    public List<MentoringKind> Kinds { get; private set; } = [];
    public Dictionary<int, ProgramActivity> Activities { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (await LoadAsync(ct) is { } r) return r;
        var m = await db.Mentorships.AsNoTracking().FirstAsync(x => x.Id == P.MentorshipId, ct);
        Input = new InputModel
        {
            StartDate = P.StartDate, EndDate = P.EndDate, FormId = m.FormId, KindId = m.KindId,
            Plan = [.. Activities.Values.OrderBy(a => a.DueOn).ThenBy(a => a.Id).Select(a => new Row { ActivityId = a.Id, Title = a.Title, DueOn = a.DueOn, ExpectedResult = a.ExpectedResult, ResultForm = a.ResultForm })],
        };
        for (var i = 0; i < NewRows; i++) Input.Plan.Add(new Row());
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (await LoadAsync(ct) is { } r) return r;
        if (!ModelState.IsValid) return Page();
        var (revision, errors) = await revisions.ProposeAsync(P.Id, await AccessAsync(ct), new ProgramRevisions.Proposal(Input.Reason, Input.StartDate, Input.EndDate, Input.FormId, Input.KindId,
            [.. Input.Plan.Select(x => new ProgramRevisions.PlanRow(x.ActivityId, x.Title, x.DueOn, x.ExpectedResult, x.ResultForm, x.Remove))]), ct);
        if (revision is null)
        {
            foreach (var e in errors) ModelState.AddModelError("", e);
            return Page();
        }
        TempData["Flash"] = revision.Status == RevisionStatus.Applied
            ? "Изменение применено."
            : "Изменение предложено. Оно применится, когда с ним согласятся все участники; они получили уведомление.";
        return Redirect($"/programmes/revisions/{P.Id}");
    }

    private ProgrammeAccess.Result? _access;

    private async Task<ProgrammeAccess.Result> AccessAsync(CancellationToken ct)
    {
        if (_access is not null) return _access;
        var m = await db.Mentorships.AsNoTracking().FirstAsync(x => x.Id == P.MentorshipId, ct);
        return _access = await access.ForAsync(m, ct);
    }

    private async Task<IActionResult?> LoadAsync(CancellationToken ct)
    {
        var p = await db.MentoringPrograms.AsNoTracking().FirstOrDefaultAsync(x => x.Id == Id, ct);
        var m = p is null ? null : await db.Mentorships.AsNoTracking().FirstOrDefaultAsync(x => x.Id == p.MentorshipId, ct);
        if (p is null || m is null) return NotFound();
        P = p;
        var a = await AccessAsync(ct);
        if (!a.Read) return NotFound();
        if (!a.Participate) return Forbid();
        if (a.Closed)
        {
            TempData["FlashError"] = ProgrammeAccess.ClosedMessage;
            return Redirect($"/programmes/card/{p.Id}");
        }
        if (await revisions.PendingAsync(p.Id, ct) is not null)
        {
            TempData["FlashError"] = "Уже есть предложение об изменении, ожидающее подтверждения: подтвердите, отклоните или отзовите его.";
            return Redirect($"/programmes/revisions/{p.Id}");
        }
        Forms = await mentorships.FormsAsync(m.RegionId, ct);
        Kinds = await mentorships.KindsAsync(m.RegionId, ct);
        // The current form or kind stays selectable even if the region has since archived it.
        if (Forms.All(f => f.Id != m.FormId)) Forms.Insert(0, await db.MentoringForms.IgnoreQueryFilters().AsNoTracking().FirstAsync(f => f.Id == m.FormId, ct));
        if (Kinds.All(k => k.Id != m.KindId)) Kinds.Insert(0, await db.MentoringKinds.IgnoreQueryFilters().AsNoTracking().FirstAsync(k => k.Id == m.KindId, ct));
        Activities = await db.ProgramActivities.AsNoTracking().Where(x => x.ProgramId == p.Id).ToDictionaryAsync(x => x.Id, ct);
        return null;
    }
}
