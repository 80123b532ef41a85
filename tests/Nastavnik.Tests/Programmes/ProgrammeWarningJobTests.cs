using System.Globalization;
using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Nastavnik.Features.Mentorships;
using Nastavnik.Features.Notifications;
using Nastavnik.Features.Organizations;
using Nastavnik.Features.People;
using Nastavnik.Features.Programmes;
using Nastavnik.Platform.Auth;
using Nastavnik.Platform.Email;
using Nastavnik.Tests.Mentorships;
using Nastavnik.Tests.Notifications;

namespace Nastavnik.Tests.Programmes;

public sealed class ProgrammeWarningJobTests(TestApp app) : IClassFixture<TestApp>
{
    private sealed record Pair(Organization Org, Person Mentor, Person Mentee, Mentorship M, AppUser MentorUser, AppUser MenteeUser, AppUser? Curator, int ProgramId);

    private static string S(int n) => n.ToString(CultureInfo.InvariantCulture);

    /// <summary>A working pair with accounts and a programme 01.12.2026–31.05.2027 (no meetings, no reports yet).</summary>
    private async Task<Pair> PairAsync(bool curator = true, Role staff = Role.Curator)
    {
        var org = await app.CreateOrganizationAsync();
        var mentorUser = await app.CreateUserAsync(Role.Mentor, organization: org);
        var menteeUser = await app.CreateUserAsync(Role.Mentee, organization: org);
        var curatorUser = curator ? await app.CreateUserAsync(staff, organization: org) : null;
        var mentor = await app.CreateMentorAsync(org, "Сергеева", email: mentorUser.Email);
        var mentee = await app.CreateMenteeAsync(org, "Молодцова", email: menteeUser.Email);
        var m = await app.CreateMentorshipAsync(org, mentor, mentee, MentorshipStatus.Active);
        var id = await app.WithDbAsync(async db =>
        {
            var p = new MentoringProgram
            {
                MentorshipId = m.Id, OrganizationId = org.Id, MunicipalityId = org.MunicipalityId, RegionId = org.RegionId, Goal = "Адаптация молодого учителя",
                StartDate = new DateOnly(2026, 12, 1), EndDate = new DateOnly(2027, 5, 31), CreatedAt = app.Clock.GetUtcNow().UtcDateTime,
            };
            db.MentoringPrograms.Add(p);
            await db.SaveChangesAsync();
            return p.Id;
        });
        return new Pair(org, mentor, mentee, m, mentorUser, menteeUser, curatorUser, id);
    }

    private Task MeetingAsync(int programId, DateOnly on) => app.WithDbAsync(async db =>
    {
        db.Meetings.Add(new Meeting { ProgramId = programId, Kind = MeetingKind.Regular, HeldOn = on });
        await db.SaveChangesAsync();
    });

    private Task ReportAsync(int programId, Person author, ParticipantRole role, DateOnly on, int rating) => app.WithDbAsync(async db =>
    {
        db.ProgressReports.Add(new ProgressReport { ProgramId = programId, PersonId = author.Id, AuthorRole = role, ReportedOn = on, Done = "Посетили уроки", Rating = rating, CreatedAt = app.Clock.GetUtcNow().UtcDateTime });
        await db.SaveChangesAsync();
    });

    private Task<List<Notification>> NotesAsync(AppUser user) =>
        app.WithDbAsync(db => db.Notifications.Where(n => n.UserId == user.Id).OrderBy(n => n.Id).ToListAsync());

    private Task<List<OutboxEmail>> LettersAsync(AppUser user) =>
        app.WithDbAsync(db => db.OutboxEmails.Where(n => n.UserId == user.Id).OrderBy(n => n.Id).ToListAsync());

    private static void At(TestApp app, int year, int month, int day) => app.Clock.Set(new DateTimeOffset(year, month, day, 9, 0, 0, TimeSpan.Zero));

    private ProgrammeWarningJob Job => app.Services.GetRequiredService<ProgrammeWarningJob>();

    /// <summary>Sends what the outbox holds and returns the letters written to the pickup folder for the address.</summary>
    private async Task<List<Eml>> MailToAsync(AppUser user)
    {
        await app.Services.GetRequiredService<EmailOutboxJob>().RunOnceAsync();
        return [.. Eml.ReadAll(app.MailDirectory).Where(e => e.To.Contains(user.Email!, StringComparison.OrdinalIgnoreCase))];
    }

