using System.Net;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;
using Microsoft.EntityFrameworkCore;
using Nastavnik.Features.Organizations;
using Nastavnik.Features.Roadmaps;

namespace Nastavnik.Tests.Roadmaps;

/// <summary>Builders for roadmap tests: creating through the pages, reading ids back, Word tables as curators make them.</summary>
public static partial class RoadmapTestKit
{
    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenRegex();

    [GeneratedRegex("/roadmaps/view/(\\d+)")]
    private static partial Regex ViewLink();

    /// <summary>Creates a roadmap through /roadmaps/create and returns its id.</summary>
    public static async Task<int> CreateAsync(HttpClient client, string owner, string? template, string period, string? title = null)
    {
        var fields = new Dictionary<string, string> { ["Input.Owner"] = owner, ["Input.Template"] = template ?? "", ["Input.Period"] = period };
        if (title is not null) fields["Input.Title"] = title;
        var r = await client.PostFormAsync("/roadmaps/create", fields);
        Assert.True(r.StatusCode == HttpStatusCode.Redirect, "Создание не удалось: " + (int)r.StatusCode + " " + await r.Content.ReadAsStringAsync());
        return int.Parse(ViewLink().Match(r.Headers.Location!.OriginalString).Groups[1].Value);
    }

    public static string Owner(Organization o) => "o:" + o.Id;

    public static string Owner(Municipality m) => "m:" + m.Id;

    public static Task<Roadmap> LoadAsync(TestApp app, int id) => app.WithDbAsync(db =>
        db.Roadmaps.Include(r => r.Items).Include(r => r.Stages).AsSplitQuery().FirstAsync(r => r.Id == id));

    public static async Task<HttpResponseMessage> PostMultipartAsync(this HttpClient client, string url, string formPage, string fileName, byte[] content,
        Dictionary<string, string>? fields = null)
    {
        var html = await client.GetHtmlAsync(formPage);
        var token = TokenRegex().Match(html);
        using var form = new MultipartFormDataContent();
        if (token.Success) form.Add(new StringContent(WebUtility.HtmlDecode(token.Groups[1].Value)), "__RequestVerificationToken");
        foreach (var (k, v) in fields ?? []) form.Add(new StringContent(v), k);
        var file = new ByteArrayContent(content);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        form.Add(file, "file", fileName);
        return await client.PostAsync(url, form);
    }

    /// <summary>Marks an item's execution through the item page.</summary>
    public static async Task<HttpResponseMessage> MarkAsync(HttpClient client, RoadmapItem item, RoadmapItemStatus status, string? doneAt, string? note = null, string? link = null, string? formPage = null)
    {
        var fields = new Dictionary<string, string> { ["Progress.Status"] = status.ToString(), ["Progress.Version"] = item.Version.ToString() };
        if (doneAt is not null) fields["Progress.DoneAt"] = doneAt;
        if (note is not null) fields["Progress.EvidenceNote"] = note;
        if (link is not null) fields["Progress.EvidenceLink"] = link;
        return await client.PostFormAsync($"/roadmaps/item/{item.Id}?handler=Progress", fields, formPage: formPage ?? $"/roadmaps/item/{item.Id}");
    }

    /// <summary>
    /// A Word document with a heading paragraph and a roadmap table: a header row, a numbering row «1 2 3 4 5»,
    /// section rows merged across the table, and item rows; a cell may be merged down (vMerge).
    /// Cells: null = continue a vertical merge from above; a row of one string = a section row.
    /// </summary>
    public static byte[] Docx(string[] header, params string?[][] rows)
    {
        using var ms = new MemoryStream();
        using (var doc = WordprocessingDocument.Create(ms, WordprocessingDocumentType.Document))
        {
            var main = doc.AddMainDocumentPart();
            var body = new Body(new Paragraph(new Run(new Text("Дорожная карта по реализации системы наставничества в школе"))));
            var table = new Table(new TableProperties(new TableBorders(new TopBorder { Val = BorderValues.Single, Size = 4 })),
                new TableGrid(header.Select(_ => new GridColumn { Width = "2000" })));
            table.Append(Row(header.Select(h => (string?)h).ToArray(), header.Length, restartBelow: null));
            table.Append(Row([.. Enumerable.Range(1, header.Length).Select(i => (string?)i.ToString())], header.Length, null));
            for (var i = 0; i < rows.Length; i++)
            {
                var next = i + 1 < rows.Length ? rows[i + 1] : null;
                table.Append(Row(rows[i], header.Length, next));
            }
            body.Append(table);
            body.Append(new Paragraph());
            main.Document = new Document(body);
            main.Document.Save();
        }
        return ms.ToArray();
    }

    private static TableRow Row(string?[] cells, int width, string?[]? restartBelow)
    {
        var tr = new TableRow();
        if (cells.Length == 1 && width > 1)
        {
            var merged = new TableCell(new TableCellProperties(new GridSpan { Val = width }));
            merged.Append(Para(cells[0]));
            tr.Append(merged);
            return tr;
        }
        for (var c = 0; c < cells.Length; c++)
        {
            var props = new TableCellProperties();
            if (cells[c] is null) props.Append(new VerticalMerge());
            else if (restartBelow is { Length: > 1 } below && c < below.Length && below[c] is null) props.Append(new VerticalMerge { Val = MergedCellValues.Restart });
            var cell = new TableCell(props);
            cell.Append(Para(cells[c]));
            tr.Append(cell);
        }
        return tr;
    }

    /// <summary>A cell's text; '\n' becomes separate paragraphs, as Word keeps lines in a cell.</summary>
    private static OpenXmlElement[] Para(string? text) =>
        (text ?? "").Split('\n').Select(l => (OpenXmlElement)new Paragraph(new Run(new Text(l) { Space = SpaceProcessingModeValues.Preserve }))).ToArray();
}
