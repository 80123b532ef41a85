using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.RegularExpressions;
using AngleSharp.Html.Parser;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Nastavnik.Data;
using Nastavnik.Features.Consents;
using Nastavnik.Features.Organizations;
using Nastavnik.Features.People;
using Nastavnik.Platform.Auth;

namespace Nastavnik.Tests.People;

public sealed partial class PeopleImportTests(TestApp app) : IClassFixture<TestApp>
{
    private async Task<(HttpClient Client, Organization Org)> CuratorAsync(string? orgName = null)
    {
        var org = await app.CreateOrganizationAsync(name: orgName);
        return (await app.LoginAsAsync(Role.Curator, organization: org), org);
    }

    private static async Task<HttpResponseMessage> UploadAsync(HttpClient client, string fileName, byte[] content, int? organizationId = null, DateOnly? paperConsent = null)
    {
        var page = await client.GetHtmlAsync("/people/import");
        var token = TokenRegex().Match(page).Groups[1].Value;
        using var form = new MultipartFormDataContent();
        form.Add(new StringContent(WebUtility.HtmlDecode(token)), "__RequestVerificationToken");
        var file = new ByteArrayContent(content);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        form.Add(file, "file", fileName);
        if (organizationId is not null) form.Add(new StringContent(organizationId.ToString()!), "OrganizationId");
        if (paperConsent is { } d)
        {
            form.Add(new StringContent("true"), "PaperConsent");
            form.Add(new StringContent(d.ToString("yyyy-MM-dd")), "PaperConsentDate");
        }
        return await client.PostAsync("/people/import?handler=Analyze", form);
    }

    private static async Task<string> UploadHtmlAsync(HttpClient client, string fileName, byte[] content, int? organizationId = null, DateOnly? paperConsent = null)
    {
        var response = await UploadAsync(client, fileName, content, organizationId, paperConsent);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }

    /// <summary>The fields of the form on a dry-run page as a browser would send them (hidden inputs, chosen options, checked radios).</summary>
    private static Dictionary<string, string> FormOf(string html)
    {
        var doc = new HtmlParser().ParseDocument(html);
        var form = doc.QuerySelectorAll("form").First(f => f.QuerySelector("input[name=token]") is not null);
        var fields = new Dictionary<string, string>();
        foreach (var input in form.QuerySelectorAll("input"))
        {
            var name = input.GetAttribute("name");
            var type = input.GetAttribute("type") ?? "text";
            if (name is null) continue;
            if (type is "radio" or "checkbox" && !input.HasAttribute("checked")) continue;
            fields[name] = input.GetAttribute("value") ?? "";
        }
        foreach (var select in form.QuerySelectorAll("select"))
        {
            var chosen = select.QuerySelector("option[selected]") ?? select.QuerySelector("option");
            fields[select.GetAttribute("name")!] = chosen?.GetAttribute("value") ?? "";
        }
        return fields;
    }

    private static async Task<HttpResponseMessage> PostFormAsync(HttpClient client, string handler, Dictionary<string, string> fields) =>
        await client.PostAsync("/people/import?handler=" + handler, new FormUrlEncodedContent(fields));

    private static async Task<HttpResponseMessage> ApplyAsync(HttpClient client, string analyzeHtml, bool allOrNothing)
    {
        var fields = FormOf(analyzeHtml);
        fields["AllOrNothing"] = allOrNothing ? "true" : "false";
        return await PostFormAsync(client, "Apply", fields);
    }

    private Task<List<Person>> PeopleOf(Organization org) =>
        app.WithDbAsync(db => db.People.Include(p => p.Mentor).ThenInclude(m => m!.Strengths).Include(p => p.Mentee).Include(p => p.Categories).Include(p => p.Deficits)
            .AsSplitQuery().Where(p => p.OrganizationId == org.Id).OrderBy(p => p.LastName).ToListAsync());

    private Task<List<Consent>> ConsentsOf(Organization org) =>
        app.WithDbAsync(db => db.Consents.Include(c => c.Text).Where(c => c.Person!.OrganizationId == org.Id).ToListAsync());

