using System.Diagnostics;
using System.Globalization;
using System.IO.Hashing;
using System.Text;
using Bogus;
using Microsoft.AspNetCore.Builder;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Nastavnik.Data;
using Nastavnik.Features.Consents;
using Nastavnik.Features.Organizations;
using Nastavnik.Features.People;
using Nastavnik.Platform.Tenancy;
using Nastavnik.Platform.Web;
using Npgsql;

namespace Nastavnik.Bench;

/// <summary>
/// Import of people, side by side with the reference in one run: a deterministic CSV of realistic Russian people
/// (Bogus "ru"), loaded by the web import's own code (<see cref="PeopleImporter.ApplyAsync"/>: parse, check every row
/// with the form's rules, natural-key dedup, write people + consents + profiles in one transaction), and by the
/// database's own loader into a plain table with the file's columns (psql \copy, sqlite3 .import) with the same
/// durability settings. Prints RESULT import db=… rows=… seconds=… reference_seconds=… ratio=… peak_mb=….
/// </summary>
public static class ImportBench
{
    /// <summary>Wall-clock seconds, and CPU seconds of every process that worked (client, child, database backend); NaN where unknown.</summary>
    private readonly record struct Timing(double Seconds, double Cpu);

    private const string Usage = "usage: Nastavnik.Bench import [--rows 1000000] [--db sqlite|postgres] [--pg \"<connection string>\"] [--dir <work folder>] [--repeat 1]";

