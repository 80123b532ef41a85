using System.Globalization;
using System.Net;
using AngleSharp.Html.Parser;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using DocumentFormat.OpenXml.Validation;
using DocumentFormat.OpenXml.Wordprocessing;
using Microsoft.EntityFrameworkCore;
using Nastavnik.Features.Events;
using Nastavnik.Features.Indicators;
using Nastavnik.Features.Mentorships;
using Nastavnik.Features.Organizations;
using Nastavnik.Features.People;
using Nastavnik.Platform.Auth;

namespace Nastavnik.Tests.Indicators;

public sealed class IndicatorsTests(TestApp app) : IClassFixture<TestApp>
{
    /// <summary>Seed 003 (Тарасовский район): planned number of pupils involved by 31.12.2023 per organisation.</summary>
    private static readonly int[] Planned = [45, 47, 46, 40, 40, 50, 50, 77, 40, 202, 150, 30, 15, 10, 10, 50, 17, 25, 30, 60, 60, 45];
    private static readonly DateOnly AsOf = new(2023, 12, 31);

    private sealed record Scenario(Municipality Municipality, List<Organization> Orgs);

    /// <summary>
    /// 22 organisations; enrolment on 01.09.2023 is twice the planned count (so 50 % is exactly the plan); a municipal
    /// target of 50 % by 31.12.2023 and 70 % by 31.12.2024; per-organisation planned counts.
    /// Pupils in pairs: school 0 — 45 (the plan), school 1 — 40 of 47, school 2 — 42 of 46; one pupil of school 0 is in
    /// two groups; a terminated group and a draft in school 3 do not count.
    /// </summary>
    private async Task<Scenario> ArrangeAsync()
    {
        var mun = await app.CreateMunicipalityAsync();
        var orgs = new List<Organization>();
        for (var i = 0; i < Planned.Length; i++)
            orgs.Add(await app.CreateOrganizationAsync(mun, $"Школа {i + 1} {app.Unique("ОО")}"));
        await app.WithDbAsync(async db =>
        {
            for (var i = 0; i < orgs.Count; i++)
            {
                db.OrganizationEnrolments.Add(new OrganizationEnrolment
                {
                    OrganizationId = orgs[i].Id, MunicipalityId = mun.Id, RegionId = mun.RegionId, AsOf = new DateOnly(2023, 9, 1),
                    Pupils = Planned[i] * 2, Teachers = 20, EnteredAt = app.Clock.GetUtcNow().UtcDateTime,
                });
                db.IndicatorTargets.Add(new IndicatorTarget
                {
                    IndicatorCode = DefaultIndicators.PupilsInvolved, RegionId = mun.RegionId, MunicipalityId = mun.Id, OrganizationId = orgs[i].Id,
                    DueOn = new DateOnly(2023, 12, 31), Kind = TargetKind.Count, Value = Planned[i],
                });
            }
            db.IndicatorTargets.Add(new IndicatorTarget { IndicatorCode = DefaultIndicators.PupilsInvolved, RegionId = mun.RegionId, MunicipalityId = mun.Id, DueOn = new DateOnly(2023, 12, 31), Kind = TargetKind.Share, Value = 50 });
            db.IndicatorTargets.Add(new IndicatorTarget { IndicatorCode = DefaultIndicators.PupilsInvolved, RegionId = mun.RegionId, MunicipalityId = mun.Id, DueOn = new DateOnly(2024, 12, 31), Kind = TargetKind.Share, Value = 70 });
            await db.SaveChangesAsync();
        });
        var first = await AddGroupAsync(orgs[0], 45, MentorshipStatus.Active);
        await AddGroupAsync(orgs[0], 0, MentorshipStatus.Completed, extraPupils: [first[0]]);
        await AddGroupAsync(orgs[1], 40, MentorshipStatus.Active);
        await AddGroupAsync(orgs[2], 42, MentorshipStatus.Approved);
        await AddGroupAsync(orgs[3], 10, MentorshipStatus.Terminated);
        await AddGroupAsync(orgs[3], 5, MentorshipStatus.Draft);
        return new Scenario(mun, orgs);
    }

