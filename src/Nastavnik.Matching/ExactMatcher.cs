using System.Diagnostics;

namespace Nastavnik.Matching;

/// <summary>
/// Maximum-total-score assignment of mentees to mentors under capacities, exclusions and locked pairs,
/// proven optimal. See docs/benchmarks-matching.md for how it compares with LEMON.
/// </summary>
/// <remarks>
/// Each mentee starts with its best <see cref="MatchingOptions.CandidatesPerMentee"/> mentors (ties to the
/// lower mentor id), and each mentor with its best <see cref="MatchingOptions.CandidatesPerMentor"/> mentees,
/// so that mentors nobody ranks highly are still reachable. After the min-cost flow on those candidates is
/// optimal (<see cref="FlowSolver"/>), its node potentials give a
/// price for every mentor and a profit for every mentee; a pruned pair could improve the result only if its
/// score exceeds profit + price (a negative reduced cost). All such pairs are added and the flow re-routed,
/// until no pruned pair qualifies — then the solution is optimal for the full problem, not just the pruned
/// one. Structured scores (everyone wanting the same few experienced mentors) are exactly where pruning
/// alone goes wrong, which is why the check is never skipped.
/// </remarks>
public static class ExactMatcher
{
    public static MatchingResult Solve(MatchingProblem problem) => Solve(problem, null);

    /// <param name="problem">The problem.</param>
    /// <param name="inspect">Sees the final candidate graph, so the benchmark can hand the same graph to LEMON.</param>
    internal static MatchingResult Solve(MatchingProblem problem, Action<CandidateGraph>? inspect)
    {
        var total = Stopwatch.StartNew();
        var prepared = PreparedProblem.Create(problem);
        var options = problem.Options;
        var scorer = prepared.Scorer;

        var scoring = Stopwatch.StartNew();
        var candidates = Candidates.Build(scorer, options.CandidatesPerMentee, options.CandidatesPerMentor, options.MaxDegreeOfParallelism);
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

        var result = ResultBuilder.Build(prepared, assignment, scores, certified, rounds, solver.ArcCount, added, null);
        total.Stop();
        inspect?.Invoke(solver.Graph(prepared.Capacity));
        return result with { Timings = new MatchingTimings(scoring.Elapsed, solving.Elapsed, certification.Elapsed, total.Elapsed) };
    }

