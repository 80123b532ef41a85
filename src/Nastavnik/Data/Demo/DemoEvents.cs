using Nastavnik.Features.Events;
using Nastavnik.Features.Organizations;

namespace Nastavnik.Data.Demo;

/// <summary>
/// The plan of municipal events of seed 004 (a district's plan for the school year), moved to the current
/// school year, with responsibilities named by position only. A consultation log entry and a school's own event too.
/// </summary>
internal static class DemoEvents
{
    private static readonly (EventKind Kind, string Title, int Month, int Day, int? EndMonth, int? EndDay, string Audience, string Responsible, int? Hours)[] Plan =
    [
        (EventKind.Consultation, "Консультации: приведение нормативных документов по наставничеству в ОО в соответствие с требованиями; содержание программ наставничества", 9, 15, 5, 31,
            "Кураторы программ наставничества в ОО", "Методисты методического кабинета", null),
        (EventKind.Training, "Тренинговые занятия для молодых педагогов в рамках «Лаборатории молодых педагогов»", 10, 18, null, null, "Молодые педагоги", "Педагоги-психологи", null),
        (EventKind.RoundTable, "Круглый стол «Сопровождение молодых педагогов через реализацию модели наставничества»", 11, 22, null, null,
            "Кураторы программ наставничества в ОО", "Заведующий по организационно-методической работе", null),
        (EventKind.Seminar, "Семинар-практикум «Мой урок по ФГОС» («Лаборатория молодых педагогов»)", 11, 29, null, null,
            "Молодые специалисты, педагоги-наставники, педагоги", "Методист методического кабинета", null),
        (EventKind.Course, "КПК «Наставничество в образовательных организациях (с учётом лучших международных и региональных практик)»", 12, 4, 12, 15,
            "Педагогические работники ОО", "Методист методического кабинета", 76),
        (EventKind.Rally, "Региональный слёт молодых педагогов и педагогов-наставников", 1, 25, null, null,
            "Педагоги-наставники, координаторы реализации модели наставничества", "Методист методического кабинета", null),
        (EventKind.OpenLesson, "Открытые уроки и мастер-классы «Мастерской наставничества»", 2, 12, 2, 26,
            "Молодые педагоги, педагоги, имеющие проф. дефициты", "Педагоги-наставники", null),
        (EventKind.Contest, "Муниципальный конкурс молодых педагогов и их наставников «Педагогический дуэт»", 3, 18, null, null,
            "Молодые специалисты, педагоги-наставники", "Заведующий по организационно-методической работе, методист", null),
        (EventKind.Contest, "Муниципальный конкурс молодых учителей «Педагогический дебют»", 4, 15, 5, 20, "Молодые педагоги со стажем до 3 лет", "Методист методического кабинета", null),
        (EventKind.Contest, "Региональный конкурс «Эффективные практики наставничества педагогов»", 5, 15, 6, 15,
            "Педагоги-наставники, координаторы реализации модели наставничества", "Методист методического кабинета", null),
    ];

    public static void Seed(AppDbContext db, Municipality municipality, Organization school, DateOnly today)
    {
        var first = today.Month >= 9 ? today.Year : today.Year - 1;
        DateOnly On(int month, int day) => new(month >= 9 ? first : first + 1, month, day);
        foreach (var p in Plan)
        {
            var e = new Event
            {
                RegionId = municipality.RegionId, MunicipalityId = municipality.Id, Kind = p.Kind, Title = p.Title, StartsOn = On(p.Month, p.Day),
                EndsOn = p.EndMonth is { } em ? On(em, p.EndDay!.Value) : null, Audience = p.Audience, Responsible = p.Responsible, Hours = p.Hours,
                Place = p.Kind == EventKind.Course ? null : "Методический кабинет, ул. Школьная, 1", Link = p.Kind == EventKind.Course ? "https://example.org/kpk" : null,
                RoadmapItem = "План мероприятий по реализации дорожной карты на учебный год",
            };
            // Seed 004 holds the «Мой урок по ФГОС» seminars as a series: November, January, February, March.
            if (p.Kind == EventKind.Seminar)
                foreach (var (month, day) in new[] { (1, 24), (2, 14), (3, 14) }) e.ExtraDates.Add(new EventDate { On = On(month, day) });
            db.Events.Add(e);
        }
        db.Events.Add(new Event
        {
            RegionId = school.RegionId, MunicipalityId = school.MunicipalityId, OrganizationId = school.Id, Kind = EventKind.TeachersCouncil,
            Title = "Педсовет «Итоги первого полугодия реализации программ наставничества»", StartsOn = On(12, 26), Place = "Актовый зал", Audience = "Педагогический коллектив",
            Responsible = "Куратор, заместитель директора",
        });
        db.Consultations.Add(new ConsultationRecord
        {
            RegionId = school.RegionId, MunicipalityId = school.MunicipalityId, HeldOn = On(10, 12), Consultant = "Тьютор методического центра",
            Consulted = "Кураторы школ района", Topic = "Разработка индивидуальных образовательных маршрутов по результатам диагностики", Format = "онлайн",
        });
    }
}
