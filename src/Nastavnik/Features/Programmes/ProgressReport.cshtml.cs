using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Nastavnik.Data;
using Nastavnik.Platform.Audit;
using Nastavnik.Platform.Auth;
using Nastavnik.Platform.Web;

namespace Nastavnik.Features.Programmes;

/// <summary>
/// One progress report: its author (the mentor or mentee who filed it) corrects or deletes it; the curator or head
/// may delete a report filed by mistake but does not rewrite it — a report is the participant's own word.
/// </summary>
[Authorize(Policy = Permissions.ProgrammesWrite)]
public sealed class ProgressReportModel(AppDbContext db, ProgrammeService service, ProgrammeAccess access, AuditLog audit) : ProgrammeEntryPage(db, access)
{
    public sealed class InputModel
    {
        [Display(Name = "Дата отчёта"), Required(ErrorMessage = "Укажите дату отчёта.")] public DateOnly? ReportedOn { get; set; }
        [Display(Name = "Что сделано"), Required(ErrorMessage = "Напишите, что сделано."), StringLength(4000)] public string? Done { get; set; }
        [Display(Name = "Трудности"), StringLength(2000)] public string? Difficulties { get; set; }
        [Display(Name = "Следующие шаги"), StringLength(2000)] public string? NextSteps { get; set; }
        [Display(Name = "Оценка хода программы"), Required(ErrorMessage = "Поставьте оценку от 1 до 5."), Range(1, 5, ErrorMessage = "Оценка от 1 до 5.")] public int? Rating { get; set; }
        public Guid Version { get; set; }
    }

    [BindProperty] public InputModel Input { get; set; } = new();
    public ProgressReport R { get; private set; } = null!;
    public bool IsAuthor { get; private set; }
    public string AuthorName { get; private set; } = "";

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (await LoadAsync(ct) is { } r) return r;
        Fill();
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (await LoadAsync(ct) is { } r) return r;
        if (!IsAuthor) return Forbid();
        if (!ModelState.IsValid) return Page();
        var report = await Db.ProgressReports.FirstAsync(x => x.Id == Id, ct);
        Db.Entry(report).Property(x => x.Version).OriginalValue = Input.Version;
        report.ReportedOn = Input.ReportedOn!.Value > service.Today ? service.Today : Input.ReportedOn.Value;
        (report.Done, report.Difficulties, report.NextSteps, report.Rating) = (Input.Done!.Trim(), Clean(Input.Difficulties), Clean(Input.NextSteps), Input.Rating!.Value);
        Db.Entry(report).State = EntityState.Modified;
        audit.Add("programme.report-updated", "programme", ProgrammeService.Id(report.ProgramId), $"отчёт №{report.Id}", OrganizationId);
        if (await SaveAsync(Stale, ct) is { } error) return error;
        TempData["Flash"] = "Отчёт исправлен.";
        return Redirect($"/programmes/card/{report.ProgramId}#reports");
    }

    public async Task<IActionResult> OnPostDeleteAsync(Guid version, CancellationToken ct)
    {
        ModelState.Clear();
        if (await LoadAsync(ct) is { } r) return r;
        Fill();
        var report = await Db.ProgressReports.FirstAsync(x => x.Id == Id, ct);
        Db.Entry(report).Property(x => x.Version).OriginalValue = version;
        Db.ProgressReports.Remove(report);
        audit.Add("programme.report-deleted", "programme", ProgrammeService.Id(report.ProgramId), $"отчёт №{report.Id} от {Formats.Date(report.ReportedOn)}" + (IsAuthor ? "" : ", удалил куратор"), OrganizationId);
        if (await SaveAsync(Stale, ct) is { } error) return error;
        TempData["Flash"] = $"Отчёт от {Formats.Date(report.ReportedOn)} удалён.";
        return Redirect($"/programmes/card/{report.ProgramId}#reports");
    }

    private void Fill() => Input = new InputModel
    {
        ReportedOn = R.ReportedOn, Done = R.Done, Difficulties = R.Difficulties, NextSteps = R.NextSteps, Rating = R.Rating, Version = R.Version,
    };

    private async Task<IActionResult?> LoadAsync(CancellationToken ct)
    {
        var report = await Db.ProgressReports.AsNoTracking().FirstOrDefaultAsync(x => x.Id == Id, ct);
        if (report is null) return NotFound();
        // The author corrects their own report; staff who write the programme correct any.
        if (await OpenProgrammeAsync(report.ProgramId, a => a.PersonId == report.PersonId || a.StaffWrite, ct) is { } answer) return answer;
        (R, IsAuthor) = (report, Access.PersonId == report.PersonId);
        AuthorName = (await service.PeopleAsync([Mentorship.Id], ct)).GetValueOrDefault(Mentorship.Id, []).FirstOrDefault(x => x.PersonId == report.PersonId)?.ShortName ?? "";
        return null;
    }

    private const string Stale = "Отчёт только что изменили. Обновите страницу и повторите.";
}
