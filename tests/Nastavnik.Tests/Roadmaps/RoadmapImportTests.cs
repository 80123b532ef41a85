using System.Net;
using Microsoft.EntityFrameworkCore;
using Nastavnik.Features.Roadmaps;
using Nastavnik.Platform.Auth;
using Nastavnik.Platform.Import;

namespace Nastavnik.Tests.Roadmaps;

/// <summary>Roadmap tables as the seeds have them, from Excel and Word; and files meant to break the importer.</summary>
public sealed class RoadmapImportTests(TestApp app) : IClassFixture<TestApp>
{
    private static readonly DueContext Year2023 = DueContext.ForSchoolYear(2023);

    /// <summary>Seed 004's staged layout in Excel: a stage column filled on the stage's first row only, №, activity and content.</summary>
    [Fact]
    public void Xlsx_StagedTable_StagesFromStageColumn_ItemsNumberedWithin()
    {
        var file = TestFiles.Xlsx(
            ["Дорожная карта по реализации целевой модели наставничества"],
            ["№", "Название этапа", "Мероприятия", "Содержание деятельности", "Сроки", "Ответственные"],
            ["1", "Подготовка условий для реализации", "Подготовка нормативной базы", "Разработка и утверждение плана мероприятий", "Август 2023", "Методический кабинет"],
            ["", "", "Выбор форм и программ", "Проведение мониторинга запросов", "Октябрь 2023", "Образовательные организации"],
            ["2", "Формирование базы наставляемых", "Сбор данных о наставляемых", "Анкетирование педагогов", "Сентябрь 2023", "Кураторы"],
            ["", "", "", "Формирование базы данных наставляемых", "Сентябрь 2023", "Кураторы"],
            ["", "", "", "", "=cmd|' /C calc'!A0", ""]);
        var preview = RoadmapImport.Analyze(new MemoryStream(file), "карта.xlsx", Year2023);
        var stages = preview.Rows.Where(r => r.Outcome == RoadmapImportOutcome.Stage).ToList();
        Assert.Equal([("1", "Подготовка условий для реализации"), ("2", "Формирование базы наставляемых")], stages.Select(s => (s.StageNumber!, s.StageTitle!)));
        var items = preview.Rows.Where(r => r.Outcome == RoadmapImportOutcome.Item).ToList();
        Assert.Equal(["1.1", "1.2", "2.1", "2.2"], items.Select(i => i.Number));
        Assert.Equal("Формирование базы данных наставляемых", items[3].Name); // no activity: the content names it
        Assert.Equal(new DateOnly(2023, 8, 31), items[0].Due!.End);
        var reject = Assert.Single(preview.Rows, r => r.Outcome == RoadmapImportOutcome.Reject);
        Assert.Equal(7, reject.Line);
    }

    /// <summary>Seed 003's layout in Excel: sections as rows with one cell, numbered items.</summary>
    [Fact]
    public void Xlsx_SectionRows_BecomeStages()
    {
        var file = TestFiles.Xlsx(
            ["№", "Мероприятие", "Сроки", "Ответственные"],
            ["1. Нормативное правовое регулирование внедрения методологии"],
            ["1.1", "Определение ответственных лиц", "сентябрь", "МУ ОО"],
            ["1.6.", "Согласование дорожных карт с МУ ОО", "до 20.09.2023", "руководители ОО"],
            ["2. Организационная поддержка"],
            ["2.1", "Формирование базы данных о наставниках", "в течение всего периода реализации ЦМН", "кураторы"]);
        var preview = RoadmapImport.Analyze(new MemoryStream(file), "карта.xlsx", Year2023);
        Assert.Equal(["1", "2"], preview.Rows.Where(r => r.Outcome == RoadmapImportOutcome.Stage).Select(r => r.StageNumber));
        Assert.Equal(["1.1", "1.6", "2.1"], preview.Rows.Where(r => r.Outcome == RoadmapImportOutcome.Item).Select(r => r.Number));
        var deadline = preview.Rows.Single(r => r.Number == "1.6").Due!;
        Assert.Equal((DueKind.Deadline, new DateOnly(2023, 9, 20)), (deadline.Kind, deadline.End!.Value));
        Assert.Contains("«Сроки» → Сроки", preview.MappedColumns);
    }

