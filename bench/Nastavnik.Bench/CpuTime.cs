using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using Npgsql;

namespace Nastavnik.Bench;

/// <summary>
/// CPU seconds spent, next to the wall-clock times the RESULT line reports. The machine here is shared (other
/// sessions build and test on the same two cores, load averages of 5–30), so wall time says as much about the
/// neighbours as about the import; CPU time of each side (client process, child process, PostgreSQL backend)
/// is what the work itself cost. Linux only; where a figure cannot be read it is NaN.
/// </summary>
internal static partial class CpuTime
{
    /// <summary>CPU of this process (all threads).</summary>
    public static double Self() => Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds;

    /// <summary>CPU of the children this process has waited for (getrusage RUSAGE_CHILDREN).</summary>
    public static double Children()
    {
        if (!OperatingSystem.IsLinux()) return double.NaN;
        return GetRusage(-1, out var u) == 0 ? u.UserSec + u.UserUsec / 1e6 + u.SystemSec + u.SystemUsec / 1e6 : double.NaN;
    }

    /// <summary>CPU of a PostgreSQL backend, read by the server itself (needs a superuser and a server on Linux).</summary>
    public static async Task<double> BackendAsync(NpgsqlConnection conn, int pid)
    {
        try
        {
            await using var cmd = new NpgsqlCommand("SELECT pg_read_file('/proc/' || $1 || '/stat')", conn);
            cmd.Parameters.Add(new NpgsqlParameter { Value = pid });
            return FromStat((string?)await cmd.ExecuteScalarAsync());
        }
        catch (PostgresException)
        {
            return double.NaN;
        }
    }

    /// <summary>Sum of CPU of every backend connected to the connection's database except the asking one, by pid.</summary>
    public static async Task<Dictionary<int, double>> BackendsAsync(string connectionString)
    {
        var result = new Dictionary<int, double>();
        // A connection of its own, outside the application's pool: a pooled one could be the very backend being measured.
        await using var conn = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ToString());
        await conn.OpenAsync();
        var pids = new List<int>();
        await using (var cmd = new NpgsqlCommand("SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()", conn))
        await using (var r = await cmd.ExecuteReaderAsync())
            while (await r.ReadAsync()) pids.Add(r.GetInt32(0));
        foreach (var pid in pids) result[pid] = await BackendAsync(conn, pid);
        return result;
    }

    /// <summary>utime + stime of a /proc/[pid]/stat line, in seconds (clock ticks of 1/100 s).</summary>
    public static double FromStat(string? stat)
    {
        if (string.IsNullOrEmpty(stat)) return double.NaN;
        // The command name (field 2) may contain spaces: count fields after its closing parenthesis.
        var rest = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return (long.Parse(rest[11], CultureInfo.InvariantCulture) + long.Parse(rest[12], CultureInfo.InvariantCulture)) / 100.0;
    }

    [StructLayout(LayoutKind.Sequential, Size = 144)]
    private struct Rusage
    {
        public long UserSec, UserUsec, SystemSec, SystemUsec;
    }

    [LibraryImport("libc", EntryPoint = "getrusage")]
    private static partial int GetRusage(int who, out Rusage usage);
}
