using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Nastavnik.Features.Organizations;
using Nastavnik.Features.Roadmaps;
using Nastavnik.Platform.Auth;

namespace Nastavnik.Tests.Roadmaps;

/// <summary>
/// Seed 003's cycle: a school develops its roadmap, submits it to the municipality, the coordinator returns it with a
/// comment, the school fixes and resubmits, the coordinator approves it with the order's number and date.
/// </summary>
public sealed partial class RoadmapApprovalTests(TestApp app) : IClassFixture<TestApp>
{
    [GeneratedRegex("name=\"token\" value=\"([0-9a-f]{32}\\.(?:docx|xlsx))\"")]
    private static partial Regex TokenField();

    private static readonly string[] Header = ["№ п/п", "Мероприятие", "Сроки", "Ответственные", "Результат"];

    /// <summary>A school's roadmap as Word makes it: a section row, items, a responsible merged down over two rows, a row without a name.</summary>
    private static byte[] SchoolTable() => RoadmapTestKit.Docx(Header,
        ["1. Подготовка условий для реализации системы наставничества"],
        ["1.1", "Издание приказа о внедрении целевой модели наставничества", "сентябрь", "Директор", "Приказ"],
        ["1.2", "Согласование дорожной карты с муниципалитетом", "до 20.09.2026", "Куратор", "Согласованная дорожная карта"],
        ["2. Формирование базы наставников и наставляемых"],
        ["2.1", "Анкетирование педагогов", "когда получится", "Куратор\nпедагог-психолог", "Банк запросов"],
        ["2.2", "Формирование наставнических пар", "октябрь - ноябрь", null, "Приказ о закреплении пар"],
        ["2.3", "", "декабрь", "Куратор", ""]);

