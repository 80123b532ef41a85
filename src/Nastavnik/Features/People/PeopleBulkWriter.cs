using System.Globalization;
using System.Text;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Nastavnik.Data;
using Nastavnik.Features.Consents;
using Npgsql;
using NpgsqlTypes;
using SQLitePCL;

namespace Nastavnik.Features.People;

/// <summary>
/// Writes new people (with their consent, profiles, categories, strengths and deficits) in batches inside the
/// caller's transaction, without EF change tracking: on PostgreSQL by binary COPY, on SQLite by one prepared
/// INSERT per table reused for every row. Entities come in already checked and normalised by
/// <see cref="PersonRules"/>; ids of new people are reserved from the table's own sequence, so the consent rows can
/// point at them. The column lists below must cover every mapped column (PeopleImportTests checks this against the model).
/// </summary>
public abstract class PeopleBulkWriter : IAsyncDisposable
{
    public static readonly string[] PeopleColumns =
    [
        "Id", "OrganizationId", "MunicipalityId", "RegionId", "LastName", "FirstName", "MiddleName", "BirthDate", "Email", "Phone", "Kind", "ClassName", "StudyGroup",
        "PartnerOrganizationId", "AgreementNumber", "AgreementDate", "AgreementEnd", "Position", "Subjects", "TotalExperienceYears", "PedagogicalExperienceYears",
        "Qualification", "HasPedagogicalEducation", "Courses", "GuardianName", "GuardianPhone", "GuardianEmail", "GuardianBasis", "EnteredOn", "IsWithdrawn", "WithdrawnAt", "Version",
    ];

    /// <summary>Consents of imported people have no scan and are not withdrawn: Scan, ScanFileName, WithdrawnAt, WithdrawalReason stay empty; Id comes from the table.</summary>
    public static readonly string[] ConsentColumns =
        ["PersonId", "Kind", "GivenBy", "GuardianName", "GuardianAuthority", "Operator", "TextId", "SignedOn", "RecordedAt", "RecordedBy"];

    public static readonly string[] MentorColumns =
        ["PersonId", "Achievements", "Interests", "PreferredMentees", "PreferredAgeFrom", "PreferredAgeTo", "HoursPerMonth", "Capacity", "Training", "Status", "EnteredOn"];

    public static readonly string[] MenteeColumns = ["PersonId", "Request", "Expectations", "Status", "EnteredOn"];
    public static readonly string[] StrengthColumns = ["PersonId", "CompetencyId"];
    public static readonly string[] CategoryColumns = ["PersonId", "Category"];
    public static readonly string[] DeficitColumns = ["PersonId", "CompetencyId", "Source", "IdentifiedOn", "Note"];

    private List<(Person Person, Consent Consent)> _pending = [];
    private readonly int _batchSize;
    private Task _inFlight = Task.CompletedTask;

    protected PeopleBulkWriter(int batchSize) => _batchSize = batchSize;

    /// <summary>People handed to the database so far (batches submitted).</summary>
    public int Written { get; private set; }

    /// <summary>A writer for the context's provider; the context must be inside a transaction.</summary>
    public static PeopleBulkWriter Create(AppDbContext db, int batchSize = 10_000)
    {
        var tx = db.Database.CurrentTransaction?.GetDbTransaction() ?? throw new InvalidOperationException("Массовая запись людей выполняется только внутри транзакции.");
        return db.Database.GetDbConnection() switch
        {
            NpgsqlConnection pg => new PostgresWriter(pg, batchSize),
            SqliteConnection sqlite => new SqliteWriter(sqlite, (SqliteTransaction)tx, batchSize),
            var other => throw new NotSupportedException($"Массовая запись не поддерживается для {other.GetType().Name}."),
        };
    }

    public async ValueTask AddAsync(Person person, Consent consent, CancellationToken ct = default)
    {
        _pending.Add((person, consent));
        if (_pending.Count >= _batchSize) await SubmitAsync(ct);
    }

    /// <summary>
    /// Hands the filled batch to a background write and returns, so the next batch is parsed and checked while this
    /// one goes to the database (two cores: one reads the file, the other writes). At most one batch is in flight.
    /// </summary>
    private async Task SubmitAsync(CancellationToken ct)
    {
        await _inFlight;
        if (_pending.Count == 0) return;
        var batch = _pending;
        _pending = new List<(Person, Consent)>(_batchSize);
        Written += batch.Count;
        _inFlight = Task.Run(() => WriteAsync(batch, ct), ct);
    }

    /// <summary>Writes what is pending and waits until the database has it all.</summary>
    public async Task FlushAsync(CancellationToken ct = default)
    {
        await SubmitAsync(ct);
        await _inFlight;
    }

