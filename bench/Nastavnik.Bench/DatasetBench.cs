using System.Diagnostics;
using System.Globalization;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Nastavnik.Data;
using Nastavnik.Platform.Auth;
using Nastavnik.Platform.Tenancy;

namespace Nastavnik.Bench;

/// <summary>
/// <c>dataset --people N --db sqlite|postgres [--connection …] [--seed S]</c>: an empty database, the app's own
/// migrations, then <see cref="DatasetGenerator"/>'s region written in bulk (binary COPY / prepared INSERTs in one
/// transaction), statistics refreshed, and two accounts for the dashboard benchmark: the municipal coordinator of the
/// median-sized municipality and the regional coordinator.
/// </summary>
public static class DatasetBench
{
    public const string Password = "bench-nastavnik-2026";
    public const string MunicipalEmail = "municipal@bench.nastavnik.local";
    public const string RegionalEmail = "region@bench.nastavnik.local";

    private const string Usage = "usage: Nastavnik.Bench dataset [--people 1000000] [--db sqlite|postgres] [--connection <sqlite file | PostgreSQL connection string>] [--seed 20261123]";

    /// <summary>Tables whose ids the generator assigns: their identity sequences are moved past the loaded rows.</summary>
    private static readonly string[] Sequenced =
    [
        "Regions", "Municipalities", "Organizations", "People", "ConsentTexts", "Consents", "Mentorships", "MentoringPrograms", "ProgramActivities", "OrganizationEnrolments",
        "IndicatorTargets", "IndicatorValues", "Events", "EventParticipants", "Roadmaps", "RoadmapStages", "RoadmapItems",
    ];

