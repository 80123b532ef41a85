using Microsoft.EntityFrameworkCore;
using Nastavnik.Features.Mentorships;
using Nastavnik.Features.Monitoring;
using Nastavnik.Features.Organizations;

namespace Nastavnik.Data.Demo;

/// <summary>
/// Satisfaction on the rural district's dashboard beyond the demo school: in Берёзовская СОШ №2 the curator opened the
/// interim monitoring of one teacher–pupil group early, and 18 of its 25 pupils and their mentor have answered; in
/// Калиновская СОШ only 2 of 15 pupils have, so the dashboard shows «мало ответов» there and leaves those two answers
/// out of the district's average. Answers are invented.
/// </summary>
internal static class DemoSatisfaction
{
    private static readonly (string School, int Answered, bool MentorAnswered, double Quality)[] Groups =
    [
        ("МБОУ Берёзовская СОШ №2", 18, true, 0.8),
        ("МБОУ Калиновская СОШ", 2, false, 0.5),
    ];

    public static async Task SeedAsync(AppDbContext db, IReadOnlyDictionary<string, Organization> orgs, TimeProvider clock)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        // Opened a little while ago, but within this calendar year (the dashboard's monitoring period).
        var opened = now.AddDays(-12) < new DateTime(now.Year, 1, 1, 10, 0, 0, DateTimeKind.Utc) ? new DateTime(now.Year, 1, 1, 10, 0, 0, DateTimeKind.Utc) : now.AddDays(-12);
        var set = await db.Questionnaires.Include(q => q.Sections).Include(q => q.Questions).ThenInclude(q => q.Options).AsSplitQuery()
            .Where(q => q.RegionId == null && q.IsDefault && q.Kind == QuestionnaireKind.Survey && q.Audience != QuestionnaireAudience.Curator).ToListAsync();
        var random = new Random(2027);
        foreach (var (school, answered, mentorAnswered, quality) in Groups)
        {
            var org = orgs[school];
            var group = await db.Mentorships.Include(m => m.Participants).Where(m => m.OrganizationId == org.Id && m.Status == MentorshipStatus.Active)
                .OrderBy(m => m.Id).FirstOrDefaultAsync();
            if (group is null) continue;
            var programme = MonitoringDemo.Programme(group, "Проектная деятельность и подготовка к олимпиадам", now);
            programme.Tasks = "Выбрать темы проектов, провести консультации, подготовить участников школьного этапа олимпиады";
            db.MentoringPrograms.Add(programme);
            await db.SaveChangesAsync();
            var plan = MonitoringRules.Plan(programme.StartDate, programme.EndDate, new MonitoringSettings());
            var interim = MonitoringDemo.Stage(programme, MonitoringKind.Interim, plan.InterimOpens, plan.InterimDue, opened);
            interim.OpenedBy = "куратор (досрочно)";
            db.MonitoringStages.AddRange(interim, MonitoringDemo.Stage(programme, MonitoringKind.Final, plan.FinalOpens, plan.FinalDue, null));
            await db.SaveChangesAsync();
            var mentor = group.Participants.First(p => p.Role == ParticipantRole.Mentor).PersonId;
            var pupils = group.Participants.Where(p => p.Role == ParticipantRole.Mentee).Select(p => p.PersonId).OrderBy(id => id).ToList();
            foreach (var q in set)
            {
                var respondents = q.Audience == QuestionnaireAudience.Mentee ? pupils.Select((id, i) => (id, done: i < answered)).ToList() : [(mentor, mentorAnswered)];
                for (var i = 0; i < respondents.Count; i++)
                {
                    var (person, done) = respondents[i];
                    var at = opened.AddDays(1 + i % 7);
                    db.MonitoringAssignments.Add(MonitoringDemo.Assignment(interim, q, person, null, done ? at : null));
                    if (done) db.MonitoringResponses.Add(MonitoringDemo.Response(interim, q, person, null, at, quality, random, i));
                }
            }
            await db.SaveChangesAsync();
        }
    }
}
