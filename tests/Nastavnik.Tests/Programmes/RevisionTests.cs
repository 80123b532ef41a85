using System.Net;
using Microsoft.EntityFrameworkCore;
using Nastavnik.Features.Mentorships;
using Nastavnik.Features.Programmes;
using Nastavnik.Platform.Auth;

namespace Nastavnik.Tests.Programmes;

public sealed class RevisionTests(TestApp app) : IClassFixture<TestApp>
{
    private void Today() => app.Clock.Set(new DateTimeOffset(2027, 1, 10, 9, 0, 0, TimeSpan.Zero));

    [Fact]
    public async Task Revision_ProposedByCurator_AppliesOnlyAfterBothSidesConfirm()
    {
        Today();
        var run = await app.StartProgrammeAsync();
        var proposed = await run.Curator.ReviseAsync(run, new()
        {
            ["Input.Reason"] = "Наставляемый был на больничном три недели", ["Input.EndDate"] = "2027-06-30",
            ["Input.Plan[1].DueOn"] = "2027-04-05",
            ["Input.Plan[0].Remove"] = "true",
            ["Input.Plan[2].Title"] = "Подготовка к аттестации", ["Input.Plan[2].DueOn"] = "2027-06-15", ["Input.Plan[2].ResultForm"] = "портфолио",
        });
        Assert.Equal(HttpStatusCode.Redirect, proposed.StatusCode);
        var r = await app.RevisionAsync(run.ProgramId);
        Assert.Equal(RevisionStatus.Pending, r.Status);
        Assert.Empty(r.Confirmations);
        Assert.Equal((new DateOnly(2027, 5, 31), new DateOnly(2027, 6, 30)), (r.OldEndDate!.Value, r.NewEndDate!.Value));
        Assert.Null(r.NewStartDate);
        Assert.Equal([RevisionItemAction.Remove, RevisionItemAction.Change, RevisionItemAction.Add], r.Items.OrderBy(i => i.Id).Select(i => i.Action));
        Assert.Contains(await app.NotificationsAsync(run.MenteeUser), t => t.Contains("Предложено изменение программы", StringComparison.Ordinal));
        Assert.Contains(await app.NotificationsAsync(run.MentorUser), t => t.Contains("Предложено изменение программы", StringComparison.Ordinal));

        // One side agreeing changes nothing yet.
        Assert.Equal(HttpStatusCode.Redirect, (await run.MentorClient.RevisionActionAsync(run, "Confirm", r)).StatusCode);
        r = await app.RevisionAsync(run.ProgramId);
        Assert.Equal(RevisionStatus.Pending, r.Status);
        Assert.Single(r.Confirmations);
        var p = await app.WithDbAsync(db => db.MentoringPrograms.SingleAsync(x => x.Id == run.ProgramId));
        Assert.Equal(new DateOnly(2027, 5, 31), p.EndDate);
        Assert.Equal(2, await app.WithDbAsync(db => db.ProgramActivities.CountAsync(a => a.ProgramId == run.ProgramId)));
        Assert.Contains("data-confirmed=\"no\"", await run.MenteeClient.GetHtmlAsync(run.Revisions));

        // The second side agrees: the change applies to the programme, the pair and the plan at once.
        Assert.Equal(HttpStatusCode.Redirect, (await run.MenteeClient.RevisionActionAsync(run, "Confirm", r)).StatusCode);
        r = await app.RevisionAsync(run.ProgramId);
        Assert.Equal(RevisionStatus.Applied, r.Status);
        p = await app.WithDbAsync(db => db.MentoringPrograms.SingleAsync(x => x.Id == run.ProgramId));
        var m = await app.WithDbAsync(db => db.Mentorships.SingleAsync(x => x.Id == run.M.Id));
        Assert.Equal((new DateOnly(2027, 6, 30), new DateOnly(2027, 6, 30)), (p.EndDate, m.EndDate));
        var plan = await app.WithDbAsync(db => db.ProgramActivities.Where(a => a.ProgramId == run.ProgramId).OrderBy(a => a.DueOn).ToListAsync());
        Assert.Equal(["Открытый урок наставляемого", "Подготовка к аттестации"], plan.Select(a => a.Title));
        Assert.Equal(new DateOnly(2027, 4, 5), plan[0].DueOn);
        Assert.Equal(plan[1].Id, r.Items.Single(i => i.Action == RevisionItemAction.Add).ActivityId);
        Assert.Contains(await app.NotificationsAsync(run.CuratorUser), t => t.Contains("применено", StringComparison.Ordinal));
        Assert.True(await app.WithDbAsync(db => db.AuditEntries.AnyAsync(a => a.Action == "programme.revision-applied" && a.EntityId == run.ProgramId.ToString())));

        // The history says who proposed, who agreed and when, and what changed from what to what.
        var history = await run.Curator.GetHtmlAsync(run.Revisions);
        foreach (var s in new[] { "окончание: 31.05.2027 → 30.06.2027", "план: исключено «Посещение уроков наставника» (срок 20.12.2026)",
                     "план: изменено «Открытый урок наставляемого»: срок 15.03.2027 → 05.04.2027", "план: добавлено «Подготовка к аттестации» (срок 15.06.2027)",
                     "Наставляемый был на больничном три недели", "(куратор)", "наставник Сергеева", "наставляемый Молодцова", "применено" })
            Assert.Contains(s, System.Net.WebUtility.HtmlDecode(history));
        Assert.Contains("data-status=\"Applied\"", history);
    }

