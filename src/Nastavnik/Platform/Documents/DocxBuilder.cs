using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;
using A = DocumentFormat.OpenXml.Drawing;
using DW = DocumentFormat.OpenXml.Drawing.Wordprocessing;
using PIC = DocumentFormat.OpenXml.Drawing.Pictures;

namespace Nastavnik.Platform.Documents;

public enum DocAlign { Left, Center, Right, Both }

/// <summary>One line of text in a <see cref="DocxBuilder"/> block; <see cref="Text"/> may hold several lines separated by '\n'.</summary>
public sealed record DocLine(string Text, bool Bold = false, DocAlign Align = DocAlign.Left, int? SizePt = null, bool Italic = false);

/// <summary>A column of a <see cref="DocTable"/>: header text and relative width (the widths are shared out over the page width).</summary>
public sealed record DocColumn(string Header, int Weight = 1);

/// <summary>
/// A table with a header row that repeats on every page. Rows are plain text cells (several lines each with '\n');
/// a span row (<see cref="AddSpanRow"/>) takes the whole width, for a stage or section title.
/// </summary>
public sealed class DocTable(IReadOnlyList<DocColumn> columns)
{
    internal sealed record RowData(IReadOnlyList<string> Cells, bool Span, bool Bold, string? CssClass);

    public IReadOnlyList<DocColumn> Columns { get; } = columns;
    internal List<RowData> Rows { get; } = [];
    public int? FontSizePt { get; set; }

    public DocTable AddRow(params string?[] cells)
    {
        if (cells.Length != Columns.Count) throw new ArgumentException($"Ожидалось {Columns.Count} ячеек, передано {cells.Length}.", nameof(cells));
        Rows.Add(new RowData([.. cells.Select(c => c ?? "")], Span: false, Bold: false, null));
        return this;
    }

    public DocTable AddSpanRow(string text, bool bold = true)
    {
        Rows.Add(new RowData([text], Span: true, Bold: bold, null));
        return this;
    }
}

/// <summary>
/// A small DOCX writer over OpenXML for the documents the system issues (roadmaps, orders, reports): paragraphs,
/// a two-column signature block («СОГЛАСОВАНО» / «УТВЕРЖДАЮ»), tables with a repeating header, portrait or
/// landscape A4. Times New Roman by default, Russian language set on runs so Word checks spelling in Russian.
/// The output passes <c>OpenXmlValidator</c> with no errors (tests check it).
/// </summary>
public sealed class DocxBuilder
{
    // A4 in twentieths of a point.
    private const int A4Short = 11906;
    private const int A4Long = 16838;
    private const int MarginTop = 1134;
    private const int MarginBottom = 1134;
    private const int MarginLeft = 1418;
    private const int MarginRight = 850;

    private readonly List<OpenXmlElement> _body = [];
    private readonly List<(string RelationshipId, byte[] Png)> _images = [];
    private readonly bool _landscape;
    private readonly string _font;
    private readonly int _sizePt;

    public DocxBuilder(bool landscape = false, string font = "Times New Roman", int fontSizePt = 12)
    {
        _landscape = landscape;
        _font = font;
        _sizePt = fontSizePt;
    }

    /// <summary>Width of the text area in twips.</summary>
    public int TextWidth => (_landscape ? A4Long : A4Short) - MarginLeft - MarginRight;

    /// <param name="keepNext">Keep the paragraph on the page of the next one (a caption with its chart or table).</param>
    public DocxBuilder Paragraph(string text, bool bold = false, DocAlign align = DocAlign.Left, int? sizePt = null, bool italic = false, int spaceAfterPt = 0, bool keepNext = false)
    {
        foreach (var line in SplitLines(text))
            _body.Add(MakeParagraph(line, bold, italic, align, sizePt, spaceAfterPt, keepNext));
        return this;
    }

    public DocxBuilder Paragraph(DocLine line) => Paragraph(line.Text, line.Bold, line.Align, line.SizePt, line.Italic);

    /// <summary>A centred bold title.</summary>
    public DocxBuilder Heading(string text, int sizePt = 14) => Paragraph(text, bold: true, align: DocAlign.Center, sizePt: sizePt);

