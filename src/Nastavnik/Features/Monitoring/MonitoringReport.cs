using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Nastavnik.Data;
using Nastavnik.Features.Mentorships;
using Nastavnik.Platform.Auth;
using Nastavnik.Platform.Documents;
using Nastavnik.Platform.Tenancy;
using Nastavnik.Platform.Web;

namespace Nastavnik.Features.Monitoring;

/// <summary>What the results are asked for: a level (region, municipality, organisation or one programme), a mentor, a stage.</summary>
public sealed record MonitoringFilter(int? RegionId, int? MunicipalityId, int? OrganizationId, int? ProgramId, int? MentorPersonId, MonitoringKind? Stage, int? QuestionnaireId);

/// <summary>
/// The monitoring results for a filter, read through the tenant filters (a level outside the viewer's scope simply has no
/// rows): response rates per questionnaire, each questionnaire's answers counted, mentor effectiveness from the cards,
/// and, above an organisation, the same per organisation or municipality. The page and the XLSX are built from it.
/// </summary>
public sealed class MonitoringReport(AppDbContext db, MonitoringService service)
{
    public sealed record Rate(Questionnaire Q, int Assigned, int Completed)
    {
        public double Share => Assigned == 0 ? 0 : 100.0 * Completed / Assigned;
    }

    public sealed record GroupLine(int Id, string Name, int Assigned, int Completed, int Mentees, double? Change)
    {
        public double Share => Assigned == 0 ? 0 : 100.0 * Completed / Assigned;
    }

    public sealed record Data(MonitoringFilter Filter, string Scope, List<Rate> Rates, List<MonitoringResults.QuestionnaireResult> Results,
        List<MonitoringResults.MentorEffect> Mentors, string? GroupTitle, List<GroupLine> Groups)
    {
        public int Assigned => Rates.Sum(r => r.Assigned);
        public int Completed => Rates.Sum(r => r.Completed);
    }

    /// <summary>The viewer's own level when none is asked for: their school, municipality or region.</summary>
    public static MonitoringFilter DefaultLevel(TenantScope scope, MonitoringFilter f)
    {
        if (f.ProgramId is not null || f.OrganizationId is not null || f.MunicipalityId is not null || f.RegionId is not null) return f;
        var roles = scope.For(Permissions.MonitoringRead).Roles;
        if (roles.Count == 0) return f;
        if (roles.All(r => r.Level == ScopeLevel.Organization) && roles.Select(r => r.OrganizationId).Distinct().Count() == 1) return f with { OrganizationId = roles[0].OrganizationId };
        if (roles.All(r => r.Level == ScopeLevel.Municipality) && roles.Select(r => r.MunicipalityId).Distinct().Count() == 1) return f with { MunicipalityId = roles[0].MunicipalityId };
        if (roles.All(r => r.Level == ScopeLevel.Region) && roles.Select(r => r.RegionId).Distinct().Count() == 1) return f with { RegionId = roles[0].RegionId };
        return f;
    }

    /// <summary>Opened stages of the level (and programme / mentor), any stage kind.</summary>
    private IQueryable<MonitoringStage> Stages(MonitoringFilter f)
    {
        var q = db.MonitoringStages.AsNoTracking().Where(s => s.OpenedAt != null);
        if (f.ProgramId is { } p) q = q.Where(s => s.ProgramId == p);
        if (f.OrganizationId is { } o) q = q.Where(s => s.OrganizationId == o);
        if (f.MunicipalityId is { } m) q = q.Where(s => s.MunicipalityId == m);
        if (f.RegionId is { } r) q = q.Where(s => s.RegionId == r);
        if (f.MentorPersonId is { } mentor)
            q = q.Where(s => db.MentoringPrograms.Any(p => p.Id == s.ProgramId
                && db.MentorshipParticipants.Any(x => x.MentorshipId == p.MentorshipId && x.PersonId == mentor && x.Role == ParticipantRole.Mentor)));
        return q;
    }

