using System.Net;
using System.Text.RegularExpressions;
using Nastavnik.Data.Demo;

namespace Nastavnik.Tests.Platform;

/// <summary>
/// A link a person is shown must lead somewhere they may go. For each demo account this follows the menu and every link on
/// the pages the menu opens, and fails on any that answers «доступ запрещён» (403, or a redirect to the access-denied or
/// login page). The reviewer found «Поощрения» for mentors and a region's «Удалить» for a municipal coordinator this way.
/// </summary>
public sealed partial class LinkCrawlTests
{
    private const int MaxChecksPerAccount = 250;

    [Fact]
    public async Task DemoAccounts_MenuAndPageLinks_NoneAnswerAccessDenied()
    {
        using var app = new DemoTests.DemoApp();
        await app.EnsureMigratedAsync();
        await app.SeedAsync();

        var denied = new List<string>();
        var checkedCount = 0;
        foreach (var account in DemoSeeder.Accounts)
        {
            var client = app.NewClient();
            var login = await client.PostFormAsync("/accounts/anonymous/login", new() { ["Input.Email"] = account.Email, ["Input.Password"] = DemoSeeder.Password });
            Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);

            var home = await client.GetHtmlAsync("/");
            var seen = new HashSet<string>(StringComparer.Ordinal) { "/" };
            // Depth 1: the menu and the home page's links; depth 2: the links on those pages.
            var level1 = Links(home).Where(seen.Add).ToList();
            var level2 = new List<string>();
            foreach (var url in level1)
            {
                var (ok, html) = await VisitAsync(client, url);
                checkedCount++;
                if (!ok) denied.Add($"{account.Email}: {url} (from /)");
                else if (html is not null) level2.AddRange(Links(html).Where(seen.Add).Select(l => l + " (from " + url + ")"));
            }
            foreach (var entry in level2.Take(MaxChecksPerAccount - level1.Count))
            {
                var url = entry[..entry.IndexOf(" (from ", StringComparison.Ordinal)];
                var (ok, _) = await VisitAsync(client, url);
                checkedCount++;
                if (!ok) denied.Add($"{account.Email}: {entry}");
            }
        }
        Assert.True(checkedCount > 300, $"Only {checkedCount} links were checked: the crawler found too little to mean anything.");
        Assert.Empty(denied);
    }

    /// <summary>False when the answer is a refusal; the HTML when it is a page worth reading for more links.</summary>
    private static async Task<(bool Ok, string? Html)> VisitAsync(HttpClient client, string url)
    {
        using var r = await client.GetAsync(url);
        if (r.StatusCode == HttpStatusCode.Forbidden || r.StatusCode == HttpStatusCode.Unauthorized) return (false, null);
        if (r.Headers.Location is { } to)
        {
            var target = to.OriginalString;
            return (!target.Contains("/accounts/anonymous/accessdenied", StringComparison.OrdinalIgnoreCase)
                && !target.Contains("/accounts/anonymous/login", StringComparison.OrdinalIgnoreCase), null);
        }
        var html = r.Content.Headers.ContentType?.MediaType == "text/html" ? await r.Content.ReadAsStringAsync() : null;
        return (true, html);
    }

    /// <summary>Same-site links of a page, skipping the static files and the API; the main content and the header both count.</summary>
    private static IEnumerable<string> Links(string html) =>
        Href().Matches(html).Select(m => WebUtility.HtmlDecode(m.Groups[1].Value))
            .Where(h => h.StartsWith('/') && !h.StartsWith("//", StringComparison.Ordinal))
            .Where(h => !h.StartsWith("/lib/", StringComparison.Ordinal) && !h.StartsWith("/css/", StringComparison.Ordinal) && !h.StartsWith("/api/", StringComparison.Ordinal))
            .Select(h => h.Split('#')[0])
            .Where(h => h.Length > 0)
            .Distinct();

    [GeneratedRegex("<a\\s[^>]*href=\"([^\"]+)\"", RegexOptions.IgnoreCase)]
    private static partial Regex Href();
}
