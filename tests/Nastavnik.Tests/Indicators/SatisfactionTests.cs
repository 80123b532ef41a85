using System.Globalization;
using System.Net;
using AngleSharp.Html.Parser;
using DocumentFormat.OpenXml.Packaging;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Nastavnik.Features.Indicators;
using Nastavnik.Features.Mentorships;
using Nastavnik.Features.Monitoring;
using Nastavnik.Features.Organizations;
using Nastavnik.Features.People;
using Nastavnik.Features.Programmes;
using Nastavnik.Platform.Auth;
using Nastavnik.Tests.Mentorships;

namespace Nastavnik.Tests.Indicators;

/// <summary>The small-numbers rule of <see cref="SatisfactionBoard"/>, on hand-made parts.</summary>
public sealed class SatisfactionRulesTests
{
    private static readonly SatisfactionQuestionnaire Q = new(1, "Анкета удовлетворённости наставляемого", QuestionnaireAudience.Mentee, true, 1, 10);

    /// <summary>An organisation's part: <paramref name="responses"/> responses by <paramref name="people"/> people, five scale answers each, all equal to <paramref name="value"/>.</summary>
    private static SatisfactionPart P(int org, int municipality, int responses, int value, int? people = null) =>
        new(Q.Id, org, municipality, responses + 1, responses, people ?? responses, responses, responses * 5, responses * 5L * value, responses * 5 * (value - 1) / 9.0);

    private static SatisfactionBoard Board(params SatisfactionPart[] parts) => new([Q], parts);

    [Fact]
    public void Organization_TwoPeople_NoAverage_ThreePeople_Average()
    {
        var b = Board(P(10, 1, 2, 9), P(11, 1, 3, 8));
        var two = b.ForOrganization(10).Single();
        Assert.True(two.TooFew);
        Assert.Null(two.Average);
        Assert.Null(two.Percent);
        Assert.Equal("мало ответов", IndicatorWeb.Score(two));
        Assert.Equal(2, two.Responses);
        var three = b.ForOrganization(11).Single();
        Assert.Equal(8.0, three.Average!.Value, 9);
        Assert.Equal(100.0 * 7 / 9, three.Percent!.Value, 9);
        Assert.Equal("8,0 из 10", IndicatorWeb.Score(three));
        Assert.Equal("3 из 4 (75,0 %)", IndicatorWeb.Rate(three));
        Assert.Equal("нет ответов", IndicatorWeb.Score(b.ForOrganization(99).Single()));
    }

    [Fact]
    public void Organization_FourResponsesOfTwoPeople_NoAverage()
    {
        // The same two mentees answered at both stages: four forms, two people.
        var f = Board(P(10, 1, 4, 9, people: 2)).ForOrganization(10).Single();
        Assert.True(f.TooFew);
        Assert.Null(f.Average);
    }

    [Fact]
    public void Municipality_HiddenRestOfTwo_LeftOutOfTheAverage()
    {
        // A plain total (5 × 9 + 2 × 3) / 7 next to the first school's 9 would give the second school's two answers away.
        var f = Board(P(10, 1, 5, 9), P(11, 1, 2, 3)).ForMunicipality(1).Single();
        Assert.Equal(9.0, f.Average!.Value, 9);
        Assert.Equal((7, 5, 2), (f.Responses, f.Counted, f.NotCounted));
    }

    [Fact]
    public void Municipality_HiddenRestOfThree_CountedInTheAverage()
    {
        var f = Board(P(10, 1, 5, 9), P(11, 1, 2, 3), P(12, 1, 1, 5)).ForMunicipality(1).Single();
        Assert.Equal((5 * 9 + 2 * 3 + 1 * 5) / 8.0, f.Average!.Value, 9);
        Assert.Equal((8, 8, 0), (f.Responses, f.Counted, f.NotCounted));
    }

