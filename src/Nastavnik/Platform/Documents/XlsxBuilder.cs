using System.Globalization;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace Nastavnik.Platform.Documents;

/// <summary>
/// How a cell looks. Combinations become cell formats of the workbook's stylesheet. <see cref="Note"/> is a line of text
/// above or below a table («Охват: …», «Сформировано …»): no border and no wrapping, so it runs on over the empty cells
/// to its right instead of being cut at the first column's width.
/// </summary>
public enum XlsxStyle { Body, Header, Title, Group, Note }

/// <summary>A cell: text, or a number when <see cref="Number"/> is set.</summary>
public readonly record struct XlsxCell(string? Text, double? Number = null)
{
    public static implicit operator XlsxCell(string? text) => new(text);
    public static XlsxCell FromNumber(double n) => new(null, n);
    public static XlsxCell FromString(string? text) => new(text);
}

/// <summary>A worksheet being written: rows in order, column widths, merged ranges, frozen header.</summary>
public sealed class XlsxSheet
{
    internal XlsxSheet(string name) => Name = name;

    public string Name { get; }
    internal List<(IReadOnlyList<XlsxCell> Cells, XlsxStyle Style)> Rows { get; } = [];
    internal List<double> Widths { get; } = [];
    internal List<string> Merges { get; } = [];
    internal int FrozenRows { get; private set; }
    internal bool Landscape { get; private set; }

    public XlsxSheet ColumnWidths(params double[] widths)
    {
        Widths.Clear();
        Widths.AddRange(widths);
        return this;
    }

    public XlsxSheet Row(XlsxStyle style, params XlsxCell[] cells)
    {
        Rows.Add((cells, style));
        return this;
    }

    public XlsxSheet Row(params XlsxCell[] cells) => Row(XlsxStyle.Body, cells);

    public XlsxSheet Header(params string[] cells) => Row(XlsxStyle.Header, [.. cells.Select(c => new XlsxCell(c))]);

    public XlsxSheet Title(string text) => Row(XlsxStyle.Title, text);

    /// <summary>A row whose text spans <paramref name="columns"/> columns (a stage title).</summary>
    public XlsxSheet SpanRow(string text, int columns, XlsxStyle style = XlsxStyle.Group)
    {
        var cells = new XlsxCell[columns];
        cells[0] = text;
        for (var i = 1; i < columns; i++) cells[i] = "";
        Rows.Add((cells, style));
        if (columns > 1) Merges.Add($"A{Rows.Count}:{XlsxBuilder.ColumnName(columns - 1)}{Rows.Count}");
        return this;
    }

    public XlsxSheet FreezeTopRows(int rows)
    {
        FrozenRows = rows;
        return this;
    }

    public XlsxSheet LandscapePage()
    {
        Landscape = true;
        return this;
    }
}

/// <summary>
/// A small XLSX writer over OpenXML: sheets of text and numbers with a bold header, wrapped text, merged title rows.
/// Strings are written inline (no shared-string table), numbers as numbers.
/// <para>Formula injection: a text that starts with = + - @ (or a tab / carriage return) would be taken for a
/// formula by a spreadsheet when the cell is edited or the sheet is saved as CSV. Such cells get Excel's own
/// "leading apostrophe" — the <c>quotePrefix</c> cell format — so they stay text and show unchanged.</para>
/// </summary>
public sealed class XlsxBuilder
{
    private readonly List<XlsxSheet> _sheets = [];

    public XlsxSheet AddSheet(string name)
    {
        var sheet = new XlsxSheet(SheetName(name, _sheets.Select(s => s.Name).ToHashSet(StringComparer.OrdinalIgnoreCase)));
        _sheets.Add(sheet);
        return sheet;
    }

    /// <summary>True for text a spreadsheet could read as a formula.</summary>
    public static bool NeedsQuotePrefix(string? text) => text is { Length: > 0 } && text[0] is '=' or '+' or '-' or '@' or '\t' or '\r';