    [Fact]
    public async Task Revision_MentorProposes_MenteeDeclines_NothingChanges()
    {
        Today();
        var run = await app.StartProgrammeAsync();
        var proposed = await run.MentorClient.ReviseAsync(run, new() { ["Input.Reason"] = "Нужно больше времени", ["Input.EndDate"] = "2027-08-31" });
        Assert.Equal(HttpStatusCode.Redirect, proposed.StatusCode);
        var r = await app.RevisionAsync(run.ProgramId);
        // The proposer agrees by proposing.
        Assert.Equal(run.Mentor.Id, Assert.Single(r.Confirmations).PersonId);
        Assert.Contains(await app.NotificationsAsync(run.MenteeUser), t => t.Contains("Предложено изменение", StringComparison.Ordinal));
        Assert.Contains(await app.NotificationsAsync(run.CuratorUser), t => t.Contains("предложил изменить", StringComparison.Ordinal));

        // Only one pending proposal at a time.
        var second = await run.MenteeClient.GetAsync($"/programmes/revise/{run.ProgramId}");
        Assert.Equal(run.Revisions, second.Headers.Location?.OriginalString);

        var noReason = await run.MenteeClient.RevisionActionAsync(run, "Decline", r);
        Assert.Equal(HttpStatusCode.OK, noReason.StatusCode);
        Assert.Contains("Укажите, почему вы не согласны", await noReason.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Redirect, (await run.MenteeClient.RevisionActionAsync(run, "Decline", r, new() { ["note"] = "Успеем в срок, продлевать не нужно" })).StatusCode);
        r = await app.RevisionAsync(run.ProgramId);
        Assert.Equal(RevisionStatus.Declined, r.Status);
        Assert.Equal("Успеем в срок, продлевать не нужно", r.DecisionNote);
        Assert.Equal(new DateOnly(2027, 5, 31), await app.WithDbAsync(db => db.MentoringPrograms.Where(x => x.Id == run.ProgramId).Select(x => x.EndDate).SingleAsync()));
        Assert.Contains(await app.NotificationsAsync(run.MentorUser), t => t.Contains("отклонено", StringComparison.Ordinal));
        var history = System.Net.WebUtility.HtmlDecode(await run.MentorClient.GetHtmlAsync(run.Revisions));
        Assert.Contains("Успеем в срок, продлевать не нужно", history);
        Assert.Contains("отклонено", history);

        // A declined proposal is over: confirming it now does nothing, and a new one can be made.
        var late = await run.MenteeClient.RevisionActionAsync(run, "Confirm", r);
        Assert.Contains("Предложение уже отклонено", await late.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, (await run.MenteeClient.GetAsync($"/programmes/revise/{run.ProgramId}")).StatusCode);
    }

