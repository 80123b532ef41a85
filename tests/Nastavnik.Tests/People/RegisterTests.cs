using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using DocumentFormat.OpenXml.Packaging;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Nastavnik.Features.Consents;
using Nastavnik.Features.People;
using Nastavnik.Platform.Auth;

namespace Nastavnik.Tests.People;

public sealed class RegisterTests(TestApp app) : IClassFixture<TestApp>
{
    private static Dictionary<string, string> NewTeacher(int orgId, string lastName, bool consent = true) => new()
    {
        ["Input.OrganizationId"] = orgId.ToString(), ["Input.LastName"] = lastName, ["Input.FirstName"] = "анна", ["Input.Kind"] = "Teacher",
        ["Input.IsMentor"] = "true", ["Input.Capacity"] = "2", ["Input.Position"] = "учитель математики",
        ["Consent.SignedOn"] = "2026-11-20", ["Consent.GivenBy"] = "Subject", ["Consent.Confirmed"] = consent ? "true" : "false",
    };

    [Fact]
    public async Task AddPerson_WithoutConsent_RefusedInRussian_WithConsent_InRegister()
    {
        var org = await app.CreateOrganizationAsync();
        var curator = await app.LoginAsAsync(Role.Curator, organization: org);
        var refused = await curator.PostFormAsync("/people/edit", NewTeacher(org.Id, "Смирнова", consent: false));
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains("Без подписанного согласия человека нельзя внести в реестр.", await refused.Content.ReadAsStringAsync());
        Assert.Equal(0, await app.WithDbAsync(db => db.People.CountAsync(p => p.OrganizationId == org.Id)));

        var ok = await curator.PostFormAsync("/people/edit", NewTeacher(org.Id, "смирнова"));
        Assert.Equal(HttpStatusCode.Redirect, ok.StatusCode);
        var list = await curator.GetHtmlAsync("/people?register=Mentors&q=" + Uri.EscapeDataString("смирнова"));
        Assert.Contains("Смирнова Анна", list);
        var consent = await app.WithDbAsync(db => db.Consents.SingleAsync(c => c.Person!.OrganizationId == org.Id));
        Assert.Equal(ConsentKind.PersonalData, consent.Kind);
        Assert.Contains(org.Name, consent.Operator);
    }

    [Fact]
    public async Task AddPerson_EditedConsentWording_StoredOnce_ShownOnCardAndPrintedForm()
    {
        var org = await app.CreateOrganizationAsync();
        var curator = await app.LoginAsAsync(Role.Curator, organization: org);
        const string purpose = "Участие в проекте Школа молодого педагога муниципального методического центра.";
        foreach (var name in new[] { "Особова", "Особенко" })
        {
            var form = NewTeacher(org.Id, name);
            form["Consent.Purpose"] = purpose;
            Assert.Equal(HttpStatusCode.Redirect, (await curator.PostFormAsync("/people/edit", form)).StatusCode);
        }
        var consents = await app.WithDbAsync(db => db.Consents.Include(c => c.Text).Where(c => c.Person!.OrganizationId == org.Id).ToListAsync());
        Assert.Equal(2, consents.Count);
        Assert.Single(consents.Select(c => c.TextId).Distinct());
        var defaults = ConsentTexts.For(ConsentKind.PersonalData);
        Assert.Equal(defaults with { Purpose = purpose }, consents[0].Text!.Wording);

        var card = await curator.GetHtmlAsync($"/people/card/{consents[0].PersonId}");
        Assert.Contains(purpose, card);
        Assert.Contains(defaults.WithdrawalProcedure, card);
        Assert.Contains($"редакция {consents[0].Text!.Version}", card);

        var r = await curator.GetAsync($"/consents/form?kind=PersonalData&personId={consents[0].PersonId}");
        await using var ms = new MemoryStream(await r.Content.ReadAsByteArrayAsync());
        using var doc = WordprocessingDocument.Open(ms, false);
        var text = doc.MainDocumentPart!.Document.InnerText;
        Assert.Contains("Цель обработки: " + purpose, text);
        Assert.DoesNotContain(defaults.Purpose, text);
        Assert.Contains($"Редакция текста согласия: {consents[0].Text!.Version}.", text);
    }