    public byte[] ToArray()
    {
        using var ms = new MemoryStream();
        using (var doc = SpreadsheetDocument.Create(ms, SpreadsheetDocumentType.Workbook))
        {
            var wb = doc.AddWorkbookPart();
            wb.Workbook = new Workbook();
            var stylesPart = wb.AddNewPart<WorkbookStylesPart>();
            stylesPart.Stylesheet = Stylesheet();
            var sheets = new Sheets();
            uint id = 1;
            foreach (var s in _sheets)
            {
                var part = wb.AddNewPart<WorksheetPart>();
                part.Worksheet = Worksheet(s);
                sheets.Append(new Sheet { Id = wb.GetIdOfPart(part), SheetId = id++, Name = s.Name });
            }
            wb.Workbook.Append(sheets);
            wb.Workbook.Save();
        }
        return ms.ToArray();
    }

    /// <summary>0 → A, 25 → Z, 26 → AA.</summary>
    public static string ColumnName(int index)
    {
        var name = "";
        for (var n = index + 1; n > 0; n = (n - 1) / 26) name = (char)('A' + (n - 1) % 26) + name;
        return name;
    }

    // Cell formats, in stylesheet order: [style * 2 + quotePrefix]. Style: Body, Header, Title, Group, Note.
    private static uint StyleIndex(XlsxStyle style, bool quote) => 1 + (uint)style * 2 + (quote ? 1u : 0u);

    private static Stylesheet Stylesheet()
    {
        var fonts = new Fonts(
            new Font(new FontSize { Val = 11 }, new FontName { Val = "Calibri" }),
            new Font(new Bold(), new FontSize { Val = 11 }, new FontName { Val = "Calibri" }),
            new Font(new Bold(), new FontSize { Val = 14 }, new FontName { Val = "Calibri" }));
        var fills = new Fills(
            new Fill(new PatternFill { PatternType = PatternValues.None }),
            new Fill(new PatternFill { PatternType = PatternValues.Gray125 }),
            new Fill(new PatternFill(new ForegroundColor { Rgb = "FFE7E6E6" }, new BackgroundColor { Indexed = 64 }) { PatternType = PatternValues.Solid }));
        var borders = new Borders(
            new Border(new LeftBorder(), new RightBorder(), new TopBorder(), new BottomBorder(), new DiagonalBorder()),
            new Border(
                new LeftBorder(new Color { Indexed = 64 }) { Style = BorderStyleValues.Thin },
                new RightBorder(new Color { Indexed = 64 }) { Style = BorderStyleValues.Thin },
                new TopBorder(new Color { Indexed = 64 }) { Style = BorderStyleValues.Thin },
                new BottomBorder(new Color { Indexed = 64 }) { Style = BorderStyleValues.Thin },
                new DiagonalBorder()));
        var xfs = new CellFormats(new CellFormat { FontId = 0, FillId = 0, BorderId = 0, FormatId = 0 });
        foreach (var style in Enum.GetValues<XlsxStyle>())
        {
            foreach (var quote in new[] { false, true })
            {
                var (font, fill, border) = style switch
                {
                    XlsxStyle.Header => (1u, 2u, 1u),
                    XlsxStyle.Title => (2u, 0u, 0u),
                    XlsxStyle.Group => (1u, 0u, 1u),
                    XlsxStyle.Note => (0u, 0u, 0u),
                    _ => (0u, 0u, 1u),
                };
                var xf = new CellFormat(new Alignment { WrapText = style is not (XlsxStyle.Title or XlsxStyle.Note), Vertical = VerticalAlignmentValues.Top })
                {
                    FontId = font, FillId = fill, BorderId = border, FormatId = 0,
                    ApplyFont = font != 0, ApplyFill = fill != 0, ApplyBorder = border != 0, ApplyAlignment = true,
                };
                if (quote) xf.QuotePrefix = true;
                xfs.Append(xf);
            }
        }
        return new Stylesheet(
            fonts,
            fills,
            borders,
            new CellStyleFormats(new CellFormat { FontId = 0, FillId = 0, BorderId = 0 }),
            xfs,
            new CellStyles(new CellStyle { Name = "Normal", FormatId = 0, BuiltinId = 0 }));
    }

