using Nastavnik.Data;
using Nastavnik.Features.Consents;
using Nastavnik.Features.Organizations;
using Nastavnik.Features.People;
using Microsoft.EntityFrameworkCore;

namespace Nastavnik.Data.Demo;

/// <summary>
/// Fictional registers for the demo schools: experienced teachers in the mentor bank with their strengths,
/// young specialists in the mentee bank with deficits, and pupils (minors, with their guardians' consent).
/// </summary>
internal static class DemoPeople
{
    private sealed record Teacher(string Last, string First, string Middle, string Position, string Subjects, int Years, QualificationCategory Category,
        string[] Strengths, string[] Deficits, bool Mentor, MenteeCategory[] Categories);

    private static readonly Teacher[] Teachers =
    [
        new("Волкова", "Наталья", "Сергеевна", "учитель математики", "математика", 24, QualificationCategory.Highest,
            ["Проектирование урока по ФГОС", "Подготовка к ОГЭ и ЕГЭ", "Классное руководство"], [], true, []),
        new("Ершова", "Людмила", "Викторовна", "учитель русского языка и литературы", "русский язык, литература", 31, QualificationCategory.Highest,
            ["Формирование функциональной грамотности", "Оценивание образовательных результатов", "Взаимодействие с родителями"], [], true, []),
        new("Соловьёв", "Игорь", "Николаевич", "учитель информатики", "информатика", 15, QualificationCategory.First,
            ["Цифровые образовательные ресурсы и платформы", "Дистанционное обучение", "Проектная и исследовательская деятельность обучающихся"], [], true, []),
        new("Белова", "Галина", "Андреевна", "учитель начальных классов", "начальные классы", 27, QualificationCategory.Highest,
            ["Управление классом и дисциплина", "Мотивация обучающихся", "Инклюзивное образование, адаптированные программы"], [], true, []),
        new("Зайцев", "Дмитрий", "Олегович", "учитель физики", "физика", 1, QualificationCategory.None,
            [], ["Проектирование урока по ФГОС", "Управление классом и дисциплина"], false, [MenteeCategory.YoungSpecialist]),
        new("Кириллова", "Ольга", "Дмитриевна", "учитель английского языка", "английский язык", 2, QualificationCategory.None,
            [], ["Взаимодействие с родителями", "Классное руководство"], false, [MenteeCategory.YoungSpecialist]),
        new("Макаров", "Артём", "Евгеньевич", "учитель истории и обществознания", "история, обществознание", 0, QualificationCategory.None,
            [], ["Ведение документации, ФГОС и нормативная база", "Оценивание образовательных результатов"], false, [MenteeCategory.YoungSpecialist, MenteeCategory.NonPedagogicalEducation]),
        new("Гусева", "Светлана", "Игоревна", "учитель биологии", "биология, химия", 12, QualificationCategory.First,
            [], ["Цифровые образовательные ресурсы и платформы", "Дистанционное обучение"], false, [MenteeCategory.LearningDigital]),
        new("Тихонова", "Анастасия", "Романовна", "учитель начальных классов", "начальные классы", 1, QualificationCategory.None,
            [], ["Управление классом и дисциплина", "Мотивация обучающихся"], false, [MenteeCategory.YoungSpecialist, MenteeCategory.NewInTeam]),
    ];

    private static readonly (string Last, string First, string Middle, string Class, int BirthYear, MenteeCategory[] Categories, string Guardian)[] Pupils =
    [
        ("Александров", "Кирилл", "Павлович", "9А", 2011, [MenteeCategory.Gifted], "Александрова Ирина Сергеевна"),
        ("Борисова", "Полина", "Андреевна", "7Б", 2013, [MenteeCategory.DifficultSituation], "Борисов Андрей Викторович"),
        ("Григорьев", "Матвей", "Ильич", "8А", 2012, [MenteeCategory.Ovz], "Григорьева Елена Петровна"),
        ("Данилова", "Виктория", "Максимовна", "10А", 2010, [MenteeCategory.Gifted, MenteeCategory.Rural], "Данилов Максим Юрьевич"),
        ("Ефимов", "Степан", "Алексеевич", "6В", 2014, [MenteeCategory.Orphan], "Ефимова Нина Васильевна (опекун)"),
    ];