    /// <summary>
    /// Waits for the batch in flight: the connection is then free for other commands of the same transaction
    /// (the importer's lookups and updates through EF).
    /// </summary>
    public Task IdleAsync() => _inFlight;

    protected abstract Task WriteAsync(List<(Person Person, Consent Consent)> batch, CancellationToken ct);

    /// <summary>Never leaves a write running on the connection: the caller disposes the writer before its transaction.</summary>
    public virtual async ValueTask DisposeAsync()
    {
        GC.SuppressFinalize(this);
        try { await _inFlight; }
        catch (Exception) when (!_inFlight.IsCompletedSuccessfully)
        {
            // The failure was (or will be) reported where the import awaited the batch; the transaction is rolled back.
        }
    }

    private static string Quote(IEnumerable<string> columns) => string.Join(", ", columns.Select(c => "\"" + c + "\""));

    /// <summary>PostgreSQL: ids from the identity sequence in one round trip per batch, then one binary COPY per table.</summary>
    private sealed class PostgresWriter(NpgsqlConnection conn, int batchSize) : PeopleBulkWriter(batchSize)
    {
        private string? _sequence;

        protected override async Task WriteAsync(List<(Person Person, Consent Consent)> batch, CancellationToken ct)
        {
            await ReserveIdsAsync(batch, ct);
            await CopyAsync("People", PeopleColumns, batch, static (w, x) => WritePerson(w, x.Person), ct);
            await CopyAsync("Consents", ConsentColumns, batch, static (w, x) => WriteConsent(w, x.Person.Id, x.Consent), ct);
            var mentors = batch.Where(x => x.Person.Mentor is not null).Select(x => x.Person).ToList();
            if (mentors.Count > 0)
            {
                await CopyAsync("MentorProfiles", MentorColumns, mentors, static (w, p) => WriteMentor(w, p.Id, p.Mentor!), ct);
                var strengths = mentors.SelectMany(p => p.Mentor!.Strengths.Select(s => (p.Id, s.CompetencyId))).ToList();
                if (strengths.Count > 0)
                    await CopyAsync("MentorStrengths", StrengthColumns, strengths, static (w, s) => { w.Write(s.Id, NpgsqlDbType.Integer); w.Write(s.CompetencyId, NpgsqlDbType.Integer); }, ct);
            }
            var mentees = batch.Where(x => x.Person.Mentee is not null).Select(x => x.Person).ToList();
            if (mentees.Count > 0) await CopyAsync("MenteeProfiles", MenteeColumns, mentees, static (w, p) => WriteMentee(w, p.Id, p.Mentee!), ct);
            var categories = batch.SelectMany(x => x.Person.Categories.Select(c => (x.Person.Id, c.Category))).ToList();
            if (categories.Count > 0)
                await CopyAsync("PersonCategories", CategoryColumns, categories, static (w, c) => { w.Write(c.Id, NpgsqlDbType.Integer); w.Write(c.Category.ToString(), NpgsqlDbType.Varchar); }, ct);
            var deficits = batch.SelectMany(x => x.Person.Deficits.Select(d => (x.Person.Id, d))).ToList();
            if (deficits.Count > 0) await CopyAsync("Deficits", DeficitColumns, deficits, static (w, d) => WriteDeficit(w, d.Id, d.d), ct);
        }

        private async Task ReserveIdsAsync(List<(Person Person, Consent Consent)> batch, CancellationToken ct)
        {
            if (_sequence is null)
            {
                await using var q = new NpgsqlCommand("SELECT pg_get_serial_sequence('\"People\"', 'Id')", conn);
                _sequence = (string?)await q.ExecuteScalarAsync(ct) ?? throw new InvalidOperationException("Не найдена последовательность идентификаторов People.");
            }
            // Values of a sequence are never handed out twice, whoever else is inserting at the same time.
            await using var cmd = new NpgsqlCommand("SELECT nextval($1::regclass) FROM generate_series(1, $2)", conn);
            cmd.Parameters.Add(new NpgsqlParameter { Value = _sequence });
            cmd.Parameters.Add(new NpgsqlParameter { Value = batch.Count });
            await using var r = await cmd.ExecuteReaderAsync(ct);
            var i = 0;
            while (await r.ReadAsync(ct)) batch[i++].Person.Id = checked((int)r.GetInt64(0));
        }

