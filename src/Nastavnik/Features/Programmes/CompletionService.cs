using Microsoft.EntityFrameworkCore;
using Nastavnik.Data;
using Nastavnik.Features.Mentorships;
using Nastavnik.Platform.Audit;
using Nastavnik.Platform.Web;

namespace Nastavnik.Features.Programmes;

/// <summary>
/// Records the <see cref="Completion"/> of a programme and closes its mentorship through the lifecycle, in one
/// transaction. «В полном объёме» completes the pair (завершена: the mentee leaves the waiting list as finished);
/// every early reason ends it as прекращена (the lifecycle's «досрочно»: the mentee goes back to the waiting list
/// for a new mentor), with the reason and circumstances as the close reason.
/// </summary>
public sealed class CompletionService(AppDbContext db, MentorshipService mentorships, AuditLog audit, TimeProvider clock, IHttpContextAccessor http)
{
    public sealed record ResultRow(int? PersonId, MenteeResultKind? Kind, string? Text, DateOnly? AchievedOn)
    {
        public bool IsEmpty => PersonId is null && string.IsNullOrWhiteSpace(Text) && AchievedOn is null;
    }

    public sealed record Input(CompletionReason? Reason, DateOnly? CompletedOn, string? Circumstances, string? ProgrammeResults, bool WithoutFinalMeeting,
        Guid MentorshipVersion, IReadOnlyList<ResultRow> Results);

    public DateOnly Today => DateOnly.FromDateTime(clock.GetLocalNow().DateTime);

    public Task<bool> FinalMeetingHeldAsync(int programId, CancellationToken ct = default) =>
        db.Meetings.AnyAsync(x => x.ProgramId == programId && x.Kind == MeetingKind.Final && x.HeldOn <= Today, ct);

    public async Task<List<string>> CompleteAsync(int programId, ProgrammeAccess.Result access, Input x, CancellationToken ct = default)
    {
        if (access.Closed) return [ProgrammeAccess.ClosedMessage];
        var p = await db.MentoringPrograms.AsNoTracking().FirstAsync(q => q.Id == programId, ct);
        var m = await db.Mentorships.AsNoTracking().Include(q => q.Participants).FirstAsync(q => q.Id == p.MentorshipId, ct);
        var errors = new List<string>();
        if (x.Reason is not { } reason) { errors.Add("Выберите основание завершения."); reason = CompletionReason.Full; }
        var today = Today;
        if (x.CompletedOn is not { } on) errors.Add("Укажите дату завершения.");
        else if (on > today) errors.Add("Дата завершения не может быть позже сегодняшней.");
        else if (on < p.StartDate) errors.Add($"Дата завершения раньше начала программы ({Formats.Date(p.StartDate)}).");
        var results = Clean(x.ProgrammeResults, 4000);
        if (results is null) errors.Add("Опишите результаты программы.");
        var circumstances = Clean(x.Circumstances, 1000);
        if (reason != CompletionReason.Full && circumstances is null) errors.Add("При досрочном завершении укажите обстоятельства.");

        var to = reason == CompletionReason.Full ? MentorshipStatus.Completed : MentorshipStatus.Terminated;
        if (!MentorshipLifecycle.CanMove(m.Status, to))
            errors.Add(reason == CompletionReason.Full
                ? $"Завершить программу в полном объёме можно у действующей пары/группы (сейчас: {Formats.Name(m.Status)})."
                : MentorshipLifecycle.Refusal(m.Status, to));
        if (reason == CompletionReason.Full)
        {
            var open = await db.ProgramActivities.AsNoTracking().Where(a => a.ProgramId == p.Id && (a.Status == ActivityStatus.Planned || a.Status == ActivityStatus.InProgress))
                .OrderBy(a => a.DueOn).Select(a => a.Title).ToListAsync(ct);
            if (open.Count > 0)
                errors.Add("В полном объёме программа завершается, когда все мероприятия плана выполнены или отменены. Не отмечены: " + string.Join("; ", open.Select(t => $"«{t}»")) + ".");
        }
        if (!x.WithoutFinalMeeting && !await FinalMeetingHeldAsync(p.Id, ct))
            errors.Add("Заключительная встреча не записана. Запишите её на странице программы или отметьте «завершить без заключительной встречи».");

        var mentees = m.Participants.Where(q => q.Role != ParticipantRole.Mentor).Select(q => q.PersonId).ToHashSet();
        var rows = new List<MenteeResult>();
        var n = 0;
        foreach (var r in x.Results)
        {
            n++;
            if (r.IsEmpty) continue;
            var text = Clean(r.Text, 1000);
            if (r.PersonId is not { } pid || !mentees.Contains(pid)) errors.Add($"Результат {n}: выберите наставляемого.");
            else if (r.Kind is null) errors.Add($"Результат {n}: выберите вид результата.");
            else if (text is null) errors.Add($"Результат {n}: опишите результат (например, «присвоена первая квалификационная категория»).");
            else if (r.AchievedOn is not { } d) errors.Add($"Результат {n}: укажите дату.");
            else if (d > today) errors.Add($"Результат {n}: дата не может быть позже сегодняшней.");
            else rows.Add(new MenteeResult { PersonId = pid, Kind = r.Kind.Value, Text = text, AchievedOn = d });
        }
        if (errors.Count > 0) return errors;

        var completion = new Completion
        {
            ProgramId = p.Id, OrganizationId = p.OrganizationId, MunicipalityId = p.MunicipalityId, RegionId = p.RegionId, Reason = reason, CompletedOn = x.CompletedOn!.Value,
            Circumstances = circumstances, ProgrammeResults = results!, RecordedAt = clock.GetUtcNow().UtcDateTime, RecordedBy = http.HttpContext?.User.Identity?.Name,
            MenteeResults = rows,
        };
        var closeReason = "завершение программы " + Formats.Name(reason) + (circumstances is null ? "" : ": " + circumstances);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        db.Completions.Add(completion);
        var error = await mentorships.MoveAsync(m.Id, x.MentorshipVersion, to, closeReason.Length > 1000 ? closeReason[..1000] : closeReason,
            results!.Length > 2000 ? results[..2000] : results, ct);
        if (error is not null)
        {
            db.ChangeTracker.Clear();
            return [error];
        }
        // The lifecycle stamps today; the pair actually ended on the stated date.
        var tracked = await db.Mentorships.FirstAsync(q => q.Id == m.Id, ct);
        tracked.ClosedOn = completion.CompletedOn;
        audit.Add("programme.completed", "programme", ProgrammeService.Id(p.Id), $"{reason}, результатов наставляемых: {rows.Count}", p.OrganizationId);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return [];
    }

    private static string? Clean(string? s, int max) => string.IsNullOrWhiteSpace(s) ? null : s.Trim() is var t && t.Length > max ? t[..max] : s.Trim();
}