    private static Worksheet Worksheet(XlsxSheet s)
    {
        // Printed to the page's width, as many pages down as it takes: a wide sheet (regional monitoring) otherwise
        // prints one column per page in LibreOffice and Excel.
        var ws = new Worksheet(new SheetProperties(new PageSetupProperties { FitToPage = true }));
        if (s.FrozenRows > 0)
        {
            var topLeft = $"A{s.FrozenRows + 1}";
            ws.Append(new SheetViews(new SheetView(
                new Pane { VerticalSplit = s.FrozenRows, TopLeftCell = topLeft, ActivePane = PaneValues.BottomLeft, State = PaneStateValues.Frozen },
                new Selection { Pane = PaneValues.BottomLeft, ActiveCell = topLeft, SequenceOfReferences = new ListValue<StringValue>([topLeft]) })
            { WorkbookViewId = 0 }));
        }
        var columnCount = s.Rows.Count == 0 ? 0 : s.Rows.Max(r => r.Cells.Count);
        var widths = ColumnWidths(s, columnCount);
        if (widths.Count > 0)
        {
            var cols = new Columns();
            for (var i = 0; i < widths.Count; i++)
                cols.Append(new Column { Min = (uint)i + 1, Max = (uint)i + 1, Width = Math.Round(widths[i], 1), CustomWidth = true });
            ws.Append(cols);
        }
        var data = new SheetData();
        for (var r = 0; r < s.Rows.Count; r++)
        {
            var (cells, style) = s.Rows[r];
            if (IsNote(cells, style, columnCount)) style = XlsxStyle.Note;
            var row = new Row { RowIndex = (uint)r + 1 };
            if (style == XlsxStyle.Header && HeaderLines(s, cells) is > 1 and var lines)
            {
                // LibreOffice keeps the default height of a row whose height is not stored, and cuts wrapped headers.
                row.Height = 15.0 * lines;
                row.CustomHeight = true;
            }
            for (var c = 0; c < cells.Count; c++)
            {
                var reference = ColumnName(c) + (r + 1).ToString(CultureInfo.InvariantCulture);
                var v = cells[c];
                if (v.Number is { } n)
                {
                    row.Append(new Cell { CellReference = reference, StyleIndex = StyleIndex(style, false), CellValue = new CellValue(n.ToString(CultureInfo.InvariantCulture)) });
                    continue;
                }
                var text = Clean(v.Text ?? "");
                row.Append(new Cell
                {
                    CellReference = reference, DataType = CellValues.InlineString, StyleIndex = StyleIndex(style, NeedsQuotePrefix(text)),
                    InlineString = new InlineString(new Text(text) { Space = SpaceProcessingModeValues.Preserve }),
                });
            }
            data.Append(row);
        }
        ws.Append(data);
        if (s.Merges.Count > 0) ws.Append(new MergeCells(s.Merges.Select(m => new MergeCell { Reference = m })));
        ws.Append(new PageMargins { Left = 0.5, Right = 0.5, Top = 0.6, Bottom = 0.6, Header = 0.3, Footer = 0.3 });
        ws.Append(new PageSetup { Orientation = s.Landscape ? OrientationValues.Landscape : OrientationValues.Portrait, PaperSize = 9, FitToWidth = 1, FitToHeight = 0 });
        return ws;
    }

