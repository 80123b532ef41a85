using Microsoft.AspNetCore.Authorization;
using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Nastavnik.Data;
using Nastavnik.Features.People;
using Nastavnik.Platform.Auth;

namespace Nastavnik.Features.Mentorships;

/// <summary>Rows for lists and cards: names of participants by role, form and kind names.</summary>
public static class MentorshipQueries
{
    public sealed record Row(int Id, int OrganizationId, string Organization, MentorshipStatus Status, string Form, string Kind, DateOnly StartDate, DateOnly EndDate,
        DateOnly? ClosedOn, string Mentors, string Mentees, bool IsMenteeRequest, string? RequestNote, bool ReplacementRequested, string? Order);

    public static async Task<List<Row>> RowsAsync(IQueryable<Mentorship> q, CancellationToken ct = default)
    {
        var raw = await q.AsNoTracking().Select(m => new
        {
            m.Id, m.OrganizationId, Org = m.Organization!.Name, m.Status, Form = m.Form!.Name, Kind = m.Kind!.Name, m.StartDate, m.EndDate, m.ClosedOn, m.IsMenteeRequest, m.RequestNote,
            Replacement = m.ReplacementRequestedAt != null, Order = m.ApprovalOrder == null ? null : "№ " + m.ApprovalOrder.Number,
            People = m.Participants.Select(p => new { p.Role, p.Person!.LastName, p.Person.FirstName, p.Person.MiddleName }).ToList(),
        }).ToListAsync(ct);
        return [.. raw.Select(m => new Row(m.Id, m.OrganizationId, m.Org, m.Status, m.Form, m.Kind, m.StartDate, m.EndDate, m.ClosedOn,
            string.Join(", ", m.People.Where(p => p.Role == ParticipantRole.Mentor).Select(p => ShortName(p.LastName, p.FirstName, p.MiddleName))),
            string.Join(", ", m.People.Where(p => p.Role != ParticipantRole.Mentor).Select(p => ShortName(p.LastName, p.FirstName, p.MiddleName))),
            m.IsMenteeRequest, m.RequestNote, m.Replacement, m.Order))];
    }

    /// <summary>Mentees and peers who already have a pair or group (draft, on approval, approved, active), within the viewer's scope.</summary>
    public static IQueryable<int> OccupiedMenteeIds(AppDbContext db) =>
        db.MentorshipParticipants.Where(x => x.Role != ParticipantRole.Mentor
                && db.Mentorships.Any(m => m.Id == x.MentorshipId && MentorshipLifecycle.Occupying.Contains(m.Status)))
            .Select(x => x.PersonId);

    /// <summary>
    /// Лист ожидания, one definition for the waiting page, the register's filter and the matcher's pool: mentees whose bank
    /// status is «ожидает наставника» (the query filter already leaves out anyone without consent), of a working
    /// organisation, not yet in any pair or group.
    /// </summary>
    public static IQueryable<Person> Waiting(AppDbContext db, IQueryable<Person> people)
    {
        var occupied = OccupiedMenteeIds(db);
        return people.Where(p => p.Mentee != null && p.Mentee.Status == MenteeStatus.Waiting && !p.Organization!.IsArchived
            && !occupied.Contains(p.Id));
    }

    /// <summary>«Волкова Н. С.» — lists are long; the card shows full names.</summary>
    public static string ShortName(string last, string first, string? middle) => $"{last} {first[..1]}.{(string.IsNullOrEmpty(middle) ? "" : " " + middle[..1] + ".")}";

    public static async Task<bool> AllowedAsync(IAuthorizationService auth, ClaimsPrincipal user, AppDbContext db, int organizationId, string permission)
    {
        var org = await db.Organizations.AsNoTracking().FirstOrDefaultAsync(o => o.Id == organizationId);
        return org is not null && (await auth.AuthorizeAsync(user, org, new TenantOperation(permission))).Succeeded;
    }

    public static string StatusBadge(MentorshipStatus s) => s switch
    {
        MentorshipStatus.Draft => "text-bg-light border",
        MentorshipStatus.Proposed => "text-bg-warning",
        MentorshipStatus.Approved => "text-bg-info",
        MentorshipStatus.Active => "text-bg-success",
        MentorshipStatus.Completed => "text-bg-secondary",
        _ => "text-bg-dark",
    };
}
