using Microsoft.EntityFrameworkCore;
using Nastavnik.Features.Consents;
using Nastavnik.Features.Indicators;
using Nastavnik.Features.Mentorships;
using Nastavnik.Features.Organizations;
using Nastavnik.Features.People;

namespace Nastavnik.Data.Demo;

/// <summary>
/// What makes the rural district's dashboard worth looking at: enrolment on 1 September, seed 003's targets (≥ 50 % of
/// pupils by 31 December of this year, ≥ 70 % by the next, a planned count per school), and pupils in teacher–pupil
/// and pupil–pupil groups in a few schools so that one school is on plan, one close to it and one behind. Pupils are
/// invented, each with the guardian's consent like every other minor of the registers.
/// </summary>
internal static class DemoIndicators
{
    // School, pupils in groups, planned count (seed 003 sets a number per organisation).
    private static readonly (string School, int Involved, int Planned)[] Schools =
    [
        ("МБОУ Берёзовская СОШ №2", 150, 155),
        ("МБОУ Алексеевская СОШ", 52, 48),
        ("МБОУ Калиновская СОШ", 30, 80),
        ("МБОУ Луговская СОШ", 24, 41),
    ];

    private static readonly string[] Surnames = ["Андреев", "Белов", "Воронин", "Гаврилов", "Демидов", "Егоров", "Жуков", "Захаров", "Ильин", "Комаров",
        "Лазарев", "Медведев", "Никифоров", "Осипов", "Панов", "Родионов", "Сафонов", "Тарасов", "Уваров", "Фомин", "Харитонов", "Чернов", "Шестаков", "Яковлев"];
    private static readonly string[] Boys = ["Артём", "Богдан", "Глеб", "Денис", "Егор", "Иван", "Лев", "Максим", "Никита", "Роман", "Тимофей", "Фёдор"];
    private static readonly string[] Girls = ["Алиса", "Вера", "Дарья", "Ева", "Злата", "Ксения", "Мария", "Ника", "Софья", "Ульяна", "Таисия", "Яна"];

