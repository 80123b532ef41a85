namespace Nastavnik.Bench;

/// <summary>
/// First argument names the benchmark; the rest are its options. Each benchmark lives in its own file. An explicit
/// class (not top-level statements) so that the test project, which references this one for the dataset generator,
/// sees only the web application's Program.
/// </summary>
public static class BenchProgram
{
    public static int Main(string[] args)
    {
        var commands = new Dictionary<string, Func<string[], int>>(StringComparer.Ordinal)
        {
            ["matching"] = MatchingBench.Run,
            ["import"] = a => ImportBench.RunAsync(a).GetAwaiter().GetResult(),
            ["dataset"] = a => DatasetBench.RunAsync(a).GetAwaiter().GetResult(),
            ["dashboard"] = a => DashboardBench.RunAsync(a).GetAwaiter().GetResult(),
            // The dashboard benchmark's server process (started by `dashboard`, not meant to be run by hand).
            ["serve"] = a => DashboardBench.ServeAsync(a).GetAwaiter().GetResult(),
        };

        if (args.Length == 0 || !commands.TryGetValue(args[0], out var command))
        {
            Console.Error.WriteLine($"usage: Nastavnik.Bench <{string.Join("|", commands.Keys.Where(k => k != "serve"))}> [options]");
            return 2;
        }

        return command(args[1..]);
    }
}
