using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Nastavnik.Data;
using Nastavnik.Features.Mentorships;
using Nastavnik.Platform.Audit;
using Nastavnik.Platform.Auth;
using Nastavnik.Platform.Web;

namespace Nastavnik.Features.Programmes;

/// <summary>
/// One programme: goal, difficulties, directions, the plan with done marks, meetings with attendance, reports and the
/// early warnings. Staff of the scope and the pair's own mentor and mentee open it; anyone else gets 404. The plan
/// is edited by whoever may edit the programme (curator, head, mentor); marks and meetings by any participant too.
/// </summary>
[Authorize(Policy = Permissions.ProgrammesRead)]
[RequestSizeLimit(EvidenceUpload.RequestLimit)]
[RequestFormLimits(MultipartBodyLengthLimit = EvidenceUpload.RequestLimit)]
public sealed class CardModel(AppDbContext db, ProgrammeService service, ProgrammeAccess access, AuditLog audit, ProgramRevisions revisions) : PageModel
{
    [BindProperty(SupportsGet = true)] public int Id { get; set; }

    public MentoringProgram P { get; private set; } = null!;
    public Mentorship M { get; private set; } = null!;
    public string OrganizationName { get; private set; } = "";
    public ProgrammeAccess.Result Access { get; private set; } = ProgrammeAccess.Result.None;
    public List<ProgrammeService.Person> People { get; private set; } = [];
    public List<ProgramActivity> Activities { get; private set; } = [];
    public sealed record FileLine(int Id, int ActivityId, string FileName, long Size, DateTime UploadedAt, string? By, string? ByUserId);
    /// <summary>Evidence files by activity (without their bytes).</summary>
    public ILookup<int, FileLine> Files { get; private set; } = Array.Empty<FileLine>().ToLookup(f => f.ActivityId);
    public List<Meeting> Meetings { get; private set; } = [];
    public List<ProgressReport> Reports { get; private set; } = [];
    public List<ProgrammeService.Warning> Warnings { get; private set; } = [];
    public ProgrammeSettings Settings { get; private set; } = new();
    public MeetingKind SuggestedKind { get; private set; }
    public ProgramRevision? PendingRevision { get; private set; }
    public int DecidedRevisions { get; private set; }
    public Completion? Completion { get; private set; }
    public int? PracticeId { get; private set; }
    public Practices.PracticeStatus? PracticeStatus { get; private set; }
    public DateOnly Today => service.Today;
    public string? PeriodWarning => MentoringProgram.PeriodWarning(P.StartDate, P.EndDate);

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) => await LoadAsync(ct) ? Page() : NotFound();

    public async Task<IActionResult> OnGetDocxAsync(CancellationToken ct)
    {
        if (!await LoadAsync(ct)) return NotFound();
        var form = await db.MentoringForms.AsNoTracking().Where(f => f.Id == M.FormId).Select(f => f.Name).FirstAsync(ct);
        var kind = await db.MentoringKinds.AsNoTracking().Where(f => f.Id == M.KindId).Select(f => f.Name).FirstAsync(ct);
        var applied = await db.ProgramRevisions.AsNoTracking().Include(r => r.Items).Where(r => r.ProgramId == P.Id && r.Status == RevisionStatus.Applied).OrderBy(r => r.DecidedAt).ToListAsync(ct);
        var lines = new List<(DateOnly, string)>();
        foreach (var r in applied) lines.Add((DateOnly.FromDateTime(r.DecidedAt!.Value.ToLocalTime()), string.Join("; ", await revisions.DescribeAsync(r, ct)) + $" (причина: {r.Reason})"));
        var final = Meetings.Where(x => x.Kind == MeetingKind.Final).Select(x => (DateOnly?)x.HeldOn).Max();
        var bytes = ProgrammeDocx.Build(new ProgrammeDocx.Data(OrganizationName, form, kind, P, People, Activities, Completion, lines, final,
            Files.SelectMany(g => g).ToLookup(f => f.ActivityId, f => f.FileName)));
        return File(bytes, "application/vnd.openxmlformats-officedocument.wordprocessingml.document", $"programma-nastavnichestva-{P.Id}.docx");
    }

    public async Task<IActionResult> OnPostActivityAsync(string? title, DateOnly? dueOn, string? expectedResult, string? resultForm, CancellationToken ct)
    {
        if (!await LoadAsync(ct)) return NotFound();
        if (!Access.EditProgramme) return Forbid();
        if (Access.Closed) return Closed();
        if (string.IsNullOrWhiteSpace(title) || dueOn is null)
        {
            ModelState.AddModelError("", "Укажите мероприятие и срок.");
            return Page();
        }
        if (P.DueError(dueOn.Value) is { } dueError)
        {
            ModelState.AddModelError("", dueError);
            return Page();
        }
        db.ProgramActivities.Add(new ProgramActivity
        {
            ProgramId = P.Id, Title = Cut(title, 1000)!, DueOn = dueOn.Value, ExpectedResult = Cut(expectedResult, 1000), ResultForm = Cut(resultForm, 300), Status = ActivityStatus.Planned,
        });
        await db.SaveChangesAsync(ct);
        TempData["Flash"] = "Мероприятие добавлено в план.";
        return Redirect($"/programmes/card/{Id}#plan");
    }

    /// <summary>
    /// A participant's mark on an activity: its status, a text or link, and optionally a file. A file that is refused
    /// leaves the whole mark unsaved, so nothing half-recorded is left behind. The done date and who marked it stay as
    /// they were when the status does not change (attaching evidence later does not move the date).
    /// </summary>
    public async Task<IActionResult> OnPostMarkAsync(int activityId, ActivityStatus status, string? evidence, IFormFile? file, CancellationToken ct)
    {
        if (!await LoadAsync(ct)) return NotFound();
        if (!Access.Participate) return Forbid();
        if (Access.Closed) return Closed();
        var a = await db.ProgramActivities.FirstOrDefaultAsync(x => x.Id == activityId && x.ProgramId == P.Id, ct);
        if (a is null) return NotFound();
        // A status the form does not offer would otherwise bind as «запланировано» and quietly undo a done mark.
        if (Invalid("status") || !Enum.IsDefined(status)) return BadInput("Выберите статус мероприятия из списка.");
        EvidenceUpload.Accepted? attached = null;
        if (file is { Length: > 0 } || !string.IsNullOrEmpty(file?.FileName))
        {
            (attached, var error) = await EvidenceUpload.ReadAsync(file, ct);
            if (attached is null)
            {
                ModelState.AddModelError("", $"Мероприятие «{a.Title}»: {char.ToLowerInvariant(error![0])}{error[1..]} Отметка не сохранена.");
                return Page();
            }
        }
        var who = Access.PersonId is { } pid ? People.FirstOrDefault(x => x.PersonId == pid)?.FullName : User.DisplayName();
        if (status != a.Status)
        {
            a.Status = status;
            if (status == ActivityStatus.Done) (a.DoneOn, a.DoneBy, a.DoneByRole) = (service.Today, who, Access.ActorLabel);
            else (a.DoneOn, a.DoneBy, a.DoneByRole) = (null, null, null);
        }
        a.Evidence = Cut(evidence, 1000) ?? a.Evidence;
        a.Version = Guid.NewGuid();
        if (attached is not null)
        {
            db.ProgramActivityFiles.Add(new ProgramActivityFile
            {
                ActivityId = a.Id, FileName = attached.FileName, ContentType = attached.ContentType, Content = attached.Content, Size = attached.Content.Length,
                UploadedAt = service.Now, UploadedBy = who, UploadedByUserId = User.FindFirstValue(ClaimTypes.NameIdentifier),
            });
        }
        audit.Add("programme.activity-marked", "programme", ProgrammeService.Id(P.Id),
            $"мероприятие №{a.Id}: {Formats.Name(a.Status)}" + (attached is null ? "" : $"; приложен файл ({attached.ContentType}, {attached.Content.Length} Б)"), P.OrganizationId);
        await db.SaveChangesAsync(ct);
        TempData["Flash"] = $"Мероприятие «{a.Title}»: {Formats.Name(a.Status)}" + (attached is null ? "." : $", файл «{attached.FileName}» приложен.");
        return Redirect($"/programmes/card/{Id}#plan");
    }

    /// <summary>Downloads an evidence file: whoever may read the programme; always as an attachment, never shown inline.</summary>
    public async Task<IActionResult> OnGetFileAsync(int fileId, CancellationToken ct)
    {
        if (!await LoadAsync(ct)) return NotFound();
        var activityIds = Activities.Select(a => a.Id).ToList();
        var f = await db.ProgramActivityFiles.AsNoTracking().FirstOrDefaultAsync(x => x.Id == fileId && activityIds.Contains(x.ActivityId), ct);
        if (f is null) return NotFound();
        // File names may carry a person's name: the log keeps the id only.
        audit.Add("programme.file-downloaded", "programme", ProgrammeService.Id(P.Id), $"файл №{f.Id} мероприятия №{f.ActivityId}", P.OrganizationId);
        await db.SaveChangesAsync(ct);
        return File(f.Content, f.ContentType, f.FileName);
    }

    /// <summary>Takes a file back: the one who attached it, or whoever may edit the programme, while the programme runs.</summary>
    public async Task<IActionResult> OnPostDeleteFileAsync(int fileId, CancellationToken ct)
    {
        if (!await LoadAsync(ct)) return NotFound();
        var line = Files.SelectMany(g => g).FirstOrDefault(x => x.Id == fileId);
        if (line is null) return NotFound();
        if (!CanDeleteFile(line)) return Forbid();
        if (Access.Closed) return Closed();
        await db.ProgramActivityFiles.Where(x => x.Id == fileId).ExecuteDeleteAsync(ct);
        audit.Add("programme.file-deleted", "programme", ProgrammeService.Id(P.Id), $"файл №{line.Id} мероприятия №{line.ActivityId}", P.OrganizationId);
        await db.SaveChangesAsync(ct);
        TempData["Flash"] = $"Файл «{line.FileName}» удалён.";
        return Redirect($"/programmes/card/{Id}#plan");
    }

    public bool CanDeleteFile(FileLine f) => !Access.Closed && (Access.EditProgramme || (f.ByUserId is not null && f.ByUserId == User.FindFirstValue(ClaimTypes.NameIdentifier)));

    public async Task<IActionResult> OnPostMeetingAsync(MeetingKind kind, DateOnly? heldOn, TimeOnly? startsAt, bool online, string? link, string? notes, List<int>? present,
        Guid? submissionKey, CancellationToken ct)
    {
        if (!await LoadAsync(ct)) return NotFound();
        if (!Access.Participate) return Forbid();
        if (Access.Closed) return Closed();
        if (Invalid("kind") || !Enum.IsDefined(kind)) return BadInput("Выберите вид встречи из списка.");
        if (Invalid("heldOn")) return BadInput("Дата встречи указана неверно: выберите её в календаре.");
        if (Invalid("startsAt")) return BadInput("Время встречи указано неверно: часы от 00 до 23, минуты от 00 до 59.");
        if (heldOn is null)
        {
            ModelState.AddModelError("", "Укажите дату встречи.");
            return Page();
        }
        if (P.MeetingDateError(heldOn.Value) is { } dateError) return BadInput(dateError);
        if (online && !IsLink(link))
        {
            ModelState.AddModelError("", "Для встречи онлайн укажите ссылку (https://…).");
            return Page();
        }
        var meeting = new Meeting { ProgramId = P.Id, Kind = kind, HeldOn = heldOn.Value, StartsAt = startsAt, Online = online, Link = online ? Cut(link, 500) : null, Notes = Cut(notes, 2000),
            RecordedByPersonId = Access.PersonId };
        meeting.Attendance.AddRange(People.Select(x => new MeetingAttendance { PersonId = x.PersonId, Present = present?.Contains(x.PersonId) == true }));
        // A double tap or Back + «Записать встречу» brings the form's one-time key again: the meeting is recorded once.
        if (submissionKey is { } key && await MeetingSubmittedAsync(key, ct)) return MeetingSaved(meeting, again: true);
        meeting.SubmissionKey = submissionKey;
        db.Meetings.Add(meeting);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // The parallel twin of this request won the unique key.
            if (submissionKey is { } won && await MeetingSubmittedAsync(won, ct)) return MeetingSaved(meeting, again: true);
            throw;
        }
        return MeetingSaved(meeting, again: false);
    }

    private Task<bool> MeetingSubmittedAsync(Guid key, CancellationToken ct) => db.Meetings.AsNoTracking().AnyAsync(x => x.ProgramId == P.Id && x.SubmissionKey == key, ct);

    private RedirectResult MeetingSaved(Meeting meeting, bool again)
    {
        TempData["Flash"] = again ? "Эта встреча уже записана — второй раз она не добавлена."
            : $"Встреча ({Formats.Name(meeting.Kind)}) {Formats.Date(meeting.HeldOn)} записана.";
        return Redirect($"/programmes/card/{Id}#meetings");
    }

    private bool Invalid(string field) => ModelState.GetFieldValidationState(field) == Microsoft.AspNetCore.Mvc.ModelBinding.ModelValidationState.Invalid;

    /// <summary>The page again with one message on top; the binder's own messages for the field are replaced by it.</summary>
    private PageResult BadInput(string message)
    {
        ModelState.Clear();
        ModelState.AddModelError("", message);
        return Page();
    }

    private PageResult Closed()
    {
        ModelState.AddModelError("", ProgrammeAccess.ClosedMessage);
        return Page();
    }

    /// <summary>May the current user correct or delete this meeting? Staff and the mentor any of the pair's; a mentee the ones they recorded.</summary>
    public bool CanEditMeeting(Meeting mt) => !Access.Closed && (Access.EditProgramme || (Access.PersonId is { } me && mt.RecordedByPersonId == me));

    /// <summary>A report is its author's own word: the author corrects it; the author or the curator deletes it.</summary>
    public bool CanEditReport(ProgressReport r) => !Access.Closed && (Access.PersonId == r.PersonId || Access.StaffWrite);

    public static bool IsLink(string? s) => Uri.TryCreate(s?.Trim(), UriKind.Absolute, out var u) && (u.Scheme == Uri.UriSchemeHttps || u.Scheme == Uri.UriSchemeHttp);

    private static string? Cut(string? s, int max) => string.IsNullOrWhiteSpace(s) ? null : s.Trim() is var t && t.Length > max ? t[..max] : s.Trim();

    private async Task<bool> LoadAsync(CancellationToken ct)
    {
        var p = await db.MentoringPrograms.AsNoTracking().FirstOrDefaultAsync(x => x.Id == Id, ct);
        if (p is null) return false;
        var m = await db.Mentorships.AsNoTracking().FirstOrDefaultAsync(x => x.Id == p.MentorshipId, ct);
        if (m is null) return false;
        Access = await access.ForAsync(m, ct);
        if (!Access.Read) return false;
        (P, M) = (p, m);
        OrganizationName = await db.Organizations.AsNoTracking().Where(o => o.Id == m.OrganizationId).Select(o => o.Name).FirstAsync(ct);
        People = (await service.PeopleAsync([m.Id], ct)).GetValueOrDefault(m.Id, []);
        Activities = await db.ProgramActivities.AsNoTracking().Where(a => a.ProgramId == p.Id).OrderBy(a => a.DueOn).ThenBy(a => a.Id).ToListAsync(ct);
        var activityIds = Activities.Select(a => a.Id).ToList();
        Files = (await db.ProgramActivityFiles.AsNoTracking().Where(f => activityIds.Contains(f.ActivityId)).OrderBy(f => f.Id)
            .Select(f => new FileLine(f.Id, f.ActivityId, f.FileName, f.Size, f.UploadedAt, f.UploadedBy, f.UploadedByUserId)).ToListAsync(ct)).ToLookup(f => f.ActivityId);
        Meetings = await db.Meetings.AsNoTracking().Include(x => x.Attendance).Where(a => a.ProgramId == p.Id).OrderBy(a => a.HeldOn).ThenBy(a => a.StartsAt).ToListAsync(ct);
        Reports = await db.ProgressReports.AsNoTracking().Where(a => a.ProgramId == p.Id).OrderByDescending(a => a.ReportedOn).ThenByDescending(a => a.Id).ToListAsync(ct);
        Settings = await service.SettingsAsync(m.OrganizationId, ct);
        SuggestedKind = Meeting.Suggest(Meetings.Select(x => x.Kind));
        PendingRevision = await db.ProgramRevisions.AsNoTracking().Include(r => r.Confirmations).FirstOrDefaultAsync(r => r.ProgramId == p.Id && r.Status == RevisionStatus.Pending, ct);
        DecidedRevisions = await db.ProgramRevisions.AsNoTracking().CountAsync(r => r.ProgramId == p.Id && r.Status != RevisionStatus.Pending, ct);
        Completion = await db.Completions.AsNoTracking().Include(c => c.MenteeResults).FirstOrDefaultAsync(c => c.ProgramId == p.Id, ct);
        var practice = await db.Practices.AsNoTracking().Where(x => x.SourceProgramId == p.Id).Select(x => new { x.Id, x.Status }).FirstOrDefaultAsync(ct);
        (PracticeId, PracticeStatus) = (practice?.Id, practice?.Status);
        Warnings = m.Status is MentorshipStatus.Approved or MentorshipStatus.Active
            ? ProgrammeService.Compute(p, People, Activities, [.. Meetings.Select(x => x.HeldOn)], Reports, Settings, service.Today) : [];
        return true;
    }
}
