using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Nastavnik.Features.Notifications;
using Nastavnik.Features.Roadmaps;
using Nastavnik.Platform.Auth;

namespace Nastavnik.Tests.Roadmaps;

public sealed class RoadmapReminderTests(TestApp app) : IClassFixture<TestApp>
{
    [Fact]
    public async Task OverdueItem_CuratorReminded_OncePerWeek_DoneItemNot()
    {
        var org = await app.CreateOrganizationAsync();
        var curator = await app.CreateUserAsync(Role.Curator, organization: org);
        var (late, done) = await app.WithDbAsync(async db =>
        {
            var r = new Roadmap { RegionId = org.RegionId, MunicipalityId = org.MunicipalityId, OrganizationId = org.Id, Title = "Дорожная карта школы", PeriodText = "2026/2027 учебный год",
                PeriodStart = new DateOnly(2026, 9, 1), PeriodEnd = new DateOnly(2027, 8, 31) };
            var context = DueContext.ForSchoolYear(2026);
            var a = new RoadmapItem { Roadmap = r, Number = "2.1", Name = "Формирование базы наставляемых" };
            a.SetDue("октябрь", context);
            var b = new RoadmapItem { Roadmap = r, Number = "2.2", Name = "Формирование базы наставников", Status = RoadmapItemStatus.Done, DoneAt = new DateOnly(2026, 10, 20) };
            b.SetDue("октябрь", context);
            var c = new RoadmapItem { Roadmap = r, Number = "3.4", Name = "Обучение наставников" };
            c.SetDue("согласно графику ОО", context);
            db.AddRange(r, a, b, c);
            await db.SaveChangesAsync();
            return (a.Id, b.Id);
        });
        var job = app.Services.GetRequiredService<RoadmapReminderJob>();
        Assert.Equal(1, await job.RunOnceAsync());
        var mine = await app.WithDbAsync(db => db.Set<Notification>().Where(n => n.UserId == curator.Id).ToListAsync());
        var note = Assert.Single(mine);
        Assert.Equal($"/roadmaps/item/{late}", note.Link);
        Assert.Contains("Просрочен пункт 2.1", note.Text);
        Assert.DoesNotContain(mine, n => n.Link == $"/roadmaps/item/{done}");

        app.Clock.Advance(TimeSpan.FromDays(1));
        Assert.Equal(0, await job.RunOnceAsync());
        app.Clock.Advance(TimeSpan.FromDays(7));
        Assert.Equal(1, await job.RunOnceAsync());
    }
}
