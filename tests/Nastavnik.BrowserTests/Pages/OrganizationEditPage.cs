using Microsoft.Playwright;

namespace Nastavnik.BrowserTests.Pages;

/// <summary>/organizations/edit[/id]: the organisation card form.</summary>
public sealed class OrganizationEditPage(IPage page)
{
    public ILocator Name => page.GetByLabel("Полное наименование");
    public ILocator Kind => page.GetByLabel("Тип организации");
    public ILocator Municipality => page.GetByLabel("Муниципалитет");
    public ILocator PupilCount => page.GetByLabel("Число обучающихся");
    public ILocator SaveButton => page.GetByRole(AriaRole.Button, new() { Name = "Сохранить" });

    public async Task<OrganizationEditPage> GotoAsync(int? id = null)
    {
        await page.GotoAsync(id is null ? "/organizations/edit" : $"/organizations/edit/{id}");
        return this;
    }

    public async Task FillAsync(string name, string kind, string municipality, string? pupils = null)
    {
        await Name.FillAsync(name);
        await Kind.SelectOptionAsync(new SelectOptionValue { Label = kind });
        await Municipality.SelectOptionAsync(new SelectOptionValue { Label = municipality });
        if (pupils is not null) await PupilCount.FillAsync(pupils);
    }

    public async Task SaveAsync()
    {
        await SaveButton.ClickAsync();
        await page.WaitForLoadStateAsync(LoadState.DOMContentLoaded);
    }

    /// <summary>
    /// The message shown under a field, by the field's model name (e.g. "Input.Name"). Client validation is off,
    /// so the message span has no data-valmsg-for; it is the sibling that follows the input.
    /// </summary>
    public ILocator ErrorFor(string field) => page.Locator($"#{field.Replace('.', '_')} ~ .field-validation-error");
}
