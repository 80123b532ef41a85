using Microsoft.EntityFrameworkCore;
using Nastavnik.Data;
using Nastavnik.Features.Mentorships;
using Nastavnik.Features.People;
using Nastavnik.Platform.Auth;

namespace Nastavnik.Features.Indicators;

/// <summary>
/// Federal statistics figures (the annual report's «участники по ролям») per organisation of a level on the as-of
/// date, counted as the dashboard counts them: people in counted pairs and groups by role (each person once per role
/// and organisation), mentees by who they are, curators, pairs and groups by status, and participants and pairs by
/// form. Per-organisation numbers add up to the municipality's and the region's, because a person and a pair belong to
/// one organisation. Computed when a report is asked for, not cached.
/// </summary>
public sealed class IndicatorStatistics
{
    public sealed record Form(int Id, string Name);

    public sealed record Row(int OrganizationId, int Mentors, int MenteeTeachers, int MenteePupils, int MenteeStudents, int MenteeOthers, int Peers, int Curators,
        IReadOnlyDictionary<MentorshipStatus, int> Pairs, IReadOnlyDictionary<int, (int People, int Pairs)> ByForm)
    {
        public int Mentees => MenteeTeachers + MenteePupils + MenteeStudents + MenteeOthers;
        public int AllPairs => Pairs.Values.Sum();

        public static Row Sum(int id, IEnumerable<Row> rows)
        {
            var list = rows.ToList();
            return new Row(id, list.Sum(r => r.Mentors), list.Sum(r => r.MenteeTeachers), list.Sum(r => r.MenteePupils), list.Sum(r => r.MenteeStudents),
                list.Sum(r => r.MenteeOthers), list.Sum(r => r.Peers), list.Sum(r => r.Curators),
                list.SelectMany(r => r.Pairs).GroupBy(x => x.Key).ToDictionary(g => g.Key, g => g.Sum(x => x.Value)),
                list.SelectMany(r => r.ByForm).GroupBy(x => x.Key).ToDictionary(g => g.Key, g => (g.Sum(x => x.Value.People), g.Sum(x => x.Value.Pairs))));
        }
    }

    /// <summary>Forms that have participants or pairs in the scope, in the reference order.</summary>
    public required IReadOnlyList<Form> Forms { get; init; }
    /// <summary>One row per measured organisation, keyed by its id.</summary>
    public required IReadOnlyDictionary<int, Row> Organizations { get; init; }

    public Row For(IEnumerable<int> organizationIds) => Row.Sum(0, organizationIds.Select(id => Organizations.GetValueOrDefault(id)).OfType<Row>());

    public static async Task<IndicatorStatistics> LoadAsync(AppDbContext db, MonitoringLevel level, DateOnly asOf, CancellationToken ct = default)
    {
        var calc = new IndicatorCalculator(db);
        var orgIds = await calc.Organizations(level).Select(o => o.Id).ToListAsync(ct);
        var orgs = calc.Organizations(level).Select(o => o.Id);
        var involved = calc.Involved(level, asOf);
        var roles = await involved.GroupBy(r => new { r.OrganizationId, r.Role, r.Kind })
            .Select(g => new { g.Key.OrganizationId, g.Key.Role, g.Key.Kind, Count = g.Select(r => r.PersonId).Distinct().Count() }).ToListAsync(ct);
        // All pairs and groups of the organisations by status, as the dashboard's «Пары и группы по состоянию».
        var statuses = await db.Mentorships.AsNoTracking().Where(m => orgs.Contains(m.OrganizationId)).GroupBy(m => new { m.OrganizationId, m.Status })
            .Select(g => new { g.Key.OrganizationId, g.Key.Status, Count = g.Count() }).ToListAsync(ct);
        // By form as the structure page: distinct people and the counted pairs.
        var formPeople = await involved.Join(db.Mentorships, r => r.MentorshipId, m => m.Id, (r, m) => new { r.OrganizationId, m.FormId, r.PersonId }).Distinct()
            .GroupBy(x => new { x.OrganizationId, x.FormId }).Select(g => new { g.Key.OrganizationId, g.Key.FormId, Count = g.Count() }).ToListAsync(ct);
        var formPairs = await calc.CountedMentorships(level, asOf).GroupBy(m => new { m.OrganizationId, m.FormId })
            .Select(g => new { g.Key.OrganizationId, g.Key.FormId, Count = g.Count() }).ToListAsync(ct);
        // Curators are user accounts with the curator role at the organisation (a curator need not be in the registers).
        var curators = await (from r in db.RoleAssignments.AsNoTracking()
                              join u in db.Users.AsNoTracking() on r.UserId equals u.Id
                              where r.Role == Role.Curator && r.OrganizationId != null && orgs.Contains(r.OrganizationId.Value) && !u.IsDisabled
                              group r by r.OrganizationId!.Value into g
                              select new { g.Key, Count = g.Select(x => x.UserId).Distinct().Count() }).ToDictionaryAsync(x => x.Key, x => x.Count, ct);
        var formIds = formPeople.Select(f => f.FormId).Union(formPairs.Select(f => f.FormId)).ToList();
        var forms = await db.MentoringForms.IgnoreQueryFilters().AsNoTracking().Where(f => formIds.Contains(f.Id))
            .OrderBy(f => f.SortOrder).ThenBy(f => f.Name).Select(f => new Form(f.Id, f.Name)).ToListAsync(ct);

        var rolesOf = roles.ToLookup(r => r.OrganizationId);
        var statusesOf = statuses.ToLookup(s => s.OrganizationId);
        var peopleByForm = formPeople.ToDictionary(x => (x.OrganizationId, x.FormId), x => x.Count);
        var pairsByForm = formPairs.ToDictionary(x => (x.OrganizationId, x.FormId), x => x.Count);
        int People(int org, ParticipantRole role, Func<PersonKind, bool> kind) => rolesOf[org].Where(r => r.Role == role && kind(r.Kind)).Sum(r => r.Count);
        var rows = orgIds.ToDictionary(id => id, id => new Row(id,
            People(id, ParticipantRole.Mentor, _ => true),
            People(id, ParticipantRole.Mentee, k => k == PersonKind.Teacher),
            People(id, ParticipantRole.Mentee, k => k == PersonKind.Pupil),
            People(id, ParticipantRole.Mentee, k => k == PersonKind.Student),
            People(id, ParticipantRole.Mentee, k => k is not (PersonKind.Teacher or PersonKind.Pupil or PersonKind.Student)),
            People(id, ParticipantRole.Peer, _ => true),
            curators.GetValueOrDefault(id),
            statusesOf[id].ToDictionary(s => s.Status, s => s.Count),
            forms.ToDictionary(f => f.Id, f => (peopleByForm.GetValueOrDefault((id, f.Id)), pairsByForm.GetValueOrDefault((id, f.Id))))));
        return new IndicatorStatistics { Forms = forms, Organizations = rows };
    }
}
