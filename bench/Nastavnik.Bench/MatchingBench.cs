using System.Diagnostics;
using System.Globalization;
using Nastavnik.Matching;

namespace Nastavnik.Bench;

/// <summary>
/// `matching`: our exact matcher against LEMON 1.3.1 NetworkSimplex, side by side in one run.
/// </summary>
/// <remarks>
/// What LEMON gets: the final candidate graph of our run (each mentee's top-K mentors plus every pair the
/// certificate added back), written to a file. Our certificate proves that graph contains an optimum of the
/// full problem, so equal objectives mean both solvers found the true optimum; LEMON is spared the scoring,
/// the pruning and the certification rounds, which our time includes. When the full graph is small enough
/// (≤ 8 M pairs) LEMON also solves it with every allowed pair, as a check that does not trust our certificate.
/// </remarks>
internal static class MatchingBench
{
    private const long FullGraphLimit = 8_000_000;

    public static int Run(string[] args)
    {
        var options = ParseOptions(args);
        if (options is null)
        {
            Console.Error.WriteLine("usage: matching --mentees N --mentors M --capacity K --seed S [--candidates 100] [--threads 1] [--repeat R]");
            return 2;
        }

        var (menteeCount, mentorCount, capacity, seed, candidates, threads, repeatOption) = options.Value;
        var pairs = (long)menteeCount * mentorCount;
        var repeat = repeatOption ?? (pairs <= 10_000 ? 101 : pairs <= 1_000_000 ? 5 : 1);
        var inv = CultureInfo.InvariantCulture;

        Console.WriteLine($"matching: {menteeCount} mentees x {mentorCount} mentors, capacity {capacity}, seed {seed}, top-{candidates} candidates, {threads} thread(s), median of {repeat} run(s)");
        var problem = MatchingInstance.Create(menteeCount, mentorCount, capacity, seed, candidates, threads);
        PrintInstanceStatistics(problem);

        // Warm-up on a different, small instance, long enough for tiered JIT to reach optimised code, so that
        // neither a single large run nor the small ones are charged for compilation.
        var warmUp = MatchingInstance.Create(200, 60, 3, seed + 1000, candidates, threads);
        for (var w = 0; w < 60; w++)
        {
            ExactMatcher.Solve(warmUp);
            GreedyMatcher.Solve(warmUp);
        }

        CandidateGraph? graph = null;
        MatchingResult ours = null!;
        var ourTimes = new List<double>();
        for (var r = 0; r < repeat; r++)
        {
            var sw = Stopwatch.StartNew();
            ours = ExactMatcher.Solve(problem, g => graph = g);
            sw.Stop();
            ourTimes.Add(sw.Elapsed.TotalSeconds);
        }

        var ourSeconds = Median(ourTimes);
        var t = ours.Timings;
        Console.WriteLine(
            $"ours:   objective={ours.TotalScore} matched={ours.Pairs.Count} certified={ours.IsCertifiedOptimal} rounds={ours.Rounds} " +
            $"candidate arcs={ours.CandidatePairs} added by certificate={ours.PairsAddedByCertificate} " +
            $"time={Seconds(ourSeconds)} (last run: scoring+pruning {Seconds(t.Scoring.TotalSeconds)}, flow {Seconds(t.Solving.TotalSeconds)}, certificate {Seconds(t.Certification.TotalSeconds)})");

        MatchingResult greedy = null!;
        var greedyTimes = new List<double>();
        for (var r = 0; r < repeat; r++)
        {
            var sw = Stopwatch.StartNew();
            greedy = GreedyMatcher.Solve(problem);
            sw.Stop();
            greedyTimes.Add(sw.Elapsed.TotalSeconds);
        }

        Console.WriteLine(
            $"greedy: objective={greedy.TotalScore} matched={greedy.Pairs.Count} ({(100.0 * greedy.TotalScore / Math.Max(1, ours.TotalScore)).ToString("F2", inv)} % of optimum) " +
            $"time={Seconds(Median(greedyTimes))} (same top-{candidates} candidates)");
        if (!ours.IsCertifiedOptimal)
        {
            Console.WriteLine("WARNING: our result is not certified optimal");
        }

        var reference = "missing";
        var ratio = "n/a";
        var exitCode = 0;
        var lemon = LemonProgram.Find();
        if (lemon.Error is not null)
        {
            Console.WriteLine($"lemon:  {lemon.Error}");
        }
        else
        {
            var result = lemon.Solve(graph!, repeat);
            Console.WriteLine(
                $"lemon:  objective={result.Objective} matched={result.Matched} time={Seconds(result.BuildSeconds + result.SolveSeconds)} " +
                $"(graph build {Seconds(result.BuildSeconds)}, NetworkSimplex {Seconds(result.SolveSeconds)}; same final candidate graph: {graph!.Mentor.Length} arcs + {menteeCount + mentorCount} bypass/capacity arcs)");
            reference = result.Objective.ToString(inv);
            ratio = (ourSeconds / (result.BuildSeconds + result.SolveSeconds)).ToString("F2", inv);
            if (result.Objective != ours.TotalScore)
            {
                Console.WriteLine("MISMATCH: LEMON and our objective differ on the same graph");
                exitCode = 1;
            }

            if (pairs <= FullGraphLimit)
            {
                var full = FullGraph(problem);
                var check = lemon.Solve(full, 1);
                Console.WriteLine($"lemon full graph check: objective={check.Objective} over all {full.Mentor.Length} allowed pairs, time={Seconds(check.BuildSeconds + check.SolveSeconds)}");
                if (check.Objective != ours.TotalScore)
                {
                    Console.WriteLine("MISMATCH: the full-graph optimum differs from our certified objective");
                    exitCode = 1;
                }
            }
            else
            {
                Console.WriteLine($"lemon full graph check: skipped ({pairs} pairs > {FullGraphLimit}); optimality rests on the reduced-cost certificate");
            }
        }

        Console.WriteLine($"RESULT matching n={menteeCount}x{mentorCount} cap={capacity} objective={ours.TotalScore} reference={reference} ratio={ratio}");
        return exitCode;
    }

