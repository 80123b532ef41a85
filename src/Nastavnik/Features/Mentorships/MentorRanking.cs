using Microsoft.EntityFrameworkCore;
using Nastavnik.Data;
using Nastavnik.Features.People;

namespace Nastavnik.Features.Mentorships;

public sealed record RankedMentor(int PersonId, string Name, string? Position, int Score, int CapacityLeft, int Capacity, IReadOnlyList<string> Reasons);

/// <summary>
/// Ranks the mentors of a mentee's organisation for that mentee with the exact matcher's scorer, so the reasons
/// a mentee reads are the same the curator's matching run gives. Mentors without free places or whose person
/// kind does not fit any form with the mentee are left out.
/// </summary>
public sealed class MentorRanking(AppDbContext db, MentorshipService mentorships, Matching.MatchingPool pool)
{
    public async Task<List<RankedMentor>> RankAsync(Person mentee, CancellationToken ct = default)
    {
        var forms = await mentorships.FormsAsync(mentee.RegionId, ct);
        var input = await pool.LoadAsync(mentee.MunicipalityId, mentee.OrganizationId, Nastavnik.Matching.MatchWeights.Default, [], ct);
        var kinds = await db.People.AsNoTracking().Where(p => p.OrganizationId == mentee.OrganizationId && p.Mentor != null)
            .Select(p => new { p.Id, p.Kind, p.Position, Capacity = p.Mentor!.Capacity }).ToDictionaryAsync(p => p.Id, ct);
        // A mentee who is not waiting (already in a pair, asking for a replacement) is scored all the same.
        var profile = input.Mentees.FirstOrDefault(m => m.PersonId == mentee.Id)
            ?? (await pool.LoadProfileAsync(mentee, ct));
        var scorer = new Nastavnik.Matching.MatchScorer(input.Weights, input.ToProblem().Vocabulary);
        var result = new List<RankedMentor>();
        foreach (var mentor in input.Mentors.Where(m => m.PersonId != mentee.Id && m.Capacity > 0))
        {
            if (!kinds.TryGetValue(mentor.PersonId, out var k) || !forms.Any(f => f.FitsMentor(k.Kind) && f.FitsMentee(mentee.Kind))) continue;
            var score = scorer.Score(profile, mentor);
            var reasons = score.Components.Where(c => c.Points > 0).Select(c => c.Explanation).ToList();
            reasons.Add($"свободных мест: {mentor.Capacity} из {k.Capacity}");
            result.Add(new RankedMentor(mentor.PersonId, input.Names[mentor.PersonId], k.Position, score.Total, mentor.Capacity, k.Capacity, reasons));
        }
        return [.. result.OrderByDescending(r => r.Score).ThenBy(r => r.Name, StringComparer.Create(Platform.Web.WebHost.Russian, false))];
    }
}
