using System.Net;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Validation;
using Microsoft.EntityFrameworkCore;
using Nastavnik.Features.Programmes;
using Nastavnik.Platform.Auth;

namespace Nastavnik.Tests.Programmes;

public sealed class ProgrammeListExportTests(TestApp app) : IClassFixture<TestApp>
{
    [Fact]
    public async Task ListXlsx_HasTheProgrammesOfTheScope_WithPlanProgress_AndIsAudited()
    {
        app.Clock.Set(new DateTimeOffset(2027, 1, 10, 9, 0, 0, TimeSpan.Zero));
        var run = await app.StartProgrammeAsync("Экспортова", "Табличный");
        var other = await app.StartProgrammeAsync("Чужая", "Посторонний");
        await app.WithDbAsync(async db =>
        {
            var a = await db.ProgramActivities.SingleAsync(x => x.Id == run.FirstActivityId);
            (a.Status, a.DoneOn) = (ActivityStatus.Done, new DateOnly(2026, 12, 18));
            db.Meetings.Add(new Meeting { ProgramId = run.ProgramId, Kind = MeetingKind.Organizational, HeldOn = new DateOnly(2026, 12, 2) });
            db.Meetings.Add(new Meeting { ProgramId = run.ProgramId, Kind = MeetingKind.Trial, HeldOn = new DateOnly(2026, 12, 16) });
            await db.SaveChangesAsync();
        });

        var curator = await app.LoginAsync(run.CuratorUser);
        var response = await curator.GetAsync("/programmes?handler=Xlsx");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var stream = new MemoryStream(await response.Content.ReadAsByteArrayAsync());
        using var doc = SpreadsheetDocument.Open(stream, false);
        Assert.Empty(new OpenXmlValidator().Validate(doc));
        var rows = doc.WorkbookPart!.WorksheetParts.Single().Worksheet.Descendants<DocumentFormat.OpenXml.Spreadsheet.Row>()
            .Select(r => r.Elements<DocumentFormat.OpenXml.Spreadsheet.Cell>().Select(c => c.InlineString?.InnerText ?? c.CellValue?.Text ?? "").ToList()).ToList();
        var header = rows.Single(r => r.Count > 0 && r[0] == "Пара/группа");
        var mine = rows.Single(r => r.Any(c => c.Contains("Экспортова", StringComparison.Ordinal)));
        string Col(string name) => mine[header.IndexOf(name)];
        // Every column has a width from its content: «Организация» holds the school's whole name.
        var widths = doc.WorkbookPart.WorksheetParts.Single().Worksheet.Elements<DocumentFormat.OpenXml.Spreadsheet.Columns>().Single()
            .Elements<DocumentFormat.OpenXml.Spreadsheet.Column>().Select(c => c.Width!.Value).ToList();
        Assert.Equal(header.Count, widths.Count);
        Assert.True(widths[header.IndexOf("Организация")] >= Col("Организация").Length, $"«{Col("Организация")}» in a column {widths[header.IndexOf("Организация")]} wide");
        Assert.Equal("Адаптация молодого учителя", Col("Цель"));
        Assert.Equal(("1", "2", "2", "16.12.2026"), (Col("Мероприятий выполнено"), Col("Мероприятий всего"), Col("Встреч"), Col("Последняя встреча")));
        Assert.DoesNotContain(rows, r => r.Any(c => c.Contains("Чужая", StringComparison.Ordinal)));
        Assert.True(await app.WithDbAsync(db => db.AuditEntries.AnyAsync(e => e.EntityType == "programmes" && e.Action == "export")));
        Assert.Contains("handler=Xlsx", await curator.GetHtmlAsync("/programmes"));
        _ = other;
    }
}
