using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Nastavnik.Features.Mentorships;
using Nastavnik.Features.People;
using Nastavnik.Platform.Auth;

namespace Nastavnik.Tests.Mentorships;

/// <summary>The waiting page, the register's «ожидает наставника» filter, its export, the API and the matcher's pool count the same people.</summary>
public sealed partial class WaitingCountsTests(TestApp app) : IClassFixture<TestApp>
{
    [Fact]
    public async Task WaitingPage_RegisterFilter_MatcherPool_AgreeForSchoolAndMunicipality()
    {
        var municipality = await app.CreateMunicipalityAsync();
        var a = await app.CreateOrganizationAsync(municipality);
        var b = await app.CreateOrganizationAsync(municipality);
        foreach (var org in new[] { a, b })
        {
            await app.CreateMenteeAsync(org, "Ждущая", subjects: "химия");
            await app.CreateMenteeAsync(org, "Ждущая", subjects: "химия");
            var finished = await app.CreateMenteeAsync(org, "Завершившая");
            var proposed = await app.CreateMenteeAsync(org, "Предложенная");
            var active = await app.CreateMenteeAsync(org, "Действующая");
            var mentor = await app.CreateMentorAsync(org, "Наставница", capacity: 5, subjects: "химия");
            await app.CreateMentorshipAsync(org, mentor, proposed, MentorshipStatus.Proposed);
            await app.CreateMentorshipAsync(org, mentor, active, MentorshipStatus.Active);
            await app.WithDbAsync(async db =>
            {
                (await db.MenteeProfiles.FirstAsync(p => p.PersonId == finished.Id)).Status = MenteeStatus.Finished;
                (await db.MenteeProfiles.FirstAsync(p => p.PersonId == active.Id)).Status = MenteeStatus.InMentorship;
                await db.SaveChangesAsync();
            });
        }

        var curator = await app.LoginAsAsync(Role.Curator, organization: a);
        Assert.Equal((2, 2, 2), await CountsAsync(curator, $"o:{municipality.Id}:{a.Id}"));
        var waiting = await curator.GetHtmlAsync("/mentorships/waiting");
        Assert.DoesNotContain("Завершившая", waiting);
        Assert.DoesNotContain("Предложенная", waiting);
        Assert.Contains("ещё 1 уже включены в пары", waiting);

        // The export of the filtered register holds the same people as the page (it used to ignore the status filter).
        var csv = await curator.GetHtmlAsync("/people/export?format=csv&register=Mentees&menteeStatus=Waiting");
        Assert.Equal(2, Regex.Count(csv, "Ждущая"));
        Assert.DoesNotContain("Предложенная", csv);
        Assert.DoesNotContain("Завершившая", csv);
        var api = await ApiTestHelpers.TokenClientAsync(app, Role.Curator, a);
        using (var doc = JsonDocument.Parse(await api.GetStringAsync("/api/v1/people/?register=Mentees&menteeStatus=Waiting")))
        {
            Assert.Equal(2, doc.RootElement.GetProperty("total").GetInt32());
            Assert.All(doc.RootElement.GetProperty("items").EnumerateArray(), e => Assert.Equal("Ждущая", e.GetProperty("lastName").GetString()));
        }

        // A mentee already proposed in a pair is not shown as waiting for a mentor, in the register or its export.
        var register = await curator.GetHtmlAsync("/people?register=Mentees&q=" + Uri.EscapeDataString("Предложенная"));
        Assert.Contains("наставник подобран, пара на утверждении", register);
        Assert.DoesNotContain("наставляемый (ожидает наставника)", register);
        var all = await curator.GetHtmlAsync("/people/export?format=csv&register=Mentees");
        var line = all.Split('\n').Single(l => l.Contains("Предложенная"));
        Assert.Contains("наставник подобран, пара на утверждении", line);

        var coordinator = await app.LoginAsAsync(Role.MunicipalCoordinator, municipality: municipality);
        Assert.Equal((4, 4, 4), await CountsAsync(coordinator, $"m:{municipality.Id}"));
    }

    private static async Task<(int Waiting, int Register, int Pool)> CountsAsync(HttpClient client, string pool)
    {
        var waiting = int.Parse(WaitingRegex().Match(await client.GetHtmlAsync("/mentorships/waiting")).Groups[1].Value);
        var register = int.Parse(FoundRegex().Match(await client.GetHtmlAsync("/people?register=Mentees&menteeStatus=Waiting")).Groups[1].Value);
        var run = await client.PostFormAsync("/matching", new() { ["Pool"] = pool });
        var runHtml = await client.GetHtmlAsync(run.Headers.Location!.OriginalString);
        var inPool = int.Parse(PoolRegex().Match(runHtml).Groups[1].Value);
        return (waiting, register, inPool);
    }

    [GeneratedRegex("Ожидают: <strong>(\\d+)</strong>")]
    private static partial Regex WaitingRegex();

    [GeneratedRegex("Найдено: (\\d+)")]
    private static partial Regex FoundRegex();

    [GeneratedRegex("Наставляемых: (\\d+),")]
    private static partial Regex PoolRegex();
}
