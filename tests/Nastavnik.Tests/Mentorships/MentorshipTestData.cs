using Microsoft.EntityFrameworkCore;
using Nastavnik.Data;
using Nastavnik.Features.Consents;
using Nastavnik.Features.Mentorships;
using Nastavnik.Features.Organizations;
using Nastavnik.Features.People;
using Nastavnik.Tests.People;

namespace Nastavnik.Tests.Mentorships;

public static class MentorshipTestData
{
    /// <summary>A teacher in the mentor bank with the given capacity and (unless told otherwise) the written consent to the duties.</summary>
    public static async Task<Person> CreateMentorAsync(this TestApp app, Organization org, string lastName = "Наставникова", int capacity = 2, bool duties = true,
        string? email = null, string? subjects = null)
    {
        var p = await app.CreatePersonAsync(org, lastName, mentor: true);
        await app.WithDbAsync(async db =>
        {
            var profile = await db.MentorProfiles.FirstAsync(x => x.PersonId == p.Id);
            profile.Capacity = capacity;
            var person = await db.People.FirstAsync(x => x.Id == p.Id);
            person.Email = email;
            person.Subjects = subjects;
            if (duties) db.Consents.Add(await ConsentAsync(db, p.Id, ConsentKind.MentorDuties, org.Name, app));
            await db.SaveChangesAsync();
        });
        return p;
    }

    public static async Task<Person> CreateMenteeAsync(this TestApp app, Organization org, string lastName = "Молодцова", string? email = null, string? subjects = null)
    {
        var p = await app.CreatePersonAsync(org, lastName, mentee: true);
        if (email is not null || subjects is not null)
            await app.WithDbAsync(async db =>
            {
                var person = await db.People.FirstAsync(x => x.Id == p.Id);
                person.Email = email;
                person.Subjects = subjects;
                await db.SaveChangesAsync();
            });
        return p;
    }

    public static async Task<Consent> ConsentAsync(AppDbContext db, int personId, ConsentKind kind, string op, TestApp app)
    {
        var t = await ConsentTexts.ResolveAsync(db, kind, ConsentTexts.For(kind));
        return new Consent
        {
            PersonId = personId, Kind = kind, GivenBy = ConsentGiver.Subject, Operator = op, Text = t, SignedOn = new DateOnly(2026, 9, 1), RecordedAt = app.Clock.GetUtcNow().UtcDateTime,
        };
    }

    /// <summary>A pair in the given state (default: on approval), teacher–teacher, traditional, 01.12.2026–31.05.2027.</summary>
    public static Task<Mentorship> CreateMentorshipAsync(this TestApp app, Organization org, Person mentor, Person mentee,
        MentorshipStatus status = MentorshipStatus.Proposed, string formCode = "teacher-teacher") =>
        app.WithDbAsync(async db =>
        {
            var form = await db.MentoringForms.FirstAsync(f => f.RegionId == null && f.Code == formCode);
            var kind = await db.MentoringKinds.FirstAsync(k => k.RegionId == null && k.Code == "traditional");
            var m = new Mentorship
            {
                OrganizationId = org.Id, MunicipalityId = org.MunicipalityId, RegionId = org.RegionId, FormId = form.Id, KindId = kind.Id, Status = status,
                StartDate = new DateOnly(2026, 12, 1), EndDate = new DateOnly(2027, 5, 31), CreatedAt = app.Clock.GetUtcNow().UtcDateTime,
                Participants = [new() { PersonId = mentor.Id, Role = ParticipantRole.Mentor }, new() { PersonId = mentee.Id, Role = ParticipantRole.Mentee }],
            };
            db.Mentorships.Add(m);
            await db.SaveChangesAsync();
            return m;
        });
}
