using System.Net;
using Microsoft.EntityFrameworkCore;
using Nastavnik.Features.Organizations;
using Nastavnik.Features.Roadmaps;
using Nastavnik.Platform.Auth;

namespace Nastavnik.Tests.Roadmaps;

/// <summary>
/// Who sees and changes which roadmap: another municipality's people get 404 on every roadmap URL; a municipal roadmap is
/// read, not written, by the municipality's schools; a school's roadmap is private to it and its municipality.
/// </summary>
public sealed class RoadmapIsolationTests(TestApp app) : IClassFixture<TestApp>
{
    private sealed record World(Municipality M, Organization School, Organization Neighbour, int SchoolRoadmap, int MunicipalRoadmap, int ItemId);

    private async Task<World> BuildAsync()
    {
        var region = await app.CreateRegionAsync();
        var m = await app.CreateMunicipalityAsync(region);
        var school = await app.CreateOrganizationAsync(m);
        var neighbour = await app.CreateOrganizationAsync(m);
        var curator = await app.LoginAsAsync(Role.Curator, organization: school);
        var coordinator = await app.LoginAsAsync(Role.MunicipalCoordinator, municipality: m);
        var schoolRoadmap = await RoadmapTestKit.CreateAsync(curator, RoadmapTestKit.Owner(school), RoadmapTemplates.School.Key, "sy:2026", app.Unique("ДК школы"));
        var municipal = await RoadmapTestKit.CreateAsync(coordinator, RoadmapTestKit.Owner(m), RoadmapTemplates.Sections.Key, "sy:2026", app.Unique("ДК района"));
        var item = (await RoadmapTestKit.LoadAsync(app, schoolRoadmap)).Items[0].Id;
        return new World(m, school, neighbour, schoolRoadmap, municipal, item);
    }

    private static string[] Urls(int roadmap, int item) =>
    [
        $"/roadmaps/view/{roadmap}", $"/roadmaps/edit/{roadmap}", $"/roadmaps/export/{roadmap}?format=docx", $"/roadmaps/export/{roadmap}?format=xlsx",
        $"/roadmaps/import/{roadmap}", $"/roadmaps/item/{item}", $"/roadmaps/item?roadmap={roadmap}",
    ];

    [Fact]
    public async Task OtherMunicipalitysCurator_EveryRoadmapUrl_Gets404_AndListIsEmpty()
    {
        var w = await BuildAsync();
        var stranger = await app.LoginAsAsync(Role.Curator, organization: await app.CreateOrganizationAsync());
        foreach (var url in Urls(w.SchoolRoadmap, w.ItemId).Concat([$"/roadmaps/view/{w.MunicipalRoadmap}"]))
            Assert.True((await stranger.GetAsync(url)).StatusCode == HttpStatusCode.NotFound, url);
        var list = await stranger.GetHtmlAsync("/roadmaps");
        Assert.Contains("Найдено: 0", list);

        var item = await app.WithDbAsync(db => db.RoadmapItems.SingleAsync(i => i.Id == w.ItemId));
        var mark = await RoadmapTestKit.MarkAsync(stranger, item, RoadmapItemStatus.Done, "2026-11-01", formPage: "/accounts/profile");
        Assert.Equal(HttpStatusCode.NotFound, mark.StatusCode);
        var submit = await stranger.PostFormAsync($"/roadmaps/edit/{w.SchoolRoadmap}?handler=Submit", new() { ["version"] = Guid.Empty.ToString() }, formPage: "/accounts/profile");
        Assert.Equal(HttpStatusCode.NotFound, submit.StatusCode);
        Assert.Equal(RoadmapItemStatus.Planned, (await app.WithDbAsync(db => db.RoadmapItems.SingleAsync(i => i.Id == w.ItemId))).Status);
    }

