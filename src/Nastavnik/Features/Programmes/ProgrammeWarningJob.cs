using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.Extensions.Options;
using Nastavnik.Data;
using Nastavnik.Features.Mentorships;
using Nastavnik.Features.Notifications;
using Nastavnik.Platform.Auth;
using Nastavnik.Platform.Tenancy;

namespace Nastavnik.Features.Programmes;

/// <summary>"ProgrammeWarnings" section: how often the job looks, and after how many days a warning that is still
/// there is sent again (0: only when it clears and comes back).</summary>
public sealed class ProgrammeWarningOptions
{
    public double IntervalHours { get; set; } = 24;
    public int RepeatDays { get; set; } = 7;
}

/// <summary>
/// A warning already sent for a programme (<see cref="ProgrammeService.Warning.Key"/>: kind plus the participant or
/// plan item it is about). The row lives while the warning holds; when the job no longer finds the warning it deletes
/// the row, so the same trouble coming back later is announced again.
/// </summary>
public sealed class ProgrammeWarningState
{
    public long Id { get; set; }
    public int ProgramId { get; set; }
    public required string Key { get; set; }
    public DateTime RaisedAt { get; set; }
    public DateTime LastSentAt { get; set; }
}

internal sealed class ProgrammeWarningStateConfiguration : IEntityTypeConfiguration<ProgrammeWarningState>
{
    public void Configure(EntityTypeBuilder<ProgrammeWarningState> b)
    {
        b.ToTable("ProgrammeWarningStates");
        b.Property(x => x.Key).HasMaxLength(60);
        b.HasOne<MentoringProgram>().WithMany().HasForeignKey(x => x.ProgramId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(x => new { x.ProgramId, x.Key }).IsUnique();
    }
}

/// <summary>
/// Early warnings of the programmes (<see cref="ProgrammeService.Compute"/>) sent as in-app notifications and letters,
/// once a day on the injected clock, organisation by organisation (one transaction each). Who gets what:
/// <list type="bullet">
/// <item>report overdue — the participant whose report it is (mentor, mentee or peer: they are the ones who can fix it)
/// and the curator;</item>
/// <item>no meeting for N days — the mentor(s) (in a peer group, every peer: there is no mentor to arrange it) and the
/// curator;</item>
/// <item>low rating, plan activity overdue, programme ending soon — the curator only: a low rating is the participant's
/// own word about the pair and goes to the one who can step in; the plan and the ending are the curator's control
/// (the participants see these warnings on the programme page anyway).</item>
/// </list>
/// "The curator" is every curator of the programme's organisation, or its head when it has none, so a warning never
/// falls into the void. A warning is sent when it appears, then again only after
/// <see cref="ProgrammeWarningOptions.RepeatDays"/> while it holds, and afresh after it clears and comes back.
/// </summary>
public sealed class ProgrammeWarningJob(IServiceScopeFactory scopes, TimeProvider clock, IOptions<ProgrammeWarningOptions> options, ILogger<ProgrammeWarningJob> log)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromHours(Math.Max(0.01, options.Value.IntervalHours)), clock);
        do
        {
            try
            {
                var n = await RunOnceAsync(stoppingToken);
                if (n > 0) log.LogInformation("Предупреждения по программам наставничества: отправлено {Count}", n);
            }
            catch (Exception ex) when (ex is DbUpdateException or InvalidOperationException or System.Data.Common.DbException)
            {
                log.LogError("Предупреждения по программам не отправлены ({Error}); повтор по расписанию", ex.GetType().Name);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    /// <summary>One pass over all organisations; returns the number of warnings sent (not of recipients).</summary>
    public async Task<int> RunOnceAsync(CancellationToken ct = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<CurrentScope>().Set(TenantScope.System);
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var live = db.Mentorships.Where(m => m.Status == MentorshipStatus.Approved || m.Status == MentorshipStatus.Active).Select(m => m.Id);
        var withState = db.ProgrammeWarningStates.Select(s => s.ProgramId);
        // Organisations with a running programme, plus those still holding states of programmes that stopped (to clear them).
        var orgIds = await db.MentoringPrograms.AsNoTracking().Where(p => live.Contains(p.MentorshipId) || withState.Contains(p.Id))
            .Select(p => p.OrganizationId).Distinct().OrderBy(x => x).ToListAsync(ct);
        var sent = 0;
        foreach (var org in orgIds)
        {
            // A fresh scope per organisation: its change tracker holds one organisation's notifications at a time.
            await using var orgScope = scopes.CreateAsyncScope();
            orgScope.ServiceProvider.GetRequiredService<CurrentScope>().Set(TenantScope.System);
            sent += await RunForOrganizationAsync(orgScope.ServiceProvider, org, ct);
        }
        return sent;
    }

    private async Task<int> RunForOrganizationAsync(IServiceProvider services, int organizationId, CancellationToken ct)
    {
        var db = services.GetRequiredService<AppDbContext>();
        var service = services.GetRequiredService<ProgrammeService>();
        var notifier = services.GetRequiredService<Notifier>();
        var now = clock.GetUtcNow().UtcDateTime;
        var repeat = options.Value.RepeatDays;

        var programmes = await db.MentoringPrograms.AsNoTracking().Where(p => p.OrganizationId == organizationId)
            .Select(p => new { p.Id, p.MentorshipId }).ToListAsync(ct);
        var programmeIds = programmes.Select(p => p.Id).ToList();
        var warnings = await service.WarningsAsync(db.MentoringPrograms.Where(p => p.OrganizationId == organizationId), ct);
        var states = await db.ProgrammeWarningStates.Where(s => programmeIds.Contains(s.ProgramId)).ToListAsync(ct);
        var byKey = states.ToDictionary(s => (s.ProgramId, s.Key));
        var current = warnings.Select(w => (w.ProgramId, w.Key)).ToHashSet();
        db.ProgrammeWarningStates.RemoveRange(states.Where(s => !current.Contains((s.ProgramId, s.Key))));

        var toSend = new List<ProgrammeService.Warning>();
        foreach (var w in warnings)
        {
            if (byKey.TryGetValue((w.ProgramId, w.Key), out var state))
            {
                if (repeat <= 0 || now - state.LastSentAt < TimeSpan.FromDays(repeat)) continue;
                state.LastSentAt = now;
            }
            else
            {
                var added = new ProgrammeWarningState { ProgramId = w.ProgramId, Key = w.Key, RaisedAt = now, LastSentAt = now };
                db.ProgrammeWarningStates.Add(added);
                byKey[(w.ProgramId, w.Key)] = added;
            }
            toSend.Add(w);
        }

        if (toSend.Count > 0)
        {
            var staff = await db.RoleAssignments.AsNoTracking().Where(a => a.OrganizationId == organizationId && (a.Role == Role.Curator || a.Role == Role.Head))
                .Select(a => new { a.UserId, a.Role }).ToListAsync(ct);
            var curators = staff.Where(a => a.Role == Role.Curator).Select(a => a.UserId).Distinct().ToList();
            if (curators.Count == 0) curators = [.. staff.Select(a => a.UserId).Distinct()];
            var mentorshipIds = programmes.Where(p => toSend.Any(w => w.ProgramId == p.Id)).Select(p => p.MentorshipId).ToList();
            var people = await service.PeopleAsync(mentorshipIds, ct);
            var mentorshipOf = programmes.ToDictionary(p => p.Id, p => p.MentorshipId);
            foreach (var w in toSend)
            {
                var id = ProgrammeService.Id(w.ProgramId);
                var card = $"/programmes/card/{id}";
                var name = "Программа наставничества пары №" + ProgrammeService.Id(mentorshipOf[w.ProgramId]);
                await notifier.ToUsersAsync(curators, $"{name}: {w.Text} Кому написать: {w.Contacts.TrimEnd('.')}.", card, ct);
                var participants = people.GetValueOrDefault(mentorshipOf[w.ProgramId], []);
                switch (w.Kind)
                {
                    case "report" when w.PersonId is { } author:
                        await notifier.ToPeopleAsync([author], $"{name}: пора сдать отчёт о ходе реализации. {w.Text}", $"/programmes/report/{id}", ct);
                        break;
                    case "meeting":
                        var mentors = participants.Where(x => x.Role == ParticipantRole.Mentor).Select(x => x.PersonId).ToList();
                        if (mentors.Count == 0) mentors = [.. participants.Where(x => x.Role == ParticipantRole.Peer).Select(x => x.PersonId)];
                        await notifier.ToPeopleAsync(mentors, $"{name}: пора встретиться. {w.Text} Договоритесь о встрече и запишите её в программе.", card + "#meetings", ct);
                        break;
                }
            }
        }
        await db.SaveChangesAsync(ct);
        return toSend.Count;
    }
}