    public static async Task SeedAsync(AppDbContext db, Organization school, DateOnly today, DateTime now)
    {
        var competencies = await db.Competencies.Where(c => c.RegionId == null).ToDictionaryAsync(c => c.Name, c => c.Id);
        var consent = await ConsentTexts.ResolveAsync(db, ConsentKind.PersonalData, ConsentTexts.For(ConsentKind.PersonalData));
        var health = await ConsentTexts.ResolveAsync(db, ConsentKind.HealthData, ConsentTexts.For(ConsentKind.HealthData));
        var entered = new DateOnly(today.Month >= 9 ? today.Year : today.Year - 1, 9, 1);
        foreach (var t in Teachers)
        {
            var p = new Person
            {
                OrganizationId = school.Id, MunicipalityId = school.MunicipalityId, RegionId = school.RegionId, LastName = t.Last, FirstName = t.First, MiddleName = t.Middle,
                Kind = PersonKind.Teacher, Position = t.Position, Subjects = t.Subjects, TotalExperienceYears = t.Years, PedagogicalExperienceYears = t.Years,
                Qualification = t.Category, HasPedagogicalEducation = !t.Categories.Contains(MenteeCategory.NonPedagogicalEducation), EnteredOn = entered,
                Courses = t.Mentor ? "КПК «Наставничество в образовательных организациях», 36 ч" : null,
                // The demo mentor and mentee accounts are these two people.
                Email = t.Last switch { "Волкова" => "mentor@demo.nastavnik.ru", "Зайцев" => "mentee@demo.nastavnik.ru", _ => null },
            };
            foreach (var c in t.Categories) p.Categories.Add(new PersonCategory { Category = c });
            if (t.Mentor)
            {
                p.Mentor = new MentorProfile
                {
                    Capacity = 2, HoursPerMonth = 8, Status = MentorBankStatus.Confirmed, EnteredOn = entered, PreferredMentees = "молодые специалисты",
                    Achievements = "Победитель муниципального конкурса «Учитель года»", Interests = "методика, цифровые инструменты",
                };
                foreach (var s in t.Strengths) p.Mentor.Strengths.Add(new MentorStrength { CompetencyId = competencies[s] });
            }
            else
            {
                p.Mentee = new MenteeProfile { Status = MenteeStatus.Waiting, EnteredOn = entered, Request = "помощь в " + string.Join(" и ", t.Deficits).ToLowerInvariant() };
                foreach (var d in t.Deficits)
                    p.Deficits.Add(new Deficit { CompetencyId = competencies[d], Source = DeficitSource.Diagnostics, IdentifiedOn = entered.AddDays(14), Note = "по результатам диагностики" });
            }
            db.People.Add(p);
            await db.SaveChangesAsync();
            db.Consents.Add(new Consent
            {
                PersonId = p.Id, Kind = ConsentKind.PersonalData, GivenBy = ConsentGiver.Subject, Operator = school.Name, Text = consent, SignedOn = entered, RecordedAt = now, RecordedBy = "demo",
            });
        }
        foreach (var (last, first, middle, cls, year, categories, guardian) in Pupils)
        {
            var p = new Person
            {
                OrganizationId = school.Id, MunicipalityId = school.MunicipalityId, RegionId = school.RegionId, LastName = last, FirstName = first, MiddleName = middle,
                Kind = PersonKind.Pupil, ClassName = cls, BirthDate = new DateOnly(year, 4, 12), EnteredOn = entered, GuardianName = guardian,
                GuardianPhone = "+7 900 123-45-67", GuardianBasis = guardian.Contains("опекун", StringComparison.Ordinal) ? "опекун, постановление органа опеки" : "родитель, свидетельство о рождении",
                Mentee = new MenteeProfile { Status = MenteeStatus.Waiting, EnteredOn = entered, Request = "подготовка к олимпиаде и выбор профиля" },
            };
            foreach (var c in categories) p.Categories.Add(new PersonCategory { Category = c });
            db.People.Add(p);
            await db.SaveChangesAsync();
            db.Consents.Add(new Consent
            {
                PersonId = p.Id, Kind = ConsentKind.PersonalData, GivenBy = ConsentGiver.Guardian, GuardianName = guardian, GuardianAuthority = p.GuardianBasis,
                Operator = school.Name, Text = consent, SignedOn = entered, RecordedAt = now, RecordedBy = "demo",
            });
            // ОВЗ is stored only with the separate consent to health data (152-ФЗ art. 10), signed by the same guardian.
            if (categories.Contains(MenteeCategory.Ovz))
                db.Consents.Add(new Consent
                {
                    PersonId = p.Id, Kind = ConsentKind.HealthData, GivenBy = ConsentGiver.Guardian, GuardianName = guardian, GuardianAuthority = p.GuardianBasis,
                    Operator = school.Name, Text = health, SignedOn = entered, RecordedAt = now, RecordedBy = "demo",
                });
        }
        await db.SaveChangesAsync();
        await DemoMentorships.SeedAsync(db, school, today, now);
    }
}