    public DocxBuilder EmptyLine()
    {
        _body.Add(MakeParagraph("", false, false, DocAlign.Left, null, 0));
        return this;
    }

    /// <summary>
    /// Two blocks side by side without borders, e.g. «СОГЛАСОВАНО» on the left and «УТВЕРЖДАЮ» on the right, as
    /// Russian documents put them above the title. Either side may be empty.
    /// </summary>
    public DocxBuilder SideBySide(IReadOnlyList<DocLine> left, IReadOnlyList<DocLine> right)
    {
        var half = TextWidth / 2;
        var table = new Table(
            new TableProperties(
                new TableWidth { Width = TextWidth.ToString(System.Globalization.CultureInfo.InvariantCulture), Type = TableWidthUnitValues.Dxa },
                new TableBorders(
                    new TopBorder { Val = BorderValues.Nil }, new LeftBorder { Val = BorderValues.Nil },
                    new BottomBorder { Val = BorderValues.Nil }, new RightBorder { Val = BorderValues.Nil },
                    new InsideHorizontalBorder { Val = BorderValues.Nil }, new InsideVerticalBorder { Val = BorderValues.Nil }),
                new TableLayout { Type = TableLayoutValues.Fixed }),
            new TableGrid(new GridColumn { Width = Twips(half) }, new GridColumn { Width = Twips(TextWidth - half) }));
        var row = new TableRow();
        foreach (var (lines, width) in new[] { (left, half), (right, TextWidth - half) })
        {
            var cell = new TableCell(new TableCellProperties(new TableCellWidth { Width = Twips(width), Type = TableWidthUnitValues.Dxa }));
            foreach (var line in lines)
                foreach (var part in SplitLines(line.Text))
                    cell.Append(MakeParagraph(part, line.Bold, line.Italic, line.Align, line.SizePt, 0));
            if (!cell.Elements<Paragraph>().Any()) cell.Append(new Paragraph());
            row.Append(cell);
        }
        table.Append(row);
        _body.Add(table);
        return this;
    }

    public DocxBuilder Table(DocTable t)
    {
        var size = t.FontSizePt ?? Math.Max(8, _sizePt - 1);
        var widths = DocColumnWidths.Fit(TextWidth, [.. t.Columns.Select(c => c.Weight)], [.. t.Columns.Select(c => c.Header)], t.Rows.Where(r => !r.Span).Select(r => r.Cells), size, size);
        var border = () => new TableBorders(
            new TopBorder { Val = BorderValues.Single, Size = 4, Color = "000000" },
            new LeftBorder { Val = BorderValues.Single, Size = 4, Color = "000000" },
            new BottomBorder { Val = BorderValues.Single, Size = 4, Color = "000000" },
            new RightBorder { Val = BorderValues.Single, Size = 4, Color = "000000" },
            new InsideHorizontalBorder { Val = BorderValues.Single, Size = 4, Color = "000000" },
            new InsideVerticalBorder { Val = BorderValues.Single, Size = 4, Color = "000000" });
        var table = new Table(
            new TableProperties(
                new TableWidth { Width = Twips(TextWidth), Type = TableWidthUnitValues.Dxa },
                border(),
                new TableLayout { Type = TableLayoutValues.Fixed },
                new TableCellMarginDefault(
                    new TopMargin { Width = "28", Type = TableWidthUnitValues.Dxa },
                    new TableCellLeftMargin { Width = 85, Type = TableWidthValues.Dxa },
                    new BottomMargin { Width = "28", Type = TableWidthUnitValues.Dxa },
                    new TableCellRightMargin { Width = 85, Type = TableWidthValues.Dxa })),
            new TableGrid(widths.Select(w => new GridColumn { Width = Twips(w) })));

        // The header row is kept with the first row: a header alone at the foot of a page is no use, and LibreOffice
        // then loses the rows that follow (seen with a short table starting at the bottom of a page).
        var header = new TableRow(new TableRowProperties(new TableHeader(), new CantSplit()));
        for (var i = 0; i < t.Columns.Count; i++)
            header.Append(Cell(t.Columns[i].Header, widths[i], 1, bold: true, DocAlign.Center, size, keepNext: true));
        table.Append(header);

        foreach (var r in t.Rows)
        {
            var row = new TableRow(new TableRowProperties(new CantSplit()));
            if (r.Span) row.Append(Cell(r.Cells[0], TextWidth, t.Columns.Count, r.Bold, DocAlign.Left, size));
            else
                for (var i = 0; i < r.Cells.Count; i++) row.Append(Cell(r.Cells[i], widths[i], 1, r.Bold, DocAlign.Left, size));
            table.Append(row);
        }
        _body.Add(table);
        // Word needs a paragraph between a table and the end of the section (or the next table).
        _body.Add(new Paragraph());
        return this;
    }