    public async Task<Data> BuildAsync(MonitoringFilter f, bool allQuestionnaires, CancellationToken ct = default)
    {
        var stages = await Stages(f).Select(s => new { s.Id, s.Kind, s.ProgramId, s.OrganizationId, s.MunicipalityId }).ToListAsync(ct);
        var kinds = stages.ToDictionary(s => s.Id, s => s.Kind);
        var chosen = stages.Where(s => f.Stage is null || s.Kind == f.Stage).Select(s => s.Id).ToList();
        var allIds = stages.Select(s => s.Id).ToList();

        var assignments = await db.MonitoringAssignments.AsNoTracking().Where(a => allIds.Contains(a.StageId))
            .Select(a => new { a.StageId, a.QuestionnaireId, Done = a.CompletedAt != null, a.PersonId, a.OrganizationId, a.MunicipalityId }).ToListAsync(ct);
        var chosenSet = chosen.ToHashSet();
        var questionnaireIds = assignments.Select(a => a.QuestionnaireId).Distinct().ToList();
        var questionnaires = new Dictionary<int, Questionnaire>();
        foreach (var id in questionnaireIds) if (await service.LoadAsync(id, ct: ct) is { } q) questionnaires[id] = q;
        var rates = assignments.Where(a => chosenSet.Contains(a.StageId) && questionnaires.ContainsKey(a.QuestionnaireId)).GroupBy(a => a.QuestionnaireId)
            .Select(g => new Rate(questionnaires[g.Key], g.Count(), g.Count(a => a.Done)))
            .OrderBy(r => r.Q.Audience).ThenBy(r => r.Q.Kind).ThenBy(r => r.Q.Id).ToList();

        // Answers of the asked questionnaire (or all of them for the export) at the chosen stages.
        var wanted = allQuestionnaires ? rates.Select(r => r.Q.Id).ToList()
            : f.QuestionnaireId is { } qid && rates.Any(r => r.Q.Id == qid) ? [qid] : rates.Take(1).Select(r => r.Q.Id).ToList();
        var responses = await db.MonitoringResponses.AsNoTracking().Include(r => r.Answers)
            .Where(r => chosen.Contains(r.StageId) && wanted.Contains(r.QuestionnaireId)).ToListAsync(ct);
        var personIds = responses.Where(r => r.PersonId is not null).Select(r => r.PersonId!.Value).Distinct().ToList();
        var names = (await db.People.AsNoTracking().Where(p => personIds.Contains(p.Id)).Select(p => new { p.Id, p.LastName, p.FirstName, p.MiddleName }).ToListAsync(ct))
            .ToDictionary(p => p.Id, p => MentorshipQueries.ShortName(p.LastName, p.FirstName, p.MiddleName));
        var results = wanted.Select(id => MonitoringResults.Aggregate(questionnaires[id], [.. responses.Where(r => r.QuestionnaireId == id)
            .OrderBy(r => r.SubmittedAt).ThenBy(r => r.Id)
            .Select(r => new MonitoringResults.ResponseRow(r.Id, r.StageId,
                questionnaires[id].IsAnonymous ? null : r.PersonId is { } pid ? $"{Formats.Name(r.RespondentRole)} {names.GetValueOrDefault(pid, "")}".Trim() : Formats.Name(r.RespondentRole),
                r.Answers))],
            // Different people who completed it at the chosen stages (anonymous questionnaires are addressed to a person).
            assignments.Where(a => a.Done && a.QuestionnaireId == id && chosenSet.Contains(a.StageId)).Select(a => a.PersonId).Distinct().Count())).ToList();

        // Mentor effectiveness from every card of both stages.
        var cardIds = questionnaires.Values.Where(q => q.Kind == QuestionnaireKind.Card).Select(q => q.Id).ToList();
        var cards = await db.MonitoringResponses.AsNoTracking().Include(r => r.Answers)
            .Where(r => allIds.Contains(r.StageId) && cardIds.Contains(r.QuestionnaireId) && r.SubjectPersonId != null).ToListAsync(ct);
        var stageProgram = stages.ToDictionary(s => s.Id, s => s.ProgramId);
        var scores = cards.Select(r => (r, p: MonitoringResults.CardPercent(questionnaires[r.QuestionnaireId], r.Answers)))
            .Where(x => x.p is not null)
            .Select(x => new MonitoringResults.CardScore(stageProgram[x.r.StageId], x.r.SubjectPersonId!.Value, x.r.QuestionnaireId, kinds[x.r.StageId], x.p!.Value)).ToList();
        var programIds = scores.Select(s => s.ProgramId).Distinct().ToList();
        var mentorRows = await db.MentoringPrograms.AsNoTracking().Where(p => programIds.Contains(p.Id))
            .Join(db.MentorshipParticipants, p => p.MentorshipId, x => x.MentorshipId, (p, x) => new { ProgramId = p.Id, x.PersonId, x.Role })
            .Where(x => x.Role == ParticipantRole.Mentor)
            .Join(db.People, x => x.PersonId, p => p.Id, (x, p) => new { x.ProgramId, x.PersonId, p.LastName, p.FirstName, p.MiddleName }).ToListAsync(ct);
        IReadOnlyDictionary<int, IReadOnlyList<(int, string)>> mentorsByProgram = mentorRows.GroupBy(x => x.ProgramId)
            .ToDictionary(g => g.Key, g => (IReadOnlyList<(int, string)>)[.. g.Select(x => (x.PersonId, MentorshipQueries.ShortName(x.LastName, x.FirstName, x.MiddleName)))]);
        var mentors = MonitoringResults.Effectiveness(scores, mentorsByProgram);
        if (f.MentorPersonId is { } only) mentors = [.. mentors.Where(m => m.MentorPersonId == only)];

        // Above a school: the same per organisation (municipality level) or per municipality (region level and above).
        string? groupTitle = null;
        var groups = new List<GroupLine>();
        if (f.ProgramId is null && f.OrganizationId is null)
        {
            var byOrg = f.MunicipalityId is not null;
            groupTitle = byOrg ? "По организациям" : "По муниципалитетам";
            var stageGroup = stages.ToDictionary(s => s.Id, s => byOrg ? s.OrganizationId : s.MunicipalityId);
            var keys = stages.Select(s => byOrg ? s.OrganizationId : s.MunicipalityId).Distinct().ToList();
            var groupNames = byOrg
                ? await db.Organizations.AsNoTracking().Where(o => keys.Contains(o.Id)).ToDictionaryAsync(o => o.Id, o => o.Name, ct)
                : await db.Municipalities.AsNoTracking().Where(o => keys.Contains(o.Id)).ToDictionaryAsync(o => o.Id, o => o.Name, ct);
            var perMentee = MonitoringResults.Changes(scores);
            var programGroup = stages.GroupBy(s => s.ProgramId).ToDictionary(g => g.Key, g => stageGroup[g.First().Id]);
            foreach (var k in keys)
            {
                var a = assignments.Where(x => chosenSet.Contains(x.StageId) && stageGroup[x.StageId] == k).ToList();
                var changes = perMentee.Where(c => programGroup.GetValueOrDefault(c.ProgramId) == k).Select(c => c.Change).ToList();
                groups.Add(new GroupLine(k, groupNames.GetValueOrDefault(k, "—"), a.Count, a.Count(x => x.Done), changes.Count, changes.Count == 0 ? null : changes.Average()));
            }
            groups = [.. groups.OrderBy(g => g.Name, StringComparer.Ordinal)];
        }
        return new Data(f, await ScopeNameAsync(f, ct), rates, results, mentors, groupTitle, groups);
    }

