using System.Globalization;
using System.IO.Compression;
using System.Text;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace Nastavnik.Platform.Import;

/// <summary>A row of an imported table: its 1-based line number in the file and its cells by column index.</summary>
public sealed record TabularRow(int Line, IReadOnlyList<string> Cells)
{
    public string Cell(int? index) => index is { } i && i < Cells.Count ? Cells[i].Trim() : "";
}

/// <summary>A file could not be read at all; the message is Russian and safe to show.</summary>
public sealed class ImportFileException(string message) : Exception(message);

/// <summary>
/// Reads CSV (UTF-8 with or without BOM, or Windows-1251; ';' ',' or tab) and XLSX (first sheet, SAX, shared
/// strings) as rows of strings, streaming. Hostile files are refused with a Russian reason: too large,
/// a zip whose parts expand too far (zip bomb), malformed XML, too many rows.
/// </summary>
public static class TabularFile
{
    public const long MaxUploadBytes = 20 * 1024 * 1024;
    public const long MaxUncompressedBytes = 200 * 1024 * 1024;
    public const int MaxCompressionRatio = 100;

    static TabularFile() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    public static IEnumerable<TabularRow> Read(Stream stream, string fileName, int maxRows = 1_000_000)
    {
        var ext = Path.GetExtension(fileName).ToLowerInvariant();
        return ext switch
        {
            ".csv" or ".txt" => ReadCsv(stream, maxRows),
            ".xlsx" => ReadXlsx(stream, maxRows),
            ".xls" => throw new ImportFileException("Формат .xls (Excel 97–2003) не поддерживается: сохраните файл как .xlsx или .csv."),
            _ => throw new ImportFileException("Поддерживаются файлы .xlsx и .csv."),
        };
    }

    /// <summary>UTF-8 when the bytes are valid UTF-8 (BOM or not), otherwise Windows-1251, the Russian Excel default.</summary>
    public static Encoding DetectEncoding(ReadOnlySpan<byte> head)
    {
        if (head.StartsWith("\uFEFF"u8)) return new UTF8Encoding(false);
        var strict = new UTF8Encoding(false, throwOnInvalidBytes: true);
        // Don't judge a multi-byte character cut at the end of the sample.
        var n = head.Length;
        for (var back = 0; back < 3 && n > 0 && (head[n - 1] & 0xC0) == 0x80; back++) n--;
        if (n > 0 && (head[n - 1] & 0xC0) == 0xC0) n--;
        try { strict.GetCharCount(head[..n]); return new UTF8Encoding(false); }
        catch (DecoderFallbackException) { return Encoding.GetEncoding(1251); }
    }

    private static IEnumerable<TabularRow> ReadCsv(Stream stream, int maxRows)
    {
        var buffered = new BufferedStream(stream, 64 * 1024);
        var head = new byte[64 * 1024];
        var read = 0;
        // Sample the start to choose encoding and delimiter; then rewind (BufferedStream over a seekable copy).
        if (!stream.CanSeek) throw new ImportFileException("Файл нужно загрузить целиком.");
        var start = stream.Position;
        while (read < head.Length && stream.Read(head, read, head.Length - read) is var r and > 0) read += r;
        stream.Position = start;
        var encoding = DetectEncoding(head.AsSpan(0, read));
        var firstLine = encoding.GetString(head, 0, read).Split('\n')[0];
        var delimiter = new[] { ";", "\t", "," }.OrderByDescending(d => firstLine.Split(d).Length).First();
        using var reader = new StreamReader(buffered, encoding, detectEncodingFromByteOrderMarks: true, bufferSize: 64 * 1024);
        var rows = 0;
        foreach (var (line, record) in CsvRecords.Read(reader, delimiter[0]))
        {
            if (++rows > maxRows) throw new ImportFileException($"В файле больше {maxRows:N0} строк. Разделите его на части.");
            if (record.All(string.IsNullOrWhiteSpace)) continue;
            yield return new TabularRow(line, record);
        }
    }

    /// <summary>Refuses zip bombs and non-zip files before an OpenXML package is opened (XLSX, DOCX).</summary>
    public static void CheckZip(Stream stream)
    {
        var start = stream.Position;
        try
        {
            using var zip = new ZipArchive(stream, ZipArchiveMode.Read, leaveOpen: true);
            long total = 0;
            foreach (var e in zip.Entries)
            {
                total += e.Length;
                if (total > MaxUncompressedBytes || (e.CompressedLength > 0 && e.Length / e.CompressedLength > MaxCompressionRatio && e.Length > 10_000_000))
                    throw new ImportFileException("Файл XLSX распаковывается в слишком большой объём. Загрузка отклонена.");
            }
        }
        catch (InvalidDataException)
        {
            throw new ImportFileException("Файл не является корректным XLSX (ожидался архив Office Open XML).");
        }
        finally
        {
            stream.Position = start;
        }
    }

