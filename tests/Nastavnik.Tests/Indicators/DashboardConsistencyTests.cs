using System.Data.Common;
using System.Globalization;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Nastavnik.Features.Consents;
using Nastavnik.Features.Events;
using Nastavnik.Features.Indicators;
using Nastavnik.Features.Mentorships;
using Nastavnik.Features.Monitoring;
using Nastavnik.Features.Organizations;
using Nastavnik.Features.People;
using Nastavnik.Features.Programmes;
using Nastavnik.Features.Roadmaps;
using Nastavnik.Platform.Auth;
using Nastavnik.Platform.Tenancy;
using Nastavnik.Tests.Mentorships;
using Nastavnik.Tests.People;
using Formats = Nastavnik.Platform.Web.Formats;

namespace Nastavnik.Tests.Indicators;

/// <summary>
/// The dashboards are served from memory until a change counter moves (<see cref="IndicatorCache"/>,
/// <see cref="IndicatorStamps"/>). These tests change the data at random through the application's own code paths
/// (the mentorship service and its approval order, the person card's consent withdrawal over HTTP, the purge job,
/// plain EF edits as the register pages make them, monitoring questionnaires answered) and after every change compare
/// every figure of the municipal and the regional dashboard, as the coordinators see them in the page — satisfaction
/// from monitoring included — with counts made by hand-written SQL.
/// </summary>
public sealed class DashboardConsistencyTests(TestApp app, Xunit.Abstractions.ITestOutputHelper output) : IClassFixture<TestApp>
{
    private static readonly DateOnly Today = new(2026, 11, 23);
    private static readonly DateOnly YearStart = new(2026, 1, 1);
    private static readonly HtmlParser Parser = new();

    private sealed class World
    {
        public required Region Region { get; init; }
        public required Municipality M1 { get; init; }
        public required Municipality M2 { get; init; }
        public required List<Organization> Schools { get; init; }
        public required int ContestId { get; init; }
        public required List<int> RoadmapItemIds { get; init; }
        public Dictionary<int, HttpClient> Curators { get; } = [];
        public int Orders { get; set; }
    }

    private async Task<World> ArrangeAsync()
    {
        var region = await app.CreateRegionAsync();
        var m1 = await app.CreateMunicipalityAsync(region);
        var m2 = await app.CreateMunicipalityAsync(region);
        var schools = new List<Organization>
        {
            await app.CreateOrganizationAsync(m1), await app.CreateOrganizationAsync(m1), await app.CreateOrganizationAsync(m1),
            await app.CreateOrganizationAsync(m2), await app.CreateOrganizationAsync(m2),
        };
        // A method centre: its pairs are not measured.
        var centre = await app.CreateOrganizationAsync(m1);
        await app.WithDbAsync(async db =>
        {
            (await db.Organizations.FirstAsync(o => o.Id == centre.Id)).Kind = OrganizationKind.MethodCenter;
            db.OrganizationEnrolments.Add(new OrganizationEnrolment
            {
                OrganizationId = schools[0].Id, MunicipalityId = m1.Id, RegionId = region.Id, AsOf = new DateOnly(2026, 9, 1), Pupils = 400, Teachers = 30, EnteredAt = app.Clock.GetUtcNow().UtcDateTime,
            });
            await db.SaveChangesAsync();
        });
        foreach (var s in schools)
        {
            for (var i = 0; i < 2; i++) await app.CreateMentorAsync(s, $"Наставник{i}", capacity: 6);
            for (var i = 0; i < 2; i++) await app.CreateMenteeAsync(s, $"Молодой{i}");
            for (var i = 0; i < 4; i++) await NewPupilAsync(s);
        }
        var (contestId, items) = await app.WithDbAsync(async db =>
        {
            var contest = new Event { RegionId = region.Id, MunicipalityId = m1.Id, Kind = EventKind.Contest, Title = "Муниципальный конкурс «Педагогический дуэт»", StartsOn = new DateOnly(2026, 3, 10) };
            db.Events.Add(contest);
            var roadmap = new Roadmap
            {
                RegionId = region.Id, MunicipalityId = m1.Id, Title = "Дорожная карта на 2026 год", PeriodText = "2026 год", PeriodStart = YearStart, PeriodEnd = new DateOnly(2026, 12, 31),
                CreatedAt = app.Clock.GetUtcNow().UtcDateTime,
            };
            var schoolMap = new Roadmap
            {
                RegionId = region.Id, MunicipalityId = m2.Id, OrganizationId = schools[3].Id, Title = "Дорожная карта школы", PeriodText = "2026 год", PeriodStart = YearStart,
                PeriodEnd = new DateOnly(2026, 12, 31), CreatedAt = app.Clock.GetUtcNow().UtcDateTime,
            };
            db.Roadmaps.AddRange(roadmap, schoolMap);
            await db.SaveChangesAsync();
            var list = new List<RoadmapItem>();
            for (var i = 0; i < 6; i++)
                list.Add(new RoadmapItem
                {
                    RoadmapId = i % 2 == 0 ? roadmap.Id : schoolMap.Id, Order = i, Name = $"Мероприятие {i}", DueText = "до срока", DueKind = DueKind.Deadline,
                    DueEnd = new DateOnly(2026, 2 + 2 * i, 1), Status = i % 3 == 0 ? RoadmapItemStatus.Done : RoadmapItemStatus.Planned,
                });
            db.RoadmapItems.AddRange(list);
            await db.SaveChangesAsync();
            return (contest.Id, list.Select(x => x.Id).ToList());
        });
        return new World { Region = region, M1 = m1, M2 = m2, Schools = schools, ContestId = contestId, RoadmapItemIds = items };
    }

    private Task<Person> NewPupilAsync(Organization org) =>
        app.CreatePersonAsync(org, app.Unique("Ученик"), PersonKind.Pupil, mentee: true, birthDate: new DateOnly(2012, 5, 1), guardian: "Иванова Анна Петровна");

    [Fact]
    public async Task Dashboards_AfterRandomChanges_EqualDirectSqlCountsEveryTime()
    {
        var w = await ArrangeAsync();
        var municipal = await app.LoginAsAsync(Role.MunicipalCoordinator, municipality: w.M1);
        var regional = await app.LoginAsAsync(Role.RegionalCoordinator, region: w.Region);
        var rng = new Random(20261123);
        var ops = Operations(w);
        var cache = app.Services.GetRequiredService<IndicatorCache>();
        var log = new List<string>();

        await CompareAsync(w, municipal, regional, "исходные данные");
        for (var step = 0; step < 100; step++)
        {
            var (name, op) = ops[rng.Next(ops.Count)];
            var done = await op(rng);
            log.Add($"{step}: {name} — {done}");
            await CompareAsync(w, municipal, regional, string.Join("\n", log.TakeLast(5)));
        }
        // Unchanged data: the next two views come from memory.
        var before = cache.Computed;
        await CompareAsync(w, municipal, regional, "повтор без изменений");
        Assert.Equal(before, cache.Computed);
        output.WriteLine(string.Join("\n", log));
        // Most steps must really change something, and pairs must get through the whole lifecycle.
        Assert.True(log.Count(l => l.Contains("изменено", StringComparison.Ordinal)) >= 60, string.Join("\n", log));
        Assert.Contains(log, l => l.Contains("утверждена", StringComparison.Ordinal));
        Assert.Contains(log, l => l.Contains("→ Completed", StringComparison.Ordinal));
        Assert.True(log.Count(l => l.Contains("изменено: анкеты", StringComparison.Ordinal)) >= 8, string.Join("\n", log));
        Assert.True(_averagesSeen >= 10 && _tooFewSeen >= 10, $"средних {_averagesSeen}, «мало ответов» {_tooFewSeen}");
        output.WriteLine($"удовлетворённость: средних {_averagesSeen}, «мало ответов» {_tooFewSeen}");
    }

