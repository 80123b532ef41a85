using System.Net;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Validation;
using Microsoft.EntityFrameworkCore;
using Nastavnik.Features.Mentorships;
using Nastavnik.Features.People;
using Nastavnik.Features.Programmes;
using Nastavnik.Platform.Auth;
using Nastavnik.Tests.Mentorships;

namespace Nastavnik.Tests.Programmes;

public sealed class ProgrammeTests(TestApp app) : IClassFixture<TestApp>
{
    private sealed record Pair(Features.Organizations.Organization Org, Person Mentor, Person Mentee, Mentorship M, AppUser MentorUser, AppUser MenteeUser,
        AppUser Curator, string Competency)
    {
        // Sign-in cookies last 8 hours of the test clock: clients are made again after the clock moves.
        public HttpClient MentorClient { get; set; } = null!;
        public HttpClient MenteeClient { get; set; } = null!;
    }

    private async Task SignInAgainAsync(Pair p)
    {
        p.MentorClient = await app.LoginAsync(p.MentorUser);
        p.MenteeClient = await app.LoginAsync(p.MenteeUser);
    }

    private async Task<Pair> PairAsync()
    {
        var org = await app.CreateOrganizationAsync();
        var mentorUser = await app.CreateUserAsync(Role.Mentor, organization: org);
        var menteeUser = await app.CreateUserAsync(Role.Mentee, organization: org);
        var curator = await app.CreateUserAsync(Role.Curator, organization: org);
        var mentor = await app.CreateMentorAsync(org, "Сергеева", email: mentorUser.Email);
        var mentee = await app.CreateMenteeAsync(org, "Молодцова", email: menteeUser.Email);
        var competency = await app.WithDbAsync(async db =>
        {
            var c = (await db.Competencies.Where(x => x.RegionId == null).ToListAsync()).First(x => x.Name.All(ch => char.IsLetterOrDigit(ch) || ch is ' ' or ',' or '-'));
            db.Deficits.Add(new Deficit { PersonId = mentee.Id, CompetencyId = c.Id, IdentifiedOn = new DateOnly(2026, 10, 1) });
            await db.SaveChangesAsync();
            return c.Name;
        });
        var m = await app.CreateMentorshipAsync(org, mentor, mentee, MentorshipStatus.Active);
        var pair = new Pair(org, mentor, mentee, m, mentorUser, menteeUser, curator, competency);
        await SignInAgainAsync(pair);
        return pair;
    }

