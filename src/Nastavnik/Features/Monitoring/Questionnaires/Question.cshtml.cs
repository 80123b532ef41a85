using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Nastavnik.Data;
using Nastavnik.Platform.Auth;

namespace Nastavnik.Features.Monitoring;

/// <summary>One question of a draft: text, type, scale or options, required flag, section.</summary>
[Authorize(Policy = Permissions.QuestionnairesWrite)]
public sealed class QuestionEditModel(AppDbContext db, MonitoringService service, MonitoringAccess access) : PageModel
{
    [BindProperty(SupportsGet = true)] public int Id { get; set; }
    public Questionnaire Q { get; private set; } = null!;
    public QuestionnaireEditing.QuestionForm Form { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) => await LoadAsync(ct) ?? Page();

    public async Task<IActionResult> OnPostAsync(int? sectionId, QuestionKind kind, string? text, bool required, int? scaleMin, int? scaleMax,
        string? minLabel, string? maxLabel, string? options, CancellationToken ct)
    {
        if (await LoadAsync(ct) is { } r) return r;
        var sections = Q.Sections.OrderBy(s => s.Order).ToList();
        var (clean, errors) = MonitoringRules.ValidateQuestion(new MonitoringRules.QuestionDraft(kind, text, required, scaleMin, scaleMax, minLabel, maxLabel, options), Q.Kind);
        if (sections.All(s => s.Id != sectionId)) errors.Insert(0, "Выберите раздел.");
        if (errors.Count > 0 || clean is null)
        {
            Form = new QuestionnaireEditing.QuestionForm(Id, sectionId, kind, text, required, scaleMin, scaleMax, minLabel, maxLabel, options, sections, errors, Q.Kind);
            return Page();
        }
        var x = await db.Questions.Include(q => q.Options).FirstAsync(q => q.Id == Id, ct);
        if (x.SectionId != sectionId)
        {
            x.SectionId = sectionId!.Value;
            x.Order = Q.Questions.Max(q => q.Order) + 1;
        }
        QuestionnaireEditing.Apply(x, clean);
        await db.SaveChangesAsync(ct);
        TempData["Flash"] = "Вопрос сохранён.";
        return Redirect($"/monitoring/questionnaires/edit/{Q.Id}#question-{Id}");
    }

    private async Task<IActionResult?> LoadAsync(CancellationToken ct)
    {
        var questionnaireId = await db.Questions.AsNoTracking().Where(x => x.Id == Id).Select(x => (int?)x.QuestionnaireId).FirstOrDefaultAsync(ct);
        var q = questionnaireId is { } qid ? await service.LoadAsync(qid, ct: ct) : null;
        if (q is null) return NotFound();
        if (!access.CanWrite(q) || q.Status != QuestionnaireStatus.Draft)
        {
            TempData["FlashError"] = q.IsBuiltIn ? "Встроенный шаблон не изменяется: создайте копию и меняйте её." : "Изменять можно только вопросы черновика, принадлежащего вам.";
            return Redirect($"/monitoring/questionnaires/view/{q.Id}");
        }
        Q = q;
        Form = QuestionnaireEditing.QuestionForm.Of(q.Questions.First(x => x.Id == Id), [.. q.Sections.OrderBy(s => s.Order)], q.Kind);
        return null;
    }
}
