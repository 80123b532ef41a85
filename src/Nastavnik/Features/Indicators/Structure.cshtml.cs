using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Nastavnik.Data;
using Nastavnik.Features.Mentorships;
using Nastavnik.Features.People;
using Nastavnik.Features.Programmes;
using Nastavnik.Platform.Auth;

namespace Nastavnik.Features.Indicators;

/// <summary>
/// The second half of a level's dashboard: who takes part by form, kind and category of mentoring, how the programmes
/// go (on track or with warnings), and the trend of the main shares month by month. Kept apart from the indicator page
/// so that the page coordinators open every day stays light; the same level, date and drill-down.
/// </summary>
[Authorize(Policy = Permissions.IndicatorsRead)]
public sealed class StructureModel(AppDbContext db, TimeProvider clock, ProgrammeService programmes) : PageModel
{
    [Microsoft.AspNetCore.Mvc.BindProperty(SupportsGet = true)] public string? Date { get; set; }
    [Microsoft.AspNetCore.Mvc.BindProperty(SupportsGet = true)] public int? Municipality { get; set; }
    [Microsoft.AspNetCore.Mvc.BindProperty(SupportsGet = true)] public int? Organization { get; set; }

    /// <summary>A row of a breakdown: what, how many people, how many pairs/groups, and the drill-down key.</summary>
    public sealed record Part(string Name, int People, int Pairs, string Drill);
    /// <summary>One month's end of the trend.</summary>
    public sealed record Point(DateOnly On, int PupilsInvolved, int Pupils, int TeachersInvolved, int Teachers, int Pairs)
    {
        public double? PupilShare => Pupils > 0 ? 100.0 * PupilsInvolved / Pupils : null;
        public double? TeacherShare => Teachers > 0 ? 100.0 * TeachersInvolved / Teachers : null;
    }

    public DateOnly AsOf { get; private set; }
    public MonitoringLevel Level { get; private set; } = MonitoringLevel.All;
    public string Title { get; private set; } = "";
    public List<Part> ByForm { get; private set; } = [];
    public List<Part> ByKind { get; private set; } = [];
    public List<Part> ByCategory { get; private set; } = [];
    public bool SensitiveHidden { get; private set; }
    public int LiveProgrammes { get; private set; }
    public int AtRisk { get; private set; }
    public int LiveWithoutProgramme { get; private set; }
    public List<(string Kind, string Name, int Programmes)> WarningKinds { get; private set; } = [];
    public List<Point> Trend { get; private set; } = [];

    public static readonly IReadOnlyDictionary<string, string> WarningNames = new Dictionary<string, string>
    {
        ["meeting"] = "давно не было встреч", ["report"] = "просрочен отчёт", ["activity"] = "просрочено мероприятие плана",
        ["rating"] = "низкая оценка хода программы", ["ending"] = "программа скоро заканчивается",
    };

