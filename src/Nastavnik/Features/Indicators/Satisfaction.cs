using Microsoft.EntityFrameworkCore;
using Nastavnik.Data;
using Nastavnik.Features.Monitoring;

namespace Nastavnik.Features.Indicators;

/// <summary>A questionnaire whose scale answers measure satisfaction: a survey for mentees or mentors with at least one scale question.</summary>
/// <param name="ScaleMin">The common scale of its scale questions (null when they differ: then only the share of the maximum is shown).</param>
public sealed record SatisfactionQuestionnaire(int Id, string Title, QuestionnaireAudience Audience, bool IsAnonymous, int? ScaleMin, int? ScaleMax);

/// <summary>
/// One questionnaire at one organisation over the period: assignments, how many were completed and by how many people,
/// responses, and the scale answers summed (raw and as a share of each question's range). Every number adds up, so a
/// municipality or a region is the sum of its organisations.
/// </summary>
public sealed record SatisfactionPart(int QuestionnaireId, int OrganizationId, int MunicipalityId, int Assigned, int Completed, int Respondents, int Responses,
    int Answers, long Sum, double Fraction)
{
    /// <summary>How many people the answers could be told apart as: the same mentee answers at both stages (two responses, one person).</summary>
    public int Weight => Math.Min(Responses, Respondents);
}

/// <summary>
/// What a dashboard shows for one questionnaire at one place: responses and response rate always (they say nothing
/// about anyone's answers); the average only over answers that cannot be traced to fewer than
/// <see cref="SatisfactionBoard.MinAnswers"/> people (<see cref="SatisfactionBoard"/> explains which those are).
/// </summary>
public sealed record SatisfactionFigure(SatisfactionQuestionnaire Questionnaire, int Assigned, int Completed, int Responses, int Counted, int Answers, long Sum, double Fraction)
{
    /// <summary>The organisations whose answers the average takes in.</summary>
    public IReadOnlySet<int> CountedOrganizations { get; init; } = new HashSet<int>();

    /// <summary>An average is shown (enough answers behind it).</summary>
    public bool Published => Counted > 0 && Answers > 0;

    /// <summary>There are answers, but too few to show an average: «мало ответов».</summary>
    public bool TooFew => Responses > 0 && Counted == 0;

    /// <summary>Responses left out of the average (their organisations have too few to be shown, even together).</summary>
    public int NotCounted => Responses - Counted;

    /// <summary>The mean scale answer on the questionnaire's own scale (e.g. 8.4 of 10), when its scales agree.</summary>
    public double? Average => Published && Questionnaire.ScaleMax is not null ? (double)Sum / Answers : null;

    /// <summary>The mean answer as a share of its scale: (value − min) / (max − min), 0–100 — the bar.</summary>
    public double? Percent => Published ? 100 * Fraction / Answers : null;

    public double? Rate => Assigned > 0 ? 100.0 * Completed / Assigned : null;
}

/// <summary>
/// Satisfaction from monitoring for a level and date: the filled-in satisfaction questionnaires (surveys for mentees
/// and mentors with scale questions, the built-in «Анкета удовлетворённости наставляемого / наставника» and a
/// region's or school's own) at the monitoring stages opened in the period (1 January – the as-of date; an anonymous
/// response keeps no time of its own, so the stage's opening dates it), per organisation.
/// <para>Small numbers. An organisation's average is shown when it rests on at least <see cref="MinAnswers"/> people
/// (<see cref="SatisfactionPart.Weight"/>). Above it, a plain total would give away what is hidden below: a
/// municipality's average and the averages of all but one of its schools give that school's two answers. So a total
/// covers its shown parts, plus everything not shown below it only when that remainder is itself at least
/// <see cref="MinAnswers"/> people; otherwise the remainder is left out of the average (still counted in the number of
/// responses). Every average on any page is then a sum of pieces of at least three people, whatever pages a viewer
/// puts side by side — the municipality's on the regional page is the same as on its own page.</para>
/// </summary>
public sealed class SatisfactionBoard
{
    public const int MinAnswers = MonitoringResults.MinAnonymousGroup;

    public static readonly SatisfactionBoard Empty = new([], []);

    public SatisfactionBoard(IReadOnlyList<SatisfactionQuestionnaire> questionnaires, IReadOnlyList<SatisfactionPart> parts)
    {
        Questionnaires = questionnaires;
        Parts = parts;
    }

    /// <summary>Mentee questionnaires first, then mentors', each by title.</summary>
    public IReadOnlyList<SatisfactionQuestionnaire> Questionnaires { get; }
    public IReadOnlyList<SatisfactionPart> Parts { get; }

    public bool IsEmpty => Parts.Count == 0;

