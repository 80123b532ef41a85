using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Nastavnik.Data;
using Nastavnik.Features.Mentorships;
using Nastavnik.Features.Notifications;
using Nastavnik.Features.Programmes;
using Nastavnik.Platform.Web;

namespace Nastavnik.Features.Monitoring;

/// <summary>
/// Monitoring stages: scheduling them from the programme's dates, opening them (assignments + notifications), reminding
/// the people who have not answered, and loading questionnaires with their questions.
/// </summary>
public sealed class MonitoringService(AppDbContext db, Notifier notifier, TimeProvider clock)
{
    public const string MyLink = "/monitoring/my";
    /// <summary>Reminders stop this many days after a stage's due date: by then the curator talks to people in person.</summary>
    public const int RemindDaysAfterDue = 30;

    /// <summary>Stages of these pairs are scheduled and opened; a terminated pair's are not.</summary>
    public static readonly MentorshipStatus[] LiveStatuses = [MentorshipStatus.Approved, MentorshipStatus.Active, MentorshipStatus.Completed];

    public DateOnly Today => DateOnly.FromDateTime(clock.GetLocalNow().DateTime);

    public async Task<MonitoringSettings> SettingsAsync(int organizationId, CancellationToken ct = default) =>
        await db.MonitoringSettings.AsNoTracking().FirstOrDefaultAsync(s => s.OrganizationId == organizationId, ct) ?? new MonitoringSettings { OrganizationId = organizationId };

    /// <summary>A questionnaire with its sections, questions and options, or null when it is not visible to the user.</summary>
    public async Task<Questionnaire?> LoadAsync(int id, bool track = false, CancellationToken ct = default)
    {
        var q = track ? db.Questionnaires : db.Questionnaires.AsNoTracking();
        return await q.Include(x => x.Sections).Include(x => x.Questions).ThenInclude(x => x.Options).AsSplitQuery().FirstOrDefaultAsync(x => x.Id == id, ct);
    }

    /// <summary>The questionnaires an organisation sends: its chosen set, or the built-in defaults; published ones only.</summary>
    public async Task<List<Questionnaire>> SetAsync(int organizationId, CancellationToken ct = default)
    {
        var settings = await SettingsAsync(organizationId, ct);
        var q = db.Questionnaires.AsNoTracking().Where(x => x.Status == QuestionnaireStatus.Published);
        q = settings.CustomSet
            ? q.Where(x => db.MonitoringSetItems.Any(i => i.OrganizationId == organizationId && i.QuestionnaireId == x.Id))
            : q.Where(x => x.RegionId == null && x.IsDefault);
        return [.. (await q.ToListAsync(ct)).OrderBy(x => x.Audience).ThenBy(x => x.Kind).ThenBy(x => x.Id)];
    }