    [Fact]
    public async Task OverdueReport_NotifiesAuthorAndCurator_ByMail_OnceUntilSubmitted_ThenAgainWhenOverdueAgain()
    {
        At(app, 2026, 12, 1);
        var p = await PairAsync();
        await MeetingAsync(p.ProgramId, new DateOnly(2026, 12, 2));
        await ReportAsync(p.ProgramId, p.Mentor, ParticipantRole.Mentor, new DateOnly(2026, 12, 10), 4);

        // 16 days after the start the mentee has filed nothing (every 14 days); the mentor filed a week ago.
        // (Counts are per user: other tests' programmes share this database and this job.)
        At(app, 2026, 12, 17);
        await Job.RunOnceAsync();
        var curatorNote = Assert.Single(await NotesAsync(p.Curator!));
        Assert.Contains($"Программа наставничества пары №{S(p.M.Id)}: Просрочен отчёт: наставляемый Молодцова", curatorNote.Text);
        Assert.Contains("Кому написать: наставник Сергеева", curatorNote.Text);
        Assert.Equal($"/programmes/card/{S(p.ProgramId)}", curatorNote.Link);
        var menteeNote = Assert.Single(await NotesAsync(p.MenteeUser));
        Assert.Contains("пора сдать отчёт", menteeNote.Text);
        Assert.Equal($"/programmes/report/{S(p.ProgramId)}", menteeNote.Link);
        Assert.Empty(await NotesAsync(p.MentorUser));

        // The letters were queued with the notifications and go out to the pickup folder.
        Assert.Single(await LettersAsync(p.MenteeUser));
        var letter = Assert.Single(await MailToAsync(p.MenteeUser));
        Assert.Equal($"Наставник: Программа наставничества пары №{S(p.M.Id)}: пора сдать отчёт о ходе реализации", letter.Subject);
        Assert.Contains("Здравствуйте, Тестов Тест Тестович!", letter.Body);
        Assert.Contains($"/programmes/report/{S(p.ProgramId)}", letter.Body);
        Assert.Contains("/notifications", letter.Body);
        var curatorLetter = Assert.Single(await MailToAsync(p.Curator!));
        Assert.StartsWith($"Наставник: Программа наставничества пары №{S(p.M.Id)}: Просрочен отчёт: наставляемый Молодцова М. П. не сдал ни одного отчёта с 01.12.2026 (не реже 1 раза в 14 дн.)", curatorLetter.Subject);
        Assert.All(await LettersAsync(p.MenteeUser), l => Assert.Equal(OutboxStatus.Sent, l.Status));

        // No duplicates while it holds.
        await Job.RunOnceAsync();
        At(app, 2026, 12, 18);
        await Job.RunOnceAsync();
        Assert.Single(await NotesAsync(p.MenteeUser));
        Assert.Single(await NotesAsync(p.Curator!));

        // The mentee files the report through the phone form: the warning clears.
        var mentee = await app.LoginAsync(p.MenteeUser);
        var r = await mentee.PostFormAsync($"/programmes/report/{S(p.ProgramId)}", new() { ["Input.ReportedOn"] = "2026-12-18", ["Input.Done"] = "Провела открытый урок", ["Input.Rating"] = "4" });
        Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);
        var curator = await app.LoginAsync(p.Curator!);
        Assert.DoesNotContain("Просрочен отчёт", await curator.GetHtmlAsync("/"));
        await Job.RunOnceAsync();
        Assert.Empty(await app.WithDbAsync(db => db.ProgrammeWarningStates.Where(s => s.ProgramId == p.ProgramId).ToListAsync()));
        Assert.Single(await NotesAsync(p.MenteeUser));

