using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Nastavnik.Features.Organizations;
using Nastavnik.Platform.Auth;

namespace Nastavnik.Tests.Organizations;

public sealed partial class OrganizationImportTests(TestApp app) : IClassFixture<TestApp>
{
    private async Task<(HttpClient Client, Municipality Municipality)> CoordinatorAsync(string municipalityName = "Тарасовский район")
    {
        var region = await app.CreateRegionAsync();
        var m = await app.WithDbAsync(async db =>
        {
            var x = new Municipality { RegionId = region.Id, Name = municipalityName };
            db.Municipalities.Add(x);
            await db.SaveChangesAsync();
            return x;
        });
        return (await app.LoginAsAsync(Role.MunicipalCoordinator, municipality: m), m);
    }

    private static async Task<HttpResponseMessage> UploadAsync(HttpClient client, string fileName, byte[] content, int? municipalityId = null)
    {
        var page = await client.GetHtmlAsync("/organizations/import");
        var token = HttpClientExtensions.AntiforgeryToken(page);
        using var form = new MultipartFormDataContent();
        form.Add(new StringContent(token), "__RequestVerificationToken");
        var file = new ByteArrayContent(content);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        form.Add(file, "file", fileName);
        if (municipalityId is not null) form.Add(new StringContent(municipalityId.ToString()!), "municipalityId");
        return await client.PostAsync("/organizations/import?handler=Analyze", form);
    }

