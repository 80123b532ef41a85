using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using Nastavnik.Data;
using Nastavnik.Features.Events;
using Nastavnik.Features.Mentorships;
using Nastavnik.Features.Organizations;
using Nastavnik.Features.People;
using Nastavnik.Features.Roadmaps;

namespace Nastavnik.Features.Indicators;

/// <summary>Which part of the viewer's world a figure is about: a region, a municipality or one organisation (all null: everything visible).</summary>
public sealed record MonitoringLevel(int? RegionId, int? MunicipalityId, int? OrganizationId)
{
    public static readonly MonitoringLevel All = new(null, null, null);
}

/// <summary>The figures of one organisation on the as-of date: numerators and denominators of the computed indicators.</summary>
public sealed record OrgFigures(int OrganizationId, string Name, OrganizationKind Kind, int RegionId, int MunicipalityId, string MunicipalityName,
    int Pupils, int Teachers, int PupilsInvolved, int TeachersInvolved, int Pairs, int DuetPairs, bool EnrolmentEntered)
{
    public bool IsSchool => Kind == OrganizationKind.School;
    public bool Implements => Pairs > 0;
}

public enum Light { None, Green, Yellow, Red }

/// <summary>An indicator at one level: actual against the target, with the gap and the traffic light.</summary>
public sealed record IndicatorLine(Indicator Indicator, int? Numerator, int? Denominator, double? Actual, IndicatorTarget? Target, bool TargetIsSum, double? TargetValue,
    double? Compared, double? Gap, Light Light, string? Source)
{
    public bool CountTarget => Target?.Kind == TargetKind.Count;

    /// <summary>The bar's position, 0–100: the share itself, or a count's part of its target.</summary>
    public int Bar => CountTarget ? (Compared is { } c && TargetValue is > 0 ? Clamp(100 * c / TargetValue.Value) : 0)
        : Indicator.Unit == IndicatorUnit.Share && Actual is { } a ? Clamp(a) : 0;

    private static int Clamp(double v) => (int)Math.Round(Math.Clamp(v, 0, 100), MidpointRounding.AwayFromZero);
}

/// <summary>
/// The named queries behind computed indicators. A mentorship counts for a period when, as of the as-of date, it was
/// approved, active or completed (a draft does not, nor one terminated by then) and its dates overlap the period: from
/// 1 January of the as-of date's year to that date (the monitoring year the targets "на 31.12" are set for). A pair
/// terminated after the date still counts for it, since on that date it was in force: a report for a past date gives
/// the figures it gave on the day, as long as the records of that period are not corrected afterwards.
/// Every query goes through the tenant filters of the context: a viewer counts only what they may see.
/// </summary>
public sealed class IndicatorCalculator(AppDbContext db)
{
    public static DateOnly PeriodStart(DateOnly asOf) => new(asOf.Year, 1, 1);

    public static Expression<Func<Mentorship, bool>> Counted(DateOnly asOf)
    {
        var start = PeriodStart(asOf);
        return m => (m.Status == MentorshipStatus.Approved || m.Status == MentorshipStatus.Active || m.Status == MentorshipStatus.Completed
                || (m.Status == MentorshipStatus.Terminated && m.ClosedOn != null && m.ClosedOn > asOf))
            && m.StartDate <= asOf && m.EndDate >= start && (m.ClosedOn == null || m.ClosedOn >= start);
    }

    /// <summary>Organisations that are measured: educational ones (partners and method centres have no pupils of their own).</summary>
    public IQueryable<Organization> Organizations(MonitoringLevel level)
    {
        var q = db.Organizations.AsNoTracking().Where(o => !o.IsArchived && o.Kind != OrganizationKind.Partner && o.Kind != OrganizationKind.MethodCenter);
        if (level.RegionId is { } r) q = q.Where(o => o.RegionId == r);
        if (level.MunicipalityId is { } m) q = q.Where(o => o.MunicipalityId == m);
        if (level.OrganizationId is { } id) q = q.Where(o => o.Id == id);
        return q;
    }

