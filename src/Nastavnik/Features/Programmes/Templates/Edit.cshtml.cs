using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Nastavnik.Data;
using Nastavnik.Features.Mentorships;
using Nastavnik.Platform.Audit;
using Nastavnik.Platform.Auth;

namespace Nastavnik.Features.Programmes.Templates;

/// <summary>
/// Creates a template (blank, as a copy of a visible template: ?copyFrom=, or from a programme: ?fromProgramId=) or edits
/// one (?id=) at the user's own level. From a programme only the non-personal parts are taken: goal, tasks, directions,
/// the length and the plan's wording with dues turned into offsets from the start — not the difficulties (the mentee's
/// deficits), nor statuses, evidence, meetings or reports. The user reviews everything before saving.
/// Plan rows are a fixed set of inputs (no JavaScript): «Ещё строки» posts the form back with five more empty rows.
/// </summary>
[Authorize(Policy = Permissions.ProgrammeTemplatesWrite)]
public sealed class EditModel(AppDbContext db, MentorshipService mentorships, ProgrammeAccess programmeAccess, AuditLog audit, TimeProvider clock) : PageModel
{
    public const int BlankRows = 5;
    public const int MaxOffsetDays = 730;

    public sealed class ItemInput
    {
        [Display(Name = "Мероприятие"), StringLength(1000, ErrorMessage = "Название мероприятия — не длиннее 1000 символов.")] public string? Title { get; set; }
        [Display(Name = "Ожидаемый результат"), StringLength(1000, ErrorMessage = "Ожидаемый результат — не длиннее 1000 символов.")] public string? ExpectedResult { get; set; }
        [Display(Name = "Форма результата"), StringLength(300, ErrorMessage = "Форма результата — не длиннее 300 символов.")] public string? ResultForm { get; set; }
        [Display(Name = "Срок от начала"), Range(0, MaxOffsetDays, ErrorMessage = "Срок от начала — число от 0.")] public int? Offset { get; set; }
        /// <summary>"w" — weeks, "d" — days.</summary>
        public string Unit { get; set; } = "w";

        public bool IsBlank => string.IsNullOrWhiteSpace(Title) && string.IsNullOrWhiteSpace(ExpectedResult) && string.IsNullOrWhiteSpace(ResultForm);
        public int OffsetDays => (Offset ?? 0) * (Unit == "d" ? 1 : 7);

        public static ItemInput From(PlanItem i) => i.OffsetDays % 7 == 0
            ? new() { Title = i.Title, ExpectedResult = i.ExpectedResult, ResultForm = i.ResultForm, Offset = i.OffsetDays / 7, Unit = "w" }
            : new() { Title = i.Title, ExpectedResult = i.ExpectedResult, ResultForm = i.ResultForm, Offset = i.OffsetDays, Unit = "d" };
    }

    public sealed class InputModel
    {
        [Display(Name = "Название шаблона"), Required(ErrorMessage = "Укажите название шаблона."), StringLength(300, ErrorMessage = "Название — не длиннее 300 символов.")] public string? Title { get; set; }
        [Display(Name = "Форма наставничества"), Required(ErrorMessage = "Выберите форму наставничества.")] public int? FormId { get; set; }
        [Display(Name = "Направления")] public List<ProgramDirection> Directions { get; set; } = [];
        [Display(Name = "Цель"), Required(ErrorMessage = "Укажите цель программы."), StringLength(2000, ErrorMessage = "Цель — не длиннее 2000 символов.")] public string? Goal { get; set; }
        [Display(Name = "Задачи"), StringLength(4000, ErrorMessage = "Задачи — не длиннее 4000 символов.")] public string? Tasks { get; set; }
        [Display(Name = "Типичный срок, месяцев"), Required(ErrorMessage = "Укажите типичный срок."), Range(1, 12, ErrorMessage = "Типичный срок — от 1 до 12 месяцев.")] public int? DurationMonths { get; set; }
        [Display(Name = "Уровень")] public string? Owner { get; set; }
        public List<ItemInput> Items { get; set; } = [];
        public Guid Version { get; set; }
    }

    [BindProperty(SupportsGet = true)] public int? Id { get; set; }
    [BindProperty(SupportsGet = true)] public int? CopyFrom { get; set; }
    [BindProperty(SupportsGet = true)] public int? FromProgramId { get; set; }
    [BindProperty] public InputModel Input { get; set; } = new();

