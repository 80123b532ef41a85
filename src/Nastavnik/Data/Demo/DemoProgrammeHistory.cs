using Microsoft.EntityFrameworkCore;
using Nastavnik.Features.Consents;
using Nastavnik.Features.Mentorships;
using Nastavnik.Features.Organizations;
using Nastavnik.Features.People;
using Nastavnik.Features.Practices;
using Nastavnik.Features.Programmes;

namespace Nastavnik.Data.Demo;

/// <summary>
/// Last school year's pair of the demo school, carried to the end: Ершова (Russian and literature) mentored Лаптева, a
/// young Russian teacher, on pupils' reading literacy. Its programme was extended by a month with both sides' consent
/// (an earlier proposal to meet online was declined), completed in full with the mentee's results, and published as a
/// practice of the municipal library by the demo municipal coordinator. People and texts are invented.
/// </summary>
internal static class DemoProgrammeHistory
{
    public static async Task SeedAsync(AppDbContext db, Organization school, DateOnly today)
    {
        var mentor = await db.People.FirstAsync(p => p.OrganizationId == school.Id && p.LastName == "Ершова");
        var schoolYear = today.Month >= 9 ? today.Year - 1 : today.Year - 2;
        var mentee = new Person
        {
            OrganizationId = school.Id, MunicipalityId = school.MunicipalityId, RegionId = school.RegionId, LastName = "Лаптева", FirstName = "Дарья", MiddleName = "Сергеевна",
            Kind = PersonKind.Teacher, Position = "учитель русского языка и литературы", Subjects = "русский язык, литература", TotalExperienceYears = 2, PedagogicalExperienceYears = 2,
            Qualification = QualificationCategory.First, HasPedagogicalEducation = true, EnteredOn = new DateOnly(schoolYear, 9, 1),
            Mentee = new MenteeProfile { Status = MenteeStatus.Finished, EnteredOn = new DateOnly(schoolYear, 9, 1), Request = "формирование читательской грамотности" },
        };
        mentee.Categories.Add(new PersonCategory { Category = MenteeCategory.YoungSpecialist });
        db.People.Add(mentee);
        await db.SaveChangesAsync();
        var consent = await ConsentTexts.ResolveAsync(db, ConsentKind.PersonalData, ConsentTexts.For(ConsentKind.PersonalData));
        db.Consents.Add(new Consent
        {
            PersonId = mentee.Id, Kind = ConsentKind.PersonalData, GivenBy = ConsentGiver.Subject, Operator = school.Name, Text = consent, SignedOn = new DateOnly(schoolYear, 9, 1),
            RecordedAt = new DateOnly(schoolYear, 9, 1).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc), RecordedBy = "demo",
        });
        var form = await db.MentoringForms.FirstAsync(f => f.RegionId == null && f.Code == "teacher-teacher");
        var kind = await db.MentoringKinds.FirstAsync(k => k.RegionId == null && k.Code == "traditional");
        var online = await db.MentoringKinds.FirstAsync(k => k.RegionId == null && k.Code == "virtual");
        var start = new DateOnly(schoolYear, 9, 15);
        var plannedEnd = new DateOnly(schoolYear + 1, 4, 30);
        var end = new DateOnly(schoolYear + 1, 5, 29);
        DateTime At(DateOnly d, int hour = 10) => d.ToDateTime(new TimeOnly(hour, 0), DateTimeKind.Utc);

        var m = new Mentorship
        {
            OrganizationId = school.Id, MunicipalityId = school.MunicipalityId, RegionId = school.RegionId, FormId = form.Id, KindId = kind.Id, Status = MentorshipStatus.Completed,
            StartDate = start, EndDate = end, ClosedOn = end, CloseReason = "завершение программы в полном объёме (план мероприятий выполнен)",
            Result = "Наставляемая системно работает над смысловым чтением; результаты диагностики её классов выросли.", CreatedAt = At(start.AddDays(-10)), CreatedBy = "demo",
            Participants = [new() { PersonId = mentor.Id, Role = ParticipantRole.Mentor }, new() { PersonId = mentee.Id, Role = ParticipantRole.Mentee }],
        };
        db.Mentorships.Add(m);
        await db.SaveChangesAsync();
        db.MentorshipTransitions.AddRange(
            new MentorshipTransition { MentorshipId = m.Id, From = MentorshipStatus.Draft, To = MentorshipStatus.Proposed, At = At(start.AddDays(-9)), UserName = "curator@demo.nastavnik.ru" },
            new MentorshipTransition { MentorshipId = m.Id, From = MentorshipStatus.Proposed, To = MentorshipStatus.Approved, At = At(start.AddDays(-5)), UserName = "head@demo.nastavnik.ru", Reason = $"приказ № 27 от {Platform.Web.Formats.Date(start.AddDays(-5))}" },
            new MentorshipTransition { MentorshipId = m.Id, From = MentorshipStatus.Approved, To = MentorshipStatus.Active, At = At(start), UserName = "curator@demo.nastavnik.ru" },
            new MentorshipTransition { MentorshipId = m.Id, From = MentorshipStatus.Active, To = MentorshipStatus.Completed, At = At(end, 15), UserName = "curator@demo.nastavnik.ru", Reason = m.CloseReason });

