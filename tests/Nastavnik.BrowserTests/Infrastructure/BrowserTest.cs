using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Xunit;
using Xunit.Abstractions;

namespace Nastavnik.BrowserTests.Infrastructure;

/// <summary>
/// Base for browser tests: each test runs in its own browser context, and a failure keeps a full-page
/// screenshot (and the server's log tail) so that CI shows what the person would have seen.
/// </summary>
[Collection(BrowserCollection.Name)]
public abstract partial class BrowserTest(AppServer app, ITestOutputHelper output)
{
    public const string DemoPassword = "demo-nastavnik-2026";

    protected AppServer App { get; } = app;
    protected ITestOutputHelper Output { get; } = output;

    /// <summary>Failure screenshots: $NASTAVNIK_SCREENSHOTS, else screenshots/ next to the test assembly.</summary>
    public static string FailureDir =>
        Environment.GetEnvironmentVariable("NASTAVNIK_SCREENSHOTS") is { Length: > 0 } d ? d : Path.Combine(AppContext.BaseDirectory, "screenshots");

    /// <summary>Screenshots kept on success, for a person to look at: $NASTAVNIK_SHOTS, else /tmp/nastavnik-shots.</summary>
    public static string ShotsDir =>
        Environment.GetEnvironmentVariable("NASTAVNIK_SHOTS") is { Length: > 0 } d ? d : Path.Combine(Path.GetTempPath(), "nastavnik-shots");

    protected async Task RunAsync(string testName, Func<IPage, Task> body, int width = 1280, int height = 900)
    {
        var page = await App.NewPageAsync(width, height);
        try
        {
            await body(page);
        }
        catch (Exception)
        {
            await SaveFailureAsync(page, testName);
            throw;
        }
        finally
        {
            await page.Context.CloseAsync();
        }
    }

    protected async Task SaveFailureAsync(IPage page, string name)
    {
        try
        {
            Directory.CreateDirectory(FailureDir);
            var file = Path.Combine(FailureDir, $"{Safe(name)}-{DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()}.png");
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = file, FullPage = true });
            Output.WriteLine($"Screenshot: {file}\nURL: {page.Url}");
        }
        catch (PlaywrightException e)
        {
            Output.WriteLine($"Could not take a screenshot: {e.Message}");
        }
        Output.WriteLine("Server log (tail):\n" + App.LogTail());
    }

    protected static async Task<string> SaveShotAsync(IPage page, string name)
    {
        Directory.CreateDirectory(ShotsDir);
        var file = Path.Combine(ShotsDir, Safe(name) + ".png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = file, FullPage = true });
        return file;
    }

    private static string Safe(string name) => UnsafeChars().Replace(name, "_");

    [GeneratedRegex(@"[^A-Za-z0-9_.-]")]
    private static partial Regex UnsafeChars();
}
