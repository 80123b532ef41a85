using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;
using Nastavnik.Platform.Web;

namespace Nastavnik.Features.Mentorships;

/// <summary>
/// Приказ «Об утверждении наставнических пар/групп» (seeds 002 and 004): the organisation, «ПРИКАЗ», number and date,
/// the order text, the table of pairs and groups, and the head's signature line.
/// </summary>
public static class ApprovalOrderDocx
{
    public sealed record Row(int No, string Mentors, string Mentees, string Form, string Kind, string Term);

    public const string Title = "Об утверждении наставнических пар/групп";

    public static byte[] Build(string organization, string number, DateOnly date, IReadOnlyList<Row> rows, string? signer)
    {
        using var ms = new MemoryStream();
        using (var doc = WordprocessingDocument.Create(ms, WordprocessingDocumentType.Document))
        {
            var main = doc.AddMainDocumentPart();
            var body = new Body();
            body.Append(Para(organization, bold: true, center: true));
            body.Append(Para(""));
            body.Append(Para("ПРИКАЗ", bold: true, center: true, size: 28));
            body.Append(Para($"{Formats.Date(date)}\t\t\t\t\t\t\t\t№ {number}"));
            body.Append(Para(""));
            body.Append(Para(Title, bold: true));
            body.Append(Para("В соответствии с Положением о системе наставничества педагогических работников в образовательной организации, на основании " +
                "письменного согласия участников на возложение на них дополнительных обязанностей, связанных с наставнической деятельностью, ПРИКАЗЫВАЮ:"));
            body.Append(Para("1. Утвердить наставнические пары/группы на указанные сроки согласно таблице:"));
            body.Append(PairsTable(rows));
            body.Append(Para("2. Наставникам совместно с наставляемыми разработать персонализированные программы наставничества и обеспечить их реализацию в установленные сроки."));
            body.Append(Para("3. Куратору обеспечить сопровождение работы наставнических пар/групп и мониторинг реализации программ наставничества."));
            body.Append(Para("4. Контроль за исполнением настоящего приказа оставляю за собой."));
            body.Append(Para(""));
            body.Append(Para($"Директор\t\t____________\t\t{Initials(signer) ?? "____________________"}"));
            body.Append(new SectionProperties(
                new PageSize { Width = PageWidth, Height = 16838 },
                new PageMargin { Top = 1134, Bottom = 1134, Left = MarginLeft, Right = MarginRight }));
            main.Document = new Document(body);
        }
        return ms.ToArray();
    }

    /// <summary>«Орлов Сергей Иванович» → «С. И. Орлов», as a signature line is written.</summary>
    public static string? Initials(string? fullName)
    {
        if (string.IsNullOrWhiteSpace(fullName)) return null;
        var parts = fullName.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return parts.Length == 1 ? parts[0] : string.Join(" ", parts.Skip(1).Select(p => p[..1] + ".")) + " " + parts[0];
    }

    // A4 with the margins below: the table takes exactly the text width (it used to be 9,600 twips on a 9,355 twips line).
    private const int PageWidth = 11906;
    private const int MarginLeft = 1701;
    private const int MarginRight = 850;
    private const int TextWidth = PageWidth - MarginLeft - MarginRight;

    private static Table PairsTable(IReadOnlyList<Row> rows)
    {
        string[] header = ["№", "Наставник", "Наставляемый(ые)", "Форма", "Вид", "Срок"];
        var cells = rows.Select(r => (IReadOnlyList<string>)[r.No.ToString(WebHost.Russian), r.Mentors, r.Mentees, r.Form, r.Kind, r.Term]).ToList();
        // Names get the room; «Срок» and «Вид» are never narrower than a date or «традиционное» at 11 pt.
        var widths = Platform.Documents.DocColumnWidths.Fit(TextWidth, [2, 9, 9, 6, 6, 7], header, cells, sizePt: 11, headerSizePt: 11);
        var table = new Table(new TableProperties(
            new TableWidth { Width = TextWidth.ToString(WebHost.Russian), Type = TableWidthUnitValues.Dxa },
            new TableBorders(
                new TopBorder { Val = BorderValues.Single, Size = 4 }, new LeftBorder { Val = BorderValues.Single, Size = 4 },
                new BottomBorder { Val = BorderValues.Single, Size = 4 }, new RightBorder { Val = BorderValues.Single, Size = 4 },
                new InsideHorizontalBorder { Val = BorderValues.Single, Size = 4 }, new InsideVerticalBorder { Val = BorderValues.Single, Size = 4 }),
            new TableLayout { Type = TableLayoutValues.Fixed },
            new TableCellMarginDefault(
                new TableCellLeftMargin { Width = 85, Type = TableWidthValues.Dxa },
                new TableCellRightMargin { Width = 85, Type = TableWidthValues.Dxa })));
        table.Append(new TableGrid(widths.Select(w => new GridColumn { Width = w.ToString(WebHost.Russian) })));
        table.Append(TableRow(true, widths, header));
        foreach (var r in cells) table.Append(TableRow(false, widths, [.. r]));
        return table;
    }

    private static TableRow TableRow(bool header, int[] widths, string[] cells)
    {
        var row = new TableRow();
        if (header) row.Append(new TableRowProperties(new TableHeader()));
        for (var i = 0; i < cells.Length; i++)
        {
            // Left-aligned: justified text in a narrow cell stretches «Ершова      Людмила» across it.
            row.Append(new TableCell(
                new TableCellProperties(new TableCellWidth { Width = widths[i].ToString(WebHost.Russian), Type = TableWidthUnitValues.Dxa }),
                Para(cells[i], bold: header, size: 22, after: "0", justify: false)));
        }
        return row;
    }

    private static Paragraph Para(string text, bool bold = false, bool center = false, int size = 24, string after = "120", bool justify = true)
    {
        // Schema order matters to Word's validator: fonts, bold, size.
        var props = new RunProperties(new RunFonts { Ascii = "Times New Roman", HighAnsi = "Times New Roman", ComplexScript = "Times New Roman" });
        if (bold) props.Append(new Bold());
        props.Append(new FontSize { Val = size.ToString(WebHost.Russian) });
        var run = new Run(props);
        var pieces = text.Split('\t');
        for (var i = 0; i < pieces.Length; i++)
        {
            if (i > 0) run.Append(new TabChar());
            run.Append(new Text(pieces[i]) { Space = SpaceProcessingModeValues.Preserve });
        }
        var p = new Paragraph(run);
        var pPr = new ParagraphProperties(new SpacingBetweenLines { After = after });
        if (center || justify) pPr.Append(new Justification { Val = center ? JustificationValues.Center : JustificationValues.Both });
        p.PrependChild(pPr);
        return p;
    }
}
