using System.Net;
using Microsoft.EntityFrameworkCore;
using Nastavnik.Platform.Auth;

namespace Nastavnik.Tests.Organizations;

public sealed class OrganizationPagesTests(TestApp app) : IClassFixture<TestApp>
{
    [Fact]
    public async Task Create_ByMunicipalCoordinator_AppearsInListAndAudit()
    {
        var m = await app.CreateMunicipalityAsync();
        var client = await app.LoginAsync(await app.CreateUserAsync(Role.MunicipalCoordinator, municipality: m));
        var name = app.Unique("МБОУ Ромашковская СОШ");
        var response = await client.PostFormAsync("/organizations/edit", new()
        {
            ["Input.Name"] = name, ["Input.Kind"] = "School", ["Input.MunicipalityId"] = m.Id.ToString(), ["Input.PupilCount"] = "250",
        });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var list = await client.GetHtmlAsync("/organizations?q=" + Uri.EscapeDataString("ромашковская"));
        Assert.Contains(name, list);
        Assert.Contains("добавлена", list);
        var audited = await app.WithDbAsync(db => db.AuditEntries.AnyAsync(a => a.Action == "create" && a.EntityType == "organization"));
        Assert.True(audited);
    }

    [Fact]
    public async Task Create_BadInput_RussianFieldMessagesAndNothingSaved()
    {
        var m = await app.CreateMunicipalityAsync();
        var client = await app.LoginAsync(await app.CreateUserAsync(Role.MunicipalCoordinator, municipality: m));
        var response = await client.PostFormAsync("/organizations/edit", new()
        {
            ["Input.Name"] = "", ["Input.Kind"] = "Космодром", ["Input.MunicipalityId"] = "abc", ["Input.PupilCount"] = "-3", ["Input.TeacherCount"] = "много",
            ["Input.Email"] = "не почта", ["Input.Inn"] = "123",
        });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("Заполните поле «Полное наименование».", html);
        Assert.Contains("Значение поля «Число обучающихся» должно быть от 0 до 1000000.", html);
        Assert.Contains("Значение «много» недопустимо для поля «Число педагогов».", html);
        Assert.Contains("ИНН состоит из 10 или 12 цифр.", html);
        Assert.Contains("Поле «Электронная почта» должно содержать адрес электронной почты", html);
        Assert.DoesNotContain("is invalid", html);
        Assert.DoesNotContain("The field", html);
        Assert.Equal(0, await app.WithDbAsync(db => db.Organizations.CountAsync(o => o.MunicipalityId == m.Id)));
    }

    [Fact]
    public async Task Edit_ConcurrentChange_IsNotLost()
    {
        var org = await app.CreateOrganizationAsync();
        var head = await app.LoginAsAsync(Role.Head, organization: org);
        var first = await head.PostFormAsync($"/organizations/edit/{org.Id}", new()
        {
            ["Input.Name"] = org.Name, ["Input.Kind"] = "School", ["Input.MunicipalityId"] = org.MunicipalityId.ToString(), ["Input.PupilCount"] = "301", ["Input.Version"] = org.Version.ToString(),
        });
        Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);
        var stale = await head.PostFormAsync($"/organizations/edit/{org.Id}", new()
        {
            ["Input.Name"] = org.Name, ["Input.Kind"] = "School", ["Input.MunicipalityId"] = org.MunicipalityId.ToString(), ["Input.PupilCount"] = "999", ["Input.Version"] = org.Version.ToString(),
        });
        Assert.Equal(HttpStatusCode.OK, stale.StatusCode);
        Assert.Contains("изменил другой пользователь", await stale.Content.ReadAsStringAsync());
        Assert.Equal(301, await app.WithDbAsync(async db => (await db.Organizations.FindAsync(org.Id))!.PupilCount));
    }

    [Fact]
    public async Task Archive_HidesFromListAndRestoreBringsBack()
    {
        var m = await app.CreateMunicipalityAsync();
        var org = await app.CreateOrganizationAsync(m);
        var client = await app.LoginAsync(await app.CreateUserAsync(Role.MunicipalCoordinator, municipality: m));
        var r = await client.PostFormAsync($"/organizations/edit/{org.Id}?handler=Archive", new() { ["version"] = org.Version.ToString() }, formPage: $"/organizations/edit/{org.Id}");
        Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);
        Assert.DoesNotContain(org.Name, await client.GetHtmlAsync("/organizations"));
        Assert.Contains(org.Name, await client.GetHtmlAsync("/organizations?archived=true"));
        var version = await app.WithDbAsync(async db => (await db.Organizations.FindAsync(org.Id))!.Version);
        await client.PostFormAsync($"/organizations/edit/{org.Id}?handler=Restore", new() { ["version"] = version.ToString() }, formPage: $"/organizations/edit/{org.Id}");
        Assert.Contains(org.Name, await client.GetHtmlAsync("/organizations"));
    }

    [Fact]
    public async Task Mentor_OpensOrganizations_AccessDenied()
    {
        var org = await app.CreateOrganizationAsync();
        var mentor = await app.LoginAsAsync(Role.Mentor, organization: org);
        var r = await mentor.GetAsync("/organizations");
        Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);
        Assert.Contains("accessdenied", r.Headers.Location!.OriginalString, StringComparison.OrdinalIgnoreCase);
        var home = await mentor.GetHtmlAsync("/");
        Assert.Contains("Наставник</strong>", home);
        Assert.DoesNotContain("href=\"/organizations\"", home);
    }

    [Fact]
    public async Task Regions_AdminCreatesAndRenames_DuplicateRefused()
    {
        var admin = await app.LoginAsAsync(Role.Administrator);
        var name = app.Unique("Новая область");
        Assert.Equal(HttpStatusCode.Redirect, (await admin.PostFormAsync("/organizations/regions", new() { ["Input.Name"] = name })).StatusCode);
        Assert.Contains(name, await admin.GetHtmlAsync("/organizations/regions"));
        var dup = await admin.PostFormAsync("/organizations/regions", new() { ["Input.Name"] = name });
        Assert.Contains("Регион с таким названием уже есть.", await dup.Content.ReadAsStringAsync());
        var empty = await admin.PostFormAsync("/organizations/regions", new() { ["Input.Name"] = "" });
        Assert.Contains("Заполните поле «Название региона».", await empty.Content.ReadAsStringAsync());
    }
}
