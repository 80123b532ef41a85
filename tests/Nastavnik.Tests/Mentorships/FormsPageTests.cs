using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Nastavnik.Features.Mentorships;
using Nastavnik.Platform.Auth;
using Nastavnik.Platform.Tenancy;

namespace Nastavnik.Tests.Mentorships;

public sealed class FormsPageTests(TestApp app) : IClassFixture<TestApp>
{
    [Fact]
    public async Task RegionRenamesAndArchivesForms_OtherRegionKeepsDefaults()
    {
        var a = await app.CreateRegionAsync();
        var b = await app.CreateRegionAsync();
        var coordinator = await app.LoginAsAsync(Role.RegionalCoordinator, region: a);
        var page = await coordinator.GetHtmlAsync($"/mentorships/forms?region={a.Id}");
        Assert.Contains("учитель – учитель", page);
        var renamed = await coordinator.PostFormAsync($"/mentorships/forms?handler=Form&region={a.Id}", new()
        {
            ["code"] = "teacher-teacher", ["name"] = "педагог – педагог", ["mentors"] = "Teacher", ["mentees"] = "Teacher", ["forbidsManager"] = "true",
        }, formPage: $"/mentorships/forms?region={a.Id}");
        Assert.Equal(HttpStatusCode.Redirect, renamed.StatusCode);
        await coordinator.PostFormAsync($"/mentorships/forms?handler=Kind&region={a.Id}", new() { ["code"] = "speed", ["name"] = "скоростное", ["archived"] = "true" },
            formPage: $"/mentorships/forms?region={a.Id}");
        var bad = await coordinator.PostFormAsync($"/mentorships/forms?handler=Form&region={a.Id}", new() { ["code"] = "teacher-pupil", ["name"] = "" }, formPage: $"/mentorships/forms?region={a.Id}");
        Assert.Contains("Укажите название формы", await coordinator.GetHtmlAsync(bad.Headers.Location!.OriginalString));
        Assert.Equal(HttpStatusCode.NotFound, (await coordinator.GetAsync($"/mentorships/forms?region={b.Id}")).StatusCode);

        await using var scope = app.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<CurrentScope>().Set(TenantScope.System);
        var service = scope.ServiceProvider.GetRequiredService<MentorshipService>();
        Assert.Contains(await service.FormsAsync(a.Id), f => f.Name == "педагог – педагог");
        Assert.DoesNotContain(await service.KindsAsync(a.Id), k => k.Code == "speed");
        Assert.Contains(await service.FormsAsync(b.Id), f => f.Name == "учитель – учитель");
        Assert.Contains(await service.KindsAsync(b.Id), k => k.Code == "speed");
        Assert.Equal(1, await app.WithDbAsync(db => db.MentoringForms.CountAsync(f => f.RegionId == a.Id)));
    }
}
