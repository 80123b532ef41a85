using System.Net;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Nastavnik.Data.Demo;
using Nastavnik.Features.Programmes;

namespace Nastavnik.Tests.Programmes;

public sealed class DemoProgrammesTests
{
    /// <summary>
    /// The demo shows programmes at work: the demo mentor's programme is on track (meetings in seed 004's order,
    /// reports on time), the other working pair raises warnings on the curator's home page, and the warning job turns
    /// them into the curator's notifications and letters.
    /// </summary>
    [Fact]
    public async Task Demo_ProgrammesWithWarnings_ReachCuratorHomeAndNotifications()
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

        var (kinds, reports) = await inner.WithDbAsync(async db =>
        {
            // The working pairs' programmes (the demo also keeps last year's completed one with its meetings).
            var live = db.MentoringPrograms.Where(p => db.Mentorships.Any(m => m.Id == p.MentorshipId && m.Status == Nastavnik.Features.Mentorships.MentorshipStatus.Active)).Select(p => p.Id);
            var k = await db.Meetings.Where(m => live.Contains(m.ProgramId)).OrderBy(m => m.HeldOn).ThenBy(m => m.Id).Select(m => new { m.ProgramId, m.Kind }).ToListAsync();
            return (k.GroupBy(x => x.ProgramId).Select(g => g.Select(x => x.Kind).ToList()).ToList(), await db.ProgressReports.CountAsync());
        });
        Assert.Equal(2, kinds.Count);
        Assert.Contains(kinds, k => k.SequenceEqual([MeetingKind.Organizational, MeetingKind.Trial, MeetingKind.Planning, MeetingKind.Regular]));
        Assert.True(reports >= 3);

        var curator = await LoginAsync("curator@demo.nastavnik.ru");
        var home = await curator.GetHtmlAsync("/");
        Assert.Contains("Просрочен отчёт: наставляемый Гусева", home);
        Assert.Contains("Низкая оценка: наставник Соловьёв", home);
        Assert.Contains("Просрочено мероприятие плана", home);
        Assert.DoesNotContain("Зайцев", home[home.IndexOf("Просрочен", StringComparison.Ordinal)..]);

        var mentor = await LoginAsync("mentor@demo.nastavnik.ru");
        var list = await mentor.GetHtmlAsync("/programmes");
        Assert.Contains("/programmes/card/", list);
        Assert.DoesNotContain("Гусева", list);

        await demo.Services.GetRequiredService<ProgrammeWarningJob>().RunOnceAsync();
        var notes = await curator.GetHtmlAsync("/notifications");
        Assert.Contains("Просрочен отчёт: наставляемый Гусева", notes);
        Assert.True(await inner.WithDbAsync(db => db.OutboxEmails.AnyAsync(m => m.To == "curator@demo.nastavnik.ru")));
    }
}