    /// <summary>A teacher mentoring a group of new pupils (teacher–pupil, 01.10.2023–31.05.2024); returns the pupils' ids.</summary>
    private Task<List<int>> AddGroupAsync(Organization org, int pupils, MentorshipStatus status, int[]? extraPupils = null) => app.WithDbAsync(async db =>
    {
        Person P(string last, PersonKind kind) => new()
        {
            OrganizationId = org.Id, MunicipalityId = org.MunicipalityId, RegionId = org.RegionId, LastName = last, FirstName = "Тест", Kind = kind, EnteredOn = new DateOnly(2023, 9, 1),
        };
        var mentor = P("Наставникова", PersonKind.Teacher);
        var list = Enumerable.Range(0, pupils).Select(i => P($"Ученик{i:000}", PersonKind.Pupil)).ToList();
        db.People.Add(mentor);
        db.People.AddRange(list);
        await db.SaveChangesAsync();
        var form = await db.MentoringForms.FirstAsync(f => f.RegionId == null && f.Code == "teacher-pupil");
        var kind = await db.MentoringKinds.FirstAsync(k => k.RegionId == null);
        var m = new Mentorship
        {
            OrganizationId = org.Id, MunicipalityId = org.MunicipalityId, RegionId = org.RegionId, FormId = form.Id, KindId = kind.Id, Status = status,
            StartDate = new DateOnly(2023, 10, 1), EndDate = new DateOnly(2024, 5, 31), CreatedAt = app.Clock.GetUtcNow().UtcDateTime,
            Participants = [new() { PersonId = mentor.Id, Role = ParticipantRole.Mentor }, .. list.Concat([]).Select(p => new MentorshipParticipant { PersonId = p.Id, Role = ParticipantRole.Mentee }),
                .. (extraPupils ?? []).Select(id => new MentorshipParticipant { PersonId = id, Role = ParticipantRole.Mentee })],
        };
        db.Mentorships.Add(m);
        await db.SaveChangesAsync();
        return list.Select(p => p.Id).ToList();
    });

    private Task<IndicatorBoard> BoardAsync(Municipality mun) =>
        app.WithDbAsync(db => IndicatorBoard.LoadAsync(db, new MonitoringLevel(mun.RegionId, mun.Id, null), AsOf));

