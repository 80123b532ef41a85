using System.Globalization;
using Nastavnik.Features.Mentorships;
using Nastavnik.Platform.Documents;
using Nastavnik.Platform.Web;

namespace Nastavnik.Features.Indicators;

/// <summary>
/// Ежегодный мониторинг (XLSX: a row per organisation, totals per municipality and overall; a second sheet with the
/// federal statistics figures) and the analytical note (DOCX, with charts). Both are built from the dashboard of a
/// stated as-of date and scope (<see cref="IndicatorDashboard"/>, the page's own figures) and carry that stamp: date,
/// scope, period, indicator set, time of generation.
/// </summary>
public static class IndicatorReports
{
    private static readonly CultureInfo Ru = WebHost.Russian;

    public const string StatisticsSheet = "Статистика (участники по ролям)";

    /// <summary>The stamp that makes a report reproducible: what date, what scope, what period, which indicators.</summary>
    public static IReadOnlyList<string> Stamp(IndicatorBoard board, string scope, DateTime generatedUtc) =>
    [
        "Охват: " + scope,
        $"Период: {Formats.Date(IndicatorCalculator.PeriodStart(board.AsOf))} – {Formats.Date(board.AsOf)}; сформировано {Formats.DateTime(generatedUtc)}",
        "Набор показателей: " + string.Join("; ", board.Catalogue.Select(i => i.Code)),
    ];