    public async Task<string> ScopeNameAsync(MonitoringFilter f, CancellationToken ct)
    {
        var parts = new List<string>();
        if (f.ProgramId is { } p) parts.Add($"программа наставничества №{p.ToString(CultureInfo.InvariantCulture)}");
        if (f.OrganizationId is { } o) parts.Add(await db.Organizations.AsNoTracking().Where(x => x.Id == o).Select(x => x.Name).FirstOrDefaultAsync(ct) ?? "организация");
        if (f.MunicipalityId is { } m) parts.Add(await db.Municipalities.AsNoTracking().Where(x => x.Id == m).Select(x => x.Name).FirstOrDefaultAsync(ct) ?? "муниципалитет");
        if (f.RegionId is { } r) parts.Add(await db.Regions.AsNoTracking().Where(x => x.Id == r).Select(x => x.Name).FirstOrDefaultAsync(ct) ?? "регион");
        if (parts.Count == 0) parts.Add("все доступные организации");
        if (f.MentorPersonId is { } mentor)
        {
            var n = await db.People.AsNoTracking().Where(x => x.Id == mentor).Select(x => new { x.LastName, x.FirstName, x.MiddleName }).FirstOrDefaultAsync(ct);
            parts.Add("наставник " + (n is null ? "—" : MentorshipQueries.ShortName(n.LastName, n.FirstName, n.MiddleName)));
        }
        parts.Add(f.Stage is { } s ? Formats.Name(s) + " мониторинг" : "оба этапа");
        return string.Join(", ", parts);
    }

