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
/// Завершение программы (seed 002): the curator or head states the reason, the date, the results of the programme
/// and each mentee's results; warns when no заключительная meeting was recorded; closes the pair.
/// </summary>
[Authorize(Policy = Permissions.ProgrammesWrite)]
public sealed class CompletionModel(AppDbContext db, ProgrammeService service, ProgrammeAccess access, CompletionService completions) : PageModel
{
    public const int ResultRows = 4;

    public sealed class ResultInput
    {
        public int? PersonId { get; set; }
        public MenteeResultKind? Kind { get; set; }
        [StringLength(1000)] public string? Text { get; set; }
        public DateOnly? AchievedOn { get; set; }
    }

    public sealed class InputModel
    {
        [Display(Name = "Основание завершения"), Required(ErrorMessage = "Выберите основание завершения.")] public CompletionReason? Reason { get; set; }
        [Display(Name = "Дата завершения"), Required(ErrorMessage = "Укажите дату завершения.")] public DateOnly? CompletedOn { get; set; }
        [Display(Name = "Обстоятельства (при досрочном завершении)"), StringLength(1000)] public string? Circumstances { get; set; }
        [Display(Name = "Результаты программы"), Required(ErrorMessage = "Опишите результаты программы."), StringLength(4000)] public string? ProgrammeResults { get; set; }
        [Display(Name = "Завершить без заключительной встречи")] public bool WithoutFinalMeeting { get; set; }
        public Guid MentorshipVersion { get; set; }
        public List<ResultInput> Results { get; set; } = [];
    }

    [BindProperty(SupportsGet = true)] public int Id { get; set; }
    [BindProperty] public InputModel Input { get; set; } = new();
    public MentoringProgram P { get; private set; } = null!;
    public Mentorship M { get; private set; } = null!;
    public List<ProgrammeService.Person> Mentees { get; private set; } = [];
    public bool FinalMeetingHeld { get; private set; }
    public List<ProgramActivity> OpenActivities { get; private set; } = [];
    private ProgrammeAccess.Result Access { get; set; } = ProgrammeAccess.Result.None;

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (await LoadAsync(ct) is { } r) return r;
        Input = new InputModel { CompletedOn = service.Today, MentorshipVersion = M.Version };
        for (var i = 0; i < ResultRows; i++) Input.Results.Add(new ResultInput());
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (await LoadAsync(ct) is { } r) return r;
        while (Input.Results.Count < ResultRows) Input.Results.Add(new ResultInput());
        if (!ModelState.IsValid) return Page();
        var errors = await completions.CompleteAsync(P.Id, Access, new CompletionService.Input(Input.Reason, Input.CompletedOn, Input.Circumstances, Input.ProgrammeResults,
            Input.WithoutFinalMeeting, Input.MentorshipVersion, [.. Input.Results.Select(x => new CompletionService.ResultRow(x.PersonId, x.Kind, x.Text, x.AchievedOn))]), ct);
        if (errors.Count > 0)
        {
            foreach (var e in errors) ModelState.AddModelError("", e);
            return Page();
        }
        TempData["Flash"] = Input.Reason == CompletionReason.Full
            ? "Программа завершена в полном объёме; пара/группа завершена."
            : "Программа завершена досрочно; пара/группа прекращена.";
        return Redirect($"/programmes/card/{P.Id}#completion");
    }

    private async Task<IActionResult?> LoadAsync(CancellationToken ct)
    {
        var p = await db.MentoringPrograms.AsNoTracking().FirstOrDefaultAsync(x => x.Id == Id, ct);
        var m = p is null ? null : await db.Mentorships.AsNoTracking().FirstOrDefaultAsync(x => x.Id == p.MentorshipId, ct);
        if (p is null || m is null) return NotFound();
        Access = await access.ForAsync(m, ct);
        if (!Access.Read) return NotFound();
        // Mentors and mentees ask the curator; the curator (or head) records the completion and its grounds.
        if (!Access.StaffWrite) return Forbid();
        if (Access.Closed)
        {
            TempData["FlashError"] = ProgrammeAccess.ClosedMessage;
            return Redirect($"/programmes/card/{p.Id}");
        }
        (P, M) = (p, m);
        Mentees = [.. (await service.PeopleAsync([m.Id], ct)).GetValueOrDefault(m.Id, []).Where(x => x.Role != ParticipantRole.Mentor)];
        FinalMeetingHeld = await completions.FinalMeetingHeldAsync(p.Id, ct);
        OpenActivities = await db.ProgramActivities.AsNoTracking().Where(a => a.ProgramId == p.Id && (a.Status == ActivityStatus.Planned || a.Status == ActivityStatus.InProgress))
            .OrderBy(a => a.DueOn).ToListAsync(ct);
        return null;
    }
}
