using System.Globalization;
using System.Net;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Validation;
using Microsoft.EntityFrameworkCore;
using Nastavnik.Features.IndividualRoutes;
using Nastavnik.Features.Mentorships;
using Nastavnik.Features.Organizations;
using Nastavnik.Features.People;
using Nastavnik.Features.Programmes;
using Nastavnik.Platform.Auth;
using Nastavnik.Tests.Mentorships;

namespace Nastavnik.Tests.IndividualRoutes;

public sealed class IndividualRouteTests(TestApp app) : IClassFixture<TestApp>
{
    private static string S(int n) => n.ToString(CultureInfo.InvariantCulture);

    private sealed record Teacher(Organization Org, Person Person, AppUser User, List<int> Deficits, List<string> Competencies);

    /// <summary>A young teacher with two deficits and an account (mentee role) matched by e-mail.</summary>
    private async Task<Teacher> TeacherAsync(Organization? org = null)
    {
        org ??= await app.CreateOrganizationAsync();
        var user = await app.CreateUserAsync(Role.Mentee, organization: org);
        var person = await app.CreateMenteeAsync(org, "Молодцова", email: user.Email);
        var (ids, names) = await app.WithDbAsync(async db =>
        {
            var cs = await db.Competencies.Where(x => x.RegionId == null).OrderBy(x => x.Id).Take(2).ToListAsync();
            var ds = cs.Select(c => new Deficit { PersonId = person.Id, CompetencyId = c.Id, IdentifiedOn = new DateOnly(2026, 9, 20), Source = DeficitSource.Diagnostics }).ToList();
            db.Deficits.AddRange(ds);
            await db.SaveChangesAsync();
            return (ds.Select(d => d.Id).ToList(), cs.Select(c => c.Name).ToList());
        });
        return new Teacher(org, person, user, ids, names);
    }

    private static Dictionary<string, string> RouteForm(Teacher t, string? tutorUserId = null, params int[] deficits)
    {
        var f = new Dictionary<string, string>
        {
            ["PersonId"] = S(t.Person.Id), ["Input.Goal"] = "Преодолеть дефициты в проектировании урока", ["Input.StartDate"] = "2026-09-01", ["Input.EndDate"] = "2027-06-30",
            ["Input.Status"] = nameof(RouteStatus.Active), ["Input.TutorUserId"] = tutorUserId ?? "",
        };
        // Several values of one field cannot sit in a dictionary: the first deficit here, the rest through the overload below.
        if (deficits.Length > 0) f["Input.Deficits"] = S(deficits[0]);
        return f;
    }