    public List<ProgrammeTemplateAccess.Owner> Owners { get; private set; } = [];
    public List<MentoringForm> Forms { get; private set; } = [];
    public string? OwnerLabel { get; private set; }
    public string? SourceNote { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        Owners = await ProgrammeTemplateAccess.OwnersAsync(db, ct);
        if (Id is { } id)
        {
            var t = await db.ProgrammeTemplates.AsNoTracking().Include(x => x.Items).FirstOrDefaultAsync(x => x.Id == id, ct);
            if (t is null) return NotFound();
            if (!ProgrammeTemplateAccess.CanWrite(db.Scope, t)) return OtherLevel(t.Id);
            Input = FromTemplate(t);
            Input.Version = t.Version;
            await LoadListsAsync(t, ct);
        }
        else if (CopyFrom is { } copyId)
        {
            var t = await db.ProgrammeTemplates.AsNoTracking().Include(x => x.Items).FirstOrDefaultAsync(x => x.Id == copyId, ct);
            if (t is null) return NotFound();
            Input = FromTemplate(t);
            Input.Title = Cut(t.Title + " (копия)", 300);
            Input.Owner = Owners.FirstOrDefault()?.Key;
            SourceNote = $"Копия шаблона «{t.Title}». Измените, что нужно, и сохраните на своём уровне.";
            await LoadListsAsync(null, ct);
        }
        else if (FromProgramId is { } programId)
        {
            var p = await db.MentoringPrograms.AsNoTracking().FirstOrDefaultAsync(x => x.Id == programId, ct);
            var m = p is null ? null : await db.Mentorships.AsNoTracking().Include(x => x.Form).FirstOrDefaultAsync(x => x.Id == p.MentorshipId, ct);
            if (p is null || m is null || !(await programmeAccess.ForAsync(m, ct)).Read) return NotFound();
            var owner = Owners.FirstOrDefault(o => o.Level == TemplateLevel.Organization && o.OrganizationId == p.OrganizationId);
            if (owner is null)
            {
                TempData["FlashError"] = "Сохранить программу как шаблон школы может куратор или руководитель этой школы.";
                return Redirect($"/programmes/card/{p.Id}");
            }
            var activities = await db.ProgramActivities.AsNoTracking().Where(a => a.ProgramId == p.Id).ToListAsync(ct);
            Input = new InputModel
            {
                Title = Cut($"{m.Form!.Name}: {p.Goal}", 300), FormId = m.FormId, Directions = [.. p.DirectionList], Goal = p.Goal, Tasks = p.Tasks,
                DurationMonths = Math.Clamp((int)Math.Round((p.EndDate.DayNumber - p.StartDate.DayNumber) / 30.4), 1, 12), Owner = owner.Key,
                Items = [.. ProgrammePlan.Of(p.StartDate, activities).Select(ItemInput.From)],
            };
            SourceNote = $"По программе №{p.Id}: перенесены цель, задачи, направления и план со сроками от начала программы. " +
                "Выявленные затруднения, отметки о выполнении, подтверждения, встречи и отчёты не переносятся. Уберите из текста имена и всё личное.";
            await LoadListsAsync(null, ct);
        }
        else
        {
            Input = new InputModel { DurationMonths = 9, Owner = Owners.FirstOrDefault()?.Key };
            await LoadListsAsync(null, ct);
        }
        Pad(BlankRows);
        return Page();
    }

