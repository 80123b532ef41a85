using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Nastavnik.Data;
using Nastavnik.Features.Notifications;
using Nastavnik.Features.Programmes;
using Nastavnik.Platform.Audit;
using Nastavnik.Platform.Auth;

namespace Nastavnik.Features.Practices;

/// <summary>
/// The curator proposes a completed programme to the practice library (?programId=), or sends a returned practice
/// again (?id=). The draft comes with the participants' names already replaced by their roles; what is sent is
/// checked again, so a name typed back in is refused.
/// </summary>
[Authorize(Policy = Permissions.PracticesPropose)]
public sealed class ProposeModel(AppDbContext db, PracticeService practices, AuditLog audit, Notifier notifier, TimeProvider clock) : PageModel
{
    public sealed class ItemInput
    {
        [StringLength(1000)] public string? Title { get; set; }
        [StringLength(1000)] public string? ExpectedResult { get; set; }
        [StringLength(300)] public string? ResultForm { get; set; }
        [Range(0, 3650, ErrorMessage = "Срок от начала — от 0 до 3650 дней.")] public int? OffsetDays { get; set; }
        public bool Remove { get; set; }
    }

    public sealed class InputModel
    {
        [Display(Name = "Название практики"), Required(ErrorMessage = "Укажите название практики."), StringLength(300)] public string? Title { get; set; }
        [Display(Name = "Краткое описание"), Required(ErrorMessage = "Опишите практику."), StringLength(4000)] public string? Summary { get; set; }
        [Display(Name = "Цель"), Required(ErrorMessage = "Укажите цель."), StringLength(2000)] public string? Goal { get; set; }
        [Display(Name = "Задачи"), StringLength(4000)] public string? Tasks { get; set; }
        [Display(Name = "Результаты"), StringLength(4000)] public string? Results { get; set; }
        [Display(Name = "Направления")] public List<ProgramDirection> Directions { get; set; } = [];
        public List<ItemInput> Items { get; set; } = [];
        public Guid Version { get; set; }
    }

    [BindProperty(SupportsGet = true)] public int? ProgramId { get; set; }
    [BindProperty(SupportsGet = true)] public int? Id { get; set; }
    [BindProperty] public InputModel Input { get; set; } = new();
    public string FormName { get; private set; } = "";
    public string KindName { get; private set; } = "";
    public int DurationDays { get; private set; }
    public Practice? Existing { get; private set; }
    private PracticeService.Source? _source;

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (await LoadAsync(ct) is { } r) return r;
        var draft = Existing ?? PracticeService.Draft(_source!, FormName);
        Input = new InputModel
        {
            Title = draft.Title, Summary = draft.Summary, Goal = draft.Goal, Tasks = draft.Tasks, Results = draft.Results, Directions = [.. draft.DirectionList], Version = draft.Version,
            Items = [.. draft.Items.OrderBy(i => i.SortOrder).Select(i => new ItemInput { Title = i.Title, ExpectedResult = i.ExpectedResult, ResultForm = i.ResultForm, OffsetDays = i.OffsetDays })],
        };
        Input.Items.Add(new ItemInput());
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (await LoadAsync(ct) is { } r) return r;
        var items = Input.Items.Where(i => !i.Remove && !string.IsNullOrWhiteSpace(i.Title)).ToList();
        if (items.Count == 0) ModelState.AddModelError("", "В практике должно остаться хотя бы одно мероприятие плана.");
        if (items.Any(i => i.OffsetDays is null)) ModelState.AddModelError("", "Для каждого мероприятия укажите срок — сколько дней от начала программы.");
        var names = Existing is null ? _source!.Names : await NamesOfSourceAsync(Existing, ct);
        var found = new[] { Input.Title, Input.Summary, Input.Goal, Input.Tasks, Input.Results }.Concat(items.SelectMany(i => new[] { i.Title, i.ExpectedResult, i.ResultForm }))
            .SelectMany(t => NameScrubber.Find(t, names)).Distinct().ToList();
        if (found.Count > 0)
            ModelState.AddModelError("", $"В банке практик не должно быть персональных данных: уберите имена участников ({string.Join(", ", found.Select(w => $"«{w}»"))}).");
        if (!ModelState.IsValid) return Page();

