using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Nastavnik.Data.Demo;
using Nastavnik.Features.Mentorships;

namespace Nastavnik.Tests.Mentorships;

/// <summary>What the reviewer saw in the demo: pairs, waiting counts, programme names, person cards, phones.</summary>
public sealed partial class DemoPairsTests
{
    [Fact]
    public async Task Demo_PairsConsistent_CountsAgree_ProgrammesNamedByPair_MentorCardListsPairs()
    {
        using var inner = new TestApp();
        await inner.EnsureMigratedAsync();
        using var demo = inner.WithWebHostBuilder(b => b.UseSetting("Demo:Enabled", "true"));
        await using (var scope = demo.Services.CreateAsyncScope())
            await DemoSeeder.SeedAsync(scope.ServiceProvider);
        async Task<HttpClient> LoginAsync(string email)
        {
            var client = demo.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
            var r = await client.PostFormAsync("/accounts/anonymous/login", new() { ["Input.Email"] = email, ["Input.Password"] = DemoSeeder.Password });
            Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);
            return client;
        }

        // Every pair shown as approved, working or completed was approved by an order.
        var withoutOrder = await inner.WithDbAsync(db => db.Mentorships.IgnoreQueryFilters()
            .Where(m => (m.Status == MentorshipStatus.Approved || m.Status == MentorshipStatus.Active || m.Status == MentorshipStatus.Completed) && m.ApprovalOrderId == null)
            .Select(m => m.Id).ToListAsync());
        Assert.Empty(withoutOrder);

        foreach (var email in new[] { "curator@demo.nastavnik.ru", "municipal@demo.nastavnik.ru" })
        {
            var client = await LoginAsync(email);
            var waiting = int.Parse(WaitingRegex().Match(await client.GetHtmlAsync("/mentorships/waiting")).Groups[1].Value);
            var register = int.Parse(FoundRegex().Match(await client.GetHtmlAsync("/people?register=Mentees&menteeStatus=Waiting")).Groups[1].Value);
            Assert.True(waiting > 0, email);
            Assert.Equal(waiting, register);
        }

        var curator = await LoginAsync("curator@demo.nastavnik.ru");
        var home = await curator.GetHtmlAsync("/");
        Assert.DoesNotContain(">программа №", home);
        Assert.Contains(">программа пары №", home);
        var programmes = await curator.GetHtmlAsync("/programmes");
        Assert.DoesNotContain(">Программа №", programmes);

        var (volkova, pairId) = await inner.WithDbAsync(async db =>
        {
            var p = await db.People.IgnoreQueryFilters().FirstAsync(x => x.LastName == "Волкова" && x.Mentor != null);
            var m = await db.MentorshipParticipants.IgnoreQueryFilters().Where(x => x.PersonId == p.Id && x.Role == ParticipantRole.Mentor).Select(x => x.MentorshipId).FirstAsync();
            return (p.Id, m);
        });
        var card = await curator.GetHtmlAsync($"/people/card/{volkova}");
        Assert.Contains("<h2 id=\"pairs-h\" class=\"h5\">Пары</h2>", card);
        Assert.Contains($"<a href=\"/mentorships/card/{pairId}\">Пара №{pairId}</a>", card);

        // Phones: the tables that were wider than the screen now scroll inside their own box.
        Assert.Contains("<div class=\"table-responsive\">", await curator.GetHtmlAsync("/mentorships/waiting"));
        var municipal = await LoginAsync("municipal@demo.nastavnik.ru");
        var pool = Regex.Match(await municipal.GetHtmlAsync("/matching"), "value=\"(m:\\d+)\"").Groups[1].Value;
        Assert.Equal(HttpStatusCode.Redirect, (await municipal.PostFormAsync("/matching", new() { ["Pool"] = pool })).StatusCode);
        Assert.Contains("<div class=\"table-responsive\">", await municipal.GetHtmlAsync("/matching"));
        // The mentor's programme list: the link to the programme is in the first column.
        var mentor = await LoginAsync("mentor@demo.nastavnik.ru");
        var list = await mentor.GetHtmlAsync("/programmes");
        var body = list.IndexOf("<tbody>", StringComparison.Ordinal);
        Assert.True(body > 0, list);
        var firstCell = list[body..list.IndexOf("</td>", body, StringComparison.Ordinal)];
        Assert.Contains("href=\"/programmes/card/", firstCell);
    }

    [GeneratedRegex("Ожидают: <strong>(\\d+)</strong>")]
    private static partial Regex WaitingRegex();

    [GeneratedRegex("Найдено: (\\d+)")]
    private static partial Regex FoundRegex();
}
