using System.Data.Common;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Data.Sqlite;
using Nastavnik.Bench;
using Npgsql;

namespace Nastavnik.Tests.Indicators;

/// <summary>
/// The dashboard benchmark's region (bench/Nastavnik.Bench, <c>dataset</c>) is deterministic: the same seed and size
/// give the same rows, ids included, and another seed gives other rows. Built small, on the provider the suite runs on,
/// through the same code path as the command (the app's migrations, then the bulk load).
/// </summary>
public sealed class DashboardDatasetTests
{
    private const int People = 2500;

    [Fact]
    public async Task Dataset_SameSeedAndSize_SameRows_OtherSeed_OtherRows()
    {
        var a = await BuildAsync(20261123);
        var b = await BuildAsync(20261123);
        var c = await BuildAsync(7);
        try
        {
            Assert.Null(a.Problem);
            Assert.Equal(People, a.Generator!.Organizations.Sum(o => o.Size));
            var (dumpA, dumpB, dumpC) = (await DumpAsync(a.Db), await DumpAsync(b.Db), await DumpAsync(c.Db));
            foreach (var table in DatasetGenerator.Tables)
                Assert.True(dumpA[table] == dumpB[table], $"{table}: две сборки с одним зерном различаются");
            Assert.Contains(DatasetGenerator.Tables, t => dumpA[t] != dumpC[t]);
            Assert.Equal(a.Generator.Counts, b.Generator!.Counts);
        }
        finally
        {
            foreach (var x in new[] { a, b, c }) await DropAsync(x.Db);
        }
    }

    [Fact]
    public async Task Dataset_Rows_KeepTheRegistersRules()
    {
        var a = await BuildAsync(20261123);
        try
        {
            Assert.Null(a.Problem);
            var g = a.Generator!;
            await using var conn = Open(a.Db);
            await conn.OpenAsync();
            // Everyone has a personal-data consent; participants are people of the pair's organisation; mentors are in the mentor bank.
            Assert.Equal(People, await ScalarAsync(conn, "SELECT count(DISTINCT \"PersonId\") FROM \"Consents\" WHERE \"Kind\" = 'PersonalData'"));
            Assert.Equal(0, await ScalarAsync(conn, """
                SELECT count(*) FROM "MentorshipParticipants" mp JOIN "Mentorships" m ON m."Id" = mp."MentorshipId" JOIN "People" p ON p."Id" = mp."PersonId"
                WHERE p."OrganizationId" <> m."OrganizationId"
                """));
            Assert.Equal(0, await ScalarAsync(conn, """
                SELECT count(*) FROM "MentorshipParticipants" mp WHERE mp."Role" = 'Mentor' AND NOT EXISTS (SELECT 1 FROM "MentorProfiles" x WHERE x."PersonId" = mp."PersonId")
                """));
            Assert.True(await ScalarAsync(conn, "SELECT count(*) FROM \"Mentorships\" WHERE \"Status\" = 'Active'") > 0);
            Assert.Equal(2, await ScalarAsync(conn, "SELECT count(*) FROM \"RoleAssignments\""));
            if (!a.Db.IsPostgres)
            {
                // PostgreSQL checks the foreign keys while loading; SQLite loads with them off, so check them here.
                await using var cmd = conn.CreateCommand();
                cmd.CommandText = "PRAGMA foreign_key_check";
                await using var r = await cmd.ExecuteReaderAsync();
                Assert.False(await r.ReadAsync(), "нарушены внешние ключи");
            }
            Assert.Contains(g.Municipalities, m => m.Id == g.Typical.Id);
        }
        finally
        {
            await DropAsync(a.Db);
        }
    }

    private static async Task<(BenchDatabase Db, DatasetGenerator? Generator, string? Problem)> BuildAsync(ulong seed)
    {
        var dir = Directory.CreateTempSubdirectory("nst-dataset-").FullName;
        var db = TestDatabase.IsPostgres
            ? new BenchDatabase
            {
                Kind = "postgres", WorkDir = dir,
                ConnectionString = new NpgsqlConnectionStringBuilder(TestDatabase.PostgresServer) { Database = "nst_ds_" + Guid.NewGuid().ToString("N")[..12] }.ToString(),
            }
            : new BenchDatabase { Kind = "sqlite", SqlitePath = Path.Combine(dir, "dataset.db"), WorkDir = dir };
        var (g, problem) = await DatasetBench.BuildAsync(db, People, seed, _ => { });
        return (db, g, problem);
    }

    private static DbConnection Open(BenchDatabase db) =>
        db.IsPostgres ? new NpgsqlConnection(db.ConnectionString) : new SqliteConnection($"Data Source={db.SqlitePath};Pooling=False");

    private static async Task<long> ScalarAsync(DbConnection conn, string sql)
    {
        await using var cmd = conn.CreateCommand();
        cmd.CommandText = sql;
        return Convert.ToInt64(await cmd.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
    }

    /// <summary>A hash of every row of every table the generator writes, in key order.</summary>
    private static async Task<Dictionary<string, string>> DumpAsync(BenchDatabase db)
    {
        var result = new Dictionary<string, string>();
        await using var conn = Open(db);
        await conn.OpenAsync();
        foreach (var table in DatasetGenerator.Tables)
        {
            await using var cmd = conn.CreateCommand();
            cmd.CommandText = $"SELECT * FROM \"{table}\" ORDER BY 1, 2";
            await using var r = await cmd.ExecuteReaderAsync();
            var text = new StringBuilder();
            while (await r.ReadAsync())
            {
                for (var i = 0; i < r.FieldCount; i++) text.Append(r.IsDBNull(i) ? "∅" : Convert.ToString(r.GetValue(i), CultureInfo.InvariantCulture)).Append('|');
                text.Append('\n');
            }
            result[table] = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
        }
        return result;
    }

    private static async Task DropAsync(BenchDatabase db)
    {
        if (db.IsPostgres)
        {
            NpgsqlConnection.ClearAllPools();
            await using var conn = new NpgsqlConnection(TestDatabase.PostgresServer);
            await conn.OpenAsync();
            await using var cmd = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{new NpgsqlConnectionStringBuilder(db.ConnectionString).Database}\" WITH (FORCE)", conn);
            await cmd.ExecuteNonQueryAsync();
        }
        else
        {
            SqliteConnection.ClearAllPools();
            try { Directory.Delete(db.WorkDir, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }
}