    [Fact]
    public void Municipality_AllSchoolsSmall_ButThreeTogether_ShowsTheAverage()
    {
        var f = Board(P(10, 1, 1, 4), P(11, 1, 2, 7)).ForMunicipality(1).Single();
        Assert.Equal(6.0, f.Average!.Value, 9);
        Assert.True(Board(P(10, 1, 1, 4), P(11, 1, 2, 7)).ForOrganization(11).Single().TooFew);
    }

    [Fact]
    public void Region_RestsOfMunicipalitiesAddUp()
    {
        // Municipality 1 leaves out its small school (2); municipality 2 has one answer; together 3 people.
        var b = Board(P(10, 1, 5, 9), P(11, 1, 2, 3), P(20, 2, 1, 5));
        Assert.Equal(5, b.ForMunicipality(1).Single().Counted);
        Assert.True(b.ForMunicipality(2).Single().TooFew);
        var all = b.ForAll().Single();
        Assert.Equal((8, 0), (all.Counted, all.NotCounted));
        var smaller = Board(P(10, 1, 5, 9), P(11, 1, 1, 3), P(20, 2, 1, 5)).ForAll().Single();
        Assert.Equal((7, 5, 2), (smaller.Responses, smaller.Counted, smaller.NotCounted));
    }

    [Fact]
    public void AnyPages_SideBySide_NeverIsolateFewerThanThreePeople()
    {
        // Random regions. Every figure a viewer can see (each school, each municipality, the region) counts a set of
        // schools; taking away from a figure everything the smaller figures inside it show leaves nobody or at least
        // three people — so no combination of pages isolates one or two people's answers.
        var rng = new Random(20261123);
        var checkedFigures = 0;
        for (var round = 0; round < 3000; round++)
        {
            var parts = new List<SatisfactionPart>();
            var org = 0;
            var municipalities = rng.Next(1, 5);
            for (var m = 1; m <= municipalities; m++)
                for (var o = rng.Next(1, 6); o > 0; o--)
                {
                    var responses = rng.Next(0, 7);
                    parts.Add(P(++org, m, responses, rng.Next(1, 11), people: responses == 0 ? 0 : rng.Next(1, responses + 1)));
                }
            var b = Board([.. parts]);
            var weight = parts.ToDictionary(p => p.OrganizationId, p => p.Weight);
            var schools = parts.Select(p => b.ForOrganization(p.OrganizationId).Single()).Where(f => f.Published).ToList();
            var districts = parts.Select(p => p.MunicipalityId).Distinct().Select(m => b.ForMunicipality(m).Single()).Where(f => f.Published).ToList();
            var region = new[] { b.ForAll().Single() }.Where(f => f.Published).ToList();
            var all = schools.Concat(districts).Concat(region).ToList();
            foreach (var f in all)
            {
                Assert.True(f.CountedOrganizations.Sum(o => weight[o]) >= SatisfactionBoard.MinAnswers, $"раунд {round}: показано среднее меньше чем по трём людям");
                var inside = all.Where(g => g != f && g.CountedOrganizations.IsSubsetOf(f.CountedOrganizations) && g.CountedOrganizations.Count < f.CountedOrganizations.Count)
                    .SelectMany(g => g.CountedOrganizations).ToHashSet();
                var rest = f.CountedOrganizations.Except(inside).Sum(o => weight[o]);
                Assert.True(rest == 0 || rest >= SatisfactionBoard.MinAnswers, $"раунд {round}: за вычетом вложенных цифр остаётся {rest} чел.");
                checkedFigures++;
            }
            // A municipality is the same figure on its own page and as a row of the region's page.
            foreach (var m in parts.Select(p => p.MunicipalityId).Distinct())
                Assert.Equal(b.ForMunicipality(m).Single().Counted, b.ForMunicipalityOnly(m).ForMunicipality(m).Single().Counted);
        }
        Assert.True(checkedFigures > 5000, checkedFigures.ToString(CultureInfo.InvariantCulture));
    }
}

/// <summary>
/// Satisfaction on the dashboard end to end: questionnaires answered at three schools of a district (one of them last
/// year), the page's averages, «мало ответов», scope, period, and a new answer through the questionnaire page showing
/// at once on a cached dashboard.
/// </summary>
public sealed class SatisfactionDashboardTests(TestApp app) : IClassFixture<TestApp>
{
    private static readonly HtmlParser Parser = new();