    private async Task<int> CreateProgrammeAsync(Pair p)
    {
        var form = await p.MentorClient.GetHtmlAsync($"/programmes/edit?mentorshipId={p.M.Id}");
        Assert.Contains(p.Competency, form);
        var r = await p.MentorClient.PostFormAsync($"/programmes/edit?mentorshipId={p.M.Id}", new()
        {
            ["Input.Goal"] = "Адаптация молодого учителя", ["Input.Tasks"] = "Освоить технологию формирующего оценивания", ["Input.Difficulties"] = p.Competency,
            ["Input.Directions"] = nameof(ProgramDirection.Methods), ["Input.StartDate"] = "2026-12-01", ["Input.EndDate"] = "2027-05-31",
        });
        Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);
        return await app.WithDbAsync(db => db.MentoringPrograms.IgnoreQueryFilters().Where(x => x.MentorshipId == p.M.Id).Select(x => x.Id).SingleAsync());
    }

    private static Task<HttpResponseMessage> ReportAsync(HttpClient c, int id, string date, int rating) =>
        c.PostFormAsync($"/programmes/report/{id}", new() { ["Input.ReportedOn"] = date, ["Input.Done"] = "Посетили уроки друг друга", ["Input.Rating"] = rating.ToString(System.Globalization.CultureInfo.InvariantCulture) });

    [Fact]
    public async Task MentorAndMentee_RunProgramme_OverdueReportWarnsCurator()
    {
        app.Clock.Set(new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.Zero));
        var p = await PairAsync();
        var id = await CreateProgrammeAsync(p);
        var card = $"/programmes/card/{id}";

        var add = await p.MentorClient.PostFormAsync(card + "?handler=Activity", new() { ["title"] = "Посещение уроков наставника", ["dueOn"] = "2026-12-20", ["resultForm"] = "лист наблюдения" }, card);
        Assert.Equal(HttpStatusCode.Redirect, add.StatusCode);
        // The mentee marks the plan but does not write it.
        var refused = await p.MenteeClient.PostFormAsync(card + "?handler=Activity", new() { ["title"] = "Чужое", ["dueOn"] = "2026-12-20" }, card);
        Assert.Contains("accessdenied", refused.Headers.Location?.OriginalString ?? "", StringComparison.OrdinalIgnoreCase);

        app.Clock.Set(new DateTimeOffset(2026, 12, 2, 9, 0, 0, TimeSpan.Zero));
        await SignInAgainAsync(p);
        Assert.Matches("<option (selected=\"selected\" )?value=\"Organizational\"( selected=\"selected\")?>", await p.MentorClient.GetHtmlAsync(card));
        var meeting = await p.MenteeClient.PostFormAsync(card + "?handler=Meeting", new() { ["kind"] = "Organizational", ["heldOn"] = "2026-12-02", ["startsAt"] = "15:00", ["present"] = p.Mentee.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), ["notes"] = "Знакомство" }, card);
        Assert.Equal(HttpStatusCode.Redirect, meeting.StatusCode);
        var html = await p.MentorClient.GetHtmlAsync(card);
        Assert.Matches("<option (selected=\"selected\" )?value=\"Trial\"( selected=\"selected\")?>", html);
        Assert.Contains("Знакомство", html);

        Assert.Equal(HttpStatusCode.Redirect, (await ReportAsync(p.MentorClient, id, "2026-12-02", 4)).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await ReportAsync(p.MenteeClient, id, "2026-12-02", 5)).StatusCode);
        var activityId = await app.WithDbAsync(db => db.ProgramActivities.Where(a => a.ProgramId == id).Select(a => a.Id).SingleAsync());
        var mark = await p.MenteeClient.PostFormAsync(card + "?handler=Mark", new() { ["activityId"] = activityId.ToString(System.Globalization.CultureInfo.InvariantCulture), ["status"] = "Done", ["evidence"] = "https://example.org/list" }, card);
        Assert.Equal(HttpStatusCode.Redirect, mark.StatusCode);
        var done = await app.WithDbAsync(db => db.ProgramActivities.SingleAsync(a => a.Id == activityId));
        Assert.Equal((ActivityStatus.Done, new DateOnly(2026, 12, 2), "наставляемый"), (done.Status, done.DoneOn!.Value, done.DoneByRole!));

        app.Clock.Set(new DateTimeOffset(2026, 12, 10, 9, 0, 0, TimeSpan.Zero));
        var curator = await app.LoginAsync(p.Curator);
        var early = await curator.GetHtmlAsync("/");
        Assert.Contains("Здравствуйте", early);
        Assert.DoesNotContain("Просрочен отчёт", early);

        app.Clock.Set(new DateTimeOffset(2026, 12, 17, 9, 0, 0, TimeSpan.Zero));
        await SignInAgainAsync(p);
        curator = await app.LoginAsync(p.Curator);
        Assert.Equal(HttpStatusCode.Redirect, (await ReportAsync(p.MentorClient, id, "2026-12-17", 2)).StatusCode);
        var home = await curator.GetHtmlAsync("/");
        Assert.Contains("Просрочен отчёт: наставляемый Молодцова", home);
        Assert.DoesNotContain("Просрочен отчёт: наставник", home);
        Assert.Contains("Низкая оценка: наставник Сергеева", home);
        Assert.Contains($"/programmes/card/{id}", home);
        Assert.Contains("data-warning=\"report\"", await p.MentorClient.GetHtmlAsync(card));
    }

    [Fact]
    public async Task Docx_HasHeaderPlanAndSignatures_Validates()
    {
        app.Clock.Set(new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.Zero));
        var p = await PairAsync();
        var id = await CreateProgrammeAsync(p);
        var card = $"/programmes/card/{id}";
        await p.MentorClient.PostFormAsync(card + "?handler=Activity", new() { ["title"] = "Открытый урок наставляемого", ["dueOn"] = "2027-03-15", ["expectedResult"] = "урок проведён" }, card);

        var file = await p.MenteeClient.GetAsync(card + "?handler=Docx");
        Assert.Equal(HttpStatusCode.OK, file.StatusCode);
        using var stream = new MemoryStream(await file.Content.ReadAsByteArrayAsync());
        using var doc = WordprocessingDocument.Open(stream, false);
        Assert.Empty(new OpenXmlValidator().Validate(doc));
        var text = doc.MainDocumentPart!.Document!.Body!.InnerText;
        foreach (var s in new[] { "УТВЕРЖДАЮ", "ПЕРСОНАЛИЗИРОВАННАЯ ПРОГРАММА НАСТАВНИЧЕСТВА", p.Org.Name, "Адаптация молодого учителя", p.Competency, "методика преподавания",
            "01.12.2026 – 31.05.2027", "Открытый урок наставляемого", "15.03.2027", "Наставник", "Наставляемый", "Куратор" })
            Assert.Contains(s, text);
        // The plan table fits the text width and its «Срок» column holds a whole date (it used to print «15.03.20|27»).
        var grid = doc.MainDocumentPart.Document.Body.Descendants<DocumentFormat.OpenXml.Wordprocessing.Table>().Last()
            .Elements<DocumentFormat.OpenXml.Wordprocessing.TableGrid>().Single().Elements<DocumentFormat.OpenXml.Wordprocessing.GridColumn>()
            .Select(g => int.Parse(g.Width!.Value!, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(11906 - 1418 - 850, grid.Sum());
        Assert.True(grid[2] >= 1200, $"Срок: {grid[2]} twips");
    }

    [Fact]
    public async Task OtherSchoolCurator_And_OutsideMentor_Get404()
    {
        app.Clock.Set(new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.Zero));
        var p = await PairAsync();
        var id = await CreateProgrammeAsync(p);

        var other = await app.LoginAsAsync(Role.Curator, organization: await app.CreateOrganizationAsync());
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/programmes/card/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/programmes/card/{id}?handler=Docx")).StatusCode);

        // A mentor of the same school with a pair of his own does not open this one.
        var outsiderUser = await app.CreateUserAsync(Role.Mentor, organization: p.Org);
        var outsider = await app.CreateMentorAsync(p.Org, "Посторонний", email: outsiderUser.Email);
        await app.CreateMentorshipAsync(p.Org, outsider, await app.CreateMenteeAsync(p.Org, "Другая"), MentorshipStatus.Active);
        var client = await app.LoginAsync(outsiderUser);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/programmes/card/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/programmes/report/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/programmes/edit?id={id}")).StatusCode);
        Assert.DoesNotContain($"/programmes/card/{id}\"", await client.GetHtmlAsync("/programmes"));

        // The school's curator sees it; the mentee does not edit the programme itself.
        var curator = await app.LoginAsync(p.Curator);
        Assert.Equal(HttpStatusCode.OK, (await curator.GetAsync($"/programmes/card/{id}")).StatusCode);
        Assert.Contains($"/programmes/card/{id}", await curator.GetHtmlAsync($"/mentorships/card/{p.M.Id}"));
        Assert.Contains("accessdenied", (await p.MenteeClient.GetAsync($"/programmes/edit?id={id}")).Headers.Location?.OriginalString ?? "", StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task ReportForm_IsOneColumn_ForPhones()
    {
        app.Clock.Set(new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.Zero));
        var p = await PairAsync();
        var id = await CreateProgrammeAsync(p);
        var html = await p.MentorClient.GetHtmlAsync($"/programmes/report/{id}");
        Assert.Contains("id=\"report-form\"", html);
        Assert.Contains("width=device-width", html);
        var form = html[html.IndexOf("id=\"report-form\"", StringComparison.Ordinal)..];
        form = form[..form.IndexOf("</form>", StringComparison.Ordinal)];
        // No tables, no fixed widths, every field full width: nothing can push a 390px screen sideways.
        Assert.DoesNotContain("<table", form);
        Assert.DoesNotContain("width:", form);
        Assert.DoesNotContain("col-md", form);
        Assert.Contains("class=\"col-12", form);
    }

    [Fact]
    public void Compute_Rules()
    {
        var prog = new MentoringProgram { Id = 1, Goal = "g", StartDate = new DateOnly(2026, 12, 1), EndDate = new DateOnly(2027, 1, 20) };
        var people = new List<ProgrammeService.Person> { new(1, "Сергеева Анна", "Сергеева А.", ParticipantRole.Mentor), new(2, "Молодцова Ия", "Молодцова И.", ParticipantRole.Mentee) };
        var activities = new List<ProgramActivity> { new() { Title = "Урок", DueOn = new DateOnly(2027, 1, 5), Status = ActivityStatus.Planned }, new() { Title = "Готово", DueOn = new DateOnly(2027, 1, 1), Status = ActivityStatus.Done } };
        var reports = new List<ProgressReport> { new() { PersonId = 1, Done = "x", ReportedOn = new DateOnly(2027, 1, 8), Rating = 2 }, new() { PersonId = 2, Done = "x", ReportedOn = new DateOnly(2027, 1, 8), Rating = 4 } };
        var w = ProgrammeService.Compute(prog, people, activities, [new DateOnly(2026, 12, 15)], reports, new ProgrammeSettings(), new DateOnly(2027, 1, 10));
        Assert.Equal(["meeting", "rating", "activity", "ending"], w.Select(x => x.Kind));
        Assert.Empty(ProgrammeService.Compute(prog, people, activities, [], [], new ProgrammeSettings(), new DateOnly(2026, 11, 30)));
        Assert.NotNull(MentoringProgram.PeriodWarning(new DateOnly(2026, 12, 1), new DateOnly(2027, 2, 1)));
        Assert.NotNull(MentoringProgram.PeriodWarning(new DateOnly(2026, 12, 1), new DateOnly(2027, 12, 31)));
        Assert.Null(MentoringProgram.PeriodWarning(new DateOnly(2026, 12, 1), new DateOnly(2027, 5, 31)));
        Assert.Equal(MeetingKind.Planning, Meeting.Suggest([MeetingKind.Organizational, MeetingKind.Trial]));
        Assert.Equal(MeetingKind.Regular, Meeting.Suggest([MeetingKind.Organizational, MeetingKind.Trial, MeetingKind.Planning, MeetingKind.Regular]));
    }
}
