using System.Diagnostics;

namespace Nastavnik.Matching;

/// <summary>
/// Highest score first: takes candidate pairs in descending score order (ties by mentee id, then mentor id)
/// while both sides are free. Not optimal — one early greedy choice can block two better pairs — and kept
/// only as the baseline the exact matcher is compared with.
/// </summary>
public static class GreedyMatcher
{
    /// <summary>Works on the same per-mentee candidates as <see cref="ExactMatcher"/> before certification.</summary>
    public static MatchingResult Solve(MatchingProblem problem)
    {
        var total = Stopwatch.StartNew();
        var prepared = PreparedProblem.Create(problem);
        var options = problem.Options;
        var scoring = Stopwatch.StartNew();
        var candidates = Candidates.Build(prepared.Scorer, options.CandidatesPerMentee, options.CandidatesPerMentor, options.MaxDegreeOfParallelism);
        scoring.Stop();

        var solving = Stopwatch.StartNew();
        var n = prepared.Scorer.MenteeCount;
        var arcs = candidates.Mentor.Length;
        var keys = new long[arcs];
        for (var i = 0; i < n; i++)
        {
            for (var a = candidates.RowStart[i]; a < candidates.RowStart[i + 1]; a++)
            {
                // Descending score first, then ascending arc index, which is mentee then mentor order.
                keys[a] = ((long)(int.MaxValue - candidates.Score[a]) << 32) | (uint)a;
            }
        }

        Array.Sort(keys);
        var arcMentee = new int[arcs];
        for (var i = 0; i < n; i++)
        {
            for (var a = candidates.RowStart[i]; a < candidates.RowStart[i + 1]; a++)
            {
                arcMentee[a] = i;
            }
        }

        var capacity = (int[])prepared.Capacity.Clone();
        var assignment = new int[n];
        var scores = new int[n];
        Array.Fill(assignment, -1);
        foreach (var key in keys)
        {
            var a = (int)(key & 0xFFFFFFFF);
            var i = arcMentee[a];
            var j = candidates.Mentor[a];
            if (assignment[i] < 0 && capacity[j] > 0)
            {
                assignment[i] = j;
                scores[i] = candidates.Score[a];
                capacity[j]--;
            }
        }

        solving.Stop();
        var result = ResultBuilder.Build(prepared, assignment, scores, false, 1, arcs, 0, null);
        total.Stop();
        return result with { Timings = new MatchingTimings(scoring.Elapsed, solving.Elapsed, TimeSpan.Zero, total.Elapsed) };
    }
}