    public static string Pct(double v) => v.ToString("0.0", WebHost.Russian) + " %";

    public static string Avg(double? v) => v is { } x ? x.ToString("0.00", WebHost.Russian) : "—";

    public static string Change(double v) => v.ToString("+0.0;−0.0;0.0", WebHost.Russian) + " п. п.";

    /// <summary>The results as a workbook: response rates, every questionnaire's answers, mentor effectiveness, the breakdown.</summary>
    public static byte[] Xlsx(Data d, DateTime generatedUtc)
    {
        var x = new XlsxBuilder();
        static XlsxCell N(double v, int digits = 1) => XlsxCell.FromNumber(Math.Round(v, digits));
        var s = x.AddSheet("Отклик");
        s.Title("Результаты мониторинга программ наставничества");
        s.Row("Охват: " + d.Scope);
        s.Row("Сформировано " + Formats.DateTime(generatedUtc));
        s.Header("Анкета", "Вид", "Кто заполняет", "Назначено", "Заполнено", "Отклик, %");
        foreach (var r in d.Rates) s.Row(r.Q.Title, Formats.Name(r.Q.Kind), Formats.Name(r.Q.Audience), N(r.Assigned, 0), N(r.Completed, 0), N(r.Share));
        s.Row(XlsxStyle.Group, "Всего", "", "", N(d.Assigned, 0), N(d.Completed, 0), N(d.Assigned == 0 ? 0 : 100.0 * d.Completed / d.Assigned));
        s.ColumnWidths(60, 18, 16, 12, 12, 12).FreezeTopRows(4);

        var a = x.AddSheet("Ответы");
        a.Header("Анкета", "Раздел", "Вопрос", "Тип", "Ответили", "Среднее", "Вариант / значение", "Число ответов", "Доля, %");
        foreach (var q in d.Results)
        {
            a.SpanRow($"{q.Questionnaire.Title}: анкет {q.Responses.ToString(CultureInfo.InvariantCulture)}" +
                      (q.Hidden ? $" — анонимная анкета, заполнили меньше {Formats.Count(MonitoringResults.MinAnonymousGroup, "человека", "человек", "человек")}: результаты не показываются" : "") +
                      (q.CardPercent is { } cp ? $"; средний результат карты {Pct(cp)}" : ""), 9);
            foreach (var r in q.Questions)
            {
                if (r.Question.Kind == QuestionKind.Text)
                {
                    a.Row(q.Questionnaire.Title, r.Section, r.Question.Text, Formats.Name(r.Question.Kind), N(r.Answered, 0), "", "", "", "");
                    foreach (var t in r.Texts) a.Row(q.Questionnaire.Title, r.Section, r.Question.Text, "ответ", "", "", t, "", "");
                    continue;
                }
                a.Row(q.Questionnaire.Title, r.Section, r.Question.Text, Formats.Name(r.Question.Kind), N(r.Answered, 0), r.Average is { } av ? N(av, 2) : "", "", "", "");
                foreach (var b in r.Bars) a.Row(q.Questionnaire.Title, r.Section, r.Question.Text, "", "", "", b.Label, N(b.Count, 0), N(b.Share));
            }
        }
        a.ColumnWidths(30, 20, 50, 14, 10, 10, 40, 12, 10).FreezeTopRows(1);

        var m = x.AddSheet("Эффективность наставников");
        m.Header("Наставник", "Наставляемых с двумя картами", "Промежуточный, %", "Итоговый, %", "Изменение, п. п.");
        foreach (var e in d.Mentors) m.Row(e.Mentor, N(e.Mentees, 0), N(e.Interim), N(e.Final), N(e.Change));
        m.ColumnWidths(30, 16, 16, 16, 16).FreezeTopRows(1);

        if (d.GroupTitle is not null)
        {
            var g = x.AddSheet(d.GroupTitle);
            g.Header("Название", "Назначено", "Заполнено", "Отклик, %", "Наставляемых с двумя картами", "Среднее изменение карт, п. п.");
            foreach (var l in d.Groups) g.Row(l.Name, N(l.Assigned, 0), N(l.Completed, 0), N(l.Share), N(l.Mentees, 0), l.Change is { } c ? N(c) : "—");
            g.ColumnWidths(50, 12, 12, 12, 16, 18).FreezeTopRows(1);
        }
        return x.ToArray();
    }
}
