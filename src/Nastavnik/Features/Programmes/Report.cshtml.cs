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
/// Отчёт о ходе реализации (seed 001: не реже 1 раза в 2 недели) by the mentor or a mentee of the programme. Built
/// for a phone: one column at 390px, no tables.
/// </summary>
[Authorize(Policy = Permissions.ProgrammesWrite)]
public sealed class ReportModel(AppDbContext db, ProgrammeService service, ProgrammeAccess access, TimeProvider clock) : PageModel
{
    public sealed class InputModel
    {
        [Display(Name = "Дата отчёта"), Required] public DateOnly? ReportedOn { get; set; }
        [Display(Name = "Что сделано"), Required(ErrorMessage = "Напишите, что сделано."), StringLength(4000)] public string? Done { get; set; }
        [Display(Name = "Трудности"), StringLength(2000)] public string? Difficulties { get; set; }
        [Display(Name = "Следующие шаги"), StringLength(2000)] public string? NextSteps { get; set; }
        [Display(Name = "Оценка хода программы"), Required(ErrorMessage = "Поставьте оценку от 1 до 5."), Range(1, 5, ErrorMessage = "Оценка от 1 до 5.")] public int? Rating { get; set; }
        public Guid? SubmissionKey { get; set; }
    }

    [BindProperty(SupportsGet = true)] public int Id { get; set; }
    [BindProperty] public InputModel Input { get; set; } = new();
    public ProgrammeAccess.Result Access { get; private set; } = ProgrammeAccess.Result.None;
    public ProgrammeSettings Settings { get; private set; } = new();
    public DateOnly? LastReport { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (await LoadAsync(ct) is { } r) return r;
        Input.ReportedOn = service.Today;
        Input.SubmissionKey = Guid.NewGuid();
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (await LoadAsync(ct) is { } r) return r;
        if (Input.ReportedOn > service.Today)
            ModelState.AddModelError("Input.ReportedOn", $"Дата отчёта не может быть позже сегодняшней ({Platform.Web.Formats.Date(service.Today)}).");
        if (!ModelState.IsValid) return Page();
        // A double tap on a phone, or Back and «Отправить» again, brings the same one-time key: the report is stored once.
        if (Input.SubmissionKey is { } key && await SubmittedAsync(key, ct)) return Saved(again: true);
        db.ProgressReports.Add(new ProgressReport
        {
            ProgramId = Id, PersonId = Access.PersonId!.Value, AuthorRole = Access.Role!.Value, ReportedOn = Input.ReportedOn!.Value,
            Done = Input.Done!.Trim(), Difficulties = Clean(Input.Difficulties), NextSteps = Clean(Input.NextSteps), Rating = Input.Rating!.Value, CreatedAt = clock.GetUtcNow().UtcDateTime,
            SubmissionKey = Input.SubmissionKey,
        });
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // The parallel twin of this request won the unique key.
            if (Input.SubmissionKey is { } won && await SubmittedAsync(won, ct)) return Saved(again: true);
            throw;
        }
        return Saved(again: false);
    }

    private Task<bool> SubmittedAsync(Guid key, CancellationToken ct) => db.ProgressReports.AsNoTracking().AnyAsync(x => x.ProgramId == Id && x.SubmissionKey == key, ct);

    private RedirectResult Saved(bool again)
    {
        TempData["Flash"] = again ? "Этот отчёт уже сохранён — второй раз он не записан." : "Отчёт сохранён.";
        return Redirect($"/programmes/card/{Id}#reports");
    }

    private static string? Clean(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();

    private async Task<IActionResult?> LoadAsync(CancellationToken ct)
    {
        var p = await db.MentoringPrograms.AsNoTracking().FirstOrDefaultAsync(x => x.Id == Id, ct);
        var m = p is null ? null : await db.Mentorships.AsNoTracking().FirstOrDefaultAsync(x => x.Id == p.MentorshipId, ct);
        if (p is null || m is null) return NotFound();
        Access = await access.ForAsync(m, ct);
        if (!Access.Read) return NotFound();
        // Reports are the participants' own word: staff read them on the programme page.
        if (Access.PersonId is null) return Forbid();
        if (m.Status is not (MentorshipStatus.Approved or MentorshipStatus.Active)) return Redirect($"/programmes/card/{Id}");
        Settings = await service.SettingsAsync(p.OrganizationId, ct);
        LastReport = await db.ProgressReports.AsNoTracking().Where(r => r.ProgramId == Id && r.PersonId == Access.PersonId).OrderByDescending(r => r.ReportedOn).Select(r => (DateOnly?)r.ReportedOn).FirstOrDefaultAsync(ct);
        return null;
    }
}
