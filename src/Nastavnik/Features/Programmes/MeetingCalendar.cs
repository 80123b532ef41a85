using Microsoft.EntityFrameworkCore;
using Nastavnik.Data;
using Nastavnik.Features.Events;
using Nastavnik.Platform.Auth;
using Nastavnik.Platform.Web;

namespace Nastavnik.Features.Programmes;

/// <summary>
/// The pairs' meetings in the user's personal calendar feed (/events/feed, one subscribable link for events and
/// meetings: a person adds one calendar, not two). Whose meetings: those of the programmes the user takes part in
/// as mentor, mentee or peer (their account's e-mail matches the participant's, as <see cref="ProgrammeAccess"/>
/// decides, and they hold the mentor or mentee role at that school), and all meetings of the schools where the user
/// is curator. Times are the school's local time, floating, as the events in the same feed.
/// </summary>
public sealed class MeetingCalendar(AppDbContext db, ProgrammeService service)
{
    /// <summary>Meetings have no end time in the form; an hour is what a calendar should block.</summary>
    public static readonly TimeSpan Duration = TimeSpan.FromHours(1);
    private const int Limit = 2000;

    public async Task<List<Ical.Entry>> ForUserAsync(string userId, IReadOnlyCollection<RoleAssignment> roles, DateOnly from, string baseUrl, string host, CancellationToken ct = default)
    {
        var participantOrgs = roles.Where(r => r.Role is Role.Mentor or Role.Mentee && r.OrganizationId is not null).Select(r => r.OrganizationId!.Value).Distinct().ToList();
        var curatorOrgs = roles.Where(r => r.Role == Role.Curator && r.OrganizationId is not null).Select(r => r.OrganizationId!.Value).Distinct().ToList();
        var mentorshipIds = new List<int>();
        if (participantOrgs.Count > 0)
        {
            var email = await db.Users.AsNoTracking().Where(u => u.Id == userId).Select(u => u.NormalizedEmail).FirstOrDefaultAsync(ct);
            if (email is not null)
            {
                var me = (await db.People.AsNoTracking().Where(p => p.Email != null && participantOrgs.Contains(p.OrganizationId)).Select(p => new { p.Id, p.Email }).ToListAsync(ct))
                    .Where(p => string.Equals(p.Email!.Trim(), email, StringComparison.OrdinalIgnoreCase)).Select(p => p.Id).ToList();
                if (me.Count > 0)
                    mentorshipIds = await db.MentorshipParticipants.AsNoTracking().Where(p => me.Contains(p.PersonId)).Select(p => p.MentorshipId).Distinct().ToListAsync(ct);
            }
        }
        if (mentorshipIds.Count == 0 && curatorOrgs.Count == 0) return [];

        var programmes = await db.MentoringPrograms.AsNoTracking().Where(p => mentorshipIds.Contains(p.MentorshipId) || curatorOrgs.Contains(p.OrganizationId))
            .Select(p => new { p.Id, p.MentorshipId, p.OrganizationId }).ToListAsync(ct);
        var ids = programmes.Select(p => p.Id).ToList();
        var meetings = await db.Meetings.AsNoTracking().Where(m => ids.Contains(m.ProgramId) && m.HeldOn >= from)
            .OrderBy(m => m.HeldOn).ThenBy(m => m.Id).Take(Limit).ToListAsync(ct);
        if (meetings.Count == 0) return [];
        var people = await service.PeopleAsync([.. programmes.Select(p => p.MentorshipId).Distinct()], ct);
        var orgIds = programmes.Select(p => p.OrganizationId).Distinct().ToList();
        var orgNames = await db.Organizations.AsNoTracking().Where(o => orgIds.Contains(o.Id)).ToDictionaryAsync(o => o.Id, o => o.Name, ct);
        var byId = programmes.ToDictionary(p => p.Id);
        return [.. meetings.Select(m =>
        {
            var p = byId[m.ProgramId];
            return Entry(m, ProgrammeService.Id(p.Id), people.GetValueOrDefault(p.MentorshipId, []), orgNames.GetValueOrDefault(p.OrganizationId, ""), baseUrl, host);
        })];
    }

    public static Ical.Entry Entry(Meeting m, string programmeId, IReadOnlyList<ProgrammeService.Person> people, string organization, string baseUrl, string host)
    {
        var names = string.Join(", ", people.Select(x => x.ShortName));
        var summary = $"Встреча наставничества ({Formats.Name(m.Kind)})" + (names.Length > 0 ? ": " + names : "");
        var description = string.Join("\n", new[]
        {
            $"Персонализированная программа наставничества №{programmeId}",
            m.Online && m.Link is not null ? "Ссылка на встречу: " + m.Link : null,
            m.Notes,
            $"Программа: {baseUrl}/programmes/card/{programmeId}",
        }.Where(x => !string.IsNullOrWhiteSpace(x)));
        return new Ical.Entry($"meeting-{ProgrammeService.Id(m.Id)}@{host}", m.HeldOn, m.StartsAt, Duration, summary,
            m.Online ? "онлайн" : organization, m.Online ? m.Link : null, description);
    }
}
