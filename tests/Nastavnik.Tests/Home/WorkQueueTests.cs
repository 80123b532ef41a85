using System.Net;
using Microsoft.EntityFrameworkCore;
using Nastavnik.Features.Mentorships;
using Nastavnik.Features.Roadmaps;
using Nastavnik.Platform.Auth;
using Nastavnik.Tests.Mentorships;
using Nastavnik.Tests.Programmes;

namespace Nastavnik.Tests.Home;

/// <summary>«Мои дела» on the home page: each role's next job, counted within the role's scope.</summary>
public sealed class WorkQueueTests(TestApp app) : IClassFixture<TestApp>
{
    [Fact]
    public async Task Mentee_SeesTheProgramme_ReportDue_NextMeeting_AndOverdueOnesInRed()
    {
        app.Clock.Set(new DateTimeOffset(2026, 12, 10, 9, 0, 0, TimeSpan.Zero));
        var run = await app.StartProgrammeAsync(); // 01.12.2026 – 31.05.2027, report every 14 days
        var mentee = await app.LoginAsync(run.MenteeUser);
        var home = WebUtility.HtmlDecode(await mentee.GetHtmlAsync("/"));
        Assert.Contains("Мои дела", home);
        Assert.Contains($"/programmes/report/{run.ProgramId}", home);
        Assert.Contains("Следующий отчёт — до 15.12.2026", home);
        Assert.Contains("Встреч ещё не было", home);

        Assert.Equal(HttpStatusCode.Redirect, (await mentee.PostFormAsync(run.Card + "?handler=Meeting", new() { ["kind"] = "Organizational", ["heldOn"] = "2026-12-17", ["startsAt"] = "15:30" }, run.Card)).StatusCode);
        Assert.Contains("Ближайшая встреча: 17.12.2026 в 15:30", WebUtility.HtmlDecode(await mentee.GetHtmlAsync("/")));

        // Three weeks later nothing was reported and the first activity (due 20.12) is still planned.
        app.Clock.Set(new DateTimeOffset(2026, 12, 22, 9, 0, 0, TimeSpan.Zero));
        mentee = await app.LoginAsync(run.MenteeUser);
        home = WebUtility.HtmlDecode(await mentee.GetHtmlAsync("/"));
        Assert.Contains("Отчёт просрочен: нужно было сдать до 15.12.2026", home);
        Assert.Contains("Последняя встреча: 17.12.2026", home);
        Assert.Contains("Просрочено мероприятий плана: 1", home);

        // A participant of another pair sees nothing of this one.
        var other = await app.StartProgrammeAsync("Орлова", "Петренко");
        var otherHome = await (await app.LoginAsync(other.MenteeUser)).GetHtmlAsync("/");
        Assert.DoesNotContain($"/programmes/card/{run.ProgramId}\"", otherHome);
        Assert.Contains($"/programmes/card/{other.ProgramId}\"", otherHome);
    }

    [Fact]
    public async Task Head_SeesPairsWaitingForTheOrder_Coordinator_SeesRoadmapsWaiting()
    {
        var org = await app.CreateOrganizationAsync();
        var mentor = await app.CreateMentorAsync(org, "Ершова");
        await app.CreateMentorshipAsync(org, mentor, await app.CreateMenteeAsync(org, "Тихонова"), MentorshipStatus.Proposed);
        await app.CreateMentorshipAsync(org, mentor, await app.CreateMenteeAsync(org, "Кириллова"), MentorshipStatus.Proposed);
        var head = await app.LoginAsAsync(Role.Head, organization: org);
        Assert.Contains("ждущие утверждения приказом руководителя: 2", await head.GetHtmlAsync("/"));
        // Another school's head has nothing waiting.
        Assert.DoesNotContain("ждущие утверждения", await (await app.LoginAsAsync(Role.Head, organization: await app.CreateOrganizationAsync())).GetHtmlAsync("/"));

        await app.WithDbAsync(async db =>
        {
            db.Roadmaps.Add(new Roadmap { RegionId = org.RegionId, MunicipalityId = org.MunicipalityId, OrganizationId = org.Id, Title = "Дорожная карта школы", PeriodText = "2026/2027",
                PeriodStart = new DateOnly(2026, 9, 1), PeriodEnd = new DateOnly(2027, 8, 31), Status = RoadmapStatus.Submitted });
            await db.SaveChangesAsync();
        });
        var municipality = await app.WithDbAsync(db => db.Municipalities.SingleAsync(m => m.Id == org.MunicipalityId));
        var coordinator = await app.LoginAsAsync(Role.MunicipalCoordinator, municipality: municipality);
        Assert.Contains("Дорожные карты организаций на согласовании: 1", await coordinator.GetHtmlAsync("/"));
    }
}
