using System.Globalization;
using System.Net;
using DocumentFormat.OpenXml.Packaging;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Nastavnik.Features.Mentorships;
using Nastavnik.Features.Monitoring;
using Nastavnik.Features.Notifications;
using Nastavnik.Features.Organizations;
using Nastavnik.Features.People;
using Nastavnik.Features.Programmes;
using Nastavnik.Platform.Auth;
using Nastavnik.Tests.Mentorships;

namespace Nastavnik.Tests.Monitoring;

/// <summary>Monitoring end to end through HTTP: the schedule on a moved clock, filling, anonymity, reminders, results, isolation.</summary>
public sealed class MonitoringTests(TestApp app) : IClassFixture<TestApp>
{
    private static string I(int n) => n.ToString(CultureInfo.InvariantCulture);

    internal sealed record Pair(Organization Org, Person Mentor, Person Mentee, Mentorship M, int ProgramId, AppUser MentorUser, AppUser MenteeUser, AppUser Curator);

    /// <summary>A school with an active pair and its programme 01.12.2026 – 31.05.2027 (181 days).</summary>
    private async Task<Pair> PairAsync(Organization? org = null)
    {
        org ??= await app.CreateOrganizationAsync();
        var mentorUser = await app.CreateUserAsync(Role.Mentor, organization: org);
        var menteeUser = await app.CreateUserAsync(Role.Mentee, organization: org);
        var curator = await app.CreateUserAsync(Role.Curator, organization: org);
        var mentor = await app.CreateMentorAsync(org, "Сергеева", email: mentorUser.Email);
        var mentee = await app.CreateMenteeAsync(org, "Молодцова", email: menteeUser.Email);
        var m = await app.CreateMentorshipAsync(org, mentor, mentee, MentorshipStatus.Active);
        var programId = await app.WithDbAsync(async db =>
        {
            var p = new MentoringProgram
            {
                MentorshipId = m.Id, OrganizationId = org.Id, MunicipalityId = org.MunicipalityId, RegionId = org.RegionId, Goal = "Адаптация молодого учителя",
                StartDate = new DateOnly(2026, 12, 1), EndDate = new DateOnly(2027, 5, 31), CreatedAt = app.Clock.GetUtcNow().UtcDateTime,
            };
            db.MentoringPrograms.Add(p);
            await db.SaveChangesAsync();
            return p.Id;
        });
        return new Pair(org, mentor, mentee, m, programId, mentorUser, menteeUser, curator);
    }

    private Task<MonitoringJob.Run> RunJobAsync() => app.Services.GetRequiredService<MonitoringJob>().RunOnceAsync();

    private void At(int year, int month, int day) => app.Clock.Set(new DateTimeOffset(year, month, day, 9, 0, 0, TimeSpan.Zero));

    private Task<List<Notification>> NotesAsync(AppUser user) =>
        app.WithDbAsync(db => db.Notifications.Where(n => n.UserId == user.Id && n.Link == MonitoringService.MyLink).OrderBy(n => n.Id).ToListAsync());

    private Task<List<MonitoringAssignment>> AssignmentsAsync(int programId) =>
        app.WithDbAsync(db => db.MonitoringAssignments.Include(a => a.Stage).Where(a => a.Stage!.ProgramId == programId).OrderBy(a => a.Id).ToListAsync());

    private Task<Questionnaire> BuiltInAsync(string key) =>
        app.WithDbAsync(db => db.Questionnaires.Include(q => q.Sections).Include(q => q.Questions).ThenInclude(q => q.Options).AsSplitQuery().SingleAsync(q => q.BuiltInKey == key));

    /// <summary>A complete, valid form for a questionnaire: every scale at <paramref name="level"/> (0..1), the first option, the first two of a multiple choice.</summary>
    private static Dictionary<string, string> Form(Questionnaire q, double level, string? text = null)
    {
        var form = new Dictionary<string, string>();
        foreach (var x in q.Questions)
        {
            var name = "q" + I(x.Id);
            switch (x.Kind)
            {
                case QuestionKind.Scale: form[name] = I(x.ScaleMin!.Value + (int)Math.Round(level * (x.ScaleMax!.Value - x.ScaleMin.Value))); break;
                case QuestionKind.SingleChoice: form[name] = I(x.Options.OrderBy(o => o.Order).First().Id); break;
                case QuestionKind.MultipleChoice: form[name] = I(x.Options.OrderBy(o => o.Order).First().Id); break;
                case QuestionKind.Text when text is not null: form[name] = text; break;
            }
        }
        return form;
    }

    private static async Task<HttpResponseMessage> PostMultiAsync(HttpClient client, string url, Dictionary<string, string> fields, params (string Key, string Value)[] extra)
    {
        var page = await client.GetHtmlAsync(url);
        var data = fields.Select(kv => new KeyValuePair<string, string>(kv.Key, kv.Value)).Concat(extra.Select(e => new KeyValuePair<string, string>(e.Key, e.Value))).ToList();
        data.Add(new("__RequestVerificationToken", HttpClientExtensions.AntiforgeryToken(page)));
        return await client.PostAsync(url, new FormUrlEncodedContent(data));
    }