    [Fact]
    public async Task SchoolRoadmap_ImportSubmitReturnResubmitApprove_ApprovalsPageShowsIt()
    {
        var m = await app.CreateMunicipalityAsync();
        var school = await app.CreateOrganizationAsync(m, app.Unique("МБОУ Лесная СОШ"));
        var quiet = await app.CreateOrganizationAsync(m, app.Unique("МБОУ Тихая ООШ"));
        var curator = await app.LoginAsAsync(Role.Curator, organization: school);
        var coordinator = await app.LoginAsAsync(Role.MunicipalCoordinator, municipality: m);

        // The curator starts an empty roadmap and loads the Word table: check first, then apply.
        var id = await RoadmapTestKit.CreateAsync(curator, RoadmapTestKit.Owner(school), null, "sy:2026", "Дорожная карта школы на 2026/2027 учебный год");
        var check = await curator.PostMultipartAsync($"/roadmaps/import/{id}?handler=Analyze", $"/roadmaps/import/{id}", "дорожная карта.docx", SchoolTable());
        Assert.Equal(HttpStatusCode.OK, check.StatusCode);
        var preview = await check.Content.ReadAsStringAsync();
        Assert.Contains("этапов: <strong>2</strong>", preview);
        Assert.Contains("мероприятий: <strong>4</strong>", preview);
        Assert.Contains("<td>9</td><td>2.3</td>", preview); // table row 9 (header, numbering row, 7 rows) is rejected
        Assert.Contains("отклонено: Нет наименования мероприятия", preview);
        Assert.Contains("срок не распознан", preview);
        Assert.Equal(0, await app.WithDbAsync(db => db.RoadmapItems.CountAsync(i => i.RoadmapId == id))); // a dry run changes nothing
        var token = TokenField().Match(preview).Groups[1].Value;
        var apply = await curator.PostFormAsync($"/roadmaps/import/{id}?handler=Apply", new() { ["token"] = token, ["replace"] = "false" }, formPage: $"/roadmaps/import/{id}");
        Assert.Equal(HttpStatusCode.Redirect, apply.StatusCode);
        var roadmap = await RoadmapTestKit.LoadAsync(app, id);
        Assert.Equal(["Подготовка условий для реализации системы наставничества", "Формирование базы наставников и наставляемых"], roadmap.Stages.OrderBy(s => s.Order).Select(s => s.Title));
        Assert.Equal(["1.1", "1.2", "2.1", "2.2"], roadmap.Items.OrderBy(i => i.Order).Select(i => i.Number).Take(4));
        var pairs = roadmap.Items.Single(i => i.Number == "2.2");
        Assert.Equal("Куратор\nпедагог-психолог", pairs.Responsible); // merged down from 2.1
        Assert.Equal((DueKind.Period, new DateOnly(2026, 11, 30)), (pairs.DueKind, pairs.DueEnd!.Value));
        Assert.True(roadmap.Items.Single(i => i.Number == "2.1").DueNeedsReview);

        // Submitted (late: the default deadline is 20.09.2026, today is 23.11.2026).
        Assert.Equal(HttpStatusCode.Redirect, (await Submit(curator, id)).StatusCode);
        Assert.Equal(RoadmapStatus.Submitted, (await RoadmapTestKit.LoadAsync(app, id)).Status);
        var approvals = await coordinator.GetHtmlAsync($"/roadmaps/approvals?year=2026");
        Assert.Contains(school.Name, approvals);
        Assert.Contains(quiet.Name, approvals);
        Assert.Contains("На согласовании", approvals);
        Assert.Contains("с опозданием на 64 дн.", approvals);
        Assert.Contains("не подана, срок прошёл 64 дн. назад", approvals); // the quiet school
        Assert.Contains($"/roadmaps/approve/{id}", approvals);

        // While it is with the municipality the plan does not change.
        var locked = await curator.PostFormAsync($"/roadmaps/item/{pairs.Id}", new() { ["Input.Name"] = "Другое", ["Input.Version"] = pairs.Version.ToString() });
        Assert.Contains("на согласовании", await locked.Content.ReadAsStringAsync());

        // Returned with a comment; the curator sees it and fixes the due.
        var version = (await RoadmapTestKit.LoadAsync(app, id)).Version;
        var returned = await coordinator.PostFormAsync($"/roadmaps/approve/{id}?handler=Return",
            new() { ["Decision.Comment"] = "Уточните срок анкетирования (п. 2.1).", ["Decision.Version"] = version.ToString() });
        Assert.Equal(HttpStatusCode.Redirect, returned.StatusCode);
        var view = await curator.GetHtmlAsync($"/roadmaps/view/{id}");
        Assert.Contains("Возвращена на доработку", view);
        Assert.Contains("Уточните срок анкетирования (п. 2.1).", view);
        var survey = (await RoadmapTestKit.LoadAsync(app, id)).Items.Single(i => i.Number == "2.1");
        var fix = await curator.PostFormAsync($"/roadmaps/item/{survey.Id}", new()
        {
            ["Input.StageId"] = survey.StageId!.Value.ToString(), ["Input.Number"] = "2.1", ["Input.Name"] = survey.Name, ["Input.DueText"] = "октябрь",
            ["Input.Responsible"] = survey.Responsible!, ["Input.Version"] = survey.Version.ToString(),
        });
        Assert.Equal(HttpStatusCode.Redirect, fix.StatusCode);

        // Resubmitted and approved with the order.
        Assert.Equal(HttpStatusCode.Redirect, (await Submit(curator, id)).StatusCode);
        version = (await RoadmapTestKit.LoadAsync(app, id)).Version;
        var approve = await coordinator.PostFormAsync($"/roadmaps/approve/{id}?handler=Approve", new()
        {
            ["Approval.ApprovalDate"] = "2026-11-23", ["Approval.OrderNumber"] = "394", ["Approval.OrderDate"] = "2026-11-20", ["Approval.Version"] = version.ToString(),
        });
        Assert.Equal(HttpStatusCode.Redirect, approve.StatusCode);
        var approved = await RoadmapTestKit.LoadAsync(app, id);
        Assert.Equal((RoadmapStatus.Approved, "394", new DateOnly(2026, 11, 23)), (approved.Status, approved.ApprovalOrderNumber, approved.ApprovalDate!.Value));
        Assert.Null(approved.ReturnComment);

        approvals = await coordinator.GetHtmlAsync(approve.Headers.Location!.OriginalString);
        Assert.Contains("Утверждена", approvals);
        Assert.Contains("<td>23.11.2026</td>", approvals);
        Assert.Contains("утверждено: <strong>1</strong>", approvals);
        // The first submission still counts for lateness; resubmission does not reset it.
        Assert.Contains("с опозданием на 64 дн.", approvals);

        var actions = await app.WithDbAsync(db => db.AuditEntries.Where(a => a.EntityType == "roadmap" && a.EntityId == id.ToString()).OrderBy(a => a.Id).Select(a => a.Action).ToListAsync());
        Assert.Equal(["create", "import", "submit", "return", "submit", "approve"], actions);

        // An approved plan is locked for the school too; the coordinator can withdraw the approval with a reason.
        var view2 = await curator.GetHtmlAsync($"/roadmaps/view/{id}");
        Assert.DoesNotContain("Подать на согласование", view2);
        var reopen = await coordinator.PostFormAsync($"/roadmaps/approve/{id}?handler=Reopen", new() { ["Decision.Comment"] = "Новый приказ региона: добавить раздел.", ["Decision.Version"] = approved.Version.ToString() });
        Assert.Equal(HttpStatusCode.Redirect, reopen.StatusCode);
        Assert.Equal(RoadmapStatus.Returned, (await RoadmapTestKit.LoadAsync(app, id)).Status);
    }

