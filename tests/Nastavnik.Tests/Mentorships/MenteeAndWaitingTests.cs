using System.Net;
using Microsoft.EntityFrameworkCore;
using Nastavnik.Features.Mentorships;
using Nastavnik.Features.People;
using Nastavnik.Platform.Auth;

namespace Nastavnik.Tests.Mentorships;

public sealed class MenteeAndWaitingTests(TestApp app) : IClassFixture<TestApp>
{
    [Fact]
    public async Task Mentee_SeesRankedMentorsWithReasons_AsksForOne_CuratorSeesRequest()
    {
        var org = await app.CreateOrganizationAsync();
        var menteeUser = await app.CreateUserAsync(Role.Mentee, organization: org);
        var mentee = await app.CreateMenteeAsync(org, "Искатель", email: menteeUser.Email, subjects: "физика");
        var strong = await app.CreateMentorAsync(org, "Сильная", subjects: "физика, астрономия");
        var other = await app.CreateMentorAsync(org, "Другая", subjects: "история");
        var full = await app.CreateMentorAsync(org, "Занятая", capacity: 1);
        await app.CreateMentorshipAsync(org, full, await app.CreateMenteeAsync(org, "Уже"), MentorshipStatus.Active);
        await app.WithDbAsync(async db =>
        {
            var c = await db.Competencies.FirstAsync(x => x.RegionId == null);
            db.Deficits.Add(new Deficit { PersonId = mentee.Id, CompetencyId = c.Id, IdentifiedOn = new DateOnly(2026, 10, 1) });
            db.MentorStrengths.Add(new MentorStrength { PersonId = strong.Id, CompetencyId = c.Id });
            await db.SaveChangesAsync();
        });

        var client = await app.LoginAsync(menteeUser);
        var html = await client.GetHtmlAsync("/mentorships/find");
        Assert.True(html.IndexOf("Сильная", StringComparison.Ordinal) < html.IndexOf("Другая", StringComparison.Ordinal));
        Assert.Contains("закрывает 1 из 1 дефицита:", html);
        Assert.Contains("тот же предмет: физика", html);
        Assert.DoesNotContain("Занятая", html);

        var r = await client.PostFormAsync("/mentorships/find", new() { ["MentorId"] = strong.Id.ToString(), ["Note"] = "нужна помощь с уроками" });
        Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);
        var draft = await app.WithDbAsync(db => db.Mentorships.Include(m => m.Participants).SingleAsync(m => m.IsMenteeRequest && m.OrganizationId == org.Id));
        Assert.Equal(MentorshipStatus.Draft, draft.Status);
        Assert.Equal("нужна помощь с уроками", draft.RequestNote);

        var curatorUser = await app.CreateUserAsync(Role.Curator, organization: org);
        var curator = await app.LoginAsync(curatorUser);
        Assert.Contains("нужна помощь с уроками", await curator.GetHtmlAsync("/mentorships"));
        // Requests made before the curator's account existed reach curators who are there at the time; a later one does.
        var again = await client.PostFormAsync("/mentorships/find", new() { ["MentorId"] = other.Id.ToString() });
        Assert.Contains("Ваш запрос уже у куратора", await again.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task WaitingList_ShowsDaysWaiting_SupportMarkSetByCurator()
    {
        var org = await app.CreateOrganizationAsync();
        var waiting = await app.CreateMenteeAsync(org, "Ожидающая");
        var paired = await app.CreateMenteeAsync(org, "Спаренная");
        await app.CreateMentorshipAsync(org, await app.CreateMentorAsync(org), paired, MentorshipStatus.Active);
        var curator = await app.LoginAsAsync(Role.Curator, organization: org);
        var html = await curator.GetHtmlAsync("/mentorships/waiting");
        Assert.Contains("Ожидающая", html);
        Assert.DoesNotContain("Спаренная", html);
        // Entered the bank on 01.09.2026; the test clock says 23.11.2026: 83 days.
        Assert.Contains("<td>01.09.2026</td><td>83</td>", html);

        var r = await curator.PostFormAsync("/mentorships/waiting?handler=Support", new() { ["personId"] = waiting.Id.ToString(), ["on"] = "true" }, "/mentorships/waiting");
        Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);
        Assert.True(await app.WithDbAsync(db => db.MenteeSupports.AnyAsync(s => s.PersonId == waiting.Id)));

        var tutor = await app.LoginAsAsync(Role.Psychologist, organization: org);
        var denied = await tutor.PostFormAsync("/mentorships/waiting?handler=Support", new() { ["personId"] = waiting.Id.ToString(), ["on"] = "false" }, "/mentorships/waiting");
        Assert.Contains("accessdenied", denied.Headers.Location!.OriginalString, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Notifications_BellCountsUnread_MarkAsRead()
    {
        var org = await app.CreateOrganizationAsync();
        var user = await app.CreateUserAsync(Role.Mentor, organization: org);
        var mentor = await app.CreateMentorAsync(org, "Уведомляемая", email: user.Email);
        var m = await app.CreateMentorshipAsync(org, mentor, await app.CreateMenteeAsync(org), MentorshipStatus.Approved);
        var curator = await app.LoginAsAsync(Role.Curator, organization: org);
        Assert.Equal(HttpStatusCode.Redirect, (await curator.PostFormAsync($"/mentorships/card/{m.Id}?handler=Move",
            new() { ["to"] = "Active", ["version"] = m.Version.ToString() }, $"/mentorships/card/{m.Id}")).StatusCode);
        var client = await app.LoginAsync(user);
        var page = await client.GetHtmlAsync("/notifications");
        Assert.Contains($"Наставническая пара/группа №{m.Id}: действует.", page);
        Assert.Contains("1<span class=\"visually-hidden\"> непрочитанных", page);
        var id = await app.WithDbAsync(db => db.Notifications.Where(n => n.UserId == user.Id).Select(n => n.Id).SingleAsync());
        Assert.Equal(HttpStatusCode.Redirect, (await client.PostFormAsync($"/notifications?handler=Read&id={id}", [], "/notifications")).StatusCode);
        Assert.DoesNotContain("непрочитанных", await client.GetHtmlAsync("/notifications"));
    }

    [Fact]
    public async Task RegisterExport_FillsFormEndAndResults()
    {
        var org = await app.CreateOrganizationAsync();
        var mentee = await app.CreateMenteeAsync(org, "Выгружаемая");
        var m = await app.CreateMentorshipAsync(org, await app.CreateMentorAsync(org), mentee, MentorshipStatus.Active);
        var curator = await app.LoginAsAsync(Role.Curator, organization: org);
        await curator.PostFormAsync($"/mentorships/card/{m.Id}?handler=Move",
            new() { ["to"] = "Completed", ["version"] = m.Version.ToString(), ["result"] = "проведено 6 открытых уроков" }, $"/mentorships/card/{m.Id}");
        var csv = await curator.GetHtmlAsync("/people/export?format=csv&q=" + Uri.EscapeDataString("Выгружаемая"));
        Assert.Contains("учитель – учитель", csv);
        Assert.Contains("23.11.2026", csv);
        Assert.Contains("проведено 6 открытых уроков", csv);
    }
}
