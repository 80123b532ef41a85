using Nastavnik.Bench;

// First argument names the benchmark; the rest are its options. Each benchmark lives in its own file.
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
    Console.Error.WriteLine($"usage: Nastavnik.Bench <{string.Join("|", commands.Keys)}> [options]");
    return 2;
}

return command(args[1..]);
