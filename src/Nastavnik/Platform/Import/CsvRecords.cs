using System.Buffers;

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
        var parser = new Parser(reader, delimiter);
        while (parser.Next() is { } fields) yield return (parser.RecordLine, fields);
    }

    /// <summary>
    /// Scans blocks of characters (a million-row register is ~100 million of them) rather than one virtual Read() a
    /// character, and builds each field's string through <see cref="ColumnStrings"/>, which hands out one shared
    /// string for the values a column repeats (kinds, classes, positions, first names, dates of consent…).
    /// </summary>
    private sealed class Parser(TextReader reader, char delimiter)
    {
        private readonly char[] _buffer = new char[64 * 1024];
        private int _pos, _len;
        private bool _eof;
        private char[] _field = new char[256];
        private int _fieldLength;
        private readonly List<string> _fields = [];
        private readonly List<ColumnStrings?> _columns = [];
        private readonly SearchValues<char> _special = SearchValues.Create([delimiter, '"', '\r', '\n']);
        private int _line = 1;

        public int RecordLine { get; private set; } = 1;

        /// <summary>The next record, or null at the end of the text.</summary>
        public string[]? Next()
        {
            _fields.Clear();
            RecordLine = _line;
            var inQuotes = false;
            var fieldStarted = false;
            var any = false;
            while (true)
            {
                if (_pos == _len && !Fill())
                {
                    if (inQuotes) throw new ImportFileException($"Строка {RecordLine}: незакрытая кавычка.");
                    if (!any && _fields.Count == 0) return null;
                    EndField();
                    return [.. _fields];
                }
                any = true;
                if (!inQuotes && fieldStarted)
                {
                    // Inside an unquoted field: take everything up to the next delimiter, quote or line break at once.
                    var rest = _buffer.AsSpan(_pos, _len - _pos);
                    var stop = rest.IndexOfAny(_special);
                    if (stop != 0)
                    {
                        var run = stop < 0 ? rest : rest[..stop];
                        Append(run);
                        _pos += run.Length;
                        continue;
                    }
                }
                var ch = _buffer[_pos++];
                if (inQuotes)
                {
                    if (ch == '"')
                    {
                        if (Peek() == '"') { _pos++; Append('"'); }
                        else inQuotes = false;
                    }
                    else
                    {
                        if (ch == '\n') _line++;
                        Append(ch);
                    }
                }
                else if (ch == '"' && _fieldLength == 0 && !fieldStarted)
                {
                    inQuotes = true;
                    fieldStarted = true;
                }
                else if (ch == delimiter)
                {
                    EndField();
                    fieldStarted = false;
                }
                else if (ch is '\r' or '\n')
                {
                    if (ch == '\r' && Peek() == '\n') _pos++;
                    EndField();
                    _line++;
                    return [.. _fields];
                }
                else
                {
                    Append(ch);
                    fieldStarted = true;
                }
            }
        }

        private bool Fill()
        {
            if (_eof) return false;
            _len = reader.Read(_buffer, 0, _buffer.Length);
            _pos = 0;
            _eof = _len == 0;
            return !_eof;
        }

        private int Peek() => _pos < _len || Fill() ? _buffer[_pos] : -1;

        private void Append(char ch)
        {
            if (_fieldLength == _field.Length) Grow(1);
            _field[_fieldLength++] = ch;
            if (_fieldLength > MaxFieldLength) TooLong();
        }

        private void Append(ReadOnlySpan<char> run)
        {
            if (_fieldLength + run.Length > _field.Length) Grow(run.Length);
            run.CopyTo(_field.AsSpan(_fieldLength));
            _fieldLength += run.Length;
            if (_fieldLength > MaxFieldLength) TooLong();
        }

        private void Grow(int more) => Array.Resize(ref _field, Math.Max(_field.Length * 2, _fieldLength + more));

        private void TooLong() =>
            throw new ImportFileException($"Строка {RecordLine}: значение длиннее {MaxFieldLength:N0} символов — файл, по-видимому, повреждён (незакрытая кавычка?).");

        private void EndField()
        {
            var column = _fields.Count;
            if (_columns.Count == column) _columns.Add(new ColumnStrings());
            var value = _field.AsSpan(0, _fieldLength);
            string text;
            if (value.Length == 0) text = "";
            else if (_columns[column] is not { } strings) text = new string(value);
            else
            {
                text = strings.Get(value);
                if (strings.Useless) _columns[column] = null;
            }
            _fields.Add(text);
            _fieldLength = 0;
        }
    }
}

/// <summary>
/// One column's repeated values as shared strings: a register repeats a few hundred first names, a dozen positions
/// and classes, a few dozen dates of consent in a million rows. Values of a column that does not repeat (phones,
/// e-mails) stop being looked up after the first few thousand rows; long values are never kept. The set is
/// bounded, so memory does not follow the file.
/// </summary>
internal sealed class ColumnStrings
{
    private const int MaxLength = 64;
    private const int MaxCount = 4096;
    private const int Trial = 2048;
    private readonly HashSet<string> _set = new(StringComparer.Ordinal);
    private int _lookups, _hits;

    /// <summary>After a trial, fewer than a quarter of the values repeated: the caller stops asking.</summary>
    public bool Useless => _lookups >= Trial && _hits * 4 < _lookups;

    /// <summary>The shared string equal to <paramref name="value"/> (kept for next time if there is room), or a new one for a long value.</summary>
    public string Get(ReadOnlySpan<char> value)
    {
        if (value.Length > MaxLength) return new string(value);
        _lookups++;
        var lookup = _set.GetAlternateLookup<ReadOnlySpan<char>>();
        if (lookup.TryGetValue(value, out var shared))
        {
            _hits++;
            return shared;
        }
        var text = new string(value);
        if (_set.Count < MaxCount) _set.Add(text);
        return text;
    }
}