    /// <summary>Lines a wrapped header needs in its columns: about one bold character per unit of column width, words kept whole.</summary>
    internal static int HeaderLines(XlsxSheet s, IReadOnlyList<XlsxCell> cells)
    {
        if (s.Widths.Count == 0) return 1;
        var most = 1;
        for (var c = 0; c < cells.Count; c++)
        {
            var perLine = Math.Max(4, (int)((c < s.Widths.Count ? s.Widths[c] : s.Widths[^1]) * 0.9));
            var (lines, used) = (1, 0);
            foreach (var word in (cells[c].Text ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                var need = used == 0 ? word.Length : used + 1 + word.Length;
                if (need <= perLine || used == 0) used = need;
                else (lines, used) = (lines + 1, word.Length);
                while (used > perLine) (lines, used) = (lines + 1, used - perLine);
            }
            most = Math.Max(most, lines);
        }
        return most;
    }

    /// <summary>A lone text in a row of a wider sheet is a note about the table, not a one-column table row.</summary>
    private static bool IsNote(IReadOnlyList<XlsxCell> cells, XlsxStyle style, int columnCount) =>
        style == XlsxStyle.Body && cells.Count == 1 && columnCount > 1 && cells[0].Number is null;

    /// <summary>
    /// The caller's widths where given; every other column gets a width from its content, so that no export shows
    /// «Берёзовс» for «Берёзовский» (a file without &lt;cols&gt; gets Excel's 8.43 characters everywhere). Titles, notes
    /// and merged rows run over several columns and do not count.
    /// </summary>
    private static List<double> ColumnWidths(XlsxSheet s, int columnCount)
    {
        var widths = new List<double>(s.Widths);
        if (widths.Count >= columnCount) return widths;
        var estimate = new ColumnWidthEstimate(columnCount);
        for (var r = 0; r < s.Rows.Count; r++)
        {
            var (cells, style) = s.Rows[r];
            if (style is XlsxStyle.Title || IsNote(cells, style, columnCount) || IsMergedRow(s, r + 1)) continue;
            for (var c = 0; c < cells.Count; c++)
                estimate.Add(c, cells[c].Number is { } n ? n.ToString(CultureInfo.InvariantCulture) : cells[c].Text, header: style == XlsxStyle.Header);
        }
        for (var c = widths.Count; c < columnCount; c++) widths.Add(estimate.Width(c));
        return widths;
    }

    // Merged ranges come from SpanRow only: «A{row}:X{row}».
    private static bool IsMergedRow(XlsxSheet s, int row) => s.Merges.Any(m => m.StartsWith($"A{row.ToString(CultureInfo.InvariantCulture)}:", StringComparison.Ordinal));

    /// <summary>Excel's rules: at most 31 characters, none of []:*?/\, unique in the workbook.</summary>
    private static string SheetName(string name, HashSet<string> taken)
    {
        var clean = new string((name ?? "").Where(c => c is not ('[' or ']' or ':' or '*' or '?' or '/' or '\\')).ToArray()).Trim('\'', ' ');
        if (clean.Length == 0) clean = "Лист";
        if (clean.Length > 31) clean = clean[..31];
        var candidate = clean;
        for (var i = 2; taken.Contains(candidate); i++)
        {
            var suffix = $" ({i})";
            candidate = (clean.Length + suffix.Length > 31 ? clean[..(31 - suffix.Length)] : clean) + suffix;
        }
        return candidate;
    }

    private static string Clean(string s) =>
        s.Any(c => char.IsControl(c) && c is not ('\t' or '\n' or '\r')) ? new string(s.Where(c => !char.IsControl(c) || c is '\t' or '\n' or '\r').ToArray()) : s;
}

/// <summary>
/// Column widths from content, in Excel's unit (the width of a «0» in the default 11 pt font). Body text counts with its
/// longest line up to <see cref="MaxChars"/> characters (longer text wraps); a header wraps, so only its longest word must
/// fit, and a short header is kept on one line. Shared by <see cref="XlsxBuilder"/> and the streamed register export,
/// which estimates from the first rows it writes.
/// </summary>
public sealed class ColumnWidthEstimate(int columns)
{
    public const int MaxChars = 50;
    private const int HeaderOneLine = 16;
    private readonly double[] _chars = new double[columns];

    public void Add(int column, string? text, bool header = false)
    {
        if (column >= _chars.Length || string.IsNullOrEmpty(text)) return;
        double need;
        if (header)
        {
            var longestWord = text.Split([' ', '\n', '\t'], StringSplitOptions.RemoveEmptyEntries).Select(w => w.Length).DefaultIfEmpty(0).Max();
            need = Math.Max(longestWord, Math.Min(text.Length, HeaderOneLine)) * 1.1; // bold runs wider
        }
        else
        {
            need = Math.Min(text.Split('\n').Max(l => l.Length), MaxChars);
        }
        _chars[column] = Math.Max(_chars[column], need);
    }

    /// <summary>Characters plus a margin: Cyrillic letters in Calibri are slightly wider than the «0» the unit is based on.</summary>
    public double Width(int column) => column < _chars.Length ? Math.Clamp(_chars[column] * 1.1 + 2, 6, MaxChars * 1.1 + 2) : 10;
}