    [Fact]
    public async Task BuiltIns_AllTemplatesAndSeedCards_PublishedAndValid()
    {
        var keys = BuiltInQuestionnaires.All.Select(t => t.Key).ToList();
        Assert.Equal(6, keys.Distinct().Count());
        var stored = await app.WithDbAsync(db => db.Questionnaires.Include(q => q.Sections).Include(q => q.Questions).ThenInclude(q => q.Options).AsSplitQuery()
            .Where(q => q.RegionId == null).ToListAsync());
        Assert.Equal(keys.Order(StringComparer.Ordinal), stored.Select(q => q.BuiltInKey!).Order(StringComparer.Ordinal));
        foreach (var q in stored)
        {
            Assert.Equal(QuestionnaireStatus.Published, q.Status);
            Assert.Empty(MonitoringRules.ValidateForPublish(q));
            var t = BuiltInQuestionnaires.All.Single(x => x.Key == q.BuiltInKey);
            Assert.Equal(t.Sections.Sum(s => s.Questions.Length), q.Questions.Count);
        }
        var cards = stored.Where(q => q.Kind == QuestionnaireKind.Card).ToList();
        Assert.Equal(3, cards.Count);
        Assert.Contains(cards, c => c.Title.Contains("УУД на уроке", StringComparison.Ordinal));
        Assert.Contains(cards, c => c.Title.Contains("УУД на онлайн-уроке", StringComparison.Ordinal));
        Assert.Contains(cards, c => c.Title.Contains("деятельностных характеристик", StringComparison.Ordinal));
        // Levels are named: 0–2 «не проявляется … в полной мере», 1–3 «низкий / средний / высокий».
        var activity = cards.Single(c => c.BuiltInKey == BuiltInQuestionnaires.CardActivity);
        Assert.All(activity.Questions.Where(x => x.Kind == QuestionKind.Scale), x => Assert.Equal(["низкий", "средний", "высокий"], x.Options.OrderBy(o => o.Value).Select(o => o.Text)));
        Assert.True(stored.Single(q => q.BuiltInKey == BuiltInQuestionnaires.MenteeSatisfaction).IsAnonymous);
    }

