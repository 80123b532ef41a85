using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Nastavnik.Features.Organizations;
using Nastavnik.Platform.Auth;

namespace Nastavnik.Tests.Organizations;

public sealed class OrganizationsApiTests(TestApp app) : IClassFixture<TestApp>
{
    [Fact]
    public async Task Create_ValidInput_201AndVisibleInList()
    {
        var m = await app.CreateMunicipalityAsync();
        var client = await ApiTestHelpers.TokenClientAsync(app, Role.MunicipalCoordinator, municipality: m);
        var response = await client.PostAsJsonAsync("/api/v1/organizations/", new { name = "МБОУ Новая СОШ", kind = "School", municipalityId = m.Id, pupilCount = 120 }, ApiTestHelpers.Json);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var dto = await response.Content.ReadFromJsonAsync<OrganizationsApi.OrganizationDto>(ApiTestHelpers.Json);
        Assert.Equal("Общеобразовательная организация (школа)", dto!.KindName);
        var list = await client.GetFromJsonAsync<OrganizationsApi.PageOf<OrganizationsApi.OrganizationDto>>("/api/v1/organizations/?search=новая", ApiTestHelpers.Json);
        Assert.Contains(list!.Items, o => o.Id == dto.Id);
    }

    [Fact]
    public async Task Create_BadInput_400WithRussianFieldMessages()
    {
        var m = await app.CreateMunicipalityAsync();
        var client = await ApiTestHelpers.TokenClientAsync(app, Role.MunicipalCoordinator, municipality: m);
        var response = await client.PostAsJsonAsync("/api/v1/organizations/", new { name = "", kind = "School", municipalityId = m.Id, pupilCount = -5, inn = "12", email = "не почта" }, ApiTestHelpers.Json);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("Ошибка в данных", doc.RootElement.GetProperty("title").GetString());
        var errors = doc.RootElement.GetProperty("errors");
        Assert.Contains("Заполните поле «Название»", errors.GetProperty("name")[0].GetString());
        Assert.Contains("от 0 до 1000000", errors.GetProperty("pupilCount")[0].GetString());
        Assert.Equal("ИНН состоит из 10 или 12 цифр.", errors.GetProperty("inn")[0].GetString());
        Assert.Contains("адрес электронной почты", errors.GetProperty("email")[0].GetString());
    }

    [Theory]
    [InlineData("{not json")]
    [InlineData("{\"name\": 5, \"kind\": \"Космодром\"}")]
    [InlineData("[]")]
    public async Task Create_MalformedJson_400ProblemInRussian(string body)
    {
        var m = await app.CreateMunicipalityAsync();
        var client = await ApiTestHelpers.TokenClientAsync(app, Role.MunicipalCoordinator, municipality: m);
        var response = await client.PostAsync("/api/v1/organizations/", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var text = await response.Content.ReadAsStringAsync();
        Assert.Contains("Некорректный запрос", text);
        Assert.DoesNotContain("Exception", text);
    }

    [Fact]
    public async Task Update_StaleVersion_409()
    {
        var org = await app.CreateOrganizationAsync();
        var m = await app.WithDbAsync(async db => (await db.Municipalities.FindAsync(org.MunicipalityId))!);
        var client = await ApiTestHelpers.TokenClientAsync(app, Role.MunicipalCoordinator, municipality: m);
        var first = await client.PutAsJsonAsync($"/api/v1/organizations/{org.Id}", new { name = org.Name + " (обн.)", kind = "School", municipalityId = m.Id, version = org.Version }, ApiTestHelpers.Json);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var second = await client.PutAsJsonAsync($"/api/v1/organizations/{org.Id}", new { name = org.Name + " (другое)", kind = "School", municipalityId = m.Id, version = org.Version }, ApiTestHelpers.Json);
        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
        Assert.Contains("Конфликт изменений", await second.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task NoToken_401_RevokedToken_401_CookieNotAccepted()
    {
        var anonymous = app.NewClient();
        var r = await anonymous.GetAsync("/api/v1/organizations/");
        Assert.Equal(HttpStatusCode.Unauthorized, r.StatusCode);
        Assert.Contains("Требуется аутентификация", await r.Content.ReadAsStringAsync());

        var org = await app.CreateOrganizationAsync();
        var browser = await app.LoginAsAsync(Role.Head, organization: org);
        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.GetAsync("/api/v1/organizations/")).StatusCode);

        var client = await ApiTestHelpers.TokenClientAsync(app, Role.Head, org);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/organizations/")).StatusCode);
        await app.WithDbAsync(async db =>
        {
            foreach (var t in db.ApiTokens) t.RevokedAt = app.Clock.GetUtcNow().UtcDateTime;
            await db.SaveChangesAsync();
        });
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/v1/organizations/")).StatusCode);
    }

    [Fact]
    public async Task OpenApi_DocumentListsOrganizations()
    {
        var json = await app.NewClient().GetStringAsync("/openapi/v1.json");
        Assert.Contains("/api/v1/organizations", json);
        Assert.Contains("Наставник API", json);
    }
}
