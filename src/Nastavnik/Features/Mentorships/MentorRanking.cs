using Microsoft.EntityFrameworkCore;
using Nastavnik.Data;
using Nastavnik.Features.People;

namespace Nastavnik.Features.Mentorships;

public sealed record RankedMentor(int PersonId, string Name, string? Position, int Score, int CapacityLeft, int Capacity, IReadOnlyList<string> Reasons);

/// <summary>
/// Ranks the mentors of a mentee's organisation for that mentee. <see cref="RankAsync"/> is the one entry point;
/// the scoring inside is an interim one (<see cref="InterimScore"/>) until the exact matcher's scorer
/// (Nastavnik.Matching) is wired in here.
/// </summary>
public sealed class MentorRanking(AppDbContext db, MentorshipService mentorships)
{
    public async Task<List<RankedMentor>> RankAsync(Person mentee, CancellationToken ct = default)
    {
        var forms = await mentorships.FormsAsync(mentee.RegionId, ct);
        var deficits = await db.Deficits.AsNoTracking().Where(d => d.PersonId == mentee.Id).Select(d => new { d.CompetencyId, d.Competency!.Name }).Distinct().ToListAsync(ct);
        var candidates = await db.People.AsNoTracking()
            .Where(p => p.OrganizationId == mentee.OrganizationId && p.Id != mentee.Id && p.Mentor != null && p.Mentor.Status != MentorBankStatus.Inactive)
            .Select(p => new { p.Id, p.LastName, p.FirstName, p.MiddleName, p.Kind, p.Position, p.Subjects, p.Mentor!.Capacity, Strengths = p.Mentor.Strengths.Select(s => s.CompetencyId).ToList() })
            .ToListAsync(ct);
        var result = new List<RankedMentor>();
        foreach (var c in candidates)
        {
            if (!forms.Any(f => f.FitsMentor(c.Kind) && f.FitsMentee(mentee.Kind))) continue;
            var left = c.Capacity - await mentorships.UsedCapacityAsync(c.Id, ct);
            if (left <= 0) continue;
            var covered = deficits.Where(d => c.Strengths.Contains(d.CompetencyId)).Select(d => d.Name).ToList();
            var subjects = SharedSubjects(c.Subjects, mentee.Subjects);
            var reasons = new List<string>();
            if (covered.Count > 0) reasons.Add("закрывает дефициты: " + string.Join(", ", covered));
            if (subjects.Count > 0) reasons.Add("тот же предмет: " + string.Join(", ", subjects));
            reasons.Add($"свободных мест: {left} из {c.Capacity}");
            var name = c.MiddleName is null ? $"{c.LastName} {c.FirstName}" : $"{c.LastName} {c.FirstName} {c.MiddleName}";
            result.Add(new RankedMentor(c.Id, name, c.Position, InterimScore(covered.Count, subjects.Count > 0, left), left, c.Capacity, reasons));
        }
        return [.. result.OrderByDescending(r => r.Score).ThenBy(r => r.Name, StringComparer.Create(Platform.Web.WebHost.Russian, false))];
    }

    /// <summary>Interim: each covered deficit weighs most, a shared subject next, free places break ties (up to 3).</summary>
    public static int InterimScore(int coveredDeficits, bool sameSubject, int capacityLeft) =>
        coveredDeficits * 10 + (sameSubject ? 5 : 0) + Math.Min(capacityLeft, 3);

    private static List<string> SharedSubjects(string? a, string? b)
    {
        static IEnumerable<string> Split(string? s) => (s ?? "").Split([',', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(x => x.ToLowerInvariant());
        return [.. Split(a).Intersect(Split(b))];
    }
}
