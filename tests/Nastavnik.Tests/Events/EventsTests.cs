using System.Net;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Validation;
using Microsoft.EntityFrameworkCore;
using Nastavnik.Features.Events;
using Nastavnik.Platform.Auth;
using Nastavnik.Tests.People;

namespace Nastavnik.Tests.Events;

public sealed class EventsTests(TestApp app) : IClassFixture<TestApp>
{
    /// <summary>The check: «Педагогический дуэт» run as a contest with three pairs registered and a winner recorded.</summary>
    [Fact]
    public async Task PedagogicalDuet_ThreePairs_WinnerRecordedAndAwarded()
    {
        var m = await app.CreateMunicipalityAsync();
        var org = await app.CreateOrganizationAsync(m);
        var people = new List<int>();
        for (var i = 0; i < 6; i++) people.Add((await app.CreatePersonAsync(org, $"Дуэтова{i}", mentor: i % 2 == 0, mentee: i % 2 == 1)).Id);
        var coordinator = await app.LoginAsAsync(Role.MunicipalCoordinator, municipality: m);

        var created = await coordinator.PostFormAsync("/events/edit", new()
        {
            ["Input.Owner"] = $"m:{m.Id}", ["Input.Kind"] = "Contest", ["Input.Title"] = "Муниципальный конкурс «Педагогический дуэт»",
            ["Input.StartsOn"] = "2027-03-15", ["Input.Audience"] = "Молодые специалисты, педагоги-наставники",
        });
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        var card = created.Headers.Location!.OriginalString;
        for (var i = 0; i < 6; i++)
        {
            var r = await coordinator.PostFormAsync(card + "?handler=Register", new() { ["personId"] = people[i].ToString(), ["team"] = $"Пара {i / 2 + 1}" }, formPage: card);
            Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);
        }
        var dup = await coordinator.PostFormAsync(card + "?handler=Register", new() { ["personId"] = people[0].ToString() }, formPage: card);
        Assert.Contains("уже зарегистрирован", await coordinator.GetHtmlAsync(dup.Headers.Location!.OriginalString));

        var eventId = int.Parse(card.Split('/')[^1]);
        var rows = await app.WithDbAsync(db => db.EventParticipants.Where(p => p.EventId == eventId).OrderBy(p => p.Team).ThenBy(p => p.Id).ToListAsync());
        var form = new Dictionary<string, string>();
        foreach (var (p, i) in rows.Select((p, i) => (p, i)))
        {
            form[$"ids[{i}]"] = p.Id.ToString();
            form[$"attended[{i}]"] = p.Id.ToString();
            form[$"place[{p.Id}]"] = p.Team == "Пара 2" ? "1" : p.Team == "Пара 1" ? "2" : "";
            form[$"result[{p.Id}]"] = p.Team == "Пара 2" ? "победитель" : "";
        }
        var saved = await coordinator.PostFormAsync(card + "?handler=Results", form, formPage: card);
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var winners = await app.WithDbAsync(db => db.EventParticipants.Where(p => p.EventId == eventId && p.Place == 1).Select(p => p.Team).ToListAsync());
        Assert.Equal(["Пара 2", "Пара 2"], winners);

        await coordinator.PostFormAsync(card + "?handler=AwardWinners", [], formPage: card);
        var awards = await app.WithDbAsync(db => db.Awards.Where(a => a.EventId == eventId).ToListAsync());
        Assert.Equal(4, awards.Count);
        Assert.Contains(awards, a => a.Title.StartsWith("Победитель: Муниципальный конкурс «Педагогический дуэт»", StringComparison.Ordinal));

