using System.Data.Common;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Nastavnik.Data;
using Nastavnik.Platform.Tenancy;

namespace Nastavnik.Tests.Platform;

/// <summary>
/// The hand-written migrations must build exactly the schema the model describes: we apply them to one empty
/// database, let EnsureCreated build another from the model, and compare tables, columns (type, nullability),
/// keys, foreign keys and indexes. Runs on whichever provider the suite runs on.
/// </summary>
public sealed class MigrationSchemaTests
{
    [Fact]
    public async Task Migrate_EmptyDatabase_SchemaEqualsModel()
    {
        var dir = Directory.CreateTempSubdirectory("nst-schema-").FullName;
        var migrated = Options(TestDatabase.Create(dir + "/a"));
        var created = Options(TestDatabase.Create(dir + "/b"));
        Directory.CreateDirectory(dir + "/a");
        Directory.CreateDirectory(dir + "/b");

        await using (var db = NewContext(migrated)) await db.Database.MigrateAsync();
        await using (var db = NewContext(created)) await db.Database.EnsureCreatedAsync();

        var a = await DumpAsync(migrated);
        var b = await DumpAsync(created);
        var missing = b.Except(a).ToList();
        var extra = a.Except(b).ToList();
        Assert.True(missing.Count == 0 && extra.Count == 0,
            "Миграции расходятся с моделью.\nНет в миграциях:\n  " + string.Join("\n  ", missing) + "\nЛишнее в миграциях:\n  " + string.Join("\n  ", extra));
        Assert.Contains(a, l => l.StartsWith("column Organizations.Name", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Migrate_Twice_IsIdempotent()
    {
        var dir = Directory.CreateTempSubdirectory("nst-schema-").FullName;
        var options = Options(TestDatabase.Create(dir));
        await using (var db = NewContext(options)) await db.Database.MigrateAsync();
        await using (var db = NewContext(options))
        {
            await db.Database.MigrateAsync();
            Assert.Empty(await db.Database.GetPendingMigrationsAsync());
        }
    }

    private static DbContextOptions<AppDbContext> Options(Dictionary<string, string?> settings)
    {
        var b = new DbContextOptionsBuilder<AppDbContext>();
        if (settings["Database:Provider"] == "Postgres") b.UseNpgsql(settings["Database:ConnectionString"]);
        else
        {
            Directory.CreateDirectory(Path.GetDirectoryName(settings["Database:SqlitePath"])!);
            b.UseSqlite("Data Source=" + settings["Database:SqlitePath"]);
        }
        return b.Options;
    }

    private static AppDbContext NewContext(DbContextOptions<AppDbContext> options)
    {
        var scope = new CurrentScope(new HttpContextAccessor());
        scope.Set(TenantScope.System);
        return new AppDbContext(options, scope);
    }

    private static async Task<SortedSet<string>> DumpAsync(DbContextOptions<AppDbContext> options)
    {
        await using var db = NewContext(options);
        var conn = db.Database.GetDbConnection();
        await conn.OpenAsync();
        var lines = new SortedSet<string>(StringComparer.Ordinal);
        if (db.Database.IsNpgsql())
        {
            await Collect(conn, lines, """
                select 'column ' || table_name || '.' || column_name || ' ' || data_type || coalesce('(' || character_maximum_length || ')', '')
                       || case when is_nullable = 'NO' then ' not null' else '' end || case when is_identity = 'YES' then ' identity' else '' end
                from information_schema.columns where table_schema = 'public' and table_name not like '\_\_EFMigrations%'
                """);
            await Collect(conn, lines, """
                select 'constraint ' || rel.relname || ' ' || con.conname || ' ' || pg_get_constraintdef(con.oid)
                from pg_constraint con join pg_class rel on rel.oid = con.conrelid join pg_namespace n on n.oid = rel.relnamespace
                where n.nspname = 'public' and rel.relname not like '\_\_EFMigrations%'
                """);
            await Collect(conn, lines, """
                select 'index ' || tablename || ' ' || indexdef from pg_indexes where schemaname = 'public' and tablename not like '\_\_EFMigrations%'
                """);
        }
        else
        {
            var tables = new List<string>();
            await using (var cmd = conn.CreateCommand())
            {
                cmd.CommandText = "select name from sqlite_master where type = 'table' and name not like 'sqlite_%' and name not like '__EFMigrations%'";
                await using var r = await cmd.ExecuteReaderAsync();
                while (await r.ReadAsync()) tables.Add(r.GetString(0));
            }
            foreach (var t in tables)
            {
                await Collect(conn, lines, $"select 'column {t}.' || name || ' ' || type || case when \"notnull\" = 1 then ' not null' else '' end || case when pk > 0 then ' pk' || pk else '' end from pragma_table_info('{t}')");
                await Collect(conn, lines, $"select 'fk {t}.' || \"from\" || ' -> ' || \"table\" || '.' || \"to\" || ' ' || on_delete from pragma_foreign_key_list('{t}')");
                await Collect(conn, lines, $"select 'index {t} ' || il.name || case when il.\"unique\" = 1 then ' unique' else '' end || ' (' || (select group_concat(ii.name, ',') from pragma_index_info(il.name) ii) || ')' from pragma_index_list('{t}') il where il.origin = 'c'");
                // AUTOINCREMENT shows only in the CREATE statement.
                await Collect(conn, lines, $"select 'autoincrement {t}' from sqlite_master where name = '{t}' and sql like '%AUTOINCREMENT%'");
            }
        }
        return lines;
    }

    private static async Task Collect(DbConnection conn, SortedSet<string> lines, string sql)
    {
        await using var cmd = conn.CreateCommand();
        cmd.CommandText = sql;
        await using var r = await cmd.ExecuteReaderAsync();
        while (await r.ReadAsync()) lines.Add(r.GetString(0));
    }
}
