namespace Nastavnik.Features.Monitoring;

/// <summary>
/// Counting the answers: plain functions over loaded rows, so a test can compare them with a hand count.
/// <para>Anonymity: for an anonymous questionnaire, a group of fewer than <see cref="MinAnonymousGroup"/> responses shows
/// only how many there are — no averages, no distributions, no texts (counting people, not forms: see <see cref="Aggregate"/>). With one mentee per pair, a programme's own
/// anonymous results would otherwise be that mentee's answers; they show up in the organisation's totals instead.</para>
/// </summary>
public static class MonitoringResults
{
    public const int MinAnonymousGroup = 3;

    public sealed record ResponseRow(Guid Id, int StageId, string? Respondent, IReadOnlyList<MonitoringAnswer> Answers);

    public sealed record Bar(string Label, int Count, double Share);

    public sealed record QuestionResult(Question Question, string Section, int Answered, double? Average, IReadOnlyList<Bar> Bars, IReadOnlyList<string> Texts);

    /// <param name="Respondents">How many different people filled it in, when known: fewer than <paramref name="Responses"/> when the same
    /// people answered at both stages.</param>
    public sealed record QuestionnaireResult(Questionnaire Questionnaire, int Responses, bool Hidden, IReadOnlyList<QuestionResult> Questions, double? CardPercent, int? Respondents = null);

    /// <param name="respondents">How many different people gave these responses, when known (the same mentee answers at
    /// both stages: four responses may be two people). The threshold applies to the smaller of the two counts.</param>
    public static QuestionnaireResult Aggregate(Questionnaire q, IReadOnlyList<ResponseRow> responses, int? respondents = null)
    {
        var hidden = q.IsAnonymous && Math.Min(responses.Count, respondents ?? responses.Count) < MinAnonymousGroup;
        var sections = q.Sections.ToDictionary(s => s.Id, s => s);
        var result = new List<QuestionResult>();
        if (!hidden)
        {
            foreach (var x in Ordered(q))
            {
                var answers = responses.Select(r => (r, a: r.Answers.Where(a => a.QuestionId == x.Id).ToList())).Where(p => p.a.Count > 0).ToList();
                var n = answers.Count;
                double Share(int c) => n == 0 ? 0 : 100.0 * c / n;
                var section = sections.TryGetValue(x.SectionId, out var s) ? s.Title : "";
                switch (x.Kind)
                {
                    case QuestionKind.Scale:
                        var values = answers.Select(p => p.a[0].Value ?? 0).ToList();
                        var bars = Enumerable.Range(x.ScaleMin ?? 0, (x.ScaleMax ?? 0) - (x.ScaleMin ?? 0) + 1).Select(v =>
                        {
                            var label = x.Options.FirstOrDefault(o => o.Value == v)?.Text;
                            var c = values.Count(y => y == v);
                            return new Bar(label is null ? v.ToString(System.Globalization.CultureInfo.InvariantCulture) : $"{v} — {label}", c, Share(c));
                        }).ToList();
                        result.Add(new QuestionResult(x, section, n, n == 0 ? null : values.Average(), bars, []));
                        break;
                    case QuestionKind.SingleChoice or QuestionKind.MultipleChoice:
                        var chosen = answers.SelectMany(p => p.a.Select(a => a.OptionId)).ToList();
                        result.Add(new QuestionResult(x, section, n, null,
                            [.. x.Options.OrderBy(o => o.Order).Select(o => { var c = chosen.Count(id => id == o.Id); return new Bar(o.Text, c, Share(c)); })], []));
                        break;
                    default:
                        result.Add(new QuestionResult(x, section, n, null, [],
                            [.. answers.Select(p => q.IsAnonymous || p.r.Respondent is null ? p.a[0].Text ?? "" : $"{p.a[0].Text} — {p.r.Respondent}")]));
                        break;
                }
            }
        }
        double? card = null;
        if (q.Kind == QuestionnaireKind.Card && !hidden)
        {
            var percents = responses.Select(r => CardPercent(q, r.Answers)).OfType<double>().ToList();
            card = percents.Count == 0 ? null : percents.Average();
        }
        return new QuestionnaireResult(q, responses.Count, hidden, result, card, respondents);
    }

