using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Nastavnik.Data;
using Nastavnik.Features.Indicators;
using Nastavnik.Platform.Auth;
using Nastavnik.Platform.Tenancy;

namespace Nastavnik.Tests.Indicators;

public sealed class CatalogueTests(TestApp app) : IClassFixture<TestApp>
{
    private async Task<List<Indicator>> CatalogueOfAsync(int regionId)
    {
        await using var scope = app.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<CurrentScope>().Set(TenantScope.System);
        return await new IndicatorCalculator(scope.ServiceProvider.GetRequiredService<AppDbContext>()).CatalogueAsync(regionId);
    }

    [Fact]
    public async Task RegionRenamesArchivesAndAddsIndicators_OtherRegionKeepsDefaults()
    {
        var a = await app.CreateRegionAsync();
        var b = await app.CreateRegionAsync();
        var coordinator = await app.LoginAsAsync(Role.RegionalCoordinator, region: a);
        var url = $"/indicators/catalogue?region={a.Id}";
        Assert.Contains("Доля обучающихся, вовлечённых", await coordinator.GetHtmlAsync(url));

        var renamed = await coordinator.PostFormAsync(url, new()
        {
            ["code"] = DefaultIndicators.PupilsInvolved, ["name"] = "Доля детей, охваченных наставничеством", ["method"] = "Региональная система учёта", ["sortOrder"] = "5",
        }, formPage: url);
        Assert.Equal(HttpStatusCode.Redirect, renamed.StatusCode);
        Assert.Contains("сохранён для региона", await coordinator.GetHtmlAsync(renamed.Headers.Location!.OriginalString));
        await coordinator.PostFormAsync(url, new() { ["code"] = DefaultIndicators.DuetPairs, ["name"] = "Доля пар — участников «Педагогического дуэта»", ["archived"] = "true" }, formPage: url);
        var added = await coordinator.PostFormAsync($"{url}&handler=Add", new()
        {
            ["code"] = "Mentors-Trained", ["name"] = "Доля наставников, прошедших КПК «Наставничество»", ["unit"] = "Share", ["computation"] = "Manual", ["method"] = "Отчёты ОО",
        }, formPage: url);
        Assert.Contains("добавлен в каталог", await coordinator.GetHtmlAsync(added.Headers.Location!.OriginalString));

        var catalogue = await CatalogueOfAsync(a.Id);
        var pupils = Assert.Single(catalogue, i => i.Code == DefaultIndicators.PupilsInvolved);
        Assert.Equal("Доля детей, охваченных наставничеством", pupils.Name);
        Assert.Equal(IndicatorComputation.PupilsInvolved, pupils.Computation);
        Assert.Equal(a.Id, pupils.RegionId);
        Assert.DoesNotContain(catalogue, i => i.Code == DefaultIndicators.DuetPairs);
        var own = Assert.Single(catalogue, i => i.Code == "mentors-trained");
        Assert.Equal(IndicatorComputation.Manual, own.Computation);

        var other = await CatalogueOfAsync(b.Id);
        Assert.Contains(other, i => i.Code == DefaultIndicators.DuetPairs);
        Assert.DoesNotContain(other, i => i.Code == "mentors-trained");
        Assert.StartsWith("Доля обучающихся", Assert.Single(other, i => i.Code == DefaultIndicators.PupilsInvolved).Name);

        // The archived one is listed so it can be brought back.
        Assert.Contains("Доля пар — участников", await coordinator.GetHtmlAsync(url));
        Assert.Equal(HttpStatusCode.NotFound, (await coordinator.GetAsync($"/indicators/catalogue?region={b.Id}")).StatusCode);
    }

    [Theory]
    [InlineData("x", "Название", "Share", "Manual", "Код показателя")]
    [InlineData("новый", "Название", "Share", "Manual", "Код показателя")]
    [InlineData("pupils-involved", "Название", "Share", "Manual", "уже есть в каталоге")]
    [InlineData("counted", "Название", "Count", "TeachersInvolved", "Рассчитываемый показатель — это доля")]
    [InlineData("no-name", " ", "Share", "Manual", "Укажите название показателя")]
    [InlineData("bad-unit", "Название", "Percent", "Manual", "Выберите единицу")]
    [InlineData("bad-order", "Название", "Share", "Manual", "Порядок — целое число", "сто")]
    public async Task WrongInput_IsRefusedInRussian_AndNothingIsAdded(string code, string name, string unit, string computation, string message, string order = "")
    {
        var region = await app.CreateRegionAsync();
        var coordinator = await app.LoginAsAsync(Role.RegionalCoordinator, region: region);
        var url = $"/indicators/catalogue?region={region.Id}";
        var response = await coordinator.PostFormAsync($"{url}&handler=Add", new() { ["code"] = code, ["name"] = name, ["unit"] = unit, ["computation"] = computation, ["sortOrder"] = order }, formPage: url);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains(message, await coordinator.GetHtmlAsync(response.Headers.Location!.OriginalString));
        Assert.Equal(0, await app.WithDbAsync(db => db.Indicators.IgnoreQueryFilters().CountAsync(i => i.RegionId == region.Id)));
    }

    [Fact]
    public async Task MunicipalCoordinatorCannotEditTheCatalogue()
    {
        var mun = await app.CreateMunicipalityAsync();
        var coordinator = await app.LoginAsAsync(Role.MunicipalCoordinator, municipality: mun);
        var response = await coordinator.GetAsync($"/indicators/catalogue?region={mun.RegionId}");
        Assert.NotEqual(HttpStatusCode.OK, response.StatusCode);
        Assert.DoesNotContain("Каталог показателей", await coordinator.GetHtmlAsync("/indicators"));
    }
}
