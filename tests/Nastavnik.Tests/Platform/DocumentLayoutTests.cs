using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Validation;
using Nastavnik.Features.Mentorships;
using Nastavnik.Platform.Documents;
using Nastavnik.Platform.Export;
using S = DocumentFormat.OpenXml.Spreadsheet;
using W = DocumentFormat.OpenXml.Wordprocessing;

namespace Nastavnik.Tests.Platform;

/// <summary>
/// How generated files look when opened: spreadsheet columns wide enough for their content, Word tables that fit the
/// text width and never break a date or a word of a header, table cells left-aligned.
/// </summary>
public sealed class DocumentLayoutTests
{
    private static List<double> Widths(byte[] xlsx)
    {
        using var doc = SpreadsheetDocument.Open(new MemoryStream(xlsx), false);
        Assert.Empty(new OpenXmlValidator().Validate(doc));
        var ws = doc.WorkbookPart!.WorksheetParts.Single().Worksheet;
        return [.. ws.Elements<S.Columns>().Single().Elements<S.Column>().Select(c => c.Width!.Value)];
    }

    [Fact]
    public void Xlsx_NoWidthsGiven_ColumnsSizedFromContent()
    {
        var x = new XlsxBuilder();
        x.AddSheet("Мониторинг")
            .Title("Мониторинг реализации целевой модели наставничества по состоянию на 31.12.2026 — очень длинный заголовок листа")
            .Row("Охват: Берёзовский муниципальный район, все образовательные организации муниципалитета")
            .Header("Муниципалитет", "Организация", "Доля обучающихся, вовлечённых в различные формы наставничества: числитель", "знаменатель", "Цель")
            .Row("Берёзовский муниципальный район", "МБОУ Берёзовская СОШ №1", XlsxCell.FromNumber(52), XlsxCell.FromNumber(96), new string('ц', 300))
            .Row("Ольховский городской округ", "МОУ", XlsxCell.FromNumber(1), XlsxCell.FromNumber(12), "кратко");
        var w = Widths(x.ToArray());

        Assert.Equal(5, w.Count);
        Assert.InRange(w[0], 31, 45);          // «Берёзовский муниципальный район» (31 characters) is whole, the note above does not count
        Assert.InRange(w[1], 23, 35);          // «МБОУ Берёзовская СОШ №1»
        Assert.InRange(w[2], 15, 22);          // a long header wraps: only its longest word («наставничества:») must fit
        Assert.InRange(w[3], 12, 20);          // «знаменатель», not «знамена»
        Assert.InRange(w[4], 50, 60);          // a 300-character text wraps at the cap
    }

    [Fact]
    public void Xlsx_WidthsGiven_KeptAndNoteRowsUnbordered()
    {
        var x = new XlsxBuilder();
        x.AddSheet("Лист").ColumnWidths(7, 40).Row("Сформировано 23.11.2026 10:00").Header("№", "Мероприятие", "Срок").Row("1", "Семинар", "10.11.2026");
        var bytes = x.ToArray();
        var w = Widths(bytes);
        Assert.Equal(7, w[0]);
        Assert.Equal(40, w[1]);
        Assert.InRange(w[2], 10, 16); // the column the caller left out is sized from «10.11.2026»

        using var doc = SpreadsheetDocument.Open(new MemoryStream(bytes), false);
        var formats = doc.WorkbookPart!.WorkbookStylesPart!.Stylesheet!.CellFormats!.Elements<S.CellFormat>().ToList();
        var note = doc.WorkbookPart.WorksheetParts.Single().Worksheet.Descendants<S.Cell>().First();
        var xf = formats[(int)note.StyleIndex!.Value];
        Assert.Equal(0u, xf.BorderId!.Value);
        Assert.False(xf.Alignment!.WrapText!.Value); // runs on over the empty cells instead of wrapping in column A
    }

    [Fact]
    public void Xlsx_WideSheet_PrintsToPageWidth()
    {
        var x = new XlsxBuilder();
        x.AddSheet("Мониторинг").LandscapePage().Header([.. Enumerable.Range(1, 30).Select(i => $"Показатель {i}")]).Row([.. Enumerable.Range(1, 30).Select(i => (XlsxCell)$"{i} %")]);
        x.AddSheet("Книжная").Header("ФИО").Row("Волкова Наталья Сергеевна");
        using var doc = SpreadsheetDocument.Open(new MemoryStream(x.ToArray()), false);
        Assert.Empty(new OpenXmlValidator().Validate(doc));
        var sheets = doc.WorkbookPart!.WorksheetParts.Select(p => p.Worksheet).ToList();
        Assert.Equal(2, sheets.Count);
        foreach (var ws in sheets)
        {
            // fitToPage + fitToWidth=1, fitToHeight=0: one page wide, as many pages down as it needs.
            Assert.True(ws.GetFirstChild<S.SheetProperties>()?.PageSetupProperties?.FitToPage?.Value);
            var setup = ws.GetFirstChild<S.PageSetup>()!;
            Assert.Equal(1u, setup.FitToWidth!.Value);
            Assert.Equal(0u, setup.FitToHeight!.Value);
        }
        Assert.Equal(1, sheets.Count(ws => ws.GetFirstChild<S.PageSetup>()!.Orientation!.Value == S.OrientationValues.Landscape));
    }

