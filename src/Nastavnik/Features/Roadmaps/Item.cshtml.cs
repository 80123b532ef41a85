using System.ComponentModel.DataAnnotations;
using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Nastavnik.Data;
using Nastavnik.Platform.Audit;
using Nastavnik.Platform.Auth;
using Nastavnik.Platform.Web;

namespace Nastavnik.Features.Roadmaps;

/// <summary>
/// One item: its plan (name, content, due, responsible, audience, result) while the plan may change, and its
/// execution (status, date done, evidence) at any time.
/// </summary>
[Authorize(Policy = Permissions.RoadmapsWrite)]
[RequestSizeLimit(EvidenceUpload.RequestLimit)]
[RequestFormLimits(MultipartBodyLengthLimit = EvidenceUpload.RequestLimit)]
public sealed class ItemModel(AppDbContext db, IAuthorizationService auth, AuditLog audit, TimeProvider clock) : PageModel
{
    public sealed class InputModel
    {
        [Display(Name = "Этап")]
        public int? StageId { get; set; }
        [Display(Name = "Номер"), StringLength(20)]
        public string? Number { get; set; }
        [Display(Name = "Мероприятие"), Required, StringLength(2000)]
        public string? Name { get; set; }
        [Display(Name = "Содержание деятельности"), StringLength(8000)]
        public string? Content { get; set; }
        [Display(Name = "Сроки"), StringLength(500)]
        public string? DueText { get; set; }
        [Display(Name = "Ответственные"), StringLength(2000)]
        public string? Responsible { get; set; }
        [Display(Name = "Целевая аудитория"), StringLength(1000)]
        public string? Audience { get; set; }
        [Display(Name = "Ожидаемый результат (форма представления)"), StringLength(2000)]
        public string? ExpectedResult { get; set; }
        public Guid? Version { get; set; }
    }

    public sealed class ProgressModel
    {
        [Display(Name = "Состояние"), Required]
        public RoadmapItemStatus? Status { get; set; }
        [Display(Name = "Дата выполнения")]
        public DateOnly? DoneAt { get; set; }
        [Display(Name = "Что сделано (подтверждение)"), StringLength(2000)]
        public string? EvidenceNote { get; set; }
        [Display(Name = "Ссылка на подтверждение"), Url(ErrorMessage = "Укажите ссылку целиком, начиная с https://"), StringLength(500)]
        public string? EvidenceLink { get; set; }
        /// <summary>The «Выполнено» button of the roadmap table: today, back to the table.</summary>
        public bool Quick { get; set; }
        public Guid? Version { get; set; }
    }

    public sealed record Option(int Id, string Name);

    [BindProperty(SupportsGet = true)] public int? Id { get; set; }
    [BindProperty(SupportsGet = true, Name = "roadmap")] public int? RoadmapId { get; set; }
    [BindProperty(SupportsGet = true, Name = "stage")] public int? StageQuery { get; set; }
    [BindProperty] public InputModel Input { get; set; } = new();
    [BindProperty] public ProgressModel Progress { get; set; } = new();

    public Roadmap Roadmap { get; private set; } = null!;
    public RoadmapItem? Item { get; private set; }
    public Due? Due { get; private set; }
    public List<Option> Stages { get; private set; } = [];
    public DateOnly Today { get; private set; }
    public List<(int Id, string FileName, DateTime UploadedAt, string? By)> Files { get; private set; } = [];

