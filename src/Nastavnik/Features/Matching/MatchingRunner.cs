using System.Text.Json;
using Nastavnik.Data;
using Nastavnik.Matching;
using Nastavnik.Platform.Audit;

namespace Nastavnik.Features.Matching;

/// <summary>Solves a pool exactly, compares with greedy, and stores the run with its input for reproduction.</summary>
public sealed class MatchingRunner(AppDbContext db, AuditLog audit, TimeProvider clock, IHttpContextAccessor http)
{
    public sealed record StoredPair(int MenteeId, int MentorId, int Score, bool IsLocked, List<ScoreComponent> Breakdown);
    public sealed record StoredResult(List<StoredPair> Pairs, List<int> Unmatched, long TotalScore, bool Certified, int Rounds, long CandidatePairs,
        long PairsAddedByCertificate, double Milliseconds);

    public async Task<MatchingRun> RunAsync(MatchingPool.Input input, int regionId, int municipalityId, int? organizationId, CancellationToken ct = default)
    {
        var problem = input.ToProblem();
        var result = ExactMatcher.Solve(problem);
        var greedy = GreedyMatcher.Solve(problem);
        var stored = new StoredResult([.. result.Pairs.Select(p => new StoredPair(p.MenteeId, p.MentorId, p.Score, p.IsLocked, [.. p.Breakdown]))], [.. result.UnmatchedMenteeIds],
            result.TotalScore, result.IsCertifiedOptimal, result.Rounds, result.CandidatePairs, result.PairsAddedByCertificate, result.Timings.Total.TotalMilliseconds);
        var run = new MatchingRun
        {
            RegionId = regionId, MunicipalityId = municipalityId, OrganizationId = organizationId, PoolName = input.PoolName,
            CreatedAt = clock.GetUtcNow().UtcDateTime, CreatedBy = http.HttpContext?.User.Identity?.Name,
            InputJson = JsonSerializer.Serialize(input, MatchingPool.Json), ResultJson = JsonSerializer.Serialize(stored, MatchingPool.Json),
            TotalScore = result.TotalScore, GreedyScore = greedy.TotalScore, Mentees = input.Mentees.Count, Mentors = input.Mentors.Count,
            Matched = result.Pairs.Count, IsCertifiedOptimal = result.IsCertifiedOptimal,
        };
        db.MatchingRuns.Add(run);
        audit.Add("matching.run", "matching", null, $"{input.PoolName}: наставляемых {run.Mentees}, наставников {run.Mentors}, пар {run.Matched}", organizationId);
        await db.SaveChangesAsync(ct);
        return run;
    }

    public static MatchingPool.Input ReadInput(MatchingRun run) => JsonSerializer.Deserialize<MatchingPool.Input>(run.InputJson, MatchingPool.Json)!;
    public static StoredResult ReadResult(MatchingRun run) => JsonSerializer.Deserialize<StoredResult>(run.ResultJson, MatchingPool.Json)!;
}
