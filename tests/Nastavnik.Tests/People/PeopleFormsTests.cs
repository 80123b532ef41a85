using System.Net;
using AngleSharp.Html.Parser;
using Microsoft.EntityFrameworkCore;
using Nastavnik.Features.Consents;
using Nastavnik.Features.People;
using Nastavnik.Platform.Auth;

namespace Nastavnik.Tests.People;

/// <summary>
/// The people forms posted the way a browser posts them: every field the page renders, as rendered, with one or two
/// changed. (A hand-made dictionary of fields hid that an edit never saved: the page itself never posts "Consent.*".)
/// </summary>
public sealed class PeopleFormsTests(TestApp app) : IClassFixture<TestApp>
{
    [Fact]
    public async Task EditTeacher_AsRenderedWithChanges_Saved_Audited()
    {
        var org = await app.CreateOrganizationAsync();
        var teacher = await app.CreatePersonAsync(org, "Редактова", mentor: true);
        var curator = await app.LoginAsAsync(Role.Curator, organization: org);
        var url = $"/people/edit/{teacher.Id}";
        var form = await BrowserForm.ReadAsync(curator, url);
        form.Set("Input.Phone", "+7 913 555-12-34");
        form.Set("Input.Position", "учитель физики");
        form.Set("Input.TotalExperienceYears", "12");
        form.Set("Input.PedagogicalExperienceYears", "10");
        var r = await form.PostAsync(curator, url);
        Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);
        Assert.Equal($"/people/card/{teacher.Id}", r.Headers.Location?.OriginalString);