    private async Task<int> CreateRouteAsync(HttpClient client, Teacher t, string? tutorUserId = null)
    {
        var r = await client.PostFormAsync($"/individualroutes/edit?personId={t.Person.Id}", RouteForm(t, tutorUserId, t.Deficits[0]));
        Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);
        var id = await app.WithDbAsync(db => db.IndividualRoutes.IgnoreQueryFilters().Where(x => x.PersonId == t.Person.Id).OrderByDescending(x => x.Id).Select(x => x.Id).FirstAsync());
        Assert.Equal($"/individualroutes/card/{id}", r.Headers.Location?.OriginalString);
        return id;
    }

    private static Task<HttpResponseMessage> AddItemAsync(HttpClient c, int id, string title, RouteItemKind kind, int? hours, string? due) =>
        c.PostFormAsync($"/individualroutes/card/{id}?handler=Item", new()
        {
            ["title"] = title, ["kind"] = kind.ToString(), ["organizer"] = "ЦНППМ", ["hours"] = hours is { } h ? S(h) : "", ["dueOn"] = due ?? "",
        }, $"/individualroutes/card/{id}");

    private Task<int> ItemIdAsync(int routeId, string title) => app.WithDbAsync(db => db.IndividualRouteItems.Where(i => i.RouteId == routeId && i.Title == title).Select(i => i.Id).SingleAsync());

    private static Task<HttpResponseMessage> MarkAsync(HttpClient c, int routeId, int itemId, ActivityStatus status, string? evidence = null) =>
        c.PostFormAsync($"/individualroutes/card/{routeId}?handler=Mark", new() { ["itemId"] = S(itemId), ["status"] = status.ToString(), ["evidence"] = evidence ?? "" }, $"/individualroutes/card/{routeId}");

    [Fact]
    public async Task Curator_CreatesRoute_TeacherMarksSteps_ProgressAndDocx()
    {
        app.Clock.Set(new DateTimeOffset(2026, 11, 23, 9, 0, 0, TimeSpan.Zero));
        var t = await TeacherAsync();
        var curator = await app.LoginAsAsync(Role.Curator, organization: t.Org);

        var pick = await curator.GetHtmlAsync("/individualroutes/edit");
        Assert.Contains($"/individualroutes/edit?personId={t.Person.Id}", pick);
        var form = await curator.GetHtmlAsync($"/individualroutes/edit?personId={t.Person.Id}");
        Assert.Contains(t.Competencies[0], form);
        Assert.Contains(t.Competencies[1], form);

        var bad = RouteForm(t);
        bad["Input.EndDate"] = "2026-08-01";
        bad["Input.Goal"] = "";
        var refused = await curator.PostFormAsync($"/individualroutes/edit?personId={t.Person.Id}", bad);
        var refusedHtml = await refused.Content.ReadAsStringAsync();
        Assert.Contains("Укажите цель маршрута.", refusedHtml);
        Assert.Contains("Окончание должно быть позже начала.", refusedHtml);

        var id = await CreateRouteAsync(curator, t);
        var route = await app.WithDbAsync(db => db.IndividualRoutes.IgnoreQueryFilters().Include(r => r.Deficits).SingleAsync(r => r.Id == id));
        Assert.Equal((t.Org.Id, t.Org.MunicipalityId, t.Org.RegionId), (route.OrganizationId, route.MunicipalityId, route.RegionId));
        Assert.Equal([t.Deficits[0]], route.Deficits.Select(d => d.DeficitId));

        Assert.Equal(HttpStatusCode.Redirect, (await AddItemAsync(curator, id, "КПК «Проектирование урока по ФГОС»", RouteItemKind.Kpk, 36, "2027-02-15")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await AddItemAsync(curator, id, "Вебинар о формирующем оценивании", RouteItemKind.Webinar, 2, "2026-11-01")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await AddItemAsync(curator, id, "Самообразование: конспект статей", RouteItemKind.SelfEducation, null, null)).StatusCode);
        var noTitle = await AddItemAsync(curator, id, " ", RouteItemKind.Other, 1, null);
        Assert.Contains("Укажите название курса или мероприятия.", await noTitle.Content.ReadAsStringAsync());

        var card = await curator.GetHtmlAsync($"/individualroutes/card/{id}");
        Assert.Contains("data-progress=\"0\"", card);
        Assert.Contains("просрочено", card); // the webinar was due on 01.11.2026
        Assert.Contains(t.Competencies[0], card);
        Assert.DoesNotContain(t.Competencies[1], card);

        // The teacher marks a step of their own route; the curator cancels another: 1 done of 2 that count, 36 of 38 hours planned → done.
        var teacher = await app.LoginAsync(t.User);
        var kpk = await ItemIdAsync(id, "КПК «Проектирование урока по ФГОС»");
        Assert.Equal(HttpStatusCode.Redirect, (await MarkAsync(teacher, id, kpk, ActivityStatus.Done, "удостоверение № 123")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await MarkAsync(curator, id, await ItemIdAsync(id, "Самообразование: конспект статей"), ActivityStatus.Cancelled)).StatusCode);
        var item = await app.WithDbAsync(db => db.IndividualRouteItems.SingleAsync(i => i.Id == kpk));
        Assert.Equal((ActivityStatus.Done, new DateOnly(2026, 11, 23), "удостоверение № 123"), (item.Status, item.DoneOn!.Value, item.Evidence!));
        var after = await teacher.GetHtmlAsync($"/individualroutes/card/{id}");
        Assert.Contains("data-progress=\"50\"", after);
        Assert.Contains("36 из 38 ч", after);
        Assert.Contains($"data-route=\"{id}\"", await teacher.GetHtmlAsync("/individualroutes"));

        // The teacher neither adds steps nor edits the route.
        Assert.Contains("accessdenied", (await AddItemAsync(teacher, id, "Своё", RouteItemKind.Other, 1, null)).Headers.Location?.OriginalString ?? "", StringComparison.OrdinalIgnoreCase);
        Assert.Contains("accessdenied", (await teacher.GetAsync($"/individualroutes/edit?id={id}")).Headers.Location?.OriginalString ?? "", StringComparison.OrdinalIgnoreCase);

        // Every view of the card is a read of the person's data and is in the access log.
        Assert.True(await app.WithDbAsync(db => db.AuditEntries.AnyAsync(a => a.Action == Features.People.CardModel.ViewAction && a.EntityId == S(t.Person.Id) && a.Details == $"ИОМ №{id}")));

        var file = await teacher.GetAsync($"/individualroutes/card/{id}?handler=Docx");
        Assert.Equal(HttpStatusCode.OK, file.StatusCode);
        using var stream = new MemoryStream(await file.Content.ReadAsByteArrayAsync());
        using var doc = WordprocessingDocument.Open(stream, false);
        Assert.Empty(new OpenXmlValidator().Validate(doc));
        var text = doc.MainDocumentPart!.Document!.Body!.InnerText;
        foreach (var s in new[] { "ИНДИВИДУАЛЬНЫЙ ОБРАЗОВАТЕЛЬНЫЙ МАРШРУТ", t.Person.FullName, t.Org.Name, t.Competencies[0], "КПК «Проектирование урока по ФГОС»", "15.02.2027",
                     "удостоверение № 123", "Выполнено: 1 из 2 (50 %)", "01.09.2026 – 30.06.2027", "УТВЕРЖДАЮ", "СОГЛАСОВАНО" })
            Assert.Contains(s, text);

        // Editing keeps optimistic concurrency: a stale version is refused in Russian.
        var edit = RouteForm(t, null, t.Deficits[1]);
        edit["Input.Version"] = Guid.NewGuid().ToString();
        var stale = await curator.PostFormAsync($"/individualroutes/edit?id={id}", edit);
        Assert.Contains("Маршрут только что изменил другой пользователь", await stale.Content.ReadAsStringAsync());
        edit["Input.Version"] = route.Version.ToString();
        Assert.Equal(HttpStatusCode.Redirect, (await curator.PostFormAsync($"/individualroutes/edit?id={id}", edit)).StatusCode);
        Assert.Equal([t.Deficits[1]], await app.WithDbAsync(db => db.IndividualRouteDeficits.Where(d => d.RouteId == id).Select(d => d.DeficitId).ToListAsync()));

        // Removing a step.
        Assert.Equal(HttpStatusCode.Redirect, (await curator.PostFormAsync($"/individualroutes/card/{id}?handler=Remove", new() { ["itemId"] = S(kpk) }, $"/individualroutes/card/{id}")).StatusCode);
        Assert.False(await app.WithDbAsync(db => db.IndividualRouteItems.AnyAsync(i => i.Id == kpk)));
    }

    [Fact]
    public async Task Tutor_OfTheMunicipality_WritesRoutes_ForeignIdsAnswer404()
    {
        var municipality = await app.CreateMunicipalityAsync();
        var t = await TeacherAsync(await app.CreateOrganizationAsync(municipality));
        var tutorUser = await app.CreateUserAsync(Role.Tutor, municipality: municipality);
        var tutor = await app.LoginAsync(tutorUser);

        // The tutor sees themselves among the tutors and is proposed by default.
        var form = await tutor.GetHtmlAsync($"/individualroutes/edit?personId={t.Person.Id}");
        Assert.Matches($"<option (selected=\"selected\" )?value=\"{tutorUser.Id}\"( selected=\"selected\")?>", form);
        var forgedTutor = await tutor.PostFormAsync($"/individualroutes/edit?personId={t.Person.Id}", RouteForm(t, "not-a-tutor", t.Deficits[0]));
        Assert.Contains("Выберите тьютора из списка.", await forgedTutor.Content.ReadAsStringAsync());
        var id = await CreateRouteAsync(tutor, t, tutorUser.Id);
        Assert.Equal(HttpStatusCode.Redirect, (await AddItemAsync(tutor, id, "Стажировка в школе-лидере", RouteItemKind.Internship, 16, "2027-03-01")).StatusCode);
        Assert.Contains($"data-route=\"{id}\"", await tutor.GetHtmlAsync("/individualroutes?mine=true"));
        Assert.Contains($"<dt class=\"col-sm-3\">Тьютор</dt><dd class=\"col-sm-9\">{tutorUser.FullName}</dd>", await tutor.GetHtmlAsync($"/individualroutes/card/{id}"));

        // A deficit of another person cannot be attached.
        var other = await TeacherAsync(t.Org);
        var foreignDeficit = RouteForm(t, null, other.Deficits[0]);
        Assert.Contains("Отмечен дефицит, которого нет у педагога.", await (await tutor.PostFormAsync($"/individualroutes/edit?personId={t.Person.Id}", foreignDeficit)).Content.ReadAsStringAsync());

        // Outside the tutor's and the school's scope the route does not exist.
        var foreignTutor = await app.LoginAsAsync(Role.Tutor, municipality: await app.CreateMunicipalityAsync());
        var foreignCurator = await app.LoginAsAsync(Role.Curator, organization: await app.CreateOrganizationAsync(municipality));
        foreach (var c in new[] { foreignTutor, foreignCurator })
        {
            Assert.Equal(HttpStatusCode.NotFound, (await c.GetAsync($"/individualroutes/card/{id}")).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await c.GetAsync($"/individualroutes/card/{id}?handler=Docx")).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await c.GetAsync($"/individualroutes/edit?id={id}")).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await c.GetAsync($"/individualroutes/edit?personId={t.Person.Id}")).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await AddItemAsync(c, id, "Чужое", RouteItemKind.Other, 1, null)).StatusCode);
            Assert.DoesNotContain($"data-route=\"{id}\"", await c.GetHtmlAsync("/individualroutes"));
        }
        // The municipal coordinator reads it, but does not write it.
        var coordinator = await app.LoginAsAsync(Role.MunicipalCoordinator, municipality: municipality);
        Assert.Equal(HttpStatusCode.OK, (await coordinator.GetAsync($"/individualroutes/card/{id}")).StatusCode);
        Assert.Contains("accessdenied", (await coordinator.GetAsync($"/individualroutes/edit?id={id}")).Headers.Location?.OriginalString ?? "", StringComparison.OrdinalIgnoreCase);
        Assert.Contains("accessdenied", (await AddItemAsync(coordinator, id, "Чужое", RouteItemKind.Other, 1, null)).Headers.Location?.OriginalString ?? "", StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task TeacherSeesOwnRouteOnly_MentorSeesItNextToTheProgramme_WithdrawalHidesIt()
    {
        app.Clock.Set(new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.Zero));
        var t = await TeacherAsync();
        var curator = await app.LoginAsAsync(Role.Curator, organization: t.Org);
        var id = await CreateRouteAsync(curator, t);

        // Another teacher of the same school (mentee role too) does not reach it.
        var other = await TeacherAsync(t.Org);
        var otherClient = await app.LoginAsync(other.User);
        Assert.Equal(HttpStatusCode.NotFound, (await otherClient.GetAsync($"/individualroutes/card/{id}")).StatusCode);
        Assert.DoesNotContain($"data-route=\"{id}\"", await otherClient.GetHtmlAsync("/individualroutes"));
        Assert.Equal(HttpStatusCode.NotFound, (await MarkAsync(otherClient, id, 0, ActivityStatus.Done)).StatusCode);

        // The mentor of the teacher's active pair reads the route and finds it on the programme card; a mentor without that pair does not.
        var mentorUser = await app.CreateUserAsync(Role.Mentor, organization: t.Org);
        var mentor = await app.CreateMentorAsync(t.Org, "Наставникова", email: mentorUser.Email);
        var m = await app.CreateMentorshipAsync(t.Org, mentor, t.Person, MentorshipStatus.Active);
        var programmeId = await app.WithDbAsync(async db =>
        {
            var x = new MentoringProgram { MentorshipId = m.Id, OrganizationId = t.Org.Id, MunicipalityId = t.Org.MunicipalityId, RegionId = t.Org.RegionId, Goal = "Адаптация",
                StartDate = new DateOnly(2026, 12, 1), EndDate = new DateOnly(2027, 5, 31), CreatedAt = app.Clock.GetUtcNow().UtcDateTime };
            db.MentoringPrograms.Add(x);
            await db.SaveChangesAsync();
            return x.Id;
        });
        var mentorClient = await app.LoginAsync(mentorUser);
        Assert.Equal(HttpStatusCode.OK, (await mentorClient.GetAsync($"/individualroutes/card/{id}")).StatusCode);
        var programme = await mentorClient.GetHtmlAsync($"/programmes/card/{programmeId}");
        Assert.Contains("ИОМ наставляемого", programme);
        Assert.Contains($"/individualroutes/card/{id}", programme);
        Assert.Contains($"/programmes/card/{programmeId}", await mentorClient.GetHtmlAsync($"/individualroutes/card/{id}"));
        // The mentor reads, but neither marks nor edits.
        Assert.Equal(HttpStatusCode.Redirect, (await AddItemAsync(curator, id, "Открытый урок", RouteItemKind.OpenLesson, 1, "2027-03-01")).StatusCode);
        Assert.Contains("accessdenied", (await MarkAsync(mentorClient, id, await ItemIdAsync(id, "Открытый урок"), ActivityStatus.Done)).Headers.Location?.OriginalString ?? "", StringComparison.OrdinalIgnoreCase);

        var loneMentorUser = await app.CreateUserAsync(Role.Mentor, organization: t.Org);
        await app.CreateMentorAsync(t.Org, "Одинокова", email: loneMentorUser.Email);
        var lone = await app.LoginAsync(loneMentorUser);
        Assert.Equal(HttpStatusCode.NotFound, (await lone.GetAsync($"/individualroutes/card/{id}")).StatusCode);

        // The curator and the teacher see it on the programme card too; a withdrawn consent hides the route at once.
        Assert.Contains($"/individualroutes/card/{id}", await curator.GetHtmlAsync($"/programmes/card/{programmeId}"));
        await app.WithDbAsync(async db =>
        {
            var p = await db.People.SingleAsync(x => x.Id == t.Person.Id);
            p.IsWithdrawn = true;
            await db.SaveChangesAsync();
        });
        Assert.Equal(HttpStatusCode.NotFound, (await curator.GetAsync($"/individualroutes/card/{id}")).StatusCode);
        Assert.DoesNotContain($"data-route=\"{id}\"", await curator.GetHtmlAsync("/individualroutes"));
    }

    [Fact]
    public void Progress_CountsDoneOfNotCancelled_AndHours()
    {
        static IndividualRouteItem I(ActivityStatus s, int? h) => new() { Title = "x", Status = s, Hours = h };
        Assert.Equal(new RouteProgress(0, 0, 0, 0), RouteProgress.Of([]));
        Assert.Equal(0, RouteProgress.Of([]).Percent);
        var p = RouteProgress.Of([I(ActivityStatus.Done, 36), I(ActivityStatus.Planned, 72), I(ActivityStatus.InProgress, null), I(ActivityStatus.Cancelled, 100)]);
        Assert.Equal((1, 3, 36, 108, 33), (p.Done, p.Total, p.HoursDone, p.HoursPlanned, p.Percent));
        Assert.Equal(67, RouteProgress.Of([I(ActivityStatus.Done, 1), I(ActivityStatus.Done, 1), I(ActivityStatus.Planned, 1)]).Percent);
    }
}
