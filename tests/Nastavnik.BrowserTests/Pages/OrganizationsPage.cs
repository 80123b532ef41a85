using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Nastavnik.BrowserTests.Pages;

/// <summary>/organizations: the filterable list of organisations.</summary>
public sealed partial class OrganizationsPage(IPage page)
{
    public const string Path = "/organizations";

    public ILocator Heading => page.GetByRole(AriaRole.Heading, new() { Name = "Организации", Level = 1 });
    public ILocator AddLink => page.GetByRole(AriaRole.Link, new() { Name = "Добавить организацию" });
    public ILocator SearchBox => page.GetByLabel("Поиск по названию");
    public ILocator ShowButton => page.GetByRole(AriaRole.Button, new() { Name = "Показать" });
    public ILocator Flash => page.Locator("main .alert-success");
    public ILocator Table => page.Locator("main table");
    public ILocator NameCells => page.Locator("main table tbody tr td:first-child");

    public async Task<OrganizationsPage> GotoAsync(string? query = null)
    {
        await page.GotoAsync(query is null ? Path : Path + "?q=" + Uri.EscapeDataString(query));
        return this;
    }

    public async Task SearchAsync(string text)
    {
        await SearchBox.FillAsync(text);
        await ShowButton.ClickAsync();
        await page.WaitForLoadStateAsync(LoadState.DOMContentLoaded);
    }

    public async Task<OrganizationEditPage> ClickAddAsync()
    {
        await AddLink.ClickAsync();
        await page.WaitForURLAsync("**/organizations/edit");
        return new OrganizationEditPage(page);
    }

    public Task<IReadOnlyList<string>> NamesAsync() => NameCells.AllInnerTextsAsync();

    /// <summary>The "Найдено: N" counter above the table.</summary>
    public async Task<int> FoundAsync()
    {
        var text = await page.Locator("main p", new() { HasTextRegex = FoundRegex() }).First.InnerTextAsync();
        return int.Parse(FoundRegex().Match(text).Groups[1].Value, CultureInfo.InvariantCulture);
    }

    /// <summary>Id of the organisation whose name links to its card, e.g. /organizations/edit/17.</summary>
    public async Task<int> IdOfAsync(string name)
    {
        var href = await page.GetByRole(AriaRole.Link, new() { Name = name, Exact = true }).GetAttributeAsync("href")
                   ?? throw new InvalidOperationException($"No link for «{name}».");
        return int.Parse(href[(href.LastIndexOf('/') + 1)..], CultureInfo.InvariantCulture);
    }

    [GeneratedRegex(@"Найдено:\s*(\d+)")]
    private static partial Regex FoundRegex();
}
