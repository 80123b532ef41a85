using System.Net;
using System.Net.Http.Json;
using Nastavnik.Features.Organizations;
using Nastavnik.Platform.Auth;

namespace Nastavnik.Tests.Organizations;

/// <summary>
/// Two municipalities, two schools: a curator of school A cannot read or change school B by id, list,
/// search or API. Each test builds its own tenants, so they also prove isolation between tests.
/// </summary>
public sealed class TenantIsolationTests(TestApp app) : IClassFixture<TestApp>
{
    private async Task<(Organization A, Organization B)> TwoSchoolsAsync()
    {
        var region = await app.CreateRegionAsync();
        var a = await app.CreateOrganizationAsync(await app.CreateMunicipalityAsync(region), app.Unique("Школа А"));
        var b = await app.CreateOrganizationAsync(await app.CreateMunicipalityAsync(region), app.Unique("Школа Б"));
        return (a, b);
    }

    [Fact]
    public async Task CuratorOfA_OpensBById_Gets404()
    {
        var (a, b) = await TwoSchoolsAsync();
        var head = await app.LoginAsAsync(Role.Head, organization: a);
        Assert.Equal(HttpStatusCode.OK, (await head.GetAsync($"/organizations/edit/{a.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await head.GetAsync($"/organizations/edit/{b.Id}")).StatusCode);
    }

    [Fact]
    public async Task HeadOfA_PostsEditOfB_Gets404AndNothingChanges()
    {
        var (a, b) = await TwoSchoolsAsync();
        var head = await app.LoginAsAsync(Role.Head, organization: a);
        var response = await head.PostFormAsync($"/organizations/edit/{b.Id}", new()
        {
            ["Input.Name"] = "Захвачено", ["Input.Kind"] = "School", ["Input.MunicipalityId"] = b.MunicipalityId.ToString(),
        }, formPage: $"/organizations/edit/{a.Id}");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var name = await app.WithDbAsync(async db => (await db.Organizations.FindAsync(b.Id))!.Name);
        Assert.Equal(b.Name, name);
    }

    [Fact]
    public async Task CuratorOfA_ListsAndSearches_SeesOnlyA()
    {
        var (a, b) = await TwoSchoolsAsync();
        var curator = await app.LoginAsAsync(Role.Curator, organization: a);
        var list = await curator.GetHtmlAsync("/organizations");
        Assert.Contains(a.Name, list);
        Assert.DoesNotContain(b.Name, list);
        var search = await curator.GetHtmlAsync("/organizations?q=" + Uri.EscapeDataString("Школа Б"));
        Assert.DoesNotContain(b.Name, search);
        Assert.Contains("Найдено: 0", search);
    }

    [Fact]
    public async Task MunicipalCoordinator_SeesOwnMunicipalityOnly()
    {
        var (a, b) = await TwoSchoolsAsync();
        var municipality = await app.WithDbAsync(async db => (await db.Municipalities.FindAsync(a.MunicipalityId))!);
        var coordinator = await app.LoginAsAsync(Role.MunicipalCoordinator, municipality: municipality);
        var list = await coordinator.GetHtmlAsync("/organizations");
        Assert.Contains(a.Name, list);
        Assert.DoesNotContain(b.Name, list);
        Assert.Equal(HttpStatusCode.NotFound, (await coordinator.GetAsync($"/organizations/edit/{b.Id}")).StatusCode);
    }

    [Fact]
    public async Task ApiTokenOfA_GetsB_404_AndListHasOnlyA()
    {
        var (a, b) = await TwoSchoolsAsync();
        var client = await ApiTestHelpers.TokenClientAsync(app, Role.Curator, a);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/api/v1/organizations/{a.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/v1/organizations/{b.Id}")).StatusCode);
        var page = await client.GetFromJsonAsync<OrganizationsApi.PageOf<OrganizationsApi.OrganizationDto>>("/api/v1/organizations?search=" + Uri.EscapeDataString("Школа"), ApiTestHelpers.Json);
        Assert.NotNull(page);
        Assert.All(page.Items, o => Assert.Equal(a.Id, o.Id));
    }

    [Fact]
    public async Task ApiTokenOfMunicipalityA_PutsB_404()
    {
        var (a, b) = await TwoSchoolsAsync();
        var municipality = await app.WithDbAsync(async db => (await db.Municipalities.FindAsync(a.MunicipalityId))!);
        var client = await ApiTestHelpers.TokenClientAsync(app, Role.MunicipalCoordinator, municipality: municipality);
        var response = await client.PutAsJsonAsync($"/api/v1/organizations/{b.Id}", new
        {
            name = "Захвачено", kind = "School", municipalityId = b.MunicipalityId, version = b.Version,
        }, ApiTestHelpers.Json);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task MunicipalCoordinator_MovesOwnSchoolToForeignMunicipality_IsRefused()
    {
        var (a, b) = await TwoSchoolsAsync();
        var municipality = await app.WithDbAsync(async db => (await db.Municipalities.FindAsync(a.MunicipalityId))!);
        var coordinator = await app.LoginAsAsync(Role.MunicipalCoordinator, municipality: municipality);
        var response = await coordinator.PostFormAsync($"/organizations/edit/{a.Id}", new()
        {
            ["Input.Name"] = a.Name, ["Input.Kind"] = "School", ["Input.MunicipalityId"] = b.MunicipalityId.ToString(), ["Input.Version"] = a.Version.ToString(),
        });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode); // the form again, with an error
        var mun = await app.WithDbAsync(async db => (await db.Organizations.FindAsync(a.Id))!.MunicipalityId);
        Assert.Equal(a.MunicipalityId, mun);
    }
}