    [Fact]
    public async Task Dashboard_Seed003Scenario_MunicipalShareAndSchoolGapsAreTheHandCount()
    {
        var s = await ArrangeAsync();
        var board = await BoardAsync(s.Municipality);
        var denominator = Planned.Sum() * 2;
        var pupils = board.ForMunicipality(s.Municipality.Id).Single(l => l.Indicator.Code == DefaultIndicators.PupilsInvolved);
        Assert.Equal(45 + 40 + 42, pupils.Numerator);
        Assert.Equal(denominator, pupils.Denominator);
        Assert.Equal(100.0 * 127 / denominator, pupils.Actual!.Value, 9);
        Assert.Equal(50, pupils.TargetValue);
        Assert.Equal(Light.Red, pupils.Light);

        var lines = board.Organizations.ToDictionary(o => o.OrganizationId, o => board.ForOrganization(o).Single(l => l.Indicator.Code == DefaultIndicators.PupilsInvolved));
        Assert.Equal((0.0, Light.Green), (lines[s.Orgs[0].Id].Gap!.Value, lines[s.Orgs[0].Id].Light));
        Assert.Equal((-7.0, Light.Red), (lines[s.Orgs[1].Id].Gap!.Value, lines[s.Orgs[1].Id].Light));
        Assert.Equal((-4.0, Light.Yellow), (lines[s.Orgs[2].Id].Gap!.Value, lines[s.Orgs[2].Id].Light));
        Assert.Equal((-40.0, Light.Red), (lines[s.Orgs[3].Id].Gap!.Value, lines[s.Orgs[3].Id].Light));
        Assert.Equal(-202.0, lines[s.Orgs[9].Id].Gap!.Value);

        // Teachers: the three mentors of counted groups plus the mentor of the completed group.
        var teachers = board.ForMunicipality(s.Municipality.Id).Single(l => l.Indicator.Code == DefaultIndicators.TeachersInvolved);
        Assert.Equal((4, 22 * 20), (teachers.Numerator!.Value, teachers.Denominator!.Value));
        var schools = board.ForMunicipality(s.Municipality.Id).Single(l => l.Indicator.Code == DefaultIndicators.SchoolsImplementing);
        Assert.Equal((3, 22), (schools.Numerator!.Value, schools.Denominator!.Value));

        // A year later the 70 % target applies.
        var later = await app.WithDbAsync(db => IndicatorBoard.LoadAsync(db, new MonitoringLevel(s.Municipality.RegionId, s.Municipality.Id, null), new DateOnly(2024, 6, 1)));
        Assert.Equal(70, later.ForMunicipality(s.Municipality.Id).Single(l => l.Indicator.Code == DefaultIndicators.PupilsInvolved).TargetValue);

        var coordinator = await app.LoginAsAsync(Role.MunicipalCoordinator, municipality: s.Municipality);
        var html = await coordinator.GetHtmlAsync("/indicators?date=2023-12-31");
        Assert.Contains($"127 / {denominator}", html);
        Assert.Contains(s.Orgs[21].Name, html);
        var drill = await coordinator.GetHtmlAsync($"/indicators/drill?date=2023-12-31&organization={s.Orgs[0].Id}&what=pupils");
        Assert.Contains("Всего: 45", drill);
    }

    /// <summary>A sheet's rows as text (inline strings and numbers as written).</summary>
    internal static List<List<string>> SheetRows(SpreadsheetDocument doc, string name)
    {
        var sheet = doc.WorkbookPart!.Workbook.Descendants<Sheet>().Single(x => x.Name == name);
        var part = (WorksheetPart)doc.WorkbookPart.GetPartById(sheet.Id!.Value!);
        return [.. part.Worksheet.Descendants<Row>().Select(r => r.Elements<Cell>().Select(c => c.InlineString?.InnerText ?? c.CellValue?.Text ?? "").ToList())];
    }

    private static readonly HtmlParser Parser = new();

    /// <summary>A number of the dashboard's lists («Участники по ролям», «Пары и группы по состоянию», «Дорожные карты»).</summary>
    internal static int ListValue(AngleSharp.Dom.IDocument doc, string heading, string label)
    {
        var list = doc.QuerySelectorAll("h2").First(h => h.TextContent == heading).NextElementSibling!;
        var item = list.QuerySelectorAll("li").First(li => li.TextContent.Trim().StartsWith(label + ":", StringComparison.Ordinal));
        return int.Parse(item.TextContent.Trim()[(label.Length + 1)..].Trim(), CultureInfo.InvariantCulture);
    }

    private static string Inv(int v) => v.ToString(CultureInfo.InvariantCulture);

