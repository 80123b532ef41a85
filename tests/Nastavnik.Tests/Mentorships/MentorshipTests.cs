using System.Net;
using System.Text.RegularExpressions;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Validation;
using Microsoft.EntityFrameworkCore;
using Nastavnik.Features.Consents;
using Nastavnik.Features.Mentorships;
using Nastavnik.Features.People;
using Nastavnik.Platform.Auth;
using Nastavnik.Tests.People;

namespace Nastavnik.Tests.Mentorships;

public sealed partial class MentorshipTests(TestApp app) : IClassFixture<TestApp>
{
    private static Dictionary<string, string> ApproveForm(int orgId, string number, params int[] ids)
    {
        var d = new Dictionary<string, string> { ["Input.OrganizationId"] = orgId.ToString(), ["Input.Number"] = number, ["Input.Date"] = "2026-11-23" };
        // FormUrlEncodedContent takes pairs; a dictionary cannot repeat Input.Ids, so the tests approve one id per key index.
        for (var i = 0; i < ids.Length; i++) d[$"Input.Ids[{i}]"] = ids[i].ToString();
        return d;
    }

    [Fact]
    public async Task Move_InvalidTransition_RefusedInRussian_StatusUnchanged()
    {
        var org = await app.CreateOrganizationAsync();
        var m = await app.CreateMentorshipAsync(org, await app.CreateMentorAsync(org), await app.CreateMenteeAsync(org), MentorshipStatus.Draft);
        var curator = await app.LoginAsAsync(Role.Curator, organization: org);
        var r = await curator.PostFormAsync($"/mentorships/card/{m.Id}?handler=Move", new() { ["to"] = "Active", ["version"] = m.Version.ToString() }, $"/mentorships/card/{m.Id}");
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        Assert.Contains("Нельзя перевести пару/группу из состояния «черновик» в состояние «действует».", await r.Content.ReadAsStringAsync());
        Assert.Equal(MentorshipStatus.Draft, await app.WithDbAsync(db => db.Mentorships.Where(x => x.Id == m.Id).Select(x => x.Status).SingleAsync()));

        var ok = await curator.PostFormAsync($"/mentorships/card/{m.Id}?handler=Move", new() { ["to"] = "Proposed", ["version"] = m.Version.ToString() }, $"/mentorships/card/{m.Id}");
        Assert.Equal(HttpStatusCode.Redirect, ok.StatusCode);
        var history = await app.WithDbAsync(db => db.MentorshipTransitions.Where(t => t.MentorshipId == m.Id).ToListAsync());
        Assert.Single(history, t => t.From == MentorshipStatus.Draft && t.To == MentorshipStatus.Proposed && t.UserName != null);
        Assert.True(await app.WithDbAsync(db => db.AuditEntries.AnyAsync(a => a.EntityType == "mentorship" && a.EntityId == m.Id.ToString() && a.Action == "mentorship.proposed")));

        var noReason = await curator.PostFormAsync($"/mentorships/card/{m.Id}?handler=Move", new() { ["to"] = "Terminated", ["version"] = (await Version(m.Id)).ToString() }, $"/mentorships/card/{m.Id}");
        Assert.Contains("Укажите причину.", await noReason.Content.ReadAsStringAsync());
    }

    private Task<Guid> Version(int id) => app.WithDbAsync(db => db.Mentorships.Where(x => x.Id == id).Select(x => x.Version).SingleAsync());