    [Fact]
    public void Files_WithoutARoadmapTable_RefusedInRussian()
    {
        var noHeader = TestFiles.Xlsx(["Фамилия", "Имя"], ["Иванов", "Иван"]);
        var ex = Assert.Throws<ImportFileException>(() => RoadmapImport.Analyze(new MemoryStream(noHeader), "x.xlsx", Year2023));
        Assert.Contains("Не найдена строка заголовков", ex.Message);
        var docNoTable = RoadmapTestKit.Docx(["Фамилия", "Имя"], ["Иванов", "Иван"]);
        ex = Assert.Throws<ImportFileException>(() => RoadmapImport.Analyze(new MemoryStream(docNoTable), "x.docx", Year2023));
        Assert.Contains("Ни в одной таблице", ex.Message);
    }

    public static TheoryData<string, byte[]> Hostile()
    {
        var data = new TheoryData<string, byte[]>();
        foreach (var (name, content) in TestFiles.HostileCorpus().Where(f => f.Name.EndsWith(".xlsx", StringComparison.Ordinal)))
        {
            data.Add(name, content);
            data.Add(Path.ChangeExtension(name, ".docx"), content);
        }
        data.Add("old.doc", "D0CF11E0"u8.ToArray());
        data.Add("notes.txt", "просто текст"u8.ToArray());
        return data;
    }

    [Theory]
    [MemberData(nameof(Hostile))]
    public async Task HostileUpload_RussianMessage_NoChange_No500(string name, byte[] content)
    {
        var org = await app.CreateOrganizationAsync();
        var curator = await app.LoginAsAsync(Role.Curator, organization: org);
        var id = await RoadmapTestKit.CreateAsync(curator, RoadmapTestKit.Owner(org), null, "sy:2026");
        var r = await curator.PostMultipartAsync($"/roadmaps/import/{id}?handler=Analyze", $"/roadmaps/import/{id}", name, content);
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        var html = await r.Content.ReadAsStringAsync();
        Assert.Contains("validation-summary-errors", html);
        Assert.Matches("(?i)файл|документ|таблиц", html[html.IndexOf("validation-summary-errors", StringComparison.Ordinal)..]);
        Assert.DoesNotContain("Exception", html);
        Assert.Equal(0, await app.WithDbAsync(db => db.RoadmapItems.CountAsync(i => i.RoadmapId == id)));
    }

    [Fact]
    public async Task Apply_Replace_SwapsThePlan_AndExportRoundTrips()
    {
        var org = await app.CreateOrganizationAsync();
        var curator = await app.LoginAsAsync(Role.Curator, organization: org);
        var source = await RoadmapTestKit.CreateAsync(curator, RoadmapTestKit.Owner(org), RoadmapTemplates.School.Key, "sy:2026");
        var target = await RoadmapTestKit.CreateAsync(curator, RoadmapTestKit.Owner(org), RoadmapTemplates.Staged.Key, "sy:2026");

        // Our own DOCX export (approval header table first, then the plan) is a valid import file.
        var docx = await (await curator.GetAsync($"/roadmaps/export/{source}?format=docx")).Content.ReadAsByteArrayAsync();
        var check = await curator.PostMultipartAsync($"/roadmaps/import/{target}?handler=Analyze", $"/roadmaps/import/{target}", "экспорт.docx", docx);
        var html = await check.Content.ReadAsStringAsync();
        var token = System.Text.RegularExpressions.Regex.Match(html, "name=\"token\" value=\"([^\"]+)\"").Groups[1].Value;
        var apply = await curator.PostFormAsync($"/roadmaps/import/{target}?handler=Apply", new() { ["token"] = token, ["replace"] = "true" }, formPage: $"/roadmaps/import/{target}");
        Assert.Equal(HttpStatusCode.Redirect, apply.StatusCode);
        var a = await RoadmapTestKit.LoadAsync(app, source);
        var b = await RoadmapTestKit.LoadAsync(app, target);
        Assert.Equal(a.Stages.OrderBy(s => s.Order).Select(s => s.Title), b.Stages.OrderBy(s => s.Order).Select(s => s.Title));
        Assert.Equal(a.Items.OrderBy(i => i.Order).Select(i => (i.Number, i.Name, i.DueText, i.Responsible)),
            b.Items.OrderBy(i => i.Order).Select(i => (i.Number, i.Name, i.DueText, i.Responsible)));
    }
}
