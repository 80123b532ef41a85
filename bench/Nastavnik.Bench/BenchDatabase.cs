using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Nastavnik.Platform.Web;
using Npgsql;

namespace Nastavnik.Bench;

/// <summary>
/// Where the dashboard dataset lives: a SQLite file or a PostgreSQL database, from <c>--db</c> and <c>--connection</c>
/// (a file path for SQLite; a connection string for PostgreSQL — its Database, default "nastavnik_bench", is the
/// one the dataset command drops and recreates, and only if an earlier dataset run made it).
/// </summary>
public sealed class BenchDatabase
{
    public const string Marker = "nastavnik-bench dataset";
    /// <summary>SQLite's application_id of a dataset file ("NSTB"): the command never overwrites a file without it.</summary>
    private const int SqliteMarker = 0x4E535442;

    public required string Kind { get; init; }
    public string? SqlitePath { get; init; }
    public string? ConnectionString { get; init; }
    public string WorkDir { get; init; } = Path.Combine(Path.GetTempPath(), "nastavnik-bench-dashboards");

    public bool IsPostgres => Kind == "postgres";

    /// <summary>Reads --db and --connection out of the arguments; the rest are returned for the command.</summary>
    public static (BenchDatabase? Db, List<string> Others, string? Error) Parse(string[] args, int people)
    {
        string kind = "sqlite";
        string? connection = null;
        var rest = new List<string>();
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] == "--db" && i + 1 < args.Length && args[i + 1] is "sqlite" or "postgres") kind = args[++i];
            else if (args[i] == "--connection" && i + 1 < args.Length) connection = args[++i];
            else rest.Add(args[i]);
        }
        var dir = Path.Combine(Path.GetTempPath(), "nastavnik-bench-dashboards");
        if (kind == "sqlite")
            return (new BenchDatabase { Kind = kind, SqlitePath = Path.GetFullPath(connection ?? Path.Combine(dir, $"dataset-{people.ToString(CultureInfo.InvariantCulture)}.db")), WorkDir = dir }, rest, null);
        connection ??= Environment.GetEnvironmentVariable("NASTAVNIK_BENCH_PG");
        if (connection is null) return (null, rest, "--db postgres needs --connection \"Host=…;Port=…;Username=…[;Database=…]\" (or NASTAVNIK_BENCH_PG)");
        var b = new NpgsqlConnectionStringBuilder(connection);
        if (string.IsNullOrEmpty(b.Database)) b.Database = "nastavnik_bench";
        // Dashboards are served with up to 32 concurrent requests: keep the pool larger than that.
        if (b.MaxPoolSize < 64) b.MaxPoolSize = 64;
        return (new BenchDatabase { Kind = kind, ConnectionString = b.ToString(), WorkDir = dir }, rest, null);
    }

    /// <summary>The app's configuration for this database.</summary>
    public Dictionary<string, string?> Settings()
    {
        Directory.CreateDirectory(WorkDir);
        var s = new Dictionary<string, string?> { ["DataProtection:MasterKeyFile"] = Path.Combine(WorkDir, "dataprotection.key") };
        if (IsPostgres)
        {
            s["Database:Provider"] = "Postgres";
            s["Database:ConnectionString"] = ConnectionString;
        }
        else
        {
            s["Database:Provider"] = "Sqlite";
            s["Database:SqlitePath"] = SqlitePath;
        }
        return s;
    }

    public string Describe() => IsPostgres ? $"PostgreSQL database {new NpgsqlConnectionStringBuilder(ConnectionString).Database}" : $"SQLite file {SqlitePath}";

    /// <summary>An empty database for a new dataset; refuses to touch one an earlier dataset run did not create.</summary>
    public async Task<string?> RecreateAsync()
    {
        if (IsPostgres)
        {
            var b = new NpgsqlConnectionStringBuilder(ConnectionString);
            var name = b.Database!;
            var admin = new NpgsqlConnectionStringBuilder(ConnectionString) { Database = "postgres", Pooling = false };
            await using var conn = new NpgsqlConnection(admin.ToString());
            await conn.OpenAsync();
            await using (var q = new NpgsqlCommand("SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = $1", conn))
            {
                q.Parameters.AddWithValue(name);
                var found = await q.ExecuteReaderAsync();
                var exists = await found.ReadAsync();
                var comment = exists && !found.IsDBNull(0) ? found.GetString(0) : null;
                await found.DisposeAsync();
                if (exists && comment != Marker) return $"database {name} exists and was not made by the dataset command; choose another Database= or drop it yourself";
            }
            await using (var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", conn)) await drop.ExecuteNonQueryAsync();
            await using (var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", conn)) await create.ExecuteNonQueryAsync();
            await using (var mark = new NpgsqlCommand($"COMMENT ON DATABASE \"{name}\" IS '{Marker}'", conn)) await mark.ExecuteNonQueryAsync();
            return null;
        }
        var path = SqlitePath!;
        if (File.Exists(path))
        {
            await using (var conn = new SqliteConnection($"Data Source={path};Mode=ReadOnly;Pooling=False"))
            {
                await conn.OpenAsync();
                await using var q = conn.CreateCommand();
                q.CommandText = "PRAGMA application_id";
                if (Convert.ToInt32(await q.ExecuteScalarAsync(), CultureInfo.InvariantCulture) != SqliteMarker)
                    return $"{path} exists and was not made by the dataset command; choose another --connection path or delete it yourself";
            }
            SqliteConnection.ClearAllPools();
        }
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        foreach (var f in new[] { path, path + "-wal", path + "-shm", path + "-journal" }) File.Delete(f);
        await using (var conn = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            await conn.OpenAsync();
            await using var mark = conn.CreateCommand();
            // WAL from the start, as the app sets it: EF's first (read-only) connection would otherwise fail to switch.
            mark.CommandText = $"PRAGMA application_id = {SqliteMarker.ToString(CultureInfo.InvariantCulture)}; PRAGMA journal_mode=WAL;";
            await mark.ExecuteNonQueryAsync();
        }
        return null;
    }

    public Task<BulkSink> OpenSinkAsync() => IsPostgres ? BulkSink.PostgresAsync(ConnectionString!) : BulkSink.SqliteAsync(SqlitePath!);

    /// <summary>The web application's services on this database (no server), as the import benchmark builds them.</summary>
    public WebApplication BuildApp(LogLevel level = LogLevel.Warning)
    {
        var builder = WebApplication.CreateBuilder([]);
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(level)
            // EF logs the first look at a missing migrations table of a new database as a failed command.
            .AddFilter("Microsoft.EntityFrameworkCore.Database.Command", LogLevel.Critical);
        foreach (var (k, v) in Settings()) builder.Configuration[k] = v;
        WebHost.AddServices(builder.Services, builder.Configuration, builder.Environment);
        return builder.Build();
    }
}
