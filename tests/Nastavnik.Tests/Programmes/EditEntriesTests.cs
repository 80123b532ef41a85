using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Nastavnik.Features.Programmes;
using Nastavnik.Platform.Auth;
using Nastavnik.Tests.Mentorships;

namespace Nastavnik.Tests.Programmes;

public sealed partial class EditEntriesTests(TestApp app) : IClassFixture<TestApp>
{
    private void Today() => app.Clock.Set(new DateTimeOffset(2027, 1, 10, 9, 0, 0, TimeSpan.Zero));

    [GeneratedRegex("name=\"Input.Version\" value=\"([^\"]+)\"")]
    private static partial Regex VersionRegex();

    private static async Task<string> VersionOnPageAsync(HttpClient c, string url) => VersionRegex().Match(await c.GetHtmlAsync(url)).Groups[1].Value;

    [Fact]
    public async Task Activity_MentorCorrectsAndDeletes_MenteeCannot_StaleFormRefused()
    {
        Today();
        var run = await app.StartProgrammeAsync();
        var url = $"/programmes/activity/{run.FirstActivityId}";
        Assert.Contains(url, await run.MentorClient.GetHtmlAsync(run.Card));
        Assert.True((await run.MenteeClient.GetAsync(url)).IsAccessDenied());

        var version = await VersionOnPageAsync(run.MentorClient, url);
        var fields = new Dictionary<string, string>
        {
            ["Input.Title"] = "Посещение двух уроков наставника", ["Input.DueOn"] = "2026-12-27", ["Input.ExpectedResult"] = "два листа наблюдения", ["Input.Status"] = "Done",
            ["Input.Evidence"] = "https://example.org/list", ["Input.Version"] = version,
        };
        Assert.Equal(HttpStatusCode.Redirect, (await run.MentorClient.PostFormAsync(url, fields)).StatusCode);
        var a = await app.WithDbAsync(db => db.ProgramActivities.SingleAsync(x => x.Id == run.FirstActivityId));
        Assert.Equal(("Посещение двух уроков наставника", new DateOnly(2026, 12, 27), ActivityStatus.Done, new DateOnly(2027, 1, 10)), (a.Title, a.DueOn, a.Status, a.DoneOn!.Value));

        // The curator's form was opened before the mentor saved: it is refused, nothing is overwritten.
        fields["Input.Title"] = "Старое название";
        var stale = await run.Curator.PostFormAsync(url, fields);
        Assert.Equal(HttpStatusCode.OK, stale.StatusCode);
        Assert.Contains("только что изменил другой пользователь", await stale.Content.ReadAsStringAsync());
        Assert.Equal("Посещение двух уроков наставника", await app.WithDbAsync(db => db.ProgramActivities.Where(x => x.Id == run.FirstActivityId).Select(x => x.Title).SingleAsync()));

        var delete = await run.Curator.PostFormAsync(url + "?handler=Delete", new() { ["version"] = await VersionOnPageAsync(run.Curator, url) }, url);
        Assert.Equal(HttpStatusCode.Redirect, delete.StatusCode);
        Assert.False(await app.WithDbAsync(db => db.ProgramActivities.AnyAsync(x => x.Id == run.FirstActivityId)));
        var audit = await app.WithDbAsync(db => db.AuditEntries.Where(x => x.EntityId == run.ProgramId.ToString() && x.Action.StartsWith("programme.activity")).OrderBy(x => x.Id).Select(x => x.Action).ToListAsync());
        Assert.Equal(["programme.activity-updated", "programme.activity-deleted"], audit);
    }

    [Fact]
    public async Task Meeting_MenteeCorrectsOwnAttendance_NotTheMentorsMeeting()
    {
        Today();
        var run = await app.StartProgrammeAsync();
        Assert.Equal(HttpStatusCode.Redirect, (await run.MenteeClient.PostFormAsync(run.Card + "?handler=Meeting", new() { ["kind"] = "Organizational", ["heldOn"] = "2026-12-02", ["notes"] = "Знакомство" }, run.Card)).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await run.MentorClient.PostFormAsync(run.Card + "?handler=Meeting", new() { ["kind"] = "Trial", ["heldOn"] = "2026-12-09" }, run.Card)).StatusCode);
        var ids = await app.WithDbAsync(db => db.Meetings.Where(x => x.ProgramId == run.ProgramId).OrderBy(x => x.HeldOn).Select(x => new { x.Id, x.RecordedByPersonId }).ToListAsync());
        Assert.Equal([run.Mentee.Id, run.Mentor.Id], ids.Select(x => x.RecordedByPersonId!.Value));
        var own = $"/programmes/meeting/{ids[0].Id}";
        var mentors = $"/programmes/meeting/{ids[1].Id}";

        var card = await run.MenteeClient.GetHtmlAsync(run.Card);
        Assert.Contains(own, card);
        Assert.DoesNotContain(mentors, card);
        Assert.True((await run.MenteeClient.GetAsync(mentors)).IsAccessDenied());