    [Fact]
    public async Task AddMinorPupil_ConsentBySelf_RequiresGuardian()
    {
        var org = await app.CreateOrganizationAsync();
        var curator = await app.LoginAsAsync(Role.Curator, organization: org);
        var form = new Dictionary<string, string>
        {
            ["Input.OrganizationId"] = org.Id.ToString(), ["Input.LastName"] = "Петров", ["Input.FirstName"] = "Илья", ["Input.Kind"] = "Pupil",
            ["Input.BirthDate"] = "2013-05-01", ["Input.ClassName"] = "7Б", ["Input.IsMentee"] = "true",
            ["Consent.SignedOn"] = "2026-11-20", ["Consent.GivenBy"] = "Subject", ["Consent.Confirmed"] = "true",
        };
        var html = await (await curator.PostFormAsync("/people/edit", form)).Content.ReadAsStringAsync();
        Assert.Contains("За несовершеннолетнего согласие даёт законный представитель.", html);
        form["Consent.GivenBy"] = "Guardian";
        form["Consent.GuardianName"] = "Петрова Ольга Ивановна";
        form["Consent.GuardianAuthority"] = "мать, свидетельство о рождении";
        Assert.Equal(HttpStatusCode.Redirect, (await curator.PostFormAsync("/people/edit", form)).StatusCode);
    }