    [Fact]
    public async Task Xlsx_Seed003Scenario_TotalsEqualTheDashboard()
    {
        var s = await ArrangeAsync();
        await app.CreateUserAsync(Role.Curator, organization: s.Orgs[0]);
        var board = await BoardAsync(s.Municipality);
        var coordinator = await app.LoginAsAsync(Role.MunicipalCoordinator, municipality: s.Municipality);
        var page = Parser.ParseDocument(await coordinator.GetHtmlAsync($"/indicators?date=2023-12-31&municipality={s.Municipality.Id}"));
        var response = await coordinator.GetAsync($"/indicators?date=2023-12-31&municipality={s.Municipality.Id}&handler=Xlsx");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var doc = SpreadsheetDocument.Open(new MemoryStream(await response.Content.ReadAsByteArrayAsync()), false);
        Assert.Equal(["Мониторинг", IndicatorReports.StatisticsSheet], doc.WorkbookPart!.Workbook.Descendants<Sheet>().Select(x => x.Name!.Value!));
        var rows = SheetRows(doc, "Мониторинг");
        Assert.Contains(rows, r => r.Any(c => c.Contains("31.12.2023", StringComparison.Ordinal)));
        var total = rows.Single(r => r.Count > 1 && r[1] == "Итого по муниципалитету");
        var pupils = board.ForMunicipality(s.Municipality.Id).Single(l => l.Indicator.Code == DefaultIndicators.PupilsInvolved);
        // Columns: municipality, organisation, then the pupils indicator's numerator and denominator first.
        Assert.Equal(Inv(pupils.Numerator!.Value), total[2]);
        Assert.Equal(Inv(pupils.Denominator!.Value), total[3]);
        Assert.Equal(4 + 1 + 22 + 2, rows.Count); // 4 stamp rows, header, 22 organisations, municipal total, overall total

        // The statistics sheet: the same stamp, then people by role, pairs by status and by form.
        var stats = SheetRows(doc, IndicatorReports.StatisticsSheet);
        Assert.Equal(rows.Skip(1).Take(3).Select(r => r[0]), stats.Skip(1).Take(3).Select(r => r[0]));
        Assert.Contains("31.12.2023", stats[0][0], StringComparison.Ordinal);
        var header = stats[5];
        int Col(string name) => header.IndexOf(name) is var i and >= 0 ? i : throw new Xunit.Sdk.XunitException("нет графы " + name + ": " + string.Join(" | ", header));
        Assert.Equal(5 + 1 + 22 + 2, stats.Count);
        foreach (var label in new[] { "Итого по муниципалитету", "Итого" })
        {
            var t = stats.Single(r => r.Count > 1 && r[1] == label);
            // Equal to the dashboard page…
            string Role(ParticipantRole r) => Nastavnik.Platform.Web.Formats.Name(r);
            Assert.Equal(Inv(ListValue(page, "Участники по ролям", Role(ParticipantRole.Mentor))), t[Col("Наставники")]);
            Assert.Equal(Inv(ListValue(page, "Участники по ролям", Role(ParticipantRole.Mentee))), t[Col("Наставляемые, всего")]);
            Assert.Equal(Inv(ListValue(page, "Участники по ролям", Role(ParticipantRole.Peer))), t[Col("Партнёры («равный — равному»)")]);
            foreach (var status in Enum.GetValues<MentorshipStatus>())
                Assert.Equal(Inv(ListValue(page, "Пары и группы по состоянию", Nastavnik.Platform.Web.Formats.Name(status))), t[Col("Пары и группы: " + Nastavnik.Platform.Web.Formats.Name(status))]);
            // …and to a hand count: four mentors (the terminated group's and the draft's do not count), 45 + 40 + 42 pupils
            // (one in two groups), six groups in all; one teacher–pupil form with 131 people in 4 counted groups; one curator.
            Assert.Equal(["4", "127", "0", "127", "0", "0", "0", "1"], new[] { "Наставники", "Наставляемые, всего", "из них педагоги", "из них обучающиеся", "из них студенты", "из них иные",
                "Партнёры («равный — равному»)", "Кураторы (учётные записи)" }.Select(c => t[Col(c)]));
            Assert.Equal(["1", "0", "1", "2", "1", "1", "6"], new[] { "черновик", "на утверждении", "утверждена", "действует", "завершена", "прекращена", "всего" }.Select(c => t[Col("Пары и группы: " + c)]));
            Assert.Equal("131", t[Col("«учитель – ученик»: участников")]);
            Assert.Equal("4", t[Col("«учитель – ученик»: пар и групп")]);
        }
        // A school's row: school 1 has 45 pupils in a group and 1 in a second one (the same pupil), two mentors.
        var school0 = stats.Single(r => r.Count > 1 && r[1] == s.Orgs[0].Name);
        Assert.Equal(["2", "45", "1"], new[] { Col("Наставники"), Col("Наставляемые, всего"), Col("Кураторы (учётные записи)") }.Select(i => school0[i]));
    }

