using System.Text;
using System.Text.RegularExpressions;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;
using Nastavnik.Platform.Import;

namespace Nastavnik.Features.Roadmaps;

public enum RoadmapImportOutcome { Stage, Item, Reject }

/// <summary>One row of an imported roadmap table and what will become of it. <see cref="Line"/> is the row number in the
/// sheet (XLSX) or in the table (DOCX, the table's first row is 1).</summary>
public sealed record RoadmapImportRow(int Line, RoadmapImportOutcome Outcome)
{
    public string? Number { get; init; }
    public string? Name { get; init; }
    public string? Content { get; init; }
    public string? DueText { get; init; }
    public Due? Due { get; init; }
    public string? Responsible { get; init; }
    public string? Audience { get; init; }
    public string? Result { get; init; }
    /// <summary>The stage an item goes to (its number and title as they will be stored).</summary>
    public string? StageNumber { get; init; }
    public string? StageTitle { get; init; }
    public string? Reason { get; init; }
}

public sealed class RoadmapImportPreview
{
    public List<string> MappedColumns { get; } = [];
    public List<RoadmapImportRow> Rows { get; } = [];
    public int Count(RoadmapImportOutcome o) => Rows.Count(r => r.Outcome == o);
    public int Unrecognised => Rows.Count(r => r.Outcome == RoadmapImportOutcome.Item && r.Due is { NeedsReview: true });
}

/// <summary>
/// Reads a roadmap table from XLSX (first sheet, through <see cref="TabularFile"/>) or DOCX (the first table whose
/// header is recognised) as people make them: columns are found by their header text (№, Этап, Мероприятие /
/// Наименование, Содержание, Сроки, Ответственные, Целевая аудитория, Результат), a row with one merged cell is a
/// stage («1. Нормативное правовое регулирование …»), a stage column starts a stage where its text changes, and a
/// vertically merged DOCX cell repeats its text down. Every row gets an outcome; bad rows are rejected with their
/// line number and a reason, never dropped silently. Dues are read against the roadmap's period and kept as written.
/// </summary>
public static partial class RoadmapImport
{
    public const int MaxItems = 2000;

    private enum Col { Number, Stage, Name, Content, Due, Responsible, Audience, Result }

    private sealed record RawRow(int Line, List<string> Cells, List<bool> Continued, bool Spanned);

    private static readonly Dictionary<Col, int> MaxLength = new()
    {
        [Col.Number] = 20, [Col.Stage] = 1000, [Col.Name] = 2000, [Col.Content] = 8000, [Col.Due] = 500,
        [Col.Responsible] = 2000, [Col.Audience] = 1000, [Col.Result] = 2000,
    };

    private static readonly Dictionary<Col, string> ColumnTitle = new()
    {
        [Col.Number] = "№", [Col.Stage] = "Этап", [Col.Name] = "Мероприятие", [Col.Content] = "Содержание", [Col.Due] = "Сроки",
        [Col.Responsible] = "Ответственные", [Col.Audience] = "Целевая аудитория", [Col.Result] = "Результат",
    };

    public static RoadmapImportPreview Analyze(Stream stream, string fileName, DueContext context)
    {
        var ext = Path.GetExtension(fileName).ToLowerInvariant();
        return ext switch
        {
            ".xlsx" => FromRows(ReadXlsx(stream, fileName), context, "в файле Excel"),
            ".docx" => AnalyzeDocx(stream, context),
            ".doc" => throw new ImportFileException("Формат .doc (Word 97–2003) не поддерживается: сохраните документ как .docx."),
            ".xls" => throw new ImportFileException("Формат .xls (Excel 97–2003) не поддерживается: сохраните файл как .xlsx."),
            _ => throw new ImportFileException("Поддерживаются файлы .docx и .xlsx."),
        };
    }