    private sealed record Cohort(Organization Org, int StageId, List<Person> Mentees, Person Mentor);

    private sealed record World(Municipality Municipality, Organization A, Organization B, Organization C, Cohort CohortB, AppUser LateMentee, int LateAssignmentId);

    private Task<Questionnaire> BuiltInAsync(string key) => app.WithDbAsync(db =>
        db.Questionnaires.Include(q => q.Sections).Include(q => q.Questions).ThenInclude(q => q.Options).AsSplitQuery().SingleAsync(q => q.BuiltInKey == key));

    /// <summary>
    /// A mentor with <paramref name="mentees"/> young teachers in one group, its programme and an interim stage opened at
    /// <paramref name="opened"/>; the mentee and mentor satisfaction questionnaires assigned to everyone, the first
    /// <paramref name="answered"/> mentees answering every scale with <paramref name="value"/>, the mentor with
    /// <paramref name="mentorValue"/> when given.
    /// </summary>
    private async Task<Cohort> CohortAsync(Organization org, int mentees, int answered, int value, int? mentorValue, DateTime opened, string? linkedEmail = null)
    {
        var mentor = await app.CreateMentorAsync(org, app.Unique("Наставница"), capacity: 10);
        var list = new List<Person>();
        for (var i = 0; i < mentees; i++)
            list.Add(await app.CreateMenteeAsync(org, app.Unique("Молодой"), email: i == mentees - 1 ? linkedEmail : null));
        var menteeSurvey = await BuiltInAsync(BuiltInQuestionnaires.MenteeSatisfaction);
        var mentorSurvey = await BuiltInAsync(BuiltInQuestionnaires.MentorSatisfaction);
        var stageId = await app.WithDbAsync(async db =>
        {
            var form = await db.MentoringForms.FirstAsync(f => f.RegionId == null && f.Code == "teacher-teacher");
            var kind = await db.MentoringKinds.FirstAsync(k => k.RegionId == null && k.Code == "group");
            var m = new Mentorship
            {
                OrganizationId = org.Id, MunicipalityId = org.MunicipalityId, RegionId = org.RegionId, FormId = form.Id, KindId = kind.Id, Status = MentorshipStatus.Active,
                StartDate = DateOnly.FromDateTime(opened).AddMonths(-3), EndDate = DateOnly.FromDateTime(opened).AddMonths(3), CreatedAt = app.Clock.GetUtcNow().UtcDateTime,
                Participants = [new() { PersonId = mentor.Id, Role = ParticipantRole.Mentor }, .. list.Select(p => new MentorshipParticipant { PersonId = p.Id, Role = ParticipantRole.Mentee })],
            };
            db.Mentorships.Add(m);
            await db.SaveChangesAsync();
            var programme = new MentoringProgram
            {
                MentorshipId = m.Id, OrganizationId = org.Id, MunicipalityId = org.MunicipalityId, RegionId = org.RegionId, Goal = "Адаптация",
                StartDate = m.StartDate, EndDate = m.EndDate, CreatedAt = app.Clock.GetUtcNow().UtcDateTime,
            };
            db.MentoringPrograms.Add(programme);
            await db.SaveChangesAsync();
            var stage = new MonitoringStage
            {
                ProgramId = programme.Id, Kind = MonitoringKind.Interim, OpensOn = DateOnly.FromDateTime(opened), DueOn = DateOnly.FromDateTime(opened).AddDays(14), OpenedAt = opened,
                OrganizationId = org.Id, MunicipalityId = org.MunicipalityId, RegionId = org.RegionId,
            };
            db.MonitoringStages.Add(stage);
            await db.SaveChangesAsync();
            MonitoringAssignment Assign(Questionnaire q, int person, bool done) => new()
            {
                StageId = stage.Id, QuestionnaireId = q.Id, Audience = q.Audience, PersonId = person, CompletedAt = done ? opened.AddDays(2) : null,
                OrganizationId = org.Id, MunicipalityId = org.MunicipalityId, RegionId = org.RegionId,
            };
            MonitoringResponse Respond(Questionnaire q, int person, int v) => new()
            {
                Id = Guid.NewGuid(), StageId = stage.Id, QuestionnaireId = q.Id, RespondentRole = q.Audience, PersonId = q.IsAnonymous ? null : person,
                SubmittedAt = q.IsAnonymous ? null : opened.AddDays(2), OrganizationId = org.Id, MunicipalityId = org.MunicipalityId, RegionId = org.RegionId,
                Answers = [.. q.Questions.Where(x => x.Kind == QuestionKind.Scale).Select(x => new MonitoringAnswer { QuestionId = x.Id, Value = v })],
            };
            for (var i = 0; i < list.Count; i++)
            {
                db.MonitoringAssignments.Add(Assign(menteeSurvey, list[i].Id, i < answered));
                if (i < answered) db.MonitoringResponses.Add(Respond(menteeSurvey, list[i].Id, value));
            }
            db.MonitoringAssignments.Add(Assign(mentorSurvey, mentor.Id, mentorValue is not null));
            if (mentorValue is { } mv) db.MonitoringResponses.Add(Respond(mentorSurvey, mentor.Id, mv));
            await db.SaveChangesAsync();
            return stage.Id;
        });
        return new Cohort(org, stageId, list, mentor);
    }

