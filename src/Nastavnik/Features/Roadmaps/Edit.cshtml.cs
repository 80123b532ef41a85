using System.ComponentModel.DataAnnotations;
using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Nastavnik.Data;
using Nastavnik.Platform.Audit;
using Nastavnik.Platform.Auth;

namespace Nastavnik.Features.Roadmaps;

/// <summary>The roadmap's header and stages, submission to the municipality, deletion of a draft.</summary>
[Authorize(Policy = Permissions.RoadmapsWrite)]
public sealed class EditModel(AppDbContext db, IAuthorizationService auth, AuditLog audit, TimeProvider clock) : PageModel
{
    public sealed class InputModel
    {
        [Display(Name = "Название"), Required, StringLength(500, MinimumLength = 3)]
        public string? Title { get; set; }
        [Display(Name = "Период (как в документе)"), Required, StringLength(200)]
        public string? PeriodText { get; set; }
        [Display(Name = "Начало периода"), Required]
        public DateOnly? PeriodStart { get; set; }
        [Display(Name = "Окончание периода"), Required]
        public DateOnly? PeriodEnd { get; set; }
        [Display(Name = "Цель"), StringLength(4000)]
        public string? Goal { get; set; }
        [Display(Name = "Задачи"), StringLength(8000)]
        public string? Tasks { get; set; }
        [Display(Name = "Должность утверждающего («УТВЕРЖДАЮ»)"), StringLength(300)]
        public string? ApproverPosition { get; set; }
        [Display(Name = "Инициалы и фамилия утверждающего"), StringLength(300)]
        public string? ApproverName { get; set; }
        public Guid? Version { get; set; }
    }

    public sealed class StageInput
    {
        public int? Id { get; set; }
        [Display(Name = "Номер этапа"), StringLength(20)]
        public string? Number { get; set; }
        [Display(Name = "Название этапа"), Required, StringLength(1000)]
        public string? Title { get; set; }
        [Display(Name = "Порядок"), Range(0, 10_000)]
        public int? Order { get; set; }
    }

