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
/// The questionnaire builder: header (title, kind, audience, anonymity, stages), sections, questions in order, publishing.
/// Works on drafts only; a published or built-in questionnaire sends the user to its page (where it can be copied).
/// Every form posts its own handler with its own fields, so one form's errors never block another.
/// </summary>
[Authorize(Policy = Permissions.QuestionnairesWrite)]
public sealed class QuestionnaireEditModel(AppDbContext db, MonitoringService service, MonitoringAccess access, AuditLog audit, TimeProvider clock) : PageModel
{
    [BindProperty(SupportsGet = true)] public int? Id { get; set; }

    public Questionnaire? Q { get; private set; }
    public List<MonitoringAccess.Level> Levels { get; private set; } = [];
    public List<string> HeaderErrors { get; private set; } = [];
    public List<string> PublishErrors { get; private set; } = [];
    public QuestionnaireEditing.QuestionForm? NewQuestion { get; private set; }
    public string? SectionError { get; private set; }

    // The header form's values (the questionnaire's own, or what was posted when it failed).
    public string? Title { get; private set; }
    public string? Description { get; private set; }
    public QuestionnaireKind Kind { get; private set; } = QuestionnaireKind.Survey;
    public QuestionnaireAudience Audience { get; private set; } = QuestionnaireAudience.Mentee;
    public bool Anonymous { get; private set; }
    public QuestionnaireStages Stages { get; private set; } = QuestionnaireStages.Both;
    public string? Level { get; private set; }

