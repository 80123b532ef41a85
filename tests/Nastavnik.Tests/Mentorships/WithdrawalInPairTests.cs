using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Nastavnik.Features.Consents;
using Nastavnik.Features.Matching;
using Nastavnik.Features.Mentorships;
using Nastavnik.Platform.Auth;

namespace Nastavnik.Tests.Mentorships;

/// <summary>
/// A participant of a working pair withdraws their consent: the pair is flagged to the curator and the head (without
/// the person's name), stored matching runs stop naming them at once and lose the name when the data is destroyed.
/// </summary>
public sealed class WithdrawalInPairTests(TestApp app) : IClassFixture<TestApp>
{
    [Fact]
    public async Task MenteeWithdraws_PairFlagged_CuratorAndHeadNotified_RunsStopNamingThem()
    {
        var municipality = await app.CreateMunicipalityAsync();
        var org = await app.CreateOrganizationAsync(municipality);
        var mentor = await app.CreateMentorAsync(org, "Наставникова", capacity: 3, subjects: "химия");
        var mentee = await app.CreateMenteeAsync(org, "Отзывающая", subjects: "химия");
        var waiting = await app.CreateMenteeAsync(org, "Ожидающая", subjects: "химия");
        var pair = await app.CreateMentorshipAsync(org, mentor, mentee, MentorshipStatus.Active);

        var curatorUser = await app.CreateUserAsync(Role.Curator, organization: org);
        var headUser = await app.CreateUserAsync(Role.Head, organization: org);
        var curator = await app.LoginAsync(curatorUser);
        // A matching run over the school's pool names the waiting mentee.
        var run = await curator.PostFormAsync("/matching", new() { ["Pool"] = $"o:{municipality.Id}:{org.Id}" });
        var runUrl = run.Headers.Location!.OriginalString;
        Assert.Contains("Ожидающая", await curator.GetHtmlAsync(runUrl));

        Assert.DoesNotContain("отозвал согласие", await curator.GetHtmlAsync($"/mentorships/card/{pair.Id}"));
        await WithdrawAsync(curator, mentee.Id);
        await WithdrawAsync(curator, waiting.Id);

        var card = await curator.GetHtmlAsync($"/mentorships/card/{pair.Id}");
        Assert.Contains("Участник пары отозвал согласие на обработку персональных данных", card);
        Assert.DoesNotContain("Отзывающая", card);
        var notes = await app.WithDbAsync(db => db.Notifications.Where(n => n.Link == $"/mentorships/card/{pair.Id}").ToListAsync());
        Assert.Contains(notes, n => n.UserId == curatorUser.Id);
        Assert.Contains(notes, n => n.UserId == headUser.Id);
        Assert.All(notes, n => Assert.DoesNotContain("Отзывающая", n.Text));

        var runPage = await curator.GetHtmlAsync(runUrl);
        Assert.DoesNotContain("Ожидающая", runPage);
        Assert.Contains($"участник № {waiting.Id} (исключён из реестра)", runPage);

        // 31 days later the data is destroyed, and the stored run no longer holds the name either.
        app.Clock.Advance(TimeSpan.FromDays(31));
        await app.Services.GetRequiredService<ConsentPurgeJob>().RunOnceAsync();
        var runs = await app.WithDbAsync(db => db.MatchingRuns.IgnoreQueryFilters().Where(r => r.MunicipalityId == municipality.Id).ToListAsync());
        Assert.NotEmpty(runs);
        // The stored JSON escapes Cyrillic: compare the names as the application reads them.
        var names = runs.SelectMany(r => MatchingRunner.ReadInput(r).Names).ToList();
        Assert.DoesNotContain(names, n => n.Value.Contains("Ожидающая"));
        Assert.Contains(names, n => n.Key == waiting.Id && n.Value == $"участник № {waiting.Id} (данные уничтожены)");
        Assert.Contains(names, n => n.Value.Contains("Наставникова"));
    }

    private async Task WithdrawAsync(HttpClient curator, int personId)
    {
        var consentId = await app.WithDbAsync(db => db.Consents.Where(c => c.PersonId == personId && c.Kind == ConsentKind.PersonalData).Select(c => c.Id).SingleAsync());
        var r = await curator.PostFormAsync($"/people/card/{personId}?handler=Withdraw", new() { ["consentId"] = consentId.ToString(), ["reason"] = "заявление" },
            formPage: $"/people/card/{personId}");
        Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);
    }
}