    /// <summary>People taking part in counted mentorships, with their organisation (explicit joins: SQLite cannot APPLY).</summary>
    public IQueryable<InvolvedRow> Involved(MonitoringLevel level, DateOnly asOf)
    {
        var orgs = Organizations(level).Select(o => o.Id);
        return from p in db.MentorshipParticipants
               join m in db.Mentorships.Where(Counted(asOf)) on p.MentorshipId equals m.Id
               join person in db.People on p.PersonId equals person.Id
               where orgs.Contains(person.OrganizationId)
               select new InvolvedRow { PersonId = person.Id, OrganizationId = person.OrganizationId, Kind = person.Kind, Role = p.Role, MentorshipId = m.Id };
    }

    /// <summary>A member initialiser, not a positional record: EF can filter on its properties afterwards.</summary>
    public sealed class InvolvedRow
    {
        public int PersonId { get; init; }
        public int OrganizationId { get; init; }
        public PersonKind Kind { get; init; }
        public ParticipantRole Role { get; init; }
        public int MentorshipId { get; init; }
    }

    public static Expression<Func<InvolvedRow, bool>> IsInvolvedPupil => r => r.Kind == PersonKind.Pupil && r.Role != ParticipantRole.Mentor;
    public static Expression<Func<InvolvedRow, bool>> IsInvolvedTeacher => r => r.Kind == PersonKind.Teacher;

    public IQueryable<Mentorship> CountedMentorships(MonitoringLevel level, DateOnly asOf)
    {
        var orgs = Organizations(level).Select(o => o.Id);
        return db.Mentorships.AsNoTracking().Where(Counted(asOf)).Where(m => orgs.Contains(m.OrganizationId));
    }

    /// <summary>Counted mentorships whose mentor and mentee both took part in one «…дуэт…» contest of the period.</summary>
    public async Task<HashSet<int>> DuetMentorshipIdsAsync(MonitoringLevel level, DateOnly asOf, CancellationToken ct = default)
    {
        var start = PeriodStart(asOf);
        var duet = await (from ep in db.EventParticipants
                          join e in db.Events on ep.EventId equals e.Id
                          where e.Kind == EventKind.Contest && (e.Title.Contains("дуэт") || e.Title.Contains("Дуэт") || e.Title.Contains("ДУЭТ"))
                              && e.StartsOn >= start && e.StartsOn <= asOf
                          select new { ep.EventId, ep.PersonId }).ToListAsync(ct);
        if (duet.Count == 0) return [];
        var people = duet.Select(d => d.PersonId).Distinct().ToList();
        var pairs = CountedMentorships(level, asOf).Select(m => m.Id);
        var parts = await db.MentorshipParticipants.AsNoTracking()
            .Where(p => pairs.Contains(p.MentorshipId) && people.Contains(p.PersonId))
            .Select(p => new { p.MentorshipId, p.PersonId, p.Role }).ToListAsync(ct);
        var eventsOf = duet.GroupBy(d => d.PersonId).ToDictionary(g => g.Key, g => g.Select(x => x.EventId).ToHashSet());
        return parts.GroupBy(p => p.MentorshipId)
            .Where(g => g.Where(p => p.Role == ParticipantRole.Mentor).SelectMany(p => eventsOf[p.PersonId])
                .Intersect(g.Where(p => p.Role != ParticipantRole.Mentor).SelectMany(p => eventsOf[p.PersonId])).Any())
            .Select(g => g.Key).ToHashSet();
    }

    public async Task<List<OrgFigures>> OrganizationsAsync(MonitoringLevel level, DateOnly asOf, CancellationToken ct = default) =>
        (await FiguresAsync(level, asOf, ct)).Organizations;

    /// <summary>People involved in counted mentorships, by role (each person once per role), over the level.</summary>
    public sealed record RoleCounts(int Mentors, int Mentees, int Peers);