        var saved = await app.WithDbAsync(db => db.People.Include(p => p.Mentor).SingleAsync(p => p.Id == teacher.Id));
        Assert.Equal("+7 913 555-12-34", saved.Phone);
        Assert.Equal("учитель физики", saved.Position);
        Assert.Equal(12, saved.TotalExperienceYears);
        Assert.Equal(10, saved.PedagogicalExperienceYears);
        Assert.Equal("Редактова", saved.LastName);
        Assert.NotNull(saved.Mentor);
        Assert.NotEqual(teacher.Version, saved.Version);
        Assert.True(await app.WithDbAsync(db => db.AuditEntries.AnyAsync(a => a.Action == "update" && a.EntityType == "person" && a.EntityId == teacher.Id.ToString())));
        Assert.Contains("Изменения сохранены.", await curator.GetHtmlAsync($"/people/card/{teacher.Id}"));
    }

    [Fact]
    public async Task EditMinorPupilWithGuardian_AsRenderedWithChanges_Saved()
    {
        var org = await app.CreateOrganizationAsync();
        var pupil = await app.CreatePersonAsync(org, "Ученикова", kind: PersonKind.Pupil, birthDate: new DateOnly(2013, 5, 4), guardian: "Ученикова Ольга Ивановна", mentee: true);
        var curator = await app.LoginAsAsync(Role.Curator, organization: org);
        var url = $"/people/edit/{pupil.Id}";
        var form = await BrowserForm.ReadAsync(curator, url);
        Assert.Equal("Ученикова Ольга Ивановна", form.Get("Input.GuardianName"));
        form.Set("Input.Phone", "+7 900 111-22-33");
        form.Set("Input.ClassName", "7Б");
        form.Set("Input.GuardianPhone", "+7 900 444-55-66");
        form.Set("Input.Request", "подготовка к олимпиаде");
        var r = await form.PostAsync(curator, url);
        Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);

        var saved = await app.WithDbAsync(db => db.People.Include(p => p.Mentee).SingleAsync(p => p.Id == pupil.Id));
        Assert.Equal("+7 900 111-22-33", saved.Phone);
        Assert.Equal("7Б", saved.ClassName);
        Assert.Equal("+7 900 444-55-66", saved.GuardianPhone);
        Assert.Equal("Ученикова Ольга Ивановна", saved.GuardianName);
        Assert.Equal("подготовка к олимпиаде", saved.Mentee!.Request);
        Assert.True(await app.WithDbAsync(db => db.AuditEntries.AnyAsync(a => a.Action == "update" && a.EntityType == "person" && a.EntityId == pupil.Id.ToString())));
    }

    [Fact]
    public async Task EditWithInvalidInput_ShowsEveryErrorInSummary_NothingSaved()
    {
        var org = await app.CreateOrganizationAsync();
        var teacher = await app.CreatePersonAsync(org, "Ошибкина");
        var curator = await app.LoginAsAsync(Role.Curator, organization: org);
        var url = $"/people/edit/{teacher.Id}";
        var form = await BrowserForm.ReadAsync(curator, url);
        form.Set("Input.LastName", "");
        form.Set("Input.TotalExperienceYears", "5");
        form.Set("Input.PedagogicalExperienceYears", "9");
        var r = await form.PostAsync(curator, url);
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        var doc = new HtmlParser().ParseDocument(await r.Content.ReadAsStringAsync());
        var summary = doc.QuerySelector(".validation-summary-errors")?.TextContent ?? "";
        Assert.Contains("Фамилия", summary);
        Assert.Equal("Ошибкина", await app.WithDbAsync(db => db.People.Where(p => p.Id == teacher.Id).Select(p => p.LastName).SingleAsync()));
    }

    [Fact]
    public async Task Card_AddDeficit_AsRendered_Saved_WithSourceAndDate()
    {
        var org = await app.CreateOrganizationAsync();
        var teacher = await app.CreatePersonAsync(org, "Дефицитная");
        var curator = await app.LoginAsAsync(Role.Curator, organization: org);
        var card = $"/people/card/{teacher.Id}";
        var competency = await app.WithDbAsync(db => db.Competencies.FirstAsync(c => c.Name == "Классное руководство"));
        var form = await BrowserForm.ReadAsync(curator, card, "AddDeficit");
        form.Set("NewDeficit.CompetencyId", competency.Id.ToString());
        form.Set("NewDeficit.Source", nameof(DeficitSource.Diagnostics));
        form.Set("NewDeficit.IdentifiedOn", "2026-10-15");
        form.Set("NewDeficit.Note", "по итогам РИКУ");
        var r = await form.PostAsync(curator, card + "?handler=AddDeficit");
        Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);
        var d = await app.WithDbAsync(db => db.Deficits.SingleAsync(x => x.PersonId == teacher.Id));
        Assert.Equal(competency.Id, d.CompetencyId);
        Assert.Equal(DeficitSource.Diagnostics, d.Source);
        Assert.Equal(new DateOnly(2026, 10, 15), d.IdentifiedOn);
        Assert.Equal("по итогам РИКУ", d.Note);
        var html = await curator.GetHtmlAsync(card);
        Assert.Contains("Дефицит добавлен.", html);
        Assert.Contains("Классное руководство", html);

        // Nothing chosen: a Russian message, nothing stored.
        var empty = await BrowserForm.ReadAsync(curator, card, "AddDeficit");
        empty.Set("NewDeficit.IdentifiedOn", "2099-01-01");
        var bad = await empty.PostAsync(curator, card + "?handler=AddDeficit");
        Assert.Equal(HttpStatusCode.OK, bad.StatusCode);
        var badHtml = await bad.Content.ReadAsStringAsync();
        Assert.Contains("Дата выявления не может быть в будущем.", badHtml);
        Assert.Contains("Компетенция", new HtmlParser().ParseDocument(badHtml).QuerySelector(".validation-summary-errors")?.TextContent ?? "");
        Assert.Equal(1, await app.WithDbAsync(db => db.Deficits.CountAsync(x => x.PersonId == teacher.Id)));
    }

    [Theory]
    [InlineData(nameof(ConsentKind.HealthData))]
    [InlineData(nameof(ConsentKind.MentorDuties))]
    public async Task Card_RegisterConsent_AsRendered_Saved(string kind)
    {
        var org = await app.CreateOrganizationAsync();
        var teacher = await app.CreatePersonAsync(org, "Согласнова", mentor: true);
        var curator = await app.LoginAsAsync(Role.Curator, organization: org);
        var card = $"/people/card/{teacher.Id}";
        var form = await BrowserForm.ReadAsync(curator, card, "AddConsent");
        form.Set("NewConsent.Kind", kind);
        form.Set("NewConsent.SignedOn", "2026-11-02");
        var r = await form.PostAsync(curator, card + "?handler=AddConsent");
        Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);
        var c = await app.WithDbAsync(db => db.Consents.SingleAsync(x => x.PersonId == teacher.Id && x.Kind == Enum.Parse<ConsentKind>(kind)));
        Assert.Equal(new DateOnly(2026, 11, 2), c.SignedOn);
        Assert.Equal(ConsentGiver.Subject, c.GivenBy);
        Assert.Contains("зарегистрировано", await curator.GetHtmlAsync(card));
    }

    [Fact]
    public async Task Card_RegisterMinorsConsent_GivenByTheGuardian_WrongInputInRussian()
    {
        var org = await app.CreateOrganizationAsync();
        var pupil = await app.CreatePersonAsync(org, "Малолеткина", kind: PersonKind.Pupil, birthDate: new DateOnly(2014, 2, 3), guardian: "Малолеткин Пётр Ильич");
        var curator = await app.LoginAsAsync(Role.Curator, organization: org);
        var card = $"/people/card/{pupil.Id}";

        var missing = await BrowserForm.ReadAsync(curator, card, "AddConsent");
        missing.Set("NewConsent.SignedOn", "2099-01-01");
        var bad = await missing.PostAsync(curator, card + "?handler=AddConsent");
        Assert.Equal(HttpStatusCode.OK, bad.StatusCode);
        var badHtml = await bad.Content.ReadAsStringAsync();
        Assert.Contains("Дата подписания не может быть в будущем.", badHtml);
        Assert.Contains("Вид согласия", new HtmlParser().ParseDocument(badHtml).QuerySelector(".validation-summary-errors")?.TextContent ?? "");
        Assert.Equal(1, await app.WithDbAsync(db => db.Consents.CountAsync(x => x.PersonId == pupil.Id)));

        var form = await BrowserForm.ReadAsync(curator, card, "AddConsent");
        form.Set("NewConsent.Kind", nameof(ConsentKind.HealthData));
        form.Set("NewConsent.SignedOn", "2026-11-03");
        Assert.Equal(HttpStatusCode.Redirect, (await form.PostAsync(curator, card + "?handler=AddConsent")).StatusCode);
        var c = await app.WithDbAsync(db => db.Consents.SingleAsync(x => x.PersonId == pupil.Id && x.Kind == ConsentKind.HealthData));
        Assert.Equal(ConsentGiver.Guardian, c.GivenBy);
        Assert.Equal("Малолеткин Пётр Ильич", c.GuardianName);
    }

    [Fact]
    public async Task Card_ConsentFormLinks_OnlyForThoseWhoMayOpenThem()
    {
        var org = await app.CreateOrganizationAsync();
        var person = await app.CreatePersonAsync(org, "Бланкова");
        var curator = await app.LoginAsAsync(Role.Curator, organization: org);
        var link = $"/consents/form?kind=PersonalData&amp;personId={person.Id}";
        Assert.Contains(link, await curator.GetHtmlAsync($"/people/card/{person.Id}"));
        var psychologist = await app.LoginAsAsync(Role.Psychologist, organization: org);
        var card = await psychologist.GetAsync($"/people/card/{person.Id}");
        Assert.Equal(HttpStatusCode.OK, card.StatusCode);
        Assert.DoesNotContain("/consents/form", await card.Content.ReadAsStringAsync());
    }
    [Fact]
    public async Task UnfilteredRegister_ExportLinks_AnswerWithFiles()
    {
        var org = await app.CreateOrganizationAsync();
        await app.CreatePersonAsync(org, "Выгрузкина");
        var curator = await app.LoginAsAsync(Role.Curator, organization: org);
        var doc = new HtmlParser().ParseDocument(await curator.GetHtmlAsync("/people"));
        foreach (var (text, type) in new[] { ("Выгрузить в Excel", "spreadsheetml"), ("CSV", "text/csv") })
        {
            var href = doc.QuerySelectorAll("a").First(a => a.TextContent.Trim() == text).GetAttribute("href")!;
            Assert.StartsWith("/people/export?", href);
            var r = await curator.GetAsync(href);
            Assert.Equal(HttpStatusCode.OK, r.StatusCode);
            Assert.Contains(type, r.Content.Headers.ContentType!.ToString());
            Assert.NotNull(r.Content.Headers.ContentDisposition?.FileNameStar ?? r.Content.Headers.ContentDisposition?.FileName);
        }
        var filtered = new HtmlParser().ParseDocument(await curator.GetHtmlAsync("/people?q=" + Uri.EscapeDataString("Выгрузкина")));
        var csv = filtered.QuerySelectorAll("a").First(a => a.TextContent.Trim() == "CSV").GetAttribute("href")!;
        Assert.Contains("Выгрузкина", await curator.GetHtmlAsync(csv));
    }

    [Fact]
    public async Task NewPerson_SubmittedTwice_SecondRefused_WithLinkToTheFirst()
    {
        var org = await app.CreateOrganizationAsync();
        var curator = await app.LoginAsAsync(Role.Curator, organization: org);
        Dictionary<string, string> Form(string last) => new()
        {
            ["Input.OrganizationId"] = org.Id.ToString(), ["Input.LastName"] = last, ["Input.FirstName"] = "Алёна", ["Input.MiddleName"] = "Игоревна",
            ["Input.Kind"] = "Teacher", ["Input.BirthDate"] = "1991-04-05",
            ["Consent.SignedOn"] = "2026-11-20", ["Consent.GivenBy"] = "Subject", ["Consent.Confirmed"] = "true",
        };
        Assert.Equal(HttpStatusCode.Redirect, (await curator.PostFormAsync("/people/edit", Form("Двойникова"))).StatusCode);
        var first = await app.WithDbAsync(db => db.People.SingleAsync(p => p.OrganizationId == org.Id));

        // Back and «Сохранить» again, even typed in other case and with е for ё.
        var repeat = Form("ДВОЙНИКОВА");
        repeat["Input.FirstName"] = "алена";
        var again = await curator.PostFormAsync("/people/edit", repeat);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        var html = await again.Content.ReadAsStringAsync();
        Assert.Contains("Такой участник уже есть в реестре организации", html);
        Assert.Contains($"href=\"/people/card/{first.Id}\"", html);
        Assert.Equal(1, await app.WithDbAsync(db => db.People.CountAsync(p => p.OrganizationId == org.Id)));

        // A namesake born on another day is another person.
        var namesake = Form("Двойникова");
        namesake["Input.BirthDate"] = "1995-01-01";
        Assert.Equal(HttpStatusCode.Redirect, (await curator.PostFormAsync("/people/edit", namesake)).StatusCode);
        Assert.Equal(2, await app.WithDbAsync(db => db.People.CountAsync(p => p.OrganizationId == org.Id)));
    }

    [Fact]
    public async Task AccessLog_RussianWordsOnly_OneStyleOfActions_FiftyPerPage()
    {
        var org = await app.CreateOrganizationAsync();
        var m = await app.WithDbAsync(async db => (await db.Municipalities.FindAsync(org.MunicipalityId))!);
        var person = await app.CreatePersonAsync(org, "Журналова", mentor: true);
        var curator = await app.LoginAsAsync(Role.Curator, organization: org);
        for (var i = 0; i < 52; i++) await curator.GetAsync($"/people/card/{person.Id}");
        Assert.Equal(HttpStatusCode.OK, (await curator.GetAsync($"/consents/form?kind=MentorDuties&personId={person.Id}")).StatusCode);
        // An entry written before the fix, with the kind's code.
        await app.WithDbAsync(async db =>
        {
            db.AuditEntries.Add(new Nastavnik.Platform.Audit.AuditEntry { At = app.Clock.GetUtcNow().UtcDateTime, Action = "export", EntityType = "person", EntityId = person.Id.ToString(), Details = "бланк согласия PersonalData", OrganizationId = org.Id });
            await db.SaveChangesAsync();
        });

        var coordinator = await app.LoginAsAsync(Role.MunicipalCoordinator, municipality: m);
        var page1 = new HtmlParser().ParseDocument(await coordinator.GetHtmlAsync("/people/accesslog"));
        var rows = page1.QuerySelectorAll("tbody tr");
        Assert.Equal(50, rows.Length);
        var text = page1.Body!.TextContent;
        Assert.DoesNotContain("PersonalData", text);
        Assert.DoesNotContain("MentorDuties", text);
        Assert.Contains("«Согласие наставника на выполнение дополнительных обязанностей»", text);
        Assert.Contains("«Согласие на обработку персональных данных»", text);
        Assert.Contains("Записей: 54", text);
        var actions = rows.Select(r => r.QuerySelectorAll("td")[2].TextContent).Distinct().ToList();
        Assert.Contains("Просмотр карточки", actions);
        Assert.Contains("Экспорт", actions);
        Assert.All(actions, a => Assert.True(char.IsUpper(a[0]), a));
        var next = page1.QuerySelectorAll(".pagination a").First(a => a.TextContent == "2").GetAttribute("href")!;
        var page2 = new HtmlParser().ParseDocument(await coordinator.GetHtmlAsync(next));
        Assert.Equal(4, page2.QuerySelectorAll("tbody tr").Length);

        var byName = new HtmlParser().ParseDocument(await coordinator.GetHtmlAsync("/people/accesslog?person=" + Uri.EscapeDataString("журналова")));
        Assert.Contains("Записей: 54", byName.Body!.TextContent);
    }

    [Fact]
    public async Task PupilCard_NoTeachersDeficitSection_TeacherCardHasIt()
    {
        var org = await app.CreateOrganizationAsync();
        var pupil = await app.CreatePersonAsync(org, "Школьникова", kind: PersonKind.Pupil, birthDate: new DateOnly(2012, 1, 1), guardian: "Школьников Иван", mentee: true);
        var teacher = await app.CreatePersonAsync(org, "Учителева");
        var curator = await app.LoginAsAsync(Role.Curator, organization: org);
        var pupilCard = await curator.GetHtmlAsync($"/people/card/{pupil.Id}");
        Assert.DoesNotContain("Профессиональные дефициты", pupilCard);
        Assert.DoesNotContain("handler=AddDeficit", pupilCard);
        Assert.Contains("Запрос", pupilCard);
        var teacherCard = await curator.GetHtmlAsync($"/people/card/{teacher.Id}");
        Assert.Contains("Профессиональные дефициты", teacherCard);
        Assert.Contains("handler=AddDeficit", teacherCard);
    }
}

