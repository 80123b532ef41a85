using System.Net;
using Microsoft.EntityFrameworkCore;
using Nastavnik.Features.Mentorships;
using Nastavnik.Features.Practices;
using Nastavnik.Features.Programmes;
using Nastavnik.Platform.Auth;
using Nastavnik.Tests.Programmes;

namespace Nastavnik.Tests.Practices;

public sealed class PracticeTests(TestApp app) : IClassFixture<TestApp>
{
    private void Today() => app.Clock.Set(new DateTimeOffset(2027, 6, 1, 9, 0, 0, TimeSpan.Zero));

    /// <summary>A programme carried out in full whose texts mention the participants by name, as real ones do.</summary>
    private async Task<ProgrammeRun> CompletedAsync()
    {
        var run = await app.StartProgrammeAsync("Сергеева", "Молодцова");
        await app.WithDbAsync(async db =>
        {
            var p = await db.MentoringPrograms.SingleAsync(x => x.Id == run.ProgramId);
            p.Goal = "Помочь Молодцовой М. П. освоить формирующее оценивание";
            p.Directions = "Methods,SubjectContent";
            foreach (var a in await db.ProgramActivities.Where(a => a.ProgramId == run.ProgramId).ToListAsync()) a.Status = ActivityStatus.Done;
            db.ProgramActivities.Add(new ProgramActivity { ProgramId = p.Id, Title = "Анализ урока Марии Петровны с наставником Сергеевой", DueOn = new DateOnly(2027, 2, 1), Status = ActivityStatus.Done });
            db.ProgramActivities.Add(new ProgramActivity { ProgramId = p.Id, Title = "Отменённое", DueOn = new DateOnly(2027, 2, 2), Status = ActivityStatus.Cancelled });
            await db.SaveChangesAsync();
        });
        var version = await app.WithDbAsync(db => db.Mentorships.Where(x => x.Id == run.M.Id).Select(x => x.Version).SingleAsync());
        var r = await run.Curator.PostFormAsync($"/programmes/completion/{run.ProgramId}", new()
        {
            ["Input.Reason"] = "Full", ["Input.CompletedOn"] = "2027-05-31", ["Input.ProgrammeResults"] = "Молодцова провела открытый урок; Сергеева отметила рост",
            ["Input.WithoutFinalMeeting"] = "true", ["Input.MentorshipVersion"] = version.ToString(),
        });
        Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);
        return run;
    }

    private static Dictionary<string, string> FieldsFrom(string html)
    {
        // Posts the draft back as the curator would after reading it: every named input of the form with its value.
        var doc = new AngleSharp.Html.Parser.HtmlParser().ParseDocument(html);
        var forms = doc.QuerySelectorAll("form");
        var form = forms[^1];
        var fields = new Dictionary<string, string>();
        var checkedCount = new Dictionary<string, int>();
        foreach (var e in form.QuerySelectorAll("input[name], textarea[name]"))
        {
            var name = e.GetAttribute("name")!;
            if (name.StartsWith("__", StringComparison.Ordinal)) continue;
            if (e.GetAttribute("type") == "checkbox")
            {
                // Several checked boxes of one name (the directions) go as an indexed list: the form dictionary holds one value per key.
                if (!e.HasAttribute("checked")) continue;
                var n = checkedCount.GetValueOrDefault(name);
                checkedCount[name] = n + 1;
                fields[$"{name}[{n}]"] = e.GetAttribute("value")!;
                continue;
            }
            fields[name] = e.TagName == "TEXTAREA" ? e.TextContent.TrimStart('\n') : e.GetAttribute("value") ?? "";
        }
        return fields;
    }

    [Fact]
    public async Task Practice_ProposedWithoutNames_PublishedByCoordinator_ReadAcrossTheRegion()
    {
        Today();
        var run = await CompletedAsync();
        Assert.Contains($"/practices/propose?programId={run.ProgramId}", await run.Curator.GetHtmlAsync(run.Card));
        var url = $"/practices/propose?programId={run.ProgramId}";
        var draft = System.Net.WebUtility.HtmlDecode(await run.Curator.GetHtmlAsync(url));
        foreach (var name in new[] { "Молодцов", "Сергеев", "Мари", "Петровн" }) Assert.DoesNotContain(name, draft);
        Assert.Contains("Помочь наставляемый освоить формирующее оценивание", draft);
        Assert.Contains("с наставником наставник", draft);
        Assert.DoesNotContain("Отменённое", draft);

        var municipality = await app.WithDbAsync(db => db.Municipalities.SingleAsync(x => x.Id == run.Org.MunicipalityId));
        var coordinatorUser = await app.CreateUserAsync(Role.MunicipalCoordinator, municipality: municipality);
        var fields = FieldsFrom(await run.Curator.GetHtmlAsync(url));
        fields["Input.Title"] = "Учитель–учитель: формирующее оценивание за полгода";
        var posted = await run.Curator.PostFormAsync(url, fields);
        Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);
        var practice = await app.WithDbAsync(db => db.Practices.Include(x => x.Items).SingleAsync(x => x.SourceProgramId == run.ProgramId));
        Assert.Equal(PracticeStatus.Proposed, practice.Status);
        var texts = new[] { practice.Title, practice.Summary, practice.Goal, practice.Tasks, practice.Results }.Concat(practice.Items.SelectMany(i => new[] { i.Title, i.ExpectedResult, i.ResultForm })).OfType<string>().ToList();
        Assert.DoesNotContain(texts, t => t.Contains("Молодцов", StringComparison.Ordinal) || t.Contains("Сергеев", StringComparison.Ordinal) || t.Contains("Мари", StringComparison.Ordinal));
        Assert.Equal([19, 62, 104], practice.Items.OrderBy(i => i.SortOrder).Select(i => i.OffsetDays));
        Assert.Equal(181, practice.DurationDays);
        Assert.Equal([ProgramDirection.SubjectContent, ProgramDirection.Methods], practice.DirectionList.OrderBy(d => d));

        // Under review: the school's curator and the municipal coordinator see it; a mentor of the school does not.
        var view = $"/practices/view/{practice.Id}";
        Assert.Equal(HttpStatusCode.NotFound, (await run.MentorClient.GetAsync(view)).StatusCode);
        Assert.DoesNotContain(view, await run.MentorClient.GetHtmlAsync("/practices"));
        Assert.Contains(await app.NotificationsAsync(coordinatorUser), t => t.Contains("В банк практик предложена практика", StringComparison.Ordinal));
        var coordinator = await app.LoginAsync(coordinatorUser);
        Assert.Contains(view, await coordinator.GetHtmlAsync("/practices?Status=Proposed"));
        // The head of the school proposes, but does not publish his own school's practice.
        var head = await app.LoginAsAsync(Role.Head, organization: run.Org);
        Assert.True((await head.PostFormAsync(view + "?handler=Publish", new() { ["version"] = practice.Version.ToString() }, view)).IsAccessDenied());

        Assert.Equal(HttpStatusCode.Redirect, (await coordinator.PostFormAsync(view + "?handler=Publish", new() { ["version"] = practice.Version.ToString() }, view)).StatusCode);
        Assert.Equal(PracticeStatus.Published, await app.WithDbAsync(db => db.Practices.Where(x => x.Id == practice.Id).Select(x => x.Status).SingleAsync()));
        Assert.Contains(await app.NotificationsAsync(run.CuratorUser), t => t.Contains("опубликована", StringComparison.Ordinal));

        // Published: a mentor of another municipality in the region finds it by form and direction; another region does not.
        var elsewhere = await app.CreateOrganizationAsync(await app.CreateMunicipalityAsync(await app.WithDbAsync(db => db.Regions.SingleAsync(x => x.Id == run.Org.RegionId))));
        var reader = await app.LoginAsAsync(Role.Mentor, organization: elsewhere);
        Assert.Contains(view, await reader.GetHtmlAsync($"/practices?FormId={run.M.FormId}&Direction=Methods"));
        Assert.DoesNotContain(view, await reader.GetHtmlAsync("/practices?Direction=Upbringing"));
        Assert.DoesNotContain(view, await reader.GetHtmlAsync($"/practices?FormId={run.M.FormId + 100000}"));
        var page = System.Net.WebUtility.HtmlDecode(await reader.GetHtmlAsync(view));
        Assert.Contains("Учитель–учитель: формирующее оценивание за полгода", page);
        Assert.Contains(run.Org.Name, page);
        Assert.Contains("2 нед. от начала", page);
        Assert.Contains("3 мес. от начала", page);
        Assert.DoesNotContain("Молодцов", page);
        Assert.True((await reader.PostFormAsync(view + "?handler=Return", new() { ["version"] = Guid.Empty.ToString(), ["comment"] = "нет" }, view)).IsAccessDenied());
        var foreign = await app.LoginAsAsync(Role.Curator, organization: await app.CreateOrganizationAsync());
        Assert.Equal(HttpStatusCode.NotFound, (await foreign.GetAsync(view)).StatusCode);
        Assert.DoesNotContain(view, await foreign.GetHtmlAsync("/practices"));

        // One practice per programme: the card now links to it instead.
        Assert.Equal(view, (await run.Curator.GetAsync(url)).Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task Practice_NameTypedBack_Refused_ReturnedThenResubmitted()
    {
        Today();
        var run = await CompletedAsync();
        var url = $"/practices/propose?programId={run.ProgramId}";
        var fields = FieldsFrom(await run.Curator.GetHtmlAsync(url));
        fields["Input.Summary"] = "Наставник Сергеевой помогал молодому учителю";
        var refused = await run.Curator.PostFormAsync(url, fields);
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains("уберите имена участников («Сергеевой»)", System.Net.WebUtility.HtmlDecode(await refused.Content.ReadAsStringAsync()));
        Assert.False(await app.WithDbAsync(db => db.Practices.AnyAsync(x => x.SourceProgramId == run.ProgramId)));

        fields["Input.Summary"] = "Наставник помогал молодому учителю";
        Assert.Equal(HttpStatusCode.Redirect, (await run.Curator.PostFormAsync(url, fields)).StatusCode);
        var practice = await app.WithDbAsync(db => db.Practices.SingleAsync(x => x.SourceProgramId == run.ProgramId));
        var view = $"/practices/view/{practice.Id}";
        var coordinator = await app.LoginAsAsync(Role.RegionalCoordinator, region: await app.WithDbAsync(db => db.Regions.SingleAsync(x => x.Id == run.Org.RegionId)));
        var noComment = await coordinator.PostFormAsync(view + "?handler=Return", new() { ["version"] = practice.Version.ToString() }, view);
        Assert.Contains("Напишите, что доработать", await noComment.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Redirect, (await coordinator.PostFormAsync(view + "?handler=Return", new() { ["version"] = practice.Version.ToString(), ["comment"] = "Добавьте результаты в цифрах" }, view)).StatusCode);
        Assert.Contains("Добавьте результаты в цифрах", await run.Curator.GetHtmlAsync(view));

        var again = $"/practices/propose?id={practice.Id}";
        var resubmit = FieldsFrom(await run.Curator.GetHtmlAsync(again));
        resubmit["Input.Results"] = "Качество знаний в классе выросло с 48 до 61 %";
        Assert.Equal(HttpStatusCode.Redirect, (await run.Curator.PostFormAsync(again, resubmit)).StatusCode);
        var back = await app.WithDbAsync(db => db.Practices.Include(x => x.Items).SingleAsync(x => x.Id == practice.Id));
        Assert.Equal((PracticeStatus.Proposed, "Качество знаний в классе выросло с 48 до 61 %"), (back.Status, back.Results));
        Assert.Equal(3, back.Items.Count);
        // The returned practice's old version no longer publishes.
        var stale = await coordinator.PostFormAsync(view + "?handler=Publish", new() { ["version"] = practice.Version.ToString() }, view);
        Assert.Contains("только что изменили", await stale.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Practice_OnlyFromProgrammeCompletedInFull_AndOnlyByCuratorOrHead()
    {
        Today();
        var run = await app.StartProgrammeAsync();
        var url = $"/practices/propose?programId={run.ProgramId}";
        Assert.Equal(run.Card, (await run.Curator.GetAsync(url)).Headers.Location?.OriginalString);
        Assert.True((await run.MentorClient.GetAsync(url)).IsAccessDenied());
        var other = await app.LoginAsAsync(Role.Curator, organization: await app.CreateOrganizationAsync());
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync(url)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await run.Curator.GetAsync("/practices/propose")).StatusCode);
    }

    [Theory]
    [InlineData("Помочь Молодцовой освоить", "Помочь наставляемый освоить")]
    [InlineData("Сергеева А. П. и Молодцов Иван", "наставник и наставляемый Иван")]
    [InlineData("урок Дмитрием Олеговичем", "урок наставляемый")]
    [InlineData("Вера в успех и верность делу", "Вера в успех и верность делу")]
    [InlineData("Ёлкина и Елкиной", "наставник и наставник")]
    public void NameScrubber_ReplacesDeclinedNames_LeavesOtherWords(string text, string expected)
    {
        var names = new List<NameScrubber.Name>
        {
            new("Сергеева", "наставник"), new("Молодцова", "наставляемый"), new("Молодцов", "наставляемый"), new("Дмитрий", "наставляемый"), new("Олегович", "наставляемый"),
            new("Ёлкина", "наставник"), new("Ия", "наставляемый"),
        };
        Assert.Equal(expected, NameScrubber.Scrub(text, names));
        Assert.Equal(text == expected, NameScrubber.Find(text, names).Count == 0);
    }
}