    [Fact]
    public async Task Dashboard_AnotherMunicipality_SeesNothingOfOurs()
    {
        var s = await ArrangeAsync();
        var other = await app.CreateMunicipalityAsync();
        var stranger = await app.LoginAsAsync(Role.MunicipalCoordinator, municipality: other);
        var html = await stranger.GetHtmlAsync($"/indicators?date=2023-12-31&municipality={s.Municipality.Id}");
        Assert.DoesNotContain(s.Orgs[0].Name, html);
        Assert.DoesNotContain("127", html);
        var drill = await stranger.GetHtmlAsync($"/indicators/drill?date=2023-12-31&organization={s.Orgs[0].Id}&what=pupils");
        Assert.Contains("Всего: 0", drill);
        var xlsx = await stranger.GetAsync($"/indicators?date=2023-12-31&municipality={s.Municipality.Id}&handler=Xlsx");
        using var doc = SpreadsheetDocument.Open(new MemoryStream(await xlsx.Content.ReadAsByteArrayAsync()), false);
        Assert.All(doc.WorkbookPart!.WorksheetParts, w => Assert.DoesNotContain(s.Orgs[0].Name, w.Worksheet.InnerText));
        Assert.Equal("0", SheetRows(doc, IndicatorReports.StatisticsSheet).Single(r => r.Count > 1 && r[1] == "Итого")[2]);
        var curator = await app.LoginAsAsync(Role.Curator, organization: s.Orgs[1]);
        var own = await curator.GetHtmlAsync("/indicators?date=2023-12-31");
        Assert.Contains(s.Orgs[1].Name, own);
        Assert.DoesNotContain(s.Orgs[0].Name, own);
    }