        // Two weeks and more later it is overdue again, and announced again.
        At(app, 2027, 1, 3);
        await Job.RunOnceAsync();
        var again = await NotesAsync(p.MenteeUser);
        Assert.Equal(2, again.Count(n => n.Text.Contains("пора сдать отчёт", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task StillOverdue_IsRepeatedAfterRepeatDays_NotBefore()
    {
        At(app, 2026, 12, 1);
        var p = await PairAsync();
        await MeetingAsync(p.ProgramId, new DateOnly(2026, 12, 16));
        await ReportAsync(p.ProgramId, p.Mentor, ParticipantRole.Mentor, new DateOnly(2026, 12, 16), 4);
        At(app, 2026, 12, 17);
        await Job.RunOnceAsync();
        static int Reminders(List<Notification> n) => n.Count(x => x.Text.Contains("пора сдать отчёт", StringComparison.Ordinal));
        Assert.Equal(1, Reminders(await NotesAsync(p.MenteeUser)));
        At(app, 2026, 12, 23);
        await Job.RunOnceAsync();
        Assert.Equal(1, Reminders(await NotesAsync(p.MenteeUser)));
        At(app, 2026, 12, 24);
        await Job.RunOnceAsync();
        Assert.Equal(2, Reminders(await NotesAsync(p.MenteeUser)));
    }

    [Fact]
    public async Task Recipients_MeetingToMentorAndCurator_RatingActivityEndingToCuratorOnly()
    {
        At(app, 2026, 12, 1);
        var p = await PairAsync();
        await app.WithDbAsync(async db =>
        {
            var prog = await db.MentoringPrograms.SingleAsync(x => x.Id == p.ProgramId);
            prog.EndDate = new DateOnly(2027, 3, 5);
            db.ProgramActivities.Add(new ProgramActivity { ProgramId = p.ProgramId, Title = "Посещение уроков наставника", DueOn = new DateOnly(2027, 2, 10), Status = ActivityStatus.Planned });
            await db.SaveChangesAsync();
        });
        await MeetingAsync(p.ProgramId, new DateOnly(2027, 1, 20));
        await ReportAsync(p.ProgramId, p.Mentor, ParticipantRole.Mentor, new DateOnly(2027, 2, 20), 2);
        await ReportAsync(p.ProgramId, p.Mentee, ParticipantRole.Mentee, new DateOnly(2027, 2, 20), 5);

        // 25.02: no meeting for 36 days, a low rating, an overdue activity, 8 days to the end; reports are fresh.
        At(app, 2027, 2, 25);
        Assert.True(await Job.RunOnceAsync() >= 4);
        var curator = await NotesAsync(p.Curator!);
        Assert.Equal(4, curator.Count);
        Assert.Contains(curator, n => n.Text.Contains("Нет встреч 36 дн.", StringComparison.Ordinal));
        Assert.Contains(curator, n => n.Text.Contains("Низкая оценка: наставник Сергеева", StringComparison.Ordinal));
        Assert.Contains(curator, n => n.Text.Contains("Просрочено мероприятие плана «Посещение уроков наставника»", StringComparison.Ordinal));
        Assert.Contains(curator, n => n.Text.Contains("Программа заканчивается через 8 дн.", StringComparison.Ordinal));
        var mentor = Assert.Single(await NotesAsync(p.MentorUser));
        Assert.Contains("пора встретиться", mentor.Text);
        Assert.Equal($"/programmes/card/{S(p.ProgramId)}#meetings", mentor.Link);
        Assert.Empty(await NotesAsync(p.MenteeUser));
        Assert.Equal(4, await app.WithDbAsync(db => db.ProgrammeWarningStates.CountAsync(s => s.ProgramId == p.ProgramId)));
    }

    [Fact]
    public async Task SchoolWithoutCurator_WarningsGoToHead_OtherSchoolsStaffGetNothing()
    {
        At(app, 2026, 12, 1);
        var p = await PairAsync(staff: Role.Head);
        var elsewhere = await app.CreateUserAsync(Role.Curator, organization: await app.CreateOrganizationAsync());
        At(app, 2026, 12, 17);
        await Job.RunOnceAsync();
        var head = await NotesAsync(p.Curator!);
        Assert.Contains(head, n => n.Text.Contains("Просрочен отчёт: наставляемый Молодцова", StringComparison.Ordinal));
        Assert.Empty(await NotesAsync(elsewhere));
    }

    [Fact]
    public async Task OptOut_KeepsNotification_QueuesNoLetter()
    {
        At(app, 2026, 12, 1);
        var p = await PairAsync();
        await ReportAsync(p.ProgramId, p.Mentor, ParticipantRole.Mentor, new DateOnly(2026, 12, 16), 4);
        var mentee = await app.LoginAsync(p.MenteeUser);
        Assert.Contains("checked=\"checked\"", await mentee.GetHtmlAsync("/notifications"));
        var r = await mentee.PostFormAsync("/notifications?handler=Email", new() { ["sendEmail"] = "false" }, "/notifications");
        Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);
        var page = await mentee.GetHtmlAsync("/notifications");
        Assert.Contains("Письма отключены", page);
        Assert.DoesNotContain("checked=\"checked\"", page);

        At(app, 2026, 12, 17);
        await Job.RunOnceAsync();
        Assert.Single(await NotesAsync(p.MenteeUser));
        Assert.Empty(await LettersAsync(p.MenteeUser));
        Assert.Single(await LettersAsync(p.Curator!));

        // Turned back on, the next notification (the weekly repeat) is mailed again.
        mentee = await app.LoginAsync(p.MenteeUser);
        await mentee.PostFormAsync("/notifications?handler=Email", new() { ["sendEmail"] = "true", }, "/notifications");
        At(app, 2026, 12, 24);
        await Job.RunOnceAsync();
        Assert.Single(await LettersAsync(p.MenteeUser));
    }
}
