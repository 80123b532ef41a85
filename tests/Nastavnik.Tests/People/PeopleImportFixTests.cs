using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using Microsoft.EntityFrameworkCore;
using Nastavnik.Features.Organizations;
using Nastavnik.Features.People;
using Nastavnik.Platform.Auth;

namespace Nastavnik.Tests.People;

/// <summary>Defects found in the second review: access-log gaps, API bad input, mentor hours and capacity, upload limits.</summary>
public sealed partial class PeopleImportTests
{
    private Task<Municipality> MunicipalityOf(Organization org) => app.WithDbAsync(async db => (await db.Municipalities.FindAsync(org.MunicipalityId))!);

    [Fact]
    public async Task Import_OrganizationFromFileColumn_AuditedPerOrganization_CoordinatorSeesIt()
    {
        var municipality = await app.CreateMunicipalityAsync();
        var a = await app.CreateOrganizationAsync(municipality, "Школа А " + Guid.NewGuid().ToString("N")[..6]);
        var b = await app.CreateOrganizationAsync(municipality, "Школа Б " + Guid.NewGuid().ToString("N")[..6]);
        var coordinator = await app.LoginAsAsync(Role.MunicipalCoordinator, municipality: municipality);
        var csv = "Фамилия;Имя;Организация;Кто;Дата согласия;Согласие дал\r\n" +
            $"Аудитова;Анна;{a.Name};педагог;01.09.2026;сам\r\n" +
            $"Аудитов;Борис;{b.Name};педагог;01.09.2026;сам\r\n" +
            $"Аудитова;Вера;{b.Name};педагог;01.09.2026;сам\r\n";
        var html = await UploadHtmlAsync(coordinator, "Две школы.csv", TestFiles.Csv(csv, Encoding.UTF8, bom: true));
        Assert.Contains("будет создано: <strong>3</strong>", html);
        Assert.Equal(HttpStatusCode.Redirect, (await ApplyAsync(coordinator, html, allOrNothing: true)).StatusCode);
        var lines = await app.WithDbAsync(db => db.AuditEntries.Where(x => x.Action == "import" && (x.OrganizationId == a.Id || x.OrganizationId == b.Id)).ToListAsync());
        Assert.Equal(2, lines.Count);
        Assert.Contains("создано 1", lines.Single(x => x.OrganizationId == a.Id).Details);
        Assert.Contains("создано 2", lines.Single(x => x.OrganizationId == b.Id).Details);
        Assert.Contains("«Две школы.csv»", await coordinator.GetHtmlAsync("/people/accesslog"));
    }

    [Fact]
    public async Task Api_PeopleList_AuditedPerOrganizationOnThePage()
    {
        var org = await app.CreateOrganizationAsync();
        await app.CreatePersonAsync(org, "Списочная");
        var client = await ApiTestHelpers.TokenClientAsync(app, Role.MunicipalCoordinator, municipality: await MunicipalityOf(org));
        var r = await client.GetAsync("/api/v1/people");
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        var entry = await app.WithDbAsync(db => db.AuditEntries.SingleAsync(x => x.Action == "export" && x.OrganizationId == org.Id));
        Assert.Contains("API", entry.Details);
        Assert.Contains("записей этой организации: 1", entry.Details);
    }

    [Theory]
    [InlineData("/api/v1/people?kind=Zzz", "kind")]
    [InlineData("/api/v1/people?organizationId=abc", "organizationId")]
    [InlineData("/api/v1/people?register=foo", "register")]
    public async Task Api_BadQueryValue_RussianProblem400(string url, string parameter)
    {
        var org = await app.CreateOrganizationAsync();
        var client = await ApiTestHelpers.TokenClientAsync(app, Role.Curator, organization: org);
        var r = await client.GetAsync(url);
        await AssertRussianProblem400(r, parameter);
    }

    [Fact]
    public async Task Api_BrokenJson_RussianProblem400()
    {
        var org = await app.CreateOrganizationAsync();
        var client = await ApiTestHelpers.TokenClientAsync(app, Role.Curator, organization: org);
        var r = await client.PostAsync("/api/v1/people", new StringContent("{\"person\": {\"lastName\": ", Encoding.UTF8, "application/json"));
        await AssertRussianProblem400(r, "JSON");
        // An empty error status on /api is problem details too, not the HTML error page.
        var wrongMethod = await client.DeleteAsync("/api/v1/people/1");
        Assert.True((int)wrongMethod.StatusCode >= 400);
        Assert.Equal("application/problem+json", wrongMethod.Content.Headers.ContentType?.MediaType);
    }