    private static void PrintInstanceStatistics(MatchingProblem problem)
    {
        var prepared = PreparedProblem.Create(problem);
        var scorer = prepared.Scorer;
        var row = new int[scorer.MentorCount];
        long forbidden = 0;
        long belowMinimum = 0;
        long allowed = 0;
        for (var i = 0; i < scorer.MenteeCount; i++)
        {
            scorer.ScoreRow(i, row);
            foreach (var s in row)
            {
                if (s == CompiledScorer.Forbidden)
                {
                    forbidden++;
                }
                else if (s < scorer.MinimumScore)
                {
                    belowMinimum++;
                }
                else
                {
                    allowed++;
                }
            }
        }

        var total = Math.Max(1, forbidden + belowMinimum + allowed);
        Console.WriteLine(
            $"instance: {allowed} allowed pairs, {forbidden} forbidden ({(100.0 * forbidden / total).ToString("F2", CultureInfo.InvariantCulture)} %), " +
            $"{belowMinimum} scoring 0, total capacity {prepared.Capacity.Sum()}");
    }

    private static CandidateGraph FullGraph(MatchingProblem problem)
    {
        var prepared = PreparedProblem.Create(problem);
        var all = Candidates.Build(prepared.Scorer, 0, 0, 1);
        return new CandidateGraph(prepared.Capacity, all.RowStart, all.Mentor, all.Score);
    }

    private static string Seconds(double seconds) =>
        seconds < 0.01
            ? (seconds * 1000).ToString("F3", CultureInfo.InvariantCulture) + " ms"
            : seconds.ToString("F3", CultureInfo.InvariantCulture) + " s";

    private static double Median(List<double> values)
    {
        values.Sort();
        return values[values.Count / 2];
    }

