using System.Net;
using System.Net.Http.Json;
using DocumentFormat.OpenXml.Packaging;
using Microsoft.EntityFrameworkCore;
using Nastavnik.Features.Consents;
using Nastavnik.Features.People;
using Nastavnik.Platform.Auth;
using Nastavnik.Tests.Mentorships;

namespace Nastavnik.Tests.People;

/// <summary>
/// ОВЗ is health data (152-ФЗ art. 10): stored only with its own consent, and that consent, which tells the category,
/// is shown only to those who may see sensitive categories. The consent form carries the addresses art. 9 p. 4 requires.
/// </summary>
public sealed class HealthConsentTests(TestApp app) : IClassFixture<TestApp>
{
    private const string HealthConsentName = "Согласие на обработку данных о состоянии здоровья (ОВЗ)";

    [Theory]
    [InlineData(Role.Tutor)]
    [InlineData(Role.Psychologist)]
    public async Task Card_NonSensitiveViewer_NoHealthConsentRow_EvenWithdrawn_CuratorSeesIt(Role role)
    {
        var org = await app.CreateOrganizationAsync();
        var pupil = await app.CreatePersonAsync(org, "Здоровьева", PersonKind.Pupil, [MenteeCategory.Ovz], mentee: true, birthDate: new DateOnly(2013, 3, 3),
            guardian: "Здоровьева Анна Ивановна", healthConsent: true);
        var card = $"/people/card/{pupil.Id}";
        var viewer = await app.LoginAsAsync(role, organization: org);
        var seen = await viewer.GetHtmlAsync(card);
        Assert.Contains("Здоровьева", seen);
        Assert.DoesNotContain(HealthConsentName, seen);
        Assert.DoesNotContain("состоянии здоровья", seen);
        Assert.Contains("Согласие на обработку персональных данных", seen);

        var curator = await app.LoginAsAsync(Role.Curator, organization: org);
        Assert.Contains(HealthConsentName, await curator.GetHtmlAsync(card));

        // Withdrawn: the row stays for the curator (the record of the consent) and is still hidden from the others.
        await app.WithDbAsync(async db =>
        {
            var c = await db.Consents.SingleAsync(x => x.PersonId == pupil.Id && x.Kind == ConsentKind.HealthData);
            c.WithdrawnAt = app.Clock.GetUtcNow().UtcDateTime;
            await db.SaveChangesAsync();
        });
        Assert.DoesNotContain("состоянии здоровья", await viewer.GetHtmlAsync(card));
        Assert.Contains(HealthConsentName, await curator.GetHtmlAsync(card));
    }

    [Fact]
    public async Task CreateForm_OvzWithoutHealthConsent_Refused_WithCheckbox_BothConsentsRecorded()
    {
        var org = await app.CreateOrganizationAsync();
        var curator = await app.LoginAsAsync(Role.Curator, organization: org);
        Assert.Contains("Получено отдельное согласие на обработку данных о состоянии здоровья", await curator.GetHtmlAsync("/people/edit"));
        Dictionary<string, string> Form(string last) => new()
        {
            ["Input.OrganizationId"] = org.Id.ToString(), ["Input.LastName"] = last, ["Input.FirstName"] = "Матвей", ["Input.Kind"] = "Pupil",
            ["Input.BirthDate"] = "2012-04-12", ["Input.Categories"] = "Ovz", ["Input.IsMentee"] = "true",
            ["Consent.SignedOn"] = "2026-11-20", ["Consent.GivenBy"] = "Guardian", ["Consent.GuardianName"] = "Овзова Елена Петровна",
            ["Consent.GuardianAuthority"] = "мать, свидетельство о рождении", ["Consent.Confirmed"] = "true",
        };
        var refused = await curator.PostFormAsync("/people/edit", Form("Овзов"));
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains("ОВЗ: нет согласия на обработку данных о здоровье", await refused.Content.ReadAsStringAsync());
        Assert.Equal(0, await app.WithDbAsync(db => db.People.CountAsync(p => p.OrganizationId == org.Id)));

        var form = Form("Овзов");
        form["Consent.HealthData"] = "true";
        var created = await curator.PostFormAsync("/people/edit", form);
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        var person = await app.WithDbAsync(db => db.People.Include(p => p.Categories).SingleAsync(p => p.OrganizationId == org.Id));
        Assert.Equal([MenteeCategory.Ovz], person.Categories.Select(c => c.Category));
        var consents = await app.WithDbAsync(db => db.Consents.Include(c => c.Text).Where(c => c.PersonId == person.Id).OrderBy(c => c.Id).ToListAsync());
        Assert.Equal([ConsentKind.PersonalData, ConsentKind.HealthData], consents.Select(c => c.Kind));
        var health = consents[1];
        Assert.Equal(new DateOnly(2026, 11, 20), health.SignedOn);
        Assert.Equal(ConsentGiver.Guardian, health.GivenBy);
        Assert.Equal("Овзова Елена Петровна", health.GuardianName);
        Assert.Equal(ConsentTexts.For(ConsentKind.HealthData), health.Text!.Wording);
    }