    public static async Task<int> RunAsync(string[] args)
    {
        var rows = 1_000_000;
        var repeat = 1;
        var dbKind = "sqlite";
        string? pg = null;
        var dir = Path.Combine(Path.GetTempPath(), "nastavnik-bench-import");
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--rows" when i + 1 < args.Length && int.TryParse(args[i + 1].Replace("_", "", StringComparison.Ordinal).Replace(",", "", StringComparison.Ordinal), NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0:
                    rows = n; i++; break;
                case "--db" when i + 1 < args.Length && args[i + 1] is "sqlite" or "postgres":
                    dbKind = args[++i]; break;
                case "--pg" when i + 1 < args.Length:
                    pg = args[++i]; break;
                case "--dir" when i + 1 < args.Length:
                    dir = args[++i]; break;
                case "--repeat" when i + 1 < args.Length && int.TryParse(args[i + 1], NumberStyles.None, CultureInfo.InvariantCulture, out var k) && k > 0:
                    repeat = k; i++; break;
                default:
                    Console.Error.WriteLine(Usage);
                    return 2;
            }
        }
        if (dbKind == "postgres" && pg is null)
        {
            Console.Error.WriteLine("--db postgres needs --pg \"Host=…;Port=…;Username=…\"");
            return 2;
        }
        Directory.CreateDirectory(dir);

        var csv = Path.Combine(dir, $"people-{rows}.csv");
        if (!File.Exists(csv))
        {
            var g = Stopwatch.StartNew();
            Generate(csv, rows);
            Console.WriteLine($"generated {csv} ({new FileInfo(csv).Length / 1024 / 1024} MB) in {g.Elapsed.TotalSeconds:F1} s");
        }
        else Console.WriteLine($"using {csv} ({new FileInfo(csv).Length / 1024 / 1024} MB)");
        GC.Collect(2, GCCollectionMode.Aggressive, blocking: true, compacting: true);

        // BENCH_ONLY=ours: our import alone (for profiling); BENCH_ONLY=floor: the engine floor alone. No RESULT line.
        var onlyOurs = Environment.GetEnvironmentVariable("BENCH_ONLY") == "ours";
        var onlyFloor = Environment.GetEnvironmentVariable("BENCH_ONLY") == "floor";
        Timing floor = new(double.NaN, double.NaN);
        if (!onlyOurs)
        {
            var (floorSettings, disposeFloor) = dbKind == "sqlite" ? SqliteTarget(dir, "floor.db") : await PostgresTargetAsync(pg!);
            try { floor = await FloorAsync(floorSettings, csv, dir); }
            finally { await disposeFloor(); }
            Console.WriteLine($"engine floor (INSERT … SELECT of the same rows from a loaded table into People and Consents, no client): {floor.Seconds:F2} s, CPU {floor.Cpu:F2} s");
            if (onlyFloor) return 0;
        }

        // The reference and ours take turns, each on a fresh database, so that both meet the same neighbours on this
        // shared machine; the medians go into the RESULT line.
        var references = new List<Timing>();
        var runs = new List<Timing>();
        long peak = 0;
        for (var rep = 1; rep <= repeat; rep++)
        {
            if (!onlyOurs)
            {
                var (refSettings, disposeRef) = dbKind == "sqlite" ? SqliteTarget(dir, "reference.db") : await PostgresTargetAsync(pg!);
                try
                {
                    var reference = dbKind == "sqlite" ? await SqliteReferenceAsync(refSettings["Database:SqlitePath"]!, csv)
                        : await PostgresReferenceAsync(refSettings["Database:ConnectionString"]!, csv);
                    references.Add(reference);
                    Console.WriteLine($"[{rep}] {Load()} reference ({(dbKind == "sqlite" ? "sqlite3 .import" : "psql \\copy")} into a plain table with the file's columns): {reference.Seconds:F2} s, CPU {reference.Cpu:F2} s");
                }
                finally { await disposeRef(); }
            }

            var (settings, dispose) = dbKind == "sqlite" ? SqliteTarget(dir, "ours.db") : await PostgresTargetAsync(pg!);
            try
            {
                var (ours, oursServer, result) = await OursAsync(settings, csv, rows, dir);
                Console.WriteLine($"[{rep}] {Load()} ours (PeopleImporter.ApplyAsync, after a 2,000-row warm-up): {ours.Seconds:F2} s, CPU {ours.Cpu:F2} s ({ours.Cpu - oursServer:F2} client + {oursServer:F2} database) — created {result.Created}, updated {result.Updated}, unchanged {result.Unchanged}, rejected {result.Rejected}");
                foreach (var r in result.Rejects.Take(5)) Console.WriteLine($"  rejected line {r.Line}: {r.Reason}");
                if (result.Created != rows)
                {
                    Console.Error.WriteLine($"expected {rows} people created, got {result.Created}");
                    return 1;
                }
                runs.Add(ours);
                peak = Math.Max(peak, PeakMegabytes());
            }
            finally { await dispose(); }
        }
        if (onlyOurs)
        {
            Console.WriteLine($"peak {peak} MB");
            return 0;
        }
        var seconds = Median(runs.Select(r => r.Seconds));
        var cpu = Median(runs.Select(r => r.Cpu));
        var (refSeconds, refCpu) = (Median(references.Select(r => r.Seconds)), Median(references.Select(r => r.Cpu)));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"medians of {repeat}: ours {seconds:F2} s (CPU {cpu:F2} s), reference {refSeconds:F2} s (CPU {refCpu:F2} s)"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"ours / engine floor: {seconds / floor.Seconds:F2} (CPU {cpu / floor.Cpu:F2})"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"ours / reference in CPU seconds: {cpu / refCpu:F2}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"RESULT import db={dbKind} rows={rows} seconds={seconds:F2} reference_seconds={refSeconds:F2} ratio={seconds / refSeconds:F2} peak_mb={peak}"));
        return 0;
    }

    private static double Median(IEnumerable<double> values)
    {
        var v = values.Order().ToArray();
        return v.Length == 0 ? double.NaN : v.Length % 2 == 1 ? v[v.Length / 2] : (v[v.Length / 2 - 1] + v[v.Length / 2]) / 2;
    }

    /// <summary>The 1-minute load average, to read a time against the machine's business.</summary>
    private static string Load() =>
        File.Exists("/proc/loadavg") ? "load " + File.ReadAllText("/proc/loadavg").Split(' ')[0] : "";

    /// <summary>Migrates an empty database and adds one school (region, municipality, organisation); returns the organisation.</summary>
    private static async Task<Organization> PrepareAsync(WebApplication app, string name)
    {
        await using var scope = app.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<CurrentScope>().Set(TenantScope.System);
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        await db.Database.MigrateAsync();
        var region = await db.Regions.FirstOrDefaultAsync() ?? new Region { Name = "Ростовская область (бенчмарк)" };
        if (region.Id == 0) db.Regions.Add(region);
        await db.SaveChangesAsync();
        var m = await db.Municipalities.FirstOrDefaultAsync() ?? new Municipality { RegionId = region.Id, Name = "Тарасовский район" };
        if (m.Id == 0) db.Municipalities.Add(m);
        await db.SaveChangesAsync();
        var org = new Organization { RegionId = region.Id, MunicipalityId = m.Id, Name = name, Kind = OrganizationKind.School, Address = "п. Тарасовский, ул. Ленина, 1" };
        db.Organizations.Add(org);
        await db.SaveChangesAsync();
        return org;
    }

    private static WebApplication BuildApp(Dictionary<string, string?> settings)
    {
        var builder = WebApplication.CreateBuilder([]);
        builder.Logging.ClearProviders();
        foreach (var (k, v) in settings) builder.Configuration[k] = v;
        WebHost.AddServices(builder.Services, builder.Configuration, builder.Environment);
        return builder.Build();
    }

    private static async Task<(Timing Ours, double DatabaseCpu, PeopleImportResult Result)> OursAsync(Dictionary<string, string?> settings, string csv, int rows, string dir)
    {
        await using var app = BuildApp(settings);
        var org = await PrepareAsync(app, "МБОУ Тарасовская СОШ № 1");
        // A running server has its code compiled and EF's queries cached: warm up on the first 2,000 rows of the file, into another school.
        var warm = Path.Combine(dir, "warm-up.csv");
        await File.WriteAllLinesAsync(warm, File.ReadLines(csv).Take(2001), new UTF8Encoding(false));
        var warmOrg = await PrepareAsync(app, "МБОУ Тарасовская СОШ № 2");
        await ImportAsync(app, warm, warmOrg.Id, 2001, dryRun: true);
        await ImportAsync(app, warm, warmOrg.Id, 2001, dryRun: false);
        File.Delete(warm);

        // BENCH_DRYRUN=n: n dry runs first (parse and check, no writes), to see the CPU side alone.
        for (var k = 0; k < (int.TryParse(Environment.GetEnvironmentVariable("BENCH_DRYRUN"), CultureInfo.InvariantCulture, out var dry) ? dry : 0); k++)
        {
            var d = Stopwatch.StartNew();
            await ImportAsync(app, csv, org.Id, rows + 1, dryRun: true);
            Console.WriteLine($"dry run (parse and check only): {d.Elapsed.TotalSeconds:F2} s");
        }

        GC.Collect(2, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        ResetPeak();
        var pg = settings["Database:Provider"] == "Postgres" ? settings["Database:ConnectionString"] : null;
        var backendsBefore = pg is null ? [] : await CpuTime.BackendsAsync(pg);
        Console.WriteLine($"timing ours (pid {Environment.ProcessId})");
        // The writer reports each batch's write time: their sum against the whole says whether writing sets the pace.
        var writing = 0.0;
        using var listener = new System.Diagnostics.Metrics.MeterListener();
        listener.InstrumentPublished = (instrument, l) => { if (instrument.Meter == PeopleBulkWriter.Meter) l.EnableMeasurementEvents(instrument); };
        listener.SetMeasurementEventCallback<double>((_, seconds, _, _) => { lock (listener) writing += seconds; });
        listener.Start();
        var cpu = CpuTime.Self();
        var (allocated, pause, gcs) = (GC.GetTotalAllocatedBytes(precise: true), GC.GetTotalPauseDuration(), (GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2)));
        var sw = Stopwatch.StartNew();
        var result = await ImportAsync(app, csv, org.Id, rows + 1, dryRun: false);
        sw.Stop();
        cpu = CpuTime.Self() - cpu;
        listener.Dispose();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"ours, writing batches to the database: {writing:F2} s of {sw.Elapsed.TotalSeconds:F2} s"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"ours, managed heap: {(GC.GetTotalAllocatedBytes(precise: true) - allocated) / (double)rows:F0} bytes allocated a row, GC pauses {(GC.GetTotalPauseDuration() - pause).TotalSeconds:F2} s, collections gen0/1/2 {GC.CollectionCount(0) - gcs.Item1}/{GC.CollectionCount(1) - gcs.Item2}/{GC.CollectionCount(2) - gcs.Item3}"));
        var server = 0.0;
        if (pg is not null)
            foreach (var (pid, after) in await CpuTime.BackendsAsync(pg)) server += after - backendsBefore.GetValueOrDefault(pid);
        if (!result.Written) throw new InvalidOperationException("import wrote nothing: " + string.Join("; ", result.MappingProblems));
        await using var scope = app.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<CurrentScope>().Set(TenantScope.System);
        var count = await scope.ServiceProvider.GetRequiredService<AppDbContext>().People.CountAsync(p => p.OrganizationId == org.Id);
        if (count != result.Created) throw new InvalidOperationException($"{count} people in the database, {result.Created} reported");
        return (new Timing(sw.Elapsed.TotalSeconds, cpu + server), server, result);
    }

    private static async Task<PeopleImportResult> ImportAsync(WebApplication app, string csv, int orgId, int maxRows, bool dryRun)
    {
        await using var scope = app.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<CurrentScope>().Set(TenantScope.System);
        var importer = scope.ServiceProvider.GetRequiredService<PeopleImporter>();
        await using var file = File.OpenRead(csv);
        var options = new PeopleImportOptions { OrganizationId = orgId, MaxRows = maxRows };
        // BENCH_BATCH=n: another batch size than the import's default (to measure its effect).
        if (int.TryParse(Environment.GetEnvironmentVariable("BENCH_BATCH"), CultureInfo.InvariantCulture, out var batch) && batch > 0) options = options with { BatchSize = batch };
        return dryRun ? await importer.AnalyzeAsync(file, Path.GetFileName(csv), options) : await importer.ApplyAsync(file, Path.GetFileName(csv), options);
    }

    /// <summary>
    /// What the database itself needs to store these people: the file loaded into a plain table first (not timed), then
    /// People and their consents filled from it by INSERT … SELECT in one transaction, with the same indexes, keys
    /// and consent texts as the import writes (profiles left out). Ours can only approach this from above.
    /// </summary>
    /// <summary>
    /// The register's search columns (Person.SearchName, SearchGivenName) for the floor: lower() of the names. SQLite's
    /// lower() leaves Cyrillic capitals as they are, so a few keys differ from the importer's, but they are as many,
    /// as long and in the same random order, which is what their two indexes cost.
    /// </summary>
    private const string SearchNames = "lower(last_name || ' ' || first_name || coalesce(' ' || nullif(middle_name, ''), '')), lower(first_name || coalesce(' ' || nullif(middle_name, ''), ''))";

    private static async Task<Timing> FloorAsync(Dictionary<string, string?> settings, string csv, string dir)
    {
        Organization org;
        int textId;
        await using (var app = BuildApp(settings))
        {
            org = await PrepareAsync(app, "МБОУ Тарасовская СОШ № 1");
            await using var scope = app.Services.CreateAsyncScope();
            scope.ServiceProvider.GetRequiredService<CurrentScope>().Set(TenantScope.System);
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var text = await ConsentTexts.ResolveAsync(db, ConsentKind.PersonalData, ConsentTexts.For(ConsentKind.PersonalData));
            await db.SaveChangesAsync();
            textId = text.Id;
        }
        var op = PersonRules.Operator(org);
        if (settings["Database:Provider"] == "Sqlite")
        {
            var path = settings["Database:SqlitePath"]!;
            await TimeProcessAsync("sqlite3", [path], $"{PlainTable};\n.mode csv\n.separator ;\n.import --skip 1 '{csv}' plain_people\n");
            await using var conn = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={path}");
            await conn.OpenAsync();
            await using (var pragma = conn.CreateCommand())
            {
                pragma.CommandText = SqliteImportPragmas;
                await pragma.ExecuteNonQueryAsync();
            }
            static string Iso(string c) => $"substr({c}, 7, 4) || '-' || substr({c}, 4, 2) || '-' || substr({c}, 1, 2)";
            var sql = $"""
                INSERT INTO "People" ("OrganizationId", "MunicipalityId", "RegionId", "LastName", "FirstName", "MiddleName", "BirthDate", "Email", "Phone", "Kind",
                  "ClassName", "Position", "GuardianName", "GuardianBasis", "EnteredOn", "IsWithdrawn", "Version", "SearchName", "SearchGivenName")
                SELECT {org.Id}, {org.MunicipalityId}, {org.RegionId}, last_name, first_name, middle_name, {Iso("birth_date")}, nullif(email, ''), nullif(phone, ''),
                  CASE WHEN kind = 'обучающийся' THEN 'Pupil' ELSE 'Teacher' END, nullif(class_name, ''), nullif(position, ''), nullif(guardian_name, ''),
                  nullif(guardian_basis, ''), '2026-11-23', 0, upper(hex(randomblob(16))), {SearchNames} FROM plain_people;
                INSERT INTO "Consents" ("PersonId", "Kind", "GivenBy", "GuardianName", "GuardianAuthority", "Operator", "TextId", "SignedOn", "RecordedAt")
                SELECT "Id", 'PersonalData', CASE WHEN "GuardianName" IS NULL THEN 'Subject' ELSE 'Guardian' END, "GuardianName", "GuardianBasis", $op, {textId},
                  '2026-09-01', '2026-11-23 09:00:00' FROM "People" WHERE "OrganizationId" = {org.Id};
                """;
            var cpu = CpuTime.Self();
            var sw = Stopwatch.StartNew();
            await using var tx = conn.BeginTransaction();
            await using var cmd = conn.CreateCommand();
            cmd.Transaction = tx;
            cmd.CommandText = sql;
            cmd.Parameters.AddWithValue("$op", op);
            await cmd.ExecuteNonQueryAsync();
            await tx.CommitAsync();
            return new Timing(sw.Elapsed.TotalSeconds, CpuTime.Self() - cpu);
        }
        else
        {
            var cs = settings["Database:ConnectionString"]!;
            await PostgresReferenceAsync(cs, csv);
            await using var conn = new NpgsqlConnection(cs);
            await conn.OpenAsync();
            var cpu = await CpuTime.BackendAsync(conn, conn.ProcessID);
            var sw = Stopwatch.StartNew();
            await using var tx = await conn.BeginTransactionAsync();
            await using var cmd = new NpgsqlCommand($"""
                INSERT INTO "People" ("OrganizationId", "MunicipalityId", "RegionId", "LastName", "FirstName", "MiddleName", "BirthDate", "Email", "Phone", "Kind",
                  "ClassName", "Position", "GuardianName", "GuardianBasis", "EnteredOn", "IsWithdrawn", "Version", "SearchName", "SearchGivenName")
                SELECT {org.Id}, {org.MunicipalityId}, {org.RegionId}, last_name, first_name, middle_name, birth_date, nullif(email, ''), nullif(phone, ''),
                  CASE WHEN kind = 'обучающийся' THEN 'Pupil' ELSE 'Teacher' END, nullif(class_name, ''), nullif(position, ''), nullif(guardian_name, ''),
                  nullif(guardian_basis, ''), date '2026-11-23', false, gen_random_uuid(), {SearchNames} FROM plain_people;
                INSERT INTO "Consents" ("PersonId", "Kind", "GivenBy", "GuardianName", "GuardianAuthority", "Operator", "TextId", "SignedOn", "RecordedAt")
                SELECT "Id", 'PersonalData', CASE WHEN "GuardianName" IS NULL THEN 'Subject' ELSE 'Guardian' END, "GuardianName", "GuardianBasis", @op, {textId},
                  date '2026-09-01', now() FROM "People" WHERE "OrganizationId" = {org.Id};
                """, conn, tx);
            cmd.Parameters.AddWithValue("op", op);
            cmd.CommandTimeout = 0;
            await cmd.ExecuteNonQueryAsync();
            await tx.CommitAsync();
            var seconds = sw.Elapsed.TotalSeconds;
            return new Timing(seconds, await CpuTime.BackendAsync(conn, conn.ProcessID) - cpu);
        }
    }

    // ------------------------------------------------------------------ targets and references

    private static (Dictionary<string, string?>, Func<Task>) SqliteTarget(string dir, string file)
    {
        var path = Path.Combine(dir, file);
        DeleteSqlite(path);
        return (new() { ["Database:Provider"] = "Sqlite", ["Database:SqlitePath"] = path }, () => { DeleteSqlite(path); return Task.CompletedTask; });
    }

    private static void DeleteSqlite(string path)
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        foreach (var f in new[] { path, path + "-wal", path + "-shm", path + "-journal" }) File.Delete(f);
    }

    private static async Task<(Dictionary<string, string?>, Func<Task>)> PostgresTargetAsync(string server)
    {
        var name = "nst_bench_" + Guid.NewGuid().ToString("N")[..12];
        await using (var conn = new NpgsqlConnection(server))
        {
            await conn.OpenAsync();
            await using var cmd = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", conn);
            await cmd.ExecuteNonQueryAsync();
        }
        var cs = new NpgsqlConnectionStringBuilder(server) { Database = name }.ToString();
        return (new() { ["Database:Provider"] = "Postgres", ["Database:ConnectionString"] = cs }, async () =>
        {
            NpgsqlConnection.ClearAllPools();
            await using var conn = new NpgsqlConnection(server);
            await conn.OpenAsync();
            await using var cmd = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", conn);
            await cmd.ExecuteNonQueryAsync();
        });
    }

    /// <summary>The settings the application's connections have on SQLite (Data/Database.cs) and the import's 128 MB page cache (PeopleBulkWriter): the floor runs with them too.</summary>
    private const string SqliteImportPragmas = "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON; PRAGMA cache_size=-131072;";

    /// <summary>The file's columns with the types they hold; the plain table has no keys, indexes or constraints.</summary>
    private const string PlainTable = """
        CREATE TABLE plain_people (last_name varchar(100), first_name varchar(100), middle_name varchar(100), birth_date date, kind varchar(40),
          class_name varchar(20), position varchar(200), phone varchar(50), email varchar(200), bank_role varchar(40), consent_date date,
          consent_giver varchar(40), guardian_name varchar(300), guardian_basis varchar(300))
        """;

    private static async Task<Timing> SqliteReferenceAsync(string path, string csv)
    {
        // The application's durability settings (WAL, synchronous=FULL) and the import's page cache; .import runs in one transaction.
        var script = $"PRAGMA journal_mode=WAL;\nPRAGMA synchronous=FULL;\nPRAGMA cache_size=-131072;\n{PlainTable};\n.mode csv\n.separator ;\n.import --skip 1 '{csv}' plain_people\n";
        var (seconds, cpu, _) = await TimeProcessAsync("sqlite3", [path], script);
        return new Timing(seconds, cpu);
    }

    private static async Task<Timing> PostgresReferenceAsync(string connectionString, string csv)
    {
        var b = new NpgsqlConnectionStringBuilder(connectionString);
        await using (var conn = new NpgsqlConnection(connectionString))
        {
            await conn.OpenAsync();
            await using var cmd = new NpgsqlCommand(PlainTable, conn);
            await cmd.ExecuteNonQueryAsync();
        }
        // After the copy, the session's server process reports its own CPU (superusers only; the wall time includes these few milliseconds).
        var script = $"SET datestyle = 'ISO, DMY';\n\\copy plain_people FROM '{csv}' WITH (FORMAT csv, DELIMITER ';', HEADER true)\n" +
            "SELECT current_setting('is_superuser') = 'on' AS su \\gset\n\\if :su\nSELECT pg_read_file('/proc/' || pg_backend_pid() || '/stat');\n\\endif\n";
        var psqlArgs = new List<string> { "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-h", b.Host!, "-p", b.Port.ToString(CultureInfo.InvariantCulture), "-U", b.Username ?? "postgres", "-d", b.Database! };
        var (seconds, psqlCpu, output) = await TimeProcessAsync("psql", psqlArgs, script);
        var backendCpu = output.Trim().Length > 0 ? CpuTime.FromStat(output.Trim().Split('\n')[^1]) : double.NaN;
        await using (var conn = new NpgsqlConnection(connectionString))
        {
            await conn.OpenAsync();
            await using var cmd = new NpgsqlCommand("SELECT count(*) FROM plain_people", conn);
            Console.WriteLine($"reference rows: {await cmd.ExecuteScalarAsync()}");
        }
        return new Timing(seconds, psqlCpu + backendCpu);
    }

    /// <summary>Runs a program with the script on its standard input: wall seconds, its CPU seconds, its output.</summary>
    private static async Task<(double Seconds, double Cpu, string Output)> TimeProcessAsync(string program, IEnumerable<string> arguments, string stdin)
    {
        var cpu = CpuTime.Children();
        var psi = new ProcessStartInfo(program) { RedirectStandardInput = true, RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var a in arguments) psi.ArgumentList.Add(a);
        var sw = Stopwatch.StartNew();
        using var p = Process.Start(psi) ?? throw new InvalidOperationException($"{program} did not start");
        await p.StandardInput.WriteAsync(stdin);
        p.StandardInput.Close();
        var stderr = p.StandardError.ReadToEndAsync();
        var stdout = p.StandardOutput.ReadToEndAsync();
        await p.WaitForExitAsync();
        sw.Stop();
        if (p.ExitCode != 0) throw new InvalidOperationException($"{program} failed ({p.ExitCode}): {await stderr}{await stdout}");
        return (sw.Elapsed.TotalSeconds, CpuTime.Children() - cpu, await stdout);
    }

    // ------------------------------------------------------------------ memory

    private static void ResetPeak()
    {
        try { File.WriteAllText("/proc/self/clear_refs", "5"); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }

    private static long PeakMegabytes()
    {
        if (File.Exists("/proc/self/status"))
        {
            foreach (var line in File.ReadLines("/proc/self/status"))
                if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                    return long.Parse(line[6..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) / 1024;
        }
        return Process.GetCurrentProcess().PeakWorkingSet64 / 1024 / 1024;
    }

    // ------------------------------------------------------------------ data

    private static readonly (string Name, string Male, string Female)[] Fathers =
    [
        ("Александр", "Александрович", "Александровна"), ("Алексей", "Алексеевич", "Алексеевна"), ("Анатолий", "Анатольевич", "Анатольевна"),
        ("Андрей", "Андреевич", "Андреевна"), ("Борис", "Борисович", "Борисовна"), ("Валерий", "Валерьевич", "Валерьевна"), ("Василий", "Васильевич", "Васильевна"),
        ("Виктор", "Викторович", "Викторовна"), ("Владимир", "Владимирович", "Владимировна"), ("Вячеслав", "Вячеславович", "Вячеславовна"),
        ("Геннадий", "Геннадьевич", "Геннадьевна"), ("Георгий", "Георгиевич", "Георгиевна"), ("Денис", "Денисович", "Денисовна"), ("Дмитрий", "Дмитриевич", "Дмитриевна"),
        ("Евгений", "Евгеньевич", "Евгеньевна"), ("Иван", "Иванович", "Ивановна"), ("Игорь", "Игоревич", "Игоревна"), ("Илья", "Ильич", "Ильинична"),
        ("Константин", "Константинович", "Константиновна"), ("Максим", "Максимович", "Максимовна"), ("Михаил", "Михайлович", "Михайловна"),
        ("Никита", "Никитич", "Никитична"), ("Николай", "Николаевич", "Николаевна"), ("Олег", "Олегович", "Олеговна"), ("Павел", "Павлович", "Павловна"),
        ("Пётр", "Петрович", "Петровна"), ("Роман", "Романович", "Романовна"), ("Сергей", "Сергеевич", "Сергеевна"), ("Станислав", "Станиславович", "Станиславовна"),
        ("Юрий", "Юрьевич", "Юрьевна"),
    ];

    private static readonly string[] Positions = ["учитель математики", "учитель русского языка и литературы", "учитель начальных классов", "учитель истории",
        "учитель физики", "учитель английского языка", "учитель биологии", "учитель информатики", "педагог-психолог", "педагог дополнительного образования"];

    private static readonly string[] Classes = ["1А", "2Б", "3В", "4А", "5А", "5Б", "6В", "7А", "7Б", "8А", "8В", "9А", "9Б", "10А", "11А"];

    /// <summary>Same seed, same file: a CSV as a school's secretary would save it from Excel (';', dd.mm.yyyy), every person unique by the natural key.</summary>
    private static void Generate(string path, int rows)
    {
        Randomizer.Seed = new Random(20261123);
        var f = new Faker("ru");
        var seen = new HashSet<UInt128>();
        var tmp = path + ".tmp";
        using (var w = new StreamWriter(tmp, false, new UTF8Encoding(false), 1 << 16))
        {
            w.Write("Фамилия;Имя;Отчество;Дата рождения;Кто;Класс;Должность;Телефон;Email;Роль в банке;Дата согласия;Согласие дал;ФИО представителя;Основание полномочий\r\n");
            var sb = new StringBuilder(256);
            for (var i = 0; i < rows; i++)
            {
                var female = f.Random.Bool();
                var gender = female ? Bogus.DataSets.Name.Gender.Female : Bogus.DataSets.Name.Gender.Male;
                var pupil = f.Random.Int(0, 2) == 0;
                string last, first, middle;
                DateOnly birth;
                do
                {
                    last = f.Name.LastName(gender);
                    first = f.Name.FirstName(gender);
                    var father = f.PickRandom(Fathers);
                    middle = female ? father.Female : father.Male;
                    birth = pupil ? new DateOnly(2009, 1, 1).AddDays(f.Random.Int(0, 9 * 365)) : new DateOnly(1958, 1, 1).AddDays(f.Random.Int(0, 42 * 365));
                }
                while (!seen.Add(XxHash128.HashToUInt128(Encoding.UTF8.GetBytes($"{last}|{first}|{middle}|{birth.DayNumber}"))));
                sb.Clear();
                sb.Append(last).Append(';').Append(first).Append(';').Append(middle).Append(';').Append(birth.ToString("dd.MM.yyyy", CultureInfo.InvariantCulture)).Append(';');
                if (pupil)
                {
                    var mother = f.Name.LastName(Bogus.DataSets.Name.Gender.Female) + " " + f.Name.FirstName(Bogus.DataSets.Name.Gender.Female) + " " + f.PickRandom(Fathers).Female;
                    sb.Append("обучающийся;").Append(f.PickRandom(Classes)).Append(";;;;").Append(f.Random.Int(0, 1) == 0 ? "наставляемый" : "")
                        .Append(';').Append(Consent(f)).Append(";законный представитель;").Append(mother).Append(";мать, свидетельство о рождении");
                }
                else
                {
                    var role = f.Random.Int(0, 9) switch { < 3 => "наставник", 3 => "наставляемый", _ => "" };
                    sb.Append("педагог;;").Append(f.PickRandom(Positions)).Append(';').Append(f.Phone.PhoneNumber("+7 9## ###-##-##")).Append(';')
                        .Append("teacher").Append(i.ToString(CultureInfo.InvariantCulture)).Append("@school.ru;").Append(role).Append(';').Append(Consent(f)).Append(";сам;;");
                }
                sb.Append("\r\n");
                w.Write(sb);
            }
        }
        File.Move(tmp, path, overwrite: true);
    }

    private static string Consent(Faker f) => new DateOnly(2026, 9, 1).AddDays(f.Random.Int(0, 60)).ToString("dd.MM.yyyy", CultureInfo.InvariantCulture);
}
