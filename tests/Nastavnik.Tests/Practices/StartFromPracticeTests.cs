using System.Net;
using Microsoft.EntityFrameworkCore;
using Nastavnik.Features.Practices;
using Nastavnik.Features.Programmes;
using Nastavnik.Tests.Mentorships;
using Nastavnik.Tests.Programmes;

namespace Nastavnik.Tests.Practices;

/// <summary>A published practice of the bank starts a new programme in another school of the region (seed 002: the «методическая копилка» is there to be reused).</summary>
public sealed class StartFromPracticeTests(TestApp app) : IClassFixture<TestApp>
{
    private Task<Practice> PracticeAsync(Features.Organizations.Organization org, string title, PracticeStatus status) => app.WithDbAsync(async db =>
    {
        var form = await db.MentoringForms.FirstAsync(f => f.RegionId == null && f.Code == "teacher-teacher");
        var kind = await db.MentoringKinds.FirstAsync(k => k.RegionId == null && k.Code == "traditional");
        var k = new Practice
        {
            OrganizationId = org.Id, MunicipalityId = org.MunicipalityId, RegionId = org.RegionId, Title = title, Summary = "Адаптация молодого учителя за полугодие",
            Goal = "Освоить формирующее оценивание", Tasks = "Посетить уроки; провести открытый урок", FormId = form.Id, KindId = kind.Id, Directions = nameof(ProgramDirection.Methods),
            DurationDays = 150, Status = status, ProposedAt = app.Clock.GetUtcNow().UtcDateTime,
            Items =
            [
                new() { SortOrder = 0, Title = "Посещение уроков наставника", ExpectedResult = "лист наблюдения", OffsetDays = 14 },
                new() { SortOrder = 1, Title = "Открытый урок наставляемого", ResultForm = "конспект", OffsetDays = 100 },
            ],
        };
        db.Practices.Add(k);
        await db.SaveChangesAsync();
        return k;
    });

    [Fact]
    public async Task PublishedPractice_OfTheRegion_StartsAProgramme_WithTheShiftedPlan()
    {
        app.Clock.Set(new DateTimeOffset(2027, 1, 10, 9, 0, 0, TimeSpan.Zero));
        var school = await app.CreateOrganizationAsync();
        var elsewhere = await app.CreateOrganizationAsync(await app.CreateMunicipalityAsync(await app.WithDbAsync(db => db.Regions.SingleAsync(r => r.Id == school.RegionId))));
        var published = await PracticeAsync(elsewhere, "Полугодие молодого учителя", PracticeStatus.Published);
        var underReview = await PracticeAsync(elsewhere, "Ещё на проверке", PracticeStatus.Proposed);
        var foreign = await PracticeAsync(await app.CreateOrganizationAsync(), "Из другого региона", PracticeStatus.Published);

        var pair = await app.CreateMentorshipAsync(school, await app.CreateMentorAsync(school, "Опытнова"), await app.CreateMenteeAsync(school, "Новичков"), Features.Mentorships.MentorshipStatus.Active);
        var curator = await app.LoginAsAsync(Nastavnik.Platform.Auth.Role.Curator, organization: school);
        var url = $"/programmes/start?mentorshipId={pair.Id}";
        var page = WebUtility.HtmlDecode(await curator.GetHtmlAsync(url));
        Assert.Contains($"data-source=\"k{published.Id}\"", page);
        Assert.DoesNotContain($"data-source=\"k{underReview.Id}\"", page);
        Assert.DoesNotContain($"data-source=\"k{foreign.Id}\"", page);

        var refused = await curator.PostFormAsync(url, new() { ["Choice"] = $"k{foreign.Id}", ["StartDate"] = "2027-01-11" });
        Assert.Contains("Выберите шаблон", WebUtility.HtmlDecode(await refused.Content.ReadAsStringAsync()));
        var r = await curator.PostFormAsync(url, new() { ["Choice"] = $"k{published.Id}", ["StartDate"] = "2027-01-11" });
        Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);
        var (p, plan) = await app.WithDbAsync(async db =>
        {
            var x = await db.MentoringPrograms.SingleAsync(x => x.MentorshipId == pair.Id);
            return (x, await db.ProgramActivities.Where(a => a.ProgramId == x.Id).OrderBy(a => a.DueOn).ToListAsync());
        });
        Assert.Equal(("Освоить формирующее оценивание", new DateOnly(2027, 1, 11), new DateOnly(2027, 6, 10)), (p.Goal, p.StartDate, p.EndDate));
        Assert.Equal([(new DateOnly(2027, 1, 25), "Посещение уроков наставника"), (new DateOnly(2027, 4, 21), "Открытый урок наставляемого")], plan.Select(a => (a.DueOn, a.Title)));
        Assert.All(plan, a => Assert.Equal(ActivityStatus.Planned, a.Status));
    }
}