    [Fact]
    public async Task EditForm_AddOvzWithoutHealthConsent_RefusedWithLinkToConsents_AfterConsentSaved()
    {
        var org = await app.CreateOrganizationAsync();
        var pupil = await app.CreatePersonAsync(org, "Правкин", PersonKind.Pupil, mentee: true, birthDate: new DateOnly(2012, 1, 1), guardian: "Правкина Ольга");
        var curator = await app.LoginAsAsync(Role.Curator, organization: org);
        var url = $"/people/edit/{pupil.Id}";
        var form = await BrowserForm.ReadAsync(curator, url);
        form.Add("Input.Categories", "Ovz");
        var refused = await form.PostAsync(curator, url);
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        var html = await refused.Content.ReadAsStringAsync();
        Assert.Contains("ОВЗ: нет согласия на обработку данных о здоровье", html);
        Assert.Contains($"href=\"/people/card/{pupil.Id}#cons-h\"", html);
        Assert.False(await app.WithDbAsync(db => db.PersonCategories.AnyAsync(c => c.PersonId == pupil.Id)));

        await app.WithDbAsync(async db =>
        {
            db.Consents.Add(await MentorshipTestData.ConsentAsync(db, pupil.Id, ConsentKind.HealthData, org.Name, app));
            await db.SaveChangesAsync();
        });
        var again = await BrowserForm.ReadAsync(curator, url);
        again.Add("Input.Categories", "Ovz");
        Assert.Equal(HttpStatusCode.Redirect, (await again.PostAsync(curator, url)).StatusCode);
        Assert.True(await app.WithDbAsync(db => db.PersonCategories.AnyAsync(c => c.PersonId == pupil.Id && c.Category == MenteeCategory.Ovz)));
    }

    [Fact]
    public async Task Api_CreateOvz_NeedsHealthConsent_HealthConsentFlagOfPersonIgnored()
    {
        var org = await app.CreateOrganizationAsync();
        var api = await ApiTestHelpers.TokenClientAsync(app, Role.Curator, org);
        // "healthConsent" inside the person is the server's own fact, not something a client can claim.
        var person = new { organizationId = org.Id, lastName = "Апиовзова", firstName = "Ирина", kind = "Teacher", categories = new[] { "Ovz" }, healthConsent = true };
        var bad = await api.PostAsJsonAsync("/api/v1/people/", new { person, consent = new { confirmed = true, signedOn = "2026-11-01", givenBy = "Subject" } }, ApiTestHelpers.Json);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("ОВЗ: нет согласия на обработку данных о здоровье", await bad.Content.ReadAsStringAsync());
        var good = await api.PostAsJsonAsync("/api/v1/people/", new { person, consent = new { confirmed = true, signedOn = "2026-11-01", givenBy = "Subject", healthData = true } }, ApiTestHelpers.Json);
        Assert.Equal(HttpStatusCode.Created, good.StatusCode);
        Assert.Equal(2, await app.WithDbAsync(db => db.Consents.CountAsync(c => c.Person!.OrganizationId == org.Id)));
    }

    [Fact]
    public void Rules_OvzNeedsHealthConsent()
    {
        var input = new PersonInput { OrganizationId = 1, LastName = "Правилова", FirstName = "Анна", Kind = PersonKind.Teacher, Categories = [MenteeCategory.Ovz] };
        var today = new DateOnly(2026, 11, 23);
        Assert.Contains(PersonRules.Check(input, today, true, true, true), e => e.Message == PersonRules.HealthConsentMissing && e.Field == "Categories");
        input.HealthConsent = true;
        Assert.Empty(PersonRules.Check(input, today, true, true, true));
        input.Categories = [MenteeCategory.Gifted];
        input.HealthConsent = false;
        Assert.Empty(PersonRules.Check(input, today, true, true, true));
    }

