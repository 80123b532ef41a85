using System.Net;
using Microsoft.EntityFrameworkCore;
using Nastavnik.Features.Roadmaps;
using Nastavnik.Platform.Auth;

namespace Nastavnik.Tests.Roadmaps;

/// <summary>Creating and carrying out a roadmap through the pages. The test clock stands at 23.11.2026.</summary>
public sealed class RoadmapPagesTests(TestApp app) : IClassFixture<TestApp>
{
    /// <summary>
    /// The staged template for 2026/2027 on 23.11.2026: eleven items are due by then (1.1 August, 1.2 October, nine in
    /// September). 1.1 done 20.08 and 1.3 done 15.09 (on time), 1.4 done 05.10 (late), 6.3 (May 2027) done 20.11 (early),
    /// so 4 done, 3 on time, 8 overdue: 3 / (4 + 8) = 25 %.
    /// </summary>
    [Fact]
    public async Task CreateFromStagedTemplate_MarkItemsDone_ListAndPageShowOnTimeShare()
    {
        var m = await app.CreateMunicipalityAsync();
        var coordinator = await app.LoginAsAsync(Role.MunicipalCoordinator, municipality: m);
        var id = await RoadmapTestKit.CreateAsync(coordinator, RoadmapTestKit.Owner(m), RoadmapTemplates.Staged.Key, "sy:2026");
        var roadmap = await RoadmapTestKit.LoadAsync(app, id);
        Assert.Equal((7, 19), (roadmap.Stages.Count, roadmap.Items.Count));
        Assert.Equal("2026/2027 учебный год", roadmap.PeriodText);
        Assert.Contains("2026-2027", roadmap.Title, StringComparison.Ordinal);
        var items = roadmap.Items.ToDictionary(i => i.Number!);
        Assert.Equal("Август 2026", items["1.1"].DueText);
        Assert.Equal(new DateOnly(2026, 8, 31), items["1.1"].DueEnd);

        Assert.Equal(HttpStatusCode.Redirect, (await RoadmapTestKit.MarkAsync(coordinator, items["1.1"], RoadmapItemStatus.Done, "2026-08-20", "приказ от 20.08.2026 № 15")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await RoadmapTestKit.MarkAsync(coordinator, items["1.3"], RoadmapItemStatus.Done, "15.09.2026", link: "https://school.example.ru/news/1")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await RoadmapTestKit.MarkAsync(coordinator, items["1.4"], RoadmapItemStatus.Done, "2026-10-05")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await RoadmapTestKit.MarkAsync(coordinator, items["6.3"], RoadmapItemStatus.Done, "2026-11-20")).StatusCode);

        var page = await coordinator.GetHtmlAsync($"/roadmaps/view/{id}");
        Assert.Contains("выполнено в срок: <strong>25 %</strong>", page);
        Assert.Contains("просрочено: <strong class=\"roadmap-overdue-count\">8</strong>", page);
        Assert.Contains("выполнено 05.10.2026 (с опозданием)", page);
        Assert.Contains("href=\"https://school.example.ru/news/1\"", page);
        Assert.Equal(8, System.Text.RegularExpressions.Regex.Count(page, "class=\"roadmap-overdue\""));
        Assert.DoesNotContain("style=", page);
        var overdueOnly = await coordinator.GetHtmlAsync($"/roadmaps/view/{id}?show=overdue");
        Assert.DoesNotContain("Подготовка нормативной базы", overdueOnly); // 1.1 is done
        Assert.Contains("Закрепление наставнических пар, групп", overdueOnly);

        var list = await coordinator.GetHtmlAsync("/roadmaps");
        Assert.Contains($"/roadmaps/view/{id}", list);
        Assert.Contains("<td class=\"num\">25 %</td>", list);
    }

    [Fact]
    public async Task QuickDone_WithoutDate_TakesTodayFromTheClock_AndFutureDateIsRefused()
    {
        var m = await app.CreateMunicipalityAsync();
        var coordinator = await app.LoginAsAsync(Role.MunicipalCoordinator, municipality: m);
        var id = await RoadmapTestKit.CreateAsync(coordinator, RoadmapTestKit.Owner(m), RoadmapTemplates.Flat.Key, "y:2026");
        var item = (await RoadmapTestKit.LoadAsync(app, id)).Items.Single(i => i.Number == "4");
        var r = await coordinator.PostFormAsync($"/roadmaps/item/{item.Id}?handler=Progress",
            new() { ["Progress.Status"] = "Done", ["Progress.Version"] = item.Version.ToString(), ["Progress.Quick"] = "true" }, formPage: $"/roadmaps/view/{id}");
        Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);
        var stored = await app.WithDbAsync(db => db.RoadmapItems.SingleAsync(i => i.Id == item.Id));
        Assert.Equal((RoadmapItemStatus.Done, new DateOnly(2026, 11, 23)), (stored.Status, stored.DoneAt!.Value));

