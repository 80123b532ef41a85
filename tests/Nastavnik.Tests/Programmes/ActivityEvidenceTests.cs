using System.Net;
using System.Text.RegularExpressions;
using DocumentFormat.OpenXml.Packaging;
using Microsoft.EntityFrameworkCore;
using Nastavnik.Features.Programmes;
using Nastavnik.Platform.Auth;
using Nastavnik.Tests.Roadmaps;

namespace Nastavnik.Tests.Programmes;

/// <summary>Evidence files on plan activities: attached with the mark, downloaded within the programme's readers, taken back by their author.</summary>
public sealed partial class ActivityEvidenceTests(TestApp app) : IClassFixture<TestApp>
{
    private static readonly byte[] Pdf = "%PDF-1.4\n% сертификат КПК «Наставничество», 36 ч\n"u8.ToArray();

    private static Dictionary<string, string> Mark(int activityId, string status, string? evidence = null) =>
        new() { ["activityId"] = ProgrammeRunData.Id(activityId), ["status"] = status, ["evidence"] = evidence ?? "" };

    [Fact]
    public async Task Mentee_AttachesPdfWithMark_ReadersDownload_OtherSchool404_DocxNamesIt()
    {
        var run = await app.StartProgrammeAsync();
        var upload = await run.MenteeClient.PostMultipartAsync(run.Card + "?handler=Mark", run.Card, "Сертификат КПК.pdf", Pdf, Mark(run.FirstActivityId, "Done", "курс пройден"));
        Assert.Equal(HttpStatusCode.Redirect, upload.StatusCode);

        var stored = await app.WithDbAsync(db => db.ProgramActivityFiles.AsNoTracking().SingleAsync(f => f.ActivityId == run.FirstActivityId));
        Assert.Equal(("Сертификат КПК.pdf", "application/pdf", Pdf.Length), (stored.FileName, stored.ContentType, (int)stored.Size));
        var activity = await app.WithDbAsync(db => db.ProgramActivities.AsNoTracking().SingleAsync(a => a.Id == run.FirstActivityId));
        Assert.Equal((ActivityStatus.Done, "курс пройден", "наставляемый"), (activity.Status, activity.Evidence, activity.DoneByRole));

        // Every reader of the programme sees and downloads it: the mentor, the curator, the municipal coordinator.
        var card = await run.MentorClient.GetHtmlAsync(run.Card);
        Assert.Contains("Сертификат КПК.pdf", card);
        var link = FileLink().Match(card).Groups[1].Value;
        Assert.NotEmpty(link);
        var coordinator = await app.LoginAsAsync(Role.MunicipalCoordinator, municipality: await app.WithDbAsync(db => db.Municipalities.SingleAsync(m => m.Id == run.Org.MunicipalityId)));
        foreach (var client in new[] { run.MentorClient, run.Curator, coordinator })
        {
            var download = await client.GetAsync($"{run.Card}?handler=File&fileId={link}");
            Assert.Equal(HttpStatusCode.OK, download.StatusCode);
            Assert.Equal(Pdf, await download.Content.ReadAsByteArrayAsync());
            Assert.Equal("attachment", download.Content.Headers.ContentDisposition?.DispositionType);
        }

        // Another school's curator, and a file id asked through another programme, find nothing.
        var other = await app.LoginAsAsync(Role.Curator, organization: await app.CreateOrganizationAsync());
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"{run.Card}?handler=File&fileId={link}")).StatusCode);
        var second = await app.StartProgrammeAsync("Орлова", "Петренко", run.Org);
        Assert.Equal(HttpStatusCode.NotFound, (await run.Curator.GetAsync($"{second.Card}?handler=File&fileId={link}")).StatusCode);

        // The programme as a document names the evidence beside the done mark.
        var docx = await run.Curator.GetAsync(run.Card + "?handler=Docx");
        using var doc = WordprocessingDocument.Open(new MemoryStream(await docx.Content.ReadAsByteArrayAsync()), false);
        var text = doc.MainDocumentPart!.Document.Body!.InnerText;
        Assert.Contains("подтверждение: курс пройден; файл «Сертификат КПК.pdf»", text);

        var audit = await app.WithDbAsync(db => db.AuditEntries.Where(e => e.EntityId == ProgrammeRunData.Id(run.ProgramId)).Select(e => new { e.Action, e.Details }).ToListAsync());
        Assert.Contains(audit, e => e.Action == "programme.activity-marked" && e.Details!.Contains("приложен файл (application/pdf"));
        Assert.Equal(3, audit.Count(e => e.Action == "programme.file-downloaded"));
        Assert.DoesNotContain(audit, e => e.Details!.Contains("Сертификат"));
    }

    [Fact]
    public async Task WrongFiles_AreRefused_AndTheMarkIsNotSaved()
    {
        var run = await app.StartProgrammeAsync();
        foreach (var (name, bytes, reason) in new[]
                 {
                     ("program.exe", new byte[] { 0x4D, 0x5A, 0x90, 0 }, "можно приложить PDF"),
                     ("page.pdf", "<html><script>alert(1)</script>"u8.ToArray(), "не похож на PDF"),
                     ("photo.png", "%PDF-1.4"u8.ToArray(), "не похож на PNG"),
                 })
        {
            var r = await run.MentorClient.PostMultipartAsync(run.Card + "?handler=Mark", run.Card, name, bytes, Mark(run.FirstActivityId, "Done"));
            Assert.Equal(HttpStatusCode.OK, r.StatusCode);
            var html = await r.Content.ReadAsStringAsync();
            Assert.Contains(reason, html);
            Assert.Contains("Отметка не сохранена", html);
        }
        var big = new byte[EvidenceUploadMax + 1];
        "%PDF"u8.CopyTo(big);
        var tooBig = await run.MentorClient.PostMultipartAsync(run.Card + "?handler=Mark", run.Card, "scan.pdf", big, Mark(run.FirstActivityId, "Done"));
        Assert.Contains("больше 10 МБ", await tooBig.Content.ReadAsStringAsync());

        Assert.Equal(0, await app.WithDbAsync(db => db.ProgramActivityFiles.CountAsync(f => f.ActivityId == run.FirstActivityId)));
        Assert.Equal(ActivityStatus.Planned, await app.WithDbAsync(db => db.ProgramActivities.Where(a => a.Id == run.FirstActivityId).Select(a => a.Status).SingleAsync()));
    }

    private const int EvidenceUploadMax = (int)Nastavnik.Platform.Web.EvidenceUpload.MaxBytes;

    [Fact]
    public async Task AttachingLater_KeepsTheDoneDate_AuthorOrEditorDeletes_OthersForbidden()
    {
        var run = await app.StartProgrammeAsync();
        Assert.Equal(HttpStatusCode.Redirect, (await run.MenteeClient.PostFormAsync(run.Card + "?handler=Mark", Mark(run.FirstActivityId, "Done"), run.Card)).StatusCode);
        var doneOn = await app.WithDbAsync(db => db.ProgramActivities.Where(a => a.Id == run.FirstActivityId).Select(a => a.DoneOn).SingleAsync());

        app.Clock.Advance(TimeSpan.FromDays(3));
        // Sessions last 8 hours: three days later everyone signs in again.
        run = run with { MentorClient = await app.LoginAsync(run.MentorUser), MenteeClient = await app.LoginAsync(run.MenteeUser), Curator = await app.LoginAsync(run.CuratorUser) };
        var photo = new byte[] { 0xFF, 0xD8, 0xFF, 0xE0, 1, 2, 3 };
        Assert.Equal(HttpStatusCode.Redirect, (await run.MentorClient.PostMultipartAsync(run.Card + "?handler=Mark", run.Card, "диплом.jpg", photo, Mark(run.FirstActivityId, "Done"))).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await run.MenteeClient.PostMultipartAsync(run.Card + "?handler=Mark", run.Card, "конспект.pdf", Pdf, Mark(run.FirstActivityId, "Done"))).StatusCode);
        var a = await app.WithDbAsync(db => db.ProgramActivities.AsNoTracking().SingleAsync(x => x.Id == run.FirstActivityId));
        Assert.Equal(doneOn, a.DoneOn);
        Assert.Equal("наставляемый", a.DoneByRole);

        var files = await app.WithDbAsync(db => db.ProgramActivityFiles.AsNoTracking().Where(f => f.ActivityId == run.FirstActivityId).OrderBy(f => f.Id).ToListAsync());
        Assert.Equal(["диплом.jpg", "конспект.pdf"], files.Select(f => f.FileName));
        var (mentorFile, menteeFile) = (files[0].Id, files[1].Id);

        // The mentee did not attach the mentor's photo and does not edit the plan: refused. A coordinator only reads.
        var menteeCard = await run.MenteeClient.GetHtmlAsync(run.Card);
        Assert.DoesNotContain($"Удалить файл диплом.jpg", menteeCard);
        Assert.Contains($"Удалить файл конспект.pdf", menteeCard);
        var forbidden = await run.MenteeClient.PostFormAsync(run.Card + "?handler=DeleteFile", new() { ["fileId"] = ProgrammeRunData.Id(mentorFile) }, run.Card);
        Assert.True(forbidden.IsAccessDenied(), forbidden.StatusCode.ToString());

        Assert.Equal(HttpStatusCode.Redirect, (await run.MenteeClient.PostFormAsync(run.Card + "?handler=DeleteFile", new() { ["fileId"] = ProgrammeRunData.Id(menteeFile) }, run.Card)).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await run.Curator.PostFormAsync(run.Card + "?handler=DeleteFile", new() { ["fileId"] = ProgrammeRunData.Id(mentorFile) }, run.Card)).StatusCode);
        Assert.Equal(0, await app.WithDbAsync(db => db.ProgramActivityFiles.CountAsync(f => f.ActivityId == run.FirstActivityId)));
    }

    [Fact]
    public async Task DeletingTheActivity_DeletesItsFiles()
    {
        var run = await app.StartProgrammeAsync();
        Assert.Equal(HttpStatusCode.Redirect, (await run.MentorClient.PostMultipartAsync(run.Card + "?handler=Mark", run.Card, "план.pdf", Pdf, Mark(run.SecondActivityId, "InProgress"))).StatusCode);
        var version = await app.WithDbAsync(db => db.ProgramActivities.Where(a => a.Id == run.SecondActivityId).Select(a => a.Version).SingleAsync());
        var page = $"/programmes/activity/{run.SecondActivityId}";
        Assert.Equal(1, await app.WithDbAsync(db => db.ProgramActivityFiles.CountAsync(f => f.ActivityId == run.SecondActivityId)));
        Assert.Equal(HttpStatusCode.Redirect, (await run.MentorClient.PostFormAsync(page + "?handler=Delete", new() { ["version"] = version.ToString() }, page)).StatusCode);
        Assert.Equal(0, await app.WithDbAsync(db => db.ProgramActivityFiles.CountAsync(f => f.ActivityId == run.SecondActivityId)));
    }

    [GeneratedRegex("handler=File&amp;fileId=(\\d+)")]
    private static partial Regex FileLink();
}
