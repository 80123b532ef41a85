using System.Diagnostics;
using System.Net;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using DocumentFormat.OpenXml.Validation;
using Microsoft.EntityFrameworkCore;
using Nastavnik.Features.Roadmaps;
using Nastavnik.Platform.Auth;
using Nastavnik.Platform.Documents;

namespace Nastavnik.Tests.Roadmaps;

/// <summary>Exports open in Word and Excel (the OpenXML validator finds nothing), carry the approval header, and cannot smuggle formulas.</summary>
public sealed class RoadmapDocumentsTests(TestApp app) : IClassFixture<TestApp>
{
    private async Task<(HttpClient Client, int Id)> ApprovedMunicipalRoadmapAsync()
    {
        var m = await app.CreateMunicipalityAsync();
        var coordinator = await app.LoginAsAsync(Role.MunicipalCoordinator, municipality: m);
        var id = await RoadmapTestKit.CreateAsync(coordinator, RoadmapTestKit.Owner(m), RoadmapTemplates.Staged.Key, "sy:2026");
        var version = (await RoadmapTestKit.LoadAsync(app, id)).Version;
        var r = await coordinator.PostFormAsync($"/roadmaps/approve/{id}?handler=Approve", new()
        {
            ["Approval.ApprovalDate"] = "2026-09-01", ["Approval.OrderNumber"] = "147-16/О", ["Approval.OrderDate"] = "2026-09-01",
            ["Approval.ApproverPosition"] = "Начальник управления образования", ["Approval.ApproverName"] = "А. Б. Иванова", ["Approval.Version"] = version.ToString(),
        });
        Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);
        return (coordinator, id);
    }

    private static string Errors(IEnumerable<ValidationErrorInfo> errors) => string.Join("\n", errors.Take(10).Select(e => $"{e.Path?.XPath}: {e.Description}"));

    [Fact]
    public async Task DocxExport_ValidOpenXml_HasApprovalHeaderAndTable_AndIsAudited()
    {
        var (client, id) = await ApprovedMunicipalRoadmapAsync();
        var response = await client.GetAsync($"/roadmaps/export/{id}?format=docx");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/vnd.openxmlformats-officedocument.wordprocessingml.document", response.Content.Headers.ContentType!.MediaType);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        using (var doc = WordprocessingDocument.Open(new MemoryStream(bytes), false))
        {
            var errors = new OpenXmlValidator().Validate(doc).ToList();
            Assert.True(errors.Count == 0, Errors(errors));
            var text = string.Join("\n", doc.MainDocumentPart!.Document.Body!.Descendants<DocumentFormat.OpenXml.Wordprocessing.Paragraph>().Select(p => p.InnerText));
            Assert.Contains("УТВЕРЖДАЮ", text);
            Assert.Contains("Начальник управления образования", text);
            Assert.Contains("А. Б. Иванова", text);
            Assert.Contains("1 сентября 2026 г.", text);
            Assert.Contains("приказ от 01.09.2026 № 147-16/О", text);
            Assert.Contains("Мероприятие", text);
            Assert.Contains("1. Подготовка условий для реализации модели наставничества", text);
            Assert.Contains("Август 2026", text);
            var section = doc.MainDocumentPart.Document.Body!.Elements<DocumentFormat.OpenXml.Wordprocessing.SectionProperties>().Single();
            Assert.Equal(DocumentFormat.OpenXml.Wordprocessing.PageOrientationValues.Landscape, section.GetFirstChild<DocumentFormat.OpenXml.Wordprocessing.PageSize>()!.Orient!.Value);
        }
        Assert.True(await app.WithDbAsync(db => db.AuditEntries.AnyAsync(a => a.Action == "export" && a.EntityType == "roadmap" && a.EntityId == id.ToString() && a.Details == "docx")));

        // LibreOffice, when installed, turns it into a PDF (how documents are printed without Word).
        if (Which("soffice") is not { } soffice) return;
        var dir = Directory.CreateTempSubdirectory("nst-pdf-").FullName;
        try
        {
            var docx = Path.Combine(dir, "roadmap.docx");
            await File.WriteAllBytesAsync(docx, bytes);
            var psi = new ProcessStartInfo(soffice, ["-env:UserInstallation=file://" + Path.Combine(dir, "profile"), "--headless", "--convert-to", "pdf", "--outdir", dir, docx])
            { RedirectStandardOutput = true, RedirectStandardError = true };
            using var process = Process.Start(psi)!;
            using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(3));
            await process.WaitForExitAsync(cts.Token);
            var pdf = Path.Combine(dir, "roadmap.pdf");
            Assert.True(File.Exists(pdf), await process.StandardError.ReadToEndAsync());
            var head = (await File.ReadAllBytesAsync(pdf))[..5];
            Assert.Equal("%PDF-"u8.ToArray(), head);
        }
        finally
        {
            try { Directory.Delete(dir, recursive: true); } catch (IOException) { }
        }
    }

    [Fact]
    public async Task DocxExport_ApprovedSchoolRoadmap_HasAgreedByMunicipality()
    {
        var m = await app.CreateMunicipalityAsync();
        var school = await app.CreateOrganizationAsync(m);
        var curator = await app.LoginAsAsync(Role.Curator, organization: school);
        var coordinator = await app.LoginAsAsync(Role.MunicipalCoordinator, municipality: m);
        var id = await RoadmapTestKit.CreateAsync(curator, RoadmapTestKit.Owner(school), RoadmapTemplates.School.Key, "sy:2026");
        var r = await RoadmapTestKit.LoadAsync(app, id);
        await curator.PostFormAsync($"/roadmaps/edit/{id}?handler=Submit", new() { ["version"] = r.Version.ToString() }, formPage: $"/roadmaps/view/{id}");
        r = await RoadmapTestKit.LoadAsync(app, id);
        await coordinator.PostFormAsync($"/roadmaps/approve/{id}?handler=Approve", new() { ["Approval.ApprovalDate"] = "2026-11-23", ["Approval.OrderNumber"] = "12", ["Approval.Version"] = r.Version.ToString() });
        var bytes = await (await curator.GetAsync($"/roadmaps/export/{id}?format=docx")).Content.ReadAsByteArrayAsync();
        using var doc = WordprocessingDocument.Open(new MemoryStream(bytes), false);
        Assert.Empty(new OpenXmlValidator().Validate(doc));
        var text = doc.MainDocumentPart!.Document.Body!.InnerText;
        Assert.Contains("СОГЛАСОВАНО", text);
        Assert.Contains("УТВЕРЖДАЮ", text);
        Assert.Contains("Директор " + school.Name, text);
        Assert.Contains("Тестов Тест Тестович", text); // the coordinator who approved
    }

    [Fact]
    public async Task XlsxExport_FormulaLikeTextStaysText_AndWorkbookIsValid()
    {
        var org = await app.CreateOrganizationAsync();
        var curator = await app.LoginAsAsync(Role.Curator, organization: org);
        var id = await RoadmapTestKit.CreateAsync(curator, RoadmapTestKit.Owner(org), null, "sy:2026");
        string[] hostile = ["=HYPERLINK(\"http://evil.example\",\"нажми\")", "+7 (999) 000-00-00", "-1+1", "@SUM(A1)"];
        foreach (var h in hostile)
        {
            var r = await curator.PostFormAsync($"/roadmaps/item?roadmap={id}", new() { ["Input.Name"] = h, ["Input.DueText"] = "октябрь", ["Input.Responsible"] = "=1+2" });
            Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);
        }
        var response = await curator.GetAsync($"/roadmaps/export/{id}?format=xlsx");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var doc = SpreadsheetDocument.Open(new MemoryStream(await response.Content.ReadAsByteArrayAsync()), false);
        var errors = new OpenXmlValidator().Validate(doc).ToList();
        Assert.True(errors.Count == 0, Errors(errors));
        var wb = doc.WorkbookPart!;
        var formats = wb.WorkbookStylesPart!.Stylesheet.CellFormats!.Elements<CellFormat>().ToList();
        var cells = wb.WorksheetParts.Single().Worksheet.Descendants<Cell>().ToList();
        Assert.Empty(wb.WorksheetParts.Single().Worksheet.Descendants<CellFormula>());
        foreach (var text in hostile.Append("=1+2"))
        {
            var cell = cells.First(c => c.InnerText == text);
            Assert.Equal(CellValues.InlineString, cell.DataType!.Value);
            Assert.True(formats[(int)cell.StyleIndex!.Value].QuotePrefix?.Value, text);
        }
        var plain = cells.First(c => c.InnerText == "октябрь");
        Assert.NotEqual(true, formats[(int)plain.StyleIndex!.Value].QuotePrefix?.Value);
        Assert.Contains(cells, c => c.InnerText == "01.10.2026 – 31.10.2026");
    }

    [Fact]
    public void XlsxBuilder_EscapesEveryFormulaStart()
    {
        Assert.All(new[] { "=A1", "+1", "-1", "@x", "\tx", "\rx" }, s => Assert.True(XlsxBuilder.NeedsQuotePrefix(s), s));
        Assert.All(new[] { "", "текст", "1", "1-2", " =A1" }, s => Assert.False(XlsxBuilder.NeedsQuotePrefix(s), s));
        Assert.Equal(["A", "Z", "AA", "AZ", "BA"], new[] { 0, 25, 26, 51, 52 }.Select(XlsxBuilder.ColumnName));
    }

    private static string? Which(string program) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Select(d => Path.Combine(d, program)).FirstOrDefault(File.Exists);
}
