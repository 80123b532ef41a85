using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Nastavnik.Data.Demo;

namespace Nastavnik.Tests.Practices;

/// <summary>The demo shows a programme's whole course: a revision history, a completion with results, a published practice.</summary>
public sealed class DemoHistoryTests
{
    [Fact]
    public async Task Demo_CompletedProgrammeWithRevisions_AndPublishedPractice()
    {
        using var inner = new TestApp();
        using var demo = inner.WithWebHostBuilder(b => b.UseSetting("Demo:Enabled", "true"));
        await inner.EnsureMigratedAsync();
        await using (var scope = demo.Services.CreateAsyncScope()) await DemoSeeder.SeedAsync(scope.ServiceProvider);

        async Task<HttpClient> LoginAsync(string email)
        {
            var c = demo.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
            var r = await c.PostFormAsync("/accounts/anonymous/login", new() { ["Input.Email"] = email, ["Input.Password"] = DemoSeeder.Password });
            Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);
            return c;
        }

        var curator = await LoginAsync("curator@demo.nastavnik.ru");
        var list = await curator.GetHtmlAsync("/programmes");
        var id = System.Text.RegularExpressions.Regex.Matches(list, "/programmes/card/(\\d+)").Select(m => m.Groups[1].Value).Distinct().ToList();
        string? card = null;
        foreach (var x in id)
        {
            var html = await curator.GetHtmlAsync($"/programmes/card/{x}");
            if (html.Contains("data-completion-reason=\"Full\"", StringComparison.Ordinal)) { card = x; break; }
        }
        Assert.NotNull(card);
        var history = WebUtility.HtmlDecode(await curator.GetHtmlAsync($"/programmes/revisions/{card}"));
        Assert.Contains("data-status=\"Applied\"", history);
        Assert.Contains("data-status=\"Declined\"", history);
        Assert.Contains("окончание: ", history);

        // The demo mentor (another pair) finds the published practice in the library, without the participants' names.
        var mentor = await LoginAsync("mentor@demo.nastavnik.ru");
        var practices = await mentor.GetHtmlAsync("/practices");
        var practiceId = System.Text.RegularExpressions.Regex.Match(practices, "/practices/view/(\\d+)").Groups[1].Value;
        Assert.NotEmpty(practiceId);
        var page = WebUtility.HtmlDecode(await mentor.GetHtmlAsync($"/practices/view/{practiceId}"));
        Assert.Contains("читательская грамотность на уроках русского языка", page);
        Assert.DoesNotContain("Лаптев", page);
        Assert.DoesNotContain("Ершов", page);
    }
}