    [Fact]
    public async Task Revision_OnlyProposerWithdraws()
    {
        Today();
        var run = await app.StartProgrammeAsync();
        await run.MenteeClient.ReviseAsync(run, new() { ["Input.Reason"] = "Смена формы работы", ["Input.KindId"] = await KindAsync("virtual") });
        var r = await app.RevisionAsync(run.ProgramId);
        Assert.NotNull(r.NewKindId);

        var foreign = await run.MentorClient.RevisionActionAsync(run, "Withdraw", r);
        Assert.Contains("Отозвать предложение может только тот, кто его внёс", await foreign.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Redirect, (await run.MenteeClient.RevisionActionAsync(run, "Withdraw", r)).StatusCode);
        Assert.Equal(RevisionStatus.Withdrawn, (await app.RevisionAsync(run.ProgramId)).Status);
        Assert.Equal(run.M.KindId, await app.WithDbAsync(db => db.Mentorships.Where(x => x.Id == run.M.Id).Select(x => x.KindId).SingleAsync()));
        Assert.Contains(await app.NotificationsAsync(run.MentorUser), t => t.Contains("отозвано", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Revision_StaleVersion_RefusedWithRussianMessage()
    {
        Today();
        var run = await app.StartProgrammeAsync();
        await run.Curator.ReviseAsync(run, new() { ["Input.Reason"] = "Перенос начала", ["Input.StartDate"] = "2026-12-15" });
        var seenByMentor = await app.RevisionAsync(run.ProgramId);
        Assert.Equal(HttpStatusCode.Redirect, (await run.MenteeClient.RevisionActionAsync(run, "Confirm", seenByMentor)).StatusCode);

        // The mentor answers the page as it was before the mentee's consent.
        var stale = await run.MentorClient.RevisionActionAsync(run, "Confirm", seenByMentor);
        Assert.Equal(HttpStatusCode.OK, stale.StatusCode);
        Assert.Contains("только что изменил другой участник", await stale.Content.ReadAsStringAsync());
        Assert.Equal(RevisionStatus.Pending, (await app.RevisionAsync(run.ProgramId)).Status);

        var fresh = await app.RevisionAsync(run.ProgramId);
        Assert.Equal(HttpStatusCode.Redirect, (await run.MentorClient.RevisionActionAsync(run, "Confirm", fresh)).StatusCode);
        Assert.Equal(RevisionStatus.Applied, (await app.RevisionAsync(run.ProgramId)).Status);
        Assert.Equal(new DateOnly(2026, 12, 15), await app.WithDbAsync(db => db.Mentorships.Where(x => x.Id == run.M.Id).Select(x => x.StartDate).SingleAsync()));
    }

    [Fact]
    public async Task Revision_BothConfirmAtOnce_NeverPendingWithEveryConsent()
    {
        Today();
        for (var round = 0; round < 3; round++)
        {
            var run = await app.StartProgrammeAsync();
            await run.Curator.ReviseAsync(run, new() { ["Input.Reason"] = "Продление", ["Input.EndDate"] = "2027-06-30" });
            var r = await app.RevisionAsync(run.ProgramId);
            var answers = await Task.WhenAll(run.MentorClient.RevisionActionAsync(run, "Confirm", r), run.MenteeClient.RevisionActionAsync(run, "Confirm", r));
            r = await app.RevisionAsync(run.ProgramId);
            // Whoever lost the race is told to retry; a revision is never left pending with everyone's consent.
            Assert.True(r.Status == RevisionStatus.Applied ? r.Confirmations.Count == 2 : r.Confirmations.Count == 1, $"{r.Status}, согласий {r.Confirmations.Count}");
            Assert.Contains(answers, a => a.StatusCode == HttpStatusCode.Redirect);
            Assert.All(answers, a => Assert.True(a.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.OK, a.StatusCode.ToString()));
            var end = await app.WithDbAsync(db => db.MentoringPrograms.Where(x => x.Id == run.ProgramId).Select(x => x.EndDate).SingleAsync());
            Assert.Equal(r.Status == RevisionStatus.Applied ? new DateOnly(2027, 6, 30) : new DateOnly(2027, 5, 31), end);
        }
    }

    [Fact]
    public async Task Revision_CuratorRecordsConsentOnBehalf_WithBasis_FormChangeApplies()
    {
        Today();
        var run = await app.StartProgrammeAsync();
        var virtualKind = await KindAsync("virtual");
        await run.Curator.ReviseAsync(run, new() { ["Input.Reason"] = "Наставник переехал, встречи онлайн", ["Input.KindId"] = virtualKind });
        var r = await app.RevisionAsync(run.ProgramId);

        var noBasis = await run.Curator.RevisionActionAsync(run, "Confirm", r, new() { ["onBehalfOf"] = ProgrammeRunData.Id(run.Mentee.Id) });
        Assert.Contains("Укажите основание", await noBasis.Content.ReadAsStringAsync());
        // The curator is not a participant: without naming whom, there is nothing to confirm.
        Assert.Contains("Подтверждают участники", await (await run.Curator.RevisionActionAsync(run, "Confirm", r)).Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.Redirect, (await run.Curator.RevisionActionAsync(run, "Confirm", r,
            new() { ["onBehalfOf"] = ProgrammeRunData.Id(run.Mentee.Id), ["basis"] = "письменное заявление от 10.01.2027" })).StatusCode);
        r = await app.RevisionAsync(run.ProgramId);
        var c = Assert.Single(r.Confirmations);
        Assert.True(c.OnBehalf);
        Assert.Equal(RevisionStatus.Pending, r.Status);

        Assert.Equal(HttpStatusCode.Redirect, (await run.MentorClient.RevisionActionAsync(run, "Confirm", r)).StatusCode);
        Assert.Equal(RevisionStatus.Applied, (await app.RevisionAsync(run.ProgramId)).Status);
        Assert.Equal(int.Parse(virtualKind, System.Globalization.CultureInfo.InvariantCulture), await app.WithDbAsync(db => db.Mentorships.Where(x => x.Id == run.M.Id).Select(x => x.KindId).SingleAsync()));
        var history = System.Net.WebUtility.HtmlDecode(await run.MenteeClient.GetHtmlAsync(run.Revisions));
        Assert.Contains("вид наставничества: традиционное (один на один) → виртуальное (дистанционное)", history);
        Assert.Contains("письменное заявление от 10.01.2027", history);
    }

    [Fact]
    public async Task Revision_ProgrammeChangedMeanwhile_IsNotApplied()
    {
        Today();
        var run = await app.StartProgrammeAsync();
        await run.MentorClient.ReviseAsync(run, new() { ["Input.Reason"] = "Сдвиг открытого урока", ["Input.Plan[1].DueOn"] = "2027-04-20" });
        var r = await app.RevisionAsync(run.ProgramId);
        // Meanwhile the mentor corrects the same activity directly.
        var form = await run.MentorClient.GetHtmlAsync($"/programmes/activity/{run.SecondActivityId}");
        var version = System.Text.RegularExpressions.Regex.Match(form, "name=\"Input.Version\" value=\"([^\"]+)\"").Groups[1].Value;
        Assert.Equal(HttpStatusCode.Redirect, (await run.MentorClient.PostFormAsync($"/programmes/activity/{run.SecondActivityId}", new()
        {
            ["Input.Title"] = "Открытый урок наставляемого", ["Input.DueOn"] = "2027-03-25", ["Input.ExpectedResult"] = "урок проведён", ["Input.ResultForm"] = "конспект",
            ["Input.Status"] = "Planned", ["Input.Version"] = version,
        })).StatusCode);

        var refused = await run.MenteeClient.RevisionActionAsync(run, "Confirm", r);
        Assert.Contains("уже изменилось: мероприятие «Открытый урок наставляемого»", System.Net.WebUtility.HtmlDecode(await refused.Content.ReadAsStringAsync()));
        Assert.Equal(RevisionStatus.Pending, (await app.RevisionAsync(run.ProgramId)).Status);
        Assert.Equal(new DateOnly(2027, 3, 25), await app.WithDbAsync(db => db.ProgramActivities.Where(a => a.Id == run.SecondActivityId).Select(a => a.DueOn).SingleAsync()));
    }

    [Fact]
    public async Task Revision_BadProposals_AreRefusedInRussian()
    {
        Today();
        var run = await app.StartProgrammeAsync();
        var nothing = await run.MentorClient.ReviseAsync(run, new() { ["Input.Reason"] = "просто так" });
        Assert.Contains("Ничего не изменено", await nothing.Content.ReadAsStringAsync());
        var noReason = await run.MentorClient.ReviseAsync(run, new() { ["Input.EndDate"] = "2027-06-30" });
        Assert.Contains("Укажите причину изменения", await noReason.Content.ReadAsStringAsync());
        var backwards = await run.MentorClient.ReviseAsync(run, new() { ["Input.Reason"] = "ошибка", ["Input.EndDate"] = "2026-11-01" });
        Assert.Contains("Окончание программы должно быть позже начала", await backwards.Content.ReadAsStringAsync());
        // Group kind needs at least two mentees: a pair cannot become a group by a revision.
        var group = await run.MentorClient.ReviseAsync(run, new() { ["Input.Reason"] = "группа", ["Input.KindId"] = await KindAsync("group") });
        Assert.Contains("наставляемых, а в паре/группе их 1", System.Net.WebUtility.HtmlDecode(await group.Content.ReadAsStringAsync()));
        Assert.Equal(0, await app.WithDbAsync(db => db.ProgramRevisions.CountAsync(x => x.ProgramId == run.ProgramId)));
    }

    [Fact]
    public async Task EditPage_DatesOfWorkingPair_ChangeOnlyByRevision()
    {
        Today();
        var run = await app.StartProgrammeAsync();
        var page = await run.MentorClient.GetHtmlAsync($"/programmes/edit?id={run.ProgramId}");
        Assert.Contains($"/programmes/revise/{run.ProgramId}", page);
        var version = await app.WithDbAsync(db => db.MentoringPrograms.Where(x => x.Id == run.ProgramId).Select(x => x.Version).SingleAsync());
        var r = await run.MentorClient.PostFormAsync($"/programmes/edit?id={run.ProgramId}", new()
        {
            ["Input.Goal"] = "Адаптация", ["Input.StartDate"] = "2026-12-01", ["Input.EndDate"] = "2027-08-31", ["Input.Version"] = version.ToString(),
        });
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        Assert.Contains("сроки программы меняются через", await r.Content.ReadAsStringAsync());
        Assert.Equal(new DateOnly(2027, 5, 31), await app.WithDbAsync(db => db.MentoringPrograms.Where(x => x.Id == run.ProgramId).Select(x => x.EndDate).SingleAsync()));
    }

    [Fact]
    public async Task Revisions_ForeignSchool404_ReadersWithoutWrite403()
    {
        Today();
        var run = await app.StartProgrammeAsync();
        await run.MentorClient.ReviseAsync(run, new() { ["Input.Reason"] = "Продление", ["Input.EndDate"] = "2027-06-30" });
        var r = await app.RevisionAsync(run.ProgramId);

        var other = await app.LoginAsAsync(Role.Curator, organization: await app.CreateOrganizationAsync());
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync(run.Revisions)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/programmes/revise/{run.ProgramId}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.RevisionActionAsync(run, "Decline", r, new() { ["note"] = "чужое" }, formPage: "/programmes")).StatusCode);

        // A revision id of another programme is not reachable through this programme's page.
        var second = await app.StartProgrammeAsync("Петрова", "Новикова", run.Org);
        await second.MentorClient.ReviseAsync(second, new() { ["Input.Reason"] = "Продление", ["Input.EndDate"] = "2027-06-30" });
        var foreignRevision = await app.RevisionAsync(second.ProgramId);
        Assert.Equal(HttpStatusCode.NotFound, (await run.Curator.RevisionActionAsync(run, "Decline", foreignRevision, new() { ["note"] = "не то" })).StatusCode);

        var municipal = await app.WithDbAsync(db => db.Municipalities.SingleAsync(x => x.Id == run.Org.MunicipalityId));
        var coordinator = await app.LoginAsAsync(Role.MunicipalCoordinator, municipality: municipal);
        Assert.Contains("Продление", await coordinator.GetHtmlAsync(run.Revisions));
        Assert.True((await coordinator.RevisionActionAsync(run, "Decline", r, new() { ["note"] = "нет" })).IsAccessDenied());
        Assert.True((await coordinator.GetAsync($"/programmes/revise/{run.ProgramId}")).IsAccessDenied());
        Assert.Equal(RevisionStatus.Pending, (await app.RevisionAsync(run.ProgramId)).Status);
    }

    private Task<string> KindAsync(string code) =>
        app.WithDbAsync(async db => (await db.MentoringKinds.Where(k => k.RegionId == null && k.Code == code).Select(k => k.Id).SingleAsync()).ToString(System.Globalization.CultureInfo.InvariantCulture));
}
