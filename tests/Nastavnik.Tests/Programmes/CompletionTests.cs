using System.Net;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Validation;
using Microsoft.EntityFrameworkCore;
using Nastavnik.Features.Mentorships;
using Nastavnik.Features.People;
using Nastavnik.Features.Programmes;

namespace Nastavnik.Tests.Programmes;

public sealed class CompletionTests(TestApp app) : IClassFixture<TestApp>
{
    private void Today() => app.Clock.Set(new DateTimeOffset(2027, 5, 28, 9, 0, 0, TimeSpan.Zero));

    private async Task FinishPlanAsync(ProgrammeRun run) => await app.WithDbAsync(async db =>
    {
        foreach (var a in await db.ProgramActivities.Where(a => a.ProgramId == run.ProgramId).ToListAsync())
            (a.Status, a.DoneOn) = (ActivityStatus.Done, new DateOnly(2027, 3, 15));
        await db.SaveChangesAsync();
    });

    private static async Task RecordFinalMeetingAsync(ProgrammeRun run)
    {
        var r = await run.MentorClient.PostFormAsync(run.Card + "?handler=Meeting", new() { ["kind"] = "Final", ["heldOn"] = "2027-05-25", ["notes"] = "Подвели итоги" }, run.Card);
        Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);
    }

    private static Dictionary<string, string> Form(ProgrammeRun run, CompletionReason reason, Guid version, Dictionary<string, string>? extra = null)
    {
        var f = new Dictionary<string, string>
        {
            ["Input.Reason"] = reason.ToString(), ["Input.CompletedOn"] = "2027-05-27", ["Input.ProgrammeResults"] = "Наставляемый освоил формирующее оценивание",
            ["Input.Circumstances"] = reason == CompletionReason.Full ? "" : "по уважительной причине", ["Input.MentorshipVersion"] = version.ToString(),
        };
        foreach (var (k, v) in extra ?? []) f[k] = v;
        return f;
    }

    private Task<Guid> VersionAsync(ProgrammeRun run) => app.WithDbAsync(db => db.Mentorships.Where(x => x.Id == run.M.Id).Select(x => x.Version).SingleAsync());

    [Theory]
    [InlineData(CompletionReason.Full, MentorshipStatus.Completed, MenteeStatus.Finished)]
    [InlineData(CompletionReason.MentorInitiative, MentorshipStatus.Terminated, MenteeStatus.Waiting)]
    [InlineData(CompletionReason.MenteeInitiative, MentorshipStatus.Terminated, MenteeStatus.Waiting)]
    [InlineData(CompletionReason.MutualDecision, MentorshipStatus.Terminated, MenteeStatus.Waiting)]
    [InlineData(CompletionReason.CuratorDecision, MentorshipStatus.Terminated, MenteeStatus.Waiting)]
    public async Task Complete_EachReason_ClosesThePairThroughItsLifecycle(CompletionReason reason, MentorshipStatus status, MenteeStatus menteeStatus)
    {
        Today();
        var run = await app.StartProgrammeAsync();
        await FinishPlanAsync(run);
        await RecordFinalMeetingAsync(run);
        var url = $"/programmes/completion/{run.ProgramId}";
        Assert.DoesNotContain("data-warning=\"final-meeting\"", await run.Curator.GetHtmlAsync(url));
        var r = await run.Curator.PostFormAsync(url, Form(run, reason, await VersionAsync(run)));
        Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);

        var c = await app.WithDbAsync(db => db.Completions.SingleAsync(x => x.ProgramId == run.ProgramId));
        Assert.Equal((reason, new DateOnly(2027, 5, 27)), (c.Reason, c.CompletedOn));
        var m = await app.WithDbAsync(db => db.Mentorships.SingleAsync(x => x.Id == run.M.Id));
        Assert.Equal(status, m.Status);
        Assert.Equal(new DateOnly(2027, 5, 27), m.ClosedOn);
        Assert.Contains(Nastavnik.Platform.Web.Formats.Name(reason), m.CloseReason);
        Assert.Equal(menteeStatus, await app.WithDbAsync(db => db.MenteeProfiles.Where(x => x.PersonId == run.Mentee.Id).Select(x => x.Status).SingleAsync()));
        Assert.True(await app.WithDbAsync(db => db.MentorshipTransitions.AnyAsync(t => t.MentorshipId == run.M.Id && t.To == status)));
        var card = await run.MenteeClient.GetHtmlAsync(run.Card);
        Assert.Contains($"data-completion-reason=\"{reason}\"", card);
        Assert.Contains("data-readonly=\"true\"", card);
    }

    [Fact]
    public async Task Complete_Full_NeedsThePlanDone_AndWarnsWithoutFinalMeeting()
    {
        Today();
        var run = await app.StartProgrammeAsync();
        var url = $"/programmes/completion/{run.ProgramId}";
        var page = await run.Curator.GetHtmlAsync(url);
        Assert.Contains("data-warning=\"final-meeting\"", page);
        Assert.Contains("#meetings", page);

        var open = await run.Curator.PostFormAsync(url, Form(run, CompletionReason.Full, await VersionAsync(run)));
        var text = System.Net.WebUtility.HtmlDecode(await open.Content.ReadAsStringAsync());
        Assert.Contains("Не отмечены: «Посещение уроков наставника»; «Открытый урок наставляемого»", text);
        Assert.Contains("Заключительная встреча не записана", text);

        await FinishPlanAsync(run);
        var noMeeting = await run.Curator.PostFormAsync(url, Form(run, CompletionReason.Full, await VersionAsync(run)));
        Assert.Contains("Заключительная встреча не записана", await noMeeting.Content.ReadAsStringAsync());
        var early = await run.Curator.PostFormAsync(url, Form(run, CompletionReason.MenteeInitiative, await VersionAsync(run), new() { ["Input.Circumstances"] = "", ["Input.WithoutFinalMeeting"] = "true" }));
        Assert.Contains("укажите обстоятельства", await early.Content.ReadAsStringAsync());
        Assert.Equal(0, await app.WithDbAsync(db => db.Completions.CountAsync(x => x.ProgramId == run.ProgramId)));
        Assert.Equal(MentorshipStatus.Active, await app.WithDbAsync(db => db.Mentorships.Where(x => x.Id == run.M.Id).Select(x => x.Status).SingleAsync()));

        var ok = await run.Curator.PostFormAsync(url, Form(run, CompletionReason.Full, await VersionAsync(run), new() { ["Input.WithoutFinalMeeting"] = "true" }));
        Assert.Equal(HttpStatusCode.Redirect, ok.StatusCode);
        Assert.Contains("Заключительная встреча</dt><dd class=\"col-sm-9\">не проводилась", await run.Curator.GetHtmlAsync(run.Card));
    }

    [Fact]
    public async Task Complete_MenteeResults_OnCardAndInDocx()
    {
        Today();
        var run = await app.StartProgrammeAsync();
        await FinishPlanAsync(run);
        await RecordFinalMeetingAsync(run);
        var url = $"/programmes/completion/{run.ProgramId}";
        var mentee = ProgrammeRunData.Id(run.Mentee.Id);
        var bad = await run.Curator.PostFormAsync(url, Form(run, CompletionReason.Full, await VersionAsync(run), new()
        {
            ["Input.Results[0].PersonId"] = mentee, ["Input.Results[0].Kind"] = "QualificationCategory", ["Input.Results[0].Text"] = "присвоена первая категория",
        }));
        Assert.Contains("Результат 1: укажите дату", await bad.Content.ReadAsStringAsync());
        var mentorAsResult = await run.Curator.PostFormAsync(url, Form(run, CompletionReason.Full, await VersionAsync(run), new()
        {
            ["Input.Results[0].PersonId"] = ProgrammeRunData.Id(run.Mentor.Id), ["Input.Results[0].Kind"] = "Other", ["Input.Results[0].Text"] = "x", ["Input.Results[0].AchievedOn"] = "2027-05-01",
        }));
        Assert.Contains("Результат 1: выберите наставляемого", await mentorAsResult.Content.ReadAsStringAsync());

        var r = await run.Curator.PostFormAsync(url, Form(run, CompletionReason.Full, await VersionAsync(run), new()
        {
            ["Input.Results[0].PersonId"] = mentee, ["Input.Results[0].Kind"] = "QualificationCategory", ["Input.Results[0].Text"] = "присвоена первая квалификационная категория", ["Input.Results[0].AchievedOn"] = "2027-04-20",
            // A browser posts the empty rows between too; list binding stops at a missing index.
            ["Input.Results[1].PersonId"] = "", ["Input.Results[1].Kind"] = "", ["Input.Results[1].Text"] = "", ["Input.Results[1].AchievedOn"] = "",
            ["Input.Results[2].PersonId"] = mentee, ["Input.Results[2].Kind"] = "ContestEntered", ["Input.Results[2].Text"] = "муниципальный конкурс «Педагогический дебют»", ["Input.Results[2].AchievedOn"] = "2027-02-10",
        }));
        Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);
        var results = await app.WithDbAsync(db => db.MenteeResults.Where(x => x.PersonId == run.Mentee.Id).OrderBy(x => x.AchievedOn).ToListAsync());
        Assert.Equal([MenteeResultKind.ContestEntered, MenteeResultKind.QualificationCategory], results.Select(x => x.Kind));

        var card = System.Net.WebUtility.HtmlDecode(await run.MentorClient.GetHtmlAsync(run.Card));
        Assert.Contains("присвоена первая квалификационная категория", card);
        Assert.Contains("участие в конкурсе", card);
        Assert.Contains("25.05.2027", card);

        var file = await run.MenteeClient.GetAsync(run.Card + "?handler=Docx");
        using var stream = new MemoryStream(await file.Content.ReadAsByteArrayAsync());
        using var doc = WordprocessingDocument.Open(stream, false);
        Assert.Empty(new OpenXmlValidator().Validate(doc));
        var text = doc.MainDocumentPart!.Document!.Body!.InnerText;
        foreach (var s in new[] { "Завершение программы", "Дата завершения: 27.05.2027", "в полном объёме", "Заключительная встреча проведена 25.05.2027",
                     "Наставляемый освоил формирующее оценивание", "Результаты наставляемых", "присвоена первая квалификационная категория", "20.04.2027", "Педагогический дебют" })
            Assert.Contains(s, text);
    }

    [Fact]
    public async Task Completed_Programme_IsReadOnly()
    {
        Today();
        var run = await app.StartProgrammeAsync();
        var report = await run.MenteeClient.PostFormAsync($"/programmes/report/{run.ProgramId}", new() { ["Input.ReportedOn"] = "2027-05-20", ["Input.Done"] = "Провели урок", ["Input.Rating"] = "5" });
        Assert.Equal(HttpStatusCode.Redirect, report.StatusCode);
        var reportId = await app.WithDbAsync(db => db.ProgressReports.Where(x => x.ProgramId == run.ProgramId).Select(x => x.Id).SingleAsync());
        await RecordFinalMeetingAsync(run);
        var meetingId = await app.WithDbAsync(db => db.Meetings.Where(x => x.ProgramId == run.ProgramId).Select(x => x.Id).SingleAsync());
        Assert.Equal(HttpStatusCode.Redirect, (await run.Curator.PostFormAsync($"/programmes/completion/{run.ProgramId}",
            Form(run, CompletionReason.CuratorDecision, await VersionAsync(run)))).StatusCode);

        var card = await run.MentorClient.GetHtmlAsync(run.Card);
        Assert.DoesNotContain("handler=Meeting", card);
        Assert.DoesNotContain("handler=Mark", card);
        Assert.DoesNotContain("handler=Activity", card);
        Assert.DoesNotContain("Сдать отчёт", card);
        Assert.DoesNotContain($"/programmes/activity/{run.FirstActivityId}", card);

        var activity = await run.MentorClient.PostFormAsync(run.Card + "?handler=Activity", new() { ["title"] = "После завершения", ["dueOn"] = "2027-06-01" }, run.Card);
        Assert.Contains("Программа завершена", await activity.Content.ReadAsStringAsync());
        var mark = await run.MenteeClient.PostFormAsync(run.Card + "?handler=Mark", new() { ["activityId"] = ProgrammeRunData.Id(run.FirstActivityId), ["status"] = "Done" }, run.Card);
        Assert.Contains("Программа завершена", await mark.Content.ReadAsStringAsync());
        var meeting = await run.MenteeClient.PostFormAsync(run.Card + "?handler=Meeting", new() { ["kind"] = "Regular", ["heldOn"] = "2027-05-28" }, run.Card);
        Assert.Contains("Программа завершена", await meeting.Content.ReadAsStringAsync());
        foreach (var (client, url) in new[] { (run.MentorClient, $"/programmes/activity/{run.FirstActivityId}"), (run.MentorClient, $"/programmes/meeting/{meetingId}"),
                     (run.MenteeClient, $"/programmes/progressreport/{reportId}"), (run.MenteeClient, $"/programmes/revise/{run.ProgramId}"),
                     (run.MentorClient, $"/programmes/edit?id={run.ProgramId}"), (run.MentorClient, $"/programmes/report/{run.ProgramId}") })
            Assert.Equal(run.Card, (await client.GetAsync(url)).Headers.Location?.OriginalString);
        Assert.Equal(run.Card, (await run.Curator.GetAsync($"/programmes/completion/{run.ProgramId}")).Headers.Location?.OriginalString);
        var delete = await run.MenteeClient.PostFormAsync($"/programmes/progressreport/{reportId}?handler=Delete", new() { ["version"] = Guid.Empty.ToString() }, run.Card);
        Assert.Equal(run.Card, delete.Headers.Location?.OriginalString);

        Assert.Equal(2, await app.WithDbAsync(db => db.ProgramActivities.CountAsync(a => a.ProgramId == run.ProgramId && a.Status == ActivityStatus.Planned)));
        Assert.Equal(1, await app.WithDbAsync(db => db.Meetings.CountAsync(a => a.ProgramId == run.ProgramId)));
        Assert.Equal(1, await app.WithDbAsync(db => db.ProgressReports.CountAsync(a => a.ProgramId == run.ProgramId)));
    }

    [Fact]
    public async Task Complete_ByMentor403_ForeignCurator404_StaleVersionMessage()
    {
        Today();
        var run = await app.StartProgrammeAsync();
        var url = $"/programmes/completion/{run.ProgramId}";
        Assert.True((await run.MentorClient.GetAsync(url)).IsAccessDenied());
        var other = await app.LoginAsAsync(Nastavnik.Platform.Auth.Role.Curator, organization: await app.CreateOrganizationAsync());
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync(url)).StatusCode);

        var stale = await run.Curator.PostFormAsync(url, Form(run, CompletionReason.MenteeInitiative, Guid.NewGuid(), new() { ["Input.WithoutFinalMeeting"] = "true" }));
        Assert.Contains("только что изменил другой пользователь", await stale.Content.ReadAsStringAsync());
        Assert.Equal(0, await app.WithDbAsync(db => db.Completions.CountAsync(x => x.ProgramId == run.ProgramId)));
        Assert.Equal(MentorshipStatus.Active, await app.WithDbAsync(db => db.Mentorships.Where(x => x.Id == run.M.Id).Select(x => x.Status).SingleAsync()));
    }
}
