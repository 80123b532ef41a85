using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Nastavnik.Features.People;
using Nastavnik.Platform.Auth;

namespace Nastavnik.Tests.Mentorships;

/// <summary>
/// Only confirmed mentors of the bank are offered for pairs (a candidate is not yet selected); the matching page says
/// how many candidates wait, and the register confirms the candidates it shows in one step, within the user's schools.
/// </summary>
public sealed partial class CandidateMentorsTests(TestApp app) : IClassFixture<TestApp>
{
    [Fact]
    public async Task Candidates_LeftOutOfPool_UntilConfirmedInRegister()
    {
        var municipality = await app.CreateMunicipalityAsync();
        var org = await app.CreateOrganizationAsync(municipality);
        var other = await app.CreateOrganizationAsync(municipality);
        await app.CreateMenteeAsync(org, "Ждущая", subjects: "химия");
        var candidate = await app.CreateMentorAsync(org, "Кандидатова", capacity: 2, subjects: "химия");
        var elsewhere = await app.CreateMentorAsync(other, "Чужакова", capacity: 2, subjects: "химия");
        await app.WithDbAsync(async db =>
        {
            foreach (var id in new[] { candidate.Id, elsewhere.Id })
                (await db.MentorProfiles.FirstAsync(m => m.PersonId == id)).Status = MentorBankStatus.Candidate;
            await db.SaveChangesAsync();
        });

        var curator = await app.LoginAsAsync(Role.Curator, organization: org);
        Assert.Contains("1 кандидат ещё не подтверждён", await curator.GetHtmlAsync("/matching"));
        Assert.Equal(0, await MentorsInPoolAsync(curator, $"o:{municipality.Id}:{org.Id}"));

        var list = "/people?register=Mentors&mentorStatus=Candidate";
        var page = await curator.GetHtmlAsync(list);
        Assert.Contains("Кандидатова", page);
        Assert.DoesNotContain("Чужакова", page);
        var r = await curator.PostFormAsync(list + "&handler=ConfirmMentors", [], formPage: list);
        Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);
        Assert.Equal(MentorBankStatus.Confirmed, await app.WithDbAsync(db => db.MentorProfiles.Where(m => m.PersonId == candidate.Id).Select(m => m.Status).SingleAsync()));
        // Another school's candidate is not touched by this curator.
        Assert.Equal(MentorBankStatus.Candidate, await app.WithDbAsync(db => db.MentorProfiles.Where(m => m.PersonId == elsewhere.Id).Select(m => m.Status).SingleAsync()));
        Assert.True(await app.WithDbAsync(db => db.AuditEntries.AnyAsync(a => a.Action == "person.mentors-confirmed" && a.OrganizationId == org.Id)));
        Assert.Equal(1, await MentorsInPoolAsync(curator, $"o:{municipality.Id}:{org.Id}"));

        var tutor = await app.LoginAsAsync(Role.Tutor, municipality: municipality);
        var denied = await tutor.PostFormAsync(list + "&handler=ConfirmMentors", [], formPage: list);
        Assert.Contains("accessdenied", denied.Headers.Location!.OriginalString, StringComparison.OrdinalIgnoreCase);
    }

    private static async Task<int> MentorsInPoolAsync(HttpClient client, string pool)
    {
        var run = await client.PostFormAsync("/matching", new() { ["Pool"] = pool });
        if (run.StatusCode != HttpStatusCode.Redirect)
        {
            Assert.Contains("В этом банке нет доступных наставников.", await run.Content.ReadAsStringAsync());
            return 0;
        }
        var html = await client.GetHtmlAsync(run.Headers.Location!.OriginalString);
        return int.Parse(MentorsRegex().Match(html).Groups[1].Value);
    }

    [GeneratedRegex("наставников: (\\d+)\\.")]
    private static partial Regex MentorsRegex();
}