        private async Task CopyAsync<T>(string table, string[] columns, List<T> rows, Action<NpgsqlBinaryImporter, T> write, CancellationToken ct)
        {
            await using var w = await conn.BeginBinaryImportAsync($"COPY \"{table}\" ({Quote(columns)}) FROM STDIN (FORMAT BINARY)", ct);
            // Synchronous per-value writes: an awaited call per value costs more than the rare buffer flush it would save.
            foreach (var row in rows)
            {
                w.StartRow();
                write(w, row);
            }
            await w.CompleteAsync(ct);
        }

        private static void Text(NpgsqlBinaryImporter w, string? v)
        {
            if (v is null) w.WriteNull(); else w.Write(v, NpgsqlDbType.Varchar);
        }

        private static void Int(NpgsqlBinaryImporter w, int? v)
        {
            if (v is { } x) w.Write(x, NpgsqlDbType.Integer); else w.WriteNull();
        }

        private static void Date(NpgsqlBinaryImporter w, DateOnly? v)
        {
            if (v is { } x) w.Write(x, NpgsqlDbType.Date); else w.WriteNull();
        }

        private static void WritePerson(NpgsqlBinaryImporter w, Person p)
        {
            w.Write(p.Id, NpgsqlDbType.Integer);
            w.Write(p.OrganizationId, NpgsqlDbType.Integer);
            w.Write(p.MunicipalityId, NpgsqlDbType.Integer);
            w.Write(p.RegionId, NpgsqlDbType.Integer);
            Text(w, p.LastName);
            Text(w, p.FirstName);
            Text(w, p.MiddleName);
            Date(w, p.BirthDate);
            Text(w, p.Email);
            Text(w, p.Phone);
            Text(w, p.Kind.ToString());
            Text(w, p.ClassName);
            Text(w, p.StudyGroup);
            Int(w, p.PartnerOrganizationId);
            Text(w, p.AgreementNumber);
            Date(w, p.AgreementDate);
            Date(w, p.AgreementEnd);
            Text(w, p.Position);
            Text(w, p.Subjects);
            Int(w, p.TotalExperienceYears);
            Int(w, p.PedagogicalExperienceYears);
            Text(w, p.Qualification?.ToString());
            if (p.HasPedagogicalEducation is { } e) w.Write(e, NpgsqlDbType.Boolean); else w.WriteNull();
            Text(w, p.Courses);
            Text(w, p.GuardianName);
            Text(w, p.GuardianPhone);
            Text(w, p.GuardianEmail);
            Text(w, p.GuardianBasis);
            w.Write(p.EnteredOn, NpgsqlDbType.Date);
            w.Write(p.IsWithdrawn, NpgsqlDbType.Boolean);
            if (p.WithdrawnAt is { } at) w.Write(at, NpgsqlDbType.TimestampTz); else w.WriteNull();
            w.Write(p.Version, NpgsqlDbType.Uuid);
        }

        private static void WriteConsent(NpgsqlBinaryImporter w, int personId, Consent c)
        {
            w.Write(personId, NpgsqlDbType.Integer);
            Text(w, c.Kind.ToString());
            Text(w, c.GivenBy.ToString());
            Text(w, c.GuardianName);
            Text(w, c.GuardianAuthority);
            Text(w, c.Operator);
            w.Write(c.TextId, NpgsqlDbType.Integer);
            w.Write(c.SignedOn, NpgsqlDbType.Date);
            w.Write(c.RecordedAt, NpgsqlDbType.TimestampTz);
            Text(w, c.RecordedBy);
        }

        private static void WriteMentor(NpgsqlBinaryImporter w, int personId, MentorProfile m)
        {
            w.Write(personId, NpgsqlDbType.Integer);
            Text(w, m.Achievements);
            Text(w, m.Interests);
            Text(w, m.PreferredMentees);
            Int(w, m.PreferredAgeFrom);
            Int(w, m.PreferredAgeTo);
            Int(w, m.HoursPerMonth);
            w.Write(m.Capacity, NpgsqlDbType.Integer);
            Text(w, m.Training);
            Text(w, m.Status.ToString());
            w.Write(m.EnteredOn, NpgsqlDbType.Date);
        }

        private static void WriteMentee(NpgsqlBinaryImporter w, int personId, MenteeProfile m)
        {
            w.Write(personId, NpgsqlDbType.Integer);
            Text(w, m.Request);
            Text(w, m.Expectations);
            Text(w, m.Status.ToString());
            w.Write(m.EnteredOn, NpgsqlDbType.Date);
        }

        private static void WriteDeficit(NpgsqlBinaryImporter w, int personId, Deficit d)
        {
            w.Write(personId, NpgsqlDbType.Integer);
            w.Write(d.CompetencyId, NpgsqlDbType.Integer);
            Text(w, d.Source.ToString());
            w.Write(d.IdentifiedOn, NpgsqlDbType.Date);
            Text(w, d.Note);
        }
    }