    public static async Task SeedAsync(AppDbContext db, Municipality municipality, IReadOnlyDictionary<string, Organization> orgs, DateOnly today, DateTime now)
    {
        var yearStart = today.Month >= 9 ? today.Year : today.Year - 1;
        var september = new DateOnly(yearStart, 9, 1);
        foreach (var o in orgs.Values.Where(o => o.MunicipalityId == municipality.Id && o.PupilCount is > 0))
            db.OrganizationEnrolments.Add(new OrganizationEnrolment
            {
                OrganizationId = o.Id, MunicipalityId = o.MunicipalityId, RegionId = o.RegionId, AsOf = september, Pupils = o.PupilCount!.Value,
                Teachers = o.TeacherCount ?? 0, EnteredAt = now, EnteredBy = "demo",
            });
        var endOfYear = new DateOnly(today.Year, 12, 31);
        Target(db, municipality, null, endOfYear, TargetKind.Share, 50, now);
        Target(db, municipality, null, endOfYear.AddYears(1), TargetKind.Share, 70, now);
        db.IndicatorTargets.Add(new IndicatorTarget
        {
            IndicatorCode = DefaultIndicators.PupilsInvolved, RegionId = municipality.RegionId, DueOn = endOfYear, Kind = TargetKind.Share, Value = 50, EnteredAt = now, EnteredBy = "demo",
        });
        db.IndicatorValues.Add(new IndicatorValue
        {
            IndicatorCode = "practice-bank", RegionId = municipality.RegionId, MunicipalityId = municipality.Id, AsOf = september.AddDays(30), Value = 1,
            Source = "Раздел «Наставничество» сайта методического центра", EnteredAt = now, EnteredBy = "demo",
        });

        var teacherPupil = await db.MentoringForms.FirstAsync(f => f.RegionId == null && f.Code == "teacher-pupil");
        var group = await db.MentoringKinds.FirstAsync(k => k.RegionId == null && k.Code == "group");
        var consent = await ConsentTexts.ResolveAsync(db, ConsentKind.PersonalData, ConsentTexts.For(ConsentKind.PersonalData));
        var n = 0;
        foreach (var (schoolName, involved, planned) in Schools)
        {
            var school = orgs[schoolName];
            Target(db, municipality, school, endOfYear, TargetKind.Count, planned, now);
            var mentor = Person(school, "Наставник" + (n % 2 == 0 ? "ова" : "ов"), n % 2 == 0 ? "Елена" : "Павел", PersonKind.Teacher, september);
            mentor.Position = "учитель";
            mentor.Mentor = new MentorProfile { Capacity = 30, HoursPerMonth = 8, Status = MentorBankStatus.Confirmed, EnteredOn = september };
            var pupils = Enumerable.Range(0, involved).Select(i =>
            {
                var girl = (i + n) % 2 == 1;
                var surname = Surnames[(i * 7 + n) % Surnames.Length] + (girl ? "а" : "");
                var p = Person(school, surname, girl ? Girls[i % Girls.Length] : Boys[i % Boys.Length], PersonKind.Pupil, september);
                p.ClassName = $"{5 + i % 6}{"АБВ"[i % 3]}";
                p.BirthDate = new DateOnly(yearStart - 11 - i % 6, 1 + i % 12, 1 + i % 28);
                p.GuardianName = $"{Surnames[(i * 7 + n) % Surnames.Length]}{(girl ? "а" : "")} (законный представитель)";
                p.GuardianBasis = "родитель, свидетельство о рождении";
                p.Mentee = new MenteeProfile { Status = MenteeStatus.InMentorship, EnteredOn = september, Request = "проектная деятельность и подготовка к олимпиадам" };
                if (i % 5 == 0) p.Categories.Add(new PersonCategory { Category = MenteeCategory.Gifted });
                if (i % 4 == 0) p.Categories.Add(new PersonCategory { Category = MenteeCategory.Rural });
                return p;
            }).ToList();
            db.People.Add(mentor);
            db.People.AddRange(pupils);
            await db.SaveChangesAsync();
            db.Consents.Add(Consent(mentor, null, school, consent, september, now));
            foreach (var p in pupils) db.Consents.Add(Consent(p, p.GuardianName, school, consent, september, now));
            // Groups of up to 25 pupils with one mentor: the teacher–pupil form of seed 001.
            foreach (var chunk in pupils.Chunk(25))
            {
                var m = new Mentorship
                {
                    OrganizationId = school.Id, MunicipalityId = school.MunicipalityId, RegionId = school.RegionId, FormId = teacherPupil.Id, KindId = group.Id,
                    Status = MentorshipStatus.Active, StartDate = september.AddDays(14), EndDate = new DateOnly(yearStart + 1, 5, 31), CreatedAt = now, CreatedBy = "demo",
                    Participants = [new() { PersonId = mentor.Id, Role = ParticipantRole.Mentor }, .. chunk.Select(p => new MentorshipParticipant { PersonId = p.Id, Role = ParticipantRole.Mentee })],
                };
                db.Mentorships.Add(m);
                await db.SaveChangesAsync();
                db.MentorshipTransitions.AddRange(
                    new MentorshipTransition { MentorshipId = m.Id, From = MentorshipStatus.Draft, To = MentorshipStatus.Approved, At = now, UserName = "demo", Reason = "приказ руководителя ОО" },
                    new MentorshipTransition { MentorshipId = m.Id, From = MentorshipStatus.Approved, To = MentorshipStatus.Active, At = now, UserName = "demo" });
            }
            n++;
        }
        await db.SaveChangesAsync();
    }

    private static void Target(AppDbContext db, Municipality municipality, Organization? school, DateOnly due, TargetKind kind, double value, DateTime now) =>
        db.IndicatorTargets.Add(new IndicatorTarget
        {
            IndicatorCode = DefaultIndicators.PupilsInvolved, RegionId = municipality.RegionId, MunicipalityId = municipality.Id, OrganizationId = school?.Id,
            DueOn = due, Kind = kind, Value = value, EnteredAt = now, EnteredBy = "demo",
        });

    private static Person Person(Organization school, string last, string first, PersonKind kind, DateOnly entered) => new()
    {
        OrganizationId = school.Id, MunicipalityId = school.MunicipalityId, RegionId = school.RegionId, LastName = last, FirstName = first, Kind = kind, EnteredOn = entered,
    };

    private static Consent Consent(Person p, string? guardian, Organization school, ConsentText text, DateOnly signed, DateTime now) => new()
    {
        PersonId = p.Id, Kind = ConsentKind.PersonalData, GivenBy = guardian is null ? ConsentGiver.Subject : ConsentGiver.Guardian, GuardianName = guardian,
        GuardianAuthority = guardian is null ? null : p.GuardianBasis, Operator = school.Name, Text = text, SignedOn = signed, RecordedAt = now, RecordedBy = "demo",
    };
}