        var order = await coordinator.PostFormAsync("/events/awards?handler=Order", new() { ["Order.Number"] = "45-од", ["Order.Date"] = "2027-03-20", ["Order.Signer"] = "Начальник управления И. И. Иванова" }, formPage: "/events/awards");
        Assert.Equal(HttpStatusCode.OK, order.StatusCode);
        var bytes = await order.Content.ReadAsByteArrayAsync();
        await using var docx = new MemoryStream(bytes);
        using var doc = WordprocessingDocument.Open(docx, false);
        var problems = new OpenXmlValidator().Validate(doc).Select(e => e.Description + " @ " + e.Path?.XPath).ToList();
        Assert.True(problems.Count == 0, string.Join("\n", problems));
        var text = doc.MainDocumentPart!.Document.InnerText;
        Assert.Contains("О поощрении участников наставнической деятельности", text);
        Assert.Contains("Дуэтова2 Мария Петровна", text);
        Assert.True(await app.WithDbAsync(db => db.Awards.Where(a => a.EventId == eventId).AllAsync(a => a.OrderNumber == "45-од")));
    }

    [Fact]
    public async Task Calendar_MonthAndIcal_ShowEvent_SchoolSeesMunicipalEvent_OtherMunicipalityDoesNot()
    {
        var region = await app.CreateRegionAsync();
        var m = await app.CreateMunicipalityAsync(region);
        var org = await app.CreateOrganizationAsync(m);
        var other = await app.CreateOrganizationAsync(await app.CreateMunicipalityAsync(region));
        var coordinator = await app.LoginAsAsync(Role.MunicipalCoordinator, municipality: m);
        var created = await coordinator.PostFormAsync("/events/edit", new()
        {
            ["Input.Owner"] = $"m:{m.Id}", ["Input.Kind"] = "Seminar", ["Input.Title"] = "Семинар-практикум «Мой урок по ФГОС»", ["Input.StartsOn"] = "2027-01-20",
            ["Input.StartsAt"] = "14:30", ["Input.Audience"] = "Молодые педагоги", ["Input.Place"] = "МУ «Методический кабинет», ауд. 5",
        });
        var id = created.Headers.Location!.OriginalString.Split('/')[^1];

        var mentor = await app.LoginAsAsync(Role.Mentor, organization: org);
        Assert.Contains("Мой урок по ФГОС", await mentor.GetHtmlAsync("/events?view=month&month=2027-01"));
        Assert.Contains("Мой урок по ФГОС", await mentor.GetHtmlAsync("/events?audience=" + Uri.EscapeDataString("молодые")));
        var ics = await mentor.GetStringAsync("/events?handler=Ical");
        Assert.Contains("BEGIN:VEVENT", ics);
        // 14:30 school time goes out in UTC, so no calendar reads it as its own zone's 14:30.
        Assert.Contains("DTSTART:" + Nastavnik.Features.Events.Ical.Utc(new DateOnly(2027, 1, 20), new TimeOnly(14, 30), TimeZoneInfo.Local), ics);
        Assert.Matches("DTSTART:\\d{8}T\\d{6}Z\r\n", ics);
        Assert.Contains("Мой урок по ФГОС", ics.Replace("\r\n ", "", StringComparison.Ordinal));

        var stranger = await app.LoginAsAsync(Role.Curator, organization: other);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync($"/events/card/{id}")).StatusCode);
        Assert.DoesNotContain("Мой урок по ФГОС", await stranger.GetHtmlAsync("/events?view=month&month=2027-01"));
    }

    [Fact]
    public async Task EventForm_BadInput_RussianMessages()
    {
        var m = await app.CreateMunicipalityAsync();
        var coordinator = await app.LoginAsAsync(Role.MunicipalCoordinator, municipality: m);
        var r = await coordinator.PostFormAsync("/events/edit", new()
        {
            ["Input.Owner"] = $"m:{m.Id}", ["Input.Kind"] = "Course", ["Input.Title"] = "", ["Input.StartsOn"] = "2027-02-10", ["Input.EndsOn"] = "2027-02-01", ["Input.Link"] = "не ссылка",
        });
        var html = await r.Content.ReadAsStringAsync();
        Assert.Contains("Заполните поле «Название».", html);
        Assert.Contains("Мероприятие не может закончиться раньше, чем начнётся.", html);
        Assert.Contains("Для курсов повышения квалификации укажите число часов.", html);
        Assert.Contains("должно содержать адрес, начинающийся с http://", html);
    }

    [Fact]
    public async Task ConsultationLog_AddsEntry_FutureDateRefused()
    {
        var m = await app.CreateMunicipalityAsync();
        var tutor = await app.LoginAsAsync(Role.Tutor, municipality: m);
        var bad = await tutor.PostFormAsync("/events/consultations", new()
        {
            ["Input.Owner"] = $"m:{m.Id}", ["Input.HeldOn"] = "2030-01-01", ["Input.Consultant"] = "Тьютор Соколова И. П.", ["Input.Consulted"] = "Кураторы школ", ["Input.Topic"] = "ИОМ",
        });
        Assert.Contains("дата в будущем", await bad.Content.ReadAsStringAsync());
        var ok = await tutor.PostFormAsync("/events/consultations", new()
        {
            ["Input.Owner"] = $"m:{m.Id}", ["Input.HeldOn"] = "2026-11-20", ["Input.Consultant"] = "Тьютор Соколова И. П.", ["Input.Consulted"] = "Кураторы школ",
            ["Input.Topic"] = "Разработка индивидуальных образовательных маршрутов", ["Input.Format"] = "онлайн",
        });
        Assert.Equal(HttpStatusCode.Redirect, ok.StatusCode);
        Assert.Contains("Разработка индивидуальных образовательных маршрутов", await tutor.GetHtmlAsync("/events/consultations"));
    }

    [Fact]
    public async Task CalendarFeed_PersonalLink_WorksWithoutCookies_ShowsOwnScope_ReissueRevokes()
    {
        var region = await app.CreateRegionAsync();
        var m = await app.CreateMunicipalityAsync(region);
        var org = await app.CreateOrganizationAsync(m);
        var otherM = await app.CreateMunicipalityAsync(region);
        await app.WithDbAsync(async db =>
        {
            db.Events.Add(new Event { RegionId = region.Id, MunicipalityId = m.Id, Kind = EventKind.Webinar, Title = "Вебинар для наставников района", StartsOn = new DateOnly(2027, 2, 3) });
            db.Events.Add(new Event { RegionId = region.Id, MunicipalityId = otherM.Id, Kind = EventKind.Webinar, Title = "Чужой вебинар", StartsOn = new DateOnly(2027, 2, 4) });
            await db.SaveChangesAsync();
        });
        var mentor = await app.LoginAsAsync(Role.Mentor, organization: org);
        var html = await (await mentor.PostFormAsync("/events/feedlink", [])).Content.ReadAsStringAsync();
        var url = System.Text.RegularExpressions.Regex.Match(html, "(http://[^<\\s]+/events/feed\\?token=[A-Za-z0-9_-]+)").Groups[1].Value;
        Assert.NotEmpty(url);
        var anonymous = app.NewClient();
        var ics = await anonymous.GetStringAsync(new Uri(url).PathAndQuery);
        Assert.Contains("Вебинар для наставников района", ics.Replace("\r\n ", "", StringComparison.Ordinal));
        Assert.DoesNotContain("Чужой вебинар", ics);

        await mentor.PostFormAsync("/events/feedlink", []);
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync(new Uri(url).PathAndQuery)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync("/events/feed?token=garbage")).StatusCode);
    }

    [Fact]
    public async Task SeriesEvent_ExtraDaysInMonthAndIcs_BadDatesRefused()
    {
        var m = await app.CreateMunicipalityAsync();
        var coordinator = await app.LoginAsAsync(Role.MunicipalCoordinator, municipality: m);
        var bad = await coordinator.PostFormAsync("/events/edit", new()
        {
            ["Input.Owner"] = $"m:{m.Id}", ["Input.Kind"] = "Seminar", ["Input.Title"] = "Серия семинаров", ["Input.StartsOn"] = "2026-11-29", ["Input.ExtraDates"] = "24.01.2027, завтра",
        });
        Assert.Contains("Перечислите даты в виде 15.11.2026, 20.01.2027.", await bad.Content.ReadAsStringAsync());
        var ok = await coordinator.PostFormAsync("/events/edit", new()
        {
            ["Input.Owner"] = $"m:{m.Id}", ["Input.Kind"] = "Seminar", ["Input.Title"] = "Серия семинаров «Мой урок»", ["Input.StartsOn"] = "2026-11-29",
            ["Input.ExtraDates"] = "24.01.2027, 14.02.2027",
        });
        Assert.Equal(HttpStatusCode.Redirect, ok.StatusCode);
        Assert.Contains("Серия семинаров «Мой урок»", await coordinator.GetHtmlAsync("/events?view=month&month=2027-02"));
        Assert.DoesNotContain("Серия семинаров «Мой урок»", await coordinator.GetHtmlAsync("/events?view=month&month=2026-12"));
        var ics = (await coordinator.GetStringAsync("/events?handler=Ical")).Replace("\r\n ", "", StringComparison.Ordinal);
        Assert.Contains("DTSTART;VALUE=DATE:20270214", ics);
        Assert.Equal(3, ics.Split("SUMMARY:Семинар: Серия семинаров").Length - 1);
    }
}
