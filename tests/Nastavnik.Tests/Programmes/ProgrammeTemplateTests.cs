using System.Globalization;
using System.Net;
using Microsoft.EntityFrameworkCore;
using Nastavnik.Features.Mentorships;
using Nastavnik.Features.Organizations;
using Nastavnik.Features.People;
using Nastavnik.Features.Programmes;
using Nastavnik.Features.Programmes.Templates;
using Nastavnik.Platform.Auth;
using Nastavnik.Tests.Mentorships;

namespace Nastavnik.Tests.Programmes;

public sealed class ProgrammeTemplateTests(TestApp app) : IClassFixture<TestApp>
{
    private static string S(int n) => n.ToString(CultureInfo.InvariantCulture);

    private static Dictionary<string, string> TemplateForm(string owner, string title, int formId, params (string Title, int Offset, string Unit)[] items)
    {
        var f = new Dictionary<string, string>
        {
            ["Input.Owner"] = owner, ["Input.Title"] = title, ["Input.FormId"] = S(formId), ["Input.Goal"] = "Цель шаблона " + title,
            ["Input.Tasks"] = "Задачи шаблона", ["Input.DurationMonths"] = "6", ["Input.Directions"] = nameof(ProgramDirection.Methods),
        };
        for (var i = 0; i < items.Length; i++)
        {
            f[$"Input.Items[{i}].Title"] = items[i].Title;
            f[$"Input.Items[{i}].Offset"] = S(items[i].Offset);
            f[$"Input.Items[{i}].Unit"] = items[i].Unit;
        }
        return f;
    }

    private Task<int> FormIdAsync(string code) => app.WithDbAsync(db => db.MentoringForms.Where(f => f.RegionId == null && f.Code == code).Select(f => f.Id).SingleAsync());

    private Task<ProgrammeTemplate?> TemplateAsync(string title) =>
        app.WithDbAsync(db => db.ProgrammeTemplates.IgnoreQueryFilters().Include(t => t.Items).SingleOrDefaultAsync(t => t.Title == title));