    public static async Task<int> RunAsync(string[] args)
    {
        var people = 1_000_000;
        ulong seed = 20261123;
        var peopleArg = Array.IndexOf(args, "--people");
        if (peopleArg >= 0 && (peopleArg + 1 >= args.Length || !TryCount(args[peopleArg + 1], out people)))
        {
            Console.Error.WriteLine(Usage);
            return 2;
        }
        var (db, rest, error) = BenchDatabase.Parse(args, people);
        if (db is null)
        {
            Console.Error.WriteLine(error);
            return 2;
        }
        for (var i = 0; i < rest.Count; i++)
        {
            if (rest[i] == "--people") i++;
            else if (rest[i] == "--seed" && i + 1 < rest.Count && ulong.TryParse(rest[i + 1], NumberStyles.None, CultureInfo.InvariantCulture, out var s)) { seed = s; i++; }
            else
            {
                Console.Error.WriteLine(Usage);
                return 2;
            }
        }
        Console.WriteLine($"dataset: {people:N0} people, seed {seed}, into {db.Describe()}");
        var sw = Stopwatch.StartNew();
        var (generator, problem) = await BuildAsync(db, people, seed, Console.WriteLine);
        if (problem is not null)
        {
            Console.Error.WriteLine(problem);
            return 1;
        }
        var g = generator!;
        var typical = g.Typical;
        Console.WriteLine($"municipalities {g.Municipalities.Count}, organisations {g.Organizations.Count} ({string.Join(", ", g.Organizations.GroupBy(o => o.Kind).Select(x => $"{x.Key} {x.Count()}"))})");
        Console.WriteLine($"people {people:N0}: teachers {g.Organizations.Sum(o => (long)o.Teachers):N0}, pupils {g.Organizations.Sum(o => (long)o.Pupils):N0}, students {g.Organizations.Sum(o => (long)o.Students):N0}, external {g.Organizations.Sum(o => (long)o.Externals):N0}");
        var plans = g.Organizations.SelectMany(o => o.Mentorships).ToList();
        Console.WriteLine($"mentorships {plans.Count:N0} ({string.Join(", ", plans.GroupBy(p => p.Status).OrderBy(x => x.Key, StringComparer.Ordinal).Select(x => $"{x.Key} {x.Count():N0}"))}), participants {g.Counts["MentorshipParticipants"]:N0}");
        Console.WriteLine($"municipal coordinator: {MunicipalEmail} — {typical.Name} (id {typical.Id}, {typical.Orgs.Count} organisations, {typical.Orgs.Sum(o => o.Size):N0} people)");
        Console.WriteLine($"regional coordinator:  {RegionalEmail}; password for both: {Password}");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"RESULT dataset db={db.Kind} people={people} rows={g.Counts.Values.Sum()} seconds={sw.Elapsed.TotalSeconds:F1}"));
        return 0;
    }

    private static bool TryCount(string s, out int n) =>
        int.TryParse(s.Replace("_", "", StringComparison.Ordinal).Replace(",", "", StringComparison.Ordinal), NumberStyles.None, CultureInfo.InvariantCulture, out n) && n >= 1000;

    /// <summary>The whole dataset into an empty database (the tests call this with a few thousand people).</summary>
    public static async Task<(DatasetGenerator? Generator, string? Problem)> BuildAsync(BenchDatabase db, int people, ulong seed, Action<string> log)
    {
        if (await db.RecreateAsync() is { } refused) return (null, refused);
        var sw = Stopwatch.StartNew();
        await using (var app = db.BuildApp())
        {
            await using var scope = app.Services.CreateAsyncScope();
            scope.ServiceProvider.GetRequiredService<CurrentScope>().Set(TenantScope.System);
            var ctx = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            await ctx.Database.MigrateAsync();
            // The generator writes the default forms' and kinds' ids as the migrations insert them; make sure they still do.
            var forms = await ctx.MentoringForms.Where(f => f.RegionId == null).ToDictionaryAsync(f => f.Code, f => f.Id);
            var kinds = await ctx.MentoringKinds.Where(k => k.RegionId == null).ToDictionaryAsync(k => k.Code, k => k.Id);
            foreach (var (code, id) in DatasetGenerator.FormIds.Concat(DatasetGenerator.KindIds))
                if (forms.GetValueOrDefault(code, kinds.GetValueOrDefault(code)) != id)
                    return (null, $"the default form or kind «{code}» no longer has id {id}: update DatasetGenerator.FormIds/KindIds");
        }
        log(string.Create(CultureInfo.InvariantCulture, $"schema (the app's migrations): {sw.Elapsed.TotalSeconds:F1} s"));

        sw.Restart();
        var g = new DatasetGenerator(people, seed);
        g.Plan();
        log(string.Create(CultureInfo.InvariantCulture, $"plan: {sw.Elapsed.TotalSeconds:F1} s"));

        sw.Restart();
        await using (var sink = await db.OpenSinkAsync())
        {
            var restore = await sink.DeferIndexesAsync(DatasetGenerator.Tables);
            await g.WriteAsync(sink, log);
            log(string.Create(CultureInfo.InvariantCulture, $"bulk load: {sw.Elapsed.TotalSeconds:F1} s"));
            sw.Restart();
            foreach (var sql in restore) await sink.ExecuteAsync(sql);
            await sink.CommitAsync();
            log(string.Create(CultureInfo.InvariantCulture, $"indexes and foreign keys rebuilt as the migrations define them ({restore.Count} statements): {sw.Elapsed.TotalSeconds:F1} s"));
        }

        sw.Restart();
        await FinishAsync(db);
        log(string.Create(CultureInfo.InvariantCulture, $"sequences and statistics (ANALYZE): {sw.Elapsed.TotalSeconds:F1} s"));

        sw.Restart();
        await CreateAccountsAsync(db, g);
        log(string.Create(CultureInfo.InvariantCulture, $"accounts: {sw.Elapsed.TotalSeconds:F1} s"));
        return (g, null);
    }

    private static async Task FinishAsync(BenchDatabase db)
    {
        if (db.IsPostgres)
        {
            await using var conn = new Npgsql.NpgsqlConnection(db.ConnectionString);
            await conn.OpenAsync();
            foreach (var t in Sequenced)
            {
                await using var cmd = new Npgsql.NpgsqlCommand($"SELECT setval(pg_get_serial_sequence('\"{t}\"', 'Id'), (SELECT max(\"Id\") FROM \"{t}\"))", conn);
                await cmd.ExecuteNonQueryAsync();
            }
            await using var analyze = new Npgsql.NpgsqlCommand("VACUUM (ANALYZE)", conn) { CommandTimeout = 0 };
            await analyze.ExecuteNonQueryAsync();
        }
        else
        {
            // AUTOINCREMENT tables remember the largest explicit id by themselves.
            await using var conn = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={db.SqlitePath};Pooling=False");
            await conn.OpenAsync();
            await using var cmd = conn.CreateCommand();
            cmd.CommandText = "PRAGMA analysis_limit=4000; ANALYZE; PRAGMA wal_checkpoint(TRUNCATE);";
            cmd.CommandTimeout = 0;
            await cmd.ExecuteNonQueryAsync();
        }
    }

    private static async Task CreateAccountsAsync(BenchDatabase db, DatasetGenerator g)
    {
        await using var app = db.BuildApp();
        await using var scope = app.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<CurrentScope>().Set(TenantScope.System);
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var ctx = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var at = DatasetGenerator.Anchor.ToDateTime(new TimeOnly(8, 0), DateTimeKind.Utc);
        foreach (var (email, name, role, municipality) in new[]
                 {
                     (MunicipalEmail, "Муниципальный Координатор Бенчмарка", Role.MunicipalCoordinator, (int?)g.Typical.Id),
                     (RegionalEmail, "Региональный Координатор Бенчмарка", Role.RegionalCoordinator, null),
                 })
        {
            var user = new AppUser { UserName = email, Email = email, FullName = name, EmailConfirmed = true, CreatedAt = at };
            var result = await users.CreateAsync(user, Password);
            if (!result.Succeeded) throw new InvalidOperationException(string.Join("; ", result.Errors.Select(e => e.Description)));
            ctx.RoleAssignments.Add(new RoleAssignment { UserId = user.Id, Role = role, RegionId = DatasetGenerator.RegionId, MunicipalityId = municipality, AssignedAt = at, AssignedBy = "bench" });
        }
        await ctx.SaveChangesAsync();
    }
}