    [Fact]
    public async Task OtherMunicipalitysCoordinator_CannotApproveOrSeeApprovals()
    {
        var w = await BuildAsync();
        var other = await app.LoginAsAsync(Role.MunicipalCoordinator, municipality: await app.CreateMunicipalityAsync());
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/roadmaps/approve/{w.SchoolRoadmap}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/roadmaps/approvals?m={w.M.Id}")).StatusCode);
        var approve = await other.PostFormAsync($"/roadmaps/approve/{w.SchoolRoadmap}?handler=Approve", new() { ["Approval.ApprovalDate"] = "2026-11-23" }, formPage: "/accounts/profile");
        Assert.Equal(HttpStatusCode.NotFound, approve.StatusCode);
        var deadline = await other.PostFormAsync("/roadmaps/approvals?handler=Deadline", new() { ["m"] = w.M.Id.ToString(), ["year"] = "2026", ["Input.Deadline"] = "2026-10-01" }, formPage: "/accounts/profile");
        Assert.Equal(HttpStatusCode.NotFound, deadline.StatusCode);
        Assert.False(await app.WithDbAsync(db => db.RoadmapDeadlines.AnyAsync(d => d.MunicipalityId == w.M.Id)));
    }

    [Fact]
    public async Task NeighbourSchool_ReadsMunicipalRoadmap_CannotWriteIt_NorSeeTheOtherSchoolsRoadmap()
    {
        var w = await BuildAsync();
        var neighbour = await app.LoginAsAsync(Role.Curator, organization: w.Neighbour);
        Assert.Equal(HttpStatusCode.OK, (await neighbour.GetAsync($"/roadmaps/view/{w.MunicipalRoadmap}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await neighbour.GetAsync($"/roadmaps/export/{w.MunicipalRoadmap}?format=docx")).StatusCode);
        var view = await neighbour.GetHtmlAsync($"/roadmaps/view/{w.MunicipalRoadmap}");
        Assert.DoesNotContain($"/roadmaps/edit/{w.MunicipalRoadmap}", view);
        Assert.DoesNotContain("handler=Progress", view);
        Assert.Equal(HttpStatusCode.NotFound, (await neighbour.GetAsync($"/roadmaps/edit/{w.MunicipalRoadmap}")).StatusCode);
        var municipalItem = (await RoadmapTestKit.LoadAsync(app, w.MunicipalRoadmap)).Items[0];
        Assert.Equal(HttpStatusCode.NotFound, (await RoadmapTestKit.MarkAsync(neighbour, municipalItem, RoadmapItemStatus.Done, "2026-11-01", formPage: "/accounts/profile")).StatusCode);
        foreach (var url in Urls(w.SchoolRoadmap, w.ItemId))
            Assert.True((await neighbour.GetAsync(url)).StatusCode == HttpStatusCode.NotFound, url);
        var list = await neighbour.GetHtmlAsync("/roadmaps");
        Assert.Contains($"/roadmaps/view/{w.MunicipalRoadmap}", list);
        Assert.DoesNotContain($"/roadmaps/view/{w.SchoolRoadmap}\"", list);
    }

    [Fact]
    public async Task Coordinator_ReadsAndApprovesSchoolRoadmap_ButDoesNotEditIt()
    {
        var w = await BuildAsync();
        var coordinator = await app.LoginAsAsync(Role.MunicipalCoordinator, municipality: w.M);
        Assert.Equal(HttpStatusCode.OK, (await coordinator.GetAsync($"/roadmaps/view/{w.SchoolRoadmap}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await coordinator.GetAsync($"/roadmaps/approve/{w.SchoolRoadmap}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await coordinator.GetAsync($"/roadmaps/edit/{w.SchoolRoadmap}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await coordinator.GetAsync($"/roadmaps/item/{w.ItemId}")).StatusCode);
    }

    [Fact]
    public async Task Mentor_ReadsOwnSchoolsRoadmap_Mentee_IsDenied()
    {
        var w = await BuildAsync();
        var mentor = await app.LoginAsAsync(Role.Mentor, organization: w.School);
        Assert.Equal(HttpStatusCode.OK, (await mentor.GetAsync($"/roadmaps/view/{w.SchoolRoadmap}")).StatusCode);
        var edit = await mentor.GetAsync($"/roadmaps/edit/{w.SchoolRoadmap}");
        Assert.Contains("accessdenied", edit.Headers.Location!.OriginalString, StringComparison.OrdinalIgnoreCase);
        var mentee = await app.LoginAsAsync(Role.Mentee, organization: w.School);
        var view = await mentee.GetAsync($"/roadmaps/view/{w.SchoolRoadmap}");
        Assert.Contains("accessdenied", view.Headers.Location!.OriginalString, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("href=\"/roadmaps\"", await mentee.GetHtmlAsync("/"));
    }
}