    /// <summary>
    /// Every pruned pair whose score beats the mentee's profit plus the mentor's price. Mentors are visited
    /// from the cheapest down, and a mentee's scan stops as soon as even its best pruned score could not beat
    /// the price, so a mentee that is already doing well costs one comparison.
    /// </summary>
    private static List<(int Mentee, int Mentor, int Score)> FindViolations(FlowSolver solver, CompiledScorer scorer, int[] maxPruned, int threads)
    {
        var m = scorer.MentorCount;
        var n = scorer.MenteeCount;
        var byPotential = new int[m];
        var keys = new long[m];
        for (var j = 0; j < m; j++)
        {
            byPotential[j] = j;
            keys[j] = -solver.MentorPotential(j);
        }

        // Ascending price = descending mentor potential; Array.Sort is unstable, so ties are ordered by index
        // explicitly to keep the violation list — and hence the next round — deterministic.
        Array.Sort(byPotential, (a, b) => keys[a] != keys[b] ? keys[a].CompareTo(keys[b]) : a.CompareTo(b));
        var sortedPotential = new long[m];
        for (var r = 0; r < m; r++)
        {
            sortedPotential[r] = solver.MentorPotential(byPotential[r]);
        }

        var perMentee = new List<(int, int, int)>?[n];
        void Check(int i, CertificateBuffers buffers)
        {
            var bound = maxPruned[i];
            if (bound < 0 || m == 0)
            {
                return;
            }

            // A pair (i, j) is fine while score ≤ pot(i) − pot(j); that slack only grows along the order, so
            // only the mentors before the first slack ≥ bound need a look.
            var pi = solver.MenteePotential(i);
            var count = 0;
            var hi = m;
            while (count < hi)
            {
                var mid = (count + hi) >>> 1;
                if (pi - sortedPotential[mid] >= bound)
                {
                    hi = mid;
                }
                else
                {
                    count = mid + 1;
                }
            }

            if (count == 0)
            {
                return;
            }

            // Marks hold i + 1 for mentee i's current candidates, so the array never needs clearing.
            var marks = buffers.Marks;
            solver.MarkRow(i, marks, i + 1);
            var fullRow = count > m / 16;
            if (fullRow)
            {
                // Scoring the whole row in one sweep is several times cheaper per pair than one by one.
                scorer.ScoreRow(i, buffers.Row);
            }

            for (var r = 0; r < count; r++)
            {
                var j = byPotential[r];
                if (marks[j] == i + 1)
                {
                    continue;
                }

                var s = fullRow ? buffers.Row[j] : scorer.ScorePair(i, j);
                if (s >= scorer.MinimumScore && s > pi - sortedPotential[r])
                {
                    (perMentee[i] ??= []).Add((i, j, s));
                }
            }

            perMentee[i]?.Sort((a, b) => Candidates.RowOrder(a.Item3, a.Item2).CompareTo(Candidates.RowOrder(b.Item3, b.Item2)));
        }

        if (threads == 1)
        {
            var buffers = new CertificateBuffers(m);
            for (var i = 0; i < n; i++)
            {
                Check(i, buffers);
            }
        }
        else
        {
            Parallel.For(0, n, new ParallelOptions { MaxDegreeOfParallelism = threads }, () => new CertificateBuffers(m), (i, _, buffers) =>
            {
                Check(i, buffers);
                return buffers;
            }, _ => { });
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

    private sealed class CertificateBuffers(int m)
    {
        public int[] Marks { get; } = new int[m];

        public int[] Row { get; } = new int[m];
    }
}

/// <summary>Mentor capacities (after locked pairs) and candidate arcs by mentee index in CSR form.</summary>
internal sealed record CandidateGraph(int[] Capacity, int[] RowStart, int[] Mentor, int[] Score);

/// <summary>
/// Candidate pairs per mentee in CSR form, each row sorted by score descending, then mentor index; plus, per
/// mentee, the best score pruning left out (−1 if none).
/// </summary>
internal sealed record CandidateSet(int[] RowStart, int[] Mentor, int[] Score, int[] MaxPruned, bool AnyPruned);

internal static class Candidates
{
    /// <summary>
    /// Scores every pair and keeps, for each mentee, its best <paramref name="perMentee"/> mentors (0 = all)
    /// at or above the minimum score, ties to the lower mentor index; with pruning on, also each mentor's best
    /// <paramref name="perMentor"/> mentees (ties to the lower mentee index). <see cref="CandidateSet.MaxPruned"/>
    /// bounds every score left out for each mentee, which is what the certificate checks against.
    /// </summary>
    public static CandidateSet Build(CompiledScorer scorer, int perMentee, int perMentor, int threads)
    {
        var n = scorer.MenteeCount;
        var m = scorer.MentorCount;
        var keep = perMentee <= 0 ? int.MaxValue : perMentee;
        var byMentor = perMentee <= 0 ? 0 : Math.Min(perMentor, n);
        var rowMentors = new int[n][];
        var rowScores = new int[n][];
        var maxPruned = new int[n];
        var all = new List<RowWork>();

        void Rows(int from, int to, RowWork work)
        {
            for (var i = from; i < to; i++)
            {
                scorer.ScoreRow(i, work.Scores);
                maxPruned[i] = work.Select(i, scorer, keep, out rowMentors[i], out rowScores[i]);
            }
        }

        if (threads == 1)
        {
            // Small problems are common (one school); the thread pool would cost more than the work.
            var work = new RowWork(m, byMentor);
            Rows(0, n, work);
            all.Add(work);
        }
        else
        {
            var chunk = Math.Max(1, Math.Min(256, (n / (threads * 8)) + 1));
            var chunks = (n + chunk - 1) / chunk;
            Parallel.For(0, chunks, new ParallelOptions { MaxDegreeOfParallelism = threads }, () => new RowWork(m, byMentor), (c, _, work) =>
            {
                Rows(c * chunk, Math.Min(n, (c + 1) * chunk), work);
                return work;
            }, work =>
            {
                lock (all)
                {
                    all.Add(work);
                }
            });
        }

        if (byMentor > 0)
        {
            AddMentorFavourites(all, byMentor, rowMentors, rowScores);
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

    private static void AddMentorFavourites(List<RowWork> works, int perMentor, int[][] rowMentors, int[][] rowScores)
    {
        // Keys are totally ordered (score, then lower mentee index), so merging the threads' partial lists
        // gives the same favourites however the rows were split.
        var m = works[0].MentorCount;
        var extra = new Dictionary<int, List<(int Mentor, int Score)>>();
        var merged = new List<long>();
        for (var j = 0; j < m; j++)
        {
            merged.Clear();
            foreach (var work in works)
            {
                work.CollectFavourites(j, merged);
            }

            merged.Sort();
            for (var t = Math.Max(0, merged.Count - perMentor); t < merged.Count; t++)
            {
                var (i, s) = RowWork.Decode(merged[t]);
                if (Array.IndexOf(rowMentors[i], j) < 0)
                {
                    if (!extra.TryGetValue(i, out var list))
                    {
                        extra[i] = list = [];
                    }

                    list.Add((j, s));
                }
            }
        }

        foreach (var (i, list) in extra)
        {
            var mentors = new int[rowMentors[i].Length + list.Count];
            var scores = new int[mentors.Length];
            rowMentors[i].CopyTo(mentors, 0);
            rowScores[i].CopyTo(scores, 0);
            for (var t = 0; t < list.Count; t++)
            {
                mentors[rowMentors[i].Length + t] = list[t].Mentor;
                scores[rowMentors[i].Length + t] = list[t].Score;
            }

            var keys = new long[mentors.Length];
            for (var t = 0; t < keys.Length; t++)
            {
                keys[t] = RowOrder(scores[t], mentors[t]);
            }

            Array.Sort(keys, mentors);
            for (var t = 0; t < keys.Length; t++)
            {
                scores[t] = RowScore(keys[t]);
            }

            rowMentors[i] = mentors;
            rowScores[i] = scores;
        }
    }

    /// <summary>Ascending order of this key is the row order: score descending, then mentor index ascending.</summary>
    internal static long RowOrder(int score, int mentor) => ((long)(int.MaxValue - score) << 32) | (uint)mentor;

    internal static int RowScore(long key) => int.MaxValue - (int)(key >> 32);

    /// <summary>Per-thread buffers, and the thread's running best mentees of every mentor.</summary>
    private sealed class RowWork
    {
        private readonly int perMentor;
        private readonly long[] favourites;
        private readonly int[] favouriteCount;
        private readonly int[] threshold;
        private const int HistogramLimit = 1 << 16;
        private int[] histogram = new int[256];

        public RowWork(int m, int perMentor)
        {
            MentorCount = m;
            Scores = new int[Math.Max(1, m)];
            this.perMentor = perMentor;
            favourites = new long[m * perMentor];
            favouriteCount = new int[perMentor > 0 ? m : 0];
            threshold = new int[perMentor > 0 ? m : 0];
        }

        public int MentorCount { get; }

        public int[] Scores { get; }

        // A favourite's key: higher score, then lower mentee index, is larger.
        private static long FavouriteKey(int mentee, int score) => ((long)score << 32) | (uint)(int.MaxValue - mentee);

        public static (int Mentee, int Score) Decode(long key) => (int.MaxValue - (int)(key & 0xFFFFFFFF), (int)(key >> 32));

        public void CollectFavourites(int j, List<long> into)
        {
            for (var t = 0; t < favouriteCount[j]; t++)
            {
                into.Add(favourites[(j * perMentor) + t]);
            }
        }

        /// <summary>
        /// Picks row <paramref name="i"/>'s candidates from <see cref="Scores"/> by counting scores, which
        /// needs two passes and no sorting; returns the best score left out, or −1.
        /// </summary>
        public int Select(int i, CompiledScorer scorer, int keep, out int[] mentors, out int[] scores)
        {
            var row = Scores.AsSpan(0, MentorCount);
            var minScore = scorer.MinimumScore;
            var top = scorer.RowScoreBound(i);
            if (top >= HistogramLimit)
            {
                return SelectBySorting(i, row, keep, minScore, out mentors, out scores);
            }

            if (top + 1 > histogram.Length)
            {
                histogram = new int[Math.Max(top + 1, histogram.Length * 2)];
            }

            var counts = histogram.AsSpan(0, top + 1);
            counts.Clear();
            var allowed = 0;
            for (var j = 0; j < row.Length; j++)
            {
                var s = row[j];
                if (s >= minScore)
                {
                    counts[s]++;
                    allowed++;
                    if (perMentor > 0 && s >= threshold[j])
                    {
                        Offer(j, FavouriteKey(i, s));
                    }
                }
            }

            // Cut-off score: everything above it is kept, and at it only the first `atCut` in mentor order.
            var cut = minScore;
            var atCut = int.MaxValue;
            var maxPruned = -1;
            if (allowed > keep)
            {
                var taken = 0;
                cut = top;
                while (taken + counts[cut] < keep)
                {
                    taken += counts[cut--];
                }

                atCut = keep - taken;
                if (counts[cut] > atCut)
                {
                    maxPruned = cut;
                }
                else
                {
                    for (var s = cut - 1; s >= minScore && maxPruned < 0; s--)
                    {
                        if (counts[s] > 0)
                        {
                            maxPruned = s;
                        }
                    }
                }
            }

            var size = Math.Min(allowed, keep);
            mentors = new int[size];
            scores = new int[size];

            // Turn counts into start offsets, highest score first, so one pass in mentor order writes the row
            // already sorted by score descending and then mentor ascending.
            var offset = 0;
            for (var s = top; s >= cut; s--)
            {
                var c = s == cut ? Math.Min(counts[s], atCut) : counts[s];
                counts[s] = offset;
                offset += c;
            }

            var cutLeft = atCut;
            for (var j = 0; j < row.Length; j++)
            {
                var s = row[j];
                if (s < cut || (s == cut && cutLeft-- <= 0))
                {
                    continue;
                }

                var at = counts[s]++;
                mentors[at] = j;
                scores[at] = s;
            }

            return maxPruned;
        }

        // Unusually large weights make the score range too wide to count; sort the row instead.
        private int SelectBySorting(int i, Span<int> row, int keep, int minScore, out int[] mentors, out int[] scores)
        {
            var keys = new List<long>();
            for (var j = 0; j < row.Length; j++)
            {
                if (row[j] >= minScore)
                {
                    keys.Add(RowOrder(row[j], j));
                    if (perMentor > 0 && row[j] >= threshold[j])
                    {
                        Offer(j, FavouriteKey(i, row[j]));
                    }
                }
            }

            keys.Sort();
            var size = Math.Min(keys.Count, keep);
            mentors = new int[size];
            scores = new int[size];
            for (var t = 0; t < size; t++)
            {
                mentors[t] = (int)(keys[t] & 0xFFFFFFFF);
                scores[t] = RowScore(keys[t]);
            }

            return keys.Count > size ? RowScore(keys[size]) : -1;
        }

        // Keeps the mentor's best `perMentor` mentees in a small min-heap; threshold is the heap's minimum key
        // once full, so most offers are rejected by one comparison in Select.
        private void Offer(int j, long key)
        {
            var count = favouriteCount[j];
            var heap = favourites.AsSpan(j * perMentor, perMentor);
            if (count < perMentor)
            {
                var k = count++;
                while (k > 0 && heap[(k - 1) >> 1] > key)
                {
                    heap[k] = heap[(k - 1) >> 1];
                    k = (k - 1) >> 1;
                }

                heap[k] = key;
                favouriteCount[j] = count;
            }
            else if (key > heap[0])
            {
                var k = 0;
                while (true)
                {
                    var child = (2 * k) + 1;
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

                    heap[k] = heap[child];
                    k = child;
                }

                heap[k] = key;
            }

            if (count == perMentor)
            {
                // Lower scores can no longer get in; equal ones still compete on mentee index in the key,
                // because a thread may see row chunks out of order.
                threshold[j] = (int)(heap[0] >> 32);
            }
        }
    }
}