        var p = new MentoringProgram
        {
            MentorshipId = m.Id, OrganizationId = school.Id, MunicipalityId = school.MunicipalityId, RegionId = school.RegionId,
            Goal = "Формирование читательской грамотности обучающихся 5–7 классов на уроках русского языка и литературы",
            Tasks = "Провести диагностику читательской грамотности;\nосвоить приёмы смыслового чтения;\nпоказать открытый урок коллегам.",
            Difficulties = "Формирование функциональной грамотности\nОценивание образовательных результатов", Directions = "SubjectContent,Methods",
            StartDate = start, EndDate = end, CreatedAt = At(start), CreatedBy = "curator@demo.nastavnik.ru",
        };
        db.MentoringPrograms.Add(p);
        await db.SaveChangesAsync();
        ProgramActivity Done(string title, DateOnly due, string result, string form) => new()
        {
            ProgramId = p.Id, Title = title, DueOn = due, ExpectedResult = result, ResultForm = form, Status = ActivityStatus.Done, DoneOn = due, DoneBy = mentee.FullName, DoneByRole = "наставляемый",
        };
        var activities = new[]
        {
            Done("Диагностика читательской грамотности в 6 классе", start.AddDays(14), "результаты диагностики по классу", "аналитическая справка"),
            Done("Посещение уроков наставника: работа с текстом", start.AddDays(45), "3 урока посещены и разобраны", "листы наблюдения"),
            Done("Разработка заданий по смысловому чтению", start.AddDays(100), "банк заданий для 5–7 классов", "сборник заданий"),
            Done("Открытый урок наставляемой для методического объединения", plannedEnd.AddDays(-10), "урок проведён, получены отзывы", "конспект урока, отзывы"),
            Done("Выступление на педагогическом совете с опытом", end.AddDays(-7), "выступление с презентацией", "презентация"),
        };
        db.ProgramActivities.AddRange(activities);
        var kinds = new[] { (MeetingKind.Organizational, 2), (MeetingKind.Trial, 10), (MeetingKind.Planning, 17), (MeetingKind.Regular, 60), (MeetingKind.Regular, 120), (MeetingKind.Regular, 180) };
        foreach (var (k, days) in kinds)
            db.Meetings.Add(new Meeting
            {
                ProgramId = p.Id, Kind = k, HeldOn = start.AddDays(days), StartsAt = new TimeOnly(15, 0), RecordedByPersonId = mentor.Id,
                Attendance = [new() { PersonId = mentor.Id, Present = true }, new() { PersonId = mentee.Id, Present = true }],
            });
        db.Meetings.Add(new Meeting
        {
            ProgramId = p.Id, Kind = MeetingKind.Final, HeldOn = end.AddDays(-2), StartsAt = new TimeOnly(14, 30), Notes = "Подвели итоги, заполнили анкеты удовлетворённости", RecordedByPersonId = mentor.Id,
            Attendance = [new() { PersonId = mentor.Id, Present = true }, new() { PersonId = mentee.Id, Present = true }],
        });
        db.ProgressReports.AddRange(
            new ProgressReport { ProgramId = p.Id, PersonId = mentee.Id, AuthorRole = ParticipantRole.Mentee, ReportedOn = start.AddDays(28), Done = "Выбрали платформу, завела классы", NextSteps = "Первые тесты в 7-х классах", Rating = 4, CreatedAt = At(start.AddDays(28)) },
            new ProgressReport { ProgramId = p.Id, PersonId = mentor.Id, AuthorRole = ParticipantRole.Mentor, ReportedOn = start.AddDays(29), Done = "Разобрали три урока, наставляемая уверенно работает с тестами", Rating = 5, CreatedAt = At(start.AddDays(29)) });

