using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Nastavnik.Data;
using Nastavnik.Features.Mentorships;
using Nastavnik.Platform.Auth;

namespace Nastavnik.Features.IndividualRoutes;

/// <summary>
/// Who the current user is to one teacher's route. Staff of the scope read routes (coordinators, head, curator, tutor);
/// the head, the curator and the tutor also write them. The teacher reads their own route and marks its steps; their
/// mentor in an approved or active pair reads it (it stands next to the programme). A person is matched to an account
/// by e-mail (Person.Email = AppUser.Email), as <see cref="Programmes.ProgrammeAccess"/> does. Anyone else: 404.
/// </summary>
public sealed class IndividualRouteAccess(AppDbContext db, UserManager<AppUser> users, IHttpContextAccessor http)
{
    public sealed record Result(bool Read, bool Write, bool Mark, bool IsOwner)
    {
        public static readonly Result None = new(false, false, false, false);
    }

    private static readonly Role[] StaffRead = [Role.Administrator, Role.RegionalCoordinator, Role.MunicipalCoordinator, Role.Head, Role.Curator, Role.Tutor];
    private static readonly Role[] StaffWrite = [Role.Administrator, Role.Head, Role.Curator, Role.Tutor];

    private string? _email;
    private bool _emailLoaded;

    private bool System => db.Scope.IsGlobal && db.Scope.Roles.Count == 0;

    /// <summary>Does a role of the user that may write routes cover this organisation?</summary>
    public bool CanWriteIn(int regionId, int municipalityId, int organizationId) =>
        System || db.Scope.Roles.Any(r => StaffWrite.Contains(r.Role) && r.Covers(regionId, municipalityId, organizationId));

    public bool CanReadAsStaffIn(int regionId, int municipalityId, int organizationId) =>
        System || db.Scope.Roles.Any(r => StaffRead.Contains(r.Role) && r.Covers(regionId, municipalityId, organizationId));

    public async Task<Result> ForAsync(IndividualRoute r, CancellationToken ct = default)
    {
        var write = CanWriteIn(r.RegionId, r.MunicipalityId, r.OrganizationId);
        var staff = CanReadAsStaffIn(r.RegionId, r.MunicipalityId, r.OrganizationId);
        var own = false;
        var mentor = false;
        if (!staff && db.Scope.Roles.Any(x => x.Role is Role.Mentor or Role.Mentee && x.Covers(r.RegionId, r.MunicipalityId, r.OrganizationId)))
        {
            var mine = await MyPersonIdsAsync(ct);
            own = mine.Contains(r.PersonId);
            if (!own) mentor = (await MenteesOfAsync(mine, ct)).Contains(r.PersonId);
        }
        if (!staff && !own && !mentor) return Result.None;
        return new Result(true, write, write || own, own);
    }

    /// <summary>Ids of the people the current account is (one person per organisation where the user is a mentor or mentee).</summary>
    public async Task<List<int>> MyPersonIdsAsync(CancellationToken ct = default)
    {
        var email = await EmailAsync();
        if (email is null) return [];
        var orgs = db.Scope.Roles.Where(r => r.Role is Role.Mentor or Role.Mentee).Select(r => r.OrganizationId).OfType<int>().ToList();
        return [.. (await db.People.AsNoTracking().Where(p => p.Email != null && orgs.Contains(p.OrganizationId)).Select(p => new { p.Id, p.Email }).ToListAsync(ct))
            .Where(p => string.Equals(p.Email!.Trim(), email, StringComparison.OrdinalIgnoreCase)).Select(p => p.Id)];
    }

    /// <summary>Mentees (and peers) of the given people's approved or active pairs where those people are mentors.</summary>
    public async Task<List<int>> MenteesOfAsync(IReadOnlyCollection<int> mentorPersonIds, CancellationToken ct = default)
    {
        if (mentorPersonIds.Count == 0 || !db.Scope.Has(Role.Mentor)) return [];
        var pairs = db.MentorshipParticipants.Where(p => mentorPersonIds.Contains(p.PersonId) && p.Role == ParticipantRole.Mentor)
            .Join(db.Mentorships.Where(m => m.Status == MentorshipStatus.Approved || m.Status == MentorshipStatus.Active), p => p.MentorshipId, m => m.Id, (p, m) => m.Id);
        return await db.MentorshipParticipants.AsNoTracking().Where(p => pairs.Contains(p.MentorshipId) && p.Role != ParticipantRole.Mentor)
            .Select(p => p.PersonId).Distinct().ToListAsync(ct);
    }

    private async Task<string?> EmailAsync()
    {
        if (_emailLoaded) return _email;
        _emailLoaded = true;
        var user = http.HttpContext?.User;
        _email = user is null ? null : (await users.GetUserAsync(user))?.NormalizedEmail;
        return _email;
    }
}