    [Fact]
    public async Task Approve_OvzWithoutHealthConsent_FlaggedAndBlocked_PairCardHidesItFromTutor()
    {
        var org = await app.CreateOrganizationAsync();
        var mentor = await app.CreateMentorAsync(org, "Опытнова");
        var mentee = await app.CreatePersonAsync(org, "Безсогласнов", categories: [MenteeCategory.Ovz], mentee: true);
        var m = await app.CreateMentorshipAsync(org, mentor, mentee);
        const string flag = "Безсогласнов Мария Петровна: указана категория ОВЗ, но нет согласия на обработку данных о состоянии здоровья";
        var head = await app.LoginAsAsync(Role.Head, organization: org);
        Assert.Contains(flag, await head.GetHtmlAsync("/mentorships/approve"));
        var r = await head.PostFormAsync("/mentorships/approve", new()
        {
            ["Input.OrganizationId"] = org.Id.ToString(), ["Input.Number"] = "7", ["Input.Date"] = "2026-11-23", ["Input.Ids[0]"] = m.Id.ToString(),
        });
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        Assert.Contains(flag, await r.Content.ReadAsStringAsync());

        var curator = await app.LoginAsAsync(Role.Curator, organization: org);
        Assert.Contains(flag, await curator.GetHtmlAsync($"/mentorships/card/{m.Id}"));
        var tutor = await app.LoginAsAsync(Role.Tutor, organization: org);
        var tutorCard = await tutor.GetHtmlAsync($"/mentorships/card/{m.Id}");
        Assert.Contains("Безсогласнов", tutorCard);
        Assert.DoesNotContain("ОВЗ", tutorCard);

        // With the consent the pair goes through.
        await app.WithDbAsync(async db =>
        {
            db.Consents.Add(await MentorshipTestData.ConsentAsync(db, mentee.Id, ConsentKind.HealthData, org.Name, app));
            await db.SaveChangesAsync();
        });
        Assert.DoesNotContain(flag, await head.GetHtmlAsync("/mentorships/approve"));
    }

    [Fact]
    public async Task ConsentDocx_Addresses_OperatorFromOrganisation_SubjectAndGuardianBlank_FileNamePerKind()
    {
        var org = await app.CreateOrganizationAsync();
        await app.WithDbAsync(async db =>
        {
            var o = await db.Organizations.SingleAsync(x => x.Id == org.Id);
            o.Address = "634000, г. Томск, ул. Школьная, д. 1";
            await db.SaveChangesAsync();
        });
        var pupil = await app.CreatePersonAsync(org, "Адресов", PersonKind.Pupil, birthDate: new DateOnly(2013, 2, 2), guardian: "Адресова Ольга Ивановна");
        var teacher = await app.CreatePersonAsync(org, "Учителева");
        var curator = await app.LoginAsAsync(Role.Curator, organization: org);

        var minor = await DocxAsync(curator, $"/consents/form?kind=PersonalData&personId={pupil.Id}");
        Assert.Contains("634000, г. Томск, ул. Школьная, д. 1", minor.Text);
        Assert.Contains("паспорт: серия", minor.Text);
        Assert.Contains("Адресова Ольга Ивановна, паспорт: серия ______ № __________, выдан ________________________________________, зарегистрированный(ая) по адресу: ___", minor.Text);
        Assert.Contains("Адресов Мария Петровна, 02.02.2013 г. р., проживающего(ей) по адресу: ___", minor.Text);

        var adult = await DocxAsync(curator, $"/consents/form?kind=PersonalData&personId={teacher.Id}");
        Assert.Contains("зарегистрированный(ая) по адресу: ___", adult.Text);
        Assert.Contains("ул. Школьная", adult.Text);

        var blank = await DocxAsync(curator, "/consents/form?kind=PersonalData");
        Assert.Contains("адрес: ________________________________________ (адрес оператора)", blank.Text);

        var names = new HashSet<string>();
        foreach (var kind in Enum.GetValues<ConsentKind>())
        {
            var d = await DocxAsync(curator, $"/consents/form?kind={kind}&personId={pupil.Id}");
            Assert.Contains("Адресов Мария Петровна", d.FileName);
            Assert.EndsWith(".docx", d.FileName);
            Assert.True(names.Add(d.FileName), d.FileName);
            var b = await DocxAsync(curator, $"/consents/form?kind={kind}");
            Assert.True(names.Add(b.FileName), b.FileName);
        }
    }

    private static async Task<(string Text, string FileName)> DocxAsync(HttpClient client, string url)
    {
        var r = await client.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        await using var ms = new MemoryStream(await r.Content.ReadAsByteArrayAsync());
        using var doc = WordprocessingDocument.Open(ms, false);
        var problems = new DocumentFormat.OpenXml.Validation.OpenXmlValidator().Validate(doc).Select(e => e.Description).ToList();
        Assert.True(problems.Count == 0, string.Join("\n", problems));
        return (doc.MainDocumentPart!.Document.InnerText, r.Content.Headers.ContentDisposition?.FileNameStar ?? "");
    }
}