        // The proposal to meet online was declined; the extension by a month (after the mentee's illness) was agreed by both.
        db.ProgramRevisions.Add(new ProgramRevision
        {
            ProgramId = p.Id, OrganizationId = school.Id, MunicipalityId = school.MunicipalityId, RegionId = school.RegionId, Status = RevisionStatus.Declined,
            Reason = "Встречаться онлайн после уроков удобнее", OldKindId = kind.Id, NewKindId = online.Id, ProposedAt = At(start.AddDays(70)), ProposedBy = mentor.FullName,
            ProposedByRole = "наставник", DecidedAt = At(start.AddDays(72)), DecidedBy = $"{mentee.FullName} (наставляемый)", DecisionNote = "Мне важно видеть уроки вживую, оставим очные встречи",
            UpdatedAt = At(start.AddDays(72)), Confirmations = [new() { PersonId = mentor.Id, ConfirmedAt = At(start.AddDays(70)), ConfirmedBy = mentor.FullName }],
        });
        var extension = new ProgramRevision
        {
            ProgramId = p.Id, OrganizationId = school.Id, MunicipalityId = school.MunicipalityId, RegionId = school.RegionId, Status = RevisionStatus.Applied,
            Reason = "Наставляемая три недели болела: открытый урок и итоги переносятся", OldEndDate = plannedEnd, NewEndDate = end,
            ProposedAt = At(plannedEnd.AddDays(-40)), ProposedBy = mentee.FullName, ProposedByRole = "наставляемый",
            DecidedAt = At(plannedEnd.AddDays(-38)), DecidedBy = "согласие всех участников", UpdatedAt = At(plannedEnd.AddDays(-38)),
            Confirmations =
            [
                new() { PersonId = mentee.Id, ConfirmedAt = At(plannedEnd.AddDays(-40)), ConfirmedBy = mentee.FullName },
                new() { PersonId = mentor.Id, ConfirmedAt = At(plannedEnd.AddDays(-38)), ConfirmedBy = mentor.FullName },
            ],
        };
        db.ProgramRevisions.Add(extension);
        await db.SaveChangesAsync();
        extension.Items.Add(new ProgramRevisionItem { Action = RevisionItemAction.Add, ActivityId = activities[4].Id, Title = activities[4].Title, DueOn = activities[4].DueOn, ExpectedResult = activities[4].ExpectedResult, ResultForm = activities[4].ResultForm });

        db.Completions.Add(new Completion
        {
            ProgramId = p.Id, OrganizationId = school.Id, MunicipalityId = school.MunicipalityId, RegionId = school.RegionId, Reason = CompletionReason.Full, CompletedOn = end,
            ProgrammeResults = "План выполнен полностью. Наставляемая использует приёмы смыслового чтения в 5–7 классах, провела открытый урок для методического объединения и выступила на педсовете; доля шестиклассников с базовым уровнем читательской грамотности выросла с 58 до 71 %.",
            RecordedAt = At(end, 15), RecordedBy = "curator@demo.nastavnik.ru",
            MenteeResults =
            [
                new() { PersonId = mentee.Id, Kind = MenteeResultKind.Course, Text = "КПК «Формирование функциональной грамотности обучающихся», 36 ч", AchievedOn = start.AddDays(80) },
                new() { PersonId = mentee.Id, Kind = MenteeResultKind.ContestEntered, Text = "муниципальный конкурс «Педагогический дебют», участница", AchievedOn = end.AddDays(-20) },
            ],
        });

        var practice = PracticeService.Draft(new PracticeService.Source(p, m, new Completion { ProgramId = p.Id, ProgrammeResults = "Приёмы смыслового чтения в 5–7 классах, открытый урок, выступление на педсовете; доля шестиклассников с базовым уровнем читательской грамотности выросла с 58 до 71 %." },
            [.. activities], PracticeService.Names(await db.Mentorships.Include(x => x.Participants).ThenInclude(x => x.Person).FirstAsync(x => x.Id == m.Id))), form.Name);
        practice.Title = "Учитель–учитель: читательская грамотность на уроках русского языка за учебный год";
        (practice.Status, practice.ProposedAt, practice.ProposedBy, practice.DecidedAt, practice.DecidedBy) =
            (PracticeStatus.Published, At(end.AddDays(5)), "curator@demo.nastavnik.ru", At(end.AddDays(12)), "municipal@demo.nastavnik.ru");
        db.Practices.Add(practice);
        await db.SaveChangesAsync();
    }
}
