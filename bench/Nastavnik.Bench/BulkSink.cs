using System.Globalization;
using Microsoft.Data.Sqlite;
using Npgsql;
using NpgsqlTypes;

namespace Nastavnik.Bench;

/// <summary>
/// Fast row writing into the tables the app's migrations created: binary COPY on PostgreSQL, one prepared INSERT
/// per table reused for every row inside one transaction on SQLite. A table is opened with the columns that get
/// values (the others keep their defaults, i.e. NULL); values are written in that order, one typed call each, so
/// no row is boxed.
/// </summary>
public abstract class BulkSink : IAsyncDisposable
{
    public abstract Task<TableWriter> OpenAsync(string table, params string[] columns);

    /// <summary>Runs a statement outside any COPY (sequence resets, ANALYZE, …).</summary>
    public abstract Task ExecuteAsync(string sql);

    public abstract Task CommitAsync();

    /// <summary>
    /// Takes the secondary indexes (and, on PostgreSQL, the foreign keys) of the given tables off before a load and
    /// returns the statements that put them back exactly as the migrations made them: building an index once over
    /// sorted data is several times cheaper than keeping it up to date row by row.
    /// </summary>
    public abstract Task<List<string>> DeferIndexesAsync(IReadOnlyCollection<string> tables);

    public abstract ValueTask DisposeAsync();

    public static async Task<BulkSink> PostgresAsync(string connectionString)
    {
        var conn = new NpgsqlConnection(connectionString);
        await conn.OpenAsync();
        return new PostgresSink(conn);
    }

    public static async Task<BulkSink> SqliteAsync(string path)
    {
        var conn = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        await conn.OpenAsync();
        await using (var pragma = conn.CreateCommand())
        {
            // A fresh file that is thrown away on failure: no fsync while loading, a large page cache, WAL as the app uses it.
            pragma.CommandText = "PRAGMA journal_mode=WAL; PRAGMA synchronous=OFF; PRAGMA cache_size=-262144; PRAGMA temp_store=MEMORY; PRAGMA foreign_keys=OFF;";
            await pragma.ExecuteNonQueryAsync();
        }
        return new SqliteSink(conn, conn.BeginTransaction());
    }

    private static string Quote(IEnumerable<string> columns) => string.Join(", ", columns.Select(c => "\"" + c + "\""));

    private sealed class PostgresSink(NpgsqlConnection conn) : BulkSink
    {
        public override async Task<TableWriter> OpenAsync(string table, params string[] columns) =>
            new PostgresWriter(await conn.BeginBinaryImportAsync($"COPY \"{table}\" ({Quote(columns)}) FROM STDIN (FORMAT BINARY)"), columns.Length);

        public override async Task ExecuteAsync(string sql)
        {
            await using var cmd = new NpgsqlCommand(sql, conn) { CommandTimeout = 0 };
            await cmd.ExecuteNonQueryAsync();
        }

        // Each COPY commits on its own: a failed load leaves a database the next run drops anyway.
        public override Task CommitAsync() => Task.CompletedTask;

        public override async Task<List<string>> DeferIndexesAsync(IReadOnlyCollection<string> tables)
        {
            var drop = new List<string>();
            var restore = new List<string>();
            var indexes = new List<string>();
            await using (var q = new NpgsqlCommand("""
                SELECT c.relname, con.conname, pg_get_constraintdef(con.oid) FROM pg_constraint con JOIN pg_class c ON c.oid = con.conrelid
                WHERE con.contype = 'f' AND c.relname = ANY($1) ORDER BY c.relname, con.conname
                """, conn))
            {
                q.Parameters.AddWithValue(tables.ToArray());
                await using var r = await q.ExecuteReaderAsync();
                while (await r.ReadAsync())
                {
                    drop.Add($"ALTER TABLE \"{r.GetString(0)}\" DROP CONSTRAINT \"{r.GetString(1)}\"");
                    restore.Add($"ALTER TABLE \"{r.GetString(0)}\" ADD CONSTRAINT \"{r.GetString(1)}\" {r.GetString(2)}");
                }
            }
            await using (var q = new NpgsqlCommand("""
                SELECT i.indexname, i.indexdef FROM pg_indexes i WHERE i.schemaname = 'public' AND i.tablename = ANY($1)
                  AND NOT EXISTS (SELECT 1 FROM pg_constraint con WHERE con.conname = i.indexname) ORDER BY i.tablename, i.indexname
                """, conn))
            {
                q.Parameters.AddWithValue(tables.ToArray());
                await using var r = await q.ExecuteReaderAsync();
                while (await r.ReadAsync())
                {
                    drop.Add($"DROP INDEX \"{r.GetString(0)}\"");
                    indexes.Add(r.GetString(1));
                }
            }
            foreach (var sql in drop) await ExecuteAsync(sql);
            return [.. indexes, .. restore];
        }