    /// <summary>Posts the form back with more empty plan rows, saving nothing.</summary>
    public async Task<IActionResult> OnPostRowsAsync(CancellationToken ct)
    {
        ModelState.Clear();
        var (result, existing) = await LoadForPostAsync(ct);
        if (result is not null) return result;
        await LoadListsAsync(existing, ct);
        Input.Items.RemoveAll(i => i.IsBlank);
        Pad(BlankRows);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var (result, t) = await LoadForPostAsync(ct);
        if (result is not null) return result;
        await LoadListsAsync(t, ct);
        ProgrammeTemplateAccess.Owner? owner = null;
        if (t is null)
        {
            owner = Owners.FirstOrDefault(o => o.Key == Input.Owner);
            if (owner is null) ModelState.AddModelError("Input.Owner", "Выберите уровень шаблона из списка.");
        }
        if (Input.FormId is { } fid && Forms.All(f => f.Id != fid)) ModelState.AddModelError("Input.FormId", "Выберите форму наставничества из списка.");
        for (var i = 0; i < Input.Items.Count; i++)
        {
            var item = Input.Items[i];
            if (item.IsBlank) continue;
            if (string.IsNullOrWhiteSpace(item.Title)) ModelState.AddModelError($"Input.Items[{i}].Title", $"Строка {i + 1}: укажите мероприятие.");
            if (item.OffsetDays > MaxOffsetDays) ModelState.AddModelError($"Input.Items[{i}].Offset", $"Строка {i + 1}: срок от начала — не больше двух лет.");
        }
        if (!ModelState.IsValid)
        {
            Pad(Math.Max(0, BlankRows - Input.Items.Count(i => i.IsBlank)));
            return Page();
        }

        var now = clock.GetUtcNow().UtcDateTime;
        if (t is null)
        {
            t = new ProgrammeTemplate
            {
                RegionId = owner!.RegionId, MunicipalityId = owner.MunicipalityId, OrganizationId = owner.OrganizationId, Title = "", Goal = "",
                CreatedAt = now, CreatedBy = User.Identity?.Name,
            };
            db.ProgrammeTemplates.Add(t);
        }
        else
        {
            t.UpdatedAt = now;
            t.UpdatedBy = User.Identity?.Name;
            db.ProgrammeTemplateItems.RemoveRange(t.Items);
            t.Items.Clear();
        }
        t.Title = Input.Title!.Trim();
        t.FormId = Input.FormId!.Value;
        t.Directions = ProgrammePlan.JoinDirections(Input.Directions);
        t.Goal = Input.Goal!.Trim();
        t.Tasks = Clean(Input.Tasks);
        t.DurationMonths = Input.DurationMonths!.Value;
        var order = 0;
        foreach (var item in Input.Items.Where(i => !i.IsBlank).Select((x, n) => (x, n)).OrderBy(x => x.x.OffsetDays).ThenBy(x => x.n).Select(x => x.x))
            t.Items.Add(new ProgrammeTemplateItem
            {
                Title = item.Title!.Trim(), ExpectedResult = Clean(item.ExpectedResult), ResultForm = Clean(item.ResultForm), OffsetDays = item.OffsetDays, SortOrder = order++,
            });
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            ModelState.AddModelError("", "Шаблон только что изменил другой пользователь. Обновите страницу и повторите.");
            return Page();
        }
        audit.Add(Id is null ? AuditActions.Create : AuditActions.Update, "programme-template", t.Id.ToString(System.Globalization.CultureInfo.InvariantCulture),
            FromProgramId is { } pid ? $"{t.Title} (по программе №{pid})" : t.Title, t.OrganizationId);
        await db.SaveChangesAsync(ct);
        TempData["Flash"] = $"Шаблон «{t.Title}» сохранён.";
        return Redirect($"/programmes/templates/card/{t.Id}");
    }

    private RedirectResult OtherLevel(int id)
    {
        TempData["FlashError"] = "Этот шаблон ведёт другой уровень. Создайте копию на своём уровне и работайте с ней.";
        return Redirect($"/programmes/templates/card/{id}");
    }

    /// <summary>The template being edited (tracked, with items), or null for a new one; an action result when the page cannot go on.</summary>
    private async Task<(IActionResult? Result, ProgrammeTemplate? Existing)> LoadForPostAsync(CancellationToken ct)
    {
        Owners = await ProgrammeTemplateAccess.OwnersAsync(db, ct);
        if (Id is not { } id) return (null, null);
        var t = await db.ProgrammeTemplates.Include(x => x.Items).FirstOrDefaultAsync(x => x.Id == id, ct);
        if (t is null) return (NotFound(), null);
        if (!ProgrammeTemplateAccess.CanWrite(db.Scope, t)) return (OtherLevel(t.Id), null);
        if (t.Version != Input.Version)
        {
            ModelState.AddModelError("", "Шаблон только что изменил другой пользователь. Обновите страницу и повторите.");
        }
        return (null, t);
    }

    /// <summary>Forms to choose from: those in force at the template's level (a region's own forms replace the defaults).</summary>
    private async Task LoadListsAsync(ProgrammeTemplate? existing, CancellationToken ct)
    {
        List<int?> regions = existing is not null ? [existing.RegionId] : [.. Owners.Select(o => o.RegionId).Distinct()];
        var forms = new List<MentoringForm>();
        foreach (var r in regions)
            forms.AddRange(r is { } rid ? await mentorships.FormsAsync(rid, ct)
                : await db.MentoringForms.AsNoTracking().Where(f => f.RegionId == null && !f.IsArchived).OrderBy(f => f.SortOrder).ToListAsync(ct));
        if (existing is not null && forms.All(f => f.Id != existing.FormId))
            forms.AddRange(await db.MentoringForms.IgnoreQueryFilters().AsNoTracking().Where(f => f.Id == existing.FormId).ToListAsync(ct));
        Forms = [.. forms.DistinctBy(f => f.Id)];
        if (existing is not null) OwnerLabel = (await ProgrammeTemplateAccess.OwnerLabelsAsync(db, [existing], ct))[existing.Id];
    }

    private static InputModel FromTemplate(ProgrammeTemplate t) => new()
    {
        Title = t.Title, FormId = t.FormId, Directions = [.. t.DirectionList], Goal = t.Goal, Tasks = t.Tasks, DurationMonths = t.DurationMonths,
        Items = [.. ProgrammePlan.Of(t.Items).Select(ItemInput.From)],
    };

    private void Pad(int n)
    {
        for (var i = 0; i < n; i++) Input.Items.Add(new ItemInput());
    }

    private static string? Clean(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();

    private static string Cut(string s, int max) => s.Length <= max ? s : s[..(max - 1)] + "…";
}
