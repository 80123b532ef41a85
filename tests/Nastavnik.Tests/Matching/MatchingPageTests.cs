using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Nastavnik.Features.People;
using Nastavnik.Platform.Auth;
using Nastavnik.Tests.People;

namespace Nastavnik.Tests.Matching;

public sealed partial class MatchingPageTests(TestApp app) : IClassFixture<TestApp>
{
    /// <summary>The scenario: 30 mentees, 12 mentors; run, read the reasons, lock two pairs, run again, reproduce.</summary>
    [Fact]
    public async Task Curator_Runs30x12_LocksTwoPairs_RerunKeepsThem_Reproducible()
    {
        var org = await app.CreateOrganizationAsync();
        var competencies = await app.WithDbAsync(db => db.Competencies.OrderBy(c => c.Id).Select(c => c.Id).Take(8).ToListAsync());
        var mentors = new List<int>();
        for (var i = 0; i < 12; i++)
        {
            var p = await app.CreatePersonAsync(org, $"Наставникова{i}", mentor: true);
            mentors.Add(p.Id);
            await app.WithDbAsync(async db =>
            {
                var profile = await db.MentorProfiles.Include(m => m.Strengths).FirstAsync(m => m.PersonId == p.Id);
                profile.Capacity = 3;
                profile.Strengths.Add(new MentorStrength { CompetencyId = competencies[i % 8] });
                profile.Strengths.Add(new MentorStrength { CompetencyId = competencies[(i + 3) % 8] });
                (await db.People.FindAsync(p.Id))!.PedagogicalExperienceYears = 10 + i;
                await db.SaveChangesAsync();
            });
        }
        for (var i = 0; i < 30; i++)
        {
            var p = await app.CreatePersonAsync(org, $"Молодцова{i}", mentee: true, categories: [MenteeCategory.YoungSpecialist]);
            await app.WithDbAsync(async db =>
            {
                db.Deficits.Add(new Deficit { PersonId = p.Id, CompetencyId = competencies[i % 8], Source = DeficitSource.Diagnostics, IdentifiedOn = new DateOnly(2026, 10, 1) });
                db.Deficits.Add(new Deficit { PersonId = p.Id, CompetencyId = competencies[(i * 5 + 1) % 8], Source = DeficitSource.Diagnostics, IdentifiedOn = new DateOnly(2026, 10, 1) });
                (await db.People.FindAsync(p.Id))!.PedagogicalExperienceYears = 1;
                await db.SaveChangesAsync();
            });
        }

        var curator = await app.LoginAsAsync(Role.Curator, organization: org);
        var run = await curator.PostFormAsync("/matching", new() { ["Pool"] = $"o:{org.MunicipalityId}:{org.Id}" });
        Assert.Equal(HttpStatusCode.Redirect, run.StatusCode);
        var runUrl = run.Headers.Location!.OriginalString;
        var html = await curator.GetHtmlAsync(runUrl);
        Assert.Contains("<div class=\"display-6\">30</div><div>пар подобрано</div>", html);
        Assert.Contains("Решение оптимально", html);
        Assert.Contains("закрывает", html);
        Assert.Contains("дефицит", html);

        var pairs = LockRegex().Matches(html).Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(30, pairs.Count);
        // Lock two pairs, and make them ones the weights change would otherwise disturb: zero the deficit weight.
        var locks = pairs.Take(2).ToList();
        var form = new List<KeyValuePair<string, string>>
        {
            new("Weights.PerCoveredDeficit", "0"), new("Weights.SameSubject", "8"), new("Weights.PerExperienceYear", "1"), new("Weights.TimeResource", "4"),
            new("Weights.MenteePrefersMentor", "15"), new("Weights.MentorPrefersMentee", "10"), new("Weights.OrganizationPreference", "Same"), new("Weights.OrganizationMatch", "6"),
        };
        form.AddRange(locks.Select(l => new KeyValuePair<string, string>("Lock", l)));
        var token = HttpClientExtensions.AntiforgeryToken(html);
        form.Add(new("__RequestVerificationToken", token));
        var rerun = await curator.PostAsync(runUrl + "?handler=Rerun", new FormUrlEncodedContent(form));
        Assert.Equal(HttpStatusCode.Redirect, rerun.StatusCode);
        var second = await curator.GetHtmlAsync(rerun.Headers.Location!.OriginalString);
        foreach (var l in locks) Assert.Contains($"value=\"{l}\" id=\"lock-{l.Replace(':', '-')}\" checked=\"checked\"", second);
        Assert.Contains("закреплена", second);

        var reproduce = await curator.PostFormAsync(rerun.Headers.Location!.OriginalString + "?handler=Reproduce", [], formPage: rerun.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.Redirect, reproduce.StatusCode);
        Assert.Contains("Подбор воспроизведён", await curator.GetHtmlAsync(rerun.Headers.Location!.OriginalString));
        Assert.Equal(2, await app.WithDbAsync(db => db.MatchingRuns.CountAsync(r => r.OrganizationId == org.Id)));

        // Accept three pairs: they become mentorships proposed for the head's order.
        var secondUrl = rerun.Headers.Location!.OriginalString;
        var accept = new List<KeyValuePair<string, string>> { new("startDate", "2026-12-01"), new("endDate", "2027-05-31") };
        accept.AddRange(LockRegex().Matches(second).Select(m => m.Groups[1].Value).Take(3).Select(v => new KeyValuePair<string, string>("accept", v)));
        accept.Add(new("__RequestVerificationToken", HttpClientExtensions.AntiforgeryToken(second)));
        var accepted = await curator.PostAsync(secondUrl + "?handler=Accept", new FormUrlEncodedContent(accept));
        Assert.Equal(HttpStatusCode.Redirect, accepted.StatusCode);
        Assert.Contains("Пар предложено на утверждение: 3", await curator.GetHtmlAsync(secondUrl));
        Assert.Equal(3, await app.WithDbAsync(db => db.Mentorships.CountAsync(m => m.OrganizationId == org.Id && m.Status == Nastavnik.Features.Mentorships.MentorshipStatus.Proposed)));
    }