    /// <summary>
    /// The organisations' figures and the participants by role, from one grouped query over the involved people
    /// (distinct people per organisation, counted by the database) instead of one query per figure.
    /// </summary>
    public async Task<(List<OrgFigures> Organizations, RoleCounts Roles)> FiguresAsync(MonitoringLevel level, DateOnly asOf, CancellationToken ct = default)
    {
        var (orgs, byOrganization) = await FiguresByOrganizationAsync(level, asOf, ct);
        return (orgs, new RoleCounts(byOrganization.Values.Sum(x => x.Mentors), byOrganization.Values.Sum(x => x.Mentees), byOrganization.Values.Sum(x => x.Peers)));
    }

    /// <summary>As <see cref="FiguresAsync"/>, with the participants by role of each organisation (to split a region by municipality).</summary>
    public async Task<(List<OrgFigures> Organizations, Dictionary<int, RoleCounts> Roles)> FiguresByOrganizationAsync(MonitoringLevel level, DateOnly asOf, CancellationToken ct = default)
    {
        var orgs = await Organizations(level).OrderBy(o => o.Municipality!.Name).ThenBy(o => o.Name)
            .Select(o => new { o.Id, o.Name, o.Kind, o.RegionId, o.MunicipalityId, MunicipalityName = o.Municipality!.Name, o.PupilCount, o.TeacherCount })
            .ToListAsync(ct);
        var orgIds = Organizations(level).Select(o => o.Id);
        var enrolments = await db.OrganizationEnrolments.AsNoTracking().Where(e => orgIds.Contains(e.OrganizationId) && e.AsOf <= asOf)
            .Select(e => new { e.OrganizationId, e.AsOf, e.Pupils, e.Teachers }).ToListAsync(ct);
        var latest = enrolments.GroupBy(e => e.OrganizationId).ToDictionary(g => g.Key, g => g.MaxBy(e => e.AsOf)!);

        // A person belongs to one organisation, so per-organisation distinct counts add up to the level's.
        var involved = await Involved(level, asOf).GroupBy(r => r.OrganizationId).Select(g => new
        {
            g.Key,
            Pupils = g.AsQueryable().Where(IsInvolvedPupil).Select(r => r.PersonId).Distinct().Count(),
            Teachers = g.AsQueryable().Where(IsInvolvedTeacher).Select(r => r.PersonId).Distinct().Count(),
            Mentors = g.Where(r => r.Role == ParticipantRole.Mentor).Select(r => r.PersonId).Distinct().Count(),
            Mentees = g.Where(r => r.Role == ParticipantRole.Mentee).Select(r => r.PersonId).Distinct().Count(),
            Peers = g.Where(r => r.Role == ParticipantRole.Peer).Select(r => r.PersonId).Distinct().Count(),
        }).ToDictionaryAsync(x => x.Key, ct);
        var pairs = await CountedMentorships(level, asOf).GroupBy(m => m.OrganizationId).Select(g => new { g.Key, Count = g.Count() })
            .ToDictionaryAsync(x => x.Key, x => x.Count, ct);
        var duetIds = await DuetMentorshipIdsAsync(level, asOf, ct);
        var duet = duetIds.Count == 0 ? [] : (await CountedMentorships(level, asOf).Where(m => duetIds.Contains(m.Id)).Select(m => m.OrganizationId).ToListAsync(ct))
            .GroupBy(x => x).ToDictionary(g => g.Key, g => g.Count());

        var roles = involved.ToDictionary(x => x.Key, x => new RoleCounts(x.Value.Mentors, x.Value.Mentees, x.Value.Peers));
        return ([.. orgs.Select(o =>
        {
            var e = latest.GetValueOrDefault(o.Id);
            var i = involved.GetValueOrDefault(o.Id);
            return new OrgFigures(o.Id, o.Name, o.Kind, o.RegionId, o.MunicipalityId, o.MunicipalityName,
                e?.Pupils ?? o.PupilCount ?? 0, e?.Teachers ?? o.TeacherCount ?? 0,
                i?.Pupils ?? 0, i?.Teachers ?? 0, pairs.GetValueOrDefault(o.Id), duet.GetValueOrDefault(o.Id), e is not null);
        })], roles);
    }