    /// <summary>Adds the accepted stages and items to the roadmap (after its existing ones, or instead of them).</summary>
    public static (int Stages, int Items) Apply(RoadmapImportPreview preview, Roadmap roadmap, bool replace, Action<object> remove)
    {
        if (replace)
        {
            foreach (var i in roadmap.Items.ToList()) remove(i);
            foreach (var s in roadmap.Stages.ToList()) remove(s);
            roadmap.Items.Clear();
            roadmap.Stages.Clear();
        }
        var order = roadmap.Items.Count == 0 ? 0 : roadmap.Items.Max(i => i.Order);
        var stageOrder = roadmap.Stages.Count == 0 ? 0 : roadmap.Stages.Max(s => s.Order);
        var context = roadmap.DueContext;
        RoadmapStage? stage = null;
        int stages = 0, items = 0;
        foreach (var row in preview.Rows)
        {
            switch (row.Outcome)
            {
                case RoadmapImportOutcome.Stage:
                    stage = new RoadmapStage { Number = row.StageNumber, Title = row.StageTitle ?? "", Order = ++stageOrder };
                    roadmap.Stages.Add(stage);
                    stages++;
                    break;
                case RoadmapImportOutcome.Item:
                    var item = new RoadmapItem
                    {
                        Stage = stage, Order = ++order, Number = row.Number, Name = row.Name!, Content = row.Content,
                        Responsible = row.Responsible, Audience = row.Audience, ExpectedResult = row.Result,
                    };
                    item.SetDue(row.DueText ?? "", context);
                    roadmap.Items.Add(item);
                    items++;
                    break;
            }
        }
        return (stages, items);
    }

    private static IEnumerable<RawRow> ReadXlsx(Stream stream, string fileName) =>
        TabularFile.Read(stream, fileName, maxRows: 10_000).Select(r => new RawRow(r.Line, [.. r.Cells], [.. r.Cells.Select(_ => false)], false));

    private static RoadmapImportPreview AnalyzeDocx(Stream stream, DueContext context)
    {
        if (!stream.CanSeek) throw new ImportFileException("Файл нужно загрузить целиком.");
        try
        {
            TabularFile.CheckZip(stream);
        }
        catch (ImportFileException ex)
        {
            throw new ImportFileException(ex.Message.Replace("XLSX", "DOCX", StringComparison.Ordinal).Replace("книга Excel", "документ Word", StringComparison.Ordinal));
        }
        WordprocessingDocument doc;
        try
        {
            doc = WordprocessingDocument.Open(stream, false, new OpenSettings { MaxCharactersInPart = TabularFile.MaxUncompressedBytes / 2 });
        }
        catch (Exception ex) when (ex is OpenXmlPackageException or InvalidDataException or System.Xml.XmlException or IOException or FileFormatException)
        {
            throw new ImportFileException("Не удалось открыть файл DOCX: он повреждён или это не документ Word.");
        }
        using (doc)
        {
            Body? body;
            try
            {
                body = doc.MainDocumentPart?.Document?.Body;
            }
            catch (Exception ex) when (ex is System.Xml.XmlException or InvalidDataException or OpenXmlPackageException)
            {
                throw new ImportFileException("Документ DOCX повреждён (некорректный XML) или это не документ Word.");
            }
            if (body is null) throw new ImportFileException("В файле DOCX нет текста документа.");
            var tables = body.Descendants<Table>().Where(t => !t.Ancestors<Table>().Any()).ToList();
            if (tables.Count == 0) throw new ImportFileException("В документе нет таблицы. Дорожная карта загружается из таблицы со столбцами «№», «Мероприятие», «Сроки», «Ответственные».");
            foreach (var table in tables)
            {
                var rows = ReadTable(table).ToList();
                if (FindHeader(rows) is not null) return FromRows(rows, context, "в таблице документа");
            }
            throw new ImportFileException("Ни в одной таблице документа не найдены заголовки столбцов «Мероприятие» (или «Наименование») и «Сроки».");
        }
    }