    /// <summary>The board of several (the municipalities of a region): parts side by side, questionnaires once.</summary>
    public static SatisfactionBoard Combine(IEnumerable<SatisfactionBoard> boards)
    {
        var list = boards.ToList();
        return new SatisfactionBoard(Order(list.SelectMany(b => b.Questionnaires).DistinctBy(q => q.Id)), [.. list.SelectMany(b => b.Parts)]);
    }

    /// <summary>The part of the board about one municipality.</summary>
    public SatisfactionBoard ForMunicipalityOnly(int municipalityId)
    {
        var parts = Parts.Where(p => p.MunicipalityId == municipalityId).ToList();
        var ids = parts.Select(p => p.QuestionnaireId).ToHashSet();
        return new SatisfactionBoard([.. Questionnaires.Where(q => ids.Contains(q.Id))], parts);
    }

    private static List<SatisfactionQuestionnaire> Order(IEnumerable<SatisfactionQuestionnaire> list) =>
        [.. list.OrderBy(q => q.Audience).ThenBy(q => q.Title, StringComparer.Ordinal).ThenBy(q => q.Id)];

    /// <summary>One organisation's figures: its own average when at least <see cref="MinAnswers"/> people answered.</summary>
    public IReadOnlyList<SatisfactionFigure> ForOrganization(int organizationId) =>
        [.. Questionnaires.Select(q => Figure(q, PartsOf(q, p => p.OrganizationId == organizationId), OrganizationCounted))];

    /// <summary>A municipality's figures: its shown organisations, and the rest when that rest is large enough.</summary>
    public IReadOnlyList<SatisfactionFigure> ForMunicipality(int municipalityId) =>
        [.. Questionnaires.Select(q => Figure(q, PartsOf(q, p => p.MunicipalityId == municipalityId), MunicipalityCounted))];

    /// <summary>Everything on the board (a region): its shown municipalities, and the rest when that rest is large enough.</summary>
    public IReadOnlyList<SatisfactionFigure> ForAll() => [.. Questionnaires.Select(q => Figure(q, PartsOf(q, _ => true), AllCounted))];

    private List<SatisfactionPart> PartsOf(SatisfactionQuestionnaire q, Func<SatisfactionPart, bool> where) =>
        [.. Parts.Where(p => p.QuestionnaireId == q.Id && where(p))];

    private static SatisfactionFigure Figure(SatisfactionQuestionnaire q, List<SatisfactionPart> parts, Func<List<SatisfactionPart>, List<SatisfactionPart>> counted)
    {
        var c = counted(parts);
        return new SatisfactionFigure(q, parts.Sum(p => p.Assigned), parts.Sum(p => p.Completed), parts.Sum(p => p.Responses), c.Sum(p => p.Responses),
            c.Sum(p => p.Answers), c.Sum(p => p.Sum), c.Sum(p => p.Fraction))
        { CountedOrganizations = c.Select(p => p.OrganizationId).ToHashSet() };
    }

    // The organisations whose answers an average takes in, level by level (one part per organisation and questionnaire).
    private static List<SatisfactionPart> OrganizationCounted(List<SatisfactionPart> parts) => parts.Sum(p => p.Weight) >= MinAnswers ? parts : [];

    private static List<SatisfactionPart> MunicipalityCounted(List<SatisfactionPart> parts) =>
        WithRemainder(parts, [.. parts.Where(p => p.Weight >= MinAnswers)]);

    private static List<SatisfactionPart> AllCounted(List<SatisfactionPart> parts) =>
        WithRemainder(parts, [.. parts.GroupBy(p => p.MunicipalityId).SelectMany(g => MunicipalityCounted([.. g]))]);

    /// <summary>The shown parts, and all the others too when together they are at least <see cref="MinAnswers"/> people.</summary>
    private static List<SatisfactionPart> WithRemainder(List<SatisfactionPart> all, List<SatisfactionPart> shown)
    {
        var rest = all.Except(shown).Sum(p => p.Weight);
        return rest >= MinAnswers ? all : shown;
    }