    /// <summary>
    /// District: school A — 4 of 5 young teachers answered with 8 (and their mentor with 9); school B — 2 of 3 with 2
    /// (the third, a user, has not answered yet); school C — 5 answered with 5, but at a stage opened in 2025.
    /// </summary>
    private async Task<World> ArrangeAsync()
    {
        var mun = await app.CreateMunicipalityAsync();
        var a = await app.CreateOrganizationAsync(mun, app.Unique("Школа А"));
        var b = await app.CreateOrganizationAsync(mun, app.Unique("Школа Б"));
        var c = await app.CreateOrganizationAsync(mun, app.Unique("Школа В"));
        var late = await app.CreateUserAsync(Role.Mentee, organization: b);
        await CohortAsync(a, 5, 4, 8, 9, new DateTime(2026, 10, 5, 9, 0, 0, DateTimeKind.Utc));
        var cohortB = await CohortAsync(b, 3, 2, 2, null, new DateTime(2026, 10, 12, 9, 0, 0, DateTimeKind.Utc), late.Email);
        await CohortAsync(c, 5, 5, 5, null, new DateTime(2025, 11, 1, 9, 0, 0, DateTimeKind.Utc));
        var survey = await BuiltInAsync(BuiltInQuestionnaires.MenteeSatisfaction);
        var assignment = await app.WithDbAsync(db => db.MonitoringAssignments.Where(x => x.StageId == cohortB.StageId && x.QuestionnaireId == survey.Id && x.PersonId == cohortB.Mentees[2].Id)
            .Select(x => x.Id).SingleAsync());
        return new World(mun, a, b, c, cohortB, late, assignment);
    }

    private static List<string> Row(AngleSharp.Dom.IDocument doc, string tableClass, string first) =>
        [.. doc.QuerySelector($"table.{tableClass}")!.QuerySelectorAll("tbody tr").First(tr => tr.Children[0].TextContent.Trim() == first)
            .Children.Select(td => string.Join(' ', td.TextContent.Split(default(char[]), StringSplitOptions.RemoveEmptyEntries)))];