    [Fact]
    public async Task Docx_AnalyticalReport_IsValidWithChartsAndTheDashboardsFigures()
    {
        var s = await ArrangeAsync();
        var coordinator = await app.LoginAsAsync(Role.MunicipalCoordinator, municipality: s.Municipality);
        var page = Parser.ParseDocument(await coordinator.GetHtmlAsync("/indicators?date=2023-12-31"));
        var response = await coordinator.GetAsync("/indicators?date=2023-12-31&handler=Docx");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var doc = WordprocessingDocument.Open(new MemoryStream(await response.Content.ReadAsByteArrayAsync()), false);
        Assert.Empty(new OpenXmlValidator().Validate(doc));
        var body = doc.MainDocumentPart!.Document.Body!;
        var text = body.InnerText;
        Assert.Contains("Аналитическая справка по итогам мониторинга реализации целевой модели наставничества", text);
        Assert.Contains("31 декабря 2023", text);
        Assert.Contains("Набор показателей: " + DefaultIndicators.PupilsInvolved, text);
        var paragraphs = body.Elements<Paragraph>().Select(p => p.InnerText).Where(t => t.Length > 0).ToList();
        Assert.Matches(@"^\d+\. Выводы$", paragraphs[^1]);

        // Charts: indicators against targets, pupils by organisation, the monthly trend — PNGs with their numbers as alt text.
        var images = doc.MainDocumentPart.ImageParts.ToList();
        Assert.Equal(3, images.Count);
        var alt = body.Descendants<DocumentFormat.OpenXml.Drawing.Wordprocessing.DocProperties>().Select(p => p.Description!.Value!).ToList();
        Assert.Equal(3, alt.Count);
        Assert.StartsWith("Выполнение показателей. 1. Доля обучающихся", alt[0], StringComparison.Ordinal);
        Assert.Contains($"1. {s.Orgs[0].Name}: 45 из 90, 50,0 %, план 45 на 31.12.2023.", alt[1]);
        Assert.Contains("На 31.12.2023: обучающиеся", alt[2]);
        foreach (var image in images)
        {
            using var stream = image.GetStream();
            var bytes = new MemoryStream();
            stream.CopyTo(bytes);
            Assert.True(Nastavnik.Tests.Platform.ChartPngTests.Decode(bytes.ToArray()).Width > 0);
        }

        // Every figure as on the dashboard page for the same date and scope.
        var tables = body.Descendants<DocumentFormat.OpenXml.Wordprocessing.Table>()
            .Select(t => t.Elements<TableRow>().Select(r => r.Elements<TableCell>().Select(c => c.InnerText).ToList()).ToList()).ToList();
        var indicators = tables.Single(t => t[0].SequenceEqual(["№", "Показатель", "Факт", "Числитель / знаменатель", "План", "Отклонение", "Оценка"]));
        var pageLines = page.QuerySelectorAll("table").First(t => t.QuerySelector("caption")?.TextContent == "Показатели эффективности").QuerySelectorAll("tbody tr").ToList();
        Assert.Equal(pageLines.Count, indicators.Count - 1);
        for (var i = 0; i < pageLines.Count; i++)
            Assert.Equal(pageLines[i].Children[2].TextContent.Trim(), indicators[i + 1][3]);
        var roles = tables.Single(t => t[0].SequenceEqual(["Роль", "Человек"]));
        foreach (var role in Enum.GetValues<ParticipantRole>())
        {
            var name = Nastavnik.Platform.Web.Formats.Name(role);
            Assert.Equal(Inv(ListValue(page, "Участники по ролям", name)), roles.Single(r => r[0] == name)[1]);
        }
        var statuses = tables.Single(t => t[0].SequenceEqual(["Состояние", "Пар и групп"]));
        foreach (var status in Enum.GetValues<MentorshipStatus>())
        {
            var name = Nastavnik.Platform.Web.Formats.Name(status);
            Assert.Equal(Inv(ListValue(page, "Пары и группы по состоянию", name)), statuses.Single(r => r[0] == name)[1]);
        }
        Assert.Equal("6", statuses.Single(r => r[0] == "Всего")[1]);
        var pupils = tables.Single(t => t[0].Count > 1 && t[0][1] == "Организация" && t[0].Contains("Вовлечено"));
        Assert.Equal(["", "Итого", "127", Inv(Planned.Sum() * 2)], pupils[^1].Take(4));
        var roadmap = tables.Single(t => t[0].SequenceEqual(["Мероприятия", "Количество"]));
        Assert.Equal(Inv(ListValue(page, "Дорожные карты", "Мероприятий")), roadmap.Single(r => r[0] == "Всего")[1]);
        var trend = tables.Single(t => t[0][0] == "На дату");
        Assert.Equal(12 + 1, trend.Count);
        Assert.Equal(["31.12.2023", $"127 / {Inv(Planned.Sum() * 2)}"], trend[^1].Take(2));
        Assert.Contains("За период анкеты удовлетворённости не заполнялись.", text);
    }

    [Fact]
    public async Task Duet_PairBothInContest_CountsOnlyThatPair()
    {
        var mun = await app.CreateMunicipalityAsync();
        var org = await app.CreateOrganizationAsync(mun);
        var a = await AddGroupAsync(org, 1, MentorshipStatus.Active);
        await AddGroupAsync(org, 1, MentorshipStatus.Active);
        await app.WithDbAsync(async db =>
        {
            var mentorId = await db.MentorshipParticipants.Where(p => p.Role == ParticipantRole.Mentor && db.MentorshipParticipants.Any(q => q.MentorshipId == p.MentorshipId && q.PersonId == a[0]))
                .Select(p => p.PersonId).FirstAsync();
            var e = new Event { RegionId = mun.RegionId, MunicipalityId = mun.Id, Kind = EventKind.Contest, Title = "Конкурс «Педагогический дуэт»", StartsOn = new DateOnly(2023, 11, 15) };
            e.Participants.Add(new EventParticipant { PersonId = mentorId, Team = "1" });
            e.Participants.Add(new EventParticipant { PersonId = a[0], Team = "1" });
            db.Events.Add(e);
            await db.SaveChangesAsync();
        });
        var board = await BoardAsync(mun);
        var duet = board.ForMunicipality(mun.Id).Single(l => l.Indicator.Code == DefaultIndicators.DuetPairs);
        Assert.Equal((1, 2), (duet.Numerator!.Value, duet.Denominator!.Value));
    }

