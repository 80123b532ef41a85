using Microsoft.EntityFrameworkCore;
using Nastavnik.Features.Mentorships;
using Nastavnik.Features.Organizations;
using Nastavnik.Features.People;
using Nastavnik.Features.Programmes;

namespace Nastavnik.Data.Demo;

/// <summary>
/// Programmes for the demo school's working pairs, dated from today so the demo always looks current:
/// Волкова – Зайцев (the demo mentor and mentee) on track — plan, meetings in seed 004's order, reports on time and
/// the next meeting (online) ahead, so the mentor has a report to file and the calendar feed something to show;
/// Соловьёв – Гусева, approved by order № 2, in trouble — the mentee has filed no report, a plan activity is overdue
/// and the mentor rated the course 2 of 5, so the curator's home page and (after the warning job's first run)
/// the curator's notifications and letters show the early warnings.
/// </summary>
internal static class DemoProgrammes
{
    public static async Task SeedAsync(AppDbContext db, Organization school, DateOnly today, DateTime now)
    {
        var people = await db.People.Where(p => p.OrganizationId == school.Id).ToDictionaryAsync(p => p.LastName, p => p);
        var first = await db.Mentorships.Where(m => m.OrganizationId == school.Id && m.Status == MentorshipStatus.Active).OrderBy(m => m.Id).FirstAsync();
        var start = first.StartDate;
        var form = await db.MentoringForms.FirstAsync(f => f.Id == first.FormId);
        var kind = await db.MentoringKinds.FirstAsync(k => k.Id == first.KindId);

        // The second working pair, approved by the head's order № 2 a day after order № 1.
        var orderDate = start.AddDays(-2);
        var second = new Mentorship
        {
            OrganizationId = school.Id, MunicipalityId = school.MunicipalityId, RegionId = school.RegionId, FormId = form.Id, KindId = kind.Id, Status = MentorshipStatus.Active,
            StartDate = start, EndDate = start.AddMonths(9), CreatedAt = now, CreatedBy = "demo",
            Participants = [new() { PersonId = people["Соловьёв"].Id, Role = ParticipantRole.Mentor }, new() { PersonId = people["Гусева"].Id, Role = ParticipantRole.Mentee }],
        };
        db.Mentorships.Add(second);
        var order = new ApprovalOrder
        {
            OrganizationId = school.Id, MunicipalityId = school.MunicipalityId, RegionId = school.RegionId, Number = "2", Year = orderDate.Year, Date = orderDate,
            SignedBy = "Орлов Сергей Иванович", CreatedAt = now, CreatedBy = "demo",
            Document = ApprovalOrderDocx.Build(school.Name, "2", orderDate,
                [new(1, people["Соловьёв"].FullName, people["Гусева"].FullName, form.Name, kind.Name, $"{Platform.Web.Formats.Date(second.StartDate)} – {Platform.Web.Formats.Date(second.EndDate)}")],
                "Орлов Сергей Иванович"),
        };
        db.ApprovalOrders.Add(order);
        await db.SaveChangesAsync();
        second.ApprovalOrderId = order.Id;
        (await db.MenteeProfiles.FirstAsync(p => p.PersonId == people["Гусева"].Id)).Status = MenteeStatus.InMentorship;
        db.MentorshipTransitions.AddRange(
            new MentorshipTransition { MentorshipId = second.Id, From = MentorshipStatus.Draft, To = MentorshipStatus.Proposed, At = now, UserName = "curator@demo.nastavnik.ru" },
            new MentorshipTransition { MentorshipId = second.Id, From = MentorshipStatus.Proposed, To = MentorshipStatus.Approved, At = now, UserName = "head@demo.nastavnik.ru", Reason = $"приказ № 2 от {Platform.Web.Formats.Date(orderDate)}" },
            new MentorshipTransition { MentorshipId = second.Id, From = MentorshipStatus.Approved, To = MentorshipStatus.Active, At = now, UserName = "curator@demo.nastavnik.ru" });
        await db.SaveChangesAsync();

        MentoringProgram Programme(Mentorship m, string goal, string tasks, string difficulties, string directions) => new()
        {
            MentorshipId = m.Id, OrganizationId = school.Id, MunicipalityId = school.MunicipalityId, RegionId = school.RegionId, Goal = goal, Tasks = tasks,
            Difficulties = difficulties, Directions = directions, StartDate = m.StartDate, EndDate = m.EndDate, CreatedAt = now, CreatedBy = "curator@demo.nastavnik.ru",
        };
        var onTrack = Programme(first,
            "Адаптация молодого учителя физики в коллективе школы и освоение проектирования урока по ФГОС",
            "1. Освоить структуру и технологическую карту урока по ФГОС.\n2. Выработать приёмы управления классом и поддержания дисциплины.\n3. Подготовить и провести открытый урок.",
            "Проектирование урока по ФГОС (по результатам диагностики)\nУправление классом и дисциплина (по результатам диагностики)",
            $"{nameof(ProgramDirection.Methods)},{nameof(ProgramDirection.LessonAndExtracurricular)}");
        var troubled = Programme(second,
            "Освоение цифровых образовательных ресурсов и дистанционных форм работы учителем биологии",
            "1. Освоить ФГИС «Моя школа» и Сферум.\n2. Разработать и провести урок с цифровыми ресурсами.\n3. Собрать банк цифровых заданий по биологии.",
            "Цифровые образовательные ресурсы и платформы (по результатам диагностики)\nДистанционное обучение (по результатам диагностики)",
            $"{nameof(ProgramDirection.Methods)},{nameof(ProgramDirection.SubjectContent)}");
        db.MentoringPrograms.AddRange(onTrack, troubled);
        await db.SaveChangesAsync();

        var volkova = people["Волкова"];
        var zaitsev = people["Зайцев"];
        var solovyov = people["Соловьёв"];
        var guseva = people["Гусева"];
        db.ProgramActivities.AddRange(
            Activity(onTrack, "Знакомство с локальными актами школы и основной образовательной программой", start.AddDays(7), "ознакомлен", "лист ознакомления",
                done: (start.AddDays(5), volkova.FullName, "наставник"), evidence: "лист ознакомления подписан"),
            Activity(onTrack, "Посещение уроков наставника (не менее 4) с листом наблюдения", start.AddDays(30), "приёмы управления классом", "листы наблюдения", ActivityStatus.InProgress),
            Activity(onTrack, "Разработка технологической карты урока по ФГОС вместе с наставником", start.AddDays(45), "технологическая карта", "технологическая карта урока"),
            Activity(onTrack, "Открытый урок наставляемого с последующим анализом", start.AddDays(90), "урок проведён и проанализирован", "конспект урока, анализ"),
            Activity(onTrack, "Выступление на школьном методическом объединении по опыту работы", start.AddDays(150), "выступление", "презентация"),
            Activity(onTrack, "Итоговая самодиагностика профессиональных дефицитов", first.EndDate.AddDays(-14), "дефициты закрыты", "карта самодиагностики"),
            Activity(troubled, "Обзор платформ: ФГИС «Моя школа», Сферум, библиотека ЦОК", start.AddDays(7), "платформы освоены", "список ресурсов",
                done: (start.AddDays(6), solovyov.FullName, "наставник"), evidence: "список ресурсов в папке МО"),
            Activity(troubled, "Разработка урока биологии с использованием цифровых ресурсов", start.AddDays(12), "разработка урока", "конспект урока"),
            Activity(troubled, "Проведение дистанционного занятия для 8 класса", start.AddDays(40), "занятие проведено", "запись занятия"),
            Activity(troubled, "Банк цифровых заданий по биологии (не менее 20)", start.AddDays(120), "банк заданий", "папка заданий"));

        // Seed 004's order: организационная → пробная → планирования → регулярные.
        Meeting Meet(MentoringProgram p, MeetingKind kind, DateOnly on, TimeOnly at, string notes, string? link = null, params Person[] present) => new()
        {
            ProgramId = p.Id, Kind = kind, HeldOn = on, StartsAt = at, Online = link is not null, Link = link, Notes = notes,
            Attendance = [.. present.Select(x => new MeetingAttendance { PersonId = x.Id, Present = true })],
        };
        db.Meetings.AddRange(
            Meet(onTrack, MeetingKind.Organizational, start.AddDays(1), new TimeOnly(15, 0), "Знакомство, ожидания, правила работы пары", null, volkova, zaitsev),
            Meet(onTrack, MeetingKind.Trial, start.AddDays(6), new TimeOnly(14, 30), "Пробное посещение урока физики в 8 классе", null, volkova, zaitsev),
            Meet(onTrack, MeetingKind.Planning, start.AddDays(12), new TimeOnly(15, 0), "Составили план на полугодие", "https://meet.example.ru/volkova-zaitsev", volkova, zaitsev),
            Meet(onTrack, MeetingKind.Regular, today.AddDays(3), new TimeOnly(15, 30), "Разбор технологической карты урока", "https://meet.example.ru/volkova-zaitsev"),
            Meet(troubled, MeetingKind.Organizational, start.AddDays(2), new TimeOnly(14, 0), "Знакомство, обзор запроса", null, solovyov, guseva),
            Meet(troubled, MeetingKind.Trial, start.AddDays(8), new TimeOnly(14, 0), "Пробное занятие в кабинете информатики", null, solovyov));

        ProgressReport Report(MentoringProgram p, Person author, ParticipantRole role, DateOnly on, string done, string? difficulties, string? next, int rating) => new()
        {
            ProgramId = p.Id, PersonId = author.Id, AuthorRole = role, ReportedOn = on, Done = done, Difficulties = difficulties, NextSteps = next, Rating = rating, CreatedAt = now,
        };
        db.ProgressReports.AddRange(
            Report(onTrack, volkova, ParticipantRole.Mentor, start.AddDays(13), "Провели организационную, пробную встречи и встречу планирования; Дмитрий Олегович посетил два моих урока.",
                "Мало времени на совместный разбор уроков.", "Технологическая карта урока к следующей встрече.", 4),
            Report(onTrack, zaitsev, ParticipantRole.Mentee, start.AddDays(14), "Познакомился с локальными актами, посетил два урока наставника, начал вести лист наблюдения.",
                "Дисциплина в 7 классе.", "Опробовать приёмы наставника на своих уроках.", 4),
            Report(troubled, solovyov, ParticipantRole.Mentor, start.AddDays(9), "Провели две встречи, разобрали платформы.",
                "Светлана Игоревна редко выходит на связь, урок с цифровыми ресурсами не подготовлен.", "Назначить встречу с куратором.", 2));
        await db.SaveChangesAsync();
    }

    private static ProgramActivity Activity(MentoringProgram p, string title, DateOnly due, string expected, string form, ActivityStatus status = ActivityStatus.Planned,
        (DateOnly On, string By, string Role)? done = null, string? evidence = null) => new()
    {
        ProgramId = p.Id, Title = title, DueOn = due, ExpectedResult = expected, ResultForm = form, Status = done is null ? status : ActivityStatus.Done,
        DoneOn = done?.On, DoneBy = done?.By, DoneByRole = done?.Role, Evidence = evidence,
    };
}