    /// <summary>Numerator and denominator of a computed indicator over the given organisations.</summary>
    public static (int Numerator, int Denominator)? Figure(IndicatorComputation c, IReadOnlyCollection<OrgFigures> orgs) => c switch
    {
        IndicatorComputation.PupilsInvolved => (orgs.Sum(o => o.PupilsInvolved), orgs.Sum(o => o.Pupils)),
        IndicatorComputation.TeachersInvolved => (orgs.Sum(o => o.TeachersInvolved), orgs.Sum(o => o.Teachers)),
        IndicatorComputation.DuetPairs => (orgs.Sum(o => o.DuetPairs), orgs.Sum(o => o.Pairs)),
        IndicatorComputation.SchoolsImplementing => (orgs.Count(o => o.IsSchool && o.Implements), orgs.Count(o => o.IsSchool)),
        _ => null,
    };

    /// <summary>The catalogue in force for a region: its own rows replace the defaults with the same code.</summary>
    public async Task<List<Indicator>> CatalogueAsync(int? regionId, CancellationToken ct = default)
    {
        var all = await db.Indicators.AsNoTracking().Where(i => i.RegionId == null || i.RegionId == regionId).ToListAsync(ct);
        return [.. all.GroupBy(i => i.Code).Select(g => g.FirstOrDefault(i => i.RegionId != null) ?? g.First())
            .Where(i => !i.IsArchived).OrderBy(i => i.SortOrder).ThenBy(i => i.Name)];
    }

    /// <summary>Roadmap items of the level's organisations (and, above one school, of its municipalities' own roadmaps): done and overdue on the date.</summary>
    public async Task<(int Done, int Overdue, int Total)> RoadmapItemsAsync(MonitoringLevel level, DateOnly asOf, CancellationToken ct = default)
    {
        var counts = await RoadmapItems(level).GroupBy(i => 1).Select(g => new
        {
            Total = g.Count(),
            Done = g.Count(i => i.Status == RoadmapItemStatus.Done),
            Overdue = g.Count(i => i.Status != RoadmapItemStatus.Done && i.DueEnd != null && i.DueEnd < asOf),
        }).FirstOrDefaultAsync(ct);
        return counts is null ? (0, 0, 0) : (counts.Done, counts.Overdue, counts.Total);
    }

    /// <summary>The same counts by municipality (an organisation's roadmap belongs to the organisation's municipality).</summary>
    public async Task<Dictionary<int, (int Done, int Overdue, int Total)>> RoadmapItemsByMunicipalityAsync(MonitoringLevel level, DateOnly asOf, CancellationToken ct = default) =>
        (await RoadmapItems(level).GroupBy(i => i.Roadmap!.OrganizationId != null ? i.Roadmap!.Organization!.MunicipalityId : i.Roadmap!.MunicipalityId).Select(g => new
        {
            g.Key,
            Total = g.Count(),
            Done = g.Count(i => i.Status == RoadmapItemStatus.Done),
            Overdue = g.Count(i => i.Status != RoadmapItemStatus.Done && i.DueEnd != null && i.DueEnd < asOf),
        }).ToListAsync(ct)).ToDictionary(x => x.Key, x => (x.Done, x.Overdue, x.Total));

    private IQueryable<RoadmapItem> RoadmapItems(MonitoringLevel level)
    {
        var orgs = Organizations(level).Select(o => o.Id);
        var muns = Organizations(level).Select(o => o.MunicipalityId);
        var q = db.RoadmapItems.AsNoTracking().Where(i => i.Status != RoadmapItemStatus.Cancelled);
        return level.OrganizationId is not null
            ? q.Where(i => i.Roadmap!.OrganizationId != null && orgs.Contains(i.Roadmap!.OrganizationId.Value))
            : q.Where(i => (i.Roadmap!.OrganizationId != null && orgs.Contains(i.Roadmap!.OrganizationId.Value)) || (i.Roadmap!.OrganizationId == null && muns.Contains(i.Roadmap!.MunicipalityId)));
    }
}