    private static IEnumerable<RawRow> ReadTable(Table table)
    {
        var carried = new Dictionary<int, string>();
        var line = 0;
        foreach (var tr in table.Elements<TableRow>())
        {
            line++;
            var cells = new List<string>();
            var continued = new List<bool>();
            var spanned = false;
            var before = tr.TableRowProperties?.GetFirstChild<GridBefore>()?.Val?.Value ?? 0;
            for (var i = 0; i < before; i++) { cells.Add(""); continued.Add(false); }
            foreach (var tc in tr.Elements<TableCell>())
            {
                var props = tc.TableCellProperties;
                var span = Math.Clamp(props?.GridSpan?.Val?.Value ?? 1, 1, 64);
                var merge = props?.VerticalMerge;
                var isContinue = merge is not null && (merge.Val is null || merge.Val.Value == MergedCellValues.Continue);
                var col = cells.Count;
                string text;
                if (isContinue) text = carried.GetValueOrDefault(col, "");
                else
                {
                    text = CellText(tc);
                    carried[col] = text;
                }
                if (span > 1) spanned = true;
                cells.Add(text);
                continued.Add(isContinue);
                for (var k = 1; k < span; k++) { cells.Add(""); continued.Add(isContinue); }
            }
            yield return new RawRow(line, cells, continued, spanned);
        }
    }

    private static string CellText(TableCell cell)
    {
        var lines = new List<string>();
        foreach (var p in cell.Descendants<Paragraph>())
        {
            var sb = new StringBuilder();
            foreach (var e in p.Descendants())
            {
                switch (e)
                {
                    case Text t when t.Parent is Run: sb.Append(t.Text); break;
                    case Break or CarriageReturn: sb.Append('\n'); break;
                    case TabChar: sb.Append(' '); break;
                }
            }
            lines.Add(sb.ToString().Trim());
        }
        return string.Join("\n", lines.Where(l => l.Length > 0));
    }

    private static (int Row, Dictionary<Col, int> Map)? FindHeader(List<RawRow> rows)
    {
        for (var r = 0; r < Math.Min(rows.Count, 15); r++)
        {
            var map = MapHeader(rows[r].Cells);
            var hasName = map.ContainsKey(Col.Name) || map.ContainsKey(Col.Content);
            if (hasName && (map.ContainsKey(Col.Due) || map.ContainsKey(Col.Responsible))) return (r, map);
        }
        return null;
    }

    private static Dictionary<Col, int> MapHeader(List<string> header)
    {
        var map = new Dictionary<Col, int>();
        for (var i = 0; i < header.Count; i++)
        {
            var h = Normalize(header[i]);
            if (h.Length == 0) continue;
            Col? col =
                h.Contains("этап", StringComparison.Ordinal) || h.Contains("раздел", StringComparison.Ordinal) ? Col.Stage
                : h.StartsWith('№') || h == "п/п" || h.StartsWith("номер", StringComparison.Ordinal) || h == "n" || h == "no" ? Col.Number
                : h.Contains("срок", StringComparison.Ordinal) || h.Contains("дата", StringComparison.Ordinal) ? Col.Due
                : h.Contains("ответствен", StringComparison.Ordinal) || h.Contains("исполнител", StringComparison.Ordinal) ? Col.Responsible
                : h.Contains("аудитори", StringComparison.Ordinal) || h.Contains("участник", StringComparison.Ordinal) ? Col.Audience
                : h.Contains("результат", StringComparison.Ordinal) || h.Contains("форма представления", StringComparison.Ordinal) || h.Contains("отчетн", StringComparison.Ordinal) ? Col.Result
                : h.Contains("содержание", StringComparison.Ordinal) ? Col.Content
                : h.Contains("мероприят", StringComparison.Ordinal) || h.Contains("наименование", StringComparison.Ordinal) || h.Contains("название", StringComparison.Ordinal) || h == "вид" ? Col.Name
                : null;
            if (col is { } c) map.TryAdd(c, i);
        }
        return map;
    }

