using Nastavnik.BrowserTests.Infrastructure;
using Nastavnik.BrowserTests.Pages;
using Xunit;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Nastavnik.BrowserTests.Features;

public sealed class LoginTests(AppServer app, ITestOutputHelper output) : BrowserTest(app, output)
{
    [Fact]
    public Task OpenLogin_DemoMode_ListsDemoAccountsAndPassword() => RunAsync(nameof(OpenLogin_DemoMode_ListsDemoAccountsAndPassword), async page =>
    {
        var login = await new LoginPage(page).GotoAsync();
        await Expect(login.DemoAccounts).ToContainTextAsync("Демо-режим: учётные записи");
        await Expect(login.DemoAccounts).ToContainTextAsync(DemoPassword);
        var emails = await login.DemoAccountEmailsAsync();
        foreach (var expected in new[] { "admin@demo.nastavnik.ru", "region@demo.nastavnik.ru", "municipal@demo.nastavnik.ru", "curator@demo.nastavnik.ru" })
            Assert.Contains(expected, emails);
        await Expect(login.DemoAccounts).ToContainTextAsync("Куратор");
    });

    [Fact]
    public Task Login_WrongPassword_ShowsRussianError() => RunAsync(nameof(Login_WrongPassword_ShowsRussianError), async page =>
    {
        var login = await new LoginPage(page).GotoAsync();
        await login.SubmitAsync("admin@demo.nastavnik.ru", "not-the-password-2026");
        await Expect(login.Errors).ToContainTextAsync("Неверный адрес электронной почты или пароль.");
        Assert.Contains(LoginPage.Path, page.Url, StringComparison.OrdinalIgnoreCase);
        // The e-mail stays filled in; the password does not.
        await Expect(login.Email).ToHaveValueAsync("admin@demo.nastavnik.ru");
        await Expect(login.Password).ToHaveValueAsync("");
    });

    [Fact]
    public Task Login_UnknownEmail_ShowsSameRussianError() => RunAsync(nameof(Login_UnknownEmail_ShowsSameRussianError), async page =>
    {
        var login = await new LoginPage(page).GotoAsync();
        await login.SubmitAsync("nobody@demo.nastavnik.ru", DemoPassword);
        await Expect(login.Errors).ToContainTextAsync("Неверный адрес электронной почты или пароль.");
    });
}