        public override async ValueTask DisposeAsync() => await conn.DisposeAsync();
    }

    private sealed class SqliteSink(SqliteConnection conn, SqliteTransaction tx) : BulkSink
    {
        public override Task<TableWriter> OpenAsync(string table, params string[] columns)
        {
            var cmd = conn.CreateCommand();
            cmd.Transaction = tx;
            cmd.CommandText = $"INSERT INTO \"{table}\" ({Quote(columns)}) VALUES ({string.Join(", ", columns.Select((_, i) => "$p" + i.ToString(CultureInfo.InvariantCulture)))})";
            var ps = new SqliteParameter[columns.Length];
            for (var i = 0; i < ps.Length; i++) ps[i] = cmd.Parameters.Add("$p" + i.ToString(CultureInfo.InvariantCulture), SqliteType.Integer);
            cmd.Prepare();
            return Task.FromResult<TableWriter>(new SqliteWriter(cmd, ps));
        }

        public override async Task ExecuteAsync(string sql)
        {
            await using var cmd = conn.CreateCommand();
            cmd.Transaction = tx;
            cmd.CommandText = sql;
            cmd.CommandTimeout = 0;
            await cmd.ExecuteNonQueryAsync();
        }

        public override async Task CommitAsync() => await tx.CommitAsync();

        // Foreign keys are not checked during the load (PRAGMA foreign_keys=OFF); the PostgreSQL load of the same rows checks them.
        public override async Task<List<string>> DeferIndexesAsync(IReadOnlyCollection<string> tables)
        {
            var found = new List<(string Name, string Sql)>();
            await using (var q = conn.CreateCommand())
            {
                q.Transaction = tx;
                q.CommandText = $"SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL AND tbl_name IN ({string.Join(", ", tables.Select(t => "'" + t + "'"))}) ORDER BY tbl_name, name";
                await using var r = await q.ExecuteReaderAsync();
                while (await r.ReadAsync()) found.Add((r.GetString(0), r.GetString(1)));
            }
            foreach (var (name, _) in found) await ExecuteAsync($"DROP INDEX \"{name}\"");
            return [.. found.Select(f => f.Sql)];
        }

        public override async ValueTask DisposeAsync()
        {
            await tx.DisposeAsync();
            await conn.DisposeAsync();
            SqliteConnection.ClearAllPools();
        }
    }

    private sealed class PostgresWriter(NpgsqlBinaryImporter w, int columns) : TableWriter(columns)
    {
        protected override void Begin() => w.StartRow();
        protected override void PutNull() => w.WriteNull();
        protected override void PutInt(int v) => w.Write(v, NpgsqlDbType.Integer);
        protected override void PutLong(long v) => w.Write(v, NpgsqlDbType.Bigint);
        protected override void PutText(string v) => w.Write(v, NpgsqlDbType.Varchar);
        protected override void PutDate(DateOnly v) => w.Write(v, NpgsqlDbType.Date);
        protected override void PutInstant(DateTime v) => w.Write(DateTime.SpecifyKind(v, DateTimeKind.Utc), NpgsqlDbType.TimestampTz);
        protected override void PutBool(bool v) => w.Write(v, NpgsqlDbType.Boolean);
        protected override void PutGuid(Guid v) => w.Write(v, NpgsqlDbType.Uuid);
        protected override void PutDouble(double v) => w.Write(v, NpgsqlDbType.Double);
        protected override void End() { }