    private static async Task AssertRussianProblem400(HttpResponseMessage r, string mentions)
    {
        var text = await r.Content.ReadAsStringAsync();
        Assert.True(r.StatusCode == HttpStatusCode.BadRequest, text);
        Assert.Equal("application/problem+json", r.Content.Headers.ContentType?.MediaType);
        var body = await r.Content.ReadAsStringAsync();
        using var doc = JsonDocument.Parse(body);
        Assert.Equal("Некорректный запрос", doc.RootElement.GetProperty("title").GetString());
        var detail = doc.RootElement.GetProperty("detail").GetString()!;
        Assert.Contains(mentions, detail);
        Assert.Matches("[А-Яа-я]", detail);
        Assert.DoesNotContain("Exception", body);
        Assert.DoesNotContain("Failed to", body);
    }

    [Fact]
    public void Api_ThrowsOnBadRequestInEveryEnvironment()
    {
        var options = app.Services.GetService(typeof(Microsoft.Extensions.Options.IOptions<Microsoft.AspNetCore.Routing.RouteHandlerOptions>))
            as Microsoft.Extensions.Options.IOptions<Microsoft.AspNetCore.Routing.RouteHandlerOptions>;
        Assert.True(options!.Value.ThrowOnBadRequest);
    }

    [Fact]
    public async Task Import_MentorHoursAndCapacity_Loaded_WordsRejectedWithLine()
    {
        var (client, org) = await CuratorAsync();
        const string csv = "Фамилия;Имя;Кто;Роль в банке;Ресурс времени, ч/мес;Макс. число наставляемых;Дата согласия;Согласие дал\r\n" +
            "Часова;Анна;педагог;наставник;8;3;01.09.2026;сам\r\n" +
            "Словесов;Борис;педагог;наставник;десять;2;01.09.2026;сам\r\n" +
            "Емкова;Вера;педагог;наставник;4;сорок;01.09.2026;сам\r\n";
        var html = await UploadHtmlAsync(client, "Наставники.csv", TestFiles.Csv(csv, Encoding.UTF8, bom: true), org.Id);
        Assert.Matches(@"<td>3</td>.*Ресурс времени «десять» — не целое число часов в месяц\.", html);
        Assert.Matches(@"<td>4</td>.*Число наставляемых «сорок» — не целое число\.", html);
        await ApplyAsync(client, html, allOrNothing: false);
        var mentor = (await PeopleOf(org)).Single(p => p.LastName == "Часова");
        Assert.Equal(8, mentor.Mentor!.HoursPerMonth);
        Assert.Equal(3, mentor.Mentor.Capacity);

        // The same row with new hours is an update of the mentor profile.
        var again = await UploadHtmlAsync(client, "Наставники.csv", TestFiles.Csv(csv.Replace(";8;3;", ";12;3;"), Encoding.UTF8, bom: true), org.Id);
        Assert.Contains("ресурс времени", again);
    }

    [Fact]
    public async Task Import_EmptyFile_SaysEmpty_PageStatesLimit_OversizeComesBackWithMessage()
    {
        var (client, _) = await CuratorAsync();
        var html = await UploadHtmlAsync(client, "пусто.csv", []);
        Assert.Contains("пустой", html);
        Assert.DoesNotContain("Выберите файл .xlsx или .csv.", html);
        Assert.Contains("Не больше 20 МБ", await client.GetHtmlAsync("/people/import"));

        var big = await UploadAsync(client, "большой.csv", new byte[22 * 1024 * 1024]);
        Assert.Equal(HttpStatusCode.Redirect, big.StatusCode);
        var backResponse = await client.GetAsync(big.Headers.Location!.ToString());
        Assert.True(backResponse.StatusCode == HttpStatusCode.OK, backResponse.StatusCode + " " + backResponse.Headers.Location);
        var back = await backResponse.Content.ReadAsStringAsync();
        Assert.True(back.Contains("Файл больше 20 МБ", StringComparison.Ordinal), big.Headers.Location + "\n" + "");
    }

    [Fact]
    public async Task Import_SingleOrganizationCurator_NoOrganizationColumn_NeedsNoChoice()
    {
        var (client, org) = await CuratorAsync();
        var page = await client.GetHtmlAsync("/people/import");
        Assert.Contains($"<option value=\"{org.Id}\" selected=\"selected\"", page);
        const string csv = "Фамилия;Имя;Кто;Дата согласия;Согласие дал\r\nОдинокова;Анна;педагог;01.09.2026;сам\r\n";
        var html = await UploadHtmlAsync(client, "одна.csv", TestFiles.Csv(csv, Encoding.UTF8, bom: true));
        Assert.Contains("будет создано: <strong>1</strong>", html);
    }