    /// <summary>Attaches a confirming file (the plan may be locked for approval: evidence is always welcome).</summary>
    public async Task<IActionResult> OnPostUploadAsync(IFormFile? file)
    {
        if (await Load() is { } fail) return fail;
        if (Item is null) return NotFound();
        var (accepted, error) = await EvidenceUpload.ReadAsync(file);
        if (accepted is null)
        {
            TempData["FlashError"] = error;
            return Redirect($"/roadmaps/item/{Item.Id}");
        }
        var name = accepted.FileName;
        db.RoadmapEvidenceFiles.Add(new RoadmapEvidenceFile
        {
            RoadmapItemId = Item.Id, FileName = name, Content = accepted.Content, ContentType = accepted.ContentType,
            UploadedAt = clock.GetUtcNow().UtcDateTime, UploadedBy = User.Identity?.Name,
        });
        audit.Add(AuditActions.Update, "roadmap-item", Item.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), "приложен файл", Roadmap.OrganizationId);
        await db.SaveChangesAsync();
        TempData["Flash"] = $"Файл «{name}» приложен к мероприятию.";
        return Redirect($"/roadmaps/item/{Item.Id}");
    }

    public async Task<IActionResult> OnGetFileAsync(int fileId)
    {
        if (await Load() is { } fail) return fail;
        if (Item is null) return NotFound();
        var f = await db.RoadmapEvidenceFiles.AsNoTracking().FirstOrDefaultAsync(x => x.Id == fileId && x.RoadmapItemId == Item.Id);
        return f is null ? NotFound() : File(f.Content, f.ContentType, f.FileName);
    }

    public async Task<IActionResult> OnGetAsync()
    {
        if (await Load() is { } fail) return fail;
        if (Item is null)
        {
            if (!Roadmap.PlanEditable) return Redirect($"/roadmaps/view/{Roadmap.Id}");
            Input.StageId = StageQuery is { } sq && Roadmap.Stages.Any(s => s.Id == sq) ? sq : Roadmap.Stages.OrderBy(s => s.Order).LastOrDefault()?.Id;
            return Page();
        }
        FillInput(Item);
        FillProgress(Item);
        return Page();
    }

    // Both forms live on one page; when one comes back with errors the other shows what is stored.
    private void FillInput(RoadmapItem i) => Input = new InputModel
    {
        StageId = i.StageId, Number = i.Number, Name = i.Name, Content = i.Content, DueText = i.DueText, Responsible = i.Responsible,
        Audience = i.Audience, ExpectedResult = i.ExpectedResult, Version = i.Version,
    };

    private void FillProgress(RoadmapItem i) =>
        Progress = new ProgressModel { Status = i.Status, DoneAt = i.DoneAt, EvidenceNote = i.EvidenceNote, EvidenceLink = i.EvidenceLink, Version = i.Version };

    public async Task<IActionResult> OnPostAsync()
    {
        if (await Load() is { } fail) return fail;
        RoadmapWeb.ValidateOnly(ModelState, "Input");
        var r = Roadmap;
        if (!r.PlanEditable) ModelState.AddModelError("", EditModel.PlanLockedMessage(r) + " Отметки о выполнении ставятся ниже.");
        if (Input.StageId is { } sid && r.Stages.All(s => s.Id != sid)) ModelState.AddModelError("Input.StageId", "Выберите этап из списка.");
        if (Item is not null) FillProgress(Item);
        if (!ModelState.IsValid) return Page();
        var creating = Item is null;
        var item = Item;
        if (item is null)
        {
            item = new RoadmapItem { Name = "", Order = r.Items.Count == 0 ? 1 : r.Items.Max(x => x.Order) + 1 };
            r.Items.Add(item);
        }
        else
        {
            db.Entry(item).Property(x => x.Version).OriginalValue = Input.Version ?? Guid.Empty;
        }
        item.StageId = Input.StageId;
        item.Name = Input.Name!.Trim();
        item.Content = RoadmapWeb.Clean(Input.Content);
        item.Responsible = RoadmapWeb.Clean(Input.Responsible);
        item.Audience = RoadmapWeb.Clean(Input.Audience);
        item.ExpectedResult = RoadmapWeb.Clean(Input.ExpectedResult);
        item.Number = RoadmapWeb.Clean(Input.Number)?.TrimEnd('.') ?? (creating ? NextNumber(r, Input.StageId) : null);
        var due = item.SetDue(Input.DueText?.Trim() ?? "", r.DueContext);
        try
        {
            await db.SaveChangesAsync();
            await audit.WriteAsync(creating ? AuditActions.Create : AuditActions.Update, "roadmap-item", item.Id.ToString(CultureInfo.InvariantCulture), "roadmap " + r.Id, r.OrganizationId);
        }
        catch (DbUpdateConcurrencyException)
        {
            ModelState.AddModelError("", "Пока вы редактировали, мероприятие изменил другой пользователь. Обновите страницу и внесите изменения ещё раз.");
            return Page();
        }
        TempData["Flash"] = (creating ? "Мероприятие добавлено." : "Мероприятие сохранено.") + (due.IsParsed ? "" : " Срок не распознан: проверьте его формулировку.");
        return Redirect($"/roadmaps/view/{r.Id}#item-{item.Id}");
    }

    public async Task<IActionResult> OnPostProgressAsync()
    {
        if (await Load() is { } fail) return fail;
        if (Item is null) return NotFound();
        RoadmapWeb.ValidateOnly(ModelState, "Progress");
        Today = RoadmapWeb.Today(clock);
        var p = Progress;
        if (p.Status == RoadmapItemStatus.Done)
        {
            p.DoneAt ??= Today;
            if (p.DoneAt > Today) ModelState.AddModelError("Progress.DoneAt", "Дата выполнения не может быть позже сегодняшней.");
            if (p.DoneAt < Roadmap.PeriodStart.AddYears(-1)) ModelState.AddModelError("Progress.DoneAt", "Дата выполнения намного раньше начала дорожной карты: проверьте год.");
        }
        if (!ModelState.IsValid)
        {
            FillInput(Item);
            if (p.Quick)
            {
                TempData["FlashError"] = "Отметка не сохранена: " + string.Join(" ", ModelState.Values.SelectMany(v => v.Errors).Select(e => e.ErrorMessage));
                return Redirect($"/roadmaps/view/{Roadmap.Id}");
            }
            return Page();
        }
        var i = Item;
        db.Entry(i).Property(x => x.Version).OriginalValue = p.Version ?? Guid.Empty;
        i.Status = p.Status!.Value;
        i.DoneAt = i.Status == RoadmapItemStatus.Done ? p.DoneAt : null;
        if (!p.Quick)
        {
            i.EvidenceNote = RoadmapWeb.Clean(p.EvidenceNote);
            i.EvidenceLink = RoadmapWeb.Clean(p.EvidenceLink);
        }
        try
        {
            audit.Add(AuditActions.Update, "roadmap-item", i.Id.ToString(CultureInfo.InvariantCulture), "исполнение: " + i.Status, Roadmap.OrganizationId);
            await db.SaveChangesAsync();
        }
        catch (DbUpdateConcurrencyException)
        {
            const string message = "Мероприятие только что изменил другой пользователь. Обновите страницу и отметьте ещё раз.";
            if (p.Quick)
            {
                TempData["FlashError"] = message;
                return Redirect($"/roadmaps/view/{Roadmap.Id}");
            }
            ModelState.AddModelError("", message);
            FillInput(i);
            return Page();
        }
        TempData["Flash"] = $"«{Short(i.Name)}»: {Formats.Name(i.Status).ToLowerInvariant()}" + (i.DoneAt is { } d ? " " + Formats.Date(d) : "") + ".";
        return Redirect($"/roadmaps/view/{Roadmap.Id}#item-{i.Id}");
    }

    public async Task<IActionResult> OnPostDeleteAsync(Guid version)
    {
        if (await Load() is { } fail) return fail;
        if (Item is null) return NotFound();
        if (!Roadmap.PlanEditable)
        {
            TempData["FlashError"] = EditModel.PlanLockedMessage(Roadmap);
            return Redirect($"/roadmaps/view/{Roadmap.Id}");
        }
        db.Entry(Item).Property(x => x.Version).OriginalValue = version;
        db.RoadmapItems.Remove(Item);
        try
        {
            audit.Add(AuditActions.Delete, "roadmap-item", Item.Id.ToString(CultureInfo.InvariantCulture), "roadmap " + Roadmap.Id, Roadmap.OrganizationId);
            await db.SaveChangesAsync();
        }
        catch (DbUpdateConcurrencyException)
        {
            TempData["FlashError"] = "Мероприятие только что изменил другой пользователь. Проверьте его и повторите.";
            return Redirect($"/roadmaps/item/{Item.Id}");
        }
        TempData["Flash"] = $"Мероприятие «{Short(Item.Name)}» удалено.";
        return Redirect($"/roadmaps/view/{Roadmap.Id}");
    }

    private static string Short(string s) => s.Length > 80 ? s[..80] + "…" : s;

    private static string? NextNumber(Roadmap r, int? stageId)
    {
        var stage = r.Stages.FirstOrDefault(s => s.Id == stageId);
        var count = r.Items.Count(i => i.StageId == stageId && i.Id != 0) + 1;
        return stage?.Number is { Length: > 0 } n ? $"{n}.{count}" : count.ToString(CultureInfo.InvariantCulture);
    }

    private async Task<IActionResult?> Load()
    {
        int roadmapId;
        if (Id is { } id)
        {
            var found = await db.RoadmapItems.AsNoTracking().Where(i => i.Id == id).Select(i => (int?)i.RoadmapId).FirstOrDefaultAsync();
            if (found is null) return NotFound();
            roadmapId = found.Value;
        }
        else if (RoadmapId is { } rid) roadmapId = rid;
        else return NotFound();
        var r = await RoadmapWeb.LoadAsync(db, roadmapId);
        if (r is null || !await RoadmapWeb.CanAsync(auth, User, r, Permissions.RoadmapsWrite)) return NotFound();
        Roadmap = r;
        RoadmapId = r.Id;
        Item = Id is null ? null : r.Items.First(i => i.Id == Id);
        Today = RoadmapWeb.Today(clock);
        if (Item is not null) Due = Due.Parse(Item.DueText, r.DueContext);
        Stages = r.Stages.OrderBy(s => s.Order).ThenBy(s => s.Id).Select(s => new Option(s.Id, RoadmapDocuments.StageTitle(s))).ToList();
        if (Item is not null)
            Files = (await db.RoadmapEvidenceFiles.AsNoTracking().Where(f => f.RoadmapItemId == Item.Id).OrderBy(f => f.Id)
                .Select(f => new { f.Id, f.FileName, f.UploadedAt, f.UploadedBy }).ToListAsync()).Select(f => (f.Id, f.FileName, f.UploadedAt, f.UploadedBy)).ToList();
        return null;
    }
}