    /// <summary>Questions in reading order: by section, then by their own order.</summary>
    public static IEnumerable<Question> Ordered(Questionnaire q)
    {
        var order = q.Sections.ToDictionary(s => s.Id, s => s.Order);
        return q.Questions.OrderBy(x => order.GetValueOrDefault(x.SectionId)).ThenBy(x => x.Order).ThenBy(x => x.Id);
    }

    /// <summary>
    /// A monitoring card's result as a share of its maximum: each scored criterion counts (value − min) / (max − min), and the
    /// card is their mean × 100. Cards on 0–2 and 1–3 scales become comparable, and a change is read in percentage points.
    /// </summary>
    public static double? CardPercent(Questionnaire q, IEnumerable<MonitoringAnswer> answers)
    {
        var scales = q.Questions.Where(x => x.Kind == QuestionKind.Scale && x.ScaleMax > x.ScaleMin).ToDictionary(x => x.Id);
        var parts = answers.Where(a => a.Value is not null && scales.ContainsKey(a.QuestionId))
            .Select(a => { var x = scales[a.QuestionId]; return (double)(a.Value!.Value - x.ScaleMin!.Value) / (x.ScaleMax!.Value - x.ScaleMin.Value); }).ToList();
        return parts.Count == 0 ? null : 100.0 * parts.Average();
    }

    /// <summary>One card result: whose programme, about which mentee, at which stage.</summary>
    public sealed record CardScore(int ProgramId, int SubjectPersonId, int QuestionnaireId, MonitoringKind Stage, double Percent);

    public sealed record MentorEffect(int MentorPersonId, string Mentor, int Mentees, double Interim, double Final)
    {
        public double Change => Final - Interim;
    }

    public sealed record MenteeChange(int ProgramId, int SubjectPersonId, double Interim, double Final)
    {
        public double Change => Final - Interim;
    }

    /// <summary>
    /// For each mentee of each programme: the mean card result at the interim and at the final stage, per card questionnaire
    /// and then averaged over the questionnaires. A mentee counts only when both stages have a card of the same questionnaire.
    /// </summary>
    public static List<MenteeChange> Changes(IEnumerable<CardScore> scores) =>
        [.. scores.GroupBy(s => (s.ProgramId, s.SubjectPersonId))
            .Select(g => (g.Key, Pairs: g.GroupBy(s => s.QuestionnaireId)
                .Select(q => (Interim: q.Where(s => s.Stage == MonitoringKind.Interim).Select(s => s.Percent).ToList(), Final: q.Where(s => s.Stage == MonitoringKind.Final).Select(s => s.Percent).ToList()))
                .Where(p => p.Interim.Count > 0 && p.Final.Count > 0)
                .Select(p => (I: p.Interim.Average(), F: p.Final.Average())).ToList()))
            .Where(x => x.Pairs.Count > 0)
            .Select(x => new MenteeChange(x.Key.ProgramId, x.Key.SubjectPersonId, x.Pairs.Average(p => p.I), x.Pairs.Average(p => p.F)))
            .OrderBy(x => x.ProgramId).ThenBy(x => x.SubjectPersonId)];

    /// <summary>
    /// Mentor effectiveness (seed 001 §6.4: «повышение качества образовательного процесса наставляемого, измеренное на основе
    /// карт мониторинга»): the mean, over the mentor's mentees, of the change of their card results from the interim to the
    /// final stage (<see cref="Changes"/>), in percentage points of the cards' maximum.
    /// </summary>
    public static List<MentorEffect> Effectiveness(IEnumerable<CardScore> scores, IReadOnlyDictionary<int, IReadOnlyList<(int PersonId, string Name)>> mentorsByProgram)
    {
        var rows = new List<(int Mentor, string Name, double I, double F)>();
        foreach (var m in Changes(scores))
            foreach (var (personId, name) in mentorsByProgram.GetValueOrDefault(m.ProgramId, []))
                rows.Add((personId, name, m.Interim, m.Final));
        return [.. rows.GroupBy(r => r.Mentor)
            .Select(g => new MentorEffect(g.Key, g.First().Name, g.Count(), g.Average(r => r.I), g.Average(r => r.F)))
            .OrderByDescending(e => e.Change).ThenBy(e => e.Mentor, StringComparer.Ordinal)];
    }
}