    [Fact]
    public async Task Tutor_SeesPersonButNoSensitiveCategoryOrGuardian_Curator_SeesThem()
    {
        var org = await app.CreateOrganizationAsync();
        var m = await app.WithDbAsync(async db => (await db.Municipalities.FindAsync(org.MunicipalityId))!);
        var pupil = await app.CreatePersonAsync(org, "Сиротин", PersonKind.Pupil, [MenteeCategory.Orphan, MenteeCategory.Gifted], mentee: true,
            birthDate: new DateOnly(2012, 3, 3), guardian: "Опекунова Галина Петровна");

        var tutor = await app.LoginAsAsync(Role.Tutor, municipality: m);
        var card = await tutor.GetHtmlAsync($"/people/card/{pupil.Id}");
        Assert.Contains("Сиротин", card);
        Assert.Contains("Одарённый обучающийся", card);
        Assert.DoesNotContain("сирота", card, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("Опекунова", card);
        var filtered = await tutor.GetHtmlAsync("/people?category=Orphan");
        Assert.DoesNotContain("Сиротин", filtered);

        var api = await ApiTestHelpers.TokenClientAsync(app, Role.Tutor, municipality: m);
        using var doc = JsonDocument.Parse(await api.GetStringAsync($"/api/v1/people/{pupil.Id}"));
        Assert.DoesNotContain("Orphan", doc.RootElement.GetProperty("categories").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(JsonValueKind.Null, doc.RootElement.GetProperty("guardianName").ValueKind);

        var curator = await app.LoginAsAsync(Role.Curator, organization: org);
        var full = await curator.GetHtmlAsync($"/people/card/{pupil.Id}");
        Assert.Contains("Ребёнок-сирота", full);
        Assert.Contains("Опекунова Галина Петровна", full);
        Assert.Contains("Сиротин", await curator.GetHtmlAsync("/people?category=Orphan"));
    }

    [Fact]
    public async Task Mentor_CannotOpenRegisters()
    {
        var org = await app.CreateOrganizationAsync();
        var person = await app.CreatePersonAsync(org, mentee: true);
        var mentor = await app.LoginAsAsync(Role.Mentor, organization: org);
        Assert.Contains("accessdenied", (await mentor.GetAsync("/people")).Headers.Location!.OriginalString, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("accessdenied", (await mentor.GetAsync($"/people/card/{person.Id}")).Headers.Location!.OriginalString, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task OtherSchoolsCurator_GetsNothing()
    {
        var region = await app.CreateRegionAsync();
        var a = await app.CreateOrganizationAsync(await app.CreateMunicipalityAsync(region));
        var b = await app.CreateOrganizationAsync(await app.CreateMunicipalityAsync(region));
        var stranger = await app.CreatePersonAsync(b, "Чужаков");
        var curator = await app.LoginAsAsync(Role.Curator, organization: a);
        Assert.Equal(HttpStatusCode.NotFound, (await curator.GetAsync($"/people/card/{stranger.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await curator.GetAsync($"/people/edit/{stranger.Id}")).StatusCode);
        Assert.Contains("Найдено: 0", await curator.GetHtmlAsync("/people?q=" + Uri.EscapeDataString("Чужаков")));
        Assert.DoesNotContain("Чужаков", await curator.GetHtmlAsync("/people/export?format=csv&q=" + Uri.EscapeDataString("Чужаков")));
        var api = await ApiTestHelpers.TokenClientAsync(app, Role.Curator, a);
        Assert.Equal(HttpStatusCode.NotFound, (await api.GetAsync($"/api/v1/people/{stranger.Id}")).StatusCode);
    }

    [Fact]
    public async Task Withdrawal_HidesAtOnce_PurgedAfter30Days_WithDestructionRecord()
    {
        var org = await app.CreateOrganizationAsync();
        var person = await app.CreatePersonAsync(org, "Отзывова", mentee: true);
        var curator = await app.LoginAsAsync(Role.Curator, organization: org);
        var consentId = await app.WithDbAsync(db => db.Consents.Where(c => c.PersonId == person.Id).Select(c => c.Id).SingleAsync());
        var r = await curator.PostFormAsync($"/people/card/{person.Id}?handler=Withdraw", new() { ["consentId"] = consentId.ToString(), ["reason"] = "заявление от 23.11.2026" },
            formPage: $"/people/card/{person.Id}");
        Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);

        Assert.DoesNotContain("Отзывова", await curator.GetHtmlAsync("/people"));
        Assert.DoesNotContain("Отзывова", await curator.GetHtmlAsync("/people/export?format=csv"));
        Assert.Equal(HttpStatusCode.NotFound, (await curator.GetAsync($"/people/card/{person.Id}")).StatusCode);
        var api = await ApiTestHelpers.TokenClientAsync(app, Role.Curator, org);
        Assert.DoesNotContain("Отзывова", await api.GetStringAsync("/api/v1/people/"));

        var job = app.Services.GetRequiredService<ConsentPurgeJob>();
        app.Clock.Advance(TimeSpan.FromDays(29));
        await job.RunOnceAsync();
        Assert.True(await app.WithDbAsync(db => db.People.IgnoreQueryFilters().AnyAsync(p => p.Id == person.Id)));

        app.Clock.Advance(TimeSpan.FromDays(2));
        await job.RunOnceAsync();
        Assert.False(await app.WithDbAsync(db => db.People.IgnoreQueryFilters().AnyAsync(p => p.Id == person.Id)));
        Assert.False(await app.WithDbAsync(db => db.Consents.AnyAsync(c => c.PersonId == person.Id)));
        var record = await app.WithDbAsync(db => db.DestructionRecords.SingleAsync(d => d.FormerPersonId == person.Id));
        Assert.Equal("О. М. П. (участник № " + person.Id + ")", record.Subject);
        Assert.Contains("заявление от 23.11.2026", record.Reason);
        Assert.DoesNotContain("Отзывова", record.Subject + record.DataDestroyed + record.Reason);
        Assert.True(record.KeepUntil >= record.DestroyedAt.AddDays(3 * 365 - 1));
    }

    [Fact]
    public async Task CardOpening_IsInAccessLog()
    {
        var org = await app.CreateOrganizationAsync();
        var m = await app.WithDbAsync(async db => (await db.Municipalities.FindAsync(org.MunicipalityId))!);
        var person = await app.CreatePersonAsync(org, "Просмотрова");
        var curatorUser = await app.CreateUserAsync(Role.Curator, organization: org);
        var curator = await app.LoginAsync(curatorUser);
        await curator.GetAsync($"/people/card/{person.Id}");
        var coordinator = await app.LoginAsAsync(Role.MunicipalCoordinator, municipality: m);
        var log = await coordinator.GetHtmlAsync("/people/accesslog?person=" + person.Id);
        Assert.Contains("Просмотр карточки", log);
        Assert.Contains(curatorUser.Email!, log);
        Assert.Contains("Просмотрова", log);
    }

    [Fact]
    public async Task Export_IsInCoordinatorsAccessLog_OneLinePerOrganization()
    {
        var m = await app.CreateMunicipalityAsync();
        var a = await app.CreateOrganizationAsync(m);
        var b = await app.CreateOrganizationAsync(m);
        await app.CreatePersonAsync(a, "Выгрузкина");
        await app.CreatePersonAsync(b, "Выгрузкина");
        await app.CreatePersonAsync(b, "Выгрузкина");
        var curatorUser = await app.CreateUserAsync(Role.Curator, organization: a);
        var curator = await app.LoginAsync(curatorUser);
        Assert.Equal(HttpStatusCode.OK, (await curator.GetAsync("/people/export?format=csv")).StatusCode);
        var coordinatorUser = await app.CreateUserAsync(Role.MunicipalCoordinator, municipality: m);
        var coordinator = await app.LoginAsync(coordinatorUser);
        Assert.Equal(HttpStatusCode.OK, (await coordinator.GetAsync("/people/export?format=xlsx&q=" + Uri.EscapeDataString("Выгрузкина"))).StatusCode);

        var exports = await app.WithDbAsync(db => db.AuditEntries.Where(e => e.Action == "export" && e.EntityType == "person" && (e.OrganizationId == a.Id || e.OrganizationId == b.Id))
            .Select(e => new { e.UserName, e.OrganizationId, e.Details }).ToListAsync());
        Assert.Single(exports, e => e.UserName == curatorUser.Email && e.OrganizationId == a.Id);
        Assert.Single(exports, e => e.UserName == coordinatorUser.Email && e.OrganizationId == a.Id && e.Details!.Contains("строк этой организации: 1"));
        Assert.Single(exports, e => e.UserName == coordinatorUser.Email && e.OrganizationId == b.Id && e.Details!.Contains("строк этой организации: 2"));
        // The coordinator's access log shows the school curator's export too (it used to be stored without an organisation).
        var log = await coordinator.GetHtmlAsync("/people/accesslog");
        Assert.Contains(curatorUser.Email!, log);
        Assert.Contains("Экспорт", log);
    }

    [Fact]
    public async Task Export_Xlsx_HasSeedColumns_AndEscapesFormulas()
    {
        var org = await app.CreateOrganizationAsync();
        await app.CreatePersonAsync(org, "=HYPERLINK(\"http://evil\")", mentor: true);
        var curator = await app.LoginAsAsync(Role.Curator, organization: org);
        var response = await curator.GetAsync("/people/export?format=xlsx");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await using var stream = new MemoryStream(await response.Content.ReadAsByteArrayAsync());
        using var doc = SpreadsheetDocument.Open(stream, false);
        var texts = doc.WorkbookPart!.WorksheetParts.First().Worksheet.Descendants<DocumentFormat.OpenXml.Spreadsheet.Text>().Select(t => t.Text).ToList();
        foreach (var h in new[] { "ФИО", "Место работы (учёбы)", "Компетенции (сильные стороны)", "Достижения", "Интересы", "Желаемый возраст наставляемых", "Ресурс времени, ч/мес", "Дата вхождения", "Форма наставничества", "Дата завершения", "Результаты" })
            Assert.Contains(h, texts);
        // The formula stays text: its cell carries Excel's quotePrefix format (no visible apostrophe in the value).
        var formats = doc.WorkbookPart.WorkbookStylesPart!.Stylesheet.CellFormats!.Elements<DocumentFormat.OpenXml.Spreadsheet.CellFormat>().ToList();
        var formula = doc.WorkbookPart.WorksheetParts.First().Worksheet.Descendants<DocumentFormat.OpenXml.Spreadsheet.Cell>().Single(c => c.InnerText.StartsWith("=HYPERLINK", StringComparison.Ordinal));
        Assert.Equal(DocumentFormat.OpenXml.Spreadsheet.CellValues.InlineString, formula.DataType!.Value);
        Assert.True(formats[(int)formula.StyleIndex!.Value].QuotePrefix?.Value);
        Assert.True(await app.WithDbAsync(db => db.AuditEntries.AnyAsync(a => a.Action == "export" && a.EntityType == "person")));
    }

    [Fact]
    public async Task DeficitBank_CountsPeoplePerCompetency()
    {
        var org = await app.CreateOrganizationAsync();
        var a = await app.CreatePersonAsync(org, "Дефицитова", categories: [MenteeCategory.YoungSpecialist]);
        var b = await app.CreatePersonAsync(org, "Затруднёнова");
        var competency = await app.WithDbAsync(db => db.Competencies.FirstAsync(c => c.Name == "Классное руководство"));
        await app.WithDbAsync(async db =>
        {
            db.Deficits.AddRange(
                new Deficit { PersonId = a.Id, CompetencyId = competency.Id, Source = DeficitSource.Diagnostics, IdentifiedOn = new DateOnly(2026, 10, 1) },
                new Deficit { PersonId = a.Id, CompetencyId = competency.Id, Source = DeficitSource.SelfAssessment, IdentifiedOn = new DateOnly(2026, 10, 2) },
                new Deficit { PersonId = b.Id, CompetencyId = competency.Id, Source = DeficitSource.Curator, IdentifiedOn = new DateOnly(2026, 10, 3) });
            await db.SaveChangesAsync();
        });
        var curator = await app.LoginAsAsync(Role.Curator, organization: org);
        var all = await curator.GetHtmlAsync("/people/deficitbank");
        Assert.Contains("Классное руководство <span class=\"text-secondary small\">(Воспитательная работа)</span></td><td class=\"num\">2</td>", all);
        var young = await curator.GetHtmlAsync("/people/deficitbank?category=YoungSpecialist");
        Assert.Contains("Классное руководство <span class=\"text-secondary small\">(Воспитательная работа)</span></td><td class=\"num\">1</td>", young);
    }

    [Fact]
    public async Task Api_CreatePerson_RequiresConsentFields()
    {
        var org = await app.CreateOrganizationAsync();
        var api = await ApiTestHelpers.TokenClientAsync(app, Role.Curator, org);
        var bad = await api.PostAsJsonAsync("/api/v1/people/", new { person = new { organizationId = org.Id, lastName = "Апишина", firstName = "Ирина", kind = "Teacher" }, consent = new { confirmed = false } }, ApiTestHelpers.Json);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("согласи", await bad.Content.ReadAsStringAsync());
        var good = await api.PostAsJsonAsync("/api/v1/people/", new { person = new { organizationId = org.Id, lastName = "Апишина", firstName = "Ирина", kind = "Teacher" }, consent = new { confirmed = true, signedOn = "2026-11-01", givenBy = "Subject" } }, ApiTestHelpers.Json);
        Assert.Equal(HttpStatusCode.Created, good.StatusCode);
    }

    [Fact]
    public async Task CompetencyCatalogue_RegionAddsOwnEntry_OfferedOnlyInThatRegion()
    {
        var regionA = await app.CreateRegionAsync();
        var regionB = await app.CreateRegionAsync();
        var coordinator = await app.LoginAsAsync(Role.RegionalCoordinator, region: regionA);
        var name = app.Unique("Наставничество в сельской школе");
        var r = await coordinator.PostFormAsync("/people/competencies", new() { ["Input.RegionId"] = regionA.Id.ToString(), ["Input.Group"] = "Региональные", ["Input.Name"] = name });
        Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);
        var dup = await coordinator.PostFormAsync("/people/competencies", new() { ["Input.RegionId"] = regionA.Id.ToString(), ["Input.Group"] = "Региональные", ["Input.Name"] = name });
        Assert.Contains("уже есть", await dup.Content.ReadAsStringAsync());
        var foreign = await coordinator.PostFormAsync("/people/competencies", new() { ["Input.RegionId"] = regionB.Id.ToString(), ["Input.Group"] = "x", ["Input.Name"] = "Чужая компетенция" });
        Assert.Contains("Выберите регион из списка.", await foreign.Content.ReadAsStringAsync());

        var inA = await app.CreateOrganizationAsync(await app.CreateMunicipalityAsync(regionA));
        var inB = await app.CreateOrganizationAsync(await app.CreateMunicipalityAsync(regionB));
        Assert.Contains(name, await (await app.LoginAsAsync(Role.Curator, organization: inA)).GetHtmlAsync("/people/edit"));
        Assert.DoesNotContain(name, await (await app.LoginAsAsync(Role.Curator, organization: inB)).GetHtmlAsync("/people/edit"));
    }

    [Theory]
    [InlineData("PersonalData")]
    [InlineData("HealthData")]
    [InlineData("MentorDuties")]
    public async Task ConsentForm_Docx_ValidAndPrefilledForMinor(string kind)
    {
        var org = await app.CreateOrganizationAsync();
        var pupil = await app.CreatePersonAsync(org, "Бланков", Nastavnik.Features.People.PersonKind.Pupil, birthDate: new DateOnly(2013, 2, 2), guardian: "Бланкова Ольга Ивановна");
        var curator = await app.LoginAsAsync(Role.Curator, organization: org);
        var r = await curator.GetAsync($"/consents/form?kind={kind}&personId={pupil.Id}");
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        await using var ms = new MemoryStream(await r.Content.ReadAsByteArrayAsync());
        using var doc = WordprocessingDocument.Open(ms, false);
        var problems = new DocumentFormat.OpenXml.Validation.OpenXmlValidator().Validate(doc).Select(e => e.Description).ToList();
        Assert.True(problems.Count == 0, string.Join("\n", problems));
        var text = doc.MainDocumentPart!.Document.InnerText;
        Assert.Contains("Бланков Мария Петровна", text);
        Assert.Contains("Бланкова Ольга Ивановна", text);
        Assert.Contains("152-ФЗ", text);
        Assert.Contains(org.Name, text);
    }
}