    [Fact]
    public async Task Dashboard_ChangeInOneMunicipality_RecomputesOnlyThatMunicipality()
    {
        var w = await ArrangeAsync();
        var municipal = await app.LoginAsAsync(Role.MunicipalCoordinator, municipality: w.M1);
        var regional = await app.LoginAsAsync(Role.RegionalCoordinator, region: w.Region);
        var cache = app.Services.GetRequiredService<IndicatorCache>();
        await CompareAsync(w, municipal, regional, "прогрев");
        var before = cache.Computed;

        await app.WithDbAsync(async db =>
        {
            db.OrganizationEnrolments.Add(new OrganizationEnrolment
            {
                OrganizationId = w.Schools[4].Id, MunicipalityId = w.M2.Id, RegionId = w.Region.Id, AsOf = new DateOnly(2026, 10, 1), Pupils = 555, Teachers = 44,
                EnteredAt = app.Clock.GetUtcNow().UtcDateTime,
            });
            await db.SaveChangesAsync();
        });
        await CompareAsync(w, municipal, regional, "контингент школы второго муниципалитета");
        // The region: its second municipality and the sum; the first municipality's dashboard stays as it was.
        Assert.Equal(2, cache.Computed - before);
    }

    [Fact]
    public async Task Dashboard_WriteAroundTheCounters_StaysCachedUntilItsCounterMoves()
    {
        // The negative control: a change that does not move a counter is not seen, which is what the test above
        // would catch if any write path forgot to move one.
        var w = await ArrangeAsync();
        var municipal = await app.LoginAsAsync(Role.MunicipalCoordinator, municipality: w.M1);
        var mentor = await app.CreateMentorAsync(w.Schools[0], "Обходова");
        var mentee = await app.CreateMenteeAsync(w.Schools[0], "Обходов");
        var m = await app.CreateMentorshipAsync(w.Schools[0], mentor, mentee, MentorshipStatus.Active);
        await app.WithDbAsync(async db =>
        {
            var x = await db.Mentorships.FirstAsync(y => y.Id == m.Id);
            x.StartDate = new DateOnly(2026, 10, 1);
            await db.SaveChangesAsync();
        });
        Assert.Equal(1, ActiveCount(await municipal.GetHtmlAsync("/indicators")));

        await app.WithDbAsync(db => db.Database.ExecuteSqlAsync($"UPDATE \"Mentorships\" SET \"Status\" = 'Terminated' WHERE \"Id\" = {m.Id}"));
        Assert.Equal(1, ActiveCount(await municipal.GetHtmlAsync("/indicators")));

        await app.WithDbAsync(db => IndicatorStamps.BumpAsync(db, [(w.Region.Id, w.M1.Id)]));
        Assert.Equal(0, ActiveCount(await municipal.GetHtmlAsync("/indicators")));
    }

    [Fact]
    public async Task Dashboard_ChangeCommittedByAnotherInstance_IsSeenAfterTheRecheckInterval()
    {
        // Another instance of the app moves the counter in the database; this one has no local signal and finds out by
        // its periodic check (here every request: RecheckSeconds = 0).
        var w = await ArrangeAsync();
        using var instance = app.WithWebHostBuilder(b => b.UseSetting("Indicators:RecheckSeconds", "0"));
        var client = instance.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        var user = await app.CreateUserAsync(Role.MunicipalCoordinator, municipality: w.M1);
        var login = await client.PostFormAsync("/accounts/anonymous/login", new() { ["Input.Email"] = user.Email!, ["Input.Password"] = TestApp.Password });
        Assert.Equal(System.Net.HttpStatusCode.Redirect, login.StatusCode);
        var mentor = await app.CreateMentorAsync(w.Schools[1], "Другаяинстанция");
        var mentee = await app.CreateMenteeAsync(w.Schools[1], "Другойинстанции");
        var m = await app.CreateMentorshipAsync(w.Schools[1], mentor, mentee, MentorshipStatus.Active);
        Assert.Equal(1, ActiveCount(await client.GetHtmlAsync("/indicators")));

        await app.WithDbAsync(async db =>
        {
            await db.Database.ExecuteSqlAsync($"UPDATE \"Mentorships\" SET \"Status\" = 'Completed' WHERE \"Id\" = {m.Id}");
            var key = "m:" + w.M1.Id.ToString(CultureInfo.InvariantCulture);
            await db.Database.ExecuteSqlAsync($"UPDATE \"IndicatorStamps\" SET \"Value\" = \"Value\" + 1 WHERE \"Key\" = {key}");
        });
        Assert.Equal(0, ActiveCount(await client.GetHtmlAsync("/indicators")));
    }