    /// <summary>
    /// Creates the two stages of each programme that lacks them, and moves the dates of stages not yet opened when the
    /// programme's dates or the organisation's settings changed (an extension moves the final monitoring with it).
    /// </summary>
    public async Task<int> EnsureStagesAsync(IQueryable<MentoringProgram> programmes, CancellationToken ct = default)
    {
        var rows = await programmes.AsNoTracking().Join(db.Mentorships, p => p.MentorshipId, m => m.Id, (p, m) => new { P = p, m.Status })
            .Where(x => LiveStatuses.Contains(x.Status)).ToListAsync(ct);
        if (rows.Count == 0) return 0;
        var ids = rows.Select(x => x.P.Id).ToList();
        var stages = (await db.MonitoringStages.Where(s => ids.Contains(s.ProgramId)).ToListAsync(ct)).ToLookup(s => s.ProgramId);
        // A pair completed before monitoring was scheduled for it (history, imports, the day this feature arrives) gets no
        // stages after the fact; one that had them keeps them, and its final stage opens on completion.
        var list = rows.Where(x => x.Status != MentorshipStatus.Completed || stages[x.P.Id].Any()).Select(x => x.P).ToList();
        var orgIds = list.Select(p => p.OrganizationId).Distinct().ToList();
        var settings = await db.MonitoringSettings.AsNoTracking().Where(s => orgIds.Contains(s.OrganizationId)).ToDictionaryAsync(s => s.OrganizationId, ct);
        var changed = 0;
        foreach (var p in list)
        {
            var plan = MonitoringRules.Plan(p.StartDate, p.EndDate, settings.GetValueOrDefault(p.OrganizationId) ?? new MonitoringSettings());
            foreach (var (kind, opens, due) in new[] { (MonitoringKind.Interim, plan.InterimOpens, plan.InterimDue), (MonitoringKind.Final, plan.FinalOpens, plan.FinalDue) })
            {
                var s = stages[p.Id].FirstOrDefault(x => x.Kind == kind);
                if (s is null)
                {
                    db.MonitoringStages.Add(new MonitoringStage
                    {
                        ProgramId = p.Id, Kind = kind, OpensOn = opens, DueOn = due, OrganizationId = p.OrganizationId, MunicipalityId = p.MunicipalityId, RegionId = p.RegionId,
                    });
                    changed++;
                }
                else if (s.OpenedAt is null && (s.OpensOn != opens || s.DueOn != due))
                {
                    (s.OpensOn, s.DueOn) = (opens, due);
                    changed++;
                }
            }
        }
        if (changed == 0) return 0;
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // Another request scheduled the same programme at the same moment (unique ProgramId + Kind): theirs stands.
            db.ChangeTracker.Clear();
            return 0;
        }
        return changed;
    }

    /// <summary>
    /// Opens a stage once: marks it opened (a conditional update, so two openers cannot both win), creates the assignments
    /// from the organisation's set and the pair's participants, and tells the respondents. Returns the number of assignments.
    /// </summary>
    public async Task<int> OpenAsync(int stageId, string openedBy, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var won = await db.MonitoringStages.Where(s => s.Id == stageId && s.OpenedAt == null)
            .ExecuteUpdateAsync(u => u.SetProperty(s => s.OpenedAt, now).SetProperty(s => s.OpenedBy, openedBy), ct);
        if (won == 0) return 0;
        var stage = await db.MonitoringStages.AsNoTracking().FirstAsync(s => s.Id == stageId, ct);
        var mentorshipId = await db.MentoringPrograms.Where(p => p.Id == stage.ProgramId).Select(p => p.MentorshipId).FirstAsync(ct);
        var people = await db.MentorshipParticipants.AsNoTracking().Where(p => p.MentorshipId == mentorshipId).ToListAsync(ct);
        var mentors = people.Where(p => p.Role == ParticipantRole.Mentor).Select(p => p.PersonId).ToList();
        var mentees = people.Where(p => p.Role != ParticipantRole.Mentor).Select(p => p.PersonId).ToList();
        var set = (await SetAsync(stage.OrganizationId, ct)).Where(q => MonitoringRules.UsedAt(q.Stages, stage.Kind)).ToList();
        var list = new List<MonitoringAssignment>();
        void Add(Questionnaire q, int? person, int? subject) => list.Add(new MonitoringAssignment
        {
            StageId = stage.Id, QuestionnaireId = q.Id, Audience = q.Audience, PersonId = person, SubjectPersonId = subject, LastRemindedAt = now,
            OrganizationId = stage.OrganizationId, MunicipalityId = stage.MunicipalityId, RegionId = stage.RegionId,
        });
        foreach (var q in set)
        {
            var respondents = q.Audience switch
            {
                QuestionnaireAudience.Mentee => mentees.Select(x => (int?)x).ToList(),
                QuestionnaireAudience.Mentor => mentors.Select(x => (int?)x).ToList(),
                _ => [null],
            };
            foreach (var r in respondents)
            {
                if (q.Kind == QuestionnaireKind.Card) foreach (var s in mentees) Add(q, r, s);
                else Add(q, r, null);
            }
        }
        db.MonitoringAssignments.AddRange(list);
        var text = $"Открыт {Formats.Name(stage.Kind)} мониторинг программы наставничества: анкеты к заполнению до {Formats.Date(stage.DueOn)}.";
        await notifier.ToPeopleAsync(list.Where(a => a.PersonId is not null).Select(a => a.PersonId!.Value), text, MyLink, ct);
        if (list.Any(a => a.PersonId is null))
            await notifier.ToCuratorsAsync(stage.OrganizationId, $"Открыт {Formats.Name(stage.Kind)} мониторинг по паре (группе) №{mentorshipId.ToString(CultureInfo.InvariantCulture)}: анкеты куратора к заполнению до {Formats.Date(stage.DueOn)}.", MyLink, ct);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return list.Count;
    }

    /// <summary>
    /// Stages due to open: their day has come, or the pair was completed early (its final monitoring opens at once).
    /// </summary>
    public async Task<int> OpenDueAsync(CancellationToken ct = default)
    {
        var today = Today;
        var due = await db.MonitoringStages.AsNoTracking().Where(s => s.OpenedAt == null)
            .Join(db.MentoringPrograms, s => s.ProgramId, p => p.Id, (s, p) => new { s.Id, s.Kind, s.OpensOn, p.MentorshipId })
            .Join(db.Mentorships, x => x.MentorshipId, m => m.Id, (x, m) => new { x.Id, x.Kind, x.OpensOn, m.Status })
            .Where(x => LiveStatuses.Contains(x.Status) && (x.OpensOn <= today || (x.Kind == MonitoringKind.Final && x.Status == MentorshipStatus.Completed)))
            .Select(x => x.Id).ToListAsync(ct);
        var opened = 0;
        foreach (var id in due)
            if (await OpenAsync(id, "система", ct) > 0) opened++;
        return opened;
    }

    /// <summary>
    /// Reminds people with unanswered questionnaires, once per recipient per the organisation's cadence (calendar days since
    /// the last notice, which opening also counts as). A recipient is a person, or the curators of an organisation for the
    /// curator's questionnaires. Stops <see cref="RemindDaysAfterDue"/> days after the due date and for terminated pairs.
    /// </summary>
    public async Task<int> RemindAsync(CancellationToken ct = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var today = Today;
        var oldest = today.AddDays(-RemindDaysAfterDue);
        var open = await db.MonitoringAssignments.Where(a => a.CompletedAt == null && a.Stage!.OpenedAt != null && a.Stage.DueOn >= oldest)
            .Where(a => db.MentoringPrograms.Any(p => p.Id == a.Stage!.ProgramId && db.Mentorships.Any(m => m.Id == p.MentorshipId && LiveStatuses.Contains(m.Status))))
            .Include(a => a.Stage).ToListAsync(ct);
        if (open.Count == 0) return 0;
        var orgIds = open.Select(a => a.OrganizationId).Distinct().ToList();
        var settings = await db.MonitoringSettings.AsNoTracking().Where(s => orgIds.Contains(s.OrganizationId)).ToDictionaryAsync(s => s.OrganizationId, ct);
        int Every(int org) => settings.GetValueOrDefault(org)?.ReminderEveryDays ?? MonitoringSettings.DefaultReminderEveryDays;
        var sent = 0;
        foreach (var g in open.GroupBy(a => (a.PersonId, Org: a.PersonId is null ? a.OrganizationId : 0)))
        {
            var every = g.Min(a => Every(a.OrganizationId));
            var last = g.Max(a => a.LastRemindedAt);
            if (last is { } l && today.DayNumber - DateOnly.FromDateTime(l.ToLocalTime()).DayNumber < every) continue;
            var count = g.Count();
            var dueOn = g.Min(a => a.Stage!.DueOn);
            var text = dueOn < today
                ? $"Напоминание: не заполнено анкет мониторинга — {count.ToString(CultureInfo.InvariantCulture)}; срок истёк {Formats.Date(dueOn)}."
                : $"Напоминание: анкет мониторинга к заполнению — {count.ToString(CultureInfo.InvariantCulture)}, срок до {Formats.Date(dueOn)}.";
            if (g.Key.PersonId is { } pid) await notifier.ToPeopleAsync([pid], text, MyLink, ct);
            else await notifier.ToCuratorsAsync(g.Key.Org, text, MyLink, ct);
            foreach (var a in g) a.LastRemindedAt = now;
            sent++;
        }
        await db.SaveChangesAsync(ct);
        return sent;
    }
}