    [Fact]
    public async Task Curator_CreatesPairByHand_OnlyFittingKinds_HeadCanApprove()
    {
        var org = await app.CreateOrganizationAsync();
        var mentor = await app.CreateMentorAsync(org, "Опытная");
        var mentee = await app.CreateMenteeAsync(org, "Начинающая");
        var pupil = await app.CreatePersonAsync(org, "Школьников", PersonKind.Pupil, mentee: true, birthDate: new DateOnly(2012, 1, 1), guardian: "Школьникова А. А.");
        var (form, kind) = await app.WithDbAsync(async db => ((await db.MentoringForms.FirstAsync(f => f.RegionId == null && f.Code == "teacher-teacher")).Id,
            (await db.MentoringKinds.FirstAsync(k => k.RegionId == null && k.Code == "traditional")).Id));
        var curator = await app.LoginAsAsync(Role.Curator, organization: org);
        var page = await curator.GetHtmlAsync($"/mentorships/edit?org={org.Id}&form={form}");
        Assert.Contains("Опытная", page);
        Assert.Contains("Начинающая", page);
        Assert.DoesNotContain("Школьников", page);

        var bad = await curator.PostFormAsync("/mentorships/edit", new()
        {
            ["Input.OrganizationId"] = org.Id.ToString(), ["Input.FormId"] = form.ToString(), ["Input.KindId"] = kind.ToString(), ["Input.Mentors"] = mentor.Id.ToString(),
            ["Input.Mentees"] = pupil.Id.ToString(), ["Input.StartDate"] = "2026-12-01", ["Input.EndDate"] = "2027-05-31", ["Input.Propose"] = "true",
        });
        Assert.Contains("не может быть наставляемым в форме «учитель – учитель»", await bad.Content.ReadAsStringAsync());

        var ok = await curator.PostFormAsync("/mentorships/edit", new()
        {
            ["Input.OrganizationId"] = org.Id.ToString(), ["Input.FormId"] = form.ToString(), ["Input.KindId"] = kind.ToString(), ["Input.Mentors"] = mentor.Id.ToString(),
            ["Input.Mentees"] = mentee.Id.ToString(), ["Input.StartDate"] = "2026-12-01", ["Input.EndDate"] = "2027-05-31", ["Input.Propose"] = "true",
        });
        Assert.Equal(HttpStatusCode.Redirect, ok.StatusCode);
        var created = await app.WithDbAsync(db => db.Mentorships.SingleAsync(m => m.OrganizationId == org.Id));
        Assert.Equal(MentorshipStatus.Proposed, created.Status);
    }

    [Fact]
    public async Task Approve_MissingMentorDutiesConsent_BlockedWithName()
    {
        var org = await app.CreateOrganizationAsync();
        var mentor = await app.CreateMentorAsync(org, "Безсогласная", duties: false);
        var m = await app.CreateMentorshipAsync(org, mentor, await app.CreateMenteeAsync(org));
        var head = await app.LoginAsAsync(Role.Head, organization: org);
        var page = await head.GetHtmlAsync("/mentorships/approve");
        Assert.Contains("Безсогласная Мария Петровна: нет письменного согласия на выполнение обязанностей наставника", page);

        var r = await head.PostFormAsync("/mentorships/approve", ApproveForm(org.Id, "12", m.Id));
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        Assert.Contains("Безсогласная Мария Петровна: нет письменного согласия на выполнение обязанностей наставника", await r.Content.ReadAsStringAsync());
        Assert.Equal(MentorshipStatus.Proposed, await app.WithDbAsync(db => db.Mentorships.Where(x => x.Id == m.Id).Select(x => x.Status).SingleAsync()));
        Assert.Equal(0, await app.WithDbAsync(db => db.ApprovalOrders.CountAsync(o => o.OrganizationId == org.Id)));
    }

    [Fact]
    public async Task Approve_TwoPairs_OrderDocxValid_ContainsPairs_NumberUniquePerYear_ParticipantsNotified()
    {
        var org = await app.CreateOrganizationAsync();
        var mentorUser = await app.CreateUserAsync(Role.Mentor, organization: org);
        var mentor = await app.CreateMentorAsync(org, "Волкова", email: mentorUser.Email!.ToUpperInvariant());
        var a = await app.CreateMentorshipAsync(org, mentor, await app.CreateMenteeAsync(org, "Зайцев"));
        var b = await app.CreateMentorshipAsync(org, mentor, await app.CreateMenteeAsync(org, "Кириллова"));
        var headUser = await app.CreateUserAsync(Role.Head, organization: org);
        var head = await app.LoginAsync(headUser);
        var r = await head.PostFormAsync("/mentorships/approve", ApproveForm(org.Id, "191", a.Id, b.Id));
        Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);
        var order = await app.WithDbAsync(db => db.ApprovalOrders.SingleAsync(o => o.OrganizationId == org.Id));
        Assert.Equal("191", order.Number);
        Assert.Equal(2026, order.Year);

