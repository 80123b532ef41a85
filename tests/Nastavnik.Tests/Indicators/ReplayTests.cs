using System.Net;
using Nastavnik.Features.Indicators;
using Nastavnik.Features.Mentorships;
using Nastavnik.Platform.Auth;
using Nastavnik.Tests.Mentorships;

namespace Nastavnik.Tests.Indicators;

/// <summary>A report for a past date gives the figures it gave on that day, even after a pair counted in it is terminated.</summary>
public sealed class ReplayTests(TestApp app) : IClassFixture<TestApp>
{
    [Fact]
    public async Task PairTerminatedLater_StillCountsForEarlierDate_NotForLaterOne()
    {
        var org = await app.CreateOrganizationAsync();
        var mentor = await app.CreateMentorAsync(org, "Прежняя");
        var mentee = await app.CreateMenteeAsync(org, "Ушедший");
        var m = await app.CreateMentorshipAsync(org, mentor, mentee, MentorshipStatus.Active);
        var level = new MonitoringLevel(org.RegionId, org.MunicipalityId, org.Id);
        var january = new DateOnly(2027, 1, 31);
        Task<int> TeachersAsync(DateOnly on) => app.WithDbAsync(async db => (await IndicatorBoard.LoadAsync(db, level, on)).ForOrganization((await IndicatorBoard.LoadAsync(db, level, on)).Organizations.Single())
            .Single(l => l.Indicator.Code == DefaultIndicators.TeachersInvolved).Numerator!.Value);

        app.Clock.Set(new DateTimeOffset(2027, 2, 1, 9, 0, 0, TimeSpan.Zero));
        Assert.Equal(2, await TeachersAsync(january));

        // Terminated on 10.02.2027 through the card, as a curator would.
        app.Clock.Set(new DateTimeOffset(2027, 2, 10, 9, 0, 0, TimeSpan.Zero));
        var curator = await app.LoginAsAsync(Role.Curator, organization: org);
        Assert.Equal(HttpStatusCode.Redirect, (await curator.PostFormAsync($"/mentorships/card/{m.Id}?handler=Move",
            new() { ["to"] = "Terminated", ["version"] = m.Version.ToString(), ["reason"] = "наставляемый уволился" }, $"/mentorships/card/{m.Id}")).StatusCode);
        Assert.Equal(MentorshipStatus.Terminated, await app.WithDbAsync(db => Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.SingleAsync(db.Mentorships.Where(x => x.Id == m.Id).Select(x => x.Status))));

        Assert.Equal(2, await TeachersAsync(january));
        Assert.Equal(2, await TeachersAsync(new DateOnly(2027, 2, 9)));
        Assert.Equal(0, await TeachersAsync(new DateOnly(2027, 2, 10)));
        Assert.Equal(0, await TeachersAsync(new DateOnly(2027, 3, 31)));
    }
}
