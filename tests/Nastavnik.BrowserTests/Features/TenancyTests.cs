using Nastavnik.BrowserTests.Infrastructure;
using Nastavnik.BrowserTests.Pages;
using Xunit;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Nastavnik.BrowserTests.Features;

/// <summary>Another municipality's organisation is invisible: its card answers as if it did not exist.</summary>
public sealed class TenancyTests(AppServer app, ITestOutputHelper output) : BrowserTest(app, output)
{
    private const string CityOrganization = "МАОУ Лицей №3 г. Светлоярска";

    /// <summary>Looks up the id as the regional coordinator, who sees the whole region.</summary>
    private async Task<int> CityOrganizationIdAsync()
    {
        var id = 0;
        await RunAsync("FindCityOrganizationId", async page =>
        {
            await new LoginPage(page).LoginAsync("region@demo.nastavnik.ru", DemoPassword);
            var list = await new OrganizationsPage(page).GotoAsync(CityOrganization);
            id = await list.IdOfAsync(CityOrganization);
        });
        return id;
    }

    [Fact]
    public async Task OpenForeignOrganization_Head_ShowsRussianNotFound()
    {
        var id = await CityOrganizationIdAsync();
        await RunAsync(nameof(OpenForeignOrganization_Head_ShowsRussianNotFound), async page =>
        {
            // The head may edit their own school's card, so the refusal here is tenancy, not the role.
            await new LoginPage(page).LoginAsync("head@demo.nastavnik.ru", DemoPassword);
            var response = await page.GotoAsync($"/organizations/edit/{id}");
            Assert.Equal(404, response!.Status);
            await Expect(page.Locator("h1")).ToHaveTextAsync("Страница не найдена");
            await Expect(page.Locator("main")).ToContainTextAsync("Такой страницы нет, или у вас нет к ней доступа.");
            await Expect(page.Locator("body")).Not.ToContainTextAsync(CityOrganization);

            // Same answer as for an id that does not exist at all: nothing tells the two apart.
            var missing = await page.GotoAsync("/organizations/edit/987654321");
            Assert.Equal(404, missing!.Status);
            await Expect(page.Locator("h1")).ToHaveTextAsync("Страница не найдена");
        });
    }

    [Fact]
    public async Task OpenForeignOrganization_Curator_ShowsNoCard()
    {
        var id = await CityOrganizationIdAsync();
        await RunAsync(nameof(OpenForeignOrganization_Curator_ShowsNoCard), async page =>
        {
            await new LoginPage(page).LoginAsync("curator@demo.nastavnik.ru", DemoPassword);

            var foreign = await page.GotoAsync($"/organizations/edit/{id}");
            var foreignHeading = await page.Locator("h1").InnerTextAsync();
            var foreignUrl = new Uri(page.Url).AbsolutePath;
            Output.WriteLine($"Curator, foreign organisation {id}: {foreign!.Status} «{foreignHeading}» at {foreignUrl}");
            await Expect(page.Locator("body")).Not.ToContainTextAsync(CityOrganization);
            Assert.Contains(foreign.Status, new[] { 403, 404 });
            Assert.Contains(foreignHeading, new[] { "Страница не найдена", "Недостаточно прав" });

            // A curator's answer for a foreign id is the same as for a missing one.
            var missing = await page.GotoAsync("/organizations/edit/987654321");
            Assert.Equal(foreign.Status, missing!.Status);
            Assert.Equal(foreignHeading, await page.Locator("h1").InnerTextAsync());
            Assert.Equal(foreignUrl, new Uri(page.Url).AbsolutePath);

            // And the list shows only the curator's own school.
            var list = await new OrganizationsPage(page).GotoAsync("Светлоярск");
            await Expect(page.Locator("main")).ToContainTextAsync("Организаций не найдено.");
            await list.GotoAsync();
            Assert.Equal(["МБОУ Берёзовская СОШ №1"], await list.NamesAsync());
        });
    }
}