    private async Task<ProgrammeTemplate> CreateTemplateAsync(HttpClient client, string owner, string title, int formId, params (string, int, string)[] items)
    {
        var r = await client.PostFormAsync("/programmes/templates/edit", TemplateForm(owner, title, formId, items));
        Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);
        return (await TemplateAsync(title))!;
    }

    [Fact]
    public async Task BuiltInTemplates_SeenInANewRegion_FilteredByForm()
    {
        var org = await app.CreateOrganizationAsync();
        var curator = await app.LoginAsAsync(Role.Curator, organization: org);
        var all = await curator.GetHtmlAsync("/programmes/templates");
        foreach (var d in ProgrammeTemplateDefaults.All) Assert.Contains(d.Title.Split(' ')[0], all);
        Assert.Contains("Молодой специалист: адаптация и профессиональное становление", all);

        var pupils = await curator.GetHtmlAsync("/programmes/templates?form=pupil-pupil");
        Assert.Contains("Ученик – ученик: помощь в учёбе", pupils);
        Assert.DoesNotContain("Молодой специалист", pupils);
        var upbringing = await curator.GetHtmlAsync("/programmes/templates?direction=Upbringing");
        Assert.Contains("Молодой специалист", upbringing);
        Assert.DoesNotContain("Освоение цифровых образовательных ресурсов", upbringing);

        var young = await app.WithDbAsync(db => db.ProgrammeTemplates.Include(t => t.Items).SingleAsync(t => t.Code == "young-teacher-school-year"));
        Assert.Equal((9, 16), (young.DurationMonths, young.Items.Count));
        var card = await curator.GetHtmlAsync($"/programmes/templates/card/{young.Id}");
        Assert.Contains("через 37 нед.", card);
        Assert.Contains("встроенный", card);
        // A curator does not edit a built-in template; they copy it.
        Assert.DoesNotContain($"/programmes/templates/edit?id={young.Id}", card);
        Assert.Contains($"/programmes/templates/edit?copyFrom={young.Id}", card);
    }

    [Fact]
    public async Task Templates_SeenAtTheirLevelAndBelow_WrittenOnlyAtOwnLevel()
    {
        var region = await app.CreateRegionAsync();
        var m1 = await app.CreateMunicipalityAsync(region);
        var m2 = await app.CreateMunicipalityAsync(region);
        var o1 = await app.CreateOrganizationAsync(m1);
        var o2 = await app.CreateOrganizationAsync(m2);
        var form = await FormIdAsync("teacher-teacher");
        var regional = await app.LoginAsAsync(Role.RegionalCoordinator, region: region);
        var muni1 = await app.LoginAsAsync(Role.MunicipalCoordinator, municipality: m1);
        var muni2 = await app.LoginAsAsync(Role.MunicipalCoordinator, municipality: m2);
        var curator1 = await app.LoginAsAsync(Role.Curator, organization: o1);
        var curator2 = await app.LoginAsAsync(Role.Curator, organization: o2);
        var stranger = await app.LoginAsAsync(Role.Curator, organization: await app.CreateOrganizationAsync());

        var r = await CreateTemplateAsync(regional, $"r{region.Id}", app.Unique("Региональный шаблон"), form, ("Встреча", 0, "w"));
        var m = await CreateTemplateAsync(muni1, $"m{m1.Id}", app.Unique("Муниципальный шаблон"), form, ("Встреча", 0, "w"));
        var s = await CreateTemplateAsync(curator1, $"o{o1.Id}", app.Unique("Школьный шаблон"), form, ("Встреча", 0, "w"));
        Assert.Equal((region.Id, (int?)null, (int?)null), (r.RegionId!.Value, r.MunicipalityId, r.OrganizationId));
        Assert.Equal((region.Id, m1.Id, (int?)null), (m.RegionId!.Value, m.MunicipalityId!.Value, m.OrganizationId));
        Assert.Equal((m1.Id, o1.Id), (s.MunicipalityId!.Value, s.OrganizationId!.Value));

        async Task<bool> Sees(HttpClient c, ProgrammeTemplate t)
        {
            var code = (await c.GetAsync($"/programmes/templates/card/{t.Id}")).StatusCode;
            var listed = (await c.GetHtmlAsync("/programmes/templates")).Contains($"data-template=\"{t.Id}\"", StringComparison.Ordinal);
            Assert.Equal(code == HttpStatusCode.OK, listed);
            return code == HttpStatusCode.OK;
        }
        Assert.Equal(new[] { true, true, true }, new[] { await Sees(regional, r), await Sees(regional, m), await Sees(regional, s) });
        Assert.Equal(new[] { true, true, true }, new[] { await Sees(muni1, r), await Sees(muni1, m), await Sees(muni1, s) });
        Assert.Equal(new[] { true, false, false }, new[] { await Sees(muni2, r), await Sees(muni2, m), await Sees(muni2, s) });
        Assert.Equal(new[] { true, true, true }, new[] { await Sees(curator1, r), await Sees(curator1, m), await Sees(curator1, s) });
        Assert.Equal(new[] { true, false, false }, new[] { await Sees(curator2, r), await Sees(curator2, m), await Sees(curator2, s) });
        Assert.Equal(new[] { false, false, false }, new[] { await Sees(stranger, r), await Sees(stranger, m), await Sees(stranger, s) });

        // The level list offers only one's own level; a forged owner is refused.
        var forged = await curator1.PostFormAsync("/programmes/templates/edit", TemplateForm($"r{region.Id}", app.Unique("Подделка"), form));
        Assert.Equal(HttpStatusCode.OK, forged.StatusCode);
        Assert.Contains("Выберите уровень шаблона из списка.", await forged.Content.ReadAsStringAsync());

        // A curator cannot edit or archive the regional template (it is visible, so the answer is a message, not 404).
        var edit = await curator1.GetAsync($"/programmes/templates/edit?id={r.Id}");
        Assert.Equal($"/programmes/templates/card/{r.Id}", edit.Headers.Location?.OriginalString);
        var post = await curator1.PostFormAsync($"/programmes/templates/edit?id={r.Id}", TemplateForm("", "Захват", form), $"/programmes/templates/card/{r.Id}");
        Assert.Equal(HttpStatusCode.Redirect, post.StatusCode);
        await curator1.PostFormAsync($"/programmes/templates/card/{r.Id}?handler=Archive", new(), $"/programmes/templates/card/{r.Id}");
        var unchanged = (await TemplateAsync(r.Title))!;
        Assert.False(unchanged.IsArchived);
        Assert.NotEqual("Захват", unchanged.Title);
        // The municipal coordinator of another municipality does not even see the school's template.
        Assert.Equal(HttpStatusCode.NotFound, (await muni2.GetAsync($"/programmes/templates/edit?id={s.Id}")).StatusCode);

        // Its own level archives it: gone from the list and from the start page, back with "archived".
        Assert.Equal(HttpStatusCode.Redirect, (await muni1.PostFormAsync($"/programmes/templates/card/{m.Id}?handler=Archive", new(), $"/programmes/templates/card/{m.Id}")).StatusCode);
        Assert.True((await TemplateAsync(m.Title))!.IsArchived);
        Assert.DoesNotContain($"data-template=\"{m.Id}\"", await curator1.GetHtmlAsync("/programmes/templates"));
        Assert.Contains($"data-template=\"{m.Id}\"", await curator1.GetHtmlAsync("/programmes/templates?archived=true"));

        // The curator copies the regional template to the school and edits the copy.
        var copy = await curator1.GetHtmlAsync($"/programmes/templates/edit?copyFrom={r.Id}");
        Assert.Contains(r.Title + " (копия)", copy);
        Assert.Contains($"value=\"o{o1.Id}\"", copy);
        Assert.DoesNotContain($"value=\"r{region.Id}\"", copy);
    }

    [Fact]
    public async Task Edit_PlanRows_OffsetsInWeeksOrDays_SortedAndValidated()
    {
        var org = await app.CreateOrganizationAsync();
        var curator = await app.LoginAsAsync(Role.Curator, organization: org);
        var form = await FormIdAsync("pupil-pupil");
        var title = app.Unique("Шаблон с планом");

        var bad = TemplateForm($"o{org.Id}", title, form, ("Итоговая встреча", 20, "w"));
        bad["Input.Items[1].ExpectedResult"] = "результат без мероприятия";
        var refused = await curator.PostFormAsync("/programmes/templates/edit", bad);
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains("Строка 2: укажите мероприятие.", await refused.Content.ReadAsStringAsync());
        Assert.Null(await TemplateAsync(title));

        // «Ещё строки» keeps what was typed and adds empty rows; nothing is saved.
        var more = await curator.PostFormAsync("/programmes/templates/edit?handler=Rows", TemplateForm($"o{org.Id}", title, form, ("Первая", 1, "w")), "/programmes/templates/edit");
        var html = await more.Content.ReadAsStringAsync();
        Assert.Contains("Первая", html);
        Assert.Contains("Input.Items[5].Title", html);
        Assert.Null(await TemplateAsync(title));

        var t = await CreateTemplateAsync(curator, $"o{org.Id}", title, form, ("Итоговая встреча", 20, "w"), ("Знакомство", 0, "d"), ("Консультация", 10, "d"));
        Assert.Equal([("Знакомство", 0), ("Консультация", 10), ("Итоговая встреча", 140)], t.Items.OrderBy(i => i.SortOrder).Select(i => (i.Title, i.OffsetDays)));
        Assert.Equal(6, t.DurationMonths);

        // Editing replaces the plan; a stale version is refused in Russian.
        var edit = TemplateForm("", title, form, ("Только одно", 2, "w"));
        edit["Input.Version"] = t.Version.ToString();
        Assert.Equal(HttpStatusCode.Redirect, (await curator.PostFormAsync($"/programmes/templates/edit?id={t.Id}", edit)).StatusCode);
        Assert.Equal([("Только одно", 14)], (await TemplateAsync(title))!.Items.Select(i => (i.Title, i.OffsetDays)));
        var stale = await curator.PostFormAsync($"/programmes/templates/edit?id={t.Id}", edit);
        Assert.Contains("Шаблон только что изменил другой пользователь", await stale.Content.ReadAsStringAsync());
    }

    private sealed record Pair(Organization Org, Person Mentor, Person Mentee, Mentorship M, HttpClient Curator, string Deficit);

    private async Task<Pair> PairAsync(Organization? org = null, MentorshipStatus status = MentorshipStatus.Active, string formCode = "teacher-teacher")
    {
        org ??= await app.CreateOrganizationAsync();
        var mentor = await app.CreateMentorAsync(org, "Сергеева");
        var mentee = await app.CreateMenteeAsync(org, app.Unique("Молодцова").Replace(" ", "", StringComparison.Ordinal));
        var deficit = await app.WithDbAsync(async db =>
        {
            var c = await db.Competencies.Where(x => x.RegionId == null).OrderBy(x => x.Id).Skip(2).FirstAsync();
            db.Deficits.Add(new Deficit { PersonId = mentee.Id, CompetencyId = c.Id, IdentifiedOn = new DateOnly(2026, 10, 1), Note = "по диагностике " + mentee.LastName });
            await db.SaveChangesAsync();
            return c.Name;
        });
        var m = await app.CreateMentorshipAsync(org, mentor, mentee, status, formCode);
        return new Pair(org, mentor, mentee, m, await app.LoginAsAsync(Role.Curator, organization: org), deficit);
    }

    [Fact]
    public async Task StartFromTemplate_CopiesPlan_DatesShiftedToTheNewStart()
    {
        app.Clock.Set(new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.Zero));
        var p = await PairAsync();
        var young = await app.WithDbAsync(db => db.ProgrammeTemplates.Include(t => t.Items).SingleAsync(t => t.Code == "young-teacher-school-year"));

        var page = await p.Curator.GetHtmlAsync($"/programmes/start?mentorshipId={p.M.Id}");
        Assert.Contains($"data-source=\"t{young.Id}\"", page);
        Assert.DoesNotContain("Ученик – ученик", page); // another form's template is not offered unless asked
        Assert.Contains("Ученик – ученик", await p.Curator.GetHtmlAsync($"/programmes/start?mentorshipId={p.M.Id}&all=true"));
        Assert.Contains($"/programmes/start?mentorshipId={p.M.Id}", await p.Curator.GetHtmlAsync($"/programmes/edit?mentorshipId={p.M.Id}"));

        var none = await p.Curator.PostFormAsync($"/programmes/start?mentorshipId={p.M.Id}", new() { ["StartDate"] = "2027-01-11" });
        Assert.Contains("Выберите шаблон или завершённую программу из списка.", await none.Content.ReadAsStringAsync());

        var r = await p.Curator.PostFormAsync($"/programmes/start?mentorshipId={p.M.Id}", new() { ["Choice"] = $"t{young.Id}", ["StartDate"] = "2027-01-11" });
        Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);
        var (prog, acts) = await app.WithDbAsync(async db =>
        {
            var x = await db.MentoringPrograms.SingleAsync(x => x.MentorshipId == p.M.Id);
            return (x, await db.ProgramActivities.Where(a => a.ProgramId == x.Id).OrderBy(a => a.DueOn).ThenBy(a => a.Id).ToListAsync());
        });
        Assert.Equal($"/programmes/card/{prog.Id}", r.Headers.Location?.OriginalString);
        var start = new DateOnly(2027, 1, 11);
        Assert.Equal((start, start.AddMonths(9)), (prog.StartDate, prog.EndDate));
        Assert.Equal(young.Goal, prog.Goal);
        Assert.Equal(young.Directions, prog.Directions);
        Assert.Contains(p.Deficit, prog.Difficulties);
        var expected = young.Items.OrderBy(i => i.OffsetDays).ThenBy(i => i.SortOrder).Select(i => (i.Title, start.AddDays(i.OffsetDays))).ToList();
        Assert.Equal(expected, acts.Select(a => (a.Title, a.DueOn)));
        Assert.Equal(new DateOnly(2027, 1, 11), acts[0].DueOn);
        Assert.Equal(new DateOnly(2027, 9, 27), acts[^1].DueOn); // 37 weeks later
        Assert.All(acts, a => Assert.Equal(ActivityStatus.Planned, a.Status));

        // Once the pair has a programme, the start page leads to it.
        Assert.Equal($"/programmes/card/{prog.Id}", (await p.Curator.GetAsync($"/programmes/start?mentorshipId={p.M.Id}")).Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task StartFromCompletedProgramme_CopiesWordingAndShiftedPlan_NothingPersonal()
    {
        app.Clock.Set(new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.Zero));
        var org = await app.CreateOrganizationAsync();
        var old = await PairAsync(org, MentorshipStatus.Completed);
        var oldId = await app.WithDbAsync(async db =>
        {
            var x = new MentoringProgram
            {
                MentorshipId = old.M.Id, OrganizationId = org.Id, MunicipalityId = org.MunicipalityId, RegionId = org.RegionId, Goal = "Адаптация в коллективе",
                Tasks = "Освоить формирующее оценивание", Difficulties = "Личное: трудности " + old.Mentee.LastName, Directions = "Methods,Upbringing",
                StartDate = new DateOnly(2025, 9, 1), EndDate = new DateOnly(2026, 5, 31), CreatedAt = app.Clock.GetUtcNow().UtcDateTime,
            };
            db.MentoringPrograms.Add(x);
            await db.SaveChangesAsync();
            db.ProgramActivities.AddRange(
                new ProgramActivity { ProgramId = x.Id, Title = "Посещение уроков", DueOn = new DateOnly(2025, 9, 15), ExpectedResult = "лист наблюдения", ResultForm = "лист", Status = ActivityStatus.Done,
                    Evidence = "https://example.org/personal", DoneOn = new DateOnly(2025, 9, 16), DoneBy = old.Mentee.FullName, DoneByRole = "наставляемый" },
                new ProgramActivity { ProgramId = x.Id, Title = "Отменённое", DueOn = new DateOnly(2025, 10, 1), Status = ActivityStatus.Cancelled },
                new ProgramActivity { ProgramId = x.Id, Title = "Открытый урок", DueOn = new DateOnly(2026, 3, 2), Status = ActivityStatus.InProgress, Evidence = "черновик конспекта" });
            db.Meetings.Add(new Meeting { ProgramId = x.Id, Kind = MeetingKind.Organizational, HeldOn = new DateOnly(2025, 9, 2), Notes = "заметки о личном" });
            db.ProgressReports.Add(new ProgressReport { ProgramId = x.Id, PersonId = old.Mentee.Id, AuthorRole = ParticipantRole.Mentee, ReportedOn = new DateOnly(2025, 9, 20), Done = "отчёт", Rating = 4 });
            await db.SaveChangesAsync();
            return x.Id;
        });
        // A completed programme of another school is not offered and cannot be forged.
        var foreign = await PairAsync(status: MentorshipStatus.Completed);
        var foreignId = await app.WithDbAsync(async db =>
        {
            var x = new MentoringProgram { MentorshipId = foreign.M.Id, OrganizationId = foreign.Org.Id, MunicipalityId = foreign.Org.MunicipalityId, RegionId = foreign.Org.RegionId,
                Goal = "Чужая программа", StartDate = new DateOnly(2025, 9, 1), EndDate = new DateOnly(2026, 5, 31), CreatedAt = app.Clock.GetUtcNow().UtcDateTime };
            db.MentoringPrograms.Add(x);
            await db.SaveChangesAsync();
            return x.Id;
        });

        var fresh = await PairAsync(org);
        var page = await fresh.Curator.GetHtmlAsync($"/programmes/start?mentorshipId={fresh.M.Id}");
        Assert.Contains($"data-source=\"p{oldId}\"", page);
        Assert.DoesNotContain($"data-source=\"p{foreignId}\"", page);
        var forged = await fresh.Curator.PostFormAsync($"/programmes/start?mentorshipId={fresh.M.Id}", new() { ["Choice"] = $"p{foreignId}", ["StartDate"] = "2026-12-07" });
        Assert.Equal(HttpStatusCode.OK, forged.StatusCode);
        Assert.Equal(0, await app.WithDbAsync(db => db.MentoringPrograms.CountAsync(x => x.MentorshipId == fresh.M.Id)));

        var r = await fresh.Curator.PostFormAsync($"/programmes/start?mentorshipId={fresh.M.Id}", new() { ["Choice"] = $"p{oldId}", ["StartDate"] = "2026-12-07" });
        Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);
        var (prog, acts, meetings, reports) = await app.WithDbAsync(async db =>
        {
            var x = await db.MentoringPrograms.SingleAsync(x => x.MentorshipId == fresh.M.Id);
            return (x, await db.ProgramActivities.Where(a => a.ProgramId == x.Id).OrderBy(a => a.DueOn).ToListAsync(),
                await db.Meetings.CountAsync(a => a.ProgramId == x.Id), await db.ProgressReports.CountAsync(a => a.ProgramId == x.Id));
        });
        Assert.Equal(("Адаптация в коллективе", "Освоить формирующее оценивание", "Methods,Upbringing"), (prog.Goal, prog.Tasks!, prog.Directions));
        // The difficulties are the new mentee's, never the old one's.
        Assert.DoesNotContain(old.Mentee.LastName, prog.Difficulties ?? "");
        Assert.Contains(fresh.Mentee.LastName, prog.Difficulties);
        // Same length as the source (272 days), plan shifted by the same offsets; the cancelled item stays behind.
        Assert.Equal((new DateOnly(2026, 12, 7), new DateOnly(2026, 12, 7).AddDays(272)), (prog.StartDate, prog.EndDate));
        Assert.Equal([("Посещение уроков", new DateOnly(2026, 12, 21)), ("Открытый урок", new DateOnly(2026, 12, 7).AddDays(182))], acts.Select(a => (a.Title, a.DueOn)));
        Assert.All(acts, a => Assert.Equal((ActivityStatus.Planned, (string?)null, (DateOnly?)null, (string?)null, (string?)null), (a.Status, a.Evidence, a.DoneOn, a.DoneBy, a.DoneByRole)));
        Assert.Equal(("лист наблюдения", "лист"), (acts[0].ExpectedResult!, acts[0].ResultForm!));
        Assert.Equal((0, 0), (meetings, reports));
    }

    [Fact]
    public async Task SaveProgrammeAsTemplate_CuratorOnly_NoDifficultiesNorMarks()
    {
        app.Clock.Set(new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.Zero));
        var org = await app.CreateOrganizationAsync();
        var mentorUser = await app.CreateUserAsync(Role.Mentor, organization: org);
        var mentor = await app.CreateMentorAsync(org, "Наставникова", email: mentorUser.Email);
        var mentee = await app.CreateMenteeAsync(org, "Личнова");
        var m = await app.CreateMentorshipAsync(org, mentor, mentee, MentorshipStatus.Active);
        var id = await app.WithDbAsync(async db =>
        {
            var x = new MentoringProgram
            {
                MentorshipId = m.Id, OrganizationId = org.Id, MunicipalityId = org.MunicipalityId, RegionId = org.RegionId, Goal = "Освоение методики",
                Difficulties = "Секретное затруднение Личновой", Directions = "Methods", StartDate = new DateOnly(2026, 12, 1), EndDate = new DateOnly(2027, 5, 31),
                CreatedAt = app.Clock.GetUtcNow().UtcDateTime,
            };
            db.MentoringPrograms.Add(x);
            await db.SaveChangesAsync();
            db.ProgramActivities.AddRange(
                new ProgramActivity { ProgramId = x.Id, Title = "Взаимопосещение", DueOn = new DateOnly(2026, 12, 15), Status = ActivityStatus.Done, Evidence = "ссылка-личная", DoneBy = "Личнова" },
                new ProgramActivity { ProgramId = x.Id, Title = "Открытый урок", DueOn = new DateOnly(2027, 3, 2), Status = ActivityStatus.Planned });
            await db.SaveChangesAsync();
            return x.Id;
        });
        var curator = await app.LoginAsAsync(Role.Curator, organization: org);
        Assert.Contains($"/programmes/templates/edit?fromProgramId={id}", await curator.GetHtmlAsync($"/programmes/card/{id}"));
        var mentorClient = await app.LoginAsync(mentorUser);
        Assert.DoesNotContain("fromProgramId", await mentorClient.GetHtmlAsync($"/programmes/card/{id}"));
        Assert.Contains("accessdenied", (await mentorClient.GetAsync($"/programmes/templates/edit?fromProgramId={id}")).Headers.Location?.OriginalString ?? "", StringComparison.OrdinalIgnoreCase);
        var otherCurator = await app.LoginAsAsync(Role.Curator, organization: await app.CreateOrganizationAsync());
        Assert.Equal(HttpStatusCode.NotFound, (await otherCurator.GetAsync($"/programmes/templates/edit?fromProgramId={id}")).StatusCode);

        var form = await curator.GetHtmlAsync($"/programmes/templates/edit?fromProgramId={id}");
        Assert.Contains("Освоение методики", form);
        Assert.Contains("Взаимопосещение", form);
        Assert.DoesNotContain("Секретное затруднение", form);
        Assert.DoesNotContain("ссылка-личная", form);

        var title = app.Unique("Шаблон из программы");
        var fields = TemplateForm($"o{org.Id}", title, m.FormId, ("Взаимопосещение", 2, "w"), ("Открытый урок", 91, "d"));
        fields["FromProgramId"] = S(id);
        Assert.Equal(HttpStatusCode.Redirect, (await curator.PostFormAsync($"/programmes/templates/edit?fromProgramId={id}", fields)).StatusCode);
        var t = (await TemplateAsync(title))!;
        Assert.Equal((org.Id, TemplateLevel.Organization), (t.OrganizationId!.Value, t.Level));
        Assert.Equal([("Взаимопосещение", 14), ("Открытый урок", 91)], t.Items.OrderBy(i => i.SortOrder).Select(i => (i.Title, i.OffsetDays)));
    }

    [Fact]
    public void Plan_OfAndCopy_ShiftByOffsets_SkipCancelled()
    {
        var start = new DateOnly(2025, 9, 1);
        var plan = ProgrammePlan.Of(start, [
            new ProgramActivity { Id = 2, Title = "b", DueOn = new DateOnly(2025, 9, 15), Status = ActivityStatus.Done, Evidence = "e", DoneOn = start, DoneBy = "x" },
            new ProgramActivity { Id = 1, Title = "a", DueOn = new DateOnly(2025, 8, 30), Status = ActivityStatus.Planned },
            new ProgramActivity { Id = 3, Title = "c", DueOn = new DateOnly(2025, 10, 1), Status = ActivityStatus.Cancelled },
        ]);
        Assert.Equal([("a", 0), ("b", 14)], plan.Select(i => (i.Title, i.OffsetDays)));
        var copied = ProgrammePlan.Copy(plan, 7, new DateOnly(2027, 2, 1));
        Assert.Equal([("a", new DateOnly(2027, 2, 1)), ("b", new DateOnly(2027, 2, 15))], copied.Select(a => (a.Title, a.DueOn)));
        Assert.All(copied, a => Assert.Equal((7, ActivityStatus.Planned, (string?)null, (DateOnly?)null), (a.ProgramId, a.Status, a.Evidence, a.DoneOn)));
        Assert.Equal(["в начале", "через 2 нед.", "через 10 дн."], new[] { 0, 14, 10 }.Select(ProgrammePlan.Offset));
        Assert.Equal([ProgramDirection.Methods, ProgramDirection.Upbringing], ProgrammePlan.ParseDirections("Upbringing, Methods,Nonsense").Order());
    }
}
