using System.ComponentModel.DataAnnotations;
using Nastavnik.Data;
using Nastavnik.Features.Mentorships;

namespace Nastavnik.Features.People;

public enum RegisterKind
{
    [Display(Name = "все участники")] All,
    [Display(Name = "банк наставников")] Mentors,
    [Display(Name = "банк наставляемых")] Mentees,
}

/// <summary>Register filters shared by the page, the export and the API.</summary>
public sealed record PeopleFilter(string? Search = null, int? OrganizationId = null, PersonKind? Kind = null, RegisterKind Register = RegisterKind.All,
    MenteeCategory? Category = null, int? CompetencyId = null, MentorBankStatus? MentorStatus = null, MenteeStatus? MenteeStatus = null);

public static class PeopleQueries
{
    /// <summary>
    /// The mentee's status as the register shows it: the bank keeps «ожидает наставника» until a pair is approved, but
    /// one already proposed in a pair or group (draft or on the head's approval) is no longer waiting for a mentor.
    /// </summary>
    public static string MenteeStatusText(MenteeStatus status, bool inPendingPair) =>
        status == MenteeStatus.Waiting && inPendingPair ? "наставник подобран, пара на утверждении" : Platform.Web.Formats.Name(status);

    /// <summary>
    /// Tenant scope and withdrawal are already in the query filter. A sensitive category can be a filter only for
    /// those allowed to see it: otherwise the list itself would reveal who is an orphan. «Ожидает наставника» is the
    /// waiting list (<see cref="MentorshipQueries.Waiting"/>: not yet in any pair, also one still on approval), so the
    /// page, its export and the API give the same people as the waiting page and the matcher's pool.
    /// </summary>
    public static IQueryable<Person> Filter(AppDbContext db, IQueryable<Person> q, PeopleFilter f)
    {
        var scope = db.Scope;
        if (f.OrganizationId is { } org) q = q.Where(p => p.OrganizationId == org);
        if (f.Kind is { } kind) q = q.Where(p => p.Kind == kind);
        if (f.Register == RegisterKind.Mentors) q = q.Where(p => p.Mentor != null && p.Mentor.Status != MentorBankStatus.Inactive);
        if (f.Register == RegisterKind.Mentees) q = q.Where(p => p.Mentee != null);
        if (f.MentorStatus is { } ms) q = q.Where(p => p.Mentor != null && p.Mentor.Status == ms);
        if (f.MenteeStatus == MenteeStatus.Waiting) q = MentorshipQueries.Waiting(db, q);
        else if (f.MenteeStatus is { } ts) q = q.Where(p => p.Mentee != null && p.Mentee.Status == ts);
        if (f.Category is { } c)
        {
            if (MenteeCategories.IsSensitive(c))
            {
                var allowed = scope.For(Platform.Auth.Permissions.PeopleSensitiveRead);
                if (allowed.Roles.Count == 0 && !(allowed.IsGlobal)) return q.Where(_ => false);
                if (!allowed.IsGlobal)
                    q = q.Where(p => allowed.RegionIds.Contains(p.RegionId) || allowed.MunicipalityIds.Contains(p.MunicipalityId) || allowed.OrganizationIds.Contains(p.OrganizationId));
            }
            q = q.Where(p => p.Categories.Any(x => x.Category == c));
        }
        if (f.CompetencyId is { } comp)
            q = q.Where(p => p.Deficits.Any(d => d.CompetencyId == comp) || (p.Mentor != null && p.Mentor.Strengths.Any(s => s.CompetencyId == comp)));
        if (!string.IsNullOrWhiteSpace(f.Search)) q = PersonSearch.Apply(q, f.Search);
        return q;
    }
}