    /// <summary>
    /// SQLite: the transaction holds the database's write lock, so the next ids are simply counted on from the
    /// largest ever used (AUTOINCREMENT remembers it in sqlite_sequence). The page cache is raised to 128 MB for the
    /// import and put back afterwards: the natural-key index takes inserts in random order, and with the default
    /// 2 MB nearly every row evicted an index page to the WAL and read it back (a million rows took twice as long). One prepared statement per table, bound
    /// by position and reset per row (SQLitePCL directly: Microsoft.Data.Sqlite would look every parameter up by
    /// name on every execution). Values are stored the way EF Core's SQLite provider stores them (dates as ISO
    /// text, GUIDs as upper-case text, enums by name).
    /// </summary>
    private sealed class SqliteWriter : PeopleBulkWriter
    {
        private readonly SqliteConnection _conn;
        private readonly SqliteTransaction _tx;
        private readonly Dictionary<string, sqlite3_stmt> _statements = [];
        private byte[] _utf8 = new byte[4096];
        private int? _nextId;
        private long? _cacheSize;
        private const int ImportCacheKib = 128 * 1024;

        public SqliteWriter(SqliteConnection conn, SqliteTransaction tx, int batchSize) : base(batchSize)
        {
            _conn = conn;
            _tx = tx;
        }

        protected override async Task WriteAsync(List<(Person Person, Consent Consent)> batch, CancellationToken ct)
        {
            if (_nextId is null)
            {
                await using var q = _conn.CreateCommand();
                q.Transaction = _tx;
                q.CommandText = "SELECT max(coalesce((SELECT seq FROM sqlite_sequence WHERE name = 'People'), 0), coalesce((SELECT max(\"Id\") FROM \"People\"), 0))";
                _nextId = checked((int)(long)(await q.ExecuteScalarAsync(ct))! + 1);
                q.CommandText = "PRAGMA cache_size";
                _cacheSize = (long)(await q.ExecuteScalarAsync(ct))!;
                q.CommandText = $"PRAGMA cache_size = -{ImportCacheKib}";
                await q.ExecuteNonQueryAsync(ct);
            }
            var people = Statement("People", PeopleColumns);
            var consents = Statement("Consents", ConsentColumns);
            foreach (var (p, c) in batch)
            {
                ct.ThrowIfCancellationRequested();
                p.Id = _nextId.Value;
                _nextId++;
                var i = 1;
                Int(people, i++, p.Id); Int(people, i++, p.OrganizationId); Int(people, i++, p.MunicipalityId); Int(people, i++, p.RegionId);
                Text(people, i++, p.LastName); Text(people, i++, p.FirstName); Text(people, i++, p.MiddleName); Date(people, i++, p.BirthDate);
                Text(people, i++, p.Email); Text(people, i++, p.Phone); Text(people, i++, p.Kind.ToString()); Text(people, i++, p.ClassName); Text(people, i++, p.StudyGroup);
                Int(people, i++, p.PartnerOrganizationId); Text(people, i++, p.AgreementNumber); Date(people, i++, p.AgreementDate); Date(people, i++, p.AgreementEnd);
                Text(people, i++, p.Position); Text(people, i++, p.Subjects); Int(people, i++, p.TotalExperienceYears); Int(people, i++, p.PedagogicalExperienceYears);
                Text(people, i++, p.Qualification?.ToString()); Int(people, i++, p.HasPedagogicalEducation is { } e ? (e ? 1 : 0) : null); Text(people, i++, p.Courses);
                Text(people, i++, p.GuardianName); Text(people, i++, p.GuardianPhone); Text(people, i++, p.GuardianEmail); Text(people, i++, p.GuardianBasis);
                Date(people, i++, p.EnteredOn); Int(people, i++, p.IsWithdrawn ? 1 : 0); Instant(people, i++, p.WithdrawnAt); Text(people, i++, p.Version.ToString().ToUpperInvariant());
                Step(people);

                i = 1;
                Int(consents, i++, p.Id); Text(consents, i++, c.Kind.ToString()); Text(consents, i++, c.GivenBy.ToString()); Text(consents, i++, c.GuardianName);
                Text(consents, i++, c.GuardianAuthority); Text(consents, i++, c.Operator); Int(consents, i++, c.TextId); Date(consents, i++, c.SignedOn);
                Instant(consents, i++, c.RecordedAt); Text(consents, i++, c.RecordedBy);
                Step(consents);

                if (p.Mentor is { } m)
                {
                    var s = Statement("MentorProfiles", MentorColumns);
                    i = 1;
                    Int(s, i++, p.Id); Text(s, i++, m.Achievements); Text(s, i++, m.Interests); Text(s, i++, m.PreferredMentees); Int(s, i++, m.PreferredAgeFrom);
                    Int(s, i++, m.PreferredAgeTo); Int(s, i++, m.HoursPerMonth); Int(s, i++, m.Capacity); Text(s, i++, m.Training); Text(s, i++, m.Status.ToString());
                    Date(s, i++, m.EnteredOn);
                    Step(s);
                    foreach (var strength in m.Strengths)
                    {
                        var ss = Statement("MentorStrengths", StrengthColumns);
                        Int(ss, 1, p.Id); Int(ss, 2, strength.CompetencyId);
                        Step(ss);
                    }
                }
                if (p.Mentee is { } t)
                {
                    var s = Statement("MenteeProfiles", MenteeColumns);
                    Int(s, 1, p.Id); Text(s, 2, t.Request); Text(s, 3, t.Expectations); Text(s, 4, t.Status.ToString()); Date(s, 5, t.EnteredOn);
                    Step(s);
                }
                foreach (var cat in p.Categories)
                {
                    var s = Statement("PersonCategories", CategoryColumns);
                    Int(s, 1, p.Id); Text(s, 2, cat.Category.ToString());
                    Step(s);
                }
                foreach (var d in p.Deficits)
                {
                    var s = Statement("Deficits", DeficitColumns);
                    Int(s, 1, p.Id); Int(s, 2, d.CompetencyId); Text(s, 3, d.Source.ToString()); Date(s, 4, d.IdentifiedOn); Text(s, 5, d.Note);
                    Step(s);
                }
            }
        }