    [Fact]
    public async Task Dashboard_MunicipalAndSchoolLevels_AveragesHideSmallGroupsAndLastYear()
    {
        var w = await ArrangeAsync();
        var coordinator = await app.LoginAsAsync(Role.MunicipalCoordinator, municipality: w.Municipality);
        var doc = Parser.ParseDocument(await coordinator.GetHtmlAsync("/indicators?date=2026-11-23"));
        // Mentees: A's 4 answers (8) are shown; B's 2 are «мало ответов» and, alone, left out of the district's average.
        Assert.Equal(["Анкета удовлетворённости наставляемого", "наставляемые", "8,0 из 10", "78 % 78 %", "6", "6 из 8 (75,0 %)"],
            Row(doc, "satisfaction", "Анкета удовлетворённости наставляемого"));
        // Mentors: one answer in the district, nothing to show.
        Assert.Equal(["Анкета удовлетворённости наставника", "наставники", "мало ответов", "", "1", "1 из 2 (50,0 %)"],
            Row(doc, "satisfaction", "Анкета удовлетворённости наставника"));
        Assert.Contains("В среднее не вошли ответы организаций", doc.Body!.TextContent);
        Assert.Equal([w.A.Name, "8,0 из 10 (4)", "мало ответов (1)"], Row(doc, "satisfaction-rows", w.A.Name));
        Assert.Equal([w.B.Name, "мало ответов (2)", "нет ответов (0)"], Row(doc, "satisfaction-rows", w.B.Name));
        Assert.Null(doc.QuerySelector("table.satisfaction-rows")!.QuerySelectorAll("tbody tr").FirstOrDefault(tr => tr.Children[0].TextContent.Trim() == w.C.Name));
        // No average is ever printed for B's two answers (value 2): nowhere on the page.
        Assert.DoesNotContain("2,0 из 10", doc.Body.TextContent);

        // Last year's dashboard has only school C.
        var lastYear = Parser.ParseDocument(await coordinator.GetHtmlAsync("/indicators?date=2025-12-31"));
        Assert.Equal(["Анкета удовлетворённости наставляемого", "наставляемые", "5,0 из 10", "44 % 44 %", "5", "5 из 5 (100,0 %)"],
            Row(lastYear, "satisfaction", "Анкета удовлетворённости наставляемого"));

        // School level: A's curator sees A's figures; B's curator sees «мало ответов».
        var curatorA = Parser.ParseDocument(await (await app.LoginAsAsync(Role.Curator, organization: w.A)).GetHtmlAsync("/indicators?date=2026-11-23"));
        Assert.Equal("8,0 из 10", Row(curatorA, "satisfaction", "Анкета удовлетворённости наставляемого")[2]);
        Assert.Null(curatorA.QuerySelector("table.satisfaction-rows"));
        var curatorB = Parser.ParseDocument(await (await app.LoginAsAsync(Role.Curator, organization: w.B)).GetHtmlAsync("/indicators?date=2026-11-23"));
        Assert.Equal("мало ответов", Row(curatorB, "satisfaction", "Анкета удовлетворённости наставляемого")[2]);

        // Another district sees none of it, even asking for this one.
        var stranger = await app.LoginAsAsync(Role.MunicipalCoordinator, municipality: await app.CreateMunicipalityAsync());
        var foreign = Parser.ParseDocument(await stranger.GetHtmlAsync($"/indicators?date=2026-11-23&municipality={w.Municipality.Id}"));
        Assert.Null(foreign.QuerySelector("table.satisfaction"));
        Assert.Contains("анкеты удовлетворённости не назначались", foreign.Body!.TextContent);
    }

