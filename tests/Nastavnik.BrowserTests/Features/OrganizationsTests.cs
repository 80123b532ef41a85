using Microsoft.Playwright;
using Nastavnik.BrowserTests.Infrastructure;
using Nastavnik.BrowserTests.Pages;
using Xunit;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Nastavnik.BrowserTests.Features;

public sealed class OrganizationsTests(AppServer app, ITestOutputHelper output) : BrowserTest(app, output)
{
    private const string Municipal = "municipal@demo.nastavnik.ru";
    private const string Rural = "Берёзовский муниципальный район";
    private const string SchoolKind = "Общеобразовательная организация (школа)";

    [Fact]
    public Task AddOrganization_MunicipalCoordinator_AppearsInList() => RunAsync(nameof(AddOrganization_MunicipalCoordinator_AppearsInList), async page =>
    {
        await new LoginPage(page).LoginAsync(Municipal, DemoPassword);
        var list = await new OrganizationsPage(page).GotoAsync();
        await Expect(list.Heading).ToBeVisibleAsync();
        Output.WriteLine("Screenshot: " + await SaveShotAsync(page, "organizations-list"));

        var name = $"МБОУ Тестовая СОШ №{Random.Shared.Next(100_000, 999_999)}";
        var form = await list.ClickAddAsync();
        await form.FillAsync(name, SchoolKind, Rural, pupils: "123");
        await form.SaveAsync();

        await Expect(page).ToHaveURLAsync(new Uri(new Uri(App.BaseUrl), OrganizationsPage.Path).ToString());
        await Expect(list.Flash).ToContainTextAsync($"Организация «{name}» добавлена.");

        await list.SearchAsync(name);
        Assert.Equal([name], await list.NamesAsync());
        var row = page.Locator("main table tbody tr").First;
        await Expect(row).ToContainTextAsync(SchoolKind);
        await Expect(row).ToContainTextAsync(Rural);
        await Expect(row).ToContainTextAsync("123");
        Output.WriteLine("Screenshot: " + await SaveShotAsync(page, "organizations-added"));
    });

    [Fact]
    public Task SaveOrganization_EmptyNameAndNegativePupils_ShowsRussianFieldMessages() => RunAsync(nameof(SaveOrganization_EmptyNameAndNegativePupils_ShowsRussianFieldMessages), async page =>
    {
        await new LoginPage(page).LoginAsync(Municipal, DemoPassword);
        var list = await new OrganizationsPage(page).GotoAsync();
        var before = await list.FoundAsync();

        var form = await new OrganizationEditPage(page).GotoAsync();
        await form.Kind.SelectOptionAsync(new SelectOptionValue { Label = SchoolKind });
        await form.PupilCount.FillAsync("-5");
        await form.SaveAsync();

        await Expect(form.ErrorFor("Input.Name")).ToHaveTextAsync("Заполните поле «Полное наименование».");
        await Expect(form.ErrorFor("Input.PupilCount")).ToContainTextAsync("Значение поля «Число обучающихся» должно быть от 0 до");
        // The form keeps what was typed, so the person corrects rather than retypes.
        await Expect(form.PupilCount).ToHaveValueAsync("-5");
        var body = await page.Locator("body").InnerTextAsync();
        Assert.DoesNotContain("The value", body, StringComparison.Ordinal);
        Assert.DoesNotContain("field is required", body, StringComparison.Ordinal);
        Output.WriteLine("Screenshot: " + await SaveShotAsync(page, "organization-form-errors"));

        await list.GotoAsync();
        Assert.Equal(before, await list.FoundAsync());
    });

    [Fact]
    public Task OpenOrganizations_PhoneViewport_FitsScreenAndSearchWorks() => RunAsync(nameof(OpenOrganizations_PhoneViewport_FitsScreenAndSearchWorks), async page =>
    {
        await new LoginPage(page).LoginAsync(Municipal, DemoPassword);
        var list = await new OrganizationsPage(page).GotoAsync();
        await Expect(list.Heading).ToBeVisibleAsync();

        var widths = await page.EvaluateAsync<int[]>(
            "() => [window.innerWidth, document.documentElement.scrollWidth, document.body.scrollWidth]");
        Assert.True(widths[1] <= widths[0] && widths[2] <= widths[0],
            $"The page scrolls sideways: viewport {widths[0]} px, document {widths[1]} px, body {widths[2]} px.");

        await Expect(list.AddLink).ToBeVisibleAsync();
        var box = await list.AddLink.BoundingBoxAsync();
        Assert.NotNull(box);
        Assert.True(box.X >= 0 && box.X + box.Width <= widths[0], $"«Добавить организацию» is off screen: x={box.X}, width={box.Width}.");
        Output.WriteLine("Screenshot: " + await SaveShotAsync(page, "organizations-phone"));

        await list.SearchAsync("Алексеевская");
        Assert.Equal(["МБОУ Алексеевская СОШ"], await list.NamesAsync());
    }, width: 390, height: 844);
}
