using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Nastavnik.Features.Programmes;
using Nastavnik.Tests.Mentorships;

namespace Nastavnik.Tests.Programmes;

/// <summary>Wrong and forged input on the programme card and the report form: refused with a Russian message, nothing stored.</summary>
public sealed partial class CardInputTests(TestApp app) : IClassFixture<TestApp>
{
    private void Today() => app.Clock.Set(new DateTimeOffset(2027, 1, 10, 9, 0, 0, TimeSpan.Zero));

    private static async Task<string> Body(HttpResponseMessage r)
    {
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        return WebUtility.HtmlDecode(await r.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task ActivityDueOutsideTheProgramme_ForgedStatus_AreRefused()
    {
        Today();
        var run = await app.StartProgrammeAsync(); // 01.12.2026 – 31.05.2027
        Assert.Contains("вне срока программы (01.12.2026 – 31.05.2027)",
            await Body(await run.MentorClient.PostFormAsync(run.Card + "?handler=Activity", new() { ["title"] = "Опечатка", ["dueOn"] = "2020-01-01" }, run.Card)));
        Assert.False(await app.WithDbAsync(db => db.ProgramActivities.AnyAsync(a => a.ProgramId == run.ProgramId && a.Title == "Опечатка")));
        Assert.Equal(HttpStatusCode.Redirect, (await run.MentorClient.PostFormAsync(run.Card + "?handler=Activity", new() { ["title"] = "В срок", ["dueOn"] = "2027-05-31" }, run.Card)).StatusCode);

        // The edit page refuses moving a due date out of the period too.
        var url = $"/programmes/activity/{run.FirstActivityId}";
        var version = VersionRegex().Match(await run.MentorClient.GetHtmlAsync(url)).Groups[1].Value;
        Assert.Contains("вне срока программы", await Body(await run.MentorClient.PostFormAsync(url, new()
            { ["Input.Title"] = "Посещение уроков наставника", ["Input.DueOn"] = "2030-01-01", ["Input.Status"] = "Planned", ["Input.Version"] = version })));

        // A done mark is not undone by a status the form does not offer.
        Assert.Equal(HttpStatusCode.Redirect, (await run.MenteeClient.PostFormAsync(run.Card + "?handler=Mark", new() { ["activityId"] = ProgrammeRunData.Id(run.FirstActivityId), ["status"] = "Done" }, run.Card)).StatusCode);
        Assert.Contains("Выберите статус мероприятия из списка", await Body(await run.MenteeClient.PostFormAsync(run.Card + "?handler=Mark",
            new() { ["activityId"] = ProgrammeRunData.Id(run.FirstActivityId), ["status"] = "Nonsense" }, run.Card)));
        Assert.Contains("Выберите статус мероприятия из списка", await Body(await run.MenteeClient.PostFormAsync(run.Card + "?handler=Mark",
            new() { ["activityId"] = ProgrammeRunData.Id(run.FirstActivityId), ["status"] = "42" }, run.Card)));
        Assert.Equal(ActivityStatus.Done, await app.WithDbAsync(db => db.ProgramActivities.Where(a => a.Id == run.FirstActivityId).Select(a => a.Status).SingleAsync()));
    }

    [Fact]
    public async Task MeetingFarFromTheProgramme_BadTime_ForgedKind_AreRefused_DoubleTapRecordsOnce()
    {
        Today();
        var run = await app.StartProgrammeAsync();
        async Task<string> Meeting(Dictionary<string, string> f) => await Body(await run.MentorClient.PostFormAsync(run.Card + "?handler=Meeting", f, run.Card));
        Assert.Contains("слишком далеко от срока программы", await Meeting(new() { ["kind"] = "Regular", ["heldOn"] = "2030-01-01" }));
        var badTime = await Meeting(new() { ["kind"] = "Regular", ["heldOn"] = "2027-01-10", ["startsAt"] = "25:99" });
        Assert.True(badTime.Contains("Время встречи указано неверно"), Regex.Match(badTime, "validation-summary[\\s\\S]{0,600}").Value);
        Assert.Contains("Выберите вид встречи из списка", await Meeting(new() { ["kind"] = "Bogus", ["heldOn"] = "2027-01-10" }));
        Assert.Contains("Дата встречи указана неверно", await Meeting(new() { ["kind"] = "Regular", ["heldOn"] = "32.13.2027" }));
        Assert.Equal(0, await app.WithDbAsync(db => db.Meetings.CountAsync(m => m.ProgramId == run.ProgramId)));

        // The organisational meeting a week before the start is fine; the same form sent twice (same one-time key) records one meeting.
        var key = Guid.NewGuid().ToString();
        var form = new Dictionary<string, string> { ["kind"] = "Organizational", ["heldOn"] = "2026-11-24", ["startsAt"] = "15:00", ["submissionKey"] = key };
        Assert.Equal(HttpStatusCode.Redirect, (await run.MentorClient.PostFormAsync(run.Card + "?handler=Meeting", form, run.Card)).StatusCode);
        var again = await run.MentorClient.PostFormAsync(run.Card + "?handler=Meeting", form, run.Card);
        Assert.Equal(HttpStatusCode.Redirect, again.StatusCode);
        Assert.Contains("уже записана", await run.MentorClient.GetHtmlAsync(again.Headers.Location!.OriginalString));
        Assert.Equal(1, await app.WithDbAsync(db => db.Meetings.CountAsync(m => m.ProgramId == run.ProgramId)));
        // The card offers a fresh key each time it is shown.
        var html = await run.MentorClient.GetHtmlAsync(run.Card);
        Assert.Matches("name=\"submissionKey\" value=\"[0-9a-f-]{36}\"", html);
        Assert.DoesNotContain(key, html);
    }

    [Fact]
    public async Task Report_InTheFuture_Refused_DoubleTap_StoredOnce_InParallelToo()
    {
        Today();
        var run = await app.StartProgrammeAsync();
        var url = $"/programmes/report/{run.ProgramId}";
        var key = KeyRegex().Match(await run.MenteeClient.GetHtmlAsync(url)).Groups[1].Value;
        Assert.NotEmpty(key);
        var fields = new Dictionary<string, string> { ["Input.ReportedOn"] = "2027-01-20", ["Input.Done"] = "Провёл урок", ["Input.Rating"] = "4", ["Input.SubmissionKey"] = key };
        Assert.Contains("не может быть позже сегодняшней (10.01.2027)", await Body(await run.MenteeClient.PostFormAsync(url, fields)));
        Assert.Equal(0, await app.WithDbAsync(db => db.ProgressReports.CountAsync(r => r.ProgramId == run.ProgramId)));

        fields["Input.ReportedOn"] = "2027-01-10";
        var posts = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => run.MenteeClient.PostFormAsync(url, fields, url)));
        Assert.All(posts, p => Assert.Equal(HttpStatusCode.Redirect, p.StatusCode));
        Assert.Equal(1, await app.WithDbAsync(db => db.ProgressReports.CountAsync(r => r.ProgramId == run.ProgramId)));
        var back = await run.MenteeClient.PostFormAsync(url, fields, url);
        Assert.Contains("уже сохранён", await run.MenteeClient.GetHtmlAsync(back.Headers.Location!.OriginalString));
        Assert.Equal(1, await app.WithDbAsync(db => db.ProgressReports.CountAsync(r => r.ProgramId == run.ProgramId)));
    }

