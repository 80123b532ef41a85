using Nastavnik.Platform.Documents;
using Nastavnik.Platform.Web;

namespace Nastavnik.Features.Indicators;

/// <summary>
/// Ежегодный мониторинг (XLSX: a row per organisation, totals per municipality and overall) and the analytical note
/// (DOCX). Both are built from one <see cref="IndicatorBoard"/> for a stated as-of date, so the numbers are the dashboard's.
/// </summary>
public static class IndicatorReports
{
    public static byte[] Xlsx(IndicatorBoard board, string scope, DateTime generatedUtc)
    {
        var x = new XlsxBuilder();
        var s = x.AddSheet("Мониторинг");
        s.Title($"Мониторинг реализации целевой модели наставничества по состоянию на {Formats.Date(board.AsOf)}");
        s.Row("Охват: " + scope);
        s.Row($"Период: {Formats.Date(IndicatorCalculator.PeriodStart(board.AsOf))} – {Formats.Date(board.AsOf)}; сформировано {Formats.DateTime(generatedUtc)}");
        s.Row("Набор показателей: " + string.Join("; ", board.Catalogue.Select(i => i.Code)));
        var header = new List<string> { "Муниципалитет", "Организация" };
        foreach (var i in board.Catalogue)
        {
            if (i.Computation == IndicatorComputation.Manual) header.Add(i.Name);
            else header.AddRange([i.Name + ": числитель", "знаменатель", "факт", "план", "отклонение"]);
        }
        s.Header([.. header]);
        foreach (var g in board.Organizations.GroupBy(o => (o.MunicipalityId, o.MunicipalityName)))
        {
            foreach (var o in g) s.Row(Cells(g.Key.MunicipalityName, o.Name, board.ForOrganization(o)));
            s.Row(XlsxStyle.Group, Cells(g.Key.MunicipalityName, "Итого по муниципалитету", board.ForMunicipality(g.Key.MunicipalityId)));
        }
        s.Row(XlsxStyle.Group, Cells("", "Итого", board.ForAll()));
        s.FreezeTopRows(5);
        return x.ToArray();
    }

    private static XlsxCell[] Cells(string municipality, string organization, IReadOnlyList<IndicatorLine> lines)
    {
        var cells = new List<XlsxCell> { municipality, organization };
        foreach (var l in lines)
        {
            if (l.Indicator.Computation == IndicatorComputation.Manual)
            {
                cells.Add(l.Actual is { } v ? XlsxCell.FromNumber(Math.Round(v, 2)) : "—");
                continue;
            }
            cells.Add(XlsxCell.FromNumber(l.Numerator ?? 0));
            cells.Add(XlsxCell.FromNumber(l.Denominator ?? 0));
            cells.Add(l.Actual is { } a ? XlsxCell.FromNumber(Math.Round(a, 1)) : "—");
            cells.Add(l.TargetValue is { } t ? XlsxCell.FromNumber(t) : "—");
            cells.Add(l.Gap is { } g ? XlsxCell.FromNumber(Math.Round(g, 1)) : "—");
        }
        return [.. cells];
    }

    public static byte[] Docx(IndicatorBoard board, string scope, IReadOnlyList<IndicatorLine> lines, DateTime generatedUtc)
    {
        var d = new DocxBuilder();
        d.Heading("Аналитическая справка по итогам мониторинга реализации целевой модели наставничества");
        d.Paragraph($"по состоянию на {Formats.LongDate(board.AsOf)}", align: DocAlign.Center);
        d.EmptyLine();
        d.Paragraph("Охват: " + scope);
        d.Paragraph($"Период мониторинга: с {Formats.Date(IndicatorCalculator.PeriodStart(board.AsOf))} по {Formats.Date(board.AsOf)}. Сформировано {Formats.DateTime(generatedUtc)}.");
        var orgs = board.Organizations;
        d.Paragraph($"Образовательных организаций: {orgs.Count}; обучающихся: {orgs.Sum(o => o.Pupils)}, из них вовлечены в различные формы сопровождения и наставничества: {orgs.Sum(o => o.PupilsInvolved)}; "
            + $"педагогов: {orgs.Sum(o => o.Teachers)}, из них участвуют в наставничестве: {orgs.Sum(o => o.TeachersInvolved)}; наставнических пар и групп: {orgs.Sum(o => o.Pairs)}.", spaceAfterPt: 6);
        d.Paragraph("1. Показатели эффективности", bold: true);
        var t = new DocTable([new("Показатель", 4), new("Факт", 1), new("Числитель / знаменатель", 2), new("План", 2), new("Отклонение", 1), new("Оценка", 1)]);
        foreach (var l in lines)
            t.AddRow(l.Indicator.Name, IndicatorWeb.Value(l), l.Numerator is null ? "—" : $"{l.Numerator} / {l.Denominator}", IndicatorWeb.Target(l), IndicatorWeb.Gap(l), IndicatorWeb.LightName(l.Light));
        d.Table(t);
        d.EmptyLine();
        d.Paragraph("2. Вовлечённость обучающихся по организациям", bold: true);
        var o2 = new DocTable([new("Организация", 5), new("Вовлечено", 1), new("Обучающихся", 1), new("Доля", 1), new("План", 2), new("Отклонение", 1)]);
        foreach (var o in orgs)
        {
            var l = board.ForOrganization(o).FirstOrDefault(x => x.Indicator.Computation == IndicatorComputation.PupilsInvolved);
            o2.AddRow(o.Name, o.PupilsInvolved.ToString(Platform.Web.WebHost.Russian), o.Pupils.ToString(Platform.Web.WebHost.Russian), IndicatorWeb.Share(o.Pupils > 0 ? 100.0 * o.PupilsInvolved / o.Pupils : null),
                l is null ? "—" : IndicatorWeb.Target(l), l is null ? "—" : IndicatorWeb.Gap(l));
        }
        d.Table(o2);
        d.EmptyLine();
        d.Paragraph("3. Выводы", bold: true);
        d.EmptyLine();
        d.EmptyLine();
        return d.ToArray();
    }
}
