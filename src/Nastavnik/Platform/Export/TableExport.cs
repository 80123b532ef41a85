using System.Text;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using Nastavnik.Platform.Documents;

namespace Nastavnik.Platform.Export;

/// <summary>
/// Writes rows of strings to XLSX (streamed with OpenXmlWriter: memory stays flat for a region-size register)
/// or to CSV (UTF-8 with BOM and ';', what Russian Excel opens correctly). A value that a spreadsheet would
/// run as a formula (=, +, -, @, tab, CR) must not become a live formula in somebody's Excel: in CSV it is
/// prefixed with an apostrophe, in XLSX its cell gets the quotePrefix format (text, shown as typed).
/// </summary>
public static class TableExport
{
    private const int WidthSampleRows = 200;

    public static string Escape(string? value)
    {
        if (string.IsNullOrEmpty(value)) return "";
        return value[0] is '=' or '+' or '-' or '@' or '\t' or '\r' ? "'" + value : value;
    }

    public static void WriteXlsx(Stream output, string sheetName, IReadOnlyList<string> header, IEnumerable<IReadOnlyList<string?>> rows)
    {
        using var doc = SpreadsheetDocument.Create(output, SpreadsheetDocumentType.Workbook);
        var wb = doc.AddWorkbookPart();
        wb.Workbook = new Workbook();
        var styles = wb.AddNewPart<WorkbookStylesPart>();
        styles.Stylesheet = new Stylesheet(
            new Fonts(new Font(), new Font(new Bold())),
            new Fills(new Fill(new PatternFill { PatternType = PatternValues.None }), new Fill(new PatternFill { PatternType = PatternValues.Gray125 })),
            new Borders(new Border()),
            // Body text wraps: the widths stop at ColumnWidthEstimate.MaxChars, and a longer text would be cut at the column's edge.
            new CellFormats(new CellFormat { Alignment = new Alignment { WrapText = true, Vertical = VerticalAlignmentValues.Top }, ApplyAlignment = true }, new CellFormat { FontId = 1, ApplyFont = true, Alignment = new Alignment { WrapText = true, Vertical = VerticalAlignmentValues.Top } },
                // 2 and 3: the same with Excel's quotePrefix, for text a spreadsheet would run as a formula (XlsxBuilder does the same).
                new CellFormat { QuotePrefix = true, Alignment = new Alignment { WrapText = true, Vertical = VerticalAlignmentValues.Top }, ApplyAlignment = true },
                new CellFormat { QuotePrefix = true, FontId = 1, ApplyFont = true, Alignment = new Alignment { WrapText = true, Vertical = VerticalAlignmentValues.Top } }));
        var ws = wb.AddNewPart<WorksheetPart>();
        using (var w = OpenXmlWriter.Create(ws))
        {
            w.WriteStartElement(new Worksheet());
            // <cols> precede the rows, so widths come from the header and the first rows only: memory stays flat for a region.
            using var rest = rows.GetEnumerator();
            var first = new List<IReadOnlyList<string?>>(WidthSampleRows);
            while (first.Count < WidthSampleRows && rest.MoveNext()) first.Add(rest.Current);
            var widths = new ColumnWidthEstimate(header.Count);
            for (var i = 0; i < header.Count; i++) widths.Add(i, header[i], header: true);
            foreach (var row in first)
                for (var i = 0; i < row.Count; i++) widths.Add(i, row[i]);
            w.WriteStartElement(new Columns());
            for (var i = 0; i < header.Count; i++)
                w.WriteElement(new Column { Min = (uint)(i + 1), Max = (uint)(i + 1), Width = Math.Round(widths.Width(i), 1), CustomWidth = true });
            w.WriteEndElement();
            w.WriteStartElement(new SheetData());
            WriteRow(w, header, style: 1);
            foreach (var row in first) WriteRow(w, row, style: 0);
            while (rest.MoveNext()) WriteRow(w, rest.Current, style: 0);
            w.WriteEndElement();
            w.WriteEndElement();
        }
        wb.Workbook.AppendChild(new Sheets(new Sheet { Id = wb.GetIdOfPart(ws), SheetId = 1, Name = sheetName.Length > 31 ? sheetName[..31] : sheetName }));
    }

    private static void WriteRow(OpenXmlWriter w, IReadOnlyList<string?> cells, uint style)
    {
        w.WriteStartElement(new Row());
        foreach (var value in cells)
        {
            // Inline strings keep the writer streaming (no shared-string table to hold in memory).
            // A cell stored as text is never run as a formula; the quotePrefix format keeps it text when edited or re-saved, and
            // unlike a literal apostrophe it does not show: a phone «+7 900 …» reads as it was typed.
            var cell = new Cell { DataType = CellValues.InlineString, StyleIndex = XlsxBuilder.NeedsQuotePrefix(value) ? style + 2 : style };
            w.WriteStartElement(cell);
            w.WriteElement(new InlineString(new Text(value ?? "") { Space = SpaceProcessingModeValues.Preserve }));
            w.WriteEndElement();
        }
        w.WriteEndElement();
    }

    public static async Task WriteCsvAsync(Stream output, IReadOnlyList<string> header, IEnumerable<IReadOnlyList<string?>> rows, CancellationToken ct = default)
    {
        await using var w = new StreamWriter(output, new UTF8Encoding(true), 64 * 1024, leaveOpen: true);
        await w.WriteLineAsync(string.Join(';', header.Select(Quote)));
        foreach (var row in rows)
        {
            ct.ThrowIfCancellationRequested();
            await w.WriteLineAsync(string.Join(';', row.Select(v => Quote(Escape(v)))));
        }
    }

    private static string Quote(string? v)
    {
        v ??= "";
        return v.IndexOfAny([';', '"', '\n', '\r']) >= 0 ? "\"" + v.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : v;
    }
}