        var now = clock.GetUtcNow().UtcDateTime;
        Practice practice;
        if (Existing is null)
        {
            var s = _source!;
            practice = new Practice
            {
                OrganizationId = s.Programme.OrganizationId, MunicipalityId = s.Programme.MunicipalityId, RegionId = s.Programme.RegionId, SourceProgramId = s.Programme.Id,
                FormId = s.Mentorship.FormId, KindId = s.Mentorship.KindId, DurationDays = DurationDays, Title = "", Summary = "", Goal = "",
            };
            db.Practices.Add(practice);
        }
        else
        {
            practice = await db.Practices.Include(x => x.Items).FirstAsync(x => x.Id == Existing.Id, ct);
            db.Entry(practice).Property(x => x.Version).OriginalValue = Input.Version;
            db.PracticeItems.RemoveRange(practice.Items);
            practice.Items.Clear();
        }
        (practice.Title, practice.Summary, practice.Goal) = (Input.Title!.Trim(), Input.Summary!.Trim(), Input.Goal!.Trim());
        (practice.Tasks, practice.Results) = (Clean(Input.Tasks), Clean(Input.Results));
        practice.Directions = string.Join(",", Input.Directions.Distinct().Order());
        (practice.Status, practice.ProposedAt, practice.ProposedBy, practice.DecidedAt, practice.DecidedBy) = (PracticeStatus.Proposed, now, User.Identity?.Name, null, null);
        var n = 0;
        foreach (var i in items.OrderBy(i => i.OffsetDays))
            practice.Items.Add(new PracticeItem { SortOrder = ++n, Title = i.Title!.Trim(), ExpectedResult = Clean(i.ExpectedResult), ResultForm = Clean(i.ResultForm), OffsetDays = i.OffsetDays!.Value });
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            ModelState.AddModelError("", "Практику только что изменили. Обновите страницу и повторите.");
            return Page();
        }
        catch (DbUpdateException) when (Existing is null)
        {
            db.ChangeTracker.Clear();
            ModelState.AddModelError("", "Эта программа уже предложена в банк практик.");
            return Page();
        }
        audit.Add(Existing is null ? "practice.proposed" : "practice.resubmitted", "practice", practice.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), null, practice.OrganizationId);
        await notifier.ToRolesAsync([Role.MunicipalCoordinator], practice.MunicipalityId, null, $"В банк практик предложена практика «{practice.Title}»: рассмотрите и опубликуйте или верните.", $"/practices/view/{practice.Id}", ct);
        await db.SaveChangesAsync(ct);
        TempData["Flash"] = "Практика отправлена координатору на рассмотрение.";
        return Redirect($"/practices/view/{practice.Id}");
    }

    private async Task<List<NameScrubber.Name>> NamesOfSourceAsync(Practice p, CancellationToken ct)
    {
        if (p.SourceProgramId is not { } pid) return [];
        var mentorshipId = await db.MentoringPrograms.AsNoTracking().Where(x => x.Id == pid).Select(x => (int?)x.MentorshipId).FirstOrDefaultAsync(ct);
        var m = mentorshipId is null ? null : await db.Mentorships.AsNoTracking().Include(x => x.Participants).ThenInclude(x => x.Person).FirstOrDefaultAsync(x => x.Id == mentorshipId, ct);
        return m is null ? [] : PracticeService.Names(m);
    }

    private async Task<IActionResult?> LoadAsync(CancellationToken ct)
    {
        int formId, kindId;
        if (Id is { } id)
        {
            var existing = await db.Practices.AsNoTracking().Include(x => x.Items).FirstOrDefaultAsync(x => x.Id == id, ct);
            if (existing is null || !practices.SeesUnpublished(existing)) return NotFound();
            if (!practices.CanPropose(existing.RegionId, existing.MunicipalityId, existing.OrganizationId)) return Forbid();
            if (existing.Status != PracticeStatus.Returned)
            {
                TempData["FlashError"] = "Исправить можно практику, возвращённую на доработку.";
                return Redirect($"/practices/view/{existing.Id}");
            }
            (Existing, formId, kindId, DurationDays) = (existing, existing.FormId, existing.KindId, existing.DurationDays);
        }
        else if (ProgramId is { } programId)
        {
            var (source, error) = await practices.SourceAsync(programId, ct);
            if (source is null && error is null) return NotFound();
            var p = source?.Programme ?? await db.MentoringPrograms.AsNoTracking().FirstAsync(x => x.Id == programId, ct);
            if (!practices.CanPropose(p.RegionId, p.MunicipalityId, p.OrganizationId)) return Forbid();
            if (error is not null)
            {
                TempData["FlashError"] = error;
                return Redirect($"/programmes/card/{programId}");
            }
            var already = await db.Practices.AsNoTracking().Where(x => x.SourceProgramId == programId).Select(x => (int?)x.Id).FirstOrDefaultAsync(ct);
            if (already is { } practiceId) return Redirect($"/practices/view/{practiceId}");
            _source = source;
            (formId, kindId, DurationDays) = (source!.Mentorship.FormId, source.Mentorship.KindId, source.Programme.EndDate.DayNumber - source.Programme.StartDate.DayNumber);
        }
        else return NotFound();
        FormName = await db.MentoringForms.AsNoTracking().Where(f => f.Id == formId).Select(f => f.Name).FirstAsync(ct);
        KindName = await db.MentoringKinds.AsNoTracking().Where(f => f.Id == kindId).Select(f => f.Name).FirstAsync(ct);
        return null;
    }

    private static string? Clean(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();
}