    private static IEnumerable<TabularRow> ReadXlsx(Stream stream, int maxRows)
    {
        if (!stream.CanSeek) throw new ImportFileException("Файл нужно загрузить целиком.");
        CheckZip(stream);
        SpreadsheetDocument doc;
        try
        {
            doc = SpreadsheetDocument.Open(stream, false, new OpenSettings { MaxCharactersInPart = MaxUncompressedBytes / 2 });
        }
        catch (Exception ex) when (ex is OpenXmlPackageException or InvalidDataException or System.Xml.XmlException or IOException or FileFormatException)
        {
            throw new ImportFileException("Не удалось открыть файл XLSX: он повреждён или это не книга Excel.");
        }
        using (doc)
        {
            var wb = doc.WorkbookPart ?? throw new ImportFileException("В файле XLSX нет книги.");
            var sheet = wb.Workbook?.Sheets?.Elements<Sheet>().FirstOrDefault() ?? throw new ImportFileException("В книге нет листов.");
            if (wb.GetPartById(sheet.Id!) is not WorksheetPart part) throw new ImportFileException("Первый лист книги не найден.");
            var shared = ReadSharedStrings(wb);
            foreach (var row in ReadSheet(part, shared, maxRows)) yield return row;
        }
    }

    private static List<string> ReadSharedStrings(WorkbookPart wb)
    {
        var list = new List<string>();
        if (wb.SharedStringTablePart is not { } sst) return list;
        try
        {
            using var reader = OpenXmlReader.Create(sst);
            while (reader.Read())
            {
                if (reader.ElementType == typeof(SharedStringItem) && reader.IsStartElement)
                    list.Add(((SharedStringItem)reader.LoadCurrentElement()!).InnerText);
            }
        }
        catch (System.Xml.XmlException)
        {
            throw new ImportFileException("Таблица строк в файле XLSX повреждена (некорректный XML).");
        }
        return list;
    }

    private static IEnumerable<TabularRow> ReadSheet(WorksheetPart part, List<string> shared, int maxRows)
    {
        using var reader = OpenXmlReader.Create(part);
        var rows = 0;
        while (true)
        {
            Row? row;
            try
            {
                row = null;
                while (reader.Read())
                {
                    if (reader.ElementType == typeof(Row) && reader.IsStartElement) { row = (Row)reader.LoadCurrentElement()!; break; }
                }
            }
            catch (System.Xml.XmlException)
            {
                throw new ImportFileException("Лист файла XLSX повреждён (некорректный XML).");
            }
            if (row is null) yield break;
            if (++rows > maxRows) throw new ImportFileException($"В файле больше {maxRows:N0} строк. Разделите его на части.");
            var cells = new List<string>();
            foreach (var c in row.Elements<Cell>())
            {
                var col = ColumnIndex(c.CellReference?.Value) ?? cells.Count;
                if (col > 16_384) continue;
                while (cells.Count < col) cells.Add("");
                cells.Add(CellText(c, shared));
            }
            if (cells.All(string.IsNullOrWhiteSpace)) continue;
            var line = row.RowIndex?.Value is { } ri ? (int)Math.Min(ri, int.MaxValue) : rows;
            yield return new TabularRow(line, cells);
        }
    }

    private static string CellText(Cell c, List<string> shared)
    {
        var raw = c.CellValue?.Text ?? c.InlineString?.InnerText ?? "";
        if (c.DataType?.Value == CellValues.SharedString)
            return int.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out var i) && i >= 0 && i < shared.Count ? shared[i] : "";
        if (c.DataType?.Value == CellValues.Boolean) return raw == "1" ? "да" : "нет";
        return raw;
    }

    /// <summary>"C12" → 2.</summary>
    internal static int? ColumnIndex(string? reference)
    {
        if (string.IsNullOrEmpty(reference)) return null;
        var n = 0;
        foreach (var ch in reference)
        {
            if (ch is >= 'A' and <= 'Z') n = n * 26 + (ch - 'A' + 1);
            else break;
        }
        return n == 0 ? null : n - 1;
    }
}