    public async Task OnGetAsync()
    {
        AsOf = IndicatorWeb.ParseDate(Date, clock);
        Level = await IndicatorWeb.LevelAsync(db, Municipality, Organization);
        var calc = new IndicatorCalculator(db);
        Title = await TitleAsync(calc);

        var involved = calc.Involved(Level, AsOf);
        var counted = calc.CountedMentorships(Level, AsOf);
        var withForm = involved.Join(db.Mentorships, r => r.MentorshipId, m => m.Id, (r, m) => new { r.PersonId, r.MentorshipId, m.FormId, m.KindId });
        var formPeople = await withForm.Select(x => new { x.FormId, x.PersonId }).Distinct().GroupBy(x => x.FormId).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.Key, x => x.Count);
        var formPairs = await counted.GroupBy(m => m.FormId).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.Key, x => x.Count);
        var kindPeople = await withForm.Select(x => new { x.KindId, x.PersonId }).Distinct().GroupBy(x => x.KindId).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.Key, x => x.Count);
        var kindPairs = await counted.GroupBy(m => m.KindId).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.Key, x => x.Count);
        var formIds = formPairs.Keys.Union(formPeople.Keys).ToList();
        var kindIds = kindPairs.Keys.Union(kindPeople.Keys).ToList();
        // Forms and kinds are reference rows (a region's own or the defaults): read by id, whatever the viewer's region.
        var forms = await db.MentoringForms.IgnoreQueryFilters().AsNoTracking().Where(f => formIds.Contains(f.Id)).Select(f => new { f.Id, f.Name, f.SortOrder }).ToListAsync();
        var kinds = await db.MentoringKinds.IgnoreQueryFilters().AsNoTracking().Where(k => kindIds.Contains(k.Id)).Select(k => new { k.Id, k.Name, k.SortOrder }).ToListAsync();
        ByForm = [.. forms.OrderBy(f => f.SortOrder).ThenBy(f => f.Name).Select(f => new Part(f.Name, formPeople.GetValueOrDefault(f.Id), formPairs.GetValueOrDefault(f.Id), "form-" + Id(f.Id)))];
        ByKind = [.. kinds.OrderBy(k => k.SortOrder).ThenBy(k => k.Name).Select(k => new Part(k.Name, kindPeople.GetValueOrDefault(k.Id), kindPairs.GetValueOrDefault(k.Id), "kind-" + Id(k.Id)))];

        // Categories of those mentored (mentees and peers). ОВЗ, сироты, ТЖС, малоимущие are counted only for those
        // who may see them on a card (152-ФЗ: a small school's "1 pupil with ОВЗ" identifies the child).
        var sensitiveAllowed = db.Scope.Has(Permissions.PeopleSensitiveRead);
        SensitiveHidden = !sensitiveAllowed;
        var mentored = involved.Where(r => r.Role != ParticipantRole.Mentor);
        var categories = await mentored.Join(db.PersonCategories, r => r.PersonId, c => c.PersonId, (r, c) => new { r.PersonId, r.MentorshipId, c.Category })
            .Select(x => new { x.Category, x.PersonId, x.MentorshipId }).Distinct().ToListAsync();
        ByCategory = [.. categories.GroupBy(c => c.Category)
            .Where(g => sensitiveAllowed || !MenteeCategories.IsSensitive(g.Key))
            .OrderBy(g => g.Key)
            .Select(g => new Part(Platform.Web.Formats.Name(g.Key), g.Select(x => x.PersonId).Distinct().Count(), g.Select(x => x.MentorshipId).Distinct().Count(), "category-" + g.Key))];

        // Programmes of the pairs in force: on track, or with warnings as of the date.
        var liveMentorships = counted.Where(m => m.Status == MentorshipStatus.Approved || m.Status == MentorshipStatus.Active);
        var live = db.MentoringPrograms.Where(p => liveMentorships.Select(m => m.Id).Contains(p.MentorshipId));
        LiveProgrammes = await live.CountAsync();
        LiveWithoutProgramme = await liveMentorships.CountAsync(m => !db.MentoringPrograms.Any(p => p.MentorshipId == m.Id));
        var warnings = await programmes.WarningsAsync(live, AsOf);
        AtRisk = warnings.Select(w => w.ProgramId).Distinct().Count();
        WarningKinds = [.. WarningNames.Select(k => (k.Key, k.Value, warnings.Where(w => w.Kind == k.Key).Select(w => w.ProgramId).Distinct().Count()))];

        // The trend: the end of each month of the monitoring year up to the date (the period always starts on 1 January).
        for (var month = 1; month <= AsOf.Month; month++)
        {
            var end = month == AsOf.Month ? AsOf : new DateOnly(AsOf.Year, month, 1).AddMonths(1).AddDays(-1);
            var figures = await calc.OrganizationsAsync(Level, end);
            Trend.Add(new Point(end, figures.Sum(o => o.PupilsInvolved), figures.Sum(o => o.Pupils), figures.Sum(o => o.TeachersInvolved), figures.Sum(o => o.Teachers), figures.Sum(o => o.Pairs)));
        }
    }

    private async Task<string> TitleAsync(IndicatorCalculator calc)
    {
        if (Level.OrganizationId is { } o) return await calc.Organizations(Level).Select(x => x.Name).FirstOrDefaultAsync() ?? "организация";
        if (Level.MunicipalityId is { } m) return await db.Municipalities.AsNoTracking().Where(x => x.Id == m).Select(x => x.Name).FirstOrDefaultAsync() ?? "муниципалитет";
        return "все доступные муниципалитеты";
    }

    private static string Id(int id) => id.ToString(CultureInfo.InvariantCulture);

    public string Link(string page, string? extra = null) =>
        page + "?date=" + AsOf.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)
        + (Municipality is { } m ? "&municipality=" + Id(m) : "")
        + (Organization is { } o ? "&organization=" + Id(o) : "")
        + (extra is null ? "" : "&" + extra);

    public static int Bar(double? share) => share is { } s ? (int)Math.Round(Math.Clamp(s, 0, 100), MidpointRounding.AwayFromZero) : 0;
}
