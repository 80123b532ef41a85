using System.Net;
using Nastavnik.Platform.Auth;

namespace Nastavnik.Tests.Roadmaps;

public sealed class LocalActsTests(TestApp app) : IClassFixture<TestApp>
{
    [Fact]
    public async Task SchoolRecordsActs_CoordinatorSeesCountOnApprovals_MentorCannotWrite()
    {
        var m = await app.CreateMunicipalityAsync();
        var org = await app.CreateOrganizationAsync(m);
        var curator = await app.LoginAsAsync(Role.Curator, organization: org);
        var page = $"/roadmaps/acts?org={org.Id}&year=2026";
        var ok = await curator.PostFormAsync(page, new() { ["kind"] = "ImplementationOrder", ["number"] = "112-од", ["adoptedOn"] = "2026-09-01" });
        Assert.Equal(HttpStatusCode.Redirect, ok.StatusCode);
        await curator.PostFormAsync(page, new() { ["kind"] = "Regulation", ["number"] = "113-од", ["adoptedOn"] = "2026-09-01" });
        var future = await curator.PostFormAsync(page, new() { ["kind"] = "CuratorOrder", ["adoptedOn"] = "2030-01-01" });
        Assert.Contains("Укажите дату принятия акта", await curator.GetHtmlAsync(future.Headers.Location!.OriginalString));
        Assert.Contains("112-од", await curator.GetHtmlAsync(page));

        var coordinator = await app.LoginAsAsync(Role.MunicipalCoordinator, municipality: m);
        var approvals = await coordinator.GetHtmlAsync($"/roadmaps/approvals?m={m.Id}&year=2026");
        Assert.Contains("2 из 4", approvals);
        Assert.Contains("приказ о назначении куратора", approvals);

        var mentor = await app.LoginAsAsync(Role.Mentor, organization: org);
        var denied = await mentor.PostFormAsync(page, new() { ["kind"] = "CuratorOrder", ["adoptedOn"] = "2026-09-02" });
        Assert.Contains("accessdenied", denied.Headers.Location!.OriginalString, StringComparison.OrdinalIgnoreCase);
        var other = await app.LoginAsAsync(Role.Curator, organization: await app.CreateOrganizationAsync());
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync(page)).StatusCode);
    }
}