/// <summary>A page's form read as a browser would submit it: inputs, checked boxes, selected options, text areas.</summary>
public sealed class BrowserForm
{
    private readonly List<KeyValuePair<string, string>> fields = [];

    public static async Task<BrowserForm> ReadAsync(HttpClient client, string url, string? handler = null)
    {
        var r = await client.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        var doc = new HtmlParser().ParseDocument(await r.Content.ReadAsStringAsync());
        var forms = doc.QuerySelectorAll("form[method=post]");
        var form = handler is null
            ? forms.First(f => f.QuerySelector("button[type=submit]")?.TextContent.Contains("Сохранить") == true)
            : forms.First(f => (f.GetAttribute("action") ?? "").Contains("handler=" + handler, StringComparison.OrdinalIgnoreCase));
        var result = new BrowserForm();
        foreach (var e in form.QuerySelectorAll("input[name]"))
        {
            var type = e.GetAttribute("type")?.ToLowerInvariant();
            if (type is "checkbox" or "radio" && !e.HasAttribute("checked")) continue;
            result.fields.Add(new(e.GetAttribute("name")!, e.GetAttribute("value") ?? (type is "checkbox" ? "on" : "")));
        }
        foreach (var e in form.QuerySelectorAll("textarea[name]")) result.fields.Add(new(e.GetAttribute("name")!, e.TextContent));
        foreach (var e in form.QuerySelectorAll("select[name]"))
        {
            var chosen = e.QuerySelector("option[selected]") ?? e.QuerySelector("option");
            result.fields.Add(new(e.GetAttribute("name")!, chosen?.GetAttribute("value") ?? chosen?.TextContent ?? ""));
        }
        return result;
    }

    public string? Get(string name) => fields.FirstOrDefault(f => f.Key == name).Value;

    public void Set(string name, string value)
    {
        var i = fields.FindIndex(f => f.Key == name);
        Assert.True(i >= 0, $"На странице нет поля {name}");
        fields[i] = new(name, value);
    }

    /// <summary>One more value, as a ticked checkbox adds one (a list such as Input.Categories repeats the name).</summary>
    public void Add(string name, string value) => fields.Add(new(name, value));

    public Task<HttpResponseMessage> PostAsync(HttpClient client, string url) => client.PostAsync(url, new FormUrlEncodedContent(fields));
}