    private static string[][] LibreOfficeRows(string phone = "+7 900 111-22-33", string pupilCategories = "одарённый") =>
    [
        ["ФИО", "Дата рождения", "Кто", "Класс", "Должность", "Стаж", "Телефон", "Email", "Роль в банке", "Компетенции", "Запрос", "Категории",
            "Дата согласия", "Согласие дал", "ФИО представителя", "Основание полномочий"],
        // Dates as LibreOffice stores them: serial day numbers in number cells (31094 = 16.02.1985).
        ["иванова  Мария Петровна", "31094", "педагог", "", "учитель математики", "15", phone, "ivanova@school.ru", "наставник",
            "Подготовка к ОГЭ и ЕГЭ; Инклюзивное образование, адаптированные программы", "", "", "01.09.2026", "сам", "", ""],
        ["Петров Илья Сергеевич", "01.05.2013", "обучающийся", "7Б", "", "", "", "", "наставляемый", "", "подтянуть алгебру", pupilCategories,
            "02.09.2026", "законный представитель", "Петрова Ольга Ивановна", "мать, свидетельство о рождении"],
        ["Сидорова Анна", "", "учитель", "", "учитель русского языка", "1", "", "", "наставляемый", "Классное руководство", "классное руководство", "молодой специалист",
            "2026-09-03", "", "", ""],
    ];

    /// <summary>The file carries no consent to health data, so a row with ОВЗ is refused with the reason (152-ФЗ art. 10); the others go in.</summary>
    [Fact]
    public async Task Import_OvzWithoutHealthConsent_RowRejectedWithReason_OthersCreated()
    {
        var (client, org) = await CuratorAsync();
        var html = await UploadHtmlAsync(client, "Список.xlsx", TestFiles.Xlsx(LibreOfficeRows(pupilCategories: "ОВЗ, одарённый")), org.Id);
        Assert.Contains("будет создано: <strong>2</strong>", html);
        Assert.Contains("ОВЗ: нет согласия на обработку данных о здоровье", html);
        var applied = await ApplyAsync(client, html, allOrNothing: false);
        Assert.Equal(HttpStatusCode.OK, applied.StatusCode);
        Assert.Contains("Импорт выполнен: создано 2, обновлено 0, без изменений 0, отклонено 1.", await applied.Content.ReadAsStringAsync());
        Assert.Equal(["Иванова", "Сидорова"], (await PeopleOf(org)).Select(p => p.LastName));
        Assert.DoesNotContain(await PeopleOf(org), p => p.Categories.Any(c => c.Category == MenteeCategory.Ovz));
    }

    [Fact]
    public async Task Import_LibreOfficeXlsx_CreatesPeopleWithConsents_ReimportChangesNothing()
    {
        var (client, org) = await CuratorAsync();
        var xlsx = TestFiles.Xlsx(LibreOfficeRows());
        var html = await UploadHtmlAsync(client, "Список.xlsx", xlsx, org.Id);
        Assert.Contains("будет создано: <strong>3</strong>", html);
        Assert.Contains("отклонено: <strong class=\"\">0</strong>", html);
        Assert.Equal(HttpStatusCode.Redirect, (await ApplyAsync(client, html, allOrNothing: true)).StatusCode);

        var people = await PeopleOf(org);
        Assert.Equal(["Иванова", "Петров", "Сидорова"], people.Select(p => p.LastName));
        var ivanova = people[0];
        Assert.Equal(new DateOnly(1985, 2, 16), ivanova.BirthDate);
        Assert.Equal(PersonKind.Teacher, ivanova.Kind);
        Assert.Equal(15, ivanova.TotalExperienceYears);
        Assert.Equal("+7 900 111-22-33", ivanova.Phone);
        Assert.Equal(MentorBankStatus.Candidate, ivanova.Mentor!.Status);
        var names = await app.WithDbAsync(db => db.Competencies.Where(c => ivanova.Mentor.Strengths.Select(s => s.CompetencyId).Contains(c.Id)).Select(c => c.Name).ToListAsync());
        Assert.Equal(["Инклюзивное образование, адаптированные программы", "Подготовка к ОГЭ и ЕГЭ"], names.Order());
        var pupil = people[1];
        Assert.Equal(PersonKind.Pupil, pupil.Kind);
        Assert.Equal("7Б", pupil.ClassName);
        Assert.Equal("подтянуть алгебру", pupil.Mentee!.Request);
        Assert.Equal([MenteeCategory.Gifted], pupil.Categories.Select(c => c.Category).Order());
        Assert.Equal("Петрова Ольга Ивановна", pupil.GuardianName);
        var sidorova = people[2];
        Assert.Null(sidorova.BirthDate);
        Assert.Null(sidorova.MiddleName);
        Assert.Single(sidorova.Deficits);

        var consents = await ConsentsOf(org);
        Assert.Equal(3, consents.Count);
        var minor = consents.Single(c => c.PersonId == pupil.Id);
        Assert.Equal(ConsentGiver.Guardian, minor.GivenBy);
        Assert.Equal("мать, свидетельство о рождении", minor.GuardianAuthority);
        Assert.Equal(new DateOnly(2026, 9, 2), minor.SignedOn);
        Assert.Contains(org.Name, minor.Operator);
        Assert.Equal(ConsentTexts.For(ConsentKind.PersonalData), minor.Text!.Wording);
        // Values the bulk writer encodes itself (binary COPY on PostgreSQL, text on SQLite) read back as EF wrote them.
        Assert.Equal(app.Clock.GetUtcNow().UtcDateTime, minor.RecordedAt, TimeSpan.FromMilliseconds(1));
        Assert.Equal(ConsentGiver.Subject, consents.Single(c => c.PersonId == ivanova.Id).GivenBy);
        Assert.All(people, p => Assert.Equal(DateOnly.FromDateTime(app.Clock.GetLocalNow().DateTime), p.EnteredOn));
        Assert.All(people, p => Assert.NotEqual(Guid.Empty, p.Version));
        Assert.Equal(3, people.Select(p => p.Version).Distinct().Count());

        // The register shows them like people entered by hand.
        Assert.Contains("Иванова Мария Петровна", await client.GetHtmlAsync("/people?register=Mentors"));
        Assert.Contains($"href=\"/people/card/{pupil.Id}\"", await client.GetHtmlAsync("/people?register=Mentees"));

        var again = await UploadHtmlAsync(client, "Список.xlsx", xlsx, org.Id);
        Assert.Contains("будет создано: <strong>0</strong>", again);
        Assert.Contains("без изменений: <strong>3</strong>", again);
        Assert.Equal(HttpStatusCode.Redirect, (await ApplyAsync(client, again, allOrNothing: false)).StatusCode);
        Assert.Equal(3, (await PeopleOf(org)).Count);
        Assert.Equal(3, (await ConsentsOf(org)).Count);
        var versions = (await PeopleOf(org)).Select(p => p.Version).ToList();
        Assert.Equal(people.Select(p => p.Version), versions);

        // A changed phone is an update of that one person, nothing else.
        var changed = await UploadHtmlAsync(client, "Список.xlsx", TestFiles.Xlsx(LibreOfficeRows(phone: "+7 900 999-00-00")), org.Id);
        Assert.Contains("будет обновлено: <strong>1</strong>", changed);
        Assert.Contains("Изменится: телефон.", changed);
        await ApplyAsync(client, changed, allOrNothing: true);
        var after = await PeopleOf(org);
        Assert.Equal("+7 900 999-00-00", after[0].Phone);
        Assert.NotEqual(people[0].Version, after[0].Version);
        Assert.Equal(people[1].Version, after[1].Version);
    }