    [Fact]
    public async Task ProgrammeCannotRunPastThePair()
    {
        var org = await app.CreateOrganizationAsync();
        var m = await app.CreateMentorshipAsync(org, await app.CreateMentorAsync(org, "Орлова"), await app.CreateMenteeAsync(org, "Лаптев"));
        var curator = await app.LoginAsAsync(Nastavnik.Platform.Auth.Role.Curator, organization: org);
        var url = $"/programmes/edit?mentorshipId={m.Id}";
        var fields = new Dictionary<string, string> { ["Input.Goal"] = "Адаптация", ["Input.StartDate"] = "2026-12-01", ["Input.EndDate"] = "2028-12-01" };
        Assert.Contains("не может заканчиваться позже срока пары (01.12.2026 – 31.05.2027)", await Body(await curator.PostFormAsync(url, fields)));
        fields["Input.EndDate"] = "2027-05-31";
        Assert.Equal(HttpStatusCode.Redirect, (await curator.PostFormAsync(url, fields)).StatusCode);
    }

    [GeneratedRegex("name=\"Input.Version\" value=\"([^\"]+)\"")]
    private static partial Regex VersionRegex();

    [GeneratedRegex("name=\"Input.SubmissionKey\" value=\"([^\"]+)\"")]
    private static partial Regex KeyRegex();
}