        var other = (await RoadmapTestKit.LoadAsync(app, id)).Items.Single(i => i.Number == "5");
        var future = await RoadmapTestKit.MarkAsync(coordinator, other, RoadmapItemStatus.Done, "2026-12-01");
        Assert.Equal(HttpStatusCode.OK, future.StatusCode);
        Assert.Contains("Дата выполнения не может быть позже сегодняшней.", await future.Content.ReadAsStringAsync());
        Assert.Equal(RoadmapItemStatus.Planned, (await app.WithDbAsync(db => db.RoadmapItems.SingleAsync(i => i.Id == other.Id))).Status);

        var stale = await RoadmapTestKit.MarkAsync(coordinator, item, RoadmapItemStatus.InProgress, null);
        Assert.Contains("изменил другой пользователь", await stale.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task EmptyRoadmap_AddItemWithUnreadableDue_FlaggedBesideTheText_AndPeriodChangeRereadsDues()
    {
        var org = await app.CreateOrganizationAsync();
        var curator = await app.LoginAsAsync(Role.Curator, organization: org);
        var id = await RoadmapTestKit.CreateAsync(curator, RoadmapTestKit.Owner(org), null, "sy:2026", "План школы");
        var r = await curator.PostFormAsync($"/roadmaps/item?roadmap={id}", new()
        {
            ["Input.Name"] = "Педагогический совет", ["Input.DueText"] = "после каникул", ["Input.Responsible"] = "Директор",
        });
        Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);
        r = await curator.PostFormAsync($"/roadmaps/item?roadmap={id}", new() { ["Input.Name"] = "Анкетирование", ["Input.DueText"] = "октябрь" });
        Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);
        var page = await curator.GetHtmlAsync($"/roadmaps/view/{id}");
        Assert.Contains("после каникул", page);
        Assert.Contains("срок не распознан", page);
        Assert.Contains("01.10.2026 – 31.10.2026", page);

        var roadmap = await RoadmapTestKit.LoadAsync(app, id);
        var edit = await curator.PostFormAsync($"/roadmaps/edit/{id}", new()
        {
            ["Input.Title"] = "План школы", ["Input.PeriodText"] = "2027/2028 учебный год", ["Input.PeriodStart"] = "2027-09-01", ["Input.PeriodEnd"] = "2028-08-31",
            ["Input.Version"] = roadmap.Version.ToString(),
        });
        Assert.Equal(HttpStatusCode.Redirect, edit.StatusCode);
        var october = (await RoadmapTestKit.LoadAsync(app, id)).Items.Single(i => i.Name == "Анкетирование");
        Assert.Equal(new DateOnly(2027, 10, 31), october.DueEnd);
    }

    [Fact]
    public async Task Create_BadInput_RussianMessagesAndNothingSaved()
    {
        var m = await app.CreateMunicipalityAsync();
        var coordinator = await app.LoginAsAsync(Role.MunicipalCoordinator, municipality: m);
        var r = await coordinator.PostFormAsync("/roadmaps/create", new() { ["Input.Owner"] = "o:999999", ["Input.Template"] = "нет-такого", ["Input.Period"] = "sy:abc" });
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        var html = await r.Content.ReadAsStringAsync();
        Assert.Contains("Выберите образец из списка.", html);
        Assert.Contains("Выберите период из списка.", html);
        Assert.Equal(0, await app.WithDbAsync(db => db.Roadmaps.CountAsync(x => x.MunicipalityId == m.Id)));
    }

    [Fact]
    public async Task Coordinator_CannotCreateRoadmapForASchool_OnlyItsCuratorCan()
    {
        var org = await app.CreateOrganizationAsync();
        var m = await app.WithDbAsync(db => db.Municipalities.SingleAsync(x => x.Id == org.MunicipalityId));
        var coordinator = await app.LoginAsAsync(Role.MunicipalCoordinator, municipality: m);
        var r = await coordinator.PostFormAsync("/roadmaps/create", new() { ["Input.Owner"] = RoadmapTestKit.Owner(org), ["Input.Period"] = "sy:2026" });
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        Assert.Contains("нет прав", await r.Content.ReadAsStringAsync());
        Assert.Equal(0, await app.WithDbAsync(db => db.Roadmaps.CountAsync(x => x.OrganizationId == org.Id)));
    }
}