    private const string BadCsv =
        "Фамилия;Имя;Отчество;Дата рождения;Кто;Класс;Дата согласия;Согласие дал;ФИО представителя;Основание полномочий\r\n" +
        "Кузнецова;Ольга;Ивановна;;педагог;;01.09.2026;сам;;\r\n" +
        "Морозов;Дмитрий;Андреевич;12.03.2012;обучающийся;8А;01.09.2026;сам;;\r\n" +
        "Волкова;Елена;;31.02.2010;обучающийся;9Б;01.09.2026;законный представитель;Волков Пётр;отец\r\n" +
        "Лебедев;Артём;Олегович;;педагог;;;;;\r\n" +
        "Соколова;;Павловна;;педагог;;01.09.2026;сам;;\r\n" +
        "кузнецова;Ольга;Ивановна;;педагог;;01.09.2026;сам;;\r\n" +
        "Новиков;Кирилл;;;космонавт;;01.09.2026;сам;;\r\n";

    private const string FixedCsv =
        "Фамилия;Имя;Отчество;Дата рождения;Кто;Класс;Дата согласия;Согласие дал;ФИО представителя;Основание полномочий\r\n" +
        "Кузнецова;Ольга;Ивановна;;педагог;;01.09.2026;сам;;\r\n" +
        "Морозов;Дмитрий;Андреевич;12.03.2012;обучающийся;8А;01.09.2026;законный представитель;Морозова Ирина Викторовна;мать, свидетельство о рождении\r\n" +
        "Волкова;Елена;;28.02.2010;обучающийся;9Б;01.09.2026;законный представитель;Волков Пётр;отец, свидетельство о рождении\r\n" +
        "Лебедев;Артём;Олегович;;педагог;;05.09.2026;;;\r\n" +
        "Соколова;Вера;Павловна;;педагог;;01.09.2026;сам;;\r\n" +
        "Новиков;Кирилл;;;внешний специалист;;01.09.2026;сам;;\r\n";