    /// <summary>The period's monitoring stages are those opened from 1 January of the as-of date's year to the end of that date (UTC).</summary>
    public static (DateTime From, DateTime To) Window(DateOnly asOf) =>
        (IndicatorCalculator.PeriodStart(asOf).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc), asOf.AddDays(1).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc));

    /// <summary>
    /// The parts of the level's measured organisations, through the tenant filters (a viewer counts only what they may
    /// see). Grouped by the database: assignments by questionnaire and organisation, scale answers by question as well.
    /// </summary>
    public static async Task<SatisfactionBoard> LoadAsync(AppDbContext db, MonitoringLevel level, DateOnly asOf, CancellationToken ct = default)
    {
        var orgs = new IndicatorCalculator(db).Organizations(level).Select(o => o.Id);
        var (from, to) = Window(asOf);
        var stageIds = db.MonitoringStages.AsNoTracking().Where(s => s.OpenedAt != null && s.OpenedAt >= from && s.OpenedAt < to && orgs.Contains(s.OrganizationId)).Select(s => s.Id);
        var assignments = db.MonitoringAssignments.AsNoTracking()
            .Where(a => (a.Audience == QuestionnaireAudience.Mentee || a.Audience == QuestionnaireAudience.Mentor) && stageIds.Contains(a.StageId));
        var ids = await assignments.Select(a => a.QuestionnaireId).Distinct().ToListAsync(ct);
        if (ids.Count == 0) return Empty;

        // Questionnaires are read by id past their filter: a school's own questionnaire is named on the municipality's board.
        var found = await db.Questionnaires.IgnoreQueryFilters().AsNoTracking()
            .Where(q => ids.Contains(q.Id) && q.Kind == QuestionnaireKind.Survey && (q.Audience == QuestionnaireAudience.Mentee || q.Audience == QuestionnaireAudience.Mentor))
            .Select(q => new { q.Id, q.Title, q.Audience, q.IsAnonymous }).ToListAsync(ct);
        var scales = await db.Questions.AsNoTracking()
            .Where(x => ids.Contains(x.QuestionnaireId) && x.Kind == QuestionKind.Scale && x.ScaleMin != null && x.ScaleMax != null && x.ScaleMax > x.ScaleMin)
            .Select(x => new { x.Id, x.QuestionnaireId, Min = x.ScaleMin!.Value, Max = x.ScaleMax!.Value }).ToListAsync(ct);
        var questionnaires = found.Where(q => scales.Any(s => s.QuestionnaireId == q.Id)).Select(q =>
        {
            var own = scales.Where(s => s.QuestionnaireId == q.Id).Select(s => (s.Min, s.Max)).Distinct().ToList();
            return new SatisfactionQuestionnaire(q.Id, q.Title, q.Audience, q.IsAnonymous, own.Count == 1 ? own[0].Min : null, own.Count == 1 ? own[0].Max : null);
        }).ToList();
        if (questionnaires.Count == 0) return Empty;
        var qids = questionnaires.Select(q => q.Id).ToList();
        var scaleIds = scales.Where(s => qids.Contains(s.QuestionnaireId)).Select(s => s.Id).ToList();
        var range = scales.ToDictionary(s => s.Id, s => (s.Min, s.Max));

        var assigned = await assignments.Where(a => qids.Contains(a.QuestionnaireId))
            .GroupBy(a => new { a.QuestionnaireId, a.OrganizationId, a.MunicipalityId })
            .Select(g => new
            {
                g.Key.QuestionnaireId, g.Key.OrganizationId, g.Key.MunicipalityId,
                Assigned = g.Count(),
                Completed = g.Count(a => a.CompletedAt != null),
                // Anonymous responses keep no person: the people are those whose assignments are done.
                Respondents = g.Where(a => a.CompletedAt != null).Select(a => a.PersonId).Distinct().Count(),
            }).ToListAsync(ct);
        var responses = db.MonitoringResponses.AsNoTracking().Where(r => qids.Contains(r.QuestionnaireId) && stageIds.Contains(r.StageId));
        var counts = await responses.GroupBy(r => new { r.QuestionnaireId, r.OrganizationId })
            .Select(g => new { g.Key.QuestionnaireId, g.Key.OrganizationId, Count = g.Count() })
            .ToDictionaryAsync(x => (x.QuestionnaireId, x.OrganizationId), x => x.Count, ct);
        var answers = (await (from a in db.MonitoringAnswers.AsNoTracking()
                              join r in responses on a.ResponseId equals r.Id
                              where a.Value != null && scaleIds.Contains(a.QuestionId)
                              group a by new { r.QuestionnaireId, r.OrganizationId, a.QuestionId } into g
                              select new { g.Key.QuestionnaireId, g.Key.OrganizationId, g.Key.QuestionId, Count = g.Count(), Sum = g.Sum(x => x.Value) }).ToListAsync(ct))
            .GroupBy(x => (x.QuestionnaireId, x.OrganizationId))
            .ToDictionary(g => g.Key, g => (Count: g.Sum(x => x.Count), Sum: g.Sum(x => (long)(x.Sum ?? 0)),
                Fraction: g.Sum(x => (double)((x.Sum ?? 0) - (long)x.Count * range[x.QuestionId].Min) / (range[x.QuestionId].Max - range[x.QuestionId].Min))));

        var parts = assigned.Select(a =>
        {
            var key = (a.QuestionnaireId, a.OrganizationId);
            var s = answers.GetValueOrDefault(key);
            return new SatisfactionPart(a.QuestionnaireId, a.OrganizationId, a.MunicipalityId, a.Assigned, a.Completed, a.Respondents, counts.GetValueOrDefault(key), s.Count, s.Sum, s.Fraction);
        }).OrderBy(p => p.MunicipalityId).ThenBy(p => p.OrganizationId).ThenBy(p => p.QuestionnaireId).ToList();
        return new SatisfactionBoard(Order(questionnaires), parts);
    }
}