    [Fact]
    public void TableExport_Register_ColumnsSizedFromHeaderAndRows()
    {
        using var ms = new MemoryStream();
        TableExport.WriteXlsx(ms, "Реестр", ["ФИО", "Место работы (учёбы)", "Стаж"],
            [["Александров Кирилл Павлович", "МБОУ Берёзовская СОШ №1 имени Героя Советского Союза И. И. Иванова", "3"], ["Ким Ли", "МОУ", "12"]]);
        var w = Widths(ms.ToArray());
        Assert.InRange(w[0], 27, 36);
        Assert.InRange(w[1], 50, 60);
        Assert.InRange(w[2], 6, 10);
    }

    [Fact]
    public void Docx_Table_FitsTextWidth_DatesAndHeaderWordsWhole()
    {
        var d = new DocxBuilder();
        var t = new DocTable([new("№", 1), new("Мероприятие", 6), new("Срок", 2), new("Ожидаемый результат", 4), new("Отклонение", 1), new("Отметка о выполнении", 2)]);
        t.AddRow("1", "Знакомство с локальными актами школы и основной образовательной программой", "10.11.2026", "ознакомлен", "−50,0 п. п.", "запланировано");
        d.Table(t);
        using var doc = WordprocessingDocument.Open(new MemoryStream(d.ToArray()), false);
        Assert.Empty(new OpenXmlValidator().Validate(doc));
        var table = doc.MainDocumentPart!.Document.Body!.Elements<W.Table>().Single();
        var grid = table.Elements<W.TableGrid>().Single().Elements<W.GridColumn>().Select(g => int.Parse(g.Width!.Value!, System.Globalization.CultureInfo.InvariantCulture)).ToList();

        Assert.Equal(d.TextWidth, grid.Sum());
        Assert.Equal("fixed", table.GetFirstChild<W.TableProperties>()!.GetFirstChild<W.TableLayout>()!.Type!.InnerText);
        // 11 pt Times: «10.11.2026» is about 1,000 twips, «запланировано» about 1,450, bold «Отклонение» about 1,200; plus the cell margins.
        Assert.True(grid[2] >= 1200, $"Срок: {grid[2]}");
        Assert.True(grid[4] >= 1400, $"Отклонение: {grid[4]}");
        Assert.True(grid[5] >= 1650, $"Отметка: {grid[5]}");
        // Cells of the body are never justified (stretched words in narrow cells).
        Assert.DoesNotContain(table.Descendants<W.Justification>(), j => j.Val!.InnerText == "both");
    }

    [Fact]
    public void DocColumnWidths_Share_WeightsWhereMinimumsAllow()
    {
        Assert.Equal([1000, 3000], DocColumnWidths.Share(4000, [1, 3], [0, 0]));
        Assert.Equal([1500, 2500], DocColumnWidths.Share(4000, [1, 3], [1500, 0]));
        var squeezed = DocColumnWidths.Share(4000, [1, 1], [3000, 3000]);
        Assert.Equal(4000, squeezed.Sum());
        Assert.True(DocColumnWidths.LongestWord("10.11.2026", 11, bold: false) > DocColumnWidths.LongestWord("10.11", 11, bold: false));
        Assert.Equal(DocColumnWidths.LongestWord("54,2 %", 11, false), DocColumnWidths.LongestWord("54,2\u00A0%", 11, false), 3);
    }

    [Fact]
    public void ApprovalOrder_Table_TextWidthLeftAlignedKindWhole()
    {
        var bytes = ApprovalOrderDocx.Build("МБОУ Берёзовская СОШ №1", "15-н", new DateOnly(2026, 11, 23),
            [new(1, "Ершова Людмила Викторовна", "Кириллова Ольга Дмитриевна", "учитель – учитель", "традиционное (один на один)", "03.11.2026 – 03.08.2027")], "Орлов Сергей Иванович");
        using var doc = WordprocessingDocument.Open(new MemoryStream(bytes), false);
        Assert.Empty(new OpenXmlValidator().Validate(doc));
        var body = doc.MainDocumentPart!.Document.Body!;
        var section = body.Elements<W.SectionProperties>().Single();
        var margin = section.GetFirstChild<W.PageMargin>()!;
        var textWidth = (int)section.GetFirstChild<W.PageSize>()!.Width!.Value - (int)margin.Left!.Value - (int)margin.Right!.Value;
        var table = body.Elements<W.Table>().Single();
        var grid = table.Elements<W.TableGrid>().Single().Elements<W.GridColumn>().Select(g => int.Parse(g.Width!.Value!, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(textWidth, grid.Sum());
        Assert.Empty(table.Descendants<W.Justification>());
        Assert.True(grid[4] >= 1600, $"Вид: {grid[4]} twips is too narrow for «традиционное» at 11 pt");
        Assert.True(grid[5] >= 1450, $"Срок: {grid[5]} twips is too narrow for «03.11.2026 –» at 11 pt");
        // The order's own text stays justified, as orders are typed.
        Assert.Contains(body.Elements<W.Paragraph>().SelectMany(p => p.Descendants<W.Justification>()), j => j.Val!.InnerText == "both");
    }
}
