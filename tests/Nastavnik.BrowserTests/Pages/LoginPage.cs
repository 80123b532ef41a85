using Microsoft.Playwright;

namespace Nastavnik.BrowserTests.Pages;

/// <summary>/accounts/anonymous/login: the sign-in form and, in demo mode, the table of demo accounts.</summary>
public sealed class LoginPage(IPage page)
{
    public const string Path = "/accounts/anonymous/login";

    public ILocator Email => page.GetByLabel("Электронная почта", new() { Exact = true });
    public ILocator Password => page.GetByLabel("Пароль", new() { Exact = true });
    public ILocator SubmitButton => page.GetByRole(AriaRole.Button, new() { Name = "Войти" });
    public ILocator Errors => page.Locator("form [role=alert]");
    public ILocator DemoAccounts => page.Locator(".demo-accounts");

    public async Task<LoginPage> GotoAsync()
    {
        await page.GotoAsync(Path);
        return this;
    }

    /// <summary>Fills the form and submits it; waits for the answer page (home on success, the form again on failure).</summary>
    public async Task SubmitAsync(string email, string password)
    {
        await Email.FillAsync(email);
        await Password.FillAsync(password);
        await SubmitButton.ClickAsync();
        await page.WaitForLoadStateAsync(LoadState.DOMContentLoaded);
    }

    /// <summary>Signs in and checks that the app let us in (we left the login page).</summary>
    public async Task LoginAsync(string email, string password)
    {
        await GotoAsync();
        await SubmitAsync(email, password);
        if (page.Url.Contains(Path, StringComparison.OrdinalIgnoreCase))
            throw new InvalidOperationException($"Could not sign in as {email}: {await Errors.InnerTextAsync()}");
    }

    /// <summary>E-mail addresses in the demo accounts table.</summary>
    public Task<IReadOnlyList<string>> DemoAccountEmailsAsync() =>
        DemoAccounts.Locator("tbody tr td:nth-child(2)").AllInnerTextsAsync();
}