    [Fact]
    public async Task Targets_CuratorCannotSet_CoordinatorCan()
    {
        var mun = await app.CreateMunicipalityAsync();
        var org = await app.CreateOrganizationAsync(mun);
        var fields = new Dictionary<string, string>
        {
            ["Input.IndicatorCode"] = DefaultIndicators.PupilsInvolved, ["Input.MunicipalityId"] = mun.Id.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Input.DueOn"] = "2024-12-31", ["Input.Kind"] = "Share", ["Input.Value"] = "70",
        };
        var curator = await app.LoginAsAsync(Role.Curator, organization: org);
        var denied = await curator.PostFormAsync("/indicators/targets", fields);
        Assert.Contains("accessdenied", denied.Headers.Location?.OriginalString ?? "", StringComparison.OrdinalIgnoreCase);
        var coordinator = await app.LoginAsAsync(Role.MunicipalCoordinator, municipality: mun);
        Assert.Equal(HttpStatusCode.Redirect, (await coordinator.PostFormAsync("/indicators/targets", fields)).StatusCode);
        Assert.Equal(1, await app.WithDbAsync(db => db.IndicatorTargets.CountAsync(t => t.MunicipalityId == mun.Id)));

        var enrol = await curator.PostFormAsync("/indicators/enrolment", new()
        {
            ["Input.OrganizationId"] = org.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), ["Input.AsOf"] = "2023-09-01", ["Input.Pupils"] = "512", ["Input.Teachers"] = "40",
        });
        Assert.Equal(HttpStatusCode.Redirect, enrol.StatusCode);
        var figures = (await BoardAsync(mun)).Organizations.Single();
        Assert.Equal((512, 40), (figures.Pupils, figures.Teachers));
    }
}

public sealed class IndicatorValuesTests(TestApp app) : IClassFixture<TestApp>
{
    [Fact]
    public async Task ManualValue_HeadEntersForOwnSchool_ShownOnDashboardWithSource()
    {
        var mun = await app.CreateMunicipalityAsync();
        var org = await app.CreateOrganizationAsync(mun);
        var head = await app.LoginAsAsync(Role.Head, organization: org);
        var bad = await head.PostFormAsync("/indicators/values", new() { ["Input.IndicatorCode"] = "young-teachers-iku", ["Input.OrganizationId"] = org.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), ["Input.AsOf"] = "2023-12-01", ["Input.Source"] = "Мониторинг" });
        Assert.Contains("Укажите числитель и знаменатель или значение.", await bad.Content.ReadAsStringAsync());
        var ok = await head.PostFormAsync("/indicators/values", new()
        {
            ["Input.IndicatorCode"] = "young-teachers-iku", ["Input.OrganizationId"] = org.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), ["Input.AsOf"] = "2023-12-01",
            ["Input.Numerator"] = "3", ["Input.Denominator"] = "4", ["Input.Source"] = "Мониторинг профессиональных компетенций",
        });
        Assert.Equal(HttpStatusCode.Redirect, ok.StatusCode);
        var html = await head.GetHtmlAsync("/indicators?date=2023-12-31");
        Assert.Contains("75,0 %", html);
        Assert.Contains("Мониторинг профессиональных компетенций, 01.12.2023", html);
    }
}
