using Nastavnik.Features.Consents;
using Nastavnik.Features.Organizations;
using Nastavnik.Features.People;

namespace Nastavnik.Tests.People;

public static class PeopleTestData
{
    /// <summary>A person with a recorded personal-data consent, as the register requires.</summary>
    public static Task<Person> CreatePersonAsync(this TestApp app, Organization org, string lastName = "Иванова", PersonKind kind = PersonKind.Teacher,
        MenteeCategory[]? categories = null, bool mentor = false, bool mentee = false, DateOnly? birthDate = null, string? guardian = null,
        bool healthConsent = false) =>
        app.WithDbAsync(async db =>
        {
            var p = new Person
            {
                OrganizationId = org.Id, MunicipalityId = org.MunicipalityId, RegionId = org.RegionId, LastName = lastName, FirstName = "Мария", MiddleName = "Петровна",
                Kind = kind, BirthDate = birthDate, EnteredOn = new DateOnly(2026, 9, 1), GuardianName = guardian, GuardianPhone = guardian is null ? null : "+7 900 000-00-00",
            };
            foreach (var c in categories ?? []) p.Categories.Add(new PersonCategory { Category = c });
            if (mentor) p.Mentor = new MentorProfile { Capacity = 2, EnteredOn = new DateOnly(2026, 9, 1), Status = MentorBankStatus.Confirmed };
            if (mentee) p.Mentee = new MenteeProfile { EnteredOn = new DateOnly(2026, 9, 1), Request = "классное руководство" };
            db.People.Add(p);
            await db.SaveChangesAsync();
            var t = await ConsentTexts.ResolveAsync(db, ConsentKind.PersonalData, ConsentTexts.For(ConsentKind.PersonalData));
            db.Consents.Add(new Consent
            {
                PersonId = p.Id, Kind = ConsentKind.PersonalData, GivenBy = guardian is null ? ConsentGiver.Subject : ConsentGiver.Guardian, GuardianName = guardian,
                Operator = org.Name, Text = t,
                SignedOn = new DateOnly(2026, 9, 1), RecordedAt = app.Clock.GetUtcNow().UtcDateTime,
            });
            if (healthConsent)
                db.Consents.Add(new Consent
                {
                    PersonId = p.Id, Kind = ConsentKind.HealthData, GivenBy = guardian is null ? ConsentGiver.Subject : ConsentGiver.Guardian, GuardianName = guardian,
                    Operator = org.Name, Text = await ConsentTexts.ResolveAsync(db, ConsentKind.HealthData, ConsentTexts.For(ConsentKind.HealthData)),
                    SignedOn = new DateOnly(2026, 9, 1), RecordedAt = app.Clock.GetUtcNow().UtcDateTime,
                });
            await db.SaveChangesAsync();
            return p;
        });
}
