using Nastavnik.Platform.Documents;
using Nastavnik.Platform.Web;

namespace Nastavnik.Features.Roadmaps;

/// <summary>
/// The roadmap as a document: DOCX for signing and publishing (the «УТВЕРЖДАЮ» header, the plan table
/// №, мероприятие, содержание, срок, ответственные, результат) and XLSX for control (the same rows with the
/// due's reading, status, date done and evidence). <paramref name="roadmap"/> comes with its stages, items,
/// municipality and organisation loaded.
/// </summary>
public static class RoadmapDocuments
{
    private const string Blank = "«____» ________________ 20___ г.";

    public static string OwnerName(Roadmap r) => r.Organization?.Name ?? r.Municipality?.Name ?? "";

    public static byte[] Docx(Roadmap r)
    {
        var doc = new DocxBuilder(landscape: true);
        var right = new List<DocLine> { new("УТВЕРЖДАЮ", Bold: true) };
        right.Add(new(string.IsNullOrWhiteSpace(r.ApproverPosition) ? "______________________________" : r.ApproverPosition));
        right.Add(new("________________ " + (r.ApproverName ?? "______________")));
        var approvedHere = r.IsMunicipal && r.Status == RoadmapStatus.Approved;
        right.Add(new(approvedHere && r.ApprovalDate is { } d ? Formats.LongDate(d) : Blank));
        if (approvedHere && Order(r) is { } order) right.Add(new(order));

        var left = new List<DocLine>();
        if (!r.IsMunicipal && r.Status == RoadmapStatus.Approved)
        {
            left.Add(new("СОГЛАСОВАНО", Bold: true));
            left.Add(new(r.Municipality?.EducationAuthority ?? r.Municipality?.Name ?? ""));
            if (!string.IsNullOrWhiteSpace(r.ApprovedBy)) left.Add(new(r.ApprovedBy));
            if (r.ApprovalDate is { } a) left.Add(new(Formats.LongDate(a)));
            if (Order(r) is { } order2) left.Add(new(order2));
        }
        doc.SideBySide(left, right);
        doc.EmptyLine();
        doc.Heading(r.Title);
        doc.Paragraph(OwnerName(r), align: DocAlign.Center);
        doc.Paragraph("Период: " + r.PeriodText, align: DocAlign.Center, spaceAfterPt: 6);
        if (!string.IsNullOrWhiteSpace(r.Goal))
        {
            doc.Paragraph("Цель:", bold: true);
            doc.Paragraph(r.Goal, align: DocAlign.Both, spaceAfterPt: 6);
        }
        if (!string.IsNullOrWhiteSpace(r.Tasks))
        {
            doc.Paragraph("Задачи:", bold: true);
            doc.Paragraph(r.Tasks, align: DocAlign.Both, spaceAfterPt: 6);
        }

        // The columns are always there (they are the form people expect); an empty one is just kept narrow.
        var hasContent = r.Items.Any(i => !string.IsNullOrWhiteSpace(i.Content) || !string.IsNullOrWhiteSpace(i.Audience));
        var hasResult = r.Items.Any(i => !string.IsNullOrWhiteSpace(i.ExpectedResult));
        var table = new DocTable([new("№", 2), new("Мероприятие", hasContent ? 9 : 14), new("Содержание", hasContent ? 10 : 3), new("Срок", 4),
            new("Ответственные", 6), new("Результат", hasResult ? 6 : 3)]);
        foreach (var (stage, items) in Grouped(r))
        {
            if (stage is not null) table.AddSpanRow(StageTitle(stage));
            foreach (var i in items)
            {
                var content = i.Content ?? "";
                if (!string.IsNullOrWhiteSpace(i.Audience)) content = (content.Length > 0 ? content + "\n" : "") + "Целевая аудитория: " + i.Audience;
                table.AddRow(i.Number, i.Name, content, i.DueText, i.Responsible, i.ExpectedResult);
            }
        }
        doc.Table(table);
        return doc.ToArray();
    }