        var file = await head.GetAsync($"/mentorships/orders?handler=Download&id={order.Id}");
        Assert.Equal("application/vnd.openxmlformats-officedocument.wordprocessingml.document", file.Content.Headers.ContentType!.MediaType);
        using var stream = new MemoryStream(await file.Content.ReadAsByteArrayAsync());
        using var doc = WordprocessingDocument.Open(stream, false);
        Assert.Empty(new OpenXmlValidator().Validate(doc));
        var text = doc.MainDocumentPart!.Document!.Body!.InnerText;
        Assert.Contains("ПРИКАЗ", text);
        Assert.Contains("Об утверждении наставнических пар/групп", text);
        Assert.Contains(org.Name, text);
        Assert.Contains("№ 191", text);
        Assert.Contains("Волкова Мария Петровна", text);
        Assert.Contains("Зайцев Мария Петровна", text);
        Assert.Contains("Кириллова Мария Петровна", text);
        Assert.Contains("учитель – учитель", text);
        Assert.Contains("Директор", text);
        Assert.Contains("Т. Т. Тестов", text);

        Assert.All(await app.WithDbAsync(db => db.Mentorships.Where(m => m.OrganizationId == org.Id).ToListAsync()), m =>
        {
            Assert.Equal(MentorshipStatus.Approved, m.Status);
            Assert.Equal(order.Id, m.ApprovalOrderId);
        });
        Assert.Equal(MenteeStatus.InMentorship, await app.WithDbAsync(db => db.MenteeProfiles.Where(p => p.PersonId == a.Participants[1].PersonId).Select(p => p.Status).SingleAsync()));

        // The mentor has an account with the same e-mail: the approval reaches them in-app.
        Assert.Equal(2, await app.WithDbAsync(db => db.Notifications.CountAsync(n => n.UserId == mentorUser.Id && n.Text.Contains("утверждена"))));

