using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Nastavnik.Data;
using Nastavnik.Features.Mentorships;
using Nastavnik.Platform.Auth;

namespace Nastavnik.Features.Programmes;

/// <summary>
/// Who the current user is to one pair's programme. Staff read the programmes of their scope (the curator and the
/// head of the school also write them); mentors and mentees reach only the programmes they take part in, matched
/// by the account's e-mail to a participant (Person.Email = AppUser.Email, as <see cref="Notifications.Notifier"/> does).
/// </summary>
public sealed class ProgrammeAccess(AppDbContext db, UserManager<AppUser> users, IHttpContextAccessor http)
{
    public sealed record Result(bool Read, bool EditProgramme, bool Participate, int? PersonId, ParticipantRole? Role, string ActorLabel)
    {
        public static readonly Result None = new(false, false, false, null, null, "");

        /// <summary>Curator, head or administrator over the organisation (not only a participant).</summary>
        public bool StaffWrite { get; init; }

        /// <summary>The mentorship is completed or terminated: the programme is read-only (its record stays as it was).</summary>
        public bool Closed { get; init; }
    }

    public const string ClosedMessage = "Программа завершена: её план, встречи и отчёты больше не изменяются.";

    private static readonly Role[] StaffRead = [Role.Administrator, Role.RegionalCoordinator, Role.MunicipalCoordinator, Role.Head, Role.Curator, Role.Tutor, Role.Psychologist];
    private static readonly Role[] StaffWrite = [Role.Administrator, Role.Head, Role.Curator];

    private string? _email;
    private bool _emailLoaded;

    public async Task<Result> ForAsync(Mentorship m, CancellationToken ct = default)
    {
        var scope = db.Scope;
        var system = scope.IsGlobal && scope.Roles.Count == 0;
        var covering = scope.Roles.Where(r => r.Covers(m.RegionId, m.MunicipalityId, m.OrganizationId)).Select(r => r.Role).ToHashSet();
        var staffRead = system || covering.Overlaps(StaffRead);
        var staffWrite = system || covering.Overlaps(StaffWrite);
        int? personId = null;
        ParticipantRole? role = null;
        if (covering.Contains(Role.Mentor) || covering.Contains(Role.Mentee))
        {
            var email = await EmailAsync();
            if (email is not null)
            {
                var people = await db.MentorshipParticipants.AsNoTracking().Where(p => p.MentorshipId == m.Id)
                    .Join(db.People, p => p.PersonId, x => x.Id, (p, x) => new { p.PersonId, p.Role, x.Email }).ToListAsync(ct);
                var me = people.FirstOrDefault(p => p.Email is not null && string.Equals(p.Email.Trim(), email, StringComparison.OrdinalIgnoreCase)
                    && (p.Role == ParticipantRole.Peer || (p.Role == ParticipantRole.Mentor ? covering.Contains(Role.Mentor) : covering.Contains(Role.Mentee))));
                if (me is not null) (personId, role) = (me.PersonId, me.Role);
            }
        }
        var participant = personId is not null;
        if (!staffRead && !participant) return Result.None;
        var label = participant ? (role == ParticipantRole.Mentor ? "наставник" : role == ParticipantRole.Peer ? "партнёр" : "наставляемый")
            : covering.Contains(Role.Curator) ? "куратор" : covering.Contains(Role.Head) ? "руководитель ОО" : "администратор";
        return new Result(true, staffWrite || role is ParticipantRole.Mentor or ParticipantRole.Peer, staffWrite || participant, personId, role, label)
        {
            StaffWrite = staffWrite,
            Closed = MentorshipLifecycle.Closed.Contains(m.Status),
        };
    }

    /// <summary>Ids of the mentorships the current mentor or mentee takes part in (for their list).</summary>
    public async Task<List<int>> OwnMentorshipIdsAsync(CancellationToken ct = default)
    {
        var email = await EmailAsync();
        if (email is null) return [];
        var orgs = db.Scope.Roles.Where(r => r.Role is Role.Mentor or Role.Mentee).Select(r => r.OrganizationId).OfType<int>().ToList();
        var people = (await db.People.AsNoTracking().Where(p => p.Email != null && orgs.Contains(p.OrganizationId)).Select(p => new { p.Id, p.Email }).ToListAsync(ct))
            .Where(p => string.Equals(p.Email!.Trim(), email, StringComparison.OrdinalIgnoreCase)).Select(p => p.Id).ToList();
        if (people.Count == 0) return [];
        return await db.MentorshipParticipants.AsNoTracking().Where(p => people.Contains(p.PersonId)).Select(p => p.MentorshipId).Distinct().ToListAsync(ct);
    }

    /// <summary>Does the user read programmes as staff anywhere (not only as a participant)?</summary>
    public bool IsStaff => (db.Scope.IsGlobal && db.Scope.Roles.Count == 0) || db.Scope.Roles.Any(r => StaffRead.Contains(r.Role));

    private async Task<string?> EmailAsync()
    {
        if (_emailLoaded) return _email;
        _emailLoaded = true;
        var user = http.HttpContext?.User;
        _email = user is null ? null : (await users.GetUserAsync(user))?.NormalizedEmail;
        return _email;
    }
}
