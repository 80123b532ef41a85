using Microsoft.Playwright;

namespace Nastavnik.BrowserTests.Pages;

/// <summary>/programmes/report/{id}: the progress report form a mentor or mentee fills, often on a phone.</summary>
public sealed class ProgressReportPage(IPage page)
{
    public ILocator Heading => page.Locator("h1");
    public ILocator Done => page.GetByLabel("Что сделано", new() { Exact = true });
    public ILocator Difficulties => page.GetByLabel("Трудности", new() { Exact = true });
    public ILocator NextSteps => page.GetByLabel("Следующие шаги", new() { Exact = true });
    public ILocator SubmitButton => page.GetByRole(AriaRole.Button, new() { Name = "Отправить отчёт" });

    /// <summary>The 1–5 rating is a row of toggle buttons: the radio itself is hidden, its label is what a finger taps.</summary>
    public ILocator Rating(int value) => page.Locator($"label[for=rating-{value}]");

    public async Task SubmitAsync(string done, string difficulties, string next, int rating)
    {
        await Done.FillAsync(done);
        await Difficulties.FillAsync(difficulties);
        await NextSteps.FillAsync(next);
        await Rating(rating).ClickAsync();
        await SubmitButton.ClickAsync();
        await page.WaitForLoadStateAsync(LoadState.DOMContentLoaded);
    }
}