        protected override async ValueTask FinishAsync()
        {
            await w.CompleteAsync();
            await w.DisposeAsync();
        }
    }

    /// <summary>Values as EF Core's SQLite provider stores them: dates as yyyy-MM-dd text, instants as "yyyy-MM-dd HH:mm:ss.FFFFFFF", GUIDs as upper-case text, bools as 0/1.</summary>
    private sealed class SqliteWriter(SqliteCommand cmd, SqliteParameter[] ps) : TableWriter(ps.Length)
    {
        private void Set(object v) => ps[Index].Value = v;
        protected override void Begin() { }
        protected override void PutNull() => Set(DBNull.Value);
        protected override void PutInt(int v) => Set(v);
        protected override void PutLong(long v) => Set(v);
        protected override void PutText(string v) => Set(v);
        protected override void PutDate(DateOnly v) => Set(v.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        protected override void PutInstant(DateTime v) => Set(v.ToString("yyyy-MM-dd HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture));
        protected override void PutBool(bool v) => Set(v ? 1 : 0);
        protected override void PutGuid(Guid v) => Set(v.ToString().ToUpperInvariant());
        protected override void PutDouble(double v) => Set(v);
        protected override void End() => cmd.ExecuteNonQuery();

        protected override async ValueTask FinishAsync() => await cmd.DisposeAsync();
    }
}

/// <summary>One open table: <c>Row()</c>, then exactly one value per column in the order it was opened with.</summary>
public abstract class TableWriter(int columns) : IAsyncDisposable
{
    private readonly int _columns = columns;
    protected int Index { get; private set; }
    public long Rows { get; private set; }

    public TableWriter Row()
    {
        if (Rows > 0) Close();
        Begin();
        Index = 0;
        Rows++;
        return this;
    }

    private void Close()
    {
        if (Index != _columns) throw new InvalidOperationException($"row {Rows}: {Index} values for {_columns} columns");
        End();
    }

    public TableWriter Null() { PutNull(); Index++; return this; }
    public TableWriter Number(int v) { PutInt(v); Index++; return this; }
    public TableWriter Number(int? v) => v is { } x ? Number(x) : Null();
    public TableWriter BigNumber(long v) { PutLong(v); Index++; return this; }
    public TableWriter Text(string? v) { if (v is null) PutNull(); else PutText(v); Index++; return this; }
    public TableWriter Date(DateOnly v) { PutDate(v); Index++; return this; }
    public TableWriter Date(DateOnly? v) => v is { } x ? Date(x) : Null();
    public TableWriter Instant(DateTime v) { PutInstant(v); Index++; return this; }
    public TableWriter Instant(DateTime? v) => v is { } x ? Instant(x) : Null();
    public TableWriter Bool(bool v) { PutBool(v); Index++; return this; }
    public TableWriter Uuid(Guid v) { PutGuid(v); Index++; return this; }
    public TableWriter Real(double v) { PutDouble(v); Index++; return this; }

    protected abstract void Begin();
    protected abstract void PutNull();
    protected abstract void PutInt(int v);
    protected abstract void PutLong(long v);
    protected abstract void PutText(string v);
    protected abstract void PutDate(DateOnly v);
    protected abstract void PutInstant(DateTime v);
    protected abstract void PutBool(bool v);
    protected abstract void PutGuid(Guid v);
    protected abstract void PutDouble(double v);
    protected abstract void End();
    protected abstract ValueTask FinishAsync();

    public async ValueTask DisposeAsync()
    {
        GC.SuppressFinalize(this);
        if (Rows > 0) Close();
        await FinishAsync();
    }
}
