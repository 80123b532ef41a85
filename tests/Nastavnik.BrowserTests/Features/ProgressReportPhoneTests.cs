using Microsoft.Playwright;
using Nastavnik.BrowserTests.Infrastructure;
using Nastavnik.BrowserTests.Pages;
using Xunit;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Nastavnik.BrowserTests.Features;

/// <summary>Seed 001: reports «не реже 1 раза в 2 недели» — a mentor files one from a phone between lessons.</summary>
public sealed class ProgressReportPhoneTests(AppServer app, ITestOutputHelper output) : BrowserTest(app, output)
{
    private const int PhoneWidth = 390;
    private const int PhoneHeight = 844;

    /// <summary>Nothing sticks out sideways: the page does not scroll horizontally at the viewport's width.</summary>
    private static async Task AssertNoHorizontalScrollAsync(IPage page, string where)
    {
        var widths = await page.EvaluateAsync<int[]>("() => [document.scrollingElement.scrollWidth, window.innerWidth]");
        var (scroll, inner) = (widths[0], widths[1]);
        Assert.True(scroll <= inner, $"{where}: the page is {scroll}px wide on a {inner}px screen.");
    }

    [Fact]
    public async Task SubmitReport_MentorOnPhone_ReportListedOnProgramme()
    {
        var done = $"Провели регулярную встречу, разобрали технологическую карту урока ({Guid.NewGuid().ToString("N")[..6]})";
        await RunAsync(nameof(SubmitReport_MentorOnPhone_ReportListedOnProgramme), async page =>
        {
            await new LoginPage(page).LoginAsync("mentor@demo.nastavnik.ru", DemoPassword);
            await AssertNoHorizontalScrollAsync(page, "home");

            // The menu is folded on a phone: the first screen shows the page, and the header keeps a margin from the screen's edge.
            var menuLink = page.Locator("header").GetByRole(AriaRole.Link, new() { Name = "Программы наставничества" });
            await Expect(menuLink).ToBeHiddenAsync();
            var brand = await page.Locator("header .navbar-brand").BoundingBoxAsync();
            Assert.True(brand is { X: >= 8 }, $"The brand starts at x = {brand?.X}: the header has no side padding.");
            Assert.True(await page.Locator("main h1").BoundingBoxAsync() is { Y: < 150 }, "The page's heading is not on the first screen.");

            // My programme: through the menu, as a mentor would (keyboard: the «Меню» summary opens with Enter).
            var menu = page.Locator("header summary", new() { HasText = "Меню" });
            await menu.FocusAsync();
            await page.Keyboard.PressAsync("Enter");
            await Expect(page.Locator("header details.site-menu")).ToHaveAttributeAsync("open", "");
            await menuLink.ClickAsync();
            await Expect(page.Locator("h1")).ToHaveTextAsync("Персонализированные программы наставничества");
            await AssertNoHorizontalScrollAsync(page, "programmes");
            // The working pair's programme (the demo mentor also has last year's completed one, read-only).
            await page.Locator("main tr", new() { HasText = "действует" }).Locator("a[href^='/programmes/card/']").First.ClickAsync();
            await Expect(page.Locator("h1")).ToContainTextAsync("Персонализированная программа наставничества");
            await AssertNoHorizontalScrollAsync(page, "programme card");

            await page.GetByRole(AriaRole.Link, new() { Name = "Сдать отчёт" }).ClickAsync();
            var form = new ProgressReportPage(page);
            await Expect(form.Heading).ToHaveTextAsync("Отчёт о ходе реализации программы");
            await AssertNoHorizontalScrollAsync(page, "report form");
            await SaveShotAsync(page, "report-form-phone");

            // Without a rating the form does not go (the browser's own check, and the server's behind it).
            await form.Done.FillAsync(done);
            await form.SubmitButton.ClickAsync();
            await Expect(form.Heading).ToHaveTextAsync("Отчёт о ходе реализации программы");

            await form.SubmitAsync(done, "Не хватает времени на взаимопосещение", "Открытый урок наставляемого в 8 классе", 4);
            Assert.Matches("/programmes/card/\\d+", page.Url);
            await Expect(page.Locator("main .alert-success")).ToContainTextAsync("Отчёт сохранён.");
            var reports = page.Locator("#reports");
            // Listed once: the attempt without a rating saved nothing.
            await Expect(reports.Locator("article", new() { HasText = done })).ToHaveCountAsync(1);
            await Expect(reports.Locator("article").First).ToContainTextAsync("оценка 4 из 5");
            await Expect(reports.Locator("article").First).ToContainTextAsync("наставник Волкова");
            await AssertNoHorizontalScrollAsync(page, "programme card after the report");
            await SaveShotAsync(page, "report-listed-phone");
        }, PhoneWidth, PhoneHeight);
    }
}
