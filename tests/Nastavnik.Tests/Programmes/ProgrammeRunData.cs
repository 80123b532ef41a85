using System.Globalization;
using System.Net;
using Microsoft.EntityFrameworkCore;
using Nastavnik.Features.Mentorships;
using Nastavnik.Features.Organizations;
using Nastavnik.Features.People;
using Nastavnik.Features.Programmes;
using Nastavnik.Platform.Auth;
using Nastavnik.Tests.Mentorships;

namespace Nastavnik.Tests.Programmes;

/// <summary>A working pair with its programme (01.12.2026–31.05.2027, two plan activities) and signed-in clients for its mentor, mentee and curator.</summary>
public sealed record ProgrammeRun(Organization Org, Person Mentor, Person Mentee, Mentorship M, int ProgramId, int FirstActivityId, int SecondActivityId,
    AppUser MentorUser, AppUser MenteeUser, AppUser CuratorUser, HttpClient MentorClient, HttpClient MenteeClient, HttpClient Curator)
{
    public string Card => $"/programmes/card/{ProgramId}";
    public string Revisions => $"/programmes/revisions/{ProgramId}";
}

public static class ProgrammeRunData
{
    public static string Id(int id) => id.ToString(CultureInfo.InvariantCulture);

    public static async Task<ProgrammeRun> StartProgrammeAsync(this TestApp app, string mentorName = "Сергеева", string menteeName = "Молодцова", Organization? org = null)
    {
        org ??= await app.CreateOrganizationAsync();
        var mentorUser = await app.CreateUserAsync(Role.Mentor, organization: org);
        var menteeUser = await app.CreateUserAsync(Role.Mentee, organization: org);
        var curator = await app.CreateUserAsync(Role.Curator, organization: org);
        var mentor = await app.CreateMentorAsync(org, mentorName, email: mentorUser.Email);
        var mentee = await app.CreateMenteeAsync(org, menteeName, email: menteeUser.Email);
        var m = await app.CreateMentorshipAsync(org, mentor, mentee, MentorshipStatus.Active);
        var (programId, first, second) = await app.WithDbAsync(async db =>
        {
            var p = new MentoringProgram
            {
                MentorshipId = m.Id, OrganizationId = org.Id, MunicipalityId = org.MunicipalityId, RegionId = org.RegionId, Goal = "Адаптация молодого учителя",
                Tasks = "Освоить формирующее оценивание", Directions = nameof(ProgramDirection.Methods), StartDate = m.StartDate, EndDate = m.EndDate, CreatedAt = app.Clock.GetUtcNow().UtcDateTime,
            };
            db.MentoringPrograms.Add(p);
            await db.SaveChangesAsync();
            var a = new ProgramActivity { ProgramId = p.Id, Title = "Посещение уроков наставника", DueOn = new DateOnly(2026, 12, 20), ExpectedResult = "лист наблюдения", Status = ActivityStatus.Planned };
            var b = new ProgramActivity { ProgramId = p.Id, Title = "Открытый урок наставляемого", DueOn = new DateOnly(2027, 3, 15), ExpectedResult = "урок проведён", ResultForm = "конспект", Status = ActivityStatus.Planned };
            db.ProgramActivities.AddRange(a, b);
            await db.SaveChangesAsync();
            return (p.Id, a.Id, b.Id);
        });
        return new ProgrammeRun(org, mentor, mentee, m, programId, first, second, mentorUser, menteeUser, curator,
            await app.LoginAsync(mentorUser), await app.LoginAsync(menteeUser), await app.LoginAsync(curator));
    }

    public static Task<ProgramRevision> RevisionAsync(this TestApp app, int programId) =>
        app.WithDbAsync(db => db.ProgramRevisions.Include(r => r.Items).Include(r => r.Confirmations).Where(r => r.ProgramId == programId).OrderByDescending(r => r.Id).FirstAsync());

    public static Task<HttpResponseMessage> ReviseAsync(this HttpClient c, ProgrammeRun run, Dictionary<string, string> fields)
    {
        var all = new Dictionary<string, string>
        {
            ["Input.StartDate"] = "2026-12-01", ["Input.EndDate"] = "2027-05-31", ["Input.FormId"] = Id(run.M.FormId), ["Input.KindId"] = Id(run.M.KindId),
            ["Input.Plan[0].ActivityId"] = Id(run.FirstActivityId), ["Input.Plan[0].Title"] = "Посещение уроков наставника", ["Input.Plan[0].DueOn"] = "2026-12-20", ["Input.Plan[0].ExpectedResult"] = "лист наблюдения",
            ["Input.Plan[1].ActivityId"] = Id(run.SecondActivityId), ["Input.Plan[1].Title"] = "Открытый урок наставляемого", ["Input.Plan[1].DueOn"] = "2027-03-15", ["Input.Plan[1].ExpectedResult"] = "урок проведён", ["Input.Plan[1].ResultForm"] = "конспект",
        };
        foreach (var (k, v) in fields) all[k] = v;
        return c.PostFormAsync($"/programmes/revise/{run.ProgramId}", all);
    }

    public static Task<HttpResponseMessage> RevisionActionAsync(this HttpClient c, ProgrammeRun run, string handler, ProgramRevision r, Dictionary<string, string>? fields = null, Guid? version = null, string? formPage = null)
    {
        var all = new Dictionary<string, string> { ["revisionId"] = Id(r.Id), ["version"] = (version ?? r.Version).ToString() };
        foreach (var (k, v) in fields ?? []) all[k] = v;
        return c.PostFormAsync($"{run.Revisions}?handler={handler}", all, formPage ?? run.Revisions);
    }

    public static bool IsAccessDenied(this HttpResponseMessage r) =>
        r.StatusCode == HttpStatusCode.Redirect && (r.Headers.Location?.OriginalString ?? "").Contains("accessdenied", StringComparison.OrdinalIgnoreCase);

    public static Task<List<string>> NotificationsAsync(this TestApp app, AppUser user) =>
        app.WithDbAsync(db => db.Notifications.Where(n => n.UserId == user.Id).OrderBy(n => n.Id).Select(n => n.Text).ToListAsync());
}
