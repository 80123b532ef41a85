using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Nastavnik.Data;
using Nastavnik.Features.Mentorships;
using Nastavnik.Platform.Web;

namespace Nastavnik.Features.Programmes;

/// <summary>Programme data for pages and documents, and the early warnings computed on the fly from it.</summary>
public sealed class ProgrammeService(AppDbContext db, TimeProvider clock)
{
    public sealed record Person(int PersonId, string FullName, string ShortName, ParticipantRole Role);

    /// <summary>
    /// One early warning: what is wrong, and whom to contact about it. PersonId names the participant a report or
    /// rating warning is about, ActivityId the overdue plan item; <see cref="Key"/> tells warnings of one programme
    /// apart (the warning job sends each once until it clears).
    /// </summary>
    public sealed record Warning(string Kind, string Text, int ProgramId, string Contacts, int? PersonId = null, int? ActivityId = null)
    {
        /// <summary>The pair the programme belongs to: people know a programme by its pair's number, not by a second number of its own.</summary>
        public int PairId { get; init; }
        public string Name => PairName(PairId);

        public string Key => PersonId is { } p ? $"{Kind}:p{p.ToString(CultureInfo.InvariantCulture)}"
            : ActivityId is { } a ? $"{Kind}:a{a.ToString(CultureInfo.InvariantCulture)}" : Kind;
    }

    public const int EndingSoonDays = 14;
    public const int LowRating = 2;

    public DateOnly Today => DateOnly.FromDateTime(clock.GetLocalNow().DateTime);
    public DateTime Now => clock.GetUtcNow().UtcDateTime;

    public async Task<ProgrammeSettings> SettingsAsync(int organizationId, CancellationToken ct = default) =>
        await db.ProgrammeSettings.AsNoTracking().FirstOrDefaultAsync(s => s.OrganizationId == organizationId, ct) ?? new ProgrammeSettings { OrganizationId = organizationId };

    /// <summary>Participants with names; explicit joins (SQLite cannot translate APPLY).</summary>
    public async Task<Dictionary<int, List<Person>>> PeopleAsync(IReadOnlyCollection<int> mentorshipIds, CancellationToken ct = default)
    {
        var rows = await db.MentorshipParticipants.AsNoTracking().Where(p => mentorshipIds.Contains(p.MentorshipId))
            .Join(db.People, p => p.PersonId, x => x.Id, (p, x) => new { p.MentorshipId, p.PersonId, p.Role, x.LastName, x.FirstName, x.MiddleName }).ToListAsync(ct);
        return rows.GroupBy(r => r.MentorshipId).ToDictionary(g => g.Key, g => g.OrderBy(r => r.Role).ThenBy(r => r.LastName)
            .Select(r => new Person(r.PersonId, r.MiddleName is null ? $"{r.LastName} {r.FirstName}" : $"{r.LastName} {r.FirstName} {r.MiddleName}",
                MentorshipQueries.ShortName(r.LastName, r.FirstName, r.MiddleName), r.Role)).ToList());
    }

    /// <summary>Выявленные затруднения for a new programme: the mentees' recorded deficits, one per line.</summary>
    public async Task<string?> DifficultiesFromDeficitsAsync(int mentorshipId, CancellationToken ct = default)
    {
        var mentees = db.MentorshipParticipants.Where(p => p.MentorshipId == mentorshipId && p.Role != ParticipantRole.Mentor).Select(p => p.PersonId);
        var rows = await db.Deficits.AsNoTracking().Where(d => mentees.Contains(d.PersonId))
            .Join(db.Competencies, d => d.CompetencyId, c => c.Id, (d, c) => new { c.Name, d.Note, d.IdentifiedOn }).ToListAsync(ct);
        if (rows.Count == 0) return null;
        return string.Join("\n", rows.OrderBy(r => r.IdentifiedOn).Select(r => r.Note is null ? r.Name : $"{r.Name} ({r.Note})").Distinct());
    }

    /// <summary>Warnings for the given programmes (already narrowed to what the user may see).</summary>
    public Task<List<Warning>> WarningsAsync(IQueryable<MentoringProgram> programmes, CancellationToken ct = default) => WarningsAsync(programmes, null, ct);