    [Fact]
    public async Task PeopleImport_BulkWrite_MovesTheMunicipalityCounter()
    {
        var org = await app.CreateOrganizationAsync();
        var before = await StampAsync(org.MunicipalityId);
        var csv = "Фамилия;Имя;Отчество;Дата рождения;Кто;Должность;Дата согласия\r\nИмпортова;Анна;Петровна;01.02.1990;педагог;учитель математики;01.09.2026\r\n";
        await app.EnsureMigratedAsync();
        await using (var scope = app.Services.CreateAsyncScope())
        {
            scope.ServiceProvider.GetRequiredService<CurrentScope>().Set(TenantScope.System);
            var importer = scope.ServiceProvider.GetRequiredService<PeopleImporter>();
            var result = await importer.ApplyAsync(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(csv)), "люди.csv", new PeopleImportOptions { OrganizationId = org.Id });
            Assert.True(result.Written, string.Join("; ", result.MappingProblems.Concat(result.Rejects.Select(r => r.Reason))));
            Assert.Equal(1, result.Created);
        }
        Assert.True(await StampAsync(org.MunicipalityId) > before, "импорт не сдвинул счётчик муниципалитета");
    }

    private Task<long> StampAsync(int municipalityId) => app.WithDbAsync(db =>
        db.IndicatorStamps.Where(s => s.MunicipalityId == municipalityId).Select(s => s.Value).FirstOrDefaultAsync());

    private static int ActiveCount(string html)
    {
        var doc = Parser.ParseDocument(html);
        return ListValue(doc, "Пары и группы по состоянию", Formats.Name(MentorshipStatus.Active));
    }

    // ------------------------------------------------------------------ changes

    private List<(string Name, Func<Random, Task<string>> Run)> Operations(World w)
    {
        Organization AnySchool(Random r) => w.Schools[r.Next(w.Schools.Count)];
        async Task<T> WithService<T>(Func<MentorshipService, Nastavnik.Data.AppDbContext, Task<T>> f)
        {
            await using var scope = app.Services.CreateAsyncScope();
            scope.ServiceProvider.GetRequiredService<CurrentScope>().Set(TenantScope.System);
            return await f(scope.ServiceProvider.GetRequiredService<MentorshipService>(), scope.ServiceProvider.GetRequiredService<Nastavnik.Data.AppDbContext>());
        }
        Task<List<Mentorship>> InStatus(params MentorshipStatus[] statuses) => app.WithDbAsync(db =>
            db.Mentorships.Where(m => m.RegionId == w.Region.Id && statuses.Contains(m.Status)).OrderBy(m => m.Id).ToListAsync());
        Task<List<Person>> People(Func<IQueryable<Person>, IQueryable<Person>>? more = null) => app.WithDbAsync(db =>
            (more ?? (q => q))(db.People.Where(p => p.RegionId == w.Region.Id)).OrderBy(p => p.Id).ToListAsync());
        async Task<string> Move(Random r, MentorshipStatus[] from, MentorshipStatus to)
        {
            var list = await InStatus(from);
            if (list.Count == 0) return "нечего менять";
            var m = list[r.Next(list.Count)];
            var error = await WithService((s, _) => s.MoveAsync(m.Id, m.Version, to, "по решению куратора", "программа выполнена"));
            return error is null ? $"изменено: пара {m.Id} → {to}" : "отказ: " + error;
        }

        // Lifecycle steps come more often than the rest, so that pairs get through approval, work and completion.
        List<(string, Func<Random, Task<string>>)> ops =
        [
            ("новая группа учитель–ученики", async r =>
            {
                var org = AnySchool(r);
                var mentors = await People(q => q.Where(p => p.OrganizationId == org.Id && p.Mentor != null));
                var pupils = await People(q => q.Where(p => p.OrganizationId == org.Id && p.Kind == PersonKind.Pupil && p.Mentee != null));
                if (mentors.Count == 0) return "нет наставников";
                while (pupils.Count < 3) pupils.Add(await NewPupilAsync(org));
                var chosen = pupils.OrderBy(_ => r.Next()).Take(r.Next(1, 4)).Select(p => p.Id).ToList();
                var start = Today.AddDays(-r.Next(5, 300));
                var (m, errors) = await WithService(async (s, db) =>
                {
                    var form = await db.MentoringForms.FirstAsync(f => f.RegionId == null && f.Code == "teacher-pupil");
                    var kind = await db.MentoringKinds.FirstAsync(k => k.RegionId == null && k.Code == (chosen.Count == 1 ? "traditional" : "group"));
                    return await s.CreateAsync(new MentorshipService.Draft(org.Id, form.Id, kind.Id, [mentors[r.Next(mentors.Count)].Id], chosen, [], start, new DateOnly(2027, 5, 31), null, false));
                });
                return m is null ? "отказ: " + string.Join(" ", errors) : $"изменено: группа {m.Id} ({chosen.Count} уч.)";
            }),
            ("новая пара учитель–учитель", async r =>
            {
                var org = AnySchool(r);
                var mentors = await People(q => q.Where(p => p.OrganizationId == org.Id && p.Mentor != null));
                var mentees = await People(q => q.Where(p => p.OrganizationId == org.Id && p.Kind == PersonKind.Teacher && p.Mentee != null));
                if (mentors.Count == 0 || mentees.Count == 0) return "нет участников";
                var (m, errors) = await WithService(async (s, db) =>
                {
                    var form = await db.MentoringForms.FirstAsync(f => f.RegionId == null && f.Code == "teacher-teacher");
                    var kind = await db.MentoringKinds.FirstAsync(k => k.RegionId == null && k.Code == "traditional");
                    return await s.CreateAsync(new MentorshipService.Draft(org.Id, form.Id, kind.Id, [mentors[r.Next(mentors.Count)].Id], [mentees[r.Next(mentees.Count)].Id], [],
                        Today.AddDays(-r.Next(5, 200)), new DateOnly(2027, 5, 31), null, false));
                });
                return m is null ? "отказ: " + string.Join(" ", errors) : $"изменено: пара {m.Id}";
            }),
            ("на утверждение", r => Move(r, [MentorshipStatus.Draft], MentorshipStatus.Proposed)),
            ("от черновика до работы", async r =>
            {
                // Proposal, the head's order and the start of work in a row, as a school does it at the start of the year.
                var drafts = await InStatus(MentorshipStatus.Draft);
                if (drafts.Count == 0) return "нет черновиков";
                var m = drafts[r.Next(drafts.Count)];
                var error = await WithService((s, _) => s.MoveAsync(m.Id, m.Version, MentorshipStatus.Proposed, null));
                if (error is not null) return "отказ: " + error;
                var number = "П-" + (++w.Orders).ToString(CultureInfo.InvariantCulture);
                var approved = await WithService((s, _) => s.ApproveAsync(m.OrganizationId, [m.Id], number, Today, "Директор"));
                if (approved.Errors.Count > 0) return "изменено: на утверждении; отказ в приказе: " + string.Join(" ", approved.Errors);
                var version = await app.WithDbAsync(db => db.Mentorships.Where(x => x.Id == m.Id).Select(x => x.Version).FirstAsync());
                error = await WithService((s, _) => s.MoveAsync(m.Id, version, MentorshipStatus.Active, null));
                return error is null ? $"изменено: пара {m.Id} утверждена и действует" : "изменено: утверждена; отказ: " + error;
            }),
            ("утверждение приказом", async r =>
            {
                var list = await InStatus(MentorshipStatus.Proposed);
                if (list.Count == 0) return "нечего утверждать";
                var m = list[r.Next(list.Count)];
                var number = "П-" + (++w.Orders).ToString(CultureInfo.InvariantCulture);
                var result = await WithService((s, _) => s.ApproveAsync(m.OrganizationId, [m.Id], number, Today, "Директор"));
                return result.Errors.Count == 0 ? $"изменено: пара {m.Id} утверждена" : "отказ: " + string.Join(" ", result.Errors);
            }),
            ("начало работы", r => Move(r, [MentorshipStatus.Approved], MentorshipStatus.Active)),
            ("завершение", r => Move(r, [MentorshipStatus.Active], MentorshipStatus.Completed)),
            ("прекращение", r => Move(r, [MentorshipStatus.Draft, MentorshipStatus.Proposed, MentorshipStatus.Approved, MentorshipStatus.Active], MentorshipStatus.Terminated)),
            ("отзыв согласия (карточка участника)", async r =>
            {
                var people = await People(q => q.Where(p => !p.IsWithdrawn));
                var p = people[r.Next(people.Count)];
                var consentId = await app.WithDbAsync(db => db.Consents.Where(c => c.PersonId == p.Id && c.Kind == ConsentKind.PersonalData && c.WithdrawnAt == null).Select(c => c.Id).FirstAsync());
                if (!w.Curators.TryGetValue(p.OrganizationId, out var curator))
                    w.Curators[p.OrganizationId] = curator = await app.LoginAsAsync(Role.Curator, organization: await app.WithDbAsync(db => db.Organizations.FirstAsync(o => o.Id == p.OrganizationId)));
                var response = await curator.PostFormAsync($"/people/card/{p.Id}?handler=Withdraw", new() { ["consentId"] = consentId.ToString(CultureInfo.InvariantCulture), ["reason"] = "заявление" }, $"/people/card/{p.Id}");
                Assert.Equal(System.Net.HttpStatusCode.Redirect, response.StatusCode);
                return $"изменено: согласие {p.Id} отозвано";
            }),
            ("уничтожение данных (задание)", async r =>
            {
                var withdrawn = await app.WithDbAsync(db => db.People.IgnoreQueryFilters().Where(p => p.RegionId == w.Region.Id && p.IsWithdrawn).Select(p => p.Id).ToListAsync());
                if (withdrawn.Count == 0) return "некого уничтожать";
                var id = withdrawn[r.Next(withdrawn.Count)];
                await app.WithDbAsync(async db =>
                {
                    (await db.People.IgnoreQueryFilters().FirstAsync(p => p.Id == id)).WithdrawnAt = app.Clock.GetUtcNow().UtcDateTime.AddDays(-40);
                    await db.SaveChangesAsync();
                });
                var purged = await app.Services.GetRequiredService<ConsentPurgeJob>().RunOnceAsync();
                return $"изменено: уничтожено {purged}";
            }),
            ("перевод в другую организацию", async r =>
            {
                var people = await People(q => q.Where(p => !p.IsWithdrawn));
                var p = people[r.Next(people.Count)];
                var to = AnySchool(r);
                if (to.Id == p.OrganizationId) return "та же организация";
                await app.WithDbAsync(async db =>
                {
                    var x = await db.People.FirstAsync(y => y.Id == p.Id);
                    (x.OrganizationId, x.MunicipalityId, x.RegionId) = (to.Id, to.MunicipalityId, to.RegionId);
                    await db.SaveChangesAsync();
                });
                return $"изменено: {p.Id} → ОО {to.Id}";
            }),
            ("новый обучающийся", async r => $"изменено: ученик {(await NewPupilAsync(AnySchool(r))).Id}"),
            ("контингент", async r =>
            {
                var org = AnySchool(r);
                var pupils = r.Next(100, 900);
                await app.WithDbAsync(async db =>
                {
                    var e = await db.OrganizationEnrolments.FirstOrDefaultAsync(x => x.OrganizationId == org.Id && x.AsOf == new DateOnly(2026, 9, 1));
                    if (e is null)
                        db.OrganizationEnrolments.Add(new OrganizationEnrolment
                        {
                            OrganizationId = org.Id, MunicipalityId = org.MunicipalityId, RegionId = org.RegionId, AsOf = new DateOnly(2026, 9, 1), Pupils = pupils, Teachers = r.Next(10, 60),
                            EnteredAt = app.Clock.GetUtcNow().UtcDateTime,
                        });
                    else e.Pupils = pupils;
                    await db.SaveChangesAsync();
                });
                return $"изменено: контингент ОО {org.Id} = {pupils}";
            }),
            ("архив / из архива", async r =>
            {
                var org = AnySchool(r);
                var now = await app.WithDbAsync(async db =>
                {
                    var o = await db.Organizations.FirstAsync(x => x.Id == org.Id);
                    o.IsArchived = !o.IsArchived;
                    await db.SaveChangesAsync();
                    return o.IsArchived;
                });
                return $"изменено: ОО {org.Id} {(now ? "в архиве" : "действует")}";
            }),
            ("участие в «Педагогическом дуэте»", async r =>
            {
                var pairs = await app.WithDbAsync(db => db.Mentorships.Where(m => m.RegionId == w.Region.Id && m.Form!.Code == "teacher-teacher")
                    .Select(m => m.Participants.Select(p => p.PersonId).ToList()).ToListAsync());
                if (pairs.Count == 0) return "нет пар";
                var people = pairs[r.Next(pairs.Count)];
                var added = await app.WithDbAsync(async db =>
                {
                    var n = 0;
                    foreach (var id in people.Where(id => !db.EventParticipants.Any(ep => ep.EventId == w.ContestId && ep.PersonId == id)).ToList())
                    {
                        db.EventParticipants.Add(new EventParticipant { EventId = w.ContestId, PersonId = id, Team = "Пара", Attended = true });
                        n++;
                    }
                    await db.SaveChangesAsync();
                    return n;
                });
                return $"изменено: в конкурс добавлено {added}";
            }),
            ("выбыл из конкурса", async r =>
            {
                var removed = await app.WithDbAsync(async db =>
                {
                    var list = await db.EventParticipants.Where(ep => ep.EventId == w.ContestId).OrderBy(ep => ep.Id).ToListAsync();
                    if (list.Count == 0) return 0;
                    db.EventParticipants.Remove(list[r.Next(list.Count)]);
                    await db.SaveChangesAsync();
                    return 1;
                });
                return $"изменено: из конкурса убрано {removed}";
            }),
            ("мероприятие дорожной карты", async r =>
            {
                var id = w.RoadmapItemIds[r.Next(w.RoadmapItemIds.Count)];
                await app.WithDbAsync(async db =>
                {
                    var i = await db.RoadmapItems.FirstAsync(x => x.Id == id);
                    i.Status = i.Status == RoadmapItemStatus.Done ? RoadmapItemStatus.Planned : RoadmapItemStatus.Done;
                    await db.SaveChangesAsync();
                });
                return $"изменено: мероприятие {id}";
            }),
            ("сдвиг сроков пары", async r =>
            {
                var list = await InStatus(MentorshipStatus.Active, MentorshipStatus.Approved, MentorshipStatus.Completed);
                if (list.Count == 0) return "нет пар";
                var m = list[r.Next(list.Count)];
                var start = r.Next(2) == 0 ? new DateOnly(2026, 12, 15) : new DateOnly(2026, 2, 1);
                await app.WithDbAsync(async db =>
                {
                    (await db.Mentorships.FirstAsync(x => x.Id == m.Id)).StartDate = start;
                    await db.SaveChangesAsync();
                });
                return $"изменено: пара {m.Id} с {start}";
            }),
            ("наставляемый покинул группу", async r =>
            {
                var removed = await app.WithDbAsync(async db =>
                {
                    var groups = await db.Mentorships.Where(m => m.RegionId == w.Region.Id && m.Participants.Count(p => p.Role == ParticipantRole.Mentee) >= 3)
                        .Select(m => m.Id).ToListAsync();
                    if (groups.Count == 0) return 0;
                    var id = groups[r.Next(groups.Count)];
                    var part = await db.MentorshipParticipants.Where(p => p.MentorshipId == id && p.Role == ParticipantRole.Mentee).OrderBy(p => p.PersonId).FirstAsync();
                    db.MentorshipParticipants.Remove(part);
                    await db.SaveChangesAsync();
                    return id;
                });
                return removed == 0 ? "нет групп" : $"изменено: группа {removed} без одного наставляемого";
            }),
            ("анкета удовлетворённости", async r =>
            {
                // A monitoring stage of a pair's programme opened (this year, last year, at the last minute of today or
                // tomorrow): the satisfaction questionnaires assigned to its people, most of them answered — as the
                // stage opening and the questionnaire page write them. Again on an open stage: the late ones answer.
                var list = await InStatus(MentorshipStatus.Active, MentorshipStatus.Approved, MentorshipStatus.Completed);
                if (list.Count == 0) return "нет пар";
                var m = list[r.Next(list.Count)];
                var kind = r.Next(2) == 0 ? MonitoringKind.Interim : MonitoringKind.Final;
                var opened = r.Next(8) switch
                {
                    0 => new DateTime(2025, 12, 20, 9, 0, 0, DateTimeKind.Utc),
                    1 => new DateTime(2026, 11, 24, 0, 0, 0, DateTimeKind.Utc),
                    2 => new DateTime(2026, 11, 23, 23, 30, 0, DateTimeKind.Utc),
                    _ => new DateTime(2026, 1 + r.Next(11), 1 + r.Next(28), 9, 0, 0, DateTimeKind.Utc),
                };
                var seed = r.Next();
                return await app.WithDbAsync(async db =>
                {
                    var rr = new Random(seed);
                    var surveys = await db.Questionnaires.Include(x => x.Questions)
                        .Where(x => x.BuiltInKey == BuiltInQuestionnaires.MentorSatisfaction || x.BuiltInKey == BuiltInQuestionnaires.MenteeSatisfaction).ToListAsync();
                    var people = await db.MentorshipParticipants.Where(p => p.MentorshipId == m.Id).OrderBy(p => p.PersonId).Select(p => new { p.PersonId, p.Role }).ToListAsync();
                    var programme = await db.MentoringPrograms.FirstOrDefaultAsync(p => p.MentorshipId == m.Id);
                    if (programme is null)
                    {
                        programme = new MentoringProgram
                        {
                            MentorshipId = m.Id, OrganizationId = m.OrganizationId, MunicipalityId = m.MunicipalityId, RegionId = m.RegionId, Goal = "Цель",
                            StartDate = m.StartDate, EndDate = m.EndDate, CreatedAt = app.Clock.GetUtcNow().UtcDateTime,
                        };
                        db.MentoringPrograms.Add(programme);
                        await db.SaveChangesAsync();
                    }
                    var stage = await db.MonitoringStages.FirstOrDefaultAsync(x => x.ProgramId == programme.Id && x.Kind == kind);
                    if (stage is null)
                    {
                        stage = new MonitoringStage
                        {
                            ProgramId = programme.Id, Kind = kind, OpensOn = DateOnly.FromDateTime(opened), DueOn = DateOnly.FromDateTime(opened).AddDays(14), OpenedAt = opened,
                            OrganizationId = m.OrganizationId, MunicipalityId = m.MunicipalityId, RegionId = m.RegionId,
                        };
                        db.MonitoringStages.Add(stage);
                        await db.SaveChangesAsync();
                    }
                    var existing = await db.MonitoringAssignments.Where(x => x.StageId == stage.Id).ToListAsync();
                    var (assigned, answered) = (0, 0);
                    foreach (var person in people)
                    {
                        var q = surveys.Single(x => x.Audience == (person.Role == ParticipantRole.Mentor ? QuestionnaireAudience.Mentor : QuestionnaireAudience.Mentee));
                        var a = existing.FirstOrDefault(x => x.QuestionnaireId == q.Id && x.PersonId == person.PersonId);
                        if (a is null)
                        {
                            a = new MonitoringAssignment
                            {
                                StageId = stage.Id, QuestionnaireId = q.Id, Audience = q.Audience, PersonId = person.PersonId,
                                OrganizationId = stage.OrganizationId, MunicipalityId = stage.MunicipalityId, RegionId = stage.RegionId,
                            };
                            db.MonitoringAssignments.Add(a);
                            assigned++;
                        }
                        if (a.CompletedAt is not null || rr.Next(4) == 0) continue;
                        a.CompletedAt = app.Clock.GetUtcNow().UtcDateTime;
                        var value = rr.Next(1, 11);
                        db.MonitoringResponses.Add(new MonitoringResponse
                        {
                            Id = Guid.NewGuid(), StageId = stage.Id, QuestionnaireId = q.Id, RespondentRole = q.Audience, PersonId = q.IsAnonymous ? null : person.PersonId,
                            SubmittedAt = q.IsAnonymous ? null : a.CompletedAt, OrganizationId = stage.OrganizationId, MunicipalityId = stage.MunicipalityId, RegionId = stage.RegionId,
                            Answers = [.. q.Questions.Where(x => x.Kind == QuestionKind.Scale).Select((x, i) => new MonitoringAnswer { QuestionId = x.Id, Value = Math.Clamp(value + i % 3 - 1, 1, 10) })],
                        });
                        answered++;
                    }
                    if (assigned + answered == 0) return "анкеты уже есть";
                    await db.SaveChangesAsync();
                    return $"изменено: анкеты по паре {m.Id} ({stage.OpenedAt:yyyy-MM-dd HH:mm}): назначено {assigned.ToString(CultureInfo.InvariantCulture)}, ответов {answered.ToString(CultureInfo.InvariantCulture)}";
                });
            }),
        ];
        var weights = new Dictionary<string, int>
        {
            ["новая группа учитель–ученики"] = 3, ["новая пара учитель–учитель"] = 2, ["анкета удовлетворённости"] = 6, ["на утверждение"] = 2, ["утверждение приказом"] = 2, ["начало работы"] = 2, ["завершение"] = 3, ["от черновика до работы"] = 4,
        };
        return [.. ops.SelectMany(o => Enumerable.Repeat(o, weights.GetValueOrDefault(o.Item1, 1)))];
    }

    // ------------------------------------------------------------------ comparison

    private sealed record Expected(Dictionary<string, (int N, int D)> Lines, Dictionary<string, int> Roles, Dictionary<string, int> Statuses, (int Total, int Done, int Overdue) Roadmap,
        Dictionary<string, string> Rows);

    private async Task CompareAsync(World w, HttpClient municipal, HttpClient regional, string context)
    {
        var m = await ExpectedAsync(w, w.M1.Id, viewerMunicipality: w.M1.Id);
        var mPage = Parser.ParseDocument(await municipal.GetHtmlAsync("/indicators"));
        AssertPage(mPage, m, municipalTable: true, "муниципальный\n" + context);
        AssertSatisfaction(mPage, await ExpectedSatisfactionAsync(w, w.M1.Id), "муниципальный\n" + context);
        var r = await ExpectedAsync(w, null, viewerMunicipality: null);
        var rPage = Parser.ParseDocument(await regional.GetHtmlAsync("/indicators"));
        AssertPage(rPage, r, municipalTable: false, "региональный\n" + context);
        AssertSatisfaction(rPage, await ExpectedSatisfactionAsync(w, null), "региональный\n" + context);
    }

    // ------------------------------------------------------------------ satisfaction

    /// <summary>What the satisfaction tables should say: per questionnaire title (score, responses, rate), and per row (name → its cells).</summary>
    private sealed record ExpectedSatisfaction(Dictionary<string, string> Totals, Dictionary<string, string> Rows);

    /// <summary>How many times a page was checked with an average shown / with «мало ответов» (the random run must reach both).</summary>
    private int _averagesSeen, _tooFewSeen;

    private void AssertSatisfaction(IDocument doc, ExpectedSatisfaction e, string context)
    {
        _averagesSeen += e.Totals.Values.Count(v => v.Contains(" из 10 |", StringComparison.Ordinal));
        _tooFewSeen += e.Totals.Values.Count(v => v.StartsWith("мало ответов", StringComparison.Ordinal));
        static string Text(IElement el) => string.Join(' ', el.TextContent.Split(default(char[]), StringSplitOptions.RemoveEmptyEntries));
        var totals = doc.QuerySelector("table.satisfaction")?.QuerySelectorAll("tbody tr")
            .ToDictionary(tr => Text(tr.Children[0]), tr => $"{Text(tr.Children[2])} | {Text(tr.Children[4])} | {Text(tr.Children[5])}") ?? [];
        Assert.True(e.Totals.Count == totals.Count && e.Totals.All(x => totals.GetValueOrDefault(x.Key) == x.Value),
            $"удовлетворённость:\nна странице {string.Join("; ", totals.OrderBy(x => x.Key).Select(x => x.Key + ": " + x.Value))}\nпо SQL {string.Join("; ", e.Totals.OrderBy(x => x.Key).Select(x => x.Key + ": " + x.Value))}\n{context}");
        var table = doc.QuerySelector("table.satisfaction-rows");
        var rows = table?.QuerySelectorAll("tbody tr").ToDictionary(tr => Text(tr.Children[0]), tr => string.Join(" | ", tr.Children.Skip(1).Select(Text))) ?? [];
        if (table is not null)
        {
            // Columns are the questionnaires in the page's order; put the expectation in that order too.
            var order = table.QuerySelectorAll("thead th").Skip(1).Select(Text).ToList();
            rows = rows.ToDictionary(x => x.Key, x => string.Join(" | ", order.Zip(x.Value.Split(" | ")).OrderBy(p => p.First, StringComparer.Ordinal).Select(p => p.Second)));
        }
        Assert.True(e.Rows.Count == rows.Count && e.Rows.All(x => rows.GetValueOrDefault(x.Key) == x.Value),
            $"удовлетворённость по строкам:\nна странице {string.Join("; ", rows.OrderBy(x => x.Key).Select(x => x.Key + ": " + x.Value))}\nпо SQL {string.Join("; ", e.Rows.OrderBy(x => x.Key).Select(x => x.Key + ": " + x.Value))}\n{context}");
    }

    /// <summary>
    /// Satisfaction by hand-written SQL: per questionnaire and organisation the assignments, completions, people and
    /// scale answers of the stages opened from 1 January to the end of today; then the small-numbers rule, written
    /// here again from its description (a school's average with at least 3 people; a total over the shown parts, and
    /// over everything when the rest is at least 3 people).
    /// </summary>
    private async Task<ExpectedSatisfaction> ExpectedSatisfactionAsync(World w, int? municipality)
    {
        var ru = CultureInfo.GetCultureInfo("ru-RU");
        return await app.WithDbAsync(async db =>
        {
            var conn = db.Database.GetDbConnection();
            await conn.OpenAsync();
            var orgFilter = "o.\"RegionId\" = @r AND NOT o.\"IsArchived\" AND o.\"Kind\" NOT IN ('Partner', 'MethodCenter')" + (municipality is null ? "" : " AND o.\"MunicipalityId\" = @m");
            const string window = "s.\"OpenedAt\" >= @from AND s.\"OpenedAt\" < @to";
            const string satisfaction = "q.\"Kind\" = 'Survey' AND q.\"Audience\" IN ('Mentee', 'Mentor') AND EXISTS (SELECT 1 FROM \"Questions\" x WHERE x.\"QuestionnaireId\" = q.\"Id\" AND x.\"Kind\" = 'Scale')";
            var assigned = await Rows(conn, $"""
                SELECT a."QuestionnaireId", q."Title", a."OrganizationId", o."Name", o."MunicipalityId", mu."Name", COUNT(*),
                  SUM(CASE WHEN a."CompletedAt" IS NOT NULL THEN 1 ELSE 0 END), COUNT(DISTINCT CASE WHEN a."CompletedAt" IS NOT NULL THEN a."PersonId" END)
                FROM "MonitoringAssignments" a JOIN "MonitoringStages" s ON s."Id" = a."StageId" JOIN "Questionnaires" q ON q."Id" = a."QuestionnaireId"
                  JOIN "Organizations" o ON o."Id" = a."OrganizationId" JOIN "Municipalities" mu ON mu."Id" = o."MunicipalityId"
                WHERE {window} AND a."Audience" IN ('Mentee', 'Mentor') AND {satisfaction} AND {orgFilter}
                GROUP BY a."QuestionnaireId", q."Title", a."OrganizationId", o."Name", o."MunicipalityId", mu."Name"
                """, w, municipality, null);
            var responses = (await Rows(conn, $"""
                SELECT r."QuestionnaireId", r."OrganizationId", COUNT(*) FROM "MonitoringResponses" r JOIN "MonitoringStages" s ON s."Id" = r."StageId"
                  JOIN "Questionnaires" q ON q."Id" = r."QuestionnaireId" JOIN "Organizations" o ON o."Id" = r."OrganizationId"
                WHERE {window} AND {satisfaction} AND {orgFilter} GROUP BY r."QuestionnaireId", r."OrganizationId"
                """, w, municipality, null)).ToDictionary(x => (I(x[0]), I(x[1])), x => I(x[2]));
            var answers = (await Rows(conn, $"""
                SELECT r."QuestionnaireId", r."OrganizationId", COUNT(*), SUM(an."Value")
                FROM "MonitoringAnswers" an JOIN "MonitoringResponses" r ON r."Id" = an."ResponseId" JOIN "MonitoringStages" s ON s."Id" = r."StageId"
                  JOIN "Questions" x ON x."Id" = an."QuestionId" JOIN "Questionnaires" q ON q."Id" = r."QuestionnaireId" JOIN "Organizations" o ON o."Id" = r."OrganizationId"
                WHERE {window} AND x."Kind" = 'Scale' AND an."Value" IS NOT NULL AND {satisfaction} AND {orgFilter}
                GROUP BY r."QuestionnaireId", r."OrganizationId"
                """, w, municipality, null)).ToDictionary(x => (I(x[0]), I(x[1])), x => (N: I(x[2]), Sum: Convert.ToInt64(x[3], CultureInfo.InvariantCulture)));

            var parts = assigned.Select(x => new
            {
                Q = I(x[0]), Title = S(x[1]), Org = I(x[2]), OrgName = S(x[3]), Mun = I(x[4]), MunName = S(x[5]), Assigned = I(x[6]), Completed = I(x[7]), People = I(x[8]),
                Responses = responses.GetValueOrDefault((I(x[0]), I(x[2]))), Answers = answers.GetValueOrDefault((I(x[0]), I(x[2]))),
            }).ToList();
            // The rule: which organisations an average takes in.
            List<T> Municipal<T>(List<T> inM, Func<T, int> weight) where T : class
            {
                var shown = inM.Where(p => weight(p) >= 3).ToList();
                return inM.Except(shown).Sum(weight) >= 3 ? inM : shown;
            }
            string Cell<T>(List<T> all, List<T> counted, Func<T, int> responsesOf, Func<T, (int N, long Sum)> answersOf) where T : class
            {
                var n = all.Sum(responsesOf);
                if (n == 0) return "нет ответов";
                if (counted.Count == 0 || counted.Sum(p => answersOf(p).N) == 0) return "мало ответов";
                return ((double)counted.Sum(p => answersOf(p).Sum) / counted.Sum(p => answersOf(p).N)).ToString("0.0", ru) + " из 10";
            }
            string Rate(int done, int all) => $"{done.ToString(ru)} из {all.ToString(ru)} ({(100.0 * done / all).ToString("0.0", ru)} %)";

            var totals = new Dictionary<string, string>();
            var rows = new Dictionary<string, string>();
            var titles = parts.Select(p => (p.Q, p.Title)).Distinct().OrderBy(t => t.Title, StringComparer.Ordinal).ToList();
            foreach (var (q, title) in titles)
            {
                var ofQ = parts.Where(p => p.Q == q).ToList();
                var counted = municipality is not null
                    ? Municipal(ofQ, p => Math.Min(p.Responses, p.People))
                    : ofQ.GroupBy(p => p.Mun).SelectMany(g => Municipal(g.ToList(), p => Math.Min(p.Responses, p.People))).ToList() is var fromMunicipalities
                        && ofQ.Except(fromMunicipalities).Sum(p => Math.Min(p.Responses, p.People)) >= 3 ? ofQ : fromMunicipalities;
                totals[title] = $"{Cell(ofQ, counted, p => p.Responses, p => p.Answers)} | {ofQ.Sum(p => p.Responses).ToString(ru)} | {Rate(ofQ.Sum(p => p.Completed), ofQ.Sum(p => p.Assigned))}";
            }
            // Rows one level down: organisations of a municipality, municipalities of a region; a cell per questionnaire (in title order).
            var groups = municipality is not null
                ? parts.GroupBy(p => (Key: p.Org, Name: p.OrgName)).ToList()
                : parts.GroupBy(p => (Key: p.Mun, Name: p.MunName)).ToList();
            foreach (var g in groups)
            {
                var cells = titles.Select(t =>
                {
                    var inG = g.Where(p => p.Q == t.Q).ToList();
                    var counted = municipality is not null ? (inG.Sum(p => Math.Min(p.Responses, p.People)) >= 3 ? inG : []) : Municipal(inG, p => Math.Min(p.Responses, p.People));
                    return $"{Cell(inG, counted, p => p.Responses, p => p.Answers)} ({inG.Sum(p => p.Responses).ToString(ru)})";
                });
                rows[g.Key.Name] = string.Join(" | ", cells);
            }
            return new ExpectedSatisfaction(totals, rows);
        });
    }

    private static void AssertPage(IDocument doc, Expected e, bool municipalTable, string context)
    {
        var lines = doc.QuerySelectorAll("table").First(t => t.QuerySelector("caption")?.TextContent == "Показатели эффективности").QuerySelectorAll("tbody tr");
        foreach (var (name, (n, d)) in e.Lines)
        {
            var row = lines.First(tr => tr.Children[0].TextContent.Trim().StartsWith(name, StringComparison.Ordinal));
            Assert.True($"{n} / {d}" == row.Children[2].TextContent.Trim(), $"{name}: на странице {row.Children[2].TextContent.Trim()}, по SQL {n} / {d}\n{context}");
        }
        foreach (var (role, count) in e.Roles)
            Assert.True(count == ListValue(doc, "Участники по ролям", role), $"роль {role}: на странице {ListValue(doc, "Участники по ролям", role)}, по SQL {count}\n{context}");
        foreach (var status in Enum.GetValues<MentorshipStatus>())
        {
            var name = Formats.Name(status);
            Assert.True(e.Statuses.GetValueOrDefault(name) == ListValue(doc, "Пары и группы по состоянию", name),
                $"состояние {name}: на странице {ListValue(doc, "Пары и группы по состоянию", name)}, по SQL {e.Statuses.GetValueOrDefault(name)}\n{context}");
        }
        var roadmap = (ListValue(doc, "Дорожные карты", "Мероприятий"), ListValue(doc, "Дорожные карты", "Выполнено"), ListValue(doc, "Дорожные карты", "Просрочено"));
        Assert.True(e.Roadmap == roadmap, $"дорожные карты: на странице {roadmap}, по SQL {e.Roadmap}\n{context}");

        var table = doc.QuerySelectorAll("h2").First(h => h.TextContent == (municipalTable ? "Образовательные организации" : "Муниципалитеты")).NextElementSibling!;
        var shown = table.QuerySelectorAll("tbody tr").ToDictionary(tr => tr.Children[0].TextContent.Trim(),
            tr => municipalTable ? $"{Cell(tr, 1)} | {Cell(tr, 6)} | {Cell(tr, 7)}" : $"{Cell(tr, 1)} | {Cell(tr, 2)}");
        Assert.True(e.Rows.Count == shown.Count && e.Rows.All(x => shown.GetValueOrDefault(x.Key) == x.Value),
            $"строки таблицы:\nна странице {string.Join("; ", shown.OrderBy(x => x.Key).Select(x => x.Key + ": " + x.Value))}\nпо SQL {string.Join("; ", e.Rows.OrderBy(x => x.Key).Select(x => x.Key + ": " + x.Value))}\n{context}");
    }

    private static string Cell(IElement tr, int i) => string.Join(' ', tr.Children[i].TextContent.Split(default(char[]), StringSplitOptions.RemoveEmptyEntries));

    private static int ListValue(IDocument doc, string heading, string label)
    {
        var list = doc.QuerySelectorAll("h2").First(h => h.TextContent == heading).NextElementSibling!;
        var item = list.QuerySelectorAll("li").First(li => li.TextContent.Trim().StartsWith(label + ":", StringComparison.Ordinal));
        return int.Parse(item.TextContent.Trim()[(label.Length + 1)..].Trim(), CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// The figures by hand-written SQL (not the app's queries) for the level the viewer sees by default: one
    /// municipality for its coordinator, the whole region for the regional one. Visibility follows the tenant rules
    /// (a municipal coordinator sees the municipality's mentorships, events and roadmaps; the regional one the region's).
    /// </summary>
    private async Task<Expected> ExpectedAsync(World w, int? municipality, int? viewerMunicipality)
    {
        return await app.WithDbAsync(async db =>
        {
            var conn = db.Database.GetDbConnection();
            await conn.OpenAsync();
            var visibleM = viewerMunicipality is null ? "m.\"RegionId\" = @r" : "m.\"MunicipalityId\" = @vm";
            // A pair terminated after the date still counted on that date (a report for a past date gives what it gave then).
            const string counted = "(m.\"Status\" IN ('Approved', 'Active', 'Completed') OR (m.\"Status\" = 'Terminated' AND m.\"ClosedOn\" IS NOT NULL AND m.\"ClosedOn\" > @d)) " +
                "AND m.\"StartDate\" <= @d AND m.\"EndDate\" >= @y AND (m.\"ClosedOn\" IS NULL OR m.\"ClosedOn\" >= @y)";
            var orgFilter = "o.\"RegionId\" = @r AND NOT o.\"IsArchived\" AND o.\"Kind\" NOT IN ('Partner', 'MethodCenter')" + (municipality is null ? "" : " AND o.\"MunicipalityId\" = @m");

            var orgs = await Rows(conn, $"""
                SELECT o."Id", o."Name", o."Kind", o."MunicipalityId", mu."Name",
                  COALESCE((SELECT e."Pupils" FROM "OrganizationEnrolments" e WHERE e."OrganizationId" = o."Id" AND e."AsOf" <= @d ORDER BY e."AsOf" DESC LIMIT 1), o."PupilCount", 0),
                  COALESCE((SELECT e."Teachers" FROM "OrganizationEnrolments" e WHERE e."OrganizationId" = o."Id" AND e."AsOf" <= @d ORDER BY e."AsOf" DESC LIMIT 1), o."TeacherCount", 0)
                FROM "Organizations" o JOIN "Municipalities" mu ON mu."Id" = o."MunicipalityId" WHERE {orgFilter}
                """, w, municipality, viewerMunicipality);
            var orgIds = orgs.Select(o => I(o[0])).ToHashSet();
            var involved = (await Rows(conn, $"""
                SELECT DISTINCT p."Id", p."OrganizationId", p."Kind", mp."Role"
                FROM "MentorshipParticipants" mp JOIN "Mentorships" m ON m."Id" = mp."MentorshipId" JOIN "People" p ON p."Id" = mp."PersonId"
                WHERE {counted} AND {visibleM} AND NOT p."IsWithdrawn"
                """, w, municipality, viewerMunicipality)).Where(x => orgIds.Contains(I(x[1]))).ToList();
            var pairs = (await Rows(conn, $"SELECT m.\"Id\", m.\"OrganizationId\", m.\"Status\", CASE WHEN {counted} THEN 1 ELSE 0 END FROM \"Mentorships\" m WHERE {visibleM}", w, municipality, viewerMunicipality))
                .Where(x => orgIds.Contains(I(x[1]))).ToList();
            var contest = await Rows(conn, $"""
                SELECT ep."EventId", ep."PersonId" FROM "EventParticipants" ep JOIN "Events" e ON e."Id" = ep."EventId"
                WHERE e."Kind" = 'Contest' AND e."Title" LIKE '%дуэт%' AND e."StartsOn" >= @y AND e."StartsOn" <= @d AND {(viewerMunicipality is null ? "e.\"RegionId\" = @r" : "e.\"MunicipalityId\" = @vm")}
                """, w, municipality, viewerMunicipality);
            var participants = await Rows(conn, $"SELECT mp.\"MentorshipId\", mp.\"PersonId\", mp.\"Role\" FROM \"MentorshipParticipants\" mp JOIN \"Mentorships\" m ON m.\"Id\" = mp.\"MentorshipId\" WHERE {counted} AND {visibleM}",
                w, municipality, viewerMunicipality);
            var roadmap = await Rows(conn, $"""
                SELECT i."Status", i."DueEnd", r."OrganizationId", r."MunicipalityId" FROM "RoadmapItems" i JOIN "Roadmaps" r ON r."Id" = i."RoadmapId"
                WHERE i."Status" <> 'Cancelled' AND {(viewerMunicipality is null ? "r.\"RegionId\" = @r" : "r.\"MunicipalityId\" = @vm")}
                """, w, municipality, viewerMunicipality);

            int PupilsOf(int org) => involved.Where(x => I(x[1]) == org && S(x[2]) == "Pupil" && S(x[3]) != "Mentor").Select(x => I(x[0])).Distinct().Count();
            int TeachersOf(int org) => involved.Where(x => I(x[1]) == org && S(x[2]) == "Teacher").Select(x => I(x[0])).Distinct().Count();
            int PairsOf(int org) => pairs.Count(x => I(x[1]) == org && Convert.ToInt32(x[3], CultureInfo.InvariantCulture) == 1);
            var eventsOf = contest.GroupBy(x => I(x[1])).ToDictionary(g => g.Key, g => g.Select(x => I(x[0])).ToHashSet());
            var countedInOrgs = pairs.Where(x => Convert.ToInt32(x[3], CultureInfo.InvariantCulture) == 1).ToDictionary(x => I(x[0]), x => I(x[1]));
            var duet = participants.Where(x => countedInOrgs.ContainsKey(I(x[0]))).GroupBy(x => I(x[0]))
                .Where(g => g.Where(x => S(x[2]) == "Mentor").SelectMany(x => eventsOf.GetValueOrDefault(I(x[1])) ?? [])
                    .Intersect(g.Where(x => S(x[2]) != "Mentor").SelectMany(x => eventsOf.GetValueOrDefault(I(x[1])) ?? [])).Any())
                .Count();
            var schools = orgs.Where(o => S(o[2]) == "School").Select(o => I(o[0])).ToList();
            var municipalities = orgs.Select(o => I(o[3])).ToHashSet();
            var items = roadmap.Where(x => x[2] is not null ? orgIds.Contains(I(x[2])) : municipalities.Contains(I(x[3]))).ToList();

            var lines = new Dictionary<string, (int, int)>
            {
                ["Доля обучающихся, вовлечённых"] = (orgIds.Sum(PupilsOf), orgs.Sum(o => Convert.ToInt32(o[5], CultureInfo.InvariantCulture))),
                ["Доля педагогов, вовлечённых"] = (orgIds.Sum(TeachersOf), orgs.Sum(o => Convert.ToInt32(o[6], CultureInfo.InvariantCulture))),
                ["Доля школ, реализующих"] = (schools.Count(s => PairsOf(s) > 0), schools.Count),
                ["Доля наставнических пар, участвовавших"] = (duet, orgIds.Sum(PairsOf)),
            };
            var roles = new Dictionary<string, int>
            {
                [Formats.Name(ParticipantRole.Mentor)] = involved.Where(x => S(x[3]) == "Mentor").Select(x => I(x[0])).Distinct().Count(),
                [Formats.Name(ParticipantRole.Mentee)] = involved.Where(x => S(x[3]) == "Mentee").Select(x => I(x[0])).Distinct().Count(),
                [Formats.Name(ParticipantRole.Peer)] = involved.Where(x => S(x[3]) == "Peer").Select(x => I(x[0])).Distinct().Count(),
            };
            var statuses = pairs.GroupBy(x => Formats.Name(Enum.Parse<MentorshipStatus>(S(x[2])))).ToDictionary(g => g.Key, g => g.Count());
            var done = items.Count(x => S(x[0]) == "Done");
            var overdue = items.Count(x => S(x[0]) != "Done" && x[1] is not null && AsDate(x[1]) < Today);
            var rows = municipality is not null
                ? orgs.ToDictionary(o => S(o[1]), o => $"{PupilsOf(I(o[0]))} / {o[5]} | {TeachersOf(I(o[0]))} / {o[6]} | {PairsOf(I(o[0]))}")
                : orgs.GroupBy(o => S(o[4])).ToDictionary(g => g.Key,
                    g => $"{g.Count()} | {g.Sum(o => PupilsOf(I(o[0])))} / {g.Sum(o => Convert.ToInt32(o[5], CultureInfo.InvariantCulture))}");
            return new Expected(lines, roles, statuses, (items.Count, done, overdue), rows);
        });
    }

    private static int I(object? v) => Convert.ToInt32(v, CultureInfo.InvariantCulture);
    private static string S(object? v) => (string)v!;

    private static DateOnly AsDate(object? v) => v switch
    {
        DateOnly d => d,
        DateTime dt => DateOnly.FromDateTime(dt),
        string s => DateOnly.ParseExact(s, "yyyy-MM-dd", CultureInfo.InvariantCulture),
        _ => throw new InvalidOperationException(v?.GetType().Name),
    };

    private static async Task<List<object?[]>> Rows(DbConnection conn, string sql, World w, int? municipality, int? viewerMunicipality)
    {
        await using var cmd = conn.CreateCommand();
        cmd.CommandText = sql;
        void P(string name, object value)
        {
            var p = cmd.CreateParameter();
            p.ParameterName = name;
            p.Value = value;
            cmd.Parameters.Add(p);
        }
        P("@r", w.Region.Id);
        P("@m", municipality ?? 0);
        P("@vm", viewerMunicipality ?? 0);
        P("@d", Today);
        P("@y", YearStart);
        P("@from", new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc));
        P("@to", new DateTime(2026, 11, 24, 0, 0, 0, DateTimeKind.Utc));
        var list = new List<object?[]>();
        await using var r = await cmd.ExecuteReaderAsync();
        while (await r.ReadAsync())
        {
            var row = new object?[r.FieldCount];
            for (var i = 0; i < row.Length; i++)
                row[i] = r.IsDBNull(i) ? null : r.GetValue(i) is long l && l <= int.MaxValue && l >= int.MinValue ? (int)l : r.GetValue(i);
            list.Add(row);
        }
        return list;
    }
}