    [Fact]
    public async Task Deadline_SetByCoordinator_DecidesLateness()
    {
        var m = await app.CreateMunicipalityAsync();
        var school = await app.CreateOrganizationAsync(m);
        var curator = await app.LoginAsAsync(Role.Curator, organization: school);
        var coordinator = await app.LoginAsAsync(Role.MunicipalCoordinator, municipality: m);
        var id = await RoadmapTestKit.CreateAsync(curator, RoadmapTestKit.Owner(school), RoadmapTemplates.School.Key, "sy:2026");
        Assert.Equal(HttpStatusCode.Redirect, (await Submit(curator, id)).StatusCode);

        var bad = await coordinator.PostFormAsync("/roadmaps/approvals?handler=Deadline", new() { ["m"] = m.Id.ToString(), ["year"] = "2026", ["Input.Deadline"] = "2030-01-01" }, formPage: "/roadmaps/approvals");
        Assert.Equal(HttpStatusCode.OK, bad.StatusCode);
        Assert.Contains("Срок должен приходиться на 2026 год или 2026/2027 учебный год.", await bad.Content.ReadAsStringAsync());

        var set = await coordinator.PostFormAsync("/roadmaps/approvals?handler=Deadline", new() { ["m"] = m.Id.ToString(), ["year"] = "2026", ["Input.Deadline"] = "01.12.2026" }, formPage: "/roadmaps/approvals");
        Assert.Equal(HttpStatusCode.Redirect, set.StatusCode);
        var page = await coordinator.GetHtmlAsync(set.Headers.Location!.OriginalString);
        Assert.Contains("value=\"2026-12-01\"", page);
        Assert.Contains("в срок", page);
        Assert.DoesNotContain("с опозданием на", page);
        Assert.Equal(new DateOnly(2026, 12, 1), await app.WithDbAsync(db => db.RoadmapDeadlines.Where(d => d.MunicipalityId == m.Id).Select(d => d.Deadline).SingleAsync()));
    }

    [Fact]
    public async Task MunicipalRoadmap_ApprovedByCoordinator_WithHeader_NoSubmission()
    {
        var m = await app.CreateMunicipalityAsync();
        var coordinator = await app.LoginAsAsync(Role.MunicipalCoordinator, municipality: m);
        var id = await RoadmapTestKit.CreateAsync(coordinator, RoadmapTestKit.Owner(m), RoadmapTemplates.Sections.Key, "sy:2026");
        var submit = await Submit(coordinator, id);
        Assert.Equal(HttpStatusCode.Redirect, submit.StatusCode);
        Assert.Equal(RoadmapStatus.Draft, (await RoadmapTestKit.LoadAsync(app, id)).Status); // municipal roadmaps are not submitted
        var version = (await RoadmapTestKit.LoadAsync(app, id)).Version;
        var approve = await coordinator.PostFormAsync($"/roadmaps/approve/{id}?handler=Approve", new()
        {
            ["Approval.ApprovalDate"] = "2026-09-01", ["Approval.OrderNumber"] = "147-16/О", ["Approval.OrderDate"] = "2026-09-01",
            ["Approval.ApproverPosition"] = "Начальник отдела образования", ["Approval.ApproverName"] = "И. О. Фамилия", ["Approval.Version"] = version.ToString(),
        });
        Assert.Equal(HttpStatusCode.Redirect, approve.StatusCode);
        var r = await RoadmapTestKit.LoadAsync(app, id);
        Assert.Equal((RoadmapStatus.Approved, "Начальник отдела образования", "И. О. Фамилия"), (r.Status, r.ApproverPosition, r.ApproverName));
    }

    private static async Task<HttpResponseMessage> Submit(HttpClient client, int id)
    {
        var html = await client.GetHtmlAsync($"/roadmaps/view/{id}");
        var version = Regex.Match(html, "action=\"/roadmaps/edit/" + id + "\\?handler=Submit\"[^>]*>\\s*<input type=\"hidden\" name=\"version\" value=\"([^\"]+)\"");
        var v = version.Success ? version.Groups[1].Value : Guid.Empty.ToString();
        return await client.PostFormAsync($"/roadmaps/edit/{id}?handler=Submit", new() { ["version"] = v }, formPage: $"/roadmaps/view/{id}");
    }
}