    public static byte[] Xlsx(IndicatorDashboard dashboard, IndicatorStatistics statistics, string scope, DateTime generatedUtc)
    {
        var board = dashboard.Board;
        var x = new XlsxBuilder();
        var s = x.AddSheet("Мониторинг");
        s.Title($"Мониторинг реализации целевой модели наставничества по состоянию на {Formats.Date(board.AsOf)}");
        foreach (var line in Stamp(board, scope, generatedUtc)) s.Row(XlsxStyle.Note, line);
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
        s.ColumnWidths([24, 36, .. Enumerable.Repeat(12.0, header.Count - 2)]).FreezeTopRows(5).LandscapePage();

        StatisticsSheetRows(x.AddSheet(StatisticsSheet), board, statistics, scope, generatedUtc);
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

    /// <summary>Columns of the statistics sheet after «Муниципалитет», «Организация»: people by role, pairs by status, then two per form.</summary>
    public static IReadOnlyList<string> StatisticsHeader(IndicatorStatistics statistics) =>
    [
        "Муниципалитет", "Организация", "Наставники", "Наставляемые, всего", "из них педагоги", "из них обучающиеся", "из них студенты", "из них иные",
        "Партнёры («равный — равному»)", "Кураторы (учётные записи)",
        .. Enum.GetValues<MentorshipStatus>().Select(st => "Пары и группы: " + Formats.Name(st)), "Пары и группы: всего",
        .. statistics.Forms.SelectMany(f => new[] { $"«{f.Name}»: участников", $"«{f.Name}»: пар и групп" }),
    ];

    private static void StatisticsSheetRows(XlsxSheet s, IndicatorBoard board, IndicatorStatistics statistics, string scope, DateTime generatedUtc)
    {
        s.Title($"Участники наставничества по ролям (данные для федерального статистического наблюдения) на {Formats.Date(board.AsOf)}");
        foreach (var line in Stamp(board, scope, generatedUtc)) s.Row(XlsxStyle.Note, line);
        s.Row(XlsxStyle.Note, "Участники — люди в парах и группах, учитываемых за период (утверждённых, действующих, завершённых), каждый один раз в каждой графе; " +
              "пары и группы по состоянию — все пары и группы организаций; кураторы — учётные записи с ролью куратора. Те же цифры, что на странице показателей и в разделе «Структура участия».");
        s.Header([.. StatisticsHeader(statistics)]);
        XlsxCell[] Cells(string municipality, string organization, IndicatorStatistics.Row r)
        {
            static XlsxCell N(int v) => XlsxCell.FromNumber(v);
            return
            [
                municipality, organization, N(r.Mentors), N(r.Mentees), N(r.MenteeTeachers), N(r.MenteePupils), N(r.MenteeStudents), N(r.MenteeOthers), N(r.Peers), N(r.Curators),
                .. Enum.GetValues<MentorshipStatus>().Select(st => N(r.Pairs.GetValueOrDefault(st))), N(r.AllPairs),
                .. statistics.Forms.SelectMany(f => r.ByForm.TryGetValue(f.Id, out var v) ? new[] { N(v.People), N(v.Pairs) } : [N(0), N(0)]),
            ];
        }
        foreach (var g in board.Organizations.GroupBy(o => (o.MunicipalityId, o.MunicipalityName)))
        {
            foreach (var o in g) s.Row(Cells(g.Key.MunicipalityName, o.Name, statistics.For([o.OrganizationId])));
            s.Row(XlsxStyle.Group, Cells(g.Key.MunicipalityName, "Итого по муниципалитету", statistics.For(g.Select(o => o.OrganizationId))));
        }
        s.Row(XlsxStyle.Group, Cells("", "Итого", statistics.For(board.Organizations.Select(o => o.OrganizationId))));
        s.ColumnWidths([24, 36, .. Enumerable.Repeat(13.0, StatisticsHeader(statistics).Count - 2)]).FreezeTopRows(6).LandscapePage();
    }

    // ------------------------------------------------------------------ the analytical note

    private const double ChartCm = 16;

    private static string N(int v) => v.ToString(Ru);

    public static byte[] Docx(IndicatorDashboard dashboard, IndicatorStructure structure, string scope, DateTime generatedUtc)
    {
        var board = dashboard.Board;
        var d = new DocxBuilder();
        var section = 0;
        var figure = 0;
        var table = 0;
        string Section(string title) => $"{++section}. {title}";
        void Caption(string text) => d.Paragraph(text, italic: true, sizePt: 10, keepNext: true);

        d.Heading("Аналитическая справка по итогам мониторинга реализации целевой модели наставничества");
        d.Paragraph($"по состоянию на {Formats.LongDate(board.AsOf)}", align: DocAlign.Center);
        d.EmptyLine();
        foreach (var line in Stamp(board, scope, generatedUtc)) d.Paragraph(line + ".");
        d.Paragraph("Цифры справки совпадают с панелью «Показатели» на ту же дату и для того же охвата.", italic: true, sizePt: 10, spaceAfterPt: 6);
        var orgs = board.Organizations;
        d.Paragraph($"Образовательных организаций: {N(orgs.Count)}; обучающихся: {N(orgs.Sum(o => o.Pupils))}, из них вовлечены в различные формы сопровождения и наставничества: {N(orgs.Sum(o => o.PupilsInvolved))}; "
            + $"педагогов: {N(orgs.Sum(o => o.Teachers))}, из них участвуют в наставничестве: {N(orgs.Sum(o => o.TeachersInvolved))}; наставнических пар и групп: {N(orgs.Sum(o => o.Pairs))}.", spaceAfterPt: 6);

        // Indicators against their targets.
        d.Paragraph(Section("Показатели эффективности"), bold: true, keepNext: true);
        var lines = dashboard.Lines;
        if (lines.Count > 0)
        {
            Caption($"Рисунок {++figure}. Выполнение показателей: факт в процентах (для показателя с плановым количеством — в процентах от плана), " +
                    $"чёрная отметка — плановое значение; тёмная полоса — план достигнут, светлая со штриховкой — ниже плана. Номер полосы — № строки таблицы {table + 1}.");
            d.Image(ChartPng.Bars([.. lines.Select(l => new ChartPng.Bar(Charted(l) ? l.Bar : null, l.TargetValue is null ? null : l.CountTarget ? 100 : l.TargetValue))]),
                ChartCm, "Выполнение показателей. " + string.Join(" ", lines.Select((l, i) => $"{N(i + 1)}. {l.Indicator.Name}: факт {IndicatorWeb.Value(l)}, план {IndicatorWeb.Target(l)}, {IndicatorWeb.LightName(l.Light)}.")),
                "Выполнение показателей");
        }
        Caption($"Таблица {++table}. Показатели эффективности");
        var t1 = new DocTable([new("№", 1), new("Показатель", 7), new("Факт", 2), new("Числитель / знаменатель", 4), new("План", 4), new("Отклонение", 4), new("Оценка", 3)]) { FontSizePt = 10 };
        for (var i = 0; i < lines.Count; i++)
        {
            var l = lines[i];
            t1.AddRow(N(i + 1), l.Indicator.Name, IndicatorWeb.Value(l), l.Numerator is null ? "—" : $"{l.Numerator} / {l.Denominator}", IndicatorWeb.Target(l), IndicatorWeb.Gap(l), IndicatorWeb.LightName(l.Light));
        }
        d.Table(t1);

        // Participants: by role (the dashboard), by form, kind and category (the structure page).
        d.Paragraph(Section("Участники наставничества"), bold: true, keepNext: true);
        Caption($"Таблица {++table}. Участники по ролям (каждый человек один раз в каждой роли)");
        var roles = new DocTable([new("Роль", 6), new("Человек", 2)]);
        foreach (var role in Enum.GetValues<ParticipantRole>()) roles.AddRow(Formats.Name(role), N(dashboard.ByRole.GetValueOrDefault(role)));
        d.Table(roles);
        foreach (var (caption, parts, first) in new[]
        {
            ("Участники по формам наставничества", structure.ByForm, "Форма"), ("Участники по видам наставничества", structure.ByKind, "Вид"),
            ("Наставляемые по категориям", structure.ByCategory, "Категория"),
        })
        {
            Caption($"Таблица {++table}. {caption}");
            if (parts.Count == 0)
            {
                d.Paragraph("Нет данных за период.", spaceAfterPt: 6);
                continue;
            }
            var t = new DocTable([new(first, 6), new("Участников", 2), new("Пар и групп", 2)]);
            foreach (var p in parts) t.AddRow(p.Name, N(p.People), N(p.Pairs));
            d.Table(t);
        }
        if (structure.SensitiveHidden)
            d.Paragraph("Категории ОВЗ, дети-сироты, трудная жизненная ситуация и малоимущие семьи в справку автора не входят: они видны куратору, руководителю и координаторам.", italic: true, sizePt: 10, spaceAfterPt: 6);

        // Pairs and groups by status.
        d.Paragraph(Section("Наставнические пары и группы по состоянию"), bold: true, keepNext: true);
        Caption($"Таблица {++table}. Пары и группы по состоянию (все пары и группы организаций)");
        var statuses = new DocTable([new("Состояние", 6), new("Пар и групп", 2)]);
        foreach (var status in Enum.GetValues<MentorshipStatus>()) statuses.AddRow(Formats.Name(status), N(dashboard.ByStatus.GetValueOrDefault(status)));
        statuses.AddRow("Всего", N(dashboard.ByStatus.Values.Sum()));
        d.Table(statuses);

        // Pupils involved: by organisation in a municipality, by municipality in a region.
        var rows = dashboard.Level.OrganizationId is not null ? []
            : dashboard.Level.MunicipalityId is not null
                ? board.Organizations.Select(o => (o.Name, o.PupilsInvolved, o.Pupils, Line: dashboard.PupilLines.GetValueOrDefault(o.OrganizationId))).ToList()
                : dashboard.Municipalities.Select(m => (m.Name, m.PupilsInvolved, m.Pupils, m.Line)).ToList();
        if (rows.Count > 0)
        {
            var by = dashboard.Level.MunicipalityId is not null ? "организациям" : "муниципалитетам";
            d.Paragraph(Section("Вовлечённость обучающихся по " + by), bold: true, keepNext: true);
            Caption($"Рисунок {++figure}. Доля обучающихся, вовлечённых в различные формы сопровождения и наставничества, % по {by}; чёрная отметка — план " +
                    $"(плановое количество пересчитано в долю от числа обучающихся). Номер полосы — № строки таблицы {table + 1}.");
            d.Image(ChartPng.Bars([.. rows.Select(r => new ChartPng.Bar(r.Pupils > 0 ? 100.0 * r.PupilsInvolved / r.Pupils : null, PlannedShare(r.Line, r.Pupils)))]),
                ChartCm, $"Доля вовлечённых обучающихся по {by}. " + string.Join(" ", rows.Select((r, i) =>
                    $"{N(i + 1)}. {r.Name}: {N(r.PupilsInvolved)} из {N(r.Pupils)}, {IndicatorWeb.Share(r.Pupils > 0 ? 100.0 * r.PupilsInvolved / r.Pupils : null)}, план {(r.Line is null ? "не задан" : IndicatorWeb.Target(r.Line))}.")),
                "Вовлечённость обучающихся");
            Caption($"Таблица {++table}. Вовлечённость обучающихся по {by}: вовлечено из всего обучающихся");
            var t = new DocTable([new("№", 1), new(dashboard.Level.MunicipalityId is not null ? "Организация" : "Муниципалитет", 7), new("Вовлечено", 3), new("Всего", 2), new("Доля", 2), new("План", 4), new("Отклонение", 4)]) { FontSizePt = 10 };
            for (var i = 0; i < rows.Count; i++)
            {
                var r = rows[i];
                t.AddRow(N(i + 1), r.Name, N(r.PupilsInvolved), N(r.Pupils), IndicatorWeb.Share(r.Pupils > 0 ? 100.0 * r.PupilsInvolved / r.Pupils : null),
                    r.Line is null ? "—" : IndicatorWeb.Target(r.Line), r.Line is null ? "—" : IndicatorWeb.Gap(r.Line));
            }
            t.AddRow("", "Итого", N(rows.Sum(r => r.PupilsInvolved)), N(rows.Sum(r => r.Pupils)), IndicatorWeb.Share(rows.Sum(r => r.Pupils) > 0 ? 100.0 * rows.Sum(r => r.PupilsInvolved) / rows.Sum(r => r.Pupils) : null), "", "");
            d.Table(t);
        }

        // The monthly trend of the monitoring year.
        d.Paragraph(Section($"Динамика по месяцам {board.AsOf.Year.ToString(CultureInfo.InvariantCulture)} года"), bold: true, keepNext: true);
        var trend = structure.Trend;
        Caption($"Рисунок {++figure}. Доля вовлечённых на конец каждого месяца, %: сплошная линия с закрашенными квадратами — обучающиеся, " +
                "пунктир с пустыми квадратами — педагоги. Под осью — номер месяца.");
        d.Image(ChartPng.Trend([new([.. trend.Select(p => p.PupilShare)]), new([.. trend.Select(p => p.TeacherShare)])], [.. trend.Select(p => p.On.Month)]),
            ChartCm, "Динамика по месяцам. " + string.Join(" ", trend.Select(p => $"На {Formats.Date(p.On)}: обучающиеся {IndicatorWeb.Share(p.PupilShare)}, педагоги {IndicatorWeb.Share(p.TeacherShare)}, пар и групп {N(p.Pairs)}.")),
            "Динамика по месяцам");
        Caption($"Таблица {++table}. Динамика по месяцам");
        var t5 = new DocTable([new("На дату", 2), new("Обучающихся вовлечено / всего", 3), new("Доля обучающихся", 3), new("Педагогов вовлечено / всего", 3), new("Доля педагогов", 3), new("Пар и групп", 2)]) { FontSizePt = 10 };
        foreach (var p in trend)
            t5.AddRow(Formats.Date(p.On), $"{N(p.PupilsInvolved)} / {N(p.Pupils)}", IndicatorWeb.Share(p.PupilShare), $"{N(p.TeachersInvolved)} / {N(p.Teachers)}", IndicatorWeb.Share(p.TeacherShare), N(p.Pairs));
        d.Table(t5);

        // Programmes on track or at risk.
        d.Paragraph(Section("Персонализированные программы наставничества"), bold: true, keepNext: true);
        Caption($"Таблица {++table}. Программы действующих пар и групп на {Formats.Date(board.AsOf)}");
        var t6 = new DocTable([new("Программы", 6), new("Количество", 2)]);
        t6.AddRow("Действующих программ", N(structure.LiveProgrammes));
        t6.AddRow("Идут по плану", N(structure.OnTrack));
        t6.AddRow("Требуют внимания", N(structure.AtRisk));
        foreach (var (_, name, count) in structure.WarningKinds.Where(k => k.Programmes > 0)) t6.AddRow("  в том числе: " + name, N(count));
        t6.AddRow("Пар и групп без программы", N(structure.LiveWithoutProgramme));
        d.Table(t6);

        // Roadmap execution.
        d.Paragraph(Section("Выполнение дорожных карт"), bold: true, keepNext: true);
        var (done, overdue, total) = dashboard.Roadmap;
        Caption($"Таблица {++table}. Мероприятия дорожных карт (кроме отменённых)");
        var t7 = new DocTable([new("Мероприятия", 6), new("Количество", 2)]);
        t7.AddRow("Всего", N(total));
        t7.AddRow("Выполнено", N(done) + (total > 0 ? $" ({IndicatorWeb.Share(100.0 * done / total)})" : ""));
        t7.AddRow("Просрочено", N(overdue));
        d.Table(t7);

        // Satisfaction from monitoring.
        d.Paragraph(Section("Удовлетворённость участников по итогам мониторинга"), bold: true, keepNext: true);
        var sat = dashboard.SatisfactionTotals;
        if (sat.Count == 0) d.Paragraph("За период анкеты удовлетворённости не заполнялись.", spaceAfterPt: 6);
        else
        {
            Caption($"Рисунок {++figure}. Средний балл анкет удовлетворённости в процентах от максимума шкалы. Пустая строка — ответов нет или их меньше " +
                    $"{N(SatisfactionBoard.MinAnswers)}. Номер полосы — № строки таблицы {table + 1}.");
            d.Image(ChartPng.Bars([.. sat.Select(f => new ChartPng.Bar(f.Percent))]), ChartCm,
                "Удовлетворённость участников. " + string.Join(" ", sat.Select((f, i) => $"{N(i + 1)}. {f.Questionnaire.Title}: {IndicatorWeb.Score(f)}, ответов {N(f.Responses)}, заполнено {IndicatorWeb.Rate(f)}.")),
                "Удовлетворённость участников");
            Caption($"Таблица {++table}. Удовлетворённость по анкетам мониторинга за период");
            var t8 = new DocTable([new("№", 1), new("Анкета", 5), new("Кто заполняет", 4), new("Средний балл", 3), new("% от максимума", 3), new("Ответов", 3), new("Заполнено из назначенных", 4)]) { FontSizePt = 10 };
            for (var i = 0; i < sat.Count; i++)
            {
                var f = sat[i];
                t8.AddRow(N(i + 1), f.Questionnaire.Title, IndicatorWeb.Audience(f.Questionnaire), IndicatorWeb.Score(f), f.Percent is { } p ? p.ToString("0", Ru) + " %" : "—", N(f.Responses), IndicatorWeb.Rate(f));
            }
            d.Table(t8);
            if (dashboard.SatisfactionRows.Count > 0)
            {
                Caption($"Таблица {++table}. Средний балл по {(dashboard.SatisfactionRows[0].IsOrganization ? "организациям" : "муниципалитетам")} (в скобках — число ответов)");
                var t9 = new DocTable([new(dashboard.SatisfactionRows[0].IsOrganization ? "Организация" : "Муниципалитет", 6), .. sat.Select(f => new DocColumn(f.Questionnaire.Title, 4))]) { FontSizePt = 10 };
                foreach (var r in dashboard.SatisfactionRows) t9.AddRow([r.Name, .. r.Figures.Select(f => $"{IndicatorWeb.Score(f)} ({N(f.Responses)})")]);
                d.Table(t9);
            }
            if (sat.Any(f => f.NotCounted > 0 && f.Published))
                d.Paragraph($"Средние без ответов организаций, где их меньше {N(SatisfactionBoard.MinAnswers)} и по которым вместе нельзя показать среднее, не раскрывая ответы отдельных людей.", italic: true, sizePt: 10, spaceAfterPt: 6);
        }

        d.Paragraph(Section("Выводы"), bold: true);
        d.EmptyLine();
        d.EmptyLine();
        return d.ToArray();
    }

    /// <summary>Indicators the first chart shows: shares, and counts that have a planned count.</summary>
    private static bool Charted(IndicatorLine l) => l.CountTarget ? l.Compared is not null : l.Indicator.Unit == IndicatorUnit.Share && l.Actual is not null;

    /// <summary>A pupils-involved target as a share of the pupils: seed 003 plans a count per school.</summary>
    private static double? PlannedShare(IndicatorLine? line, int pupils) => line?.TargetValue is not { } t ? null
        : line.CountTarget ? (pupils > 0 ? 100.0 * t / pupils : null)
        : t;
}