    public static byte[] Xlsx(Roadmap r, DateOnly today)
    {
        var xlsx = new XlsxBuilder();
        var sheet = xlsx.AddSheet("Дорожная карта").LandscapePage()
            .ColumnWidths(7, 28, 40, 50, 18, 24, 30, 22, 28, 16, 13, 30);
        sheet.Title(r.Title);
        sheet.Row(OwnerName(r));
        sheet.Row("Период: " + r.PeriodText + " (" + Formats.Date(r.PeriodStart) + " – " + Formats.Date(r.PeriodEnd) + ")");
        sheet.Row("Статус: " + Formats.Name(r.Status) + (r.ApprovalDate is { } d ? ", утверждена " + Formats.Date(d) : ""));
        sheet.Header("№", "Этап", "Мероприятие", "Содержание", "Срок", "Срок (расшифровка)", "Ответственные", "Целевая аудитория", "Результат",
            "Исполнение", "Дата выполнения", "Подтверждение");
        sheet.FreezeTopRows(5);
        var context = r.DueContext;
        foreach (var (stage, items) in Grouped(r))
        {
            foreach (var i in items)
            {
                var due = Due.Parse(i.DueText, context);
                var evidence = string.Join("\n", new[] { i.EvidenceNote, i.EvidenceLink }.Where(s => !string.IsNullOrWhiteSpace(s)));
                sheet.Row(i.Number, stage is null ? "" : StageTitle(stage), i.Name, i.Content, i.DueText, DueReading(due), i.Responsible, i.Audience,
                    i.ExpectedResult, ItemState(i, due, today), i.DoneAt is { } done ? Formats.Date(done) : "", evidence);
            }
        }
        return xlsx.ToArray();
    }

    public static string StageTitle(RoadmapStage s) => string.IsNullOrWhiteSpace(s.Number) ? s.Title : $"{s.Number.TrimEnd('.')}. {s.Title}";

    /// <summary>The reading shown beside the original wording; unparsed dues are flagged.</summary>
    public static string DueReading(Due due) => due.IsParsed
        ? due.Description + (due.Warning is { } w ? " (" + w + ")" : "")
        : due.Original.Length == 0 ? "срок не указан" : "срок не распознан";

    public static string ItemState(RoadmapItem i, Due due, DateOnly today) => i.Status switch
    {
        RoadmapItemStatus.Done => i.DoneAt is { } d ? $"выполнено {Formats.Date(d)}" + (i.IsDoneOnTime(due) ? "" : " (с опозданием)") : "выполнено",
        RoadmapItemStatus.Cancelled => "отменено",
        _ when i.IsOverdue(due, today) => "просрочено",
        RoadmapItemStatus.InProgress => "выполняется",
        _ => "запланировано",
    };

    /// <summary>Stages in order with their items; items without a stage come first.</summary>
    public static IEnumerable<(RoadmapStage? Stage, List<RoadmapItem> Items)> Grouped(Roadmap r)
    {
        var items = r.Items.OrderBy(i => i.Order).ThenBy(i => i.Id).ToList();
        var loose = items.Where(i => i.StageId is null && i.Stage is null).ToList();
        if (loose.Count > 0) yield return (null, loose);
        foreach (var s in r.Stages.OrderBy(s => s.Order).ThenBy(s => s.Id))
            yield return (s, items.Where(i => i.Stage == s || (i.StageId is { } id && id == s.Id && s.Id != 0)).ToList());
    }

    private static string? Order(Roadmap r)
    {
        if (string.IsNullOrWhiteSpace(r.ApprovalOrderNumber) && r.ApprovalOrderDate is null) return null;
        var text = "приказ";
        if (r.ApprovalOrderDate is { } d) text += " от " + Formats.Date(d);
        if (!string.IsNullOrWhiteSpace(r.ApprovalOrderNumber)) text += " № " + r.ApprovalOrderNumber;
        return text;
    }
}