        private sqlite3_stmt Statement(string table, string[] columns)
        {
            if (_statements.TryGetValue(table, out var stmt)) return stmt;
            var sql = $"INSERT INTO \"{table}\" ({Quote(columns)}) VALUES ({string.Join(", ", columns.Select((_, i) => "?" + (i + 1)))})";
            Check(raw.sqlite3_prepare_v2(_conn.Handle, sql, out stmt));
            _statements[table] = stmt;
            return stmt;
        }

        private void Step(sqlite3_stmt stmt)
        {
            var rc = raw.sqlite3_step(stmt);
            raw.sqlite3_reset(stmt);
            if (rc != raw.SQLITE_DONE) Check(rc);
        }

        private void Check(int rc)
        {
            if (rc is raw.SQLITE_OK or raw.SQLITE_DONE) return;
            throw new SqliteException(raw.sqlite3_errmsg(_conn.Handle).utf8_to_string(), rc, raw.sqlite3_extended_errcode(_conn.Handle));
        }

        private static void Int(sqlite3_stmt s, int i, int? v)
        {
            if (v is { } x) raw.sqlite3_bind_int(s, i, x); else raw.sqlite3_bind_null(s, i);
        }

        private void Text(sqlite3_stmt s, int i, string? v)
        {
            if (v is null) { raw.sqlite3_bind_null(s, i); return; }
            var max = Encoding.UTF8.GetMaxByteCount(v.Length);
            if (_utf8.Length < max) _utf8 = new byte[Math.Max(max, _utf8.Length * 2)];
            var n = Encoding.UTF8.GetBytes(v, _utf8);
            // The span overload binds with SQLITE_TRANSIENT: SQLite copies the bytes, so the buffer is reused at once.
            raw.sqlite3_bind_text(s, i, _utf8.AsSpan(0, n));
        }

        private static void Date(sqlite3_stmt s, int i, DateOnly? d)
        {
            if (d is not { } x) { raw.sqlite3_bind_null(s, i); return; }
            Span<byte> b = stackalloc byte[10];
            x.TryFormat(b, out var n, "yyyy-MM-dd", CultureInfo.InvariantCulture);
            raw.sqlite3_bind_text(s, i, b[..n]);
        }

        private void Instant(sqlite3_stmt s, int i, DateTime? t) => Text(s, i, t?.ToString("yyyy-MM-dd HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture));

        /// <summary>Disposed after the commit or rollback: the connection goes back to the pool with its usual cache.</summary>
        public override async ValueTask DisposeAsync()
        {
            await base.DisposeAsync();
            foreach (var s in _statements.Values) s.Dispose();
            _statements.Clear();
            if (_cacheSize is { } size && _conn.State == System.Data.ConnectionState.Open)
                raw.sqlite3_exec(_conn.Handle, string.Create(CultureInfo.InvariantCulture, $"PRAGMA cache_size = {size}"));
            _cacheSize = null;
        }
    }
}
