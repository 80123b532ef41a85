using System.IO.Compression;
using System.Text;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace Nastavnik.Tests;

/// <summary>Files as users produce them: XLSX workbooks (shared strings, like Excel and LibreOffice write) and CSV.</summary>
public static class TestFiles
{
    static TestFiles() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    public static string Path(string name) => System.IO.Path.Combine(AppContext.BaseDirectory, "TestData", name);

    public static byte[] Xlsx(params string[][] rows)
    {
        using var ms = new MemoryStream();
        using (var doc = SpreadsheetDocument.Create(ms, SpreadsheetDocumentType.Workbook))
        {
            var wb = doc.AddWorkbookPart();
            wb.Workbook = new Workbook();
            var sst = wb.AddNewPart<SharedStringTablePart>();
            sst.SharedStringTable = new SharedStringTable();
            var index = new Dictionary<string, int>();
            var ws = wb.AddNewPart<WorksheetPart>();
            var data = new SheetData();
            for (var r = 0; r < rows.Length; r++)
            {
                var row = new Row { RowIndex = (uint)(r + 1) };
                for (var c = 0; c < rows[r].Length; c++)
                {
                    var text = rows[r][c];
                    var reference = $"{(char)('A' + c)}{r + 1}";
                    if (int.TryParse(text, out _))
                    {
                        row.Append(new Cell { CellReference = reference, CellValue = new CellValue(text), DataType = CellValues.Number });
                        continue;
                    }
                    if (!index.TryGetValue(text, out var i))
                    {
                        i = index.Count;
                        index[text] = i;
                        sst.SharedStringTable.Append(new SharedStringItem(new Text(text)));
                    }
                    row.Append(new Cell { CellReference = reference, CellValue = new CellValue(i.ToString()), DataType = CellValues.SharedString });
                }
                data.Append(row);
            }
            ws.Worksheet = new Worksheet(data);
            wb.Workbook.AppendChild(new Sheets(new Sheet { Id = wb.GetIdOfPart(ws), SheetId = 1, Name = "Лист1" }));
        }
        return ms.ToArray();
    }

    public static byte[] Csv(string text, Encoding encoding, bool bom = false)
    {
        var bytes = encoding.GetBytes(text);
        return bom ? [.. encoding.GetPreamble(), .. bytes] : bytes;
    }

    public static Encoding Cp1251 => Encoding.GetEncoding(1251);

    /// <summary>Files meant to break an importer. None of them may produce a 500.</summary>
    public static IEnumerable<(string Name, byte[] Content)> HostileCorpus()
    {
        yield return ("empty.csv", []);
        yield return ("empty.xlsx", []);
        yield return ("garbage.xlsx", Encoding.UTF8.GetBytes("это не архив, а текст"));
        yield return ("truncated.xlsx", Xlsx(["Наименование"], ["Школа"]).AsSpan(0, 200).ToArray());
        yield return ("unclosed-quote.csv", Encoding.UTF8.GetBytes("Наименование;Муниципалитет\n\"Школа;Район\n"));
        yield return ("binary.csv", [0, 1, 2, 3, 255, 254, 0, 0, 10, 13]);
        yield return ("no-header.csv", Encoding.UTF8.GetBytes("1;2;3\n4;5;6\n"));
        yield return ("wrong.xls", Encoding.UTF8.GetBytes("D0CF11E0"));
        yield return ("photo.png", [137, 80, 78, 71, 13, 10, 26, 10]);
        yield return ("zip-without-workbook.xlsx", ZipWith(("hello.txt", "привет"u8.ToArray())));
        yield return ("malformed-xml.xlsx", MalformedSheet());
        yield return ("zip-bomb.xlsx", ZipBomb());
        yield return ("huge-field.csv", Encoding.UTF8.GetBytes("Наименование\n\"" + new string('я', 200_000) + "\"\n"));
    }

    private static byte[] ZipWith(params (string Name, byte[] Content)[] entries)
    {
        using var ms = new MemoryStream();
        using (var zip = new ZipArchive(ms, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, content) in entries)
            {
                using var s = zip.CreateEntry(name, CompressionLevel.SmallestSize).Open();
                s.Write(content);
            }
        }
        return ms.ToArray();
    }

    /// <summary>A valid workbook whose sheet XML is cut in the middle of a tag.</summary>
    private static byte[] MalformedSheet()
    {
        var good = Xlsx(["Наименование"], ["Школа №1"]);
        using var ms = new MemoryStream();
        ms.Write(good);
        using (var zip = new ZipArchive(ms, ZipArchiveMode.Update, leaveOpen: true))
        {
            var entry = zip.Entries.First(e => e.FullName.Contains("worksheets", StringComparison.Ordinal) || e.FullName.Contains("sheet", StringComparison.Ordinal) && e.FullName.EndsWith(".xml", StringComparison.Ordinal) && !e.FullName.Contains("sharedStrings", StringComparison.Ordinal));
            var name = entry.FullName;
            entry.Delete();
            using var s = zip.CreateEntry(name).Open();
            s.Write("<?xml version=\"1.0\"?><worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData><row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>Наименование</t></is></c></row><row"u8);
        }
        return ms.ToArray();
    }

    /// <summary>A small file whose sheet expands to ~300 MB of zeros.</summary>
    private static byte[] ZipBomb()
    {
        var good = Xlsx(["Наименование"], ["Школа №1"]);
        using var ms = new MemoryStream();
        ms.Write(good);
        using (var zip = new ZipArchive(ms, ZipArchiveMode.Update, leaveOpen: true))
        {
            using var s = zip.CreateEntry("xl/bomb.bin", CompressionLevel.SmallestSize).Open();
            var chunk = new byte[1024 * 1024];
            for (var i = 0; i < 300; i++) s.Write(chunk);
        }
        return ms.ToArray();
    }
}
