using System.Text;
using Nastavnik.Platform.Import;

namespace Nastavnik.Tests.Platform;

/// <summary>
/// The CSV reader scans blocks of characters; quotes, doubled quotes, CRLF and line breaks inside quotes must read the
/// same wherever a block happens to end. A reader that hands out the text a few characters at a time puts a block
/// boundary everywhere.
/// </summary>
public sealed class CsvRecordsTests
{
    private static readonly string[] Values =
    [
        "", "Иванова", "Мария Петровна", "7Б", "учитель математики; информатики", "он сказал \"да\"", "\"", "\"\"",
        "строка 1\nстрока 2", "строка 1\r\nстрока 2", "a;b", " с пробелами ", "ёлка", "12.03.1985",
    ];

    private static string Quote(string v, char delimiter) =>
        v.IndexOfAny([delimiter, '"', '\r', '\n']) >= 0 ? "\"" + v.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : v;

    [Theory]
    [InlineData(1, "\r\n", ';')]
    [InlineData(2, "\n", ';')]
    [InlineData(3, "\r\n", ',')]
    [InlineData(7, "\n", '\t')]
    public void Read_AnyBlockBoundaries_SameRecordsAndLines(int seed, string newline, char delimiter)
    {
        var random = new Random(seed);
        var expected = new List<(int Line, string[] Fields)>();
        var text = new StringBuilder();
        var line = 1;
        for (var r = 0; r < 300; r++)
        {
            var fields = Enumerable.Range(0, random.Next(1, 6)).Select(_ => Values[random.Next(Values.Length)]).ToArray();
            // A record of one empty field is an empty line: skip it, TabularFile drops blank rows anyway.
            if (fields is [""]) fields = ["x"];
            expected.Add((line, fields));
            text.Append(string.Join(delimiter, fields.Select(f => Quote(f, delimiter)))).Append(newline);
            line += 1 + fields.Sum(f => f.Count(c => c == '\n'));
        }

        foreach (var chunk in new[] { 1, 2, 3, 5, 64, 1 << 16 })
        {
            var actual = CsvRecords.Read(new ChunkedReader(text.ToString(), chunk, seed), delimiter).ToList();
            Assert.Equal(expected.Count, actual.Count);
            for (var i = 0; i < expected.Count; i++)
            {
                Assert.Equal(expected[i].Line, actual[i].Line);
                Assert.Equal(expected[i].Fields, actual[i].Fields);
            }
        }
    }

    [Fact]
    public void Read_LastLineWithoutNewline_UnclosedQuote_TooLongField()
    {
        Assert.Equal([["a", "b"], ["c", "d"]], CsvRecords.Read(new StringReader("a;b\nc;d"), ';').Select(r => r.Fields));
        var unclosed = Assert.Throws<ImportFileException>(() => CsvRecords.Read(new StringReader("a;b\nc;\"d\n\ne"), ';').ToList());
        Assert.Contains("Строка 2", unclosed.Message);
        var huge = new string('я', CsvRecords.MaxFieldLength + 1);
        Assert.Throws<ImportFileException>(() => CsvRecords.Read(new ChunkedReader("a;" + huge + "\n", 4096, 1), ';').ToList());
    }

    [Fact]
    public void Read_RepeatedValuesOfAColumn_ShareOneString()
    {
        var rows = CsvRecords.Read(new StringReader(string.Join("\n", Enumerable.Range(0, 50).Select(i => $"педагог;{i}"))), ';').ToList();
        Assert.All(rows, r => Assert.Same(rows[0].Fields[0], r.Fields[0]));
        Assert.Equal("49", rows[^1].Fields[1]);
    }

    /// <summary>Returns at most a few characters per Read, like a slow stream.</summary>
    private sealed class ChunkedReader(string text, int chunk, int seed) : TextReader
    {
        private readonly Random _random = new(seed);
        private int _pos;

        public override int Read(char[] buffer, int index, int count)
        {
            var n = Math.Min(Math.Min(count, 1 + _random.Next(chunk)), text.Length - _pos);
            text.CopyTo(_pos, buffer, index, n);
            _pos += n;
            return n;
        }

        public override int Peek() => _pos < text.Length ? text[_pos] : -1;

        public override int Read() => _pos < text.Length ? text[_pos++] : -1;
    }
}
