using Microsoft.EntityFrameworkCore;
using Nastavnik.Features.Consents;
using Nastavnik.Features.IndividualRoutes;
using Nastavnik.Features.Mentorships;
using Nastavnik.Features.Organizations;
using Nastavnik.Features.People;
using Nastavnik.Features.Programmes;
using Nastavnik.Features.Programmes.Templates;

namespace Nastavnik.Data.Demo;

/// <summary>
/// The template bank and an ИОМ in the demo (the built-in templates come with the migration): a municipal template of
/// the rural district for primary-school teachers; last school year's completed pair Волкова – Фролова with its
/// programme (a source for «по завершённой программе») and the school's template saved from it; and the route of the
/// demo young teacher Зайцев with the district's tutor, dated from today so it always looks current.
/// </summary>
internal static class DemoRoutes
{
    public static async Task SeedAsync(AppDbContext db, Municipality district, Organization school, DateOnly today, DateTime now)
    {
        var teacherForm = await db.MentoringForms.FirstAsync(f => f.RegionId == null && f.Code == "teacher-teacher");
        var traditional = await db.MentoringKinds.FirstAsync(k => k.RegionId == null && k.Code == "traditional");

        db.ProgrammeTemplates.Add(new ProgrammeTemplate
        {
            RegionId = district.RegionId, MunicipalityId = district.Id, Title = "Учитель начальных классов: первый год в профессии", FormId = teacherForm.Id,
            Directions = ProgrammePlan.JoinDirections([ProgramDirection.Methods, ProgramDirection.Upbringing, ProgramDirection.PsychologicalSupport]), DurationMonths = 9,
            Goal = "Помочь молодому учителю начальных классов пройти адаптационный период первоклассников, выстроить работу с родителями и освоить формирующее оценивание.",
            Tasks = "- освоить приёмы адаптации первоклассников;\n- выстроить взаимодействие с родителями;\n- освоить формирующее оценивание;\n- подготовить класс к ВПР (4 класс).",
            CreatedAt = now, CreatedBy = "municipal@demo.nastavnik.ru",
            Items =
            [
                new() { SortOrder = 0, OffsetDays = 0, Title = "Встреча-знакомство: адаптационный период первоклассников", ExpectedResult = "План адаптационного периода", ResultForm = "план" },
                new() { SortOrder = 1, OffsetDays = 14, Title = "Первое родительское собрание вместе с наставником", ExpectedResult = "Собрание проведено", ResultForm = "протокол собрания" },
                new() { SortOrder = 2, OffsetDays = 42, Title = "Взаимопосещение уроков: формирующее оценивание", ExpectedResult = "Приёмы оценивания в работе", ResultForm = "лист наблюдения" },
                new() { SortOrder = 3, OffsetDays = 119, Title = "Промежуточный мониторинг", ExpectedResult = "Скорректирован план", ResultForm = "карта мониторинга" },
                new() { SortOrder = 4, OffsetDays = 182, Title = "Открытый урок на районном методическом объединении", ExpectedResult = "Урок проведён", ResultForm = "конспект, самоанализ" },
                new() { SortOrder = 5, OffsetDays = 252, Title = "Итоговая встреча и представление опыта", ExpectedResult = "Итоги подведены", ResultForm = "выступление" },
            ],
        });

        // Last school year's pair, completed in full: the programme a curator may start a new one from.
        var schoolYear = new DateOnly(today.Month >= 9 ? today.Year : today.Year - 1, 9, 1);
        var lastStart = schoolYear.AddYears(-1);
        var lastEnd = lastStart.AddMonths(9).AddDays(-1);
        var frolova = new Person
        {
            OrganizationId = school.Id, MunicipalityId = school.MunicipalityId, RegionId = school.RegionId, LastName = "Фролова", FirstName = "Ксения", MiddleName = "Андреевна",
            Kind = PersonKind.Teacher, Position = "учитель математики", Subjects = "математика", TotalExperienceYears = 3, PedagogicalExperienceYears = 3,
            Qualification = QualificationCategory.None, HasPedagogicalEducation = true, EnteredOn = lastStart,
            Mentee = new MenteeProfile { Status = MenteeStatus.Finished, EnteredOn = lastStart, Request = "проектирование урока и подготовка к ОГЭ" },
        };
        frolova.Categories.Add(new PersonCategory { Category = MenteeCategory.YoungSpecialist });
        db.People.Add(frolova);
        await db.SaveChangesAsync();
        var consent = await ConsentTexts.ResolveAsync(db, ConsentKind.PersonalData, ConsentTexts.For(ConsentKind.PersonalData));
        db.Consents.Add(new Consent
        {
            PersonId = frolova.Id, Kind = ConsentKind.PersonalData, GivenBy = ConsentGiver.Subject, Operator = school.Name, Text = consent, SignedOn = lastStart, RecordedAt = now, RecordedBy = "demo",
        });
        var volkova = await db.People.FirstAsync(p => p.OrganizationId == school.Id && p.LastName == "Волкова");
        var pair = new Mentorship
        {
            OrganizationId = school.Id, MunicipalityId = school.MunicipalityId, RegionId = school.RegionId, FormId = teacherForm.Id, KindId = traditional.Id,
            Status = MentorshipStatus.Completed, StartDate = lastStart, EndDate = lastEnd, ClosedOn = lastEnd, CloseReason = "программа выполнена в полном объёме",
            Result = "Открытый урок на школьном методическом объединении; участие в конкурсе «Педагогический дебют».", CreatedAt = now, CreatedBy = "demo",
            Participants = [new() { PersonId = volkova.Id, Role = ParticipantRole.Mentor }, new() { PersonId = frolova.Id, Role = ParticipantRole.Mentee }],
        };
        db.Mentorships.Add(pair);
        await db.SaveChangesAsync();
        var programme = new MentoringProgram
        {
            MentorshipId = pair.Id, OrganizationId = school.Id, MunicipalityId = school.MunicipalityId, RegionId = school.RegionId,
            Goal = "Профессиональное становление молодого учителя математики: урок по ФГОС и подготовка обучающихся к ОГЭ",
            Tasks = "1. Освоить проектирование урока по ФГОС.\n2. Освоить методику подготовки к ОГЭ по математике.\n3. Провести открытый урок.",
            Difficulties = "Проектирование урока по ФГОС (самооценка)\nПодготовка к ОГЭ и ЕГЭ (по результатам диагностики)",
            Directions = ProgrammePlan.JoinDirections([ProgramDirection.SubjectContent, ProgramDirection.Methods]),
            StartDate = lastStart, EndDate = lastEnd, CreatedAt = now, CreatedBy = "curator@demo.nastavnik.ru",
        };
        db.MentoringPrograms.Add(programme);
        await db.SaveChangesAsync();
        (string Title, int Days, string Result, string Form)[] plan =
        [
            ("Встреча-планирование: анализ затруднений, согласование плана", 7, "План согласован", "план мероприятий"),
            ("Посещение уроков наставника с анализом", 28, "Приёмы организации урока", "листы наблюдения"),
            ("Совместная разработка технологической карты урока", 56, "Технологическая карта", "технологическая карта урока"),
            ("Разбор заданий ОГЭ второй части с наставником", 98, "Методика подготовки к ОГЭ", "банк заданий"),
            ("Пробный ОГЭ в 9 классе и анализ результатов", 154, "Анализ ошибок обучающихся", "аналитическая справка"),
            ("Открытый урок на школьном методическом объединении", 196, "Урок проведён", "конспект, самоанализ"),
            ("Заключительная встреча и представление результатов", 266, "Итоги подведены", "выступление на педсовете"),
        ];
        foreach (var (title, days, result, form) in plan)
            db.ProgramActivities.Add(new ProgramActivity
            {
                ProgramId = programme.Id, Title = title, DueOn = lastStart.AddDays(days), ExpectedResult = result, ResultForm = form, Status = ActivityStatus.Done,
                DoneOn = lastStart.AddDays(days), DoneBy = volkova.FullName, DoneByRole = "наставник", Evidence = "материалы в методическом кабинете",
            });

        // The school keeps that programme as a template (only its wording and plan, as «Сохранить как шаблон» does).
        db.ProgrammeTemplates.Add(new ProgrammeTemplate
        {
            RegionId = school.RegionId, MunicipalityId = school.MunicipalityId, OrganizationId = school.Id, Title = "Молодой учитель математики: урок по ФГОС и подготовка к ОГЭ",
            FormId = teacherForm.Id, Directions = programme.Directions, Goal = programme.Goal, Tasks = programme.Tasks, DurationMonths = 9, CreatedAt = now, CreatedBy = "curator@demo.nastavnik.ru",
            Items = [.. plan.Select((p, i) => new ProgrammeTemplateItem { SortOrder = i, OffsetDays = p.Days, Title = p.Title, ExpectedResult = p.Result, ResultForm = p.Form })],
        });

        // ИОМ of the demo young teacher (the demo mentee account) with the district's tutor.
        var zaitsev = await db.People.FirstAsync(p => p.OrganizationId == school.Id && p.LastName == "Зайцев");
        var deficits = await db.Deficits.Where(d => d.PersonId == zaitsev.Id).Select(d => d.Id).ToListAsync();
        var tutor = await db.Users.FirstAsync(u => u.Email == "tutor@demo.nastavnik.ru");
        db.IndividualRoutes.Add(new IndividualRoute
        {
            PersonId = zaitsev.Id, OrganizationId = school.Id, MunicipalityId = school.MunicipalityId, RegionId = school.RegionId, TutorUserId = tutor.Id,
            Goal = "Освоить проектирование урока физики по обновлённым ФГОС и приёмы управления классом; подготовиться к участию в конкурсе «Педагогический дебют».",
            StartDate = today.AddDays(-60), EndDate = today.AddDays(240), Status = RouteStatus.Active, CreatedAt = now, CreatedBy = "tutor@demo.nastavnik.ru",
            Deficits = [.. deficits.Select(d => new IndividualRouteDeficit { DeficitId = d })],
            Items =
            [
                new() { Title = "КПК «Проектирование современного урока физики в соответствии с обновлёнными ФГОС»", Kind = RouteItemKind.Kpk, Organizer = "Институт развития образования",
                    Hours = 36, DueOn = today.AddDays(-40), Status = ActivityStatus.Done, DoneOn = today.AddDays(-38), Evidence = "удостоверение о повышении квалификации № 482-2025" },
                new() { Title = "Вебинар «Приёмы управления классом: дисциплина без крика»", Kind = RouteItemKind.Webinar, Organizer = "ЦНППМ", Hours = 2,
                    DueOn = today.AddDays(-20), Status = ActivityStatus.Done, DoneOn = today.AddDays(-20), Evidence = "сертификат участника" },
                new() { Title = "Самообразование: технологические карты уроков по теме «Механика»", Kind = RouteItemKind.SelfEducation, Organizer = "школа",
                    Hours = 10, DueOn = today.AddDays(30), Status = ActivityStatus.InProgress },
                new() { Title = "Консультация тьютора по итогам посещения уроков", Kind = RouteItemKind.Consultation, Organizer = "ЦНППМ", Hours = 1,
                    DueOn = today.AddDays(-5), Status = ActivityStatus.Planned },
                new() { Title = "Открытый урок на районном методическом объединении учителей физики", Kind = RouteItemKind.OpenLesson, Organizer = "РМО учителей физики",
                    DueOn = today.AddDays(75), Status = ActivityStatus.Planned },
                new() { Title = "Стажировка в МБОУ Берёзовская СОШ №2: лабораторный практикум", Kind = RouteItemKind.Internship, Organizer = "МБОУ Берёзовская СОШ №2",
                    Hours = 16, DueOn = today.AddDays(120), Status = ActivityStatus.Planned },
                new() { Title = "Конкурс профессионального мастерства «Педагогический дебют»", Kind = RouteItemKind.Contest, Organizer = "Управление образования",
                    DueOn = today.AddDays(200), Status = ActivityStatus.Planned },
            ],
        });
        await db.SaveChangesAsync();
    }
}
