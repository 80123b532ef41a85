using System.Diagnostics;

namespace Nastavnik.Matching;

/// <summary>
/// Maximum-total-score assignment of mentees to mentors under capacities, exclusions and locked pairs,
/// proven optimal. See docs/benchmarks-matching.md for how it compares with LEMON.
/// </summary>
/// <remarks>
/// Each mentee starts with its best <see cref="MatchingOptions.CandidatesPerMentee"/> mentors (ties to the
/// lower mentor id). After the min-cost flow on those candidates is optimal, its node potentials give a
/// price for every mentor and a profit for every mentee; a pruned pair could improve the result only if its
/// score exceeds profit + price (a negative reduced cost). All such pairs are added and the flow re-routed,
/// until no pruned pair qualifies — then the solution is optimal for the full problem, not just the pruned
/// one. Structured scores (everyone wanting the same few experienced mentors) are exactly where pruning
/// alone goes wrong, which is why the check is never skipped.
/// </remarks>
public static class ExactMatcher
{
    public static MatchingResult Solve(MatchingProblem problem)
    {
        var total = Stopwatch.StartNew();
        var prepared = PreparedProblem.Create(problem);
        var options = problem.Options;
        var scorer = prepared.Scorer;

        var scoring = Stopwatch.StartNew();
        var candidates = Candidates.Build(scorer, options.CandidatesPerMentee, options.MaxDegreeOfParallelism);
        scoring.Stop();

        var solving = new Stopwatch();
        var certification = new Stopwatch();
        solving.Start();
        var solver = new FlowSolver(scorer.MenteeCount, (int[])prepared.Capacity.Clone(), candidates.RowStart, candidates.Mentor, candidates.Score);
        solver.Solve();
        solving.Stop();

        var rounds = 1;
        long added = 0;
        var certified = !candidates.AnyPruned;
        while (!certified)
        {
            certification.Start();
            var violations = FindViolations(solver, scorer, candidates.MaxPruned, options.MaxDegreeOfParallelism);
            certification.Stop();
            if (violations.Count == 0)
            {
                certified = true;
                break;
            }

            if (rounds >= options.MaxCertificationRounds)
            {
                break;
            }

            rounds++;
            added += violations.Count;
            solving.Start();
            solver.AddArcs(violations);
            solver.Solve();
            solving.Stop();
        }

        var assignment = new int[scorer.MenteeCount];
        var scores = new int[scorer.MenteeCount];
        for (var i = 0; i < assignment.Length; i++)
        {
            assignment[i] = solver.MentorOf(i);
            scores[i] = solver.ScoreOf(i);
        }

        total.Stop();
        return ResultBuilder.Build(prepared, assignment, scores, certified, rounds, solver.ArcCount, added,
            new MatchingTimings(scoring.Elapsed, solving.Elapsed, certification.Elapsed, total.Elapsed));
    }

    /// <summary>
    /// Every pruned pair whose score beats the mentee's profit plus the mentor's price. Mentors are visited
    /// from the cheapest down, and a mentee's scan stops as soon as even its best pruned score could not beat
    /// the price, so a mentee that is already doing well costs one comparison.
    /// </summary>
    private static List<(int Mentee, int Mentor, int Score)> FindViolations(FlowSolver solver, CompiledScorer scorer, int[] maxPruned, int threads)
    {
        var m = scorer.MentorCount;
        var byPotential = new int[m];
        var potentials = new long[m];
        for (var j = 0; j < m; j++)
        {
            byPotential[j] = j;
            potentials[j] = -solver.MentorPotential(j);
        }

        // Ascending price = descending mentor potential; equal prices keep index order.
        Array.Sort(potentials, byPotential);
        var sortedPotential = new long[m];
        for (var r = 0; r < m; r++)
        {
            sortedPotential[r] = -potentials[r];
        }

        var perMentee = new List<(int, int, int)>?[scorer.MenteeCount];
        void Check(int i)
        {
            var bound = maxPruned[i];
            if (bound < 0 || m == 0)
            {
                return;
            }

            var pi = solver.MenteePotential(i);
            for (var r = 0; r < m; r++)
            {
                // A pair (i, j) is fine while score ≤ pot(i) − pot(j); that slack only grows along the order.
                var slack = pi - sortedPotential[r];
                if (slack >= bound)
                {
                    break;
                }

                var j = byPotential[r];
                if (solver.HasArc(i, j))
                {
                    continue;
                }

                var s = scorer.ScorePair(i, j);
                if (s >= scorer.MinimumScore && s > slack)
                {
                    (perMentee[i] ??= []).Add((i, j, s));
                }
            }

            perMentee[i]?.Sort((a, b) => a.Item2.CompareTo(b.Item2));
        }

        if (threads == 1)
        {
            for (var i = 0; i < scorer.MenteeCount; i++)
            {
                Check(i);
            }
        }
        else
        {
            Parallel.For(0, scorer.MenteeCount, new ParallelOptions { MaxDegreeOfParallelism = threads }, Check);
        }

        var all = new List<(int, int, int)>();
        foreach (var list in perMentee)
        {
            if (list is not null)
            {
                all.AddRange(list);
            }
        }

        return all;
    }
}

/// <summary>Candidate pairs per mentee in CSR form, plus what the pruning left out.</summary>
internal sealed record CandidateSet(int[] RowStart, int[] Mentor, int[] Score, int[] MaxPruned, bool AnyPruned);