    [Fact]
    public async Task NewRegion_SeesBuiltInTemplates_AndCopiesOneToAdapt()
    {
        var region = await app.CreateRegionAsync();
        var coordinator = await app.LoginAsAsync(Role.RegionalCoordinator, region: region);
        var list = await coordinator.GetHtmlAsync("/monitoring/questionnaires");
        foreach (var t in BuiltInQuestionnaires.All) Assert.Contains(t.Title, list);
        var card = await BuiltInAsync(BuiltInQuestionnaires.CardLesson);

        // A built-in is never edited in place: the builder sends the user to its page with the reason.
        var edit = await coordinator.GetAsync($"/monitoring/questionnaires/edit/{card.Id}");
        Assert.Equal(HttpStatusCode.Redirect, edit.StatusCode);
        Assert.Equal($"/monitoring/questionnaires/view/{card.Id}", edit.Headers.Location!.OriginalString);
        Assert.Contains("Встроенный шаблон не изменяется", await coordinator.GetHtmlAsync(edit.Headers.Location.OriginalString));

        var copy = await coordinator.PostFormAsync($"/monitoring/questionnaires/view/{card.Id}?handler=Copy", [], $"/monitoring/questionnaires/view/{card.Id}");
        Assert.Equal(HttpStatusCode.Redirect, copy.StatusCode);
        var copied = await app.WithDbAsync(db => db.Questionnaires.Include(q => q.Questions).SingleAsync(q => q.CopiedFromId == card.Id && q.RegionId == region.Id));
        Assert.Equal((QuestionnaireStatus.Draft, (int?)null, card.Questions.Count), (copied.Status, copied.OrganizationId, copied.Questions.Count));
        Assert.EndsWith("(копия)", copied.Title, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await coordinator.GetAsync($"/monitoring/questionnaires/edit/{copied.Id}")).StatusCode);
    }

    [Fact]
    public async Task Builder_CuratorBuildsValidatesPublishes_ThenItIsFrozen()
    {
        var org = await app.CreateOrganizationAsync();
        var curator = await app.LoginAsAsync(Role.Curator, organization: org);
        const string New = "/monitoring/questionnaires/edit";
        var bad = await curator.PostFormAsync(New, new() { ["title"] = "Ан", ["kind"] = "Card", ["audience"] = "Mentee", ["stages"] = "Both", ["anonymous"] = "true" });
        Assert.Equal(HttpStatusCode.OK, bad.StatusCode);
        var badHtml = await bad.Content.ReadAsStringAsync();
        Assert.Contains("не короче 3 символов", badHtml);
        Assert.Contains("Карта мониторинга не бывает анонимной", badHtml);
        Assert.Contains("а не сам наставляемый", badHtml);

        var created = await curator.PostFormAsync(New, new() { ["title"] = "Анкета о методическом дне", ["kind"] = "Survey", ["audience"] = "Mentee", ["stages"] = "Final" });
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        var url = created.Headers.Location!.OriginalString;
        var q = await app.WithDbAsync(db => db.Questionnaires.Include(x => x.Sections).SingleAsync(x => x.OrganizationId == org.Id));
        Assert.Equal(($"/monitoring/questionnaires/edit/{q.Id}", QuestionnaireStatus.Draft, QuestionnaireStages.Final, org.MunicipalityId), (url, q.Status, q.Stages, q.MunicipalityId!.Value));
        var main = Assert.Single(q.Sections).Id;

        var wrong = await curator.PostFormAsync(url + "?handler=Question", new() { ["sectionId"] = I(main), ["kind"] = "Scale", ["text"] = "Оцените день", ["scaleMin"] = "1", ["scaleMax"] = "12" }, url);
        Assert.Equal(HttpStatusCode.OK, wrong.StatusCode);
        Assert.Contains("Шкала задаётся целыми числами от 0 до 10", await wrong.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Redirect, (await curator.PostFormAsync(url + "?handler=Question",
            new() { ["sectionId"] = I(main), ["kind"] = "Scale", ["text"] = "Оцените день", ["required"] = "true", ["scaleMin"] = "1", ["scaleMax"] = "5", ["minLabel"] = "плохо", ["maxLabel"] = "отлично" }, url)).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await curator.PostFormAsync(url + "?handler=Question",
            new() { ["sectionId"] = I(main), ["kind"] = "MultipleChoice", ["text"] = "Что понравилось?", ["options"] = "мастер-класс\nкруглый стол\nобед" }, url)).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await curator.PostFormAsync(url + "?handler=Section", new() { ["sectionTitle"] = "Пожелания" }, url)).StatusCode);

        var refused = await curator.PostFormAsync(url + "?handler=Publish", [], url);
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains("Раздел «Пожелания» пуст", await refused.Content.ReadAsStringAsync());

        var second = await app.WithDbAsync(db => db.QuestionnaireSections.Where(s => s.QuestionnaireId == q.Id && s.Title == "Пожелания").Select(s => s.Id).SingleAsync());
        Assert.Equal(HttpStatusCode.Redirect, (await curator.PostFormAsync(url + "?handler=Question", new() { ["sectionId"] = I(second), ["kind"] = "Text", ["text"] = "Что добавить?" }, url)).StatusCode);
        // Move the multiple choice above the scale; the order is kept per section.
        var ids = await app.WithDbAsync(db => db.Questions.Where(x => x.QuestionnaireId == q.Id).OrderBy(x => x.Id).Select(x => x.Id).ToListAsync());
        Assert.Equal(HttpStatusCode.Redirect, (await curator.PostFormAsync(url + "?handler=Move", new() { ["questionId"] = I(ids[1]), ["up"] = "true" }, url)).StatusCode);
        var order = await app.WithDbAsync(db => db.Questions.Where(x => x.SectionId == main).OrderBy(x => x.Order).Select(x => x.Id).ToListAsync());
        Assert.Equal([ids[1], ids[0]], order);

        Assert.Equal(HttpStatusCode.Redirect, (await curator.PostFormAsync(url + "?handler=Publish", [], url)).StatusCode);
        var published = await app.WithDbAsync(db => db.Questionnaires.SingleAsync(x => x.Id == q.Id));
        Assert.Equal(QuestionnaireStatus.Published, published.Status);

        // Frozen: neither the builder nor the question page changes it any more.
        var frozen = await curator.GetAsync(url);
        Assert.Equal($"/monitoring/questionnaires/view/{q.Id}", frozen.Headers.Location!.OriginalString);
        var post = await curator.PostFormAsync($"/monitoring/questionnaires/question/{ids[0]}", new() { ["sectionId"] = I(main), ["kind"] = "Text", ["text"] = "Подмена" }, $"/monitoring/questionnaires/view/{q.Id}");
        Assert.Equal(HttpStatusCode.Redirect, post.StatusCode);
        Assert.Equal("Оцените день", await app.WithDbAsync(db => db.Questions.Where(x => x.Id == ids[0]).Select(x => x.Text).SingleAsync()));

        // Another school's curator does not see it at all; the region's coordinator sees it but cannot archive it.
        var other = await app.LoginAsAsync(Role.Curator, organization: await app.CreateOrganizationAsync());
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/monitoring/questionnaires/view/{q.Id}")).StatusCode);
        var regionUser = await app.LoginAsAsync(Role.RegionalCoordinator, region: new Region { Id = org.RegionId, Name = "" });
        Assert.Equal(HttpStatusCode.OK, (await regionUser.GetAsync($"/monitoring/questionnaires/view/{q.Id}")).StatusCode);
        await regionUser.PostFormAsync($"/monitoring/questionnaires/view/{q.Id}?handler=Archive", [], $"/monitoring/questionnaires/view/{q.Id}");
        Assert.Equal(QuestionnaireStatus.Published, await app.WithDbAsync(db => db.Questionnaires.Where(x => x.Id == q.Id).Select(x => x.Status).SingleAsync()));
        Assert.Equal(HttpStatusCode.Redirect, (await curator.PostFormAsync($"/monitoring/questionnaires/view/{q.Id}?handler=Archive", [], $"/monitoring/questionnaires/view/{q.Id}")).StatusCode);
        Assert.Equal(QuestionnaireStatus.Archived, await app.WithDbAsync(db => db.Questionnaires.Where(x => x.Id == q.Id).Select(x => x.Status).SingleAsync()));
    }

    [Fact]
    public async Task Stages_ScheduledFromDates_OpenOnTheDay_RemindNoMoreThanCadence()
    {
        At(2026, 12, 1);
        var p = await PairAsync();
        await RunJobAsync();
        var stages = await app.WithDbAsync(db => db.MonitoringStages.Where(s => s.ProgramId == p.ProgramId).ToListAsync());
        stages = [.. stages.OrderBy(s => s.Kind)];
        // 181 days: the middle is day 91 (90.5 rounded up) = 02.03.2027; the final 7 days before 31.05.2027.
        Assert.Equal([(MonitoringKind.Interim, new DateOnly(2027, 3, 2), new DateOnly(2027, 3, 16)), (MonitoringKind.Final, new DateOnly(2027, 5, 24), new DateOnly(2027, 6, 7))],
            stages.Select(s => (s.Kind, s.OpensOn, s.DueOn)));
        Assert.All(stages, s => Assert.Null(s.OpenedAt));

        At(2027, 3, 1);
        await RunJobAsync();
        Assert.Empty(await AssignmentsAsync(p.ProgramId));

        At(2027, 3, 2);
        await RunJobAsync();
        var assignments = await AssignmentsAsync(p.ProgramId);
        // Default set: mentee's and mentor's satisfaction, the curator's questionnaire, the lesson card (mentor) and the activity card (curator).
        Assert.Equal(5, assignments.Count);
        Assert.Contains(assignments, a => a.Audience == QuestionnaireAudience.Mentee && a.PersonId == p.Mentee.Id && a.SubjectPersonId == null);
        Assert.Contains(assignments, a => a.Audience == QuestionnaireAudience.Mentor && a.PersonId == p.Mentor.Id && a.SubjectPersonId == null);
        Assert.Contains(assignments, a => a.Audience == QuestionnaireAudience.Mentor && a.PersonId == p.Mentor.Id && a.SubjectPersonId == p.Mentee.Id);
        Assert.Equal(2, assignments.Count(a => a.Audience == QuestionnaireAudience.Curator && a.PersonId == null));
        Assert.All(assignments, a => Assert.Equal(MonitoringKind.Interim, a.Stage!.Kind));
        foreach (var u in new[] { p.MenteeUser, p.MentorUser, p.Curator })
            Assert.Contains("Открыт промежуточный мониторинг", Assert.Single(await NotesAsync(u)).Text);

        // Same day again, the next day: nothing new. Three days after (the default cadence): one reminder each.
        await RunJobAsync();
        At(2027, 3, 3);
        await RunJobAsync();
        At(2027, 3, 4);
        await RunJobAsync();
        Assert.Single(await NotesAsync(p.MenteeUser));
        At(2027, 3, 5);
        await RunJobAsync();
        await RunJobAsync();
        foreach (var u in new[] { p.MenteeUser, p.MentorUser, p.Curator })
        {
            var notes = await NotesAsync(u);
            Assert.Equal(2, notes.Count);
            Assert.StartsWith("Напоминание: анкет мониторинга к заполнению — ", notes[1].Text, StringComparison.Ordinal);
        }
        Assert.Contains("— 2, срок до 16.03.2027", (await NotesAsync(p.MentorUser))[1].Text);

        // The mentee answers; the mentee is not reminded again, the mentor still is (three days later).
        var mentee = await app.LoginAsync(p.MenteeUser);
        var mine = assignments.Single(a => a.Audience == QuestionnaireAudience.Mentee);
        var survey = await BuiltInAsync(BuiltInQuestionnaires.MenteeSatisfaction);
        Assert.Equal(HttpStatusCode.Redirect, (await PostMultiAsync(mentee, $"/monitoring/fill/{mine.Id}", Form(survey, 0.8))).StatusCode);
        At(2027, 3, 8);
        await RunJobAsync();
        Assert.Equal(2, (await NotesAsync(p.MenteeUser)).Count);
        Assert.Equal(3, (await NotesAsync(p.MentorUser)).Count);
    }

    [Fact]
    public async Task Fill_RequiredWrongValuesDoubleSubmit_AnonymousStoresNoPerson()
    {
        At(2026, 12, 1);
        var p = await PairAsync();
        await RunJobAsync();
        At(2027, 3, 2);
        await RunJobAsync();
        var mentee = await app.LoginAsync(p.MenteeUser);
        var home = await mentee.GetHtmlAsync("/");
        Assert.Contains("Анкеты к заполнению (1)", home);
        Assert.Contains("Анкета удовлетворённости наставляемого", home);
        var a = (await AssignmentsAsync(p.ProgramId)).Single(x => x.Audience == QuestionnaireAudience.Mentee);
        var url = $"/monitoring/fill/{a.Id}";
        Assert.Contains(url, await mentee.GetHtmlAsync("/monitoring/my"));
        var page = await mentee.GetHtmlAsync(url);
        Assert.Contains("id=\"anonymous-note\"", page);

        var survey = await BuiltInAsync(BuiltInQuestionnaires.MenteeSatisfaction);
        var scale = survey.Questions.Where(x => x.Kind == QuestionKind.Scale).OrderBy(x => x.Order).First();
        var form = Form(survey, 0.7, "Больше открытых уроков");
        var missing = new Dictionary<string, string>(form);
        missing.Remove("q" + I(scale.Id));
        var r = await PostMultiAsync(mentee, url, missing);
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        var html = await r.Content.ReadAsStringAsync();
        Assert.Contains("Это обязательный вопрос: выберите ответ.", html);
        Assert.Contains("Больше открытых уроков", html); // what was typed is kept

        var wrong = new Dictionary<string, string>(form) { ["q" + I(scale.Id)] = "11" };
        Assert.Contains("Выберите одно значение шкалы от 1 до 10.", await (await PostMultiAsync(mentee, url, wrong)).Content.ReadAsStringAsync());
        Assert.Equal(0, await app.WithDbAsync(db => db.MonitoringResponses.CountAsync(x => x.StageId == a.StageId)));

        var ok = await PostMultiAsync(mentee, url, form);
        Assert.Equal(HttpStatusCode.Redirect, ok.StatusCode);
        Assert.Equal("/monitoring/my", ok.Headers.Location!.OriginalString);
        var again = await PostMultiAsync(mentee, url, form);
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Contains("уже отправлена: повторная отправка не принимается", await again.Content.ReadAsStringAsync());

        var stored = await app.WithDbAsync(db => db.MonitoringResponses.Include(x => x.Answers).Where(x => x.StageId == a.StageId).ToListAsync());
        var response = Assert.Single(stored);
        // Anonymous: no person, no time; the completion is on the assignment only.
        Assert.Equal((null, null, null), (response.PersonId, response.SubjectPersonId, response.SubmittedAt));
        Assert.Equal(Form(survey, 0.7, "x").Count, response.Answers.Count);
        var done = await app.WithDbAsync(db => db.MonitoringAssignments.SingleAsync(x => x.Id == a.Id));
        Assert.NotNull(done.CompletedAt);
        Assert.DoesNotContain("Анкеты к заполнению (", await mentee.GetHtmlAsync("/"));

        // The mentor's named questionnaire keeps the person and the time.
        var mentor = await app.LoginAsync(p.MentorUser);
        var mentorSurvey = await BuiltInAsync(BuiltInQuestionnaires.MentorSatisfaction);
        var ma = (await AssignmentsAsync(p.ProgramId)).Single(x => x.Audience == QuestionnaireAudience.Mentor && x.SubjectPersonId == null);
        Assert.Equal(HttpStatusCode.Redirect, (await PostMultiAsync(mentor, $"/monitoring/fill/{ma.Id}", Form(mentorSurvey, 0.5))).StatusCode);
        var named = await app.WithDbAsync(db => db.MonitoringResponses.SingleAsync(x => x.StageId == a.StageId && x.QuestionnaireId == mentorSurvey.Id));
        Assert.Equal(p.Mentor.Id, named.PersonId);
        Assert.NotNull(named.SubmittedAt);

        // Nobody else opens these: the mentor not the mentee's, another school's curator not the curator's.
        Assert.Equal(HttpStatusCode.NotFound, (await mentor.GetAsync(url)).StatusCode);
        var curatorOne = (await AssignmentsAsync(p.ProgramId)).First(x => x.Audience == QuestionnaireAudience.Curator);
        var otherCurator = await app.LoginAsAsync(Role.Curator, organization: await app.CreateOrganizationAsync());
        Assert.Equal(HttpStatusCode.NotFound, (await otherCurator.GetAsync($"/monitoring/fill/{curatorOne.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await (await app.LoginAsync(p.Curator)).GetAsync($"/monitoring/fill/{curatorOne.Id}")).StatusCode);
    }

    [Fact]
    public async Task ParallelSubmits_OnlyOneStored()
    {
        At(2026, 12, 1);
        var p = await PairAsync();
        await RunJobAsync();
        At(2027, 3, 2);
        await RunJobAsync();
        var mentor = await app.LoginAsync(p.MentorUser);
        var card = await BuiltInAsync(BuiltInQuestionnaires.CardLesson);
        var a = (await AssignmentsAsync(p.ProgramId)).Single(x => x.QuestionnaireId == card.Id);
        var url = $"/monitoring/fill/{a.Id}";
        var token = HttpClientExtensions.AntiforgeryToken(await mentor.GetHtmlAsync(url));
        var fields = Form(card, 0.5).Append(new("__RequestVerificationToken", token)).ToList();
        var results = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => mentor.PostAsync(url, new FormUrlEncodedContent(fields))));
        Assert.Equal(1, results.Count(x => x.StatusCode == HttpStatusCode.Redirect));
        Assert.Equal(3, results.Count(x => x.StatusCode == HttpStatusCode.Conflict));
        Assert.Equal(1, await app.WithDbAsync(db => db.MonitoringResponses.CountAsync(x => x.QuestionnaireId == card.Id && x.StageId == a.StageId)));
    }

    [Fact]
    public async Task Results_CardsOverTwoStages_MentorEffectiveness_RatesAndXlsx_IsolatedFromOtherSchools()
    {
        At(2026, 12, 1);
        var org = await app.CreateOrganizationAsync();
        var pairs = new List<Pair>();
        for (var i = 0; i < 3; i++) pairs.Add(await PairAsync(org));
        await RunJobAsync();
        var card = await BuiltInAsync(BuiltInQuestionnaires.CardLesson);
        var survey = await BuiltInAsync(BuiltInQuestionnaires.MenteeSatisfaction);
        var mentorSurvey = await BuiltInAsync(BuiltInQuestionnaires.MentorSatisfaction);
        var curator = await app.LoginAsync(pairs[0].Curator);

        // The curator opens the interim stage of the first programme early, from its monitoring page; the others open on the day.
        var first = $"/monitoring/programme/{pairs[0].ProgramId}";
        Assert.Contains("Открыть сейчас", await curator.GetHtmlAsync(first));
        var interimId = await app.WithDbAsync(db => db.MonitoringStages.Where(s => s.ProgramId == pairs[0].ProgramId && s.Kind == MonitoringKind.Interim).Select(s => s.Id).SingleAsync());
        var mentorClient = await app.LoginAsync(pairs[0].MentorUser);
        Assert.DoesNotContain("Открыть сейчас", await mentorClient.GetHtmlAsync(first));
        await mentorClient.PostFormAsync(first + "?handler=Open", new() { ["stageId"] = I(interimId) }, first);
        Assert.Null(await app.WithDbAsync(db => db.MonitoringStages.Where(s => s.Id == interimId).Select(s => s.OpenedAt).SingleAsync()));
        Assert.Equal(HttpStatusCode.Redirect, (await curator.PostFormAsync(first + "?handler=Open", new() { ["stageId"] = I(interimId) }, first)).StatusCode);
        Assert.Equal(5, (await AssignmentsAsync(pairs[0].ProgramId)).Count);
        At(2027, 3, 2);
        await RunJobAsync();
        curator = await app.LoginAsync(pairs[0].Curator);

        // Interim: cards at 0.5, 0.5, 0 (50 %, 50 %, 0 %); mentee surveys with the first scale at 10, 8, 6.
        double[] interim = [0.5, 0.5, 0];
        double[] final = [1, 0.5, 0.5];
        int[] comfort = [10, 8, 6];
        var firstScale = survey.Questions.Where(x => x.Kind == QuestionKind.Scale).OrderBy(x => x.Order).First();
        async Task FillAsync(Pair p, MonitoringKind kind, double cardLevel, int? comfortValue)
        {
            var list = (await AssignmentsAsync(p.ProgramId)).Where(a => a.Stage!.Kind == kind).ToList();
            var mentor = await app.LoginAsync(p.MentorUser);
            var cardForm = Form(card, cardLevel);
            Assert.Equal(HttpStatusCode.Redirect, (await PostMultiAsync(mentor, $"/monitoring/fill/{list.Single(a => a.QuestionnaireId == card.Id).Id}", cardForm)).StatusCode);
            if (comfortValue is { } c)
            {
                var mentee = await app.LoginAsync(p.MenteeUser);
                var form = Form(survey, 0.5, "Спасибо наставнику");
                form["q" + I(firstScale.Id)] = I(c);
                Assert.Equal(HttpStatusCode.Redirect, (await PostMultiAsync(mentee, $"/monitoring/fill/{list.Single(a => a.QuestionnaireId == survey.Id).Id}", form)).StatusCode);
            }
        }
        for (var i = 0; i < 3; i++) await FillAsync(pairs[i], MonitoringKind.Interim, interim[i], comfort[i]);

        // Programme level: the anonymous survey has one answer → hidden; the card is named and shown.
        var programmeResults = await curator.GetHtmlAsync($"/monitoring/results?programId={pairs[0].ProgramId}&questionnaireId={survey.Id}");
        Assert.Contains("id=\"hidden-note\"", programmeResults);
        Assert.Contains("заполнили её меньше 3 человек", programmeResults); // people, as the threshold counts them — not «ответов меньше 3» next to «Заполнено анкет: 4»
        Assert.DoesNotContain("Спасибо наставнику", programmeResults);
        // School level, interim: three answers → averages and texts are shown, without names.
        var school = await curator.GetHtmlAsync($"/monitoring/results?organizationId={org.Id}&stage=Interim&questionnaireId={survey.Id}");
        Assert.DoesNotContain("id=\"hidden-note\"", school);
        Assert.Contains("<strong class=\"average\">8,00</strong>", school);          // (10 + 8 + 6) / 3
        Assert.Contains("Спасибо наставнику", school);
        Assert.DoesNotContain("Спасибо наставнику —", school);    // anonymous texts carry no name
        // Response rates: 15 assigned at the interim (5 per pair), 6 filled (3 cards + 3 surveys).
        Assert.Matches(@"Всего</td><td></td><td class=""num"">15</td><td class=""num"">6</td><td>40,0 %</td>", school);

        // Final stage on its day; cards 100 %, 50 %, 50 % → changes +50, 0, +50 p.p.
        At(2027, 5, 24);
        await RunJobAsync();
        for (var i = 0; i < 3; i++) await FillAsync(pairs[i], MonitoringKind.Final, final[i], null);
        curator = await app.LoginAsync(pairs[0].Curator);
        var results = WebUtility.HtmlDecode(await curator.GetHtmlAsync($"/monitoring/results?organizationId={org.Id}&questionnaireId={card.Id}"));
        foreach (var (p, change) in pairs.Zip(new[] { "+50,0 п. п.", "0,0 п. п.", "+50,0 п. п." }))
            Assert.Matches($@"data-mentor=""{p.Mentor.Id}"">(.|\n)*?<td class=""num change"">{System.Text.RegularExpressions.Regex.Escape(change)}</td>", results);
        // The card at both stages: (50 + 50 + 0 + 100 + 50 + 50) / 6 = 50 %.
        Assert.Contains("<strong id=\"card-percent\">50,0 %</strong>", results);
        var programmePage = WebUtility.HtmlDecode(await curator.GetHtmlAsync(first));
        Assert.Contains("50,0 %", programmePage);
        Assert.Contains("+50,0 п. п.", programmePage);

        // The per-mentor filter narrows everything to that mentor's programmes.
        var perMentor = await curator.GetHtmlAsync($"/monitoring/results?organizationId={org.Id}&mentorId={pairs[1].Mentor.Id}&questionnaireId={card.Id}");
        Assert.Contains($"data-mentor=\"{pairs[1].Mentor.Id}\"", perMentor);
        Assert.DoesNotContain($"data-mentor=\"{pairs[0].Mentor.Id}\"", perMentor);

        var xlsx = await curator.GetAsync($"/monitoring/results?organizationId={org.Id}&handler=Xlsx");
        Assert.Equal(HttpStatusCode.OK, xlsx.StatusCode);
        using (var stream = new MemoryStream(await xlsx.Content.ReadAsByteArrayAsync()))
        using (var doc = SpreadsheetDocument.Open(stream, false))
        {
            Assert.Empty(new DocumentFormat.OpenXml.Validation.OpenXmlValidator().Validate(doc));
            var names = doc.WorkbookPart!.Workbook.Sheets!.Elements<DocumentFormat.OpenXml.Spreadsheet.Sheet>().Select(s => s.Name!.Value).ToList();
            Assert.Equal(["Отклик", "Ответы", "Эффективность наставников"], names);
            var text = string.Join(" ", doc.WorkbookPart.WorksheetParts.SelectMany(w => w.Worksheet.Descendants<DocumentFormat.OpenXml.Spreadsheet.Cell>())
                .Select(c => c.InlineString?.InnerText ?? c.CellValue?.Text));
            Assert.Contains("Анкета удовлетворённости наставляемого", text);
            Assert.Contains("Спасибо наставнику", text);
            Assert.Contains(" 50 ", " " + text + " ");
        }

        // The municipal coordinator sees the school in the per-organisation table; another school's curator sees nothing of it.
        var coordinator = await app.LoginAsAsync(Role.MunicipalCoordinator, municipality: new Municipality { Id = org.MunicipalityId, RegionId = org.RegionId, Name = "" });
        var municipal = await coordinator.GetHtmlAsync("/monitoring/results");
        Assert.Contains("По организациям", municipal);
        Assert.Contains(org.Name, municipal);
        var stranger = await app.LoginAsAsync(Role.Curator, organization: await app.CreateOrganizationAsync());
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync($"/monitoring/results?organizationId={org.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync($"/monitoring/results?programId={pairs[0].ProgramId}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync(first)).StatusCode);
        var own = await stranger.GetHtmlAsync("/monitoring/results");
        Assert.Contains("id=\"no-results\"", own);
        Assert.DoesNotContain(pairs[0].Mentor.LastName, await stranger.GetHtmlAsync("/monitoring"));
    }

    [Fact]
    public async Task Settings_CuratorMovesTheInterimAndPicksTheSet_NextStageFollows()
    {
        At(2026, 12, 1);
        var p = await PairAsync();
        await RunJobAsync();
        var curator = await app.LoginAsync(p.Curator);
        var online = await BuiltInAsync(BuiltInQuestionnaires.CardOnline);
        var mentee = await BuiltInAsync(BuiltInQuestionnaires.MenteeSatisfaction);
        const string Url = "/monitoring/settings";
        var page = await curator.GetHtmlAsync(Url);
        Assert.Contains(p.Org.Name, page);
        var bad = await curator.PostFormAsync(Url, new() { ["interimAtPercent"] = "95", ["finalDaysBeforeEnd"] = "7", ["fillDays"] = "14", ["reminderEveryDays"] = "3" });
        Assert.Equal(HttpStatusCode.OK, bad.StatusCode);
        var badHtml = await bad.Content.ReadAsStringAsync();
        Assert.Contains("Промежуточный мониторинг — от 10 до 90 % срока программы.", badHtml);
        Assert.Contains("Отметьте хотя бы одну анкету", badHtml);

        var version = System.Text.RegularExpressions.Regex.Match(page, "name=\"version\" value=\"([^\"]+)\"").Groups[1].Value;
        var ok = await PostMultiAsync(curator, Url, new() { ["interimAtPercent"] = "25", ["finalDaysBeforeEnd"] = "0", ["fillDays"] = "10", ["reminderEveryDays"] = "5", ["version"] = version },
            ("set", I(online.Id)), ("set", I(mentee.Id)));
        Assert.Equal(HttpStatusCode.Redirect, ok.StatusCode);
        // 181 days × 25 % = 45.25 → day 45 = 15.01.2027; the final on the last day.
        var stages = (await app.WithDbAsync(db => db.MonitoringStages.Where(s => s.ProgramId == p.ProgramId).ToListAsync())).OrderBy(s => s.Kind).ToList();
        Assert.Equal([(new DateOnly(2027, 1, 15), new DateOnly(2027, 1, 25)), (new DateOnly(2027, 5, 31), new DateOnly(2027, 6, 10))], stages.Select(s => (s.OpensOn, s.DueOn)));

        At(2027, 1, 15);
        await RunJobAsync();
        var assignments = await AssignmentsAsync(p.ProgramId);
        Assert.Equal([mentee.Id, online.Id], assignments.Select(a => a.QuestionnaireId).Order());

        // Ticking exactly the built-in defaults again is no set of one's own.
        curator = await app.LoginAsync(p.Curator);
        page = await curator.GetHtmlAsync(Url);
        version = System.Text.RegularExpressions.Regex.Match(page, "name=\"version\" value=\"([^\"]+)\"").Groups[1].Value;
        var defaults = await app.WithDbAsync(db => db.Questionnaires.Where(q => q.RegionId == null && q.IsDefault).Select(q => q.Id).ToListAsync());
        Assert.Equal(HttpStatusCode.Redirect, (await PostMultiAsync(curator, Url, new() { ["interimAtPercent"] = "50", ["finalDaysBeforeEnd"] = "7", ["fillDays"] = "14", ["reminderEveryDays"] = "3", ["version"] = version },
            [.. defaults.Select(id => ("set", I(id)))])).StatusCode);
        var settings = await app.WithDbAsync(db => db.MonitoringSettings.SingleAsync(s => s.OrganizationId == p.Org.Id));
        Assert.False(settings.CustomSet);
        Assert.Equal(0, await app.WithDbAsync(db => db.MonitoringSetItems.CountAsync(i => i.OrganizationId == p.Org.Id)));
        // A stale form (the old version) is refused in Russian, not saved over.
        var stale = await PostMultiAsync(curator, Url, new() { ["interimAtPercent"] = "30", ["finalDaysBeforeEnd"] = "7", ["fillDays"] = "14", ["reminderEveryDays"] = "3", ["version"] = version }, ("set", I(mentee.Id)));
        Assert.Contains("Настройки уже изменил другой пользователь", await stale.Content.ReadAsStringAsync());
        Assert.Equal(50, await app.WithDbAsync(db => db.MonitoringSettings.Where(s => s.OrganizationId == p.Org.Id).Select(s => s.InterimAtPercent).SingleAsync()));
    }

    [Fact]
    public async Task DestroyedPerson_TakesNamedAnswersAndCards_AnonymousAnswersStay()
    {
        At(2026, 12, 1);
        var p = await PairAsync();
        await RunJobAsync();
        At(2027, 3, 2);
        await RunJobAsync();
        var list = await AssignmentsAsync(p.ProgramId);
        var mentor = await app.LoginAsync(p.MentorUser);
        var mentee = await app.LoginAsync(p.MenteeUser);
        var card = await BuiltInAsync(BuiltInQuestionnaires.CardLesson);
        var survey = await BuiltInAsync(BuiltInQuestionnaires.MenteeSatisfaction);
        Assert.Equal(HttpStatusCode.Redirect, (await PostMultiAsync(mentor, $"/monitoring/fill/{list.Single(a => a.QuestionnaireId == card.Id).Id}", Form(card, 0.5))).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await PostMultiAsync(mentee, $"/monitoring/fill/{list.Single(a => a.QuestionnaireId == survey.Id).Id}", Form(survey, 0.5))).StatusCode);
        var stageId = list[0].StageId;

        // What the consent purge does to a mentee whose consent was withdrawn: the row goes, the database cascades.
        await app.WithDbAsync(async db =>
        {
            db.People.Remove(await db.People.IgnoreQueryFilters().SingleAsync(x => x.Id == p.Mentee.Id));
            await db.SaveChangesAsync();
        });
        var left = await app.WithDbAsync(db => db.MonitoringResponses.Where(r => r.StageId == stageId).ToListAsync());
        var anonymous = Assert.Single(left);
        Assert.Equal((survey.Id, (int?)null), (anonymous.QuestionnaireId, anonymous.PersonId));
        Assert.DoesNotContain(await AssignmentsAsync(p.ProgramId), a => a.PersonId == p.Mentee.Id || a.SubjectPersonId == p.Mentee.Id);
    }

    [Fact]
    public async Task ExtendedProgramme_MovesUnopenedFinal_OpenedInterimStays()
    {
        At(2026, 12, 1);
        var p = await PairAsync();
        await RunJobAsync();
        At(2027, 3, 2);
        await RunJobAsync();
        await app.WithDbAsync(async db =>
        {
            var prog = await db.MentoringPrograms.SingleAsync(x => x.Id == p.ProgramId);
            prog.EndDate = new DateOnly(2027, 6, 30);
            await db.SaveChangesAsync();
        });
        await RunJobAsync();
        var stages = (await app.WithDbAsync(db => db.MonitoringStages.Where(s => s.ProgramId == p.ProgramId).ToListAsync())).OrderBy(s => s.Kind).ToList();
        Assert.Equal(new DateOnly(2027, 3, 2), stages[0].OpensOn);
        Assert.Equal(new DateOnly(2027, 6, 23), stages[1].OpensOn);

        // A pair completed early gets its final monitoring at once.
        await app.WithDbAsync(async db =>
        {
            (await db.Mentorships.SingleAsync(x => x.Id == p.M.Id)).Status = MentorshipStatus.Completed;
            await db.SaveChangesAsync();
        });
        await RunJobAsync();
        Assert.NotNull(await app.WithDbAsync(db => db.MonitoringStages.Where(s => s.Id == stages[1].Id).Select(s => s.OpenedAt).SingleAsync()));

        // A pair that was completed before monitoring ever scheduled it (history) gets no stages after the fact.
        var old = await PairAsync();
        await app.WithDbAsync(async db =>
        {
            (await db.Mentorships.SingleAsync(x => x.Id == old.M.Id)).Status = MentorshipStatus.Completed;
            await db.SaveChangesAsync();
        });
        await RunJobAsync();
        Assert.Equal(0, await app.WithDbAsync(db => db.MonitoringStages.CountAsync(s => s.ProgramId == old.ProgramId)));
        Assert.Empty(await NotesAsync(old.MentorUser));
    }
}
