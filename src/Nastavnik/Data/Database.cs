using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Nastavnik.Data;

public enum DatabaseProvider { Sqlite, Postgres }

/// <summary>
/// "Database" section: Provider = Sqlite (default) | Postgres; SqlitePath (default data/nastavnik.db under
/// the content root); ConnectionString for PostgreSQL ("ConnectionStrings:Postgres" also works).
/// </summary>
public sealed class DatabaseOptions
{
    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;
    public string SqlitePath { get; set; } = "data/nastavnik.db";
    public string? ConnectionString { get; set; }

    public static DatabaseOptions From(IConfiguration config, string contentRoot)
    {
        var o = new DatabaseOptions();
        config.GetSection("Database").Bind(o);
        o.ConnectionString ??= config.GetConnectionString("Postgres");
        if (!Path.IsPathRooted(o.SqlitePath)) o.SqlitePath = Path.GetFullPath(Path.Combine(contentRoot, o.SqlitePath));
        if (o.Provider == DatabaseProvider.Postgres && string.IsNullOrWhiteSpace(o.ConnectionString))
            throw new InvalidOperationException("Для PostgreSQL задайте строку подключения Database:ConnectionString.");
        return o;
    }

    public void Apply(DbContextOptionsBuilder b)
    {
        // Profiles hang off filtered people by design (see AppDbContext); EF's warning about it is noise.
        b.ConfigureWarnings(w => w.Ignore(CoreEventId.PossibleIncorrectRequiredNavigationWithQueryFilterInteractionWarning));
        // Tells the dashboards' cache in this process as soon as a transaction that moved its counters commits.
        b.AddInterceptors(Features.Indicators.IndicatorStampsCommit.Instance);
        if (Provider == DatabaseProvider.Postgres)
        {
            b.UseNpgsql(ConnectionString);
            return;
        }
        Directory.CreateDirectory(Path.GetDirectoryName(SqlitePath)!);
        var cs = new SqliteConnectionStringBuilder { DataSource = SqlitePath, ForeignKeys = true, Pooling = true, DefaultTimeout = 30 };
        b.UseSqlite(cs.ToString());
        b.AddInterceptors(SqlitePragmas.Instance);
    }
}

/// <summary>
/// Durability settings for SQLite: WAL so readers do not block the writer, synchronous=FULL so a committed
/// transaction survives power loss, foreign keys enforced, and a busy timeout instead of instant SQLITE_BUSY.
/// </summary>
internal sealed class SqlitePragmas : DbConnectionInterceptor
{
    public static readonly SqlitePragmas Instance = new();
    private const string Sql = "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON; PRAGMA busy_timeout=10000;";

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        using var cmd = connection.CreateCommand();
        cmd.CommandText = Sql;
        cmd.ExecuteNonQuery();
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        await using var cmd = connection.CreateCommand();
        cmd.CommandText = Sql;
        await cmd.ExecuteNonQueryAsync(cancellationToken);
    }
}