    [Fact]
    public async Task OtherSchool_CannotSeeRun_404()
    {
        var region = await app.CreateRegionAsync();
        var a = await app.CreateOrganizationAsync(await app.CreateMunicipalityAsync(region));
        var b = await app.CreateOrganizationAsync(await app.CreateMunicipalityAsync(region));
        await app.CreatePersonAsync(a, "Ментор", mentor: true);
        var mentee = await app.CreatePersonAsync(a, "Менти", mentee: true);
        var curatorA = await app.LoginAsAsync(Role.Curator, organization: a);
        var run = await curatorA.PostFormAsync("/matching", new() { ["Pool"] = $"o:{a.MunicipalityId}:{a.Id}" });
        var url = run.Headers.Location!.OriginalString;
        var curatorB = await app.LoginAsAsync(Role.Curator, organization: b);
        Assert.Equal(HttpStatusCode.NotFound, (await curatorB.GetAsync(url)).StatusCode);
        var forged = await curatorB.PostFormAsync("/matching", new() { ["Pool"] = $"o:{a.MunicipalityId}:{a.Id}" });
        Assert.Equal(HttpStatusCode.OK, forged.StatusCode);
        Assert.Contains("Выберите, среди кого подбирать пары.", await forged.Content.ReadAsStringAsync());
        Assert.NotEqual(0, mentee.Id);
    }

    [Fact]
    public async Task PeerGroups_ProposedByCommonGoals_AcceptedAsPartnershipDrafts()
    {
        var org = await app.CreateOrganizationAsync();
        var c = await app.WithDbAsync(db => db.Competencies.OrderBy(x => x.Id).Select(x => x.Id).Take(2).ToListAsync());
        for (var i = 0; i < 4; i++)
        {
            var p = await app.CreatePersonAsync(org, $"Партнёрова{i}", mentee: true);
            await app.WithDbAsync(async db =>
            {
                db.Deficits.Add(new Deficit { PersonId = p.Id, CompetencyId = c[i % 2], Source = DeficitSource.SelfAssessment, IdentifiedOn = new DateOnly(2026, 10, 1) });
                await db.SaveChangesAsync();
            });
        }
        var curator = await app.LoginAsAsync(Role.Curator, organization: org);
        var html = await curator.GetHtmlAsync($"/matching/peers?org={org.Id}&size=2");
        Assert.Contains("общие цели", html);
        var r = await curator.PostFormAsync("/matching/peers?handler=Accept", new() { ["org"] = org.Id.ToString(), ["size"] = "2" }, formPage: $"/matching/peers?org={org.Id}&size=2");
        Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);
        Assert.Contains("Создано партнёрских групп (черновики): 2", await curator.GetHtmlAsync("/mentorships"));
        var groups = await app.WithDbAsync(db => db.Mentorships.Include(m => m.Participants).Include(m => m.Kind).Where(m => m.OrganizationId == org.Id).ToListAsync());
        Assert.Equal(2, groups.Count);
        Assert.All(groups, g => Assert.True(g.Kind!.PeersOnly && g.Participants.Count == 2 && g.Participants.All(p => p.Role == Nastavnik.Features.Mentorships.ParticipantRole.Peer)));
    }

    [GeneratedRegex("name=\"Lock\" value=\"(\\d+:\\d+)\"")]
    private static partial Regex LockRegex();

}