    [Fact]
    public async Task Import_ExistingMinorWithSelfConsent_Rejected()
    {
        var (client, org) = await CuratorAsync();
        await app.CreatePersonAsync(org, "Малолеткина", PersonKind.Pupil, birthDate: new DateOnly(2013, 5, 1), guardian: "Малолеткина Ольга");
        const string csv = "Фамилия;Имя;Отчество;Дата рождения;Кто;Дата согласия;Согласие дал\r\nМалолеткина;Мария;Петровна;01.05.2013;обучающийся;01.09.2026;сам\r\n";
        var html = await UploadHtmlAsync(client, "дети.csv", TestFiles.Csv(csv, Encoding.UTF8, bom: true), org.Id);
        Assert.Contains("За несовершеннолетнего согласие даёт законный представитель.", html);
        Assert.Contains("отклонено: <strong class=\"text-danger\">1</strong>", html);
    }

    [Fact]
    public async Task Import_RejectedRows_NoNameShownAsSuch_XlsxPhoneWithoutApostrophe_DownloadAudited()
    {
        var (client, org) = await CuratorAsync();
        const string csv = "Фамилия;Имя;Дата рождения;Телефон;Кто;Дата согласия\r\n;;10.10.2011;+7 900 111-22-33;педагог;01.09.2026\r\n";
        var html = await UploadHtmlAsync(client, "без имени.csv", TestFiles.Csv(csv, Encoding.UTF8, bom: true), org.Id);
        Assert.Contains("(без ФИО)", html);
        Assert.DoesNotContain("10.10.2011 +7", html);
        var r = await PostFormAsync(client, "Rejected", FormOf(html));
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        using var ms = new MemoryStream(await r.Content.ReadAsByteArrayAsync());
        using var doc = SpreadsheetDocument.Open(ms, false);
        var formats = doc.WorkbookPart!.WorkbookStylesPart!.Stylesheet.CellFormats!.Elements<CellFormat>().ToList();
        var phone = doc.WorkbookPart.WorksheetParts.First().Worksheet.Descendants<Cell>().Single(c => c.InnerText.Contains("900 111", StringComparison.Ordinal));
        Assert.Equal("+7 900 111-22-33", phone.InnerText);
        Assert.True(formats[(int)phone.StyleIndex!.Value].QuotePrefix?.Value);
        var entry = await app.WithDbAsync(db => db.AuditEntries.SingleAsync(x => x.Action == "export" && x.OrganizationId == org.Id));
        Assert.Contains("отклонённые строки", entry.Details);
    }

    [Fact]
    public async Task AccessLog_WithdrawnPerson_NameShownAndSearchable_OnlyInOwnMunicipality()
    {
        var org = await app.CreateOrganizationAsync();
        var person = await app.CreatePersonAsync(org, "Отозванова");
        var curator = await app.LoginAsAsync(Role.Curator, organization: org);
        Assert.Equal(HttpStatusCode.OK, (await curator.GetAsync($"/people/card/{person.Id}")).StatusCode);
        await app.WithDbAsync(async db =>
        {
            var p = await db.People.IgnoreQueryFilters().SingleAsync(x => x.Id == person.Id);
            p.IsWithdrawn = true;
            p.WithdrawnAt = app.Clock.GetUtcNow().UtcDateTime;
            await db.SaveChangesAsync();
        });
        var coordinator = await app.LoginAsAsync(Role.MunicipalCoordinator, municipality: await MunicipalityOf(org));
        var log = await coordinator.GetHtmlAsync("/people/accesslog");
        Assert.Contains("Отозванова Мария Петровна (согласие отозвано)", log);
        var found = await coordinator.GetHtmlAsync("/people/accesslog?person=" + Uri.EscapeDataString("отозванова"));
        Assert.Contains("Отозванова", found);
        Assert.Contains("Записей: 1", found);

        var other = await app.LoginAsAsync(Role.MunicipalCoordinator, municipality: await app.CreateMunicipalityAsync());
        Assert.DoesNotContain("Отозванова", await other.GetHtmlAsync("/people/accesslog"));
        var search = await other.GetHtmlAsync("/people/accesslog?person=" + Uri.EscapeDataString("отозванова"));
        Assert.DoesNotContain("Отозванова Мария", search);
        Assert.Contains("Записей: 0", search);
    }
}
