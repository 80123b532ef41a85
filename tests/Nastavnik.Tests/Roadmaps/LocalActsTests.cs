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

    /// <summary>The reviewer's finding: the acts page was linked only from the coordinator's approvals page.</summary>
    [Fact]
    public async Task SchoolHead_FindsActsFromRoadmapViewAndList_RecordsOrderAndRegulation()
    {
        var m = await app.CreateMunicipalityAsync();
        var org = await app.CreateOrganizationAsync(m);
        var head = await app.LoginAsAsync(Role.Head, organization: org);
        var id = await RoadmapTestKit.CreateAsync(head, RoadmapTestKit.Owner(org), null, "sy:2026", "План школы");
        var link = $"/roadmaps/acts?org={org.Id}&amp;year=2026";
        Assert.Contains($"href=\"{link}\"", await head.GetHtmlAsync($"/roadmaps/view/{id}"));
        Assert.Contains($"href=\"{link}\"", await head.GetHtmlAsync("/roadmaps"));

        var page = System.Net.WebUtility.HtmlDecode(link);
        foreach (var (kind, number) in new[] { ("ImplementationOrder", "5-од"), ("Regulation", "6-од") })
        {
            var r = await head.PostFormAsync(page, new() { ["kind"] = kind, ["number"] = number, ["adoptedOn"] = "2026-09-01" });
            Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);
        }
        Assert.Contains("6-од", await head.GetHtmlAsync(page));
        var coordinator = await app.LoginAsAsync(Role.MunicipalCoordinator, municipality: m);
        var approvals = await coordinator.GetHtmlAsync($"/roadmaps/approvals?m={m.Id}&year=2026");
        Assert.Contains("2 из 4", approvals);
        Assert.DoesNotContain("приказ о внедрении", approvals);
    }
}