    [BindProperty(SupportsGet = true)] public int Id { get; set; }
    [BindProperty] public InputModel Input { get; set; } = new();
    [BindProperty] public StageInput Stage { get; set; } = new();
    public Roadmap Roadmap { get; private set; } = null!;
    public Dictionary<int, int> ItemsPerStage { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync()
    {
        if (await Load() is { } fail) return fail;
        Input = new InputModel
        {
            Title = Roadmap.Title, PeriodText = Roadmap.PeriodText, PeriodStart = Roadmap.PeriodStart, PeriodEnd = Roadmap.PeriodEnd, Goal = Roadmap.Goal,
            Tasks = Roadmap.Tasks, ApproverPosition = Roadmap.ApproverPosition, ApproverName = Roadmap.ApproverName, Version = Roadmap.Version,
        };
        return Page();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (await Load() is { } fail) return fail;
        RoadmapWeb.ValidateOnly(ModelState, "Input");
        if (Input.PeriodStart is { } s && Input.PeriodEnd is { } e && e < s) ModelState.AddModelError("Input.PeriodEnd", "Период заканчивается раньше, чем начинается.");
        if (Input.PeriodStart is { } s2 && Input.PeriodEnd is { } e2 && e2 > s2.AddYears(10)) ModelState.AddModelError("Input.PeriodEnd", "Период дорожной карты — не больше 10 лет.");
        if (!ModelState.IsValid) return Page();
        var r = Roadmap;
        // The approval header may be corrected after approval; the plan itself only while it can be edited.
        if (!r.PlanEditable && (Input.Title!.Trim() != r.Title || Input.PeriodStart != r.PeriodStart || Input.PeriodEnd != r.PeriodEnd || Input.PeriodText!.Trim() != r.PeriodText
                                || RoadmapWeb.Clean(Input.Goal) != r.Goal || RoadmapWeb.Clean(Input.Tasks) != r.Tasks))
        {
            ModelState.AddModelError("", PlanLockedMessage(r));
            return Page();
        }
        db.Entry(r).Property(x => x.Version).OriginalValue = Input.Version ?? Guid.Empty;
        var periodChanged = r.PeriodStart != Input.PeriodStart || r.PeriodEnd != Input.PeriodEnd;
        r.Title = Input.Title!.Trim();
        r.PeriodText = Input.PeriodText!.Trim();
        r.PeriodStart = Input.PeriodStart!.Value;
        r.PeriodEnd = Input.PeriodEnd!.Value;
        r.Goal = RoadmapWeb.Clean(Input.Goal);
        r.Tasks = RoadmapWeb.Clean(Input.Tasks);
        r.ApproverPosition = RoadmapWeb.Clean(Input.ApproverPosition);
        r.ApproverName = RoadmapWeb.Clean(Input.ApproverName);
        if (periodChanged)
        {
            // Months without a year belong to the new period now: read every due again.
            var context = r.DueContext;
            foreach (var i in r.Items) i.SetDue(i.DueText, context);
        }
        try
        {
            audit.Add(AuditActions.Update, "roadmap", r.Id.ToString(CultureInfo.InvariantCulture), periodChanged ? "заголовок, период" : "заголовок", r.OrganizationId);
            await db.SaveChangesAsync();
        }
        catch (DbUpdateConcurrencyException)
        {
            ModelState.AddModelError("", "Пока вы редактировали, дорожную карту изменил другой пользователь. Обновите страницу и внесите изменения ещё раз.");
            return Page();
        }
        TempData["Flash"] = periodChanged ? "Изменения сохранены, сроки мероприятий пересчитаны для нового периода." : "Изменения сохранены.";
        return Redirect($"/roadmaps/edit/{r.Id}");
    }

    public async Task<IActionResult> OnPostStageAsync()
    {
        if (await Load() is { } fail) return fail;
        RoadmapWeb.ValidateOnly(ModelState, "Stage");
        if (!Roadmap.PlanEditable) ModelState.AddModelError("", PlanLockedMessage(Roadmap));
        if (!ModelState.IsValid) return Page();
        RoadmapStage? stage;
        if (Stage.Id is { } sid)
        {
            stage = Roadmap.Stages.FirstOrDefault(s => s.Id == sid);
            if (stage is null) return NotFound();
        }
        else
        {
            stage = new RoadmapStage { Title = "", Order = Roadmap.Stages.Count == 0 ? 1 : Roadmap.Stages.Max(s => s.Order) + 1 };
            stage.Number = (Roadmap.Stages.Count + 1).ToString(CultureInfo.InvariantCulture);
            Roadmap.Stages.Add(stage);
        }
        stage.Title = Stage.Title!.Trim();
        if (Stage.Number is not null || Stage.Id is not null) stage.Number = RoadmapWeb.Clean(Stage.Number)?.TrimEnd('.');
        if (Stage.Order is { } order) stage.Order = order;
        audit.Add(AuditActions.Update, "roadmap", Roadmap.Id.ToString(CultureInfo.InvariantCulture), Stage.Id is null ? "этап добавлен" : "этап изменён", Roadmap.OrganizationId);
        await db.SaveChangesAsync();
        TempData["Flash"] = Stage.Id is null ? "Этап добавлен." : "Этап сохранён.";
        return Redirect($"/roadmaps/edit/{Roadmap.Id}#stages");
    }

    public async Task<IActionResult> OnPostDeleteStageAsync(int stageId)
    {
        if (await Load() is { } fail) return fail;
        var stage = Roadmap.Stages.FirstOrDefault(s => s.Id == stageId);
        if (stage is null) return NotFound();
        if (!Roadmap.PlanEditable)
        {
            TempData["FlashError"] = PlanLockedMessage(Roadmap);
            return Redirect($"/roadmaps/edit/{Roadmap.Id}");
        }
        // Its items stay in the roadmap without a stage (the foreign key sets null; tracked items follow).
        foreach (var i in Roadmap.Items.Where(i => i.StageId == stage.Id)) i.StageId = null;
        db.RoadmapStages.Remove(stage);
        audit.Add(AuditActions.Update, "roadmap", Roadmap.Id.ToString(CultureInfo.InvariantCulture), "этап удалён", Roadmap.OrganizationId);
        await db.SaveChangesAsync();
        TempData["Flash"] = "Этап удалён; его мероприятия остались в дорожной карте без этапа.";
        return Redirect($"/roadmaps/edit/{Roadmap.Id}#stages");
    }

    /// <summary>An organisation's roadmap goes to the municipality for approval (first time or after a return).</summary>
    public async Task<IActionResult> OnPostSubmitAsync(Guid version)
    {
        if (await Load() is { } fail) return fail;
        var r = Roadmap;
        string? error = r.IsMunicipal ? "Муниципальная дорожная карта не подаётся на согласование: её утверждает координатор."
            : !r.PlanEditable ? "Дорожная карта уже " + (r.Status == RoadmapStatus.Approved ? "утверждена." : "на согласовании.")
            : r.Items.Count == 0 ? "В дорожной карте нет мероприятий: добавьте их или загрузите таблицу."
            : null;
        if (error is not null)
        {
            TempData["FlashError"] = error;
            return Redirect($"/roadmaps/view/{r.Id}");
        }
        db.Entry(r).Property(x => x.Version).OriginalValue = version;
        var now = clock.GetUtcNow().UtcDateTime;
        var again = r.Status == RoadmapStatus.Returned;
        r.Status = RoadmapStatus.Submitted;
        r.SubmittedAt = now;
        r.FirstSubmittedAt ??= now;
        r.SubmittedBy = User.Identity?.Name;
        try
        {
            audit.Add(AuditActions.Submit, "roadmap", r.Id.ToString(CultureInfo.InvariantCulture), again ? "повторно" : null, r.OrganizationId);
            await db.SaveChangesAsync();
        }
        catch (DbUpdateConcurrencyException)
        {
            TempData["FlashError"] = "Дорожную карту только что изменил другой пользователь. Проверьте её и подайте снова.";
            return Redirect($"/roadmaps/view/{r.Id}");
        }
        TempData["Flash"] = "Дорожная карта подана на согласование в муниципалитет.";
        return Redirect($"/roadmaps/view/{r.Id}");
    }

    public async Task<IActionResult> OnPostDeleteAsync(Guid version)
    {
        if (await Load() is { } fail) return fail;
        var r = Roadmap;
        if (!r.PlanEditable)
        {
            TempData["FlashError"] = "Удалить можно только черновик или возвращённую дорожную карту.";
            return Redirect($"/roadmaps/edit/{r.Id}");
        }
        db.Entry(r).Property(x => x.Version).OriginalValue = version;
        db.Roadmaps.Remove(r);
        try
        {
            audit.Add(AuditActions.Delete, "roadmap", r.Id.ToString(CultureInfo.InvariantCulture), r.Title.Length > 200 ? r.Title[..200] : r.Title, r.OrganizationId);
            await db.SaveChangesAsync();
        }
        catch (DbUpdateConcurrencyException)
        {
            TempData["FlashError"] = "Дорожную карту только что изменил другой пользователь. Проверьте её и повторите.";
            return Redirect($"/roadmaps/edit/{r.Id}");
        }
        TempData["Flash"] = "Дорожная карта удалена.";
        return Redirect("/roadmaps");
    }

    public static string PlanLockedMessage(Roadmap r) => r.Status == RoadmapStatus.Approved
        ? "Дорожная карта утверждена: план не меняется. Чтобы изменить его, координатор снимает утверждение."
        : "Дорожная карта на согласовании: план не меняется, пока муниципалитет не утвердит её или не вернёт на доработку.";

    private async Task<IActionResult?> Load()
    {
        var r = await RoadmapWeb.LoadAsync(db, Id);
        if (r is null || !await RoadmapWeb.CanAsync(auth, User, r, Permissions.RoadmapsWrite)) return NotFound();
        Roadmap = r;
        ItemsPerStage = r.Items.Where(i => i.StageId is not null).GroupBy(i => i.StageId!.Value).ToDictionary(g => g.Key, g => g.Count());
        return null;
    }
}