    [Fact]
    public async Task Import_Cp1251Csv_RejectsWithLineAndReason_FixedFileGivesExactlyTheRightPeople()
    {
        var (client, org) = await CuratorAsync();
        var html = await UploadHtmlAsync(client, "ученики.csv", TestFiles.Csv(BadCsv, TestFiles.Cp1251), org.Id);
        Assert.Contains("будет создано: <strong>1</strong>", html);
        Assert.Contains("отклонено: <strong class=\"text-danger\">6</strong>", html);
        Assert.Matches(@"<td>3</td><td>Морозов Дмитрий Андреевич</td><td>[^<]*</td><td>[^<]*За несовершеннолетнего согласие даёт законный представитель\.", html);
        Assert.Matches(@"<td>4</td>.*Дата рождения «31\.02\.2010» не распознана", html);
        Assert.Matches(@"<td>5</td>.*Нет согласия на обработку персональных данных", html);
        Assert.Matches(@"<td>6</td>.*Не указано имя\.", html);
        Assert.Matches(@"<td>7</td>.*Повторяет строку 2", html);
        Assert.Matches(@"<td>8</td>.*Непонятно, кто это: «космонавт»", html);

        // The rejected rows as XLSX: the file's columns plus the reason.
        var xlsx = await PostFormAsync(client, "Rejected", FormOf(html));
        Assert.Equal("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", xlsx.Content.Headers.ContentType?.MediaType);
        var sheet = ReadXlsx(await xlsx.Content.ReadAsByteArrayAsync());
        Assert.Equal(7, sheet.Count);
        Assert.Equal("Причина", sheet[0][^1]);
        Assert.Equal("Морозов", sheet[1][0]);
        Assert.StartsWith("Строка 3: ", sheet[1][^1]);

        // Valid rows are written, the rejected ones stay on screen.
        var applied = await ApplyAsync(client, html, allOrNothing: false);
        var appliedHtml = await applied.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, applied.StatusCode);
        Assert.Contains("Импорт выполнен: создано 1, обновлено 0, без изменений 0, отклонено 6.", appliedHtml);
        Assert.Contains("Повторяет строку 2", appliedHtml);
        Assert.Equal(["Кузнецова"], (await PeopleOf(org)).Select(p => p.LastName));

        var fixedHtml = await UploadHtmlAsync(client, "ученики.csv", TestFiles.Csv(FixedCsv, TestFiles.Cp1251), org.Id);
        Assert.Contains("будет создано: <strong>4</strong>", fixedHtml);
        Assert.Contains("без изменений: <strong>1</strong>", fixedHtml);
        // An external specialist needs a partner organisation: that rule is the form's, and the import keeps it.
        Assert.Contains("Укажите организацию-партнёра", fixedHtml);
        await ApplyAsync(client, fixedHtml, allOrNothing: false);
        var people = await PeopleOf(org);
        Assert.Equal(["Волкова Елена", "Кузнецова Ольга Ивановна", "Лебедев Артём Олегович", "Морозов Дмитрий Андреевич", "Соколова Вера Павловна"], people.Select(p => p.FullName));
        Assert.Equal(5, (await ConsentsOf(org)).Count);
        Assert.Equal(new DateOnly(2026, 9, 5), (await ConsentsOf(org)).Single(c => c.PersonId == people[2].Id).SignedOn);

