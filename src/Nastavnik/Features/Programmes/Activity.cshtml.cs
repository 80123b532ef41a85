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
/// Corrects or deletes one activity of the plan: whoever may edit the programme (curator, head, the pair's mentor),
/// while the pair works. An edit opened before someone else's change is refused with a message, not lost.
/// </summary>
[Authorize(Policy = Permissions.ProgrammesWrite)]
public sealed class ActivityModel(AppDbContext db, ProgrammeAccess access, AuditLog audit, TimeProvider clock) : ProgrammeEntryPage(db, access)
{
    public sealed class InputModel
    {
        [Display(Name = "Мероприятие"), Required(ErrorMessage = "Укажите мероприятие."), StringLength(1000)] public string? Title { get; set; }
        [Display(Name = "Срок"), Required(ErrorMessage = "Укажите срок.")] public DateOnly? DueOn { get; set; }
        [Display(Name = "Ожидаемый результат"), StringLength(1000)] public string? ExpectedResult { get; set; }
        [Display(Name = "Форма результата"), StringLength(300)] public string? ResultForm { get; set; }
        [Display(Name = "Статус")] public ActivityStatus Status { get; set; }
        [Display(Name = "Подтверждение (текст или ссылка)"), StringLength(1000)] public string? Evidence { get; set; }
        public Guid Version { get; set; }
    }

    [BindProperty] public InputModel Input { get; set; } = new();
    public ProgramActivity A { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (await LoadAsync(ct) is { } r) return r;
        Input = new InputModel
        {
            Title = A.Title, DueOn = A.DueOn, ExpectedResult = A.ExpectedResult, ResultForm = A.ResultForm, Status = A.Status, Evidence = A.Evidence, Version = A.Version,
        };
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (await LoadAsync(ct) is { } r) return r;
        // Checked only when the date moves: a revision may have shortened the programme past an old activity.
        if (Input.DueOn is { } due && due != A.DueOn && Programme.DueError(due) is { } dueError) ModelState.AddModelError("Input.DueOn", dueError);
        if (!ModelState.IsValid) return Page();
        var a = await Db.ProgramActivities.FirstAsync(x => x.Id == Id, ct);
        Db.Entry(a).Property(x => x.Version).OriginalValue = Input.Version;
        var wasDone = a.Status == ActivityStatus.Done;
        (a.Title, a.DueOn, a.ExpectedResult, a.ResultForm, a.Evidence) = (Input.Title!.Trim(), Input.DueOn!.Value, Clean(Input.ExpectedResult), Clean(Input.ResultForm), Clean(Input.Evidence));
        if (Input.Status != a.Status)
        {
            a.Status = Input.Status;
            if (Input.Status == ActivityStatus.Done && !wasDone)
            {
                a.DoneOn = DateOnly.FromDateTime(clock.GetLocalNow().DateTime);
                (a.DoneBy, a.DoneByRole) = (User.DisplayName(), Access.ActorLabel);
            }
            else if (Input.Status != ActivityStatus.Done) (a.DoneOn, a.DoneBy, a.DoneByRole) = (null, null, null);
        }
        // Saving an unchanged form still renews the version, so a form opened in parallel is refused rather than overwriting.
        Db.Entry(a).State = EntityState.Modified;
        audit.Add("programme.activity-updated", "programme", ProgrammeService.Id(a.ProgramId), $"мероприятие №{a.Id}", OrganizationId);
        if (await SaveAsync(Stale, ct) is { } error) return error;
        TempData["Flash"] = $"Мероприятие «{a.Title}» исправлено.";
        return Redirect($"/programmes/card/{a.ProgramId}#plan");
    }

    public async Task<IActionResult> OnPostDeleteAsync(Guid version, CancellationToken ct)
    {
        ModelState.Clear();
        if (await LoadAsync(ct) is { } r) return r;
        var a = await Db.ProgramActivities.FirstAsync(x => x.Id == Id, ct);
        Db.Entry(a).Property(x => x.Version).OriginalValue = version;
        Db.ProgramActivities.Remove(a);
        audit.Add("programme.activity-deleted", "programme", ProgrammeService.Id(a.ProgramId), $"мероприятие №{a.Id}: {a.Title}", OrganizationId);
        Input = new InputModel { Title = A.Title, DueOn = A.DueOn, ExpectedResult = A.ExpectedResult, ResultForm = A.ResultForm, Status = A.Status, Evidence = A.Evidence, Version = A.Version };
        if (await SaveAsync(Stale, ct) is { } error) return error;
        TempData["Flash"] = $"Мероприятие «{a.Title}» удалено из плана.";
        return Redirect($"/programmes/card/{a.ProgramId}#plan");
    }

    private async Task<IActionResult?> LoadAsync(CancellationToken ct)
    {
        var a = await Db.ProgramActivities.AsNoTracking().FirstOrDefaultAsync(x => x.Id == Id, ct);
        if (a is null) return NotFound();
        if (await OpenProgrammeAsync(a.ProgramId, x => x.EditProgramme, ct) is { } answer) return answer;
        A = a;
        return null;
    }

    private const string Stale = "Мероприятие только что изменил другой пользователь. Обновите страницу и повторите.";
}
