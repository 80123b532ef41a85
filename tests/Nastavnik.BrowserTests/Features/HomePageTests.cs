using System.Text.RegularExpressions;
using Nastavnik.BrowserTests.Infrastructure;
using Nastavnik.BrowserTests.Pages;
using Xunit;
using Xunit.Abstractions;

namespace Nastavnik.BrowserTests.Features;

public sealed partial class HomePageTests(AppServer app, ITestOutputHelper output) : BrowserTest(app, output)
{
    /// <summary>
    /// Every account the login page offers in demo mode (so a new demo role is covered without editing this
    /// test) signs in and lands on a Russian home page. Failures are collected so one run names them all.
    /// </summary>
    [Fact]
    public async Task OpenHome_EachDemoAccount_ShowsRussianGreeting()
    {
        IReadOnlyList<string> emails = [];
        await RunAsync("OpenHome_ReadDemoAccounts", async page =>
        {
            var login = await new LoginPage(page).GotoAsync();
            emails = await login.DemoAccountEmailsAsync();
        });
        Assert.True(emails.Count >= 10, $"The login page lists {emails.Count} demo accounts.");

        var failures = new List<string>();
        foreach (var email in emails)
        {
            try
            {
                await RunAsync("OpenHome_" + email, async page =>
                {
                    await new LoginPage(page).LoginAsync(email, DemoPassword);
                    var response = await page.GotoAsync("/");
                    Assert.Equal(200, response!.Status);
                    var h1 = await page.Locator("h1").InnerTextAsync();
                    Assert.StartsWith("Здравствуйте", h1, StringComparison.Ordinal);
                    var text = await page.Locator("body").InnerTextAsync();
                    var english = EnglishErrorWords().Match(text);
                    Assert.False(english.Success, $"English text on the home page: «{english.Value}».");
                    Assert.Contains("Ваши роли", text, StringComparison.Ordinal);
                });
                Output.WriteLine($"{email}: ok");
            }
            catch (Exception e)
            {
                failures.Add($"{email}: {e.Message}");
            }
        }
        Assert.True(failures.Count == 0, string.Join('\n', failures));
    }

    [GeneratedRegex(@"\b(Error|Exception|Unhandled|Stack ?trace|Object reference|Internal Server|Not Found|Forbidden)\b")]
    private static partial Regex EnglishErrorWords();
}
