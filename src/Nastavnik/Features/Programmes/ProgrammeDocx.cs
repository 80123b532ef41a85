using Nastavnik.Features.Mentorships;
using Nastavnik.Platform.Documents;
using Nastavnik.Platform.Web;

namespace Nastavnik.Features.Programmes;

/// <summary>
/// The programme as a school files it: «УТВЕРЖДАЮ» for the head, the title, participants, goal, tasks, difficulties,
/// directions, period, the plan table, and the signatures of the mentor, the mentee(s) and the curator.
/// </summary>
public static class ProgrammeDocx
{
    /// <summary>Revisions are the applied ones, each as its date and what changed; the final meeting is the date of the заключительная one, if held.</summary>
    public sealed record Data(string Organization, string Form, string Kind, MentoringProgram Programme, IReadOnlyList<ProgrammeService.Person> People,
        IReadOnlyList<ProgramActivity> Activities, Completion? Completion = null, IReadOnlyList<(DateOnly On, string Text)>? Revisions = null, DateOnly? FinalMeeting = null,
        ILookup<int, string>? EvidenceFiles = null);

    public static byte[] Build(Data d)
    {
        var p = d.Programme;
        var doc = new DocxBuilder();
        doc.SideBySide([], [
            new DocLine("УТВЕРЖДАЮ", Bold: true),
            new DocLine("Руководитель"),
            new DocLine(d.Organization),
            new DocLine("____________ / ____________________"),
            new DocLine("«____» ______________ 20___ г."),
        ]);
        doc.EmptyLine();
        doc.Paragraph(d.Organization, align: DocAlign.Center);
        doc.EmptyLine();
        doc.Heading("ПЕРСОНАЛИЗИРОВАННАЯ ПРОГРАММА НАСТАВНИЧЕСТВА");
        doc.Paragraph($"на период {ProgrammeService.Period(p)}", align: DocAlign.Center, spaceAfterPt: 6);
        doc.EmptyLine();
        doc.Paragraph("1. Участники", bold: true);
        foreach (var x in d.People) doc.Paragraph($"{Capital(Formats.Name(x.Role))}: {x.FullName}");
        doc.Paragraph($"Форма наставничества: {d.Form}. Вид наставничества: {d.Kind}.", spaceAfterPt: 6);
        doc.Paragraph("2. Цель", bold: true);
        doc.Paragraph(p.Goal, spaceAfterPt: 6);
        doc.Paragraph("3. Задачи", bold: true);
        doc.Paragraph(p.Tasks ?? "—", spaceAfterPt: 6);
        doc.Paragraph("4. Выявленные профессиональные затруднения наставляемого", bold: true);
        doc.Paragraph(p.Difficulties ?? "—", spaceAfterPt: 6);
        doc.Paragraph("5. Направления наставнической деятельности", bold: true);
        doc.Paragraph(p.DirectionList.Count == 0 ? "—" : string.Join("\n", p.DirectionList.Select(x => "– " + Formats.Name(x))), spaceAfterPt: 6);
        doc.Paragraph("6. Срок реализации", bold: true);
        doc.Paragraph(ProgrammeService.Period(p), spaceAfterPt: 6);
        doc.Paragraph("7. План мероприятий", bold: true);
        var table = new DocTable([new("№", 1), new("Мероприятие", 6), new("Срок", 2), new("Ожидаемый результат", 4), new("Форма результата", 3), new("Отметка о выполнении", 3)]);
        var n = 0;
        foreach (var a in d.Activities.OrderBy(a => a.DueOn).ThenBy(a => a.Id))
            table.AddRow((++n).ToString(WebHost.Russian), a.Title, Formats.Date(a.DueOn), a.ExpectedResult, a.ResultForm,
                Mark(a, d.EvidenceFiles?[a.Id]));
        if (n == 0) table.AddSpanRow("Мероприятия не запланированы", bold: false);
        doc.Table(table);
        var section = 8;
        if (d.Revisions is { Count: > 0 } revisions)
        {
            doc.EmptyLine();
            doc.Paragraph($"{section++}. Изменения программы (по обоюдному согласию участников)", bold: true);
            foreach (var (on, text) in revisions) doc.Paragraph($"{Formats.Date(on)}: {text}.");
        }
        if (d.Completion is { } c)
        {
            doc.EmptyLine();
            doc.Paragraph($"{section}. Завершение программы", bold: true);
            doc.Paragraph($"Дата завершения: {Formats.Date(c.CompletedOn)}. Основание: {Formats.Name(c.Reason)}.");
            if (c.Circumstances is not null) doc.Paragraph($"Обстоятельства: {c.Circumstances}");
            doc.Paragraph(d.FinalMeeting is { } fm ? $"Заключительная встреча проведена {Formats.Date(fm)}." : "Заключительная встреча не проводилась.");
            doc.Paragraph("Результаты программы:", bold: true);
            doc.Paragraph(c.ProgrammeResults, spaceAfterPt: 6);
            if (c.MenteeResults.Count > 0)
            {
                var names = d.People.ToDictionary(x => x.PersonId, x => x.FullName);
                var results = new DocTable([new("№", 1), new("Наставляемый", 5), new("Результат", 5), new("Содержание", 8), new("Дата", 3)]);
                var k = 0;
                foreach (var r in c.MenteeResults.OrderBy(r => r.AchievedOn).ThenBy(r => r.Id))
                    results.AddRow((++k).ToString(WebHost.Russian), names.GetValueOrDefault(r.PersonId, "—"), Formats.Name(r.Kind), r.Text, Formats.Date(r.AchievedOn));
                doc.Paragraph("Результаты наставляемых:", bold: true);
                doc.Table(results);
            }
        }
        doc.EmptyLine();
        foreach (var x in d.People)
            doc.Paragraph($"{Capital(Formats.Name(x.Role))}   ____________ / {ApprovalOrderDocx.Initials(x.FullName)}", spaceAfterPt: 6);
        doc.Paragraph("Куратор   ____________ / ____________________", spaceAfterPt: 6);
        return doc.ToArray();
    }

    private static string Capital(string s) => s.Length == 0 ? s : char.ToUpperInvariant(s[0]) + s[1..];

    /// <summary>The done mark as the paper plan has it, with what confirms it: the text or link and the names of attached files.</summary>
    private static string Mark(ProgramActivity a, IEnumerable<string>? files)
    {
        var mark = a.Status == ActivityStatus.Done ? $"выполнено {(a.DoneOn is { } on ? Formats.Date(on) : "")}".Trim() : Formats.Name(a.Status);
        var evidence = new List<string>();
        if (a.Evidence is { } e) evidence.Add(e);
        if (files is not null) evidence.AddRange(files.Select(f => $"файл «{f}»"));
        return evidence.Count == 0 ? mark : $"{mark}; подтверждение: {string.Join("; ", evidence)}";
    }
}