internal static class Candidates
{
    /// <summary>
    /// Scores every pair and keeps each mentee's best <paramref name="perMentee"/> mentors (0 = all) at or
    /// above the minimum score; ties go to the lower mentor index. <see cref="CandidateSet.MaxPruned"/> is the
    /// best score left out for each mentee (−1 if none), the bound the certificate checks against.
    /// </summary>
    public static CandidateSet Build(CompiledScorer scorer, int perMentee, int threads)
    {
        var n = scorer.MenteeCount;
        var m = scorer.MentorCount;
        var minScore = scorer.MinimumScore;
        var keep = perMentee <= 0 ? int.MaxValue : perMentee;
        var rowMentors = new int[n][];
        var rowScores = new int[n][];
        var maxPruned = new int[n];

        var chunk = Math.Max(1, Math.Min(256, (n / (threads * 8)) + 1));
        var chunks = (n + chunk - 1) / chunk;
        void Rows(int from, int to, RowBuffers buffers)
        {
            for (var i = from; i < to; i++)
            {
                scorer.ScoreRow(i, buffers.Scores);
                maxPruned[i] = Select(buffers, m, keep, minScore, out rowMentors[i], out rowScores[i]);
            }
        }

        if (threads == 1)
        {
            // Small problems are common (one school); the thread pool would cost more than the work.
            Rows(0, n, new RowBuffers(m, Math.Min(keep, m)));
        }
        else
        {
            Parallel.For(0, chunks, new ParallelOptions { MaxDegreeOfParallelism = threads }, () => new RowBuffers(m, Math.Min(keep, m)), (c, _, buffers) =>
            {
                Rows(c * chunk, Math.Min(n, (c + 1) * chunk), buffers);
                return buffers;
            }, _ => { });
        }

        var rowStart = new int[n + 1];
        for (var i = 0; i < n; i++)
        {
            rowStart[i + 1] = rowStart[i] + rowMentors[i].Length;
        }

        var mentor = new int[rowStart[n]];
        var score = new int[rowStart[n]];
        var anyPruned = false;
        for (var i = 0; i < n; i++)
        {
            rowMentors[i].CopyTo(mentor, rowStart[i]);
            rowScores[i].CopyTo(score, rowStart[i]);
            anyPruned |= maxPruned[i] >= 0;
        }

        return new CandidateSet(rowStart, mentor, score, maxPruned, anyPruned);
    }

    private static int Select(RowBuffers buffers, int m, int keep, int minScore, out int[] mentors, out int[] scores)
    {
        var row = buffers.Scores;
        var allowed = 0;
        for (var j = 0; j < m; j++)
        {
            if (row[j] >= minScore)
            {
                allowed++;
            }
        }

        if (allowed <= keep)
        {
            mentors = new int[allowed];
            scores = new int[allowed];
            for (int j = 0, t = 0; j < m; j++)
            {
                if (row[j] >= minScore)
                {
                    mentors[t] = j;
                    scores[t++] = row[j];
                }
            }

            return -1;
        }

        // Min-heap of the kept pairs, the worst on top; key = score, then reversed index, so that among equal
        // scores the higher mentor index is worse. Mentors arrive in index order, so a newcomer with an equal
        // score always loses.
        var heap = buffers.Heap;
        var count = 0;
        var maxPruned = -1;
        for (var j = 0; j < m; j++)
        {
            var s = row[j];
            if (s < minScore)
            {
                continue;
            }

            var key = ((long)s << 32) | (uint)(int.MaxValue - j);
            if (count < keep)
            {
                SiftUp(heap, count++, key);
            }
            else if (key > heap[0])
            {
                maxPruned = Math.Max(maxPruned, (int)(heap[0] >> 32));
                SiftDown(heap, count, key);
            }
            else
            {
                maxPruned = Math.Max(maxPruned, s);
            }
        }

        var picked = buffers.Picked;
        for (var t = 0; t < count; t++)
        {
            picked[t] = int.MaxValue - (int)(heap[t] & 0xFFFFFFFF);
        }

        Array.Sort(picked, 0, count);
        mentors = new int[count];
        scores = new int[count];
        for (var t = 0; t < count; t++)
        {
            mentors[t] = picked[t];
            scores[t] = row[picked[t]];
        }

        return maxPruned;
    }

    private static void SiftUp(long[] heap, int i, long key)
    {
        while (i > 0)
        {
            var parent = (i - 1) >> 1;
            if (heap[parent] <= key)
            {
                break;
            }

            heap[i] = heap[parent];
            i = parent;
        }

        heap[i] = key;
    }

    // Replaces the top with key and restores the heap.
    private static void SiftDown(long[] heap, int count, long key)
    {
        var i = 0;
        while (true)
        {
            var child = (2 * i) + 1;
            if (child >= count)
            {
                break;
            }

            if (child + 1 < count && heap[child + 1] < heap[child])
            {
                child++;
            }

            if (heap[child] >= key)
            {
                break;
            }

            heap[i] = heap[child];
            i = child;
        }

        heap[i] = key;
    }

    private sealed class RowBuffers(int m, int keep)
    {
        public int[] Scores { get; } = new int[Math.Max(1, m)];

        public long[] Heap { get; } = new long[Math.Max(1, keep)];

        public int[] Picked { get; } = new int[Math.Max(1, keep)];
    }
}