    public List<QuestionnaireSection> Sections => Q is null ? [] : [.. Q.Sections.OrderBy(s => s.Order).ThenBy(s => s.Id)];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) => await LoadAsync(ct) ?? Page();

    public async Task<IActionResult> OnPostAsync(string? title, string? description, QuestionnaireKind kind, QuestionnaireAudience audience, bool anonymous,
        QuestionnaireStages stages, string? level, Guid? version, CancellationToken ct)
    {
        if (await LoadAsync(ct) is { } r) return r;
        (Title, Description, Kind, Audience, Anonymous, Stages, Level) = (title, description, kind, audience, anonymous, stages, level);
        HeaderErrors = MonitoringRules.ValidateHeader(title, kind, audience, anonymous);
        if (!Enum.IsDefined(kind) || !Enum.IsDefined(audience) || !Enum.IsDefined(stages)) HeaderErrors.Add("Выберите вид анкеты, кто её заполняет и этапы из списка.");
        if (description?.Trim().Length > 2000) HeaderErrors.Add("Описание длиннее 2000 символов.");
        var target = Q is null ? Levels.FirstOrDefault(l => l.Code == level) ?? (Levels.Count == 1 ? Levels[0] : null) : null;
        if (Q is null && target is null) HeaderErrors.Add("Выберите, для кого анкета: для региона или для организации.");
        if (Q is not null && version != Q.Version) HeaderErrors.Add("Анкету уже изменил другой пользователь. Обновите страницу и внесите изменения ещё раз.");
        if (HeaderErrors.Count > 0) return Page();
        var now = clock.GetUtcNow().UtcDateTime;
        var q = Q is null
            ? new Questionnaire { Title = "", RegionId = target!.RegionId, MunicipalityId = target.MunicipalityId, OrganizationId = target.OrganizationId, CreatedAt = now, CreatedBy = User.Identity?.Name, Status = QuestionnaireStatus.Draft }
            : await db.Questionnaires.FirstAsync(x => x.Id == Q.Id, ct);
        if (Q is not null) db.Entry(q).Property(x => x.Version).OriginalValue = version!.Value;
        (q.Title, q.Description, q.Kind, q.Audience, q.IsAnonymous, q.Stages) = (title!.Trim(), string.IsNullOrWhiteSpace(description) ? null : description.Trim(), kind, audience, anonymous, stages);
        if (Q is null)
        {
            q.Sections.Add(new QuestionnaireSection { Title = "Основной раздел", Order = 1 });
            db.Questionnaires.Add(q);
        }
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            HeaderErrors.Add("Анкету уже изменил другой пользователь. Обновите страницу и внесите изменения ещё раз.");
            return Page();
        }
        audit.Add(Q is null ? AuditActions.Create : AuditActions.Update, "questionnaire", q.Id.ToString(CultureInfo.InvariantCulture), q.Title, q.OrganizationId);
        await db.SaveChangesAsync(ct);
        TempData["Flash"] = Q is null ? "Анкета создана. Добавьте вопросы и опубликуйте её." : "Анкета сохранена.";
        return Redirect($"/monitoring/questionnaires/edit/{q.Id}");
    }

    public async Task<IActionResult> OnPostSectionAsync(string? sectionTitle, CancellationToken ct)
    {
        if (await LoadDraftAsync(ct) is { } r) return r;
        var t = sectionTitle?.Trim() ?? "";
        if (t.Length is 0 or > 300)
        {
            SectionError = "Напишите название раздела (до 300 символов).";
            return Page();
        }
        db.QuestionnaireSections.Add(new QuestionnaireSection { QuestionnaireId = Q!.Id, Title = t, Order = Q.Sections.Count == 0 ? 1 : Q.Sections.Max(s => s.Order) + 1 });
        await db.SaveChangesAsync(ct);
        return Back("sections");
    }

    public async Task<IActionResult> OnPostRenameSectionAsync(int sectionId, string? sectionTitle, CancellationToken ct)
    {
        if (await LoadDraftAsync(ct) is { } r) return r;
        var s = await db.QuestionnaireSections.FirstOrDefaultAsync(x => x.Id == sectionId && x.QuestionnaireId == Q!.Id, ct);
        if (s is null) return NotFound();
        var t = sectionTitle?.Trim() ?? "";
        if (t.Length is 0 or > 300)
        {
            SectionError = "Напишите название раздела (до 300 символов).";
            return Page();
        }
        s.Title = t;
        await db.SaveChangesAsync(ct);
        return Back($"section-{sectionId}");
    }

    public async Task<IActionResult> OnPostDeleteSectionAsync(int sectionId, CancellationToken ct)
    {
        if (await LoadDraftAsync(ct) is { } r) return r;
        var s = await db.QuestionnaireSections.FirstOrDefaultAsync(x => x.Id == sectionId && x.QuestionnaireId == Q!.Id, ct);
        if (s is null) return NotFound();
        if (Q!.Sections.Count == 1)
        {
            SectionError = "В анкете должен остаться хотя бы один раздел.";
            return Page();
        }
        db.QuestionnaireSections.Remove(s);
        await db.SaveChangesAsync(ct);
        TempData["Flash"] = $"Раздел «{s.Title}» удалён вместе с его вопросами.";
        return Back("sections");
    }

    public async Task<IActionResult> OnPostMoveSectionAsync(int sectionId, bool up, CancellationToken ct)
    {
        if (await LoadDraftAsync(ct) is { } r) return r;
        var sections = await db.QuestionnaireSections.Where(x => x.QuestionnaireId == Q!.Id).OrderBy(x => x.Order).ThenBy(x => x.Id).ToListAsync(ct);
        var s = sections.FirstOrDefault(x => x.Id == sectionId);
        if (s is null) return NotFound();
        QuestionnaireEditing.Move(sections, s, up, x => x.Order, (x, v) => x.Order = v);
        await db.SaveChangesAsync(ct);
        return Back($"section-{sectionId}");
    }

    public async Task<IActionResult> OnPostQuestionAsync(int? sectionId, QuestionKind kind, string? text, bool required, int? scaleMin, int? scaleMax,
        string? minLabel, string? maxLabel, string? options, CancellationToken ct)
    {
        if (await LoadDraftAsync(ct) is { } r) return r;
        var section = Q!.Sections.FirstOrDefault(s => s.Id == sectionId);
        var (clean, errors) = MonitoringRules.ValidateQuestion(new MonitoringRules.QuestionDraft(kind, text, required, scaleMin, scaleMax, minLabel, maxLabel, options), Q.Kind);
        if (section is null) errors.Insert(0, "Выберите раздел.");
        if (errors.Count > 0 || clean is null)
        {
            NewQuestion = new QuestionnaireEditing.QuestionForm(null, sectionId, kind, text, required, scaleMin, scaleMax, minLabel, maxLabel, options, Sections, errors, Q.Kind);
            return Page();
        }
        var x = new Question { QuestionnaireId = Q.Id, SectionId = section!.Id, Text = clean.Text, Order = Q.Questions.Count == 0 ? 1 : Q.Questions.Max(x => x.Order) + 1 };
        QuestionnaireEditing.Apply(x, clean);
        db.Questions.Add(x);
        await db.SaveChangesAsync(ct);
        TempData["Flash"] = "Вопрос добавлен.";
        return Back("new-question");
    }

    public async Task<IActionResult> OnPostMoveAsync(int questionId, bool up, CancellationToken ct)
    {
        if (await LoadDraftAsync(ct) is { } r) return r;
        var x = Q!.Questions.FirstOrDefault(q => q.Id == questionId);
        if (x is null) return NotFound();
        var siblings = await db.Questions.Where(q => q.QuestionnaireId == Q.Id && q.SectionId == x.SectionId).OrderBy(q => q.Order).ThenBy(q => q.Id).ToListAsync(ct);
        QuestionnaireEditing.Move(siblings, siblings.First(q => q.Id == questionId), up, q => q.Order, (q, v) => q.Order = v);
        await db.SaveChangesAsync(ct);
        return Back($"question-{questionId}");
    }

    public async Task<IActionResult> OnPostDeleteQuestionAsync(int questionId, CancellationToken ct)
    {
        if (await LoadDraftAsync(ct) is { } r) return r;
        var x = await db.Questions.FirstOrDefaultAsync(q => q.Id == questionId && q.QuestionnaireId == Q!.Id, ct);
        if (x is null) return NotFound();
        db.Questions.Remove(x);
        await db.SaveChangesAsync(ct);
        TempData["Flash"] = "Вопрос удалён.";
        return Back("sections");
    }

    public async Task<IActionResult> OnPostPublishAsync(CancellationToken ct)
    {
        if (await LoadDraftAsync(ct) is { } r) return r;
        PublishErrors = MonitoringRules.ValidateForPublish(Q!);
        if (PublishErrors.Count > 0) return Page();
        var q = await db.Questionnaires.FirstAsync(x => x.Id == Q!.Id, ct);
        q.Status = QuestionnaireStatus.Published;
        q.PublishedAt = clock.GetUtcNow().UtcDateTime;
        audit.Add("questionnaire.published", "questionnaire", q.Id.ToString(CultureInfo.InvariantCulture), q.Title, q.OrganizationId);
        await db.SaveChangesAsync(ct);
        TempData["Flash"] = "Анкета опубликована. Теперь её можно включить в набор анкет организации; изменить её больше нельзя — только скопировать.";
        return Redirect($"/monitoring/questionnaires/view/{q.Id}");
    }

    private RedirectResult Back(string anchor) => Redirect($"/monitoring/questionnaires/edit/{Q!.Id}#{anchor}");

    private async Task<IActionResult?> LoadDraftAsync(CancellationToken ct)
    {
        if (await LoadAsync(ct) is { } r) return r;
        return Q is null ? NotFound() : null;
    }

    /// <summary>Null when the page can go on; otherwise where to send the user.</summary>
    private async Task<IActionResult?> LoadAsync(CancellationToken ct)
    {
        Levels = await access.WritableLevelsAsync(ct);
        if (Id is null)
        {
            if (Levels.Count == 0)
            {
                TempData["FlashError"] = "Вам негде создавать анкеты.";
                return Redirect("/monitoring/questionnaires");
            }
            return null;
        }
        var q = await service.LoadAsync(Id.Value, ct: ct);
        if (q is null) return NotFound();
        if (!access.CanWrite(q) || q.Status != QuestionnaireStatus.Draft)
        {
            TempData["FlashError"] = q.IsBuiltIn ? "Встроенный шаблон не изменяется: создайте копию и меняйте её."
                : q.Status != QuestionnaireStatus.Draft ? "Опубликованная анкета не изменяется, чтобы данные по ней ответы не потеряли смысла. Создайте копию — новую версию."
                : "Эту анкету может изменить только её владелец (регион или организация).";
            return Redirect($"/monitoring/questionnaires/view/{q.Id}");
        }
        Q = q;
        (Title, Description, Kind, Audience, Anonymous, Stages) = (q.Title, q.Description, q.Kind, q.Audience, q.IsAnonymous, q.Stages);
        NewQuestion = QuestionnaireEditing.QuestionForm.Empty(Sections, q.Kind);
        return null;
    }
}