        var again = await UploadHtmlAsync(client, "ученики.csv", TestFiles.Csv(FixedCsv, TestFiles.Cp1251), org.Id);
        Assert.Contains("будет создано: <strong>0</strong>", again);
        Assert.Contains("без изменений: <strong>5</strong>", again);
    }

    [Fact]
    public async Task Import_Utf8CommaCsvWithBom_AndPaperConsentFromTheForm()
    {
        var (client, org) = await CuratorAsync();
        var csv = "ФИО,Должность,Предметы\r\n\"Орлова Светлана Игоревна\",учитель,\"физика, астрономия\"\r\nБелов Андрей,учитель,информатика\r\n";
        var refused = await UploadHtmlAsync(client, "педагоги.csv", TestFiles.Csv(csv, new UTF8Encoding(false), bom: true), org.Id);
        Assert.Contains("отклонено: <strong class=\"text-danger\">2</strong>", refused);
        Assert.Contains("Нет согласия на обработку персональных данных", refused);

        var html = await UploadHtmlAsync(client, "педагоги.csv", TestFiles.Csv(csv, new UTF8Encoding(false), bom: true), org.Id, paperConsent: new DateOnly(2026, 10, 1));
        Assert.Contains("будет создано: <strong>2</strong>", html);
        await ApplyAsync(client, html, allOrNothing: true);
        var people = await PeopleOf(org);
        Assert.Equal("физика, астрономия", people.Single(p => p.LastName == "Орлова").Subjects);
        Assert.All(await ConsentsOf(org), c => Assert.Equal(new DateOnly(2026, 10, 1), c.SignedOn));

        var future = await UploadAsync(client, "педагоги.csv", TestFiles.Csv(csv, Encoding.UTF8), org.Id, paperConsent: new DateOnly(2027, 1, 1));
        Assert.Contains("не может быть в будущем", await future.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Import_AllOrNothing_OneBadRow_WritesNothing()
    {
        var (client, org) = await CuratorAsync();
        var csv = "Фамилия;Имя;Должность;Дата согласия\nАлексеев;Павел;учитель;01.09.2026\nЕгорова;Нина;учитель;01.09.2099\nФомин;Юрий;учитель;01.09.2026\n";
        var html = await UploadHtmlAsync(client, "list.csv", Encoding.UTF8.GetBytes(csv), org.Id);
        Assert.Contains("Дата подписания не может быть в будущем.", html);
        var refused = await ApplyAsync(client, html, allOrNothing: true);
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains("файл не загружен", await refused.Content.ReadAsStringAsync());
        Assert.Empty(await PeopleOf(org));
        Assert.Empty(await ConsentsOf(org));

        await ApplyAsync(client, html, allOrNothing: false);
        Assert.Equal(["Алексеев", "Фомин"], (await PeopleOf(org)).Select(p => p.LastName));
    }

    [Fact]
    public async Task Import_HostileFiles_NeverAnswer500()
    {
        var (client, org) = await CuratorAsync();
        foreach (var (name, content) in TestFiles.HostileCorpus())
        {
            var response = await UploadAsync(client, name, content, org.Id, paperConsent: new DateOnly(2026, 9, 1));
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{name}: {(int)response.StatusCode}");
            var html = await response.Content.ReadAsStringAsync();
            Assert.True(html.Contains("validation-summary-errors", StringComparison.Ordinal) || html.Contains("<p class=\"text-danger\" role=\"alert\">", StringComparison.Ordinal),
                $"{name}: нет сообщения об ошибке");
        }
        // Damaged form fields answer in Russian too.
        var page = await UploadHtmlAsync(client, "ok.csv", Encoding.UTF8.GetBytes("Фамилия;Имя;Должность\nАнисимов;Лев;учитель\n"), org.Id);
        var fields = FormOf(page);
        fields["Map[0]"] = "Nonsense";
        fields["PaperConsentDate"] = "32.13.2026";
        foreach (var handler in new[] { "Apply", "Remap", "Rejected" })
        {
            var r = await PostFormAsync(client, handler, fields);
            Assert.Equal(HttpStatusCode.OK, r.StatusCode);
            Assert.Contains("Форма заполнена неверно", await r.Content.ReadAsStringAsync());
        }
        var stale = FormOf(page);
        stale["token"] = "../../etc/passwd";
        Assert.Contains("Загруженный файл не найден", await (await PostFormAsync(client, "Apply", stale)).Content.ReadAsStringAsync());
        Assert.Empty(await PeopleOf(org));
    }

    [Fact]
    public async Task Import_Curator_CannotImportIntoAnotherSchool()
    {
        var region = await app.CreateRegionAsync();
        var mine = await app.CreateOrganizationAsync(await app.CreateMunicipalityAsync(region), "МБОУ «Своя СОШ»");
        var other = await app.CreateOrganizationAsync(await app.CreateMunicipalityAsync(region), "МБОУ «Чужая СОШ»");
        var curator = await app.LoginAsAsync(Role.Curator, organization: mine);

        var form = await curator.GetHtmlAsync("/people/import");
        Assert.Contains("МБОУ «Своя СОШ»", form);
        Assert.DoesNotContain("Чужая", form);

        var csv = "Фамилия;Имя;Организация;Должность;Дата согласия\nЗахаров;Олег;МБОУ \"Чужая СОШ\";учитель;01.09.2026\nЗуев;Иван;МБОУ \"Своя СОШ\";учитель;01.09.2026\n";
        var html = await UploadHtmlAsync(curator, "list.csv", Encoding.UTF8.GetBytes(csv));
        Assert.Contains("Организация «МБОУ \"Чужая СОШ\"» не найдена среди организаций, в которые вы можете вносить участников.", WebUtility.HtmlDecode(html));
        await ApplyAsync(curator, html, allOrNothing: false);
        Assert.Equal(["Зуев"], (await PeopleOf(mine)).Select(p => p.LastName));
        Assert.Empty(await PeopleOf(other));

        // Choosing the other school in the form is refused as well.
        var forced = await UploadAsync(curator, "list.csv", Encoding.UTF8.GetBytes("Фамилия;Имя;Должность;Дата согласия\nЖуков;Лев;учитель;01.09.2026\n"), other.Id);
        Assert.Contains("Выберите организацию из списка.", await forced.Content.ReadAsStringAsync());
        Assert.Empty(await PeopleOf(other));

        // A mentor may not import at all.
        var mentor = await app.LoginAsAsync(Role.Mentor, organization: mine);
        Assert.Contains("accessdenied", (await mentor.GetAsync("/people/import")).Headers.Location!.OriginalString, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Import_MappingChosenByHand_IsRememberedForThisUserAndOrganisation()
    {
        var (client, org) = await CuratorAsync();
        var csv = "Ф;И;О;Работа\nГусева;Лидия;Ивановна;учитель истории\n";
        var bytes = Encoding.UTF8.GetBytes(csv);
        var html = await UploadHtmlAsync(client, "странный.csv", bytes, org.Id, paperConsent: new DateOnly(2026, 9, 1));
        Assert.Contains("Не найдены столбцы с фамилией и именем", html);

        var fields = FormOf(html);
        fields["Map[0]"] = nameof(PersonField.LastName);
        fields["Map[1]"] = nameof(PersonField.FirstName);
        fields["Map[2]"] = nameof(PersonField.MiddleName);
        fields["Map[3]"] = nameof(PersonField.Position);
        var remapped = await (await PostFormAsync(client, "Remap", fields)).Content.ReadAsStringAsync();
        Assert.Contains("будет создано: <strong>1</strong>", remapped);

        // Next time the same headers are understood at once; another curator still gets the guess.
        var next = await UploadHtmlAsync(client, "странный.csv", bytes, org.Id, paperConsent: new DateOnly(2026, 9, 1));
        Assert.Contains("будет создано: <strong>1</strong>", next);
        var colleague = await app.LoginAsAsync(Role.Curator, organization: org);
        Assert.Contains("Не найдены столбцы с фамилией и именем", await UploadHtmlAsync(colleague, "странный.csv", bytes, org.Id));

        // Applying with a mapping other than the one the dry run showed shows a fresh dry run instead.
        var changed = FormOf(next);
        changed["Map[3]"] = nameof(PersonField.None);
        var refused = await (await PostFormAsync(client, "Apply", changed)).Content.ReadAsStringAsync();
        Assert.Contains("Сопоставление столбцов изменилось", refused);
        Assert.Empty(await PeopleOf(org));

        Assert.Equal(HttpStatusCode.Redirect, (await ApplyAsync(client, next, allOrNothing: true)).StatusCode);
        Assert.Equal("учитель истории", (await PeopleOf(org)).Single().Position);
    }

    [Fact]
    public async Task Import_CoordinatorWithTwoSchools_TakesTheSchoolFromTheFile()
    {
        var m = await app.CreateMunicipalityAsync();
        var a = await app.CreateOrganizationAsync(m, "МБОУ СОШ № 1");
        var b = await app.CreateOrganizationAsync(m, "МБОУ СОШ № 2");
        var coordinator = await app.LoginAsAsync(Role.MunicipalCoordinator, municipality: m);
        var csv = "ФИО;Организация;Кто;Дата согласия\nРомов Ян Янович;мбоу сош №1;педагог;01.09.2026\nРомова Яна Яновна;МБОУ СОШ № 2;педагог;01.09.2026\nБезшколов Ян;;педагог;01.09.2026\n";
        var html = await UploadHtmlAsync(coordinator, "list.csv", Encoding.UTF8.GetBytes(csv));
        Assert.Contains("Не указана организация.", html);
        await ApplyAsync(coordinator, html, allOrNothing: false);
        Assert.Equal(["Ромов"], (await PeopleOf(a)).Select(p => p.LastName));
        Assert.Equal(["Ромова"], (await PeopleOf(b)).Select(p => p.LastName));
    }

    [Fact]
    public async Task Import_PersonWhoWithdrewConsent_IsNotSilentlyAddedAgain()
    {
        var (client, org) = await CuratorAsync();
        var person = await app.CreatePersonAsync(org, "Отзывов");
        await app.WithDbAsync(async db =>
        {
            var p = await db.People.SingleAsync(x => x.Id == person.Id);
            p.IsWithdrawn = true;
            p.WithdrawnAt = new DateTime(2026, 10, 1, 0, 0, 0, DateTimeKind.Utc);
            await db.SaveChangesAsync();
        });
        var csv = "Фамилия;Имя;Отчество;Должность;Дата согласия\nОтзывов;Мария;Петровна;учитель;01.09.2026\n";
        var html = await UploadHtmlAsync(client, "list.csv", Encoding.UTF8.GetBytes(csv), org.Id);
        Assert.Contains("отозвал согласие", html);
        var renewed = await UploadHtmlAsync(client, "list.csv", Encoding.UTF8.GetBytes(csv.Replace("01.09.2026", "02.11.2026", StringComparison.Ordinal)), org.Id);
        Assert.Contains("будет создано: <strong>1</strong>", renewed);
    }

    [Fact]
    public async Task Apply_SmallBatches_BackgroundWritesInterleaveWithLookupsAndUpdates()
    {
        var m = await app.CreateMunicipalityAsync();
        var a = await app.CreateOrganizationAsync(m);
        var b = await app.CreateOrganizationAsync(m);
        await app.CreatePersonAsync(a, "Старожилова");
        var csv = new StringBuilder("ФИО;Организация;Должность;Телефон;Дата согласия\n");
        for (var i = 0; i < 25; i++) csv.Append($"Новиков{i} Пётр;{(i < 12 ? a.Name : b.Name)};учитель;+7 900 000-00-{i:00};01.09.2026\n");
        csv.Append($"Старожилова Мария Петровна;{a.Name};учитель;+7 900 123-45-67;01.09.2026\n");
        for (var i = 25; i < 40; i++) csv.Append($"Новиков{i} Пётр;{b.Name};учитель;;01.09.2026\n");
        // Batches of three: writes run in the background while later rows are read, the second school's people are
        // looked up and the existing person is updated through EF on the same connection.
        await using var scope = app.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<Nastavnik.Platform.Tenancy.CurrentScope>().Set(Nastavnik.Platform.Tenancy.TenantScope.System);
        var importer = scope.ServiceProvider.GetRequiredService<PeopleImporter>();
        using var file = new MemoryStream(Encoding.UTF8.GetBytes(csv.ToString()));
        var result = await importer.ApplyAsync(file, "list.csv", new PeopleImportOptions { BatchSize = 3 });
        Assert.True(result.Written);
        Assert.Equal((40, 1, 0), (result.Created, result.Updated, result.Rejected));
        Assert.Equal(13, (await PeopleOf(a)).Count);
        Assert.Equal(28, (await PeopleOf(b)).Count);
        Assert.Equal("+7 900 123-45-67", (await PeopleOf(a)).Single(p => p.LastName == "Старожилова").Phone);
        Assert.Equal(41, (await ConsentsOf(a)).Count + (await ConsentsOf(b)).Count);
    }

    [Fact]
    public void PersonRules_SensitiveCategoryWithoutTheRight_IsRefused()
    {
        var input = new PersonInput { OrganizationId = 1, LastName = "А", FirstName = "Б", Kind = PersonKind.Pupil, BirthDate = new DateOnly(2012, 1, 1), Categories = [MenteeCategory.Orphan] };
        Assert.Contains(PersonRules.Check(input, new DateOnly(2026, 11, 23), canSetSensitive: false, partnerKnown: true, strengthsKnown: true), e => e.Field == "Categories");
        Assert.Empty(PersonRules.Check(input, new DateOnly(2026, 11, 23), canSetSensitive: true, partnerKnown: true, strengthsKnown: true));
    }

    [Fact]
    public async Task BulkWriter_ColumnLists_CoverEveryMappedColumn()
    {
        await app.WithDbAsync(db =>
        {
            void Covers(Type entity, string[] written, params string[] leftToDefaults)
            {
                var columns = db.Model.FindEntityType(entity)!.GetProperties().Select(p => p.GetColumnName()).ToHashSet();
                Assert.Equal(columns.Order(), written.Concat(leftToDefaults).Order());
            }
            Covers(typeof(Person), PeopleBulkWriter.PeopleColumns);
            Covers(typeof(Consent), PeopleBulkWriter.ConsentColumns, "Id", "Scan", "ScanFileName", "WithdrawnAt", "WithdrawalReason");
            Covers(typeof(MentorProfile), PeopleBulkWriter.MentorColumns);
            Covers(typeof(MenteeProfile), PeopleBulkWriter.MenteeColumns);
            Covers(typeof(MentorStrength), PeopleBulkWriter.StrengthColumns);
            Covers(typeof(PersonCategory), PeopleBulkWriter.CategoryColumns);
            Covers(typeof(Deficit), PeopleBulkWriter.DeficitColumns, "Id");
            return Task.CompletedTask;
        });
    }

    [Fact]
    public void Mapping_RussianHeaders_AreRecognised()
    {
        var headers = new[] { "№ п/п", "Фамилия, имя, отчество", "Дата рождения (ДД.ММ.ГГГГ)", "Кто", "Категория участника", "Роль в банке", "Эл. почта", "Дата согласия",
            "Согласие дал", "ФИО представителя", "Основание полномочий", "Телефон представителя", "Педагогический стаж" };
        var map = PeopleImportMapping.Detect(headers);
        Assert.Equal([PersonField.None, PersonField.FullName, PersonField.BirthDate, PersonField.Kind, PersonField.None, PersonField.BankRole, PersonField.Email,
            PersonField.ConsentDate, PersonField.ConsentGiver, PersonField.GuardianName, PersonField.GuardianBasis, PersonField.GuardianPhone, PersonField.PedagogicalExperience], map);
        Assert.Contains(PeopleImportMapping.Problems(headers, [PersonField.LastName, PersonField.LastName]), p => p.Contains("Фамилия", StringComparison.Ordinal));
    }

    private static List<List<string>> ReadXlsx(byte[] bytes)
    {
        using var ms = new MemoryStream(bytes);
        using var doc = SpreadsheetDocument.Open(ms, false);
        var sheet = doc.WorkbookPart!.WorksheetParts.First().Worksheet;
        return sheet.Descendants<Row>().Select(r => r.Elements<Cell>().Select(c => c.InnerText).ToList()).ToList();
    }

    [Fact]
    public async Task Import_RowWithoutSurname_SaysExactlyThat_LoadedTableSaysLoaded_AuditKeepsTheUsersFileName()
    {
        var (client, org) = await CuratorAsync();
        const string csv = "Фамилия;Имя;Отчество;Кто;Дата согласия;Согласие дал\r\n" +
            "Жукова;Ирина;Петровна;педагог;01.09.2026;сам\r\n" +
            ";Олег;Ильич;педагог;01.09.2026;сам\r\n" +
            ";;;педагог;01.09.2026;сам\r\n";
        var html = await UploadHtmlAsync(client, "Учителя 2026.csv", TestFiles.Csv(csv, Encoding.UTF8, bom: true), org.Id);
        Assert.Matches(@"<td>3</td>.*Не указана фамилия\.", html);
        Assert.Matches(@"<td>4</td>.*Не указаны фамилия и имя\.", html);
        Assert.Contains("Строки, которые будут загружены", html);
        var applied = await ApplyAsync(client, html, allOrNothing: false);
        var after = await applied.Content.ReadAsStringAsync();
        Assert.Contains("Загруженные строки", after);
        Assert.DoesNotContain("Строки, которые будут загружены", after);
        var entry = await app.WithDbAsync(db => db.AuditEntries.Where(a => a.Action == "import" && a.OrganizationId == org.Id).SingleAsync());
        Assert.Contains("«Учителя 2026.csv»", entry.Details);

        var coordinator = await app.LoginAsAsync(Role.MunicipalCoordinator, municipality: await app.WithDbAsync(async db => (await db.Municipalities.FindAsync(org.MunicipalityId))!));
        Assert.Contains("«Учителя 2026.csv»", await coordinator.GetHtmlAsync("/people/accesslog"));
    }

    [Fact]
    public void Import_LongFileName_AuditKeepsAtMost200Characters()
    {
        Assert.Equal(200, PeopleImporter.AuditFileName(new string('я', 300) + ".csv").Length);
        Assert.Equal("список.xlsx", PeopleImporter.AuditFileName(@"C:\Users\x\список.xlsx"));
    }

    [Theory]
    [InlineData("xlsx")]
    [InlineData("csv")]
    public async Task Import_PageDescribesColumns_TemplateDownloads_AndLoadsAsItIs(string format)
    {
        var (client, org) = await CuratorAsync();
        var page = await client.GetHtmlAsync("/people/import");
        Assert.DoesNotContain("docs/import.md", page);
        Assert.Contains("Основание полномочий", page);
        Assert.Contains($"/people/import?handler=Template&amp;format={format}", page);
        var r = await client.GetAsync($"/people/import?handler=Template&format={format}");
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        var bytes = await r.Content.ReadAsByteArrayAsync();
        var html = await UploadHtmlAsync(client, "Образец." + format, bytes, org.Id);
        // Every column of the sample is recognised and its example row is valid.
        Assert.DoesNotContain("<option value=\"None\" selected=\"selected\"", html);
        Assert.Contains("будет создано: <strong>1</strong>", html);
        Assert.Contains("отклонено: <strong class=\"\">0</strong>", html);
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenRegex();
}
