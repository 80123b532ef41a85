namespace Nastavnik.Matching.Tests;

public class FlowSolverTests
{
    [Fact]
    public void AddArcs_RandomSplitsOfRandomGraphs_SameOptimumAsSolvingAllAtOnce()
    {
        long sinkExpansions = 0;
        for (var seed = 0; seed < 500; seed++)
        {
            var rng = new Random(seed);
            var n = rng.Next(1, 9);
            var m = rng.Next(1, 5);
            var capacity = Enumerable.Range(0, m).Select(_ => rng.Next(0, 3)).ToArray();
            var arcs = new List<(int Mentee, int Mentor, int Score)>();
            for (var i = 0; i < n; i++)
            {
                for (var j = 0; j < m; j++)
                {
                    if (rng.Next(3) > 0)
                    {
                        arcs.Add((i, j, rng.Next(1, 20)));
                    }
                }
            }

            var initial = arcs.Where(_ => rng.Next(2) == 0).ToList();
            var later = arcs.Except(initial).ToList();
            var solver = Build(n, capacity, initial);
            solver.Solve();
            // Added in two batches, as certificate rounds would, in row order per mentee.
            foreach (var batch in later.GroupBy(_ => rng.Next(2)).OrderBy(g => g.Key))
            {
                solver.AddArcs(batch.OrderBy(a => a.Mentee).ThenBy(a => Candidates.RowOrder(a.Score, a.Mentor)).ToList());
                solver.Solve();
            }

            var fresh = Build(n, capacity, arcs);
            fresh.Solve();
            Assert.Equal(Total(fresh, n), Total(solver, n));
            Assert.Equal(BruteForce(n, capacity, arcs), Total(solver, n));
            sinkExpansions += solver.SinkExpansions;
        }

        // The re-routing path through the sink (a full, priced mentor left with a free place) was exercised.
        Assert.True(sinkExpansions > 0);
    }

    private static FlowSolver Build(int n, int[] capacity, List<(int Mentee, int Mentor, int Score)> arcs)
    {
        var rows = arcs.OrderBy(a => a.Mentee).ThenBy(a => Candidates.RowOrder(a.Score, a.Mentor)).ToList();
        var rowStart = new int[n + 1];
        foreach (var a in rows)
        {
            rowStart[a.Mentee + 1]++;
        }

        for (var i = 0; i < n; i++)
        {
            rowStart[i + 1] += rowStart[i];
        }

        return new FlowSolver(n, (int[])capacity.Clone(), rowStart, rows.Select(a => a.Mentor).ToArray(), rows.Select(a => a.Score).ToArray());
    }

    private static long Total(FlowSolver solver, int n) => Enumerable.Range(0, n).Sum(i => (long)solver.ScoreOf(i));

    private static long BruteForce(int n, int[] capacity, List<(int Mentee, int Mentor, int Score)> arcs)
    {
        var left = (int[])capacity.Clone();
        long Best(int i)
        {
            if (i == n)
            {
                return 0;
            }

            var best = Best(i + 1);
            foreach (var (_, j, s) in arcs.Where(a => a.Mentee == i))
            {
                if (left[j] > 0)
                {
                    left[j]--;
                    best = Math.Max(best, s + Best(i + 1));
                    left[j]++;
                }
            }

            return best;
        }

        return Best(0);
    }
}