    private static RoadmapImportPreview FromRows(IEnumerable<RawRow> source, DueContext context, string where)
    {
        var rows = source.ToList();
        var header = FindHeader(rows) ?? throw new ImportFileException(
            $"Не найдена строка заголовков {where}: нужны столбцы «Мероприятие» (или «Наименование») и «Сроки» или «Ответственные».");
        var map = header.Map;
        var preview = new RoadmapImportPreview();
        foreach (var (col, index) in map.OrderBy(kv => kv.Value))
            preview.MappedColumns.Add($"«{rows[header.Row].Cells[index].Replace('\n', ' ')}» → {ColumnTitle[col]}");
        var ignored = rows[header.Row].Cells.Select((h, i) => (h, i)).Where(x => x.h.Length > 0 && !map.ContainsValue(x.i)).Select(x => $"«{x.h.Replace('\n', ' ')}»").ToList();
        if (ignored.Count > 0) preview.MappedColumns.Add("не загружаются: " + string.Join(", ", ignored));
        var headerTexts = rows[header.Row].Cells.Select(Normalize).ToList();

        string? stageNumber = null;
        string? stageTitle = null;
        string? stageCellText = null;
        var stageCount = 0;
        var itemInStage = 0;
        var itemCount = 0;
        foreach (var row in rows.Skip(header.Row + 1))
        {
            string Cell(Col c, bool carry = true)
            {
                if (!map.TryGetValue(c, out var i) || i >= row.Cells.Count) return "";
                if (row.Continued[i] && !carry) return "";
                return row.Cells[i].Trim();
            }
            var own = row.Cells.Select((text, i) => row.Continued[i] ? "" : text.Trim()).ToList();
            var filled = own.Select((t, i) => (t, i)).Where(x => x.t.Length > 0).ToList();
            if (filled.Count == 0) continue;
            if (row.Cells.Select(Normalize).SequenceEqual(headerTexts)) continue;
            // The «1 2 3 4 5» row under a Word table's header.
            if (filled.Count >= 3 && filled.All(x => int.TryParse(x.t, out _))) continue;

            var nameCols = new[] { Col.Name, Col.Content }.Where(map.ContainsKey).Select(c => map[c]).ToHashSet();
            var headCols = new[] { Col.Number, Col.Stage }.Where(map.ContainsKey).Select(c => map[c]).Append(0).ToHashSet();
            // A section title: one merged cell across the row, or the only text of the row standing in the first, № or stage column.
            if (filled.Count == 1 && !IsShortNumber(filled[0].t)
                && (row.Spanned || (!nameCols.Contains(filled[0].i) && headCols.Contains(filled[0].i))))
            {
                var (n, t) = SplitStage(filled[0].t);
                if (t.Length > MaxLength[Col.Stage])
                {
                    preview.Rows.Add(new RoadmapImportRow(row.Line, RoadmapImportOutcome.Reject) { Name = t[..80] + "…", Reason = "Название этапа длиннее 1000 знаков." });
                    continue;
                }
                stageCount++;
                stageNumber = n ?? stageCount.ToString(System.Globalization.CultureInfo.InvariantCulture);
                stageTitle = t;
                stageCellText = null;
                itemInStage = 0;
                preview.Rows.Add(new RoadmapImportRow(row.Line, RoadmapImportOutcome.Stage) { StageNumber = stageNumber, StageTitle = stageTitle });
                continue;
            }

            var number = Cell(Col.Number, carry: false);
            var stageCell = Cell(Col.Stage, carry: false);
            if (stageCell.Length > 0 && stageCell != stageCellText)
            {
                var (n, t) = SplitStage(stageCell);
                if (t.Length > MaxLength[Col.Stage])
                {
                    preview.Rows.Add(new RoadmapImportRow(row.Line, RoadmapImportOutcome.Reject) { Name = t[..80] + "…", Reason = "Название этапа длиннее 1000 знаков." });
                    continue;
                }
                stageCount++;
                stageNumber = n ?? (IsShortNumber(number) ? CleanNumber(number) : stageCount.ToString(System.Globalization.CultureInfo.InvariantCulture));
                stageTitle = t;
                stageCellText = stageCell;
                itemInStage = 0;
                preview.Rows.Add(new RoadmapImportRow(row.Line, RoadmapImportOutcome.Stage) { StageNumber = stageNumber, StageTitle = t });
                number = "";
            }
            else if (map.ContainsKey(Col.Stage))
            {
                // In a staged table the № column numbers stages; items are numbered within the stage.
                number = "";
            }

            var name = Cell(Col.Name);
            var content = Cell(Col.Content);
            if (name.Length == 0 && content.Length > 0)
            {
                name = content;
                content = "";
            }
            else if (name.Length > 0 && content == name)
            {
                content = "";
            }
            var due = Cell(Col.Due);
            var values = new Dictionary<Col, string>
            {
                [Col.Number] = number, [Col.Name] = name, [Col.Content] = content, [Col.Due] = due,
                [Col.Responsible] = Cell(Col.Responsible), [Col.Audience] = Cell(Col.Audience), [Col.Result] = Cell(Col.Result),
            };
            if (name.Length == 0)
            {
                preview.Rows.Add(new RoadmapImportRow(row.Line, RoadmapImportOutcome.Reject)
                {
                    Number = number, DueText = due, Responsible = values[Col.Responsible],
                    Reason = "Нет наименования мероприятия (столбец «Мероприятие» / «Наименование» пуст).",
                });
                continue;
            }
            var tooLong = values.FirstOrDefault(kv => kv.Value.Length > MaxLength[kv.Key]);
            if (tooLong.Value is not null)
            {
                preview.Rows.Add(new RoadmapImportRow(row.Line, RoadmapImportOutcome.Reject)
                {
                    Number = number.Length > 20 ? number[..20] : number, Name = name.Length > 200 ? name[..200] + "…" : name,
                    Reason = $"Текст в столбце «{ColumnTitle[tooLong.Key]}» длиннее {MaxLength[tooLong.Key]} знаков.",
                });
                continue;
            }
            if (++itemCount > MaxItems) throw new ImportFileException($"В таблице больше {MaxItems} мероприятий. Разделите её на части.");
            itemInStage++;
            var itemNumber = number.Length > 0 ? CleanNumber(number)
                : stageNumber is not null ? $"{stageNumber}.{itemInStage}"
                : itemCount.ToString(System.Globalization.CultureInfo.InvariantCulture);
            preview.Rows.Add(new RoadmapImportRow(row.Line, RoadmapImportOutcome.Item)
            {
                Number = itemNumber, Name = name, Content = Null(content), DueText = due, Due = Due.Parse(due, context),
                Responsible = Null(values[Col.Responsible]), Audience = Null(values[Col.Audience]), Result = Null(values[Col.Result]),
                StageNumber = stageNumber, StageTitle = stageTitle,
            });
        }
        if (preview.Count(RoadmapImportOutcome.Item) == 0 && preview.Count(RoadmapImportOutcome.Reject) == 0)
            throw new ImportFileException($"Под строкой заголовков {where} нет ни одного мероприятия.");
        return preview;
    }

    private static string? Null(string s) => s.Length == 0 ? null : s;

    private static string Normalize(string s) => Spaces().Replace(s.ToLowerInvariant().Replace('ё', 'е'), " ").Trim().TrimEnd('.', ':');

    private static bool IsShortNumber(string s) => NumberPattern().IsMatch(s.Trim());

    private static string CleanNumber(string s) => s.Trim().TrimEnd('.');

    /// <summary>«1. Нормативное правовое регулирование …» → ("1", "Нормативное …"); «Подготовительный этап» → (null, …).</summary>
    private static (string? Number, string Title) SplitStage(string text)
    {
        var t = Spaces().Replace(text.Replace('\n', ' '), " ").Trim().TrimEnd(':').Trim();
        var m = StageNumber().Match(t);
        return m.Success ? (m.Groups[1].Value, m.Groups[2].Value.Trim()) : (null, t);
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();

    [GeneratedRegex(@"^\d{1,3}(\.\d{1,3}){0,3}\.?$")]
    private static partial Regex NumberPattern();

    [GeneratedRegex(@"^(\d{1,3}(?:\.\d{1,3}){0,2})\.?\s+(\S.*)$")]
    private static partial Regex StageNumber();
}
