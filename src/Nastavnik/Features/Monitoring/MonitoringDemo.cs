using Microsoft.EntityFrameworkCore;
using Nastavnik.Data;
using Nastavnik.Features.Consents;
using Nastavnik.Features.Mentorships;
using Nastavnik.Features.Notifications;
using Nastavnik.Features.Organizations;
using Nastavnik.Features.People;
using Nastavnik.Features.Programmes;

namespace Nastavnik.Features.Monitoring;

/// <summary>
/// Monitoring in the demo school. Last school year's cohort (four fictional young teachers with Ершова, Соловьёв and Белова
/// as mentors) went through both stages with every questionnaire and card filled, so the results page shows response
/// rates, distributions and mentor effectiveness. This year's demo pair (Волкова – Зайцев) has its interim stage opened
/// early by the curator: Волкова's card is filled, the mentee's, mentor's and curator's questionnaires wait — the demo
/// mentee, mentor and curator see «Анкеты к заполнению» at once.
/// </summary>
public static class MonitoringDemo
{
    private sealed record Teacher(string Last, string First, string Middle, string Position, string Subjects);

    private static readonly Teacher[] LastYear =
    [
        new("Полякова", "Ксения", "Андреевна", "учитель химии", "химия"),
        new("Лазарева", "Юлия", "Сергеевна", "учитель географии", "география"),
        new("Крылов", "Егор", "Максимович", "учитель физической культуры", "физическая культура"),
        new("Васильева", "Дарья", "Олеговна", "учитель музыки", "музыка"),
    ];

    // Mentor of each of last year's mentees, and how much the mentee grew (card level at interim → final, 0..1).
    private static readonly (string Mentor, double Interim, double Final)[] Growth =
    [
        ("Ершова", 0.35, 0.80),
        ("Ершова", 0.45, 0.75),
        ("Соловьёв", 0.40, 0.55),
        ("Белова", 0.30, 0.70),
    ];

    private static readonly string[] Wishes =
    [
        "Больше времени на совместный разбор уроков.",
        "Хотелось бы чаще посещать уроки наставника.",
        "Добавить встречи с другими молодыми педагогами.",
        "Всё устраивает, спасибо наставнику.",
    ];

    public static async Task SeedAsync(AppDbContext db, Organization school, TimeProvider clock, Notifier notifier)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var today = DateOnly.FromDateTime(clock.GetLocalNow().DateTime);
        var form = await db.MentoringForms.FirstAsync(f => f.RegionId == null && f.Code == "teacher-teacher");
        var kind = await db.MentoringKinds.FirstAsync(k => k.RegionId == null && k.Code == "traditional");
        var set = await db.Questionnaires.Include(q => q.Sections).Include(q => q.Questions).ThenInclude(q => q.Options).AsSplitQuery()
            .Where(q => q.RegionId == null && q.IsDefault).ToListAsync();
        var people = await db.People.Where(p => p.OrganizationId == school.Id).ToDictionaryAsync(p => p.LastName, p => p);
        var consent = await ConsentTexts.ResolveAsync(db, ConsentKind.PersonalData, ConsentTexts.For(ConsentKind.PersonalData));
        var random = new Random(2026);

