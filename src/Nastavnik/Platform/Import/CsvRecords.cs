using System.Text;

namespace Nastavnik.Platform.Import;

/// <summary>
/// A small streaming RFC 4180 reader: quoted fields, doubled quotes, line breaks inside quotes, CRLF or LF.
/// Written here because the CsvHelper served here (34.x) is a rewrite with a different, typed API; we only
/// need rows of strings. Each record carries the physical line it started on, for error reports.
/// </summary>
public static class CsvRecords
{
    public const int MaxFieldLength = 100_000;

    public static IEnumerable<(int Line, string[] Fields)> Read(TextReader reader, char delimiter)
    {
        var fields = new List<string>();
        var field = new StringBuilder();
        var line = 1;
        var recordLine = 1;
        var inQuotes = false;
        var fieldStarted = false;
        var any = false;
        int c;
        while ((c = reader.Read()) != -1)
        {
            any = true;
            var ch = (char)c;
            if (inQuotes)
            {
                if (ch == '"')
                {
                    if (reader.Peek() == '"') { reader.Read(); field.Append('"'); }
                    else inQuotes = false;
                }
                else
                {
                    if (ch == '\n') line++;
                    field.Append(ch);
                }
            }
            else if (ch == '"' && field.Length == 0 && !fieldStarted)
            {
                inQuotes = true;
                fieldStarted = true;
            }
            else if (ch == delimiter)
            {
                fields.Add(field.ToString());
                field.Clear();
                fieldStarted = false;
            }
            else if (ch is '\r' or '\n')
            {
                if (ch == '\r' && reader.Peek() == '\n') reader.Read();
                fields.Add(field.ToString());
                field.Clear();
                fieldStarted = false;
                yield return (recordLine, fields.ToArray());
                fields.Clear();
                line++;
                recordLine = line;
                any = false;
            }
            else
            {
                field.Append(ch);
                fieldStarted = true;
            }
            if (field.Length > MaxFieldLength)
                throw new ImportFileException($"Строка {recordLine}: значение длиннее {MaxFieldLength:N0} символов — файл, по-видимому, повреждён (незакрытая кавычка?).");
        }
        if (inQuotes) throw new ImportFileException($"Строка {recordLine}: незакрытая кавычка.");
        if (any || fields.Count > 0)
        {
            fields.Add(field.ToString());
            yield return (recordLine, fields.ToArray());
        }
    }
}