    private static async Task<HttpResponseMessage> ApplyAsync(HttpClient client, string analyzeHtml, bool allOrNothing)
    {
        var token = ImportTokenRegex().Match(analyzeHtml).Groups[1].Value;
        var municipality = MunicipalityRegex().Match(analyzeHtml).Groups[1].Value;
        var af = HttpClientExtensions.AntiforgeryToken(analyzeHtml);
        return await client.PostAsync("/organizations/import?handler=Apply", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = af, ["token"] = token, ["municipalityId"] = municipality,
            ["allOrNothing"] = allOrNothing ? "true" : "false",
        }));
    }

    [Fact]
    public async Task Import_Seed003Cp1251Csv_Creates22ThenReimportChangesNothing()
    {
        var (client, m) = await CoordinatorAsync();
        var bytes = await File.ReadAllBytesAsync(TestFiles.Path("seed003-organizations-cp1251.csv"));

        var analyze = await UploadAsync(client, "Приложение 1.csv", bytes);
        var html = await analyze.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, analyze.StatusCode);
        Assert.Contains("будет создано: <strong>22</strong>", html);
        Assert.Contains("Большинская средняя общеобразовательная школа", html);
        var applied = await ApplyAsync(client, html, allOrNothing: true);
        Assert.Equal(HttpStatusCode.Redirect, applied.StatusCode);

        var orgs = await app.WithDbAsync(db => db.Organizations.Where(o => o.MunicipalityId == m.Id).ToListAsync());
        Assert.Equal(22, orgs.Count);
        Assert.Equal(202, orgs.Single(o => o.Name.EndsWith("Тарасовская средняя общеобразовательная школа №1", StringComparison.Ordinal)).PupilCount);
        Assert.Equal(4, orgs.Count(o => o.Kind == OrganizationKind.AdditionalEducation));
        Assert.Contains(orgs, o => o.Name.Contains("\"Лесная республика\"", StringComparison.Ordinal));

        var again = await (await UploadAsync(client, "Приложение 1.csv", bytes)).Content.ReadAsStringAsync();
        Assert.Contains("будет создано: <strong>0</strong>", again);
        Assert.Contains("без изменений: <strong>22</strong>", again);
        await ApplyAsync(client, again, allOrNothing: false);
        Assert.Equal(22, await app.WithDbAsync(db => db.Organizations.CountAsync(o => o.MunicipalityId == m.Id)));
    }

    [Fact]
    public async Task Import_Utf8BomCsvAndXlsx_AreReadAlike()
    {
        var (client, _) = await CoordinatorAsync();
        var utf8 = await (await UploadAsync(client, "list.csv", await File.ReadAllBytesAsync(TestFiles.Path("seed003-organizations-utf8bom.csv")))).Content.ReadAsStringAsync();
        Assert.Contains("будет создано: <strong>22</strong>", utf8);
        var xlsx = TestFiles.Xlsx(
            ["Наименование", "Тип", "Муниципалитет", "Количество обучающихся", "Количество педагогов"],
            ["МБОУ Первая СОШ", "школа", "Тарасовский район", "410", "33"],
            ["МБДОУ Детский сад «Радуга»", "ДОУ", "Тарасовский район", "120", "15"]);
        var html = await (await UploadAsync(client, "list.xlsx", xlsx)).Content.ReadAsStringAsync();
        Assert.Contains("будет создано: <strong>2</strong>", html);
        Assert.Contains("Дошкольная образовательная организация", html);
    }

    [Fact]
    public async Task Import_BadRows_ReportedWithLineAndReason_AllOrNothingWritesNothing()
    {
        var (client, m) = await CoordinatorAsync();
        var csv = "Наименование;Тип;Муниципалитет;Обучающихся\n" +
                  "МБОУ Хорошая СОШ;школа;Тарасовский район;100\n" +
                  ";школа;Тарасовский район;5\n" +
                  "МБОУ Вторая СОШ;космодром;Тарасовский район;5\n" +
                  "МБОУ Третья СОШ;школа;Чужой район;5\n" +
                  "МБОУ Четвёртая СОШ;школа;Тарасовский район;-7\n" +
                  "МБОУ Хорошая СОШ;школа;Тарасовский район;100\n";
        var html = await (await UploadAsync(client, "bad.csv", Encoding.UTF8.GetBytes(csv))).Content.ReadAsStringAsync();
        Assert.Contains("отклонено: <strong class=\"text-danger\">5</strong>", html);
        Assert.Contains("Не указано название организации.", html);
        Assert.Contains("Неизвестный тип организации «космодром»", html);
        Assert.Contains("Муниципалитет «Чужой район» не найден или недоступен вам.", html);
        Assert.Contains("Число обучающихся «-7»", html);
        Assert.Contains("повторяется в файле", html);
        Assert.Matches(@"<td>3</td><td></td>", html);

        var refused = await ApplyAsync(client, html, allOrNothing: true);
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Equal(0, await app.WithDbAsync(db => db.Organizations.CountAsync(o => o.MunicipalityId == m.Id)));

        await ApplyAsync(client, html, allOrNothing: false);
        Assert.Equal(1, await app.WithDbAsync(db => db.Organizations.CountAsync(o => o.MunicipalityId == m.Id)));
    }

    [Fact]
    public async Task Import_HostileFiles_NeverAnswer500()
    {
        var (client, m) = await CoordinatorAsync();
        foreach (var (name, content) in TestFiles.HostileCorpus())
        {
            var response = await UploadAsync(client, name, content, m.Id);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{name}: {(int)response.StatusCode}");
            var html = await response.Content.ReadAsStringAsync();
            Assert.Contains("text-danger", html);
        }
        Assert.Equal(0, await app.WithDbAsync(db => db.Organizations.CountAsync(o => o.MunicipalityId == m.Id)));
    }

    [Fact]
    public async Task Import_ByCurator_IsForbidden()
    {
        var org = await app.CreateOrganizationAsync();
        var curator = await app.LoginAsAsync(Role.Curator, organization: org);
        var response = await curator.GetAsync("/organizations/import");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("accessdenied", response.Headers.Location!.OriginalString, StringComparison.OrdinalIgnoreCase);
    }


    [GeneratedRegex("name=\"token\" value=\"([^\"]+)\"")]
    private static partial Regex ImportTokenRegex();

    [GeneratedRegex("name=\"municipalityId\" value=\"([^\"]*)\"")]
    private static partial Regex MunicipalityRegex();
}
