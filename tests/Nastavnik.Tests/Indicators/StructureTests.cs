using System.Net;
using Microsoft.EntityFrameworkCore;
using Nastavnik.Features.Indicators;
using Nastavnik.Features.Mentorships;
using Nastavnik.Features.Organizations;
using Nastavnik.Features.People;
using Nastavnik.Features.Programmes;
using Nastavnik.Platform.Auth;

namespace Nastavnik.Tests.Indicators;

/// <summary>The structure page: people by form, kind and category, programmes on track or not, the monthly trend — each a hand count.</summary>
public sealed class StructureTests(TestApp app) : IClassFixture<TestApp>
{
    private sealed record World(Municipality Municipality, Organization School, int TeacherPupilFormId, int TeacherTeacherFormId);

    /// <summary>
    /// One school, 2025: a teacher–pupil group (mentor + 3 pupils: two gifted, one with ОВЗ) from 01.02.2025 with a
    /// programme whose mentee never reported; a teacher–teacher pair (young specialist) from 01.04.2025 with a programme
    /// where everyone reports on time; a draft that counts nowhere.
    /// </summary>
    private async Task<World> ArrangeAsync()
    {
        var mun = await app.CreateMunicipalityAsync();
        var school = await app.CreateOrganizationAsync(mun, app.Unique("Школа"));
        return await app.WithDbAsync(async db =>
        {
            Person P(string last, PersonKind kind, params MenteeCategory[] categories) => new()
            {
                OrganizationId = school.Id, MunicipalityId = mun.Id, RegionId = mun.RegionId, LastName = last, FirstName = "Тест", Kind = kind, EnteredOn = new DateOnly(2025, 1, 10),
                Categories = [.. categories.Select(c => new PersonCategory { Category = c })],
            };
            var mentor1 = P("Наставникова", PersonKind.Teacher);
            var pupils = new[] { P("Одарённый", PersonKind.Pupil, MenteeCategory.Gifted), P("Одарённая", PersonKind.Pupil, MenteeCategory.Gifted, MenteeCategory.Rural), P("Особый", PersonKind.Pupil, MenteeCategory.Ovz) };
            var mentor2 = P("Опытная", PersonKind.Teacher);
            var young = P("Молодой", PersonKind.Teacher, MenteeCategory.YoungSpecialist);
            var drafted = P("Черновой", PersonKind.Pupil, MenteeCategory.Gifted);
            db.People.AddRange([mentor1, .. pupils, mentor2, young, drafted]);
            await db.SaveChangesAsync();
            var tp = await db.MentoringForms.FirstAsync(f => f.RegionId == null && f.Code == "teacher-pupil");
            var tt = await db.MentoringForms.FirstAsync(f => f.RegionId == null && f.Code == "teacher-teacher");
            var kind = await db.MentoringKinds.FirstAsync(k => k.RegionId == null);
            Mentorship M(MentoringForm form, MentorshipStatus status, DateOnly start, Person mentor, params Person[] mentees) => new()
            {
                OrganizationId = school.Id, MunicipalityId = mun.Id, RegionId = mun.RegionId, FormId = form.Id, KindId = kind.Id, Status = status,
                StartDate = start, EndDate = new DateOnly(2025, 12, 31), CreatedAt = app.Clock.GetUtcNow().UtcDateTime,
                Participants = [new() { PersonId = mentor.Id, Role = ParticipantRole.Mentor }, .. mentees.Select(p => new MentorshipParticipant { PersonId = p.Id, Role = ParticipantRole.Mentee })],
            };
            var group = M(tp, MentorshipStatus.Active, new DateOnly(2025, 2, 1), mentor1, pupils);
            var pair = M(tt, MentorshipStatus.Active, new DateOnly(2025, 4, 1), mentor2, young);
            db.Mentorships.AddRange(group, pair, M(tp, MentorshipStatus.Draft, new DateOnly(2025, 2, 1), mentor1, drafted));
            await db.SaveChangesAsync();
            MentoringProgram Programme(Mentorship m) => new()
            {
                MentorshipId = m.Id, OrganizationId = school.Id, MunicipalityId = mun.Id, RegionId = mun.RegionId, Goal = "Цель",
                StartDate = m.StartDate, EndDate = m.EndDate, CreatedAt = app.Clock.GetUtcNow().UtcDateTime,
            };
            var p1 = Programme(group);
            var p2 = Programme(pair);
            db.MentoringPrograms.AddRange(p1, p2);
            await db.SaveChangesAsync();
            // On 30.06.2025 pair 2 is on track: a meeting and both reports within the last two weeks.
            db.Meetings.Add(new Meeting { ProgramId = p2.Id, Kind = MeetingKind.Regular, HeldOn = new DateOnly(2025, 6, 25) });
            db.Meetings.Add(new Meeting { ProgramId = p1.Id, Kind = MeetingKind.Regular, HeldOn = new DateOnly(2025, 6, 25) });
            foreach (var (person, role) in new[] { (mentor2, ParticipantRole.Mentor), (young, ParticipantRole.Mentee) })
                db.ProgressReports.Add(new ProgressReport { ProgramId = p2.Id, PersonId = person.Id, AuthorRole = role, ReportedOn = new DateOnly(2025, 6, 24), Done = "Работали", Rating = 4, CreatedAt = app.Clock.GetUtcNow().UtcDateTime });
            await db.SaveChangesAsync();
            return new World(mun, school, tp.Id, tt.Id);
        });
    }