        var c = await app.CreateMentorshipAsync(org, await app.CreateMentorAsync(org, "Ершова"), await app.CreateMenteeAsync(org, "Макаров"));
        var dup = await head.PostFormAsync("/mentorships/approve", ApproveForm(org.Id, "191", c.Id));
        Assert.Contains("Приказ № 191 за 2026 год уже зарегистрирован", await dup.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Approve_ParallelRequests_OnlyCapacityManySucceed()
    {
        var org = await app.CreateOrganizationAsync();
        var mentor = await app.CreateMentorAsync(org, "Ёмкая", capacity: 2);
        var pairs = new List<Mentorship>();
        for (var i = 0; i < 5; i++) pairs.Add(await app.CreateMentorshipAsync(org, mentor, await app.CreateMenteeAsync(org, $"Ждущий{i}")));
        var heads = new List<HttpClient>();
        for (var i = 0; i < pairs.Count; i++) heads.Add(await app.LoginAsAsync(Role.Head, organization: org));
        var tokens = new List<string>();
        foreach (var h in heads) tokens.Add(WebUtility.HtmlDecode(TokenRegex().Match(await h.GetHtmlAsync("/mentorships/approve")).Groups[1].Value));

        var responses = await Task.WhenAll(heads.Select((h, i) =>
        {
            var form = ApproveForm(org.Id, $"п-{i}", pairs[i].Id);
            form["__RequestVerificationToken"] = tokens[i];
            return h.PostAsync("/mentorships/approve", new FormUrlEncodedContent(form));
        }));

        Assert.Equal(2, responses.Count(r => r.StatusCode == HttpStatusCode.Redirect));
        Assert.All(responses.Where(r => r.StatusCode != HttpStatusCode.Redirect), r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        var losers = await Task.WhenAll(responses.Where(r => r.StatusCode == HttpStatusCode.OK).Select(r => r.Content.ReadAsStringAsync()));
        Assert.All(losers, html => Assert.Contains("нет свободных мест (занято 2 из 2)", html));
        Assert.Equal(2, await app.WithDbAsync(db => db.Mentorships.CountAsync(m => m.OrganizationId == org.Id && m.Status == MentorshipStatus.Approved)));
        Assert.Equal(2, await app.WithDbAsync(db => db.ApprovalOrders.CountAsync(o => o.OrganizationId == org.Id)));
    }

    [Fact]
    public async Task Approve_SameMenteeSameFormTwice_SecondRefused()
    {
        var org = await app.CreateOrganizationAsync();
        var mentee = await app.CreateMenteeAsync(org, "Двойнова");
        var a = await app.CreateMentorshipAsync(org, await app.CreateMentorAsync(org, "Первая"), mentee);
        var b = await app.CreateMentorshipAsync(org, await app.CreateMentorAsync(org, "Вторая"), mentee);
        var head = await app.LoginAsAsync(Role.Head, organization: org);
        Assert.Equal(HttpStatusCode.Redirect, (await head.PostFormAsync("/mentorships/approve", ApproveForm(org.Id, "1", a.Id))).StatusCode);
        var r = await head.PostFormAsync("/mentorships/approve", ApproveForm(org.Id, "2", b.Id));
        Assert.Contains("Двойнова Мария Петровна уже состоит в утверждённой паре/группе формы «учитель – учитель»", await r.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task OtherSchoolsCurator_Gets404_AndSeesNothing()
    {
        var region = await app.CreateRegionAsync();
        var a = await app.CreateOrganizationAsync(await app.CreateMunicipalityAsync(region));
        var b = await app.CreateOrganizationAsync(await app.CreateMunicipalityAsync(region));
        var m = await app.CreateMentorshipAsync(b, await app.CreateMentorAsync(b, "Чужая"), await app.CreateMenteeAsync(b));
        var curator = await app.LoginAsAsync(Role.Curator, organization: a);
        Assert.Equal(HttpStatusCode.NotFound, (await curator.GetAsync($"/mentorships/card/{m.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await curator.PostFormAsync($"/mentorships/card/{m.Id}?handler=Move",
            new() { ["to"] = "Terminated", ["reason"] = "x", ["version"] = m.Version.ToString() }, "/mentorships")).StatusCode);
        Assert.DoesNotContain("Чужая", await curator.GetHtmlAsync("/mentorships"));
        var head = await app.LoginAsAsync(Role.Head, organization: a);
        var r = await head.PostFormAsync("/mentorships/approve", ApproveForm(b.Id, "5", m.Id));
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        Assert.Equal(MentorshipStatus.Proposed, await app.WithDbAsync(db => db.Mentorships.Where(x => x.Id == m.Id).Select(x => x.Status).SingleAsync()));
    }

    [Fact]
    public async Task ReplaceMentor_TerminatesWithReason_NewDraftWithSameMentee()
    {
        var org = await app.CreateOrganizationAsync();
        var mentee = await app.CreateMenteeAsync(org, "Сменщикова");
        var m = await app.CreateMentorshipAsync(org, await app.CreateMentorAsync(org, "Старая"), mentee, MentorshipStatus.Active);
        var next = await app.CreateMentorAsync(org, "Новая");
        var curator = await app.LoginAsAsync(Role.Curator, organization: org);
        var card = await curator.GetHtmlAsync($"/mentorships/card/{m.Id}");
        Assert.Contains("Пара существует", card);
        var r = await curator.PostFormAsync($"/mentorships/card/{m.Id}?handler=Replace",
            new() { ["newMentorId"] = next.Id.ToString(), ["reason"] = "несовместимость графиков", ["version"] = m.Version.ToString() }, $"/mentorships/card/{m.Id}");
        Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);
        var old = await app.WithDbAsync(db => db.Mentorships.SingleAsync(x => x.Id == m.Id));
        Assert.Equal(MentorshipStatus.Terminated, old.Status);
        Assert.Contains("несовместимость графиков", old.CloseReason);
        var created = await app.WithDbAsync(db => db.Mentorships.Include(x => x.Participants).SingleAsync(x => x.ReplacesMentorshipId == m.Id));
        Assert.Equal(MentorshipStatus.Draft, created.Status);
        Assert.Contains(created.Participants, p => p.PersonId == next.Id && p.Role == ParticipantRole.Mentor);
        Assert.Contains(created.Participants, p => p.PersonId == mentee.Id && p.Role == ParticipantRole.Mentee);
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenRegex();
}