    private static (int Mentees, int Mentors, int Capacity, ulong Seed, int Candidates, int Threads, int? Repeat)? ParseOptions(string[] args)
    {
        var values = new Dictionary<string, long>(StringComparer.Ordinal)
        {
            ["--mentees"] = 20000, ["--mentors"] = 5000, ["--capacity"] = 5, ["--seed"] = 1, ["--candidates"] = 100, ["--threads"] = 1,
        };
        int? repeat = null;
        for (var a = 0; a < args.Length; a += 2)
        {
            if (a + 1 >= args.Length || !long.TryParse(args[a + 1], NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) || value < 0)
            {
                return null;
            }

            if (args[a] == "--repeat")
            {
                repeat = (int)Math.Max(1, value);
            }
            else if (values.ContainsKey(args[a]))
            {
                values[args[a]] = value;
            }
            else
            {
                return null;
            }
        }

        return ((int)values["--mentees"], (int)values["--mentors"], (int)values["--capacity"], (ulong)values["--seed"],
            (int)values["--candidates"], (int)Math.Max(1, values["--threads"]), repeat);
    }
}

/// <summary>The C++ LEMON harness in bench/lemon, compiled on first use with the system g++.</summary>
internal sealed class LemonProgram
{
    private const string Header = "/usr/include/lemon/network_simplex.h";

    private LemonProgram(string? executable, string? error)
    {
        Executable = executable;
        Error = error;
    }

    public string? Executable { get; }

    public string? Error { get; }

    public static LemonProgram Find()
    {
        if (!File.Exists(Header))
        {
            return new LemonProgram(null, $"LEMON headers not found ({Header}); install them with `apt-get install -y liblemon-dev` to get the reference");
        }

        var source = Locate(Path.Combine("bench", "lemon", "match.cpp"));
        if (source is null)
        {
            return new LemonProgram(null, "bench/lemon/match.cpp not found; run the bench from the repository");
        }

        var binary = Path.Combine(Path.GetDirectoryName(source)!, "bin", "match");
        if (!File.Exists(binary) || File.GetLastWriteTimeUtc(binary) < File.GetLastWriteTimeUtc(source))
        {
            Directory.CreateDirectory(Path.GetDirectoryName(binary)!);
            var (code, output) = Execute("g++", ["-O2", "-std=c++17", "-o", binary, source, "-llemon"]);
            if (code != 0)
            {
                return new LemonProgram(null, $"compiling {source} with g++ failed: {output.Trim()}");
            }
        }

        return new LemonProgram(binary, null);
    }

    public (long Objective, long Matched, double BuildSeconds, double SolveSeconds) Solve(CandidateGraph graph, int repeat)
    {
        var file = Path.Combine(Path.GetTempPath(), $"nastavnik-matching-{Environment.ProcessId}.bin");
        try
        {
            using (var stream = new BinaryWriter(File.Create(file)))
            {
                var n = graph.RowStart.Length - 1;
                stream.Write(n);
                stream.Write(graph.Capacity.Length);
                stream.Write((long)graph.Mentor.Length);
                foreach (var array in new[] { graph.Capacity, graph.RowStart, graph.Mentor, graph.Score })
                {
                    foreach (var v in array)
                    {
                        stream.Write(v);
                    }
                }
            }

            var (code, output) = Execute(Executable!, [file, repeat.ToString(CultureInfo.InvariantCulture)]);
            if (code != 0)
            {
                throw new InvalidOperationException($"LEMON harness failed ({code}): {output}");
            }

            var fields = output.Trim().Split(' ').Select(f => f.Split('=')).ToDictionary(f => f[0], f => f[1]);
            return (long.Parse(fields["objective"], CultureInfo.InvariantCulture),
                long.Parse(fields["matched"], CultureInfo.InvariantCulture),
                double.Parse(fields["build_seconds"], CultureInfo.InvariantCulture),
                double.Parse(fields["solve_seconds"], CultureInfo.InvariantCulture));
        }
        finally
        {
            File.Delete(file);
        }
    }

    private static string? Locate(string relative)
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, relative);
                if (File.Exists(candidate))
                {
                    return candidate;
                }
            }
        }

        return null;
    }

    private static (int Code, string Output) Execute(string program, string[] arguments)
    {
        var info = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException($"cannot start {program}");
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, stdout + stderr.GetAwaiter().GetResult());
    }
}