        // Last school year: 1 September – 31 May, completed.
        var yearStart = new DateOnly(today.Month >= 9 ? today.Year - 1 : today.Year - 2, 9, 1);
        var start = yearStart;
        var end = new DateOnly(yearStart.Year + 1, 5, 31);
        for (var i = 0; i < LastYear.Length; i++)
        {
            var t = LastYear[i];
            var mentee = new Person
            {
                OrganizationId = school.Id, MunicipalityId = school.MunicipalityId, RegionId = school.RegionId, LastName = t.Last, FirstName = t.First, MiddleName = t.Middle,
                Kind = PersonKind.Teacher, Position = t.Position, Subjects = t.Subjects, TotalExperienceYears = 2, PedagogicalExperienceYears = 2,
                Qualification = QualificationCategory.None, HasPedagogicalEducation = true, EnteredOn = yearStart.AddDays(-10),
                Mentee = new MenteeProfile { Status = MenteeStatus.Finished, EnteredOn = yearStart.AddDays(-10), Request = "помощь в проектировании урока по ФГОС" },
            };
            mentee.Categories.Add(new PersonCategory { Category = MenteeCategory.YoungSpecialist });
            db.People.Add(mentee);
            await db.SaveChangesAsync();
            db.Consents.Add(new Consent
            {
                PersonId = mentee.Id, Kind = ConsentKind.PersonalData, GivenBy = ConsentGiver.Subject, Operator = school.Name, Text = consent, SignedOn = yearStart.AddDays(-10), RecordedAt = now, RecordedBy = "demo",
            });
            var mentor = people[Growth[i].Mentor];
            var m = new Mentorship
            {
                OrganizationId = school.Id, MunicipalityId = school.MunicipalityId, RegionId = school.RegionId, FormId = form.Id, KindId = kind.Id, Status = MentorshipStatus.Completed,
                StartDate = start, EndDate = end, ClosedOn = end, CloseReason = "программа выполнена в полном объёме", CreatedAt = now, CreatedBy = "demo",
                Participants = [new() { PersonId = mentor.Id, Role = ParticipantRole.Mentor }, new() { PersonId = mentee.Id, Role = ParticipantRole.Mentee }],
            };
            db.Mentorships.Add(m);
            await db.SaveChangesAsync();
            var p = Programme(m, "Адаптация молодого педагога и освоение проектирования урока по ФГОС", now);
            db.MentoringPrograms.Add(p);
            await db.SaveChangesAsync();
            var plan = MonitoringRules.Plan(start, end, new MonitoringSettings());
            foreach (var (stageKind, opens, due, level) in new[] { (MonitoringKind.Interim, plan.InterimOpens, plan.InterimDue, Growth[i].Interim), (MonitoringKind.Final, plan.FinalOpens, plan.FinalDue, Growth[i].Final) })
            {
                var stage = Stage(p, stageKind, opens, due, ToUtc(opens));
                db.MonitoringStages.Add(stage);
                await db.SaveChangesAsync();
                var answeredOn = ToUtc(opens.AddDays(3 + i));
                foreach (var q in set)
                {
                    var respondent = q.Audience switch { QuestionnaireAudience.Mentee => (int?)mentee.Id, QuestionnaireAudience.Mentor => mentor.Id, _ => null };
                    var subject = q.Kind == QuestionnaireKind.Card ? (int?)mentee.Id : null;
                    db.MonitoringAssignments.Add(Assignment(stage, q, respondent, subject, answeredOn));
                    // Satisfaction follows the growth a little; cards follow it closely.
                    var quality = q.Kind == QuestionnaireKind.Card ? level : 0.55 + level * 0.45;
                    db.MonitoringResponses.Add(Response(stage, q, respondent, subject, answeredOn, quality, random, i));
                }
                await db.SaveChangesAsync();
            }
        }