    /// <summary>
    /// A PNG picture in its own centred paragraph, <paramref name="widthCm"/> wide (at most the text width) with the
    /// height in proportion. <paramref name="altText"/> is the picture's description for screen readers (Word's
    /// «Замещающий текст»): for a chart, its numbers.
    /// </summary>
    public DocxBuilder Image(Raster chart, double widthCm, string altText, string name = "Диаграмма") =>
        Image(chart.ToPng(), chart.Width, chart.Height, widthCm, altText, name);

    public DocxBuilder Image(byte[] png, int pixelWidth, int pixelHeight, double widthCm, string altText, string name = "Диаграмма")
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(pixelWidth);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(pixelHeight);
        const long EmuPerCm = 360000;
        const long EmuPerTwip = 635;
        var cx = Math.Min((long)Math.Round(widthCm * EmuPerCm), TextWidth * EmuPerTwip);
        var cy = cx * pixelHeight / pixelWidth;
        var id = (uint)_images.Count + 1;
        var rel = "rIdChart" + id.ToString(System.Globalization.CultureInfo.InvariantCulture);
        _images.Add((rel, png));
        var description = Clean(altText);
        var title = Clean(name);
        var drawing = new Drawing(
            new DW.Inline(
                new DW.Extent { Cx = cx, Cy = cy },
                new DW.EffectExtent { LeftEdge = 0L, TopEdge = 0L, RightEdge = 0L, BottomEdge = 0L },
                new DW.DocProperties { Id = id, Name = title + " " + id.ToString(System.Globalization.CultureInfo.InvariantCulture), Description = description },
                new DW.NonVisualGraphicFrameDrawingProperties(new A.GraphicFrameLocks { NoChangeAspect = true }),
                new A.Graphic(
                    new A.GraphicData(
                        new PIC.Picture(
                            new PIC.NonVisualPictureProperties(
                                new PIC.NonVisualDrawingProperties { Id = 0U, Name = "chart" + id.ToString(System.Globalization.CultureInfo.InvariantCulture) + ".png", Description = description },
                                new PIC.NonVisualPictureDrawingProperties()),
                            new PIC.BlipFill(
                                new A.Blip { Embed = rel },
                                new A.Stretch(new A.FillRectangle())),
                            new PIC.ShapeProperties(
                                new A.Transform2D(new A.Offset { X = 0L, Y = 0L }, new A.Extents { Cx = cx, Cy = cy }),
                                new A.PresetGeometry(new A.AdjustValueList()) { Preset = A.ShapeTypeValues.Rectangle })))
                    { Uri = "http://schemas.openxmlformats.org/drawingml/2006/picture" }))
            {
                DistanceFromTop = 0U, DistanceFromBottom = 0U, DistanceFromLeft = 0U, DistanceFromRight = 0U,
            });
        _body.Add(new Paragraph(
            new ParagraphProperties(new KeepNext(), new Justification { Val = JustificationValues.Center }),
            new Run(drawing)));
        return this;
    }

    public byte[] ToArray()
    {
        using var ms = new MemoryStream();
        using (var doc = WordprocessingDocument.Create(ms, WordprocessingDocumentType.Document))
        {
            var main = doc.AddMainDocumentPart();
            var styles = main.AddNewPart<StyleDefinitionsPart>();
            styles.Styles = new Styles(
                new DocDefaults(
                    new RunPropertiesDefault(new RunPropertiesBaseStyle(
                        new RunFonts { Ascii = _font, HighAnsi = _font, ComplexScript = _font, EastAsia = _font },
                        new FontSize { Val = (_sizePt * 2).ToString(System.Globalization.CultureInfo.InvariantCulture) },
                        new FontSizeComplexScript { Val = (_sizePt * 2).ToString(System.Globalization.CultureInfo.InvariantCulture) },
                        new Languages { Val = "ru-RU", EastAsia = "ru-RU", Bidi = "ar-SA" })),
                    new ParagraphPropertiesDefault(new ParagraphPropertiesBaseStyle(new SpacingBetweenLines { After = "0", Line = "240", LineRule = LineSpacingRuleValues.Auto }))),
                new Style(new StyleName { Val = "Normal" }, new PrimaryStyle()) { Type = StyleValues.Paragraph, StyleId = "Normal", Default = true });

            foreach (var (rel, png) in _images)
            {
                var part = main.AddImagePart(ImagePartType.Png, rel);
                using var data = new MemoryStream(png, writable: false);
                part.FeedData(data);
            }

            var body = new Body();
            foreach (var e in _body) body.Append(e.CloneNode(true));
            var (w, h) = _landscape ? (A4Long, A4Short) : (A4Short, A4Long);
            body.Append(new SectionProperties(
                new PageSize { Width = (UInt32Value)(uint)w, Height = (UInt32Value)(uint)h, Orient = _landscape ? PageOrientationValues.Landscape : PageOrientationValues.Portrait },
                new PageMargin { Top = MarginTop, Bottom = MarginBottom, Left = (UInt32Value)(uint)MarginLeft, Right = (UInt32Value)(uint)MarginRight, Header = 709, Footer = 709, Gutter = 0 }));
            main.Document = new Document(body);
            main.Document.Save();
        }
        return ms.ToArray();
    }

    private static string Twips(int value) => value.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static string[] SplitLines(string text) => (text ?? "").Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n').Split('\n');

    private TableCell Cell(string text, int width, int span, bool bold, DocAlign align, int sizePt, bool keepNext = false)
    {
        var props = new TableCellProperties(new TableCellWidth { Width = Twips(width), Type = TableWidthUnitValues.Dxa });
        if (span > 1) props.Append(new GridSpan { Val = span });
        var cell = new TableCell(props);
        foreach (var line in SplitLines(text)) cell.Append(MakeParagraph(line, bold, false, align, sizePt, 0, keepNext));
        return cell;
    }

    private Paragraph MakeParagraph(string text, bool bold, bool italic, DocAlign align, int? sizePt, int spaceAfterPt, bool keepNext = false)
    {
        var pPr = new ParagraphProperties();
        if (keepNext) pPr.Append(new KeepNext());
        if (spaceAfterPt > 0) pPr.Append(new SpacingBetweenLines { After = (spaceAfterPt * 20).ToString(System.Globalization.CultureInfo.InvariantCulture) });
        if (align != DocAlign.Left)
            pPr.Append(new Justification
            {
                Val = align switch { DocAlign.Center => JustificationValues.Center, DocAlign.Right => JustificationValues.Right, _ => JustificationValues.Both },
            });
        var p = new Paragraph();
        if (pPr.HasChildren) p.Append(pPr);
        if (text.Length == 0) return p;
        var rPr = new RunProperties();
        if (bold) rPr.Append(new Bold());
        if (italic) rPr.Append(new Italic());
        if (sizePt is { } s && s != _sizePt)
        {
            rPr.Append(new FontSize { Val = (s * 2).ToString(System.Globalization.CultureInfo.InvariantCulture) });
            rPr.Append(new FontSizeComplexScript { Val = (s * 2).ToString(System.Globalization.CultureInfo.InvariantCulture) });
        }
        var run = new Run();
        if (rPr.HasChildren) run.Append(rPr);
        run.Append(new Text(Clean(text)) { Space = SpaceProcessingModeValues.Preserve });
        p.Append(run);
        return p;
    }

    /// <summary>Characters XML 1.0 cannot carry (control codes pasted from other programs) are dropped.</summary>
    private static string Clean(string s) =>
        s.Any(c => char.IsControl(c) && c != '\t') ? new string(s.Where(c => !char.IsControl(c) || c == '\t').ToArray()) : s;
}
