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
/// Corrects a recorded meeting (kind, date, format, attendance, notes) or deletes it. The curator, the head and the
/// pair's mentor correct any meeting of the pair; a mentee the meetings they recorded themselves.
/// </summary>
[Authorize(Policy = Permissions.ProgrammesWrite)]
public sealed class MeetingModel(AppDbContext db, ProgrammeService service, ProgrammeAccess access, AuditLog audit) : ProgrammeEntryPage(db, access)
{
    public sealed class InputModel
    {
        [Display(Name = "Вид встречи")] public MeetingKind Kind { get; set; }
        [Display(Name = "Дата"), Required(ErrorMessage = "Укажите дату встречи.")] public DateOnly? HeldOn { get; set; }
        [Display(Name = "Время")] public TimeOnly? StartsAt { get; set; }
        [Display(Name = "Онлайн")] public bool Online { get; set; }
        [Display(Name = "Ссылка на встречу онлайн"), StringLength(500)] public string? Link { get; set; }
        [Display(Name = "Заметки"), StringLength(2000)] public string? Notes { get; set; }
        public List<int> Present { get; set; } = [];
        public Guid Version { get; set; }
    }

    [BindProperty] public InputModel Input { get; set; } = new();
    public Meeting Mt { get; private set; } = null!;
    public List<ProgrammeService.Person> People { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (await LoadAsync(ct) is { } r) return r;
        Fill();
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (await LoadAsync(ct) is { } r) return r;
        if (Input.Online && !CardModel.IsLink(Input.Link)) ModelState.AddModelError("Input.Link", "Для встречи онлайн укажите ссылку (https://…).");
        if (Input.HeldOn is { } heldOn && heldOn != Mt.HeldOn && Programme.MeetingDateError(heldOn) is { } dateError) ModelState.AddModelError("Input.HeldOn", dateError);
        if (!Enum.IsDefined(Input.Kind)) ModelState.AddModelError("Input.Kind", "Выберите вид встречи из списка.");
        if (!ModelState.IsValid) return Page();
        var mt = await Db.Meetings.Include(x => x.Attendance).FirstAsync(x => x.Id == Id, ct);
        Db.Entry(mt).Property(x => x.Version).OriginalValue = Input.Version;
        (mt.Kind, mt.HeldOn, mt.StartsAt, mt.Online) = (Input.Kind, Input.HeldOn!.Value, Input.StartsAt, Input.Online);
        mt.Link = Input.Online ? Clean(Input.Link) : null;
        mt.Notes = Clean(Input.Notes);
        foreach (var person in People)
        {
            var row = mt.Attendance.FirstOrDefault(x => x.PersonId == person.PersonId);
            if (row is null) mt.Attendance.Add(row = new MeetingAttendance { PersonId = person.PersonId });
            row.Present = Input.Present.Contains(person.PersonId);
        }
        // Attendance alone is a change of the meeting too: its version moves, so a form opened in parallel is refused.
        Db.Entry(mt).State = EntityState.Modified;
        audit.Add("programme.meeting-updated", "programme", ProgrammeService.Id(mt.ProgramId), $"встреча №{mt.Id}", OrganizationId);
        if (await SaveAsync(Stale, ct) is { } error) return error;
        TempData["Flash"] = $"Встреча ({Formats.Name(mt.Kind)}) {Formats.Date(mt.HeldOn)} исправлена.";
        return Redirect($"/programmes/card/{mt.ProgramId}#meetings");
    }

    public async Task<IActionResult> OnPostDeleteAsync(Guid version, CancellationToken ct)
    {
        ModelState.Clear();
        if (await LoadAsync(ct) is { } r) return r;
        Fill();
        var mt = await Db.Meetings.FirstAsync(x => x.Id == Id, ct);
        Db.Entry(mt).Property(x => x.Version).OriginalValue = version;
        Db.Meetings.Remove(mt);
        audit.Add("programme.meeting-deleted", "programme", ProgrammeService.Id(mt.ProgramId), $"встреча №{mt.Id} ({Formats.Name(mt.Kind)}, {Formats.Date(mt.HeldOn)})", OrganizationId);
        if (await SaveAsync(Stale, ct) is { } error) return error;
        TempData["Flash"] = $"Встреча {Formats.Date(mt.HeldOn)} удалена.";
        return Redirect($"/programmes/card/{mt.ProgramId}#meetings");
    }

    private void Fill() => Input = new InputModel
    {
        Kind = Mt.Kind, HeldOn = Mt.HeldOn, StartsAt = Mt.StartsAt, Online = Mt.Online, Link = Mt.Link, Notes = Mt.Notes,
        Present = [.. Mt.Attendance.Where(x => x.Present).Select(x => x.PersonId)], Version = Mt.Version,
    };

    private async Task<IActionResult?> LoadAsync(CancellationToken ct)
    {
        var mt = await Db.Meetings.AsNoTracking().Include(x => x.Attendance).FirstOrDefaultAsync(x => x.Id == Id, ct);
        if (mt is null) return NotFound();
        // A mentee corrects only the meetings they recorded themselves.
        if (await OpenProgrammeAsync(mt.ProgramId, a => a.EditProgramme || (a.PersonId is { } me && mt.RecordedByPersonId == me), ct) is { } answer) return answer;
        Mt = mt;
        People = (await service.PeopleAsync([Mentorship.Id], ct)).GetValueOrDefault(Mentorship.Id, []);
        return null;
    }

    private const string Stale = "Встречу только что изменил другой пользователь. Обновите страницу и повторите.";
}
