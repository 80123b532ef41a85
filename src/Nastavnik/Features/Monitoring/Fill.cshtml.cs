using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Nastavnik.Data;
using Nastavnik.Platform.Audit;
using Nastavnik.Platform.Auth;

namespace Nastavnik.Features.Monitoring;

/// <summary>
/// Filling in one questionnaire or card. Only its respondent opens it (anyone else: 404). It is sent once: the assignment is
/// marked done by a conditional update in the same transaction as the answers, so a second click or a second tab gets a
/// Russian message and stores nothing. An anonymous questionnaire's response carries no person, no time and a random key.
/// </summary>
[Authorize(Policy = Permissions.MonitoringFill)]
public sealed class FillModel(AppDbContext db, MonitoringService service, MonitoringAccess access, MonitoringInbox inbox, AuditLog audit, TimeProvider clock) : PageModel
{
    [BindProperty(SupportsGet = true)] public int Id { get; set; }

    public MonitoringAssignment A { get; private set; } = null!;
    public MonitoringStage Stage { get; private set; } = null!;
    public Questionnaire Q { get; private set; } = null!;
    public MonitoringInbox.Item? Item { get; private set; }
    public Dictionary<int, string> Errors { get; } = [];
    public Dictionary<int, IReadOnlyList<string>> Values { get; } = [];
    public DateOnly Today => service.Today;

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) => await LoadAsync(ct) ? Page() : NotFound();

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!await LoadAsync(ct)) return NotFound();
        if (A.CompletedAt is not null) return AlreadySent();
        foreach (var x in Q.Questions)
            Values[x.Id] = [.. Request.Form[Field(x.Id)].OfType<string>()];
        var (answers, errors) = MonitoringRules.ValidateAnswers(Q, Values);
        if (errors.Count > 0)
        {
            foreach (var (k, v) in errors) Errors[k] = v;
            ModelState.AddModelError("", errors.Count == 1 ? "Анкета не отправлена: исправьте ответ, отмеченный ниже." : $"Анкета не отправлена: исправьте ответы, отмеченные ниже ({errors.Count.ToString(CultureInfo.InvariantCulture)}).");
            return Page();
        }
        var now = clock.GetUtcNow().UtcDateTime;
        var userId = User.FindFirst(System.Security.Claims.ClaimTypes.NameIdentifier)?.Value;
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var won = await db.MonitoringAssignments.Where(a => a.Id == A.Id && a.CompletedAt == null)
            .ExecuteUpdateAsync(u => u.SetProperty(a => a.CompletedAt, now).SetProperty(a => a.CompletedByUserId, userId), ct);
        if (won == 0) return AlreadySent();
        var response = new MonitoringResponse
        {
            Id = Guid.NewGuid(), StageId = A.StageId, QuestionnaireId = Q.Id, RespondentRole = A.Audience,
            PersonId = Q.IsAnonymous ? null : A.PersonId, SubjectPersonId = A.SubjectPersonId, SubmittedAt = Q.IsAnonymous ? null : now,
            OrganizationId = A.OrganizationId, MunicipalityId = A.MunicipalityId, RegionId = A.RegionId,
        };
        response.Answers.AddRange(answers.Select(x => new MonitoringAnswer { QuestionId = x.QuestionId, Value = x.Value, OptionId = x.OptionId, Text = x.Text }));
        db.MonitoringResponses.Add(response);
        audit.Add("monitoring.submitted", "monitoring-assignment", A.Id.ToString(CultureInfo.InvariantCulture), Q.Title, A.OrganizationId);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        TempData["Flash"] = $"Спасибо! Анкета «{Q.Title}» отправлена.";
        return Redirect("/monitoring/my");
    }

    private PageResult AlreadySent()
    {
        A.CompletedAt ??= clock.GetUtcNow().UtcDateTime;
        ModelState.AddModelError("", "Эта анкета уже отправлена: повторная отправка не принимается.");
        Response.StatusCode = StatusCodes.Status409Conflict;
        return Page();
    }

    public static string Field(int questionId) => "q" + questionId.ToString(CultureInfo.InvariantCulture);

    public bool Checked(int questionId, string value) => Values.TryGetValue(questionId, out var v) && v.Contains(value);

    public string TextValue(int questionId) => Values.TryGetValue(questionId, out var v) ? string.Join("\n", v) : "";

    private async Task<bool> LoadAsync(CancellationToken ct)
    {
        var a = await db.MonitoringAssignments.AsNoTracking().Include(x => x.Stage).FirstOrDefaultAsync(x => x.Id == Id, ct);
        if (a?.Stage is null || a.Stage.OpenedAt is null || !await access.CanFillAsync(a, ct)) return false;
        var q = await service.LoadAsync(a.QuestionnaireId, ct: ct);
        if (q is null) return false;
        (A, Stage, Q) = (a, a.Stage, q);
        var items = await inbox.ItemsAsync(open: a.CompletedAt is null, ct: ct);
        Item = items.FirstOrDefault(i => i.AssignmentId == a.Id);
        return true;
    }
}
