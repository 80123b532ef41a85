using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;

namespace Nastavnik.Features.Events;

/// <summary>The order «О поощрении участников наставнической деятельности» with the list of people and awards.</summary>
public static class AwardsOrderDocx
{
    public sealed record Line(string Person, string Organization, string Award);

    public static byte[] Build(string issuer, string number, string date, IReadOnlyList<Line> lines, string signer)
    {
        using var ms = new MemoryStream();
        using (var doc = WordprocessingDocument.Create(ms, WordprocessingDocumentType.Document))
        {
            var body = new Body();
            body.Append(P(issuer, bold: true, center: true));
            body.Append(P("ПРИКАЗ", bold: true, center: true, size: 28));
            body.Append(P($"{date}                                                            № {number}"));
            body.Append(P("О поощрении участников наставнической деятельности", bold: true));
            body.Append(P("В целях мотивации и поощрения наставников, популяризации роли наставника, по итогам реализации программ наставничества"));
            body.Append(P("ПРИКАЗЫВАЮ:", bold: true));
            body.Append(P("1. Наградить участников наставнической деятельности согласно списку:"));
            // Schema order: tblW before tblBorders; borders top, left, bottom, right, insideH, insideV.
            var table = new Table(new TableProperties(
                new TableWidth { Type = TableWidthUnitValues.Pct, Width = "5000" },
                new TableBorders(
                    new TopBorder { Val = BorderValues.Single, Size = 4 }, new LeftBorder { Val = BorderValues.Single, Size = 4 },
                    new BottomBorder { Val = BorderValues.Single, Size = 4 }, new RightBorder { Val = BorderValues.Single, Size = 4 },
                    new InsideHorizontalBorder { Val = BorderValues.Single, Size = 4 }, new InsideVerticalBorder { Val = BorderValues.Single, Size = 4 })),
                new TableGrid(new GridColumn { Width = "600" }, new GridColumn { Width = "3400" }, new GridColumn { Width = "3000" }, new GridColumn { Width = "2400" }));
            table.Append(Row(true, "№", "ФИО", "Организация", "Поощрение"));
            for (var i = 0; i < lines.Count; i++) table.Append(Row(false, (i + 1).ToString(WebHostCulture), lines[i].Person, lines[i].Organization, lines[i].Award));
            body.Append(table);
            body.Append(P("2. Контроль за исполнением настоящего приказа оставляю за собой."));
            body.Append(P(""));
            body.Append(P($"{signer}                    _______________"));
            body.Append(new SectionProperties(new PageMargin { Top = 1134, Bottom = 1134, Left = 1701, Right = 850 }));
            doc.AddMainDocumentPart().Document = new Document(body);
        }
        return ms.ToArray();
    }

    private static readonly System.Globalization.CultureInfo WebHostCulture = Platform.Web.WebHost.Russian;

    private static TableRow Row(bool header, params string[] cells) =>
        new(cells.Select(c => new TableCell(P(c, bold: header))));

    private static Paragraph P(string text, bool bold = false, bool center = false, int size = 24)
    {
        // Schema order inside w:rPr: fonts, bold, size.
        var rp = new RunProperties(new RunFonts { Ascii = "Times New Roman", HighAnsi = "Times New Roman", ComplexScript = "Times New Roman" });
        if (bold) rp.Append(new Bold());
        rp.Append(new FontSize { Val = size.ToString(WebHostCulture) });
        var p = new Paragraph(new Run(rp, new Text(text) { Space = SpaceProcessingModeValues.Preserve }));
        p.PrependChild(new ParagraphProperties(new SpacingBetweenLines { After = "120" }, new Justification { Val = center ? JustificationValues.Center : JustificationValues.Both }));
        return p;
    }
}