    /// <summary>
    /// Warnings as they stood on a date (a dashboard's as-of date): what was recorded after it is left out. The
    /// mentorship's current status decides whether it is still live.
    /// </summary>
    public async Task<List<Warning>> WarningsAsync(IQueryable<MentoringProgram> programmes, DateOnly? on, CancellationToken ct = default)
    {
        var list = await programmes.AsNoTracking()
            .Join(db.Mentorships, p => p.MentorshipId, m => m.Id, (p, m) => new { P = p, m.Status }).ToListAsync(ct);
        var live = list.Where(x => x.Status is MentorshipStatus.Approved or MentorshipStatus.Active).Select(x => x.P).ToList();
        if (live.Count == 0) return [];
        var ids = live.Select(p => p.Id).ToList();
        var people = await PeopleAsync([.. live.Select(p => p.MentorshipId)], ct);
        var activities = (await db.ProgramActivities.AsNoTracking().Where(a => ids.Contains(a.ProgramId)).ToListAsync(ct)).ToLookup(a => a.ProgramId);
        var meetings = (await db.Meetings.AsNoTracking().Where(a => ids.Contains(a.ProgramId)).Select(a => new { a.ProgramId, a.HeldOn }).ToListAsync(ct)).ToLookup(a => a.ProgramId, a => a.HeldOn);
        var reports = (await db.ProgressReports.AsNoTracking().Where(a => ids.Contains(a.ProgramId)).ToListAsync(ct)).ToLookup(a => a.ProgramId);
        var orgIds = live.Select(p => p.OrganizationId).Distinct().ToList();
        var settings = await db.ProgrammeSettings.AsNoTracking().Where(s => orgIds.Contains(s.OrganizationId)).ToDictionaryAsync(s => s.OrganizationId, ct);
        var today = on is { } d && d < Today ? d : Today;
        var result = new List<Warning>();
        foreach (var p in live)
            result.AddRange(Compute(p, people.GetValueOrDefault(p.MentorshipId, []), [.. activities[p.Id]], [.. meetings[p.Id]], [.. reports[p.Id].Where(r => r.ReportedOn <= today)],
                settings.GetValueOrDefault(p.OrganizationId) ?? new ProgrammeSettings { OrganizationId = p.OrganizationId }, today));
        return result;
    }

    /// <summary>
    /// The rules: no meeting for N days (default 21); a participant's report older than the cadence (default 14 days,
    /// seed 001 «не реже 1 раза в 2 недели»); a plan activity past its due date; a latest rating of 2 or less; the
    /// programme ending within 14 days. Nothing before the programme starts or after it ends.
    /// </summary>
    public static List<Warning> Compute(MentoringProgram p, IReadOnlyList<Person> people, IReadOnlyList<ProgramActivity> activities,
        IReadOnlyList<DateOnly> meetings, IReadOnlyList<ProgressReport> reports, ProgrammeSettings s, DateOnly today)
    {
        var result = new List<Warning>();
        if (today < p.StartDate || today > p.EndDate) return result;
        var contacts = string.Join("; ", people.Select(x => $"{Formats.Name(x.Role)} {x.ShortName}"));
        void Add(string kind, string text, int? personId = null, int? activityId = null) => result.Add(new Warning(kind, text, p.Id, contacts, personId, activityId) { PairId = p.MentorshipId });
        var ru = WebHost.Russian;

        var lastMeeting = meetings.Where(d => d <= today).DefaultIfEmpty(p.StartDate).Max();
        if (today.DayNumber - lastMeeting.DayNumber > s.NoMeetingDays)
            Add("meeting", meetings.Any(d => d <= today)
                ? $"Нет встреч {today.DayNumber - lastMeeting.DayNumber} дн. (последняя {Formats.Date(lastMeeting)}; порог {s.NoMeetingDays.ToString(ru)} дн.)."
                : $"С начала программы ({Formats.Date(p.StartDate)}) не было ни одной встречи.");

        foreach (var person in people)
        {
            var mine = reports.Where(r => r.PersonId == person.PersonId).OrderByDescending(r => r.ReportedOn).ThenByDescending(r => r.Id).ToList();
            var last = mine.Count > 0 ? mine[0].ReportedOn : p.StartDate;
            if (today.DayNumber - last.DayNumber > s.ReportEveryDays)
                Add("report", mine.Count > 0
                    ? $"Просрочен отчёт: {Formats.Name(person.Role)} {person.ShortName}, последний отчёт {Formats.Date(last)} (не реже 1 раза в {s.ReportEveryDays.ToString(ru)} дн.)."
                    : $"Просрочен отчёт: {Formats.Name(person.Role)} {person.ShortName} не сдал ни одного отчёта с {Formats.Date(p.StartDate)} (не реже 1 раза в {s.ReportEveryDays.ToString(ru)} дн.).",
                    person.PersonId);
            if (mine.Count > 0 && mine[0].Rating <= LowRating)
                Add("rating", $"Низкая оценка: {Formats.Name(person.Role)} {person.ShortName} оценил ход программы на {mine[0].Rating.ToString(ru)} из 5 ({Formats.Date(mine[0].ReportedOn)}).", person.PersonId);
        }

        foreach (var a in activities.Where(a => a.Status is ActivityStatus.Planned or ActivityStatus.InProgress && a.DueOn < today).OrderBy(a => a.DueOn))
            Add("activity", $"Просрочено мероприятие плана «{a.Title}» (срок {Formats.Date(a.DueOn)}).", activityId: a.Id);

        var left = p.EndDate.DayNumber - today.DayNumber;
        if (left <= EndingSoonDays)
            Add("ending", left == 0 ? "Программа заканчивается сегодня: подготовьте заключительную встречу и итоги." : $"Программа заканчивается через {left.ToString(ru)} дн. ({Formats.Date(p.EndDate)}): подготовьте заключительную встречу и итоги.");
        return result;
    }

    public static string Period(MentoringProgram p) => $"{Formats.Date(p.StartDate)} – {Formats.Date(p.EndDate)}";

    public static string Id(int id) => id.ToString(CultureInfo.InvariantCulture);

    /// <summary>«программа пары №5»: one number for one thing in warnings, notifications and the home page.</summary>
    public static string PairName(int mentorshipId) => $"программа пары №{Id(mentorshipId)}";
}
