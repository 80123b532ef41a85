using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Nastavnik.Data;
using Nastavnik.Features.Mentorships;
using Nastavnik.Features.People;
using Nastavnik.Features.Programmes;
using Nastavnik.Platform.Auth;

namespace Nastavnik.Features.Indicators;

/// <summary>
/// The second half of a level's dashboard: who takes part by form, kind and category of mentoring, how the programmes
/// go (on track or with warnings), and the trend of the main shares month by month. Computed on demand (not cached):
/// the structure page and the analytical note read it from here, so both give the same figures for a date and scope.
/// </summary>
public sealed class IndicatorStructure
{
    /// <summary>A row of a breakdown: what, how many people, how many pairs/groups, and the drill-down key.</summary>
    public sealed record Part(string Name, int People, int Pairs, string Drill);

    /// <summary>One month's end of the trend.</summary>
    public sealed record Point(DateOnly On, int PupilsInvolved, int Pupils, int TeachersInvolved, int Teachers, int Pairs)
    {
        public double? PupilShare => Pupils > 0 ? 100.0 * PupilsInvolved / Pupils : null;
        public double? TeacherShare => Teachers > 0 ? 100.0 * TeachersInvolved / Teachers : null;
    }

    public static readonly IReadOnlyDictionary<string, string> WarningNames = new Dictionary<string, string>
    {
        ["meeting"] = "давно не было встреч", ["report"] = "просрочен отчёт", ["activity"] = "просрочено мероприятие плана",
        ["rating"] = "низкая оценка хода программы", ["ending"] = "программа скоро заканчивается",
    };

    public required List<Part> ByForm { get; init; }
    public required List<Part> ByKind { get; init; }
    public required List<Part> ByCategory { get; init; }
    /// <summary>ОВЗ, сироты, ТЖС and малоимущие were left out: the viewer may not see them on a card.</summary>
    public required bool SensitiveHidden { get; init; }
    public required int LiveProgrammes { get; init; }
    public required int AtRisk { get; init; }
    public required int LiveWithoutProgramme { get; init; }
    public required List<(string Kind, string Name, int Programmes)> WarningKinds { get; init; }
    public required List<Point> Trend { get; init; }

    public int OnTrack => LiveProgrammes - AtRisk;

    public static async Task<IndicatorStructure> LoadAsync(AppDbContext db, ProgrammeService programmes, MonitoringLevel level, DateOnly asOf, CancellationToken ct = default)
    {
        var calc = new IndicatorCalculator(db);
        var involved = calc.Involved(level, asOf);
        var counted = calc.CountedMentorships(level, asOf);
        var withForm = involved.Join(db.Mentorships, r => r.MentorshipId, m => m.Id, (r, m) => new { r.PersonId, r.MentorshipId, m.FormId, m.KindId });
        var formPeople = await withForm.Select(x => new { x.FormId, x.PersonId }).Distinct().GroupBy(x => x.FormId).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.Key, x => x.Count, ct);
        var formPairs = await counted.GroupBy(m => m.FormId).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.Key, x => x.Count, ct);
        var kindPeople = await withForm.Select(x => new { x.KindId, x.PersonId }).Distinct().GroupBy(x => x.KindId).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.Key, x => x.Count, ct);
        var kindPairs = await counted.GroupBy(m => m.KindId).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.Key, x => x.Count, ct);
        var formIds = formPairs.Keys.Union(formPeople.Keys).ToList();
        var kindIds = kindPairs.Keys.Union(kindPeople.Keys).ToList();
        // Forms and kinds are reference rows (a region's own or the defaults): read by id, whatever the viewer's region.
        var forms = await db.MentoringForms.IgnoreQueryFilters().AsNoTracking().Where(f => formIds.Contains(f.Id)).Select(f => new { f.Id, f.Name, f.SortOrder }).ToListAsync(ct);
        var kinds = await db.MentoringKinds.IgnoreQueryFilters().AsNoTracking().Where(k => kindIds.Contains(k.Id)).Select(k => new { k.Id, k.Name, k.SortOrder }).ToListAsync(ct);

        // Categories of those mentored (mentees and peers). ОВЗ, сироты, ТЖС, малоимущие are counted only for those
        // who may see them on a card (152-ФЗ: a small school's "1 pupil with ОВЗ" identifies the child).
        var sensitiveAllowed = db.Scope.Has(Permissions.PeopleSensitiveRead);
        var mentored = involved.Where(r => r.Role != ParticipantRole.Mentor);
        var categories = await mentored.Join(db.PersonCategories, r => r.PersonId, c => c.PersonId, (r, c) => new { r.PersonId, r.MentorshipId, c.Category })
            .Select(x => new { x.Category, x.PersonId, x.MentorshipId }).Distinct().ToListAsync(ct);

        // Programmes of the pairs in force: on track, or with warnings as of the date.
        var liveMentorships = counted.Where(m => m.Status == MentorshipStatus.Approved || m.Status == MentorshipStatus.Active);
        var live = db.MentoringPrograms.Where(p => liveMentorships.Select(m => m.Id).Contains(p.MentorshipId));
        var liveCount = await live.CountAsync(ct);
        var withoutProgramme = await liveMentorships.CountAsync(m => !db.MentoringPrograms.Any(p => p.MentorshipId == m.Id), ct);
        var warnings = await programmes.WarningsAsync(live, asOf, ct);

        // The trend: the end of each month of the monitoring year up to the date (the period always starts on 1 January).
        var trend = new List<Point>();
        for (var month = 1; month <= asOf.Month; month++)
        {
            var end = month == asOf.Month ? asOf : new DateOnly(asOf.Year, month, 1).AddMonths(1).AddDays(-1);
            var figures = await calc.OrganizationsAsync(level, end, ct);
            trend.Add(new Point(end, figures.Sum(o => o.PupilsInvolved), figures.Sum(o => o.Pupils), figures.Sum(o => o.TeachersInvolved), figures.Sum(o => o.Teachers), figures.Sum(o => o.Pairs)));
        }

        return new IndicatorStructure
        {
            ByForm = [.. forms.OrderBy(f => f.SortOrder).ThenBy(f => f.Name).Select(f => new Part(f.Name, formPeople.GetValueOrDefault(f.Id), formPairs.GetValueOrDefault(f.Id), "form-" + Id(f.Id)))],
            ByKind = [.. kinds.OrderBy(k => k.SortOrder).ThenBy(k => k.Name).Select(k => new Part(k.Name, kindPeople.GetValueOrDefault(k.Id), kindPairs.GetValueOrDefault(k.Id), "kind-" + Id(k.Id)))],
            ByCategory = [.. categories.GroupBy(c => c.Category)
                .Where(g => sensitiveAllowed || !MenteeCategories.IsSensitive(g.Key))
                .OrderBy(g => g.Key)
                .Select(g => new Part(Platform.Web.Formats.Name(g.Key), g.Select(x => x.PersonId).Distinct().Count(), g.Select(x => x.MentorshipId).Distinct().Count(), "category-" + g.Key))],
            SensitiveHidden = !sensitiveAllowed,
            LiveProgrammes = liveCount,
            AtRisk = warnings.Select(w => w.ProgramId).Distinct().Count(),
            LiveWithoutProgramme = withoutProgramme,
            WarningKinds = [.. WarningNames.Select(k => (k.Key, k.Value, warnings.Where(w => w.Kind == k.Key).Select(w => w.ProgramId).Distinct().Count()))],
            Trend = trend,
        };
    }

    private static string Id(int id) => id.ToString(CultureInfo.InvariantCulture);
}