        var r = await run.MenteeClient.PostFormAsync(own, new()
        {
            ["Input.Kind"] = "Organizational", ["Input.HeldOn"] = "2026-12-03", ["Input.StartsAt"] = "15:30", ["Input.Notes"] = "Знакомство, план на месяц",
            ["Input.Present"] = ProgrammeRunData.Id(run.Mentee.Id), ["Input.Version"] = await VersionOnPageAsync(run.MenteeClient, own),
        });
        Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);
        var m = await app.WithDbAsync(db => db.Meetings.Include(x => x.Attendance).SingleAsync(x => x.Id == ids[0].Id));
        Assert.Equal((new DateOnly(2026, 12, 3), new TimeOnly(15, 30), "Знакомство, план на месяц"), (m.HeldOn, m.StartsAt!.Value, m.Notes!));
        Assert.Equal([run.Mentee.Id], m.Attendance.Where(x => x.Present).Select(x => x.PersonId));
        Assert.Equal(2, m.Attendance.Count);

        var online = await run.MentorClient.PostFormAsync(mentors, new() { ["Input.Kind"] = "Trial", ["Input.HeldOn"] = "2026-12-09", ["Input.Online"] = "true", ["Input.Version"] = await VersionOnPageAsync(run.MentorClient, mentors) });
        Assert.Contains("укажите ссылку", await online.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Redirect, (await run.MentorClient.PostFormAsync(mentors + "?handler=Delete", new() { ["version"] = await VersionOnPageAsync(run.MentorClient, mentors) }, mentors)).StatusCode);
        Assert.Equal(1, await app.WithDbAsync(db => db.Meetings.CountAsync(x => x.ProgramId == run.ProgramId)));
    }

    [Fact]
    public async Task Report_AuthorCorrects_CuratorOnlyDeletes_OtherParticipantCannot()
    {
        Today();
        var run = await app.StartProgrammeAsync();
        await run.MentorClient.PostFormAsync($"/programmes/report/{run.ProgramId}", new() { ["Input.ReportedOn"] = "2027-01-09", ["Input.Done"] = "Посетили уроки", ["Input.Rating"] = "2" });
        var id = await app.WithDbAsync(db => db.ProgressReports.Where(x => x.ProgramId == run.ProgramId).Select(x => x.Id).SingleAsync());
        var url = $"/programmes/progressreport/{id}";
        Assert.True((await run.MenteeClient.GetAsync(url)).IsAccessDenied());

        var r = await run.MentorClient.PostFormAsync(url, new()
        {
            ["Input.ReportedOn"] = "2027-01-09", ["Input.Done"] = "Посетили два урока, разобрали оценивание", ["Input.Rating"] = "4", ["Input.Version"] = await VersionOnPageAsync(run.MentorClient, url),
        });
        Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);
        var report = await app.WithDbAsync(db => db.ProgressReports.SingleAsync(x => x.Id == id));
        Assert.Equal(("Посетили два урока, разобрали оценивание", 4), (report.Done, report.Rating));

        // The curator sees the report and may delete it, but a rewrite is refused.
        var page = await run.Curator.GetHtmlAsync(url);
        Assert.Contains("Посетили два урока", page);
        Assert.DoesNotContain("Сохранить исправления", page);
        Assert.True((await run.Curator.PostFormAsync(url, new() { ["Input.ReportedOn"] = "2027-01-09", ["Input.Done"] = "переписано", ["Input.Rating"] = "5", ["Input.Version"] = report.Version.ToString() })).IsAccessDenied());
        Assert.Equal(HttpStatusCode.Redirect, (await run.Curator.PostFormAsync(url + "?handler=Delete", new() { ["version"] = report.Version.ToString() }, url)).StatusCode);
        Assert.False(await app.WithDbAsync(db => db.ProgressReports.AnyAsync(x => x.Id == id)));
        Assert.True(await app.WithDbAsync(db => db.AuditEntries.AnyAsync(x => x.Action == "programme.report-deleted" && x.Details!.Contains("удалил куратор"))));
    }

    [Fact]
    public async Task ForeignIds_Answer404()
    {
        Today();
        var run = await app.StartProgrammeAsync();
        await run.MentorClient.PostFormAsync(run.Card + "?handler=Meeting", new() { ["kind"] = "Organizational", ["heldOn"] = "2026-12-02" }, run.Card);
        await run.MentorClient.PostFormAsync($"/programmes/report/{run.ProgramId}", new() { ["Input.ReportedOn"] = "2027-01-09", ["Input.Done"] = "Посетили уроки", ["Input.Rating"] = "4" });
        var meetingId = await app.WithDbAsync(db => db.Meetings.Where(x => x.ProgramId == run.ProgramId).Select(x => x.Id).SingleAsync());
        var reportId = await app.WithDbAsync(db => db.ProgressReports.Where(x => x.ProgramId == run.ProgramId).Select(x => x.Id).SingleAsync());

        var other = await app.LoginAsAsync(Role.Curator, organization: await app.CreateOrganizationAsync());
        // A mentor of the same school outside this pair does not reach it either.
        var outsiderUser = await app.CreateUserAsync(Role.Mentor, organization: run.Org);
        await app.CreateMentorAsync(run.Org, "Посторонняя", email: outsiderUser.Email);
        var outsider = await app.LoginAsync(outsiderUser);
        foreach (var client in new[] { other, outsider })
            foreach (var url in new[] { $"/programmes/activity/{run.FirstActivityId}", $"/programmes/meeting/{meetingId}", $"/programmes/progressreport/{reportId}",
                         $"/programmes/revisions/{run.ProgramId}", $"/programmes/revise/{run.ProgramId}", $"/programmes/completion/{run.ProgramId}" })
                Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(url)).StatusCode);
        var post = await other.PostFormAsync($"/programmes/activity/{run.FirstActivityId}?handler=Delete", new() { ["version"] = Guid.Empty.ToString() }, "/programmes");
        Assert.Equal(HttpStatusCode.NotFound, post.StatusCode);
        Assert.True(await app.WithDbAsync(db => db.ProgramActivities.AnyAsync(x => x.Id == run.FirstActivityId)));
    }
}