        // This year's demo pair: programme of its own dates, interim opened early by the curator.
        var pair = await db.Mentorships.Include(x => x.Participants).FirstOrDefaultAsync(x => x.OrganizationId == school.Id && x.Status == MentorshipStatus.Active
            && x.Participants.Any(y => y.PersonId == people["Волкова"].Id) && x.Participants.Any(y => y.PersonId == people["Зайцев"].Id));
        if (pair is null) return;
        var programme = await db.MentoringPrograms.FirstOrDefaultAsync(x => x.MentorshipId == pair.Id);
        if (programme is null)
        {
            programme = Programme(pair, "Освоение проектирования урока по ФГОС и управления классом", now);
            db.MentoringPrograms.Add(programme);
            await db.SaveChangesAsync();
        }
        var current = MonitoringRules.Plan(programme.StartDate, programme.EndDate, new MonitoringSettings());
        var interim = Stage(programme, MonitoringKind.Interim, current.InterimOpens, current.InterimDue, now.AddDays(-2));
        interim.OpenedBy = "curator@demo.nastavnik.ru";
        db.MonitoringStages.AddRange(interim, Stage(programme, MonitoringKind.Final, current.FinalOpens, current.FinalDue, null));
        await db.SaveChangesAsync();
        var volkova = people["Волкова"].Id;
        var zaitsev = people["Зайцев"].Id;
        foreach (var q in set)
        {
            var respondent = q.Audience switch { QuestionnaireAudience.Mentee => (int?)zaitsev, QuestionnaireAudience.Mentor => volkova, _ => null };
            var subject = q.Kind == QuestionnaireKind.Card ? (int?)zaitsev : null;
            var filled = q.Kind == QuestionnaireKind.Card && q.Audience == QuestionnaireAudience.Mentor;
            db.MonitoringAssignments.Add(Assignment(interim, q, respondent, subject, filled ? now.AddDays(-1) : null));
            if (filled) db.MonitoringResponses.Add(Response(interim, q, respondent, subject, now.AddDays(-1), 0.4, random, 0));
        }
        var text = $"Открыт промежуточный мониторинг программы наставничества: анкеты к заполнению до {Platform.Web.Formats.Date(interim.DueOn)}.";
        await notifier.ToPeopleAsync([volkova, zaitsev], text, MonitoringService.MyLink);
        await notifier.ToCuratorsAsync(school.Id, text, MonitoringService.MyLink);
        await db.SaveChangesAsync();
    }

    internal static DateTime ToUtc(DateOnly d) => d.ToDateTime(new TimeOnly(10, 0), DateTimeKind.Utc);

    internal static MentoringProgram Programme(Mentorship m, string goal, DateTime now) => new()
    {
        MentorshipId = m.Id, OrganizationId = m.OrganizationId, MunicipalityId = m.MunicipalityId, RegionId = m.RegionId, Goal = goal,
        Tasks = "Посещать и анализировать уроки друг друга; разработать и провести открытый урок", Directions = nameof(ProgramDirection.Methods),
        StartDate = m.StartDate, EndDate = m.EndDate, CreatedAt = now, CreatedBy = "demo",
    };

    internal static MonitoringStage Stage(MentoringProgram p, MonitoringKind kind, DateOnly opens, DateOnly due, DateTime? openedAt) => new()
    {
        ProgramId = p.Id, Kind = kind, OpensOn = opens, DueOn = due, OpenedAt = openedAt, OpenedBy = openedAt is null ? null : "система",
        OrganizationId = p.OrganizationId, MunicipalityId = p.MunicipalityId, RegionId = p.RegionId,
    };

    internal static MonitoringAssignment Assignment(MonitoringStage s, Questionnaire q, int? person, int? subject, DateTime? completedAt) => new()
    {
        StageId = s.Id, QuestionnaireId = q.Id, Audience = q.Audience, PersonId = person, SubjectPersonId = subject, CompletedAt = completedAt, LastRemindedAt = s.OpenedAt,
        OrganizationId = s.OrganizationId, MunicipalityId = s.MunicipalityId, RegionId = s.RegionId,
    };

    /// <summary>Plausible answers at the given quality (0..1), varied a little per question.</summary>
    internal static MonitoringResponse Response(MonitoringStage s, Questionnaire q, int? person, int? subject, DateTime at, double quality, Random random, int index)
    {
        var r = new MonitoringResponse
        {
            Id = Guid.NewGuid(), StageId = s.Id, QuestionnaireId = q.Id, RespondentRole = q.Audience, PersonId = q.IsAnonymous ? null : person, SubjectPersonId = subject,
            SubmittedAt = q.IsAnonymous ? null : at, OrganizationId = s.OrganizationId, MunicipalityId = s.MunicipalityId, RegionId = s.RegionId,
        };
        foreach (var x in MonitoringResults.Ordered(q))
        {
            var wobble = (random.NextDouble() - 0.5) * 0.3;
            var level = Math.Clamp(quality + wobble, 0, 1);
            switch (x.Kind)
            {
                case QuestionKind.Scale:
                    r.Answers.Add(new MonitoringAnswer { QuestionId = x.Id, Value = x.ScaleMin!.Value + (int)Math.Round(level * (x.ScaleMax!.Value - x.ScaleMin.Value)) });
                    break;
                case QuestionKind.SingleChoice:
                    var options = x.Options.OrderBy(o => o.Order).ToList();
                    // The first options are the favourable ones in the built-in questionnaires.
                    r.Answers.Add(new MonitoringAnswer { QuestionId = x.Id, OptionId = options[Math.Min(options.Count - 1, (int)((1 - level) * options.Count))].Id });
                    break;
                case QuestionKind.MultipleChoice:
                    var choices = x.Options.OrderBy(o => o.Order).ToList();
                    // The last option («пока нет», «трудностей не было») excludes the others, so the demo never ticks it.
                    var picked = choices.Take(choices.Count - 1).Where((_, n) => (n + index) % 3 == 0 || n == random.Next(choices.Count - 1)).Take(3).ToList();
                    foreach (var o in picked.Count > 0 ? picked : choices.Take(1))
                        r.Answers.Add(new MonitoringAnswer { QuestionId = x.Id, OptionId = o.Id });
                    break;
                case QuestionKind.Text when index % 2 == 0 || x.Required:
                    r.Answers.Add(new MonitoringAnswer { QuestionId = x.Id, Text = Wishes[(index + (int)s.Kind) % Wishes.Length] });
                    break;
            }
        }
        return r;
    }
}