    [Fact]
    public async Task Dashboard_AnswerThroughTheQuestionnairePage_ShowsAtOnceOnTheCachedDashboard()
    {
        var w = await ArrangeAsync();
        var coordinator = await app.LoginAsAsync(Role.MunicipalCoordinator, municipality: w.Municipality);
        var before = Parser.ParseDocument(await coordinator.GetHtmlAsync("/indicators?date=2026-11-23"));
        Assert.Equal([w.B.Name, "мало ответов (2)", "нет ответов (0)"], Row(before, "satisfaction-rows", w.B.Name));
        var stamp = await app.WithDbAsync(db => db.IndicatorStamps.Where(s => s.MunicipalityId == w.Municipality.Id).Select(s => s.Value).SingleAsync());

        // B's third young teacher answers every scale with 10 on the questionnaire page.
        var mentee = await app.LoginAsync(w.LateMentee);
        var survey = await BuiltInAsync(BuiltInQuestionnaires.MenteeSatisfaction);
        var url = $"/monitoring/fill/{w.LateAssignmentId}";
        var page = await mentee.GetHtmlAsync(url);
        var fields = new List<KeyValuePair<string, string>> { new("__RequestVerificationToken", HttpClientExtensions.AntiforgeryToken(page)) };
        foreach (var x in survey.Questions)
        {
            var name = "q" + x.Id.ToString(CultureInfo.InvariantCulture);
            if (x.Kind == QuestionKind.Scale) fields.Add(new(name, "10"));
            else if (x.Kind is QuestionKind.SingleChoice or QuestionKind.MultipleChoice) fields.Add(new(name, x.Options.OrderBy(o => o.Order).First().Id.ToString(CultureInfo.InvariantCulture)));
        }
        var sent = await mentee.PostAsync(url, new FormUrlEncodedContent(fields));
        Assert.Equal(HttpStatusCode.Redirect, sent.StatusCode);
        Assert.True(await app.WithDbAsync(db => db.IndicatorStamps.Where(s => s.MunicipalityId == w.Municipality.Id).Select(s => s.Value).SingleAsync()) > stamp,
            "ответ на анкету не сдвинул счётчик муниципалитета");

        // Three people now: B's average (2 × 2 + 10) / 3 = 4.7 shows, and the district's takes in all seven answers.
        var after = Parser.ParseDocument(await coordinator.GetHtmlAsync("/indicators?date=2026-11-23"));
        Assert.Equal([w.B.Name, "4,7 из 10 (3)", "нет ответов (0)"], Row(after, "satisfaction-rows", w.B.Name));
        // (4 × 8 + 2 × 2 + 10) / 7 = 6.57: every answer averaged (each response has five scale answers).
        Assert.Equal("6,6 из 10", Row(after, "satisfaction", "Анкета удовлетворённости наставляемого")[2]);
        Assert.DoesNotContain("В среднее не вошли ответы организаций", after.Body!.TextContent);
    }

    [Fact]
    public async Task Docx_Satisfaction_SameFiguresAsThePage_WithAChart()
    {
        var w = await ArrangeAsync();
        var coordinator = await app.LoginAsAsync(Role.MunicipalCoordinator, municipality: w.Municipality);
        var response = await coordinator.GetAsync("/indicators?date=2026-11-23&handler=Docx");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var doc = WordprocessingDocument.Open(new MemoryStream(await response.Content.ReadAsByteArrayAsync()), false);
        Assert.Empty(new DocumentFormat.OpenXml.Validation.OpenXmlValidator().Validate(doc));
        var tables = doc.MainDocumentPart!.Document.Body!.Descendants<DocumentFormat.OpenXml.Wordprocessing.Table>()
            .Select(t => t.Elements<DocumentFormat.OpenXml.Wordprocessing.TableRow>().Select(r => r.Elements<DocumentFormat.OpenXml.Wordprocessing.TableCell>().Select(c => c.InnerText).ToList()).ToList()).ToList();
        var satisfaction = tables.Single(t => t[0].Contains("Заполнено из назначенных"));
        Assert.Equal(["1", "Анкета удовлетворённости наставляемого", "наставляемые", "8,0 из 10", "78 %", "6", "6 из 8 (75,0 %)"], satisfaction[1]);
        var byOrg = tables.Single(t => t[0][0] == "Организация" && t[0].Contains("Анкета удовлетворённости наставляемого"));
        Assert.Contains([w.B.Name, "мало ответов (2)", "нет ответов (0)"], byOrg);
        var alt = doc.MainDocumentPart.Document.Body.Descendants<DocumentFormat.OpenXml.Drawing.Wordprocessing.DocProperties>().Select(p => p.Description!.Value!).ToList();
        Assert.Contains(alt, a => a.StartsWith("Удовлетворённость участников. 1. Анкета удовлетворённости наставляемого: 8,0 из 10, ответов 6", StringComparison.Ordinal));
    }
}