    private static int Cell(string html, string rowStart, int column)
    {
        var at = html.IndexOf(rowStart, StringComparison.Ordinal);
        Assert.True(at >= 0, $"нет строки «{rowStart}»");
        var row = html[at..html.IndexOf("</tr>", at, StringComparison.Ordinal)];
        var cells = System.Text.RegularExpressions.Regex.Matches(row, "<td[^>]*>(.*?)</td>", System.Text.RegularExpressions.RegexOptions.Singleline);
        var text = System.Text.RegularExpressions.Regex.Replace(cells[column].Groups[1].Value, "<[^>]+>", "").Trim();
        return int.Parse(text, System.Globalization.CultureInfo.InvariantCulture);
    }

    [Fact]
    public async Task Structure_CountsByFormKindCategory_ProgrammesAndTrend_AreTheHandCount()
    {
        var w = await ArrangeAsync();
        var coordinator = await app.LoginAsAsync(Role.MunicipalCoordinator, municipality: w.Municipality);
        var url = $"/indicators/structure?date=2025-06-30&organization={w.School.Id}";
        var html = WebUtility.HtmlDecode(await coordinator.GetHtmlAsync(url));

        // Forms: teacher–pupil has the mentor and three pupils in one group; teacher–teacher two people in one pair.
        Assert.Equal(4, Cell(html, "<td>учитель – ученик</td>", 1));
        Assert.Equal(1, Cell(html, "<td>учитель – ученик</td>", 2));
        Assert.Equal(2, Cell(html, "<td>учитель – учитель</td>", 1));
        // Categories of the mentored: two gifted, one rural, one with ОВЗ, one young specialist; the draft's pupil is not counted.
        Assert.Equal(2, Cell(html, "<td>Одарённый обучающийся</td>", 1));
        Assert.Equal(1, Cell(html, "<td>Обучающийся с ОВЗ</td>", 1));
        Assert.Equal(1, Cell(html, "<td>Молодой специалист (стаж до 3 лет)</td>", 1));
        // Programmes: the group's pupils never reported (overdue), the pair is on track.
        Assert.Contains("Действующих программ: <a href=\"/programmes\">2</a>", html);
        Assert.Contains("Требуют внимания: <span class=\"roadmap-overdue-count\">1</span>", html);
        Assert.Matches("просрочен отчёт</td><td class=\"num\">1</td>", html);
        // Trend: nobody in January, the group from February, the pair from April.
        Assert.Equal(0, Cell(html, "<td>31.01.2025</td>", 5));
        Assert.Equal(1, Cell(html, "<td>31.03.2025</td>", 5));
        Assert.Equal(2, Cell(html, "<td>30.06.2025</td>", 5));

        // Drill-down lists exactly those people and pairs.
        var gifted = WebUtility.HtmlDecode(await coordinator.GetHtmlAsync($"/indicators/drill?date=2025-06-30&organization={w.School.Id}&what=category-Gifted"));
        Assert.Contains("Одарённый Тест", gifted);
        Assert.Contains("Одарённая Тест", gifted);
        Assert.DoesNotContain("Черновой", gifted);
        var formPairs = await coordinator.GetHtmlAsync($"/indicators/drill?date=2025-06-30&organization={w.School.Id}&what=pairs-form-{w.TeacherTeacherFormId}");
        Assert.Contains("Всего: 1", formPairs);
        Assert.Equal(HttpStatusCode.NotFound, (await coordinator.GetAsync($"/indicators/drill?organization={w.School.Id}&what=form-abc")).StatusCode);
    }

    [Fact]
    public async Task Tutor_DoesNotSeeSensitiveCategories_NorDrillIntoThem()
    {
        var w = await ArrangeAsync();
        var tutor = await app.LoginAsAsync(Role.Tutor, organization: w.School);
        var html = WebUtility.HtmlDecode(await tutor.GetHtmlAsync($"/indicators/structure?date=2025-06-30&organization={w.School.Id}"));
        Assert.Contains("Одарённый обучающийся", html);
        Assert.DoesNotContain("Обучающийся с ОВЗ", html);
        Assert.Equal(HttpStatusCode.NotFound, (await tutor.GetAsync($"/indicators/drill?date=2025-06-30&organization={w.School.Id}&what=category-Ovz")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await tutor.GetAsync($"/indicators/drill?date=2025-06-30&organization={w.School.Id}&what=pairs-category-Ovz")).StatusCode);
    }

    [Fact]
    public async Task OtherMunicipality_SeesNothingOfTheSchool()
    {
        var w = await ArrangeAsync();
        var other = await app.CreateMunicipalityAsync();
        var coordinator = await app.LoginAsAsync(Role.MunicipalCoordinator, municipality: other);
        var html = WebUtility.HtmlDecode(await coordinator.GetHtmlAsync($"/indicators/structure?date=2025-06-30&organization={w.School.Id}"));
        Assert.DoesNotContain("учитель – ученик", html);
        Assert.Contains("Действующих программ: <a href=\"/programmes\">0</a>", html);
    }
}
