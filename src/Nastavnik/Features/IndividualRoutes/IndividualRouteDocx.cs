using Nastavnik.Features.People;
using Nastavnik.Features.Programmes;
using Nastavnik.Platform.Documents;
using Nastavnik.Platform.Web;

namespace Nastavnik.Features.IndividualRoutes;

/// <summary>
/// The route as it is filed with the methodical service: «СОГЛАСОВАНО» for the tutor and «УТВЕРЖДАЮ» for the head, the
/// teacher, the deficits, the goal, the table of courses and activities (kind, hours, due, form of confirmation, mark),
/// the progress, and the signatures of the teacher and the tutor.
/// </summary>
public static class IndividualRouteDocx
{
    public sealed record Data(string Organization, Person Person, IndividualRoute Route, string? Tutor, IReadOnlyList<string> Deficits, IReadOnlyList<IndividualRouteItem> Items);

    public static byte[] Build(Data d)
    {
        var r = d.Route;
        var doc = new DocxBuilder(landscape: true);
        doc.SideBySide([
            new DocLine("СОГЛАСОВАНО", Bold: true),
            new DocLine("Тьютор"),
            new DocLine($"____________ / {(d.Tutor is null ? "____________________" : Mentorships.ApprovalOrderDocx.Initials(d.Tutor))}"),
        ], [
            new DocLine("УТВЕРЖДАЮ", Bold: true),
            new DocLine("Руководитель"),
            new DocLine(d.Organization),
            new DocLine("____________ / ____________________"),
        ]);
        doc.EmptyLine();
        doc.Heading("ИНДИВИДУАЛЬНЫЙ ОБРАЗОВАТЕЛЬНЫЙ МАРШРУТ");
        doc.Paragraph($"на период {Formats.Date(r.StartDate)} – {Formats.Date(r.EndDate)}", align: DocAlign.Center, spaceAfterPt: 6);
        doc.Paragraph($"Педагог: {d.Person.FullName}{(d.Person.Position is null ? "" : ", " + d.Person.Position)}");
        doc.Paragraph($"Образовательная организация: {d.Organization}");
        doc.Paragraph($"Тьютор: {d.Tutor ?? "—"}", spaceAfterPt: 6);
        doc.Paragraph("1. Профессиональные дефициты", bold: true);
        doc.Paragraph(d.Deficits.Count == 0 ? "—" : string.Join("\n", d.Deficits.Select(x => "– " + x)), spaceAfterPt: 6);
        doc.Paragraph("2. Цель", bold: true);
        doc.Paragraph(r.Goal, spaceAfterPt: 6);
        doc.Paragraph("3. Курсы и мероприятия", bold: true);
        var table = new DocTable([new("№", 1), new("Вид", 3), new("Курс, мероприятие", 7), new("Организатор", 4), new("Часы", 2), new("Срок", 3), new("Подтверждение", 4), new("Отметка", 3)]);
        var n = 0;
        foreach (var i in d.Items.OrderBy(i => i.DueOn is null).ThenBy(i => i.DueOn).ThenBy(i => i.Id))
            table.AddRow((++n).ToString(WebHost.Russian), Formats.Name(i.Kind), i.Title, i.Organizer, i.Hours?.ToString(WebHost.Russian), i.DueOn is { } due ? Formats.Date(due) : "",
                i.Evidence, i.Status == ActivityStatus.Done ? $"выполнено {(i.DoneOn is { } on ? Formats.Date(on) : "")}".Trim() : Formats.Name(i.Status));
        if (n == 0) table.AddSpanRow("Курсы и мероприятия не запланированы", bold: false);
        doc.Table(table);
        var p = RouteProgress.Of(d.Items);
        doc.Paragraph($"Выполнено: {p.Done} из {p.Total} ({p.Percent} %)" + (p.HoursPlanned > 0 ? $", {p.HoursDone} из {p.HoursPlanned} ч." : "."), spaceAfterPt: 6);
        if (r.Result is not null)
        {
            doc.Paragraph("4. Итоги", bold: true);
            doc.Paragraph(r.Result, spaceAfterPt: 6);
        }
        doc.EmptyLine();
        doc.Paragraph($"Педагог   ____________ / {Mentorships.ApprovalOrderDocx.Initials(d.Person.FullName)}", spaceAfterPt: 6);
        doc.Paragraph($"Тьютор   ____________ / {(d.Tutor is null ? "____________________" : Mentorships.ApprovalOrderDocx.Initials(d.Tutor))}", spaceAfterPt: 6);
        return doc.ToArray();
    }
}
