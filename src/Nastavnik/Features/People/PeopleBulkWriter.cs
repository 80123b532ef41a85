using System.Buffers.Binary;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Globalization;
using System.Text;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Nastavnik.Data;
using Nastavnik.Features.Consents;
using Npgsql;
using SQLitePCL;

namespace Nastavnik.Features.People;

/// <summary>
/// Writes new people (with their consent, profiles, categories, strengths and deficits) in batches inside the
/// caller's transaction, without EF change tracking: on PostgreSQL by binary COPY, on SQLite by one prepared
/// INSERT per table reused for every row. Entities come in already checked and normalised by
/// <see cref="PersonRules"/>; ids of new people are reserved from the table's own sequence, so the consent rows can
/// point at them. The column lists below must cover every mapped column (PeopleImportTests checks this against the model).
/// A batch is written in the background while the next one is read and checked (at most one in flight).
/// </summary>
public abstract class PeopleBulkWriter : IAsyncDisposable
{
    public static readonly string[] PeopleColumns =
    [
        "Id", "OrganizationId", "MunicipalityId", "RegionId", "LastName", "FirstName", "MiddleName", "BirthDate", "Email", "Phone", "Kind", "ClassName", "StudyGroup",
        "PartnerOrganizationId", "AgreementNumber", "AgreementDate", "AgreementEnd", "Position", "Subjects", "TotalExperienceYears", "PedagogicalExperienceYears",
        "Qualification", "HasPedagogicalEducation", "Courses", "GuardianName", "GuardianPhone", "GuardianEmail", "GuardianBasis", "EnteredOn", "IsWithdrawn", "WithdrawnAt", "Version",
        "SearchName", "SearchGivenName",
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

    /// <summary>People handed to the database so far (batches submitted).</summary>
    public abstract int Written { get; }

    /// <summary>
    /// Seconds each batch took to write (dotnet-counters, or the import benchmark): compared with the import's whole
    /// time it tells whether the database or the reading and checking of the file sets the pace.
    /// </summary>
    public static readonly Meter Meter = new("Nastavnik.Import");
    private static readonly Histogram<double> BatchSeconds = Meter.CreateHistogram<double>("nastavnik.import.batch.duration", "s", "Time one batch of new people took to write");

    /// <summary>
    /// A writer for the context's provider; the context must be inside a transaction. Without a batch size each
    /// provider takes its own: PostgreSQL 10,000 rows (a batch is a few megabytes of COPY data, and each COPY
    /// costs round trips), SQLite 1,000 (a batch is entities; small batches let them die young instead of
    /// growing the older GC generations).
    /// </summary>
    public static PeopleBulkWriter Create(AppDbContext db, int? batchSize = null)
    {
        var tx = db.Database.CurrentTransaction?.GetDbTransaction() ?? throw new InvalidOperationException("Массовая запись людей выполняется только внутри транзакции.");
        return db.Database.GetDbConnection() switch
        {
            NpgsqlConnection pg => new PostgresWriter(pg, batchSize ?? 10_000),
            SqliteConnection sqlite => new SqliteWriter(sqlite, (SqliteTransaction)tx, batchSize ?? 1_000),
            var other => throw new NotSupportedException($"Массовая запись не поддерживается для {other.GetType().Name}."),
        };
    }

    /// <summary>Adds a new person and their consent; a full batch goes to the database in the background.</summary>
    public abstract ValueTask AddAsync(Person person, Consent consent, CancellationToken ct = default);

    /// <summary>Writes what is pending and waits until the database has it all.</summary>
    public abstract Task FlushAsync(CancellationToken ct = default);

    /// <summary>
    /// Waits for the batch in flight: the connection is then free for other commands of the same transaction
    /// (the importer's lookups and updates through EF).
    /// </summary>
    public abstract Task IdleAsync();

    /// <summary>Never leaves a write running on the connection: the caller disposes the writer before its transaction.</summary>
    public abstract ValueTask DisposeAsync();

    private static string Quote(IEnumerable<string> columns) => string.Join(", ", columns.Select(c => "\"" + c + "\""));

    /// <summary>Enum names as UTF-8, the way EF stores these enums (by name), made once.</summary>
    private static class Utf8Names<T> where T : struct, Enum
    {
        private static readonly Dictionary<T, byte[]> Names = Enum.GetValues<T>().ToDictionary(v => v, v => Encoding.UTF8.GetBytes(v.ToString()));

        /// <summary>The same array for the same value, so a writer can tell by reference that it is bound already.</summary>
        public static byte[] Of(T value) => Names.TryGetValue(value, out var b) ? b : Encoding.UTF8.GetBytes(value.ToString());
    }

    /// <summary>The batching and the one-batch-in-flight pipeline; <typeparamref name="TBatch"/> is what a batch holds.</summary>
    private abstract class Pipelined<TBatch>(int batchSize) : PeopleBulkWriter where TBatch : class
    {
        private TBatch? _filling;
        private TBatch? _spare;
        private int _count, _written;
        private Task _inFlight = Task.CompletedTask;

        public override int Written => _written;

        protected abstract TBatch NewBatch();
        protected abstract void Add(TBatch batch, int index, Person person, Consent consent);
        protected abstract Task WriteAsync(TBatch batch, int count, CancellationToken ct);
        protected abstract void Clear(TBatch batch);

        public override async ValueTask AddAsync(Person person, Consent consent, CancellationToken ct = default)
        {
            _filling ??= Interlocked.Exchange(ref _spare, null) ?? NewBatch();
            Add(_filling, _count++, person, consent);
            if (_count >= batchSize) await SubmitAsync(ct);
        }

        /// <summary>
        /// Hands the filled batch to a background write and returns, so the next batch is parsed and checked while this
        /// one goes to the database (two cores: one reads the file, the other writes). At most one batch is in flight;
        /// its buffers come back for reuse when it is written.
        /// </summary>
        private async Task SubmitAsync(CancellationToken ct)
        {
            await _inFlight;
            if (_count == 0 || _filling is null) return;
            var (batch, count) = (_filling, _count);
            (_filling, _count) = (null, 0);
            _written += count;
            _inFlight = Task.Run(async () =>
            {
                var started = Stopwatch.GetTimestamp();
                await WriteAsync(batch, count, ct);
                BatchSeconds.Record(Stopwatch.GetElapsedTime(started).TotalSeconds);
                Clear(batch);
                _spare = batch;
            }, ct);
        }

        public override async Task FlushAsync(CancellationToken ct = default)
        {
            await SubmitAsync(ct);
            await _inFlight;
        }

        public override Task IdleAsync() => _inFlight;

        public override async ValueTask DisposeAsync()
        {
            GC.SuppressFinalize(this);
            try { await _inFlight; }
            catch (Exception) when (!_inFlight.IsCompletedSuccessfully)
            {
                // The failure was (or will be) reported where the import awaited the batch; the transaction is rolled back.
            }
            Release();
        }

        /// <summary>Frees what the writer holds on the connection, after the last write.</summary>
        protected virtual void Release()
        {
        }
    }

    // ------------------------------------------------------------------ PostgreSQL

    /// <summary>
    /// PostgreSQL: each row is turned into COPY's binary format as soon as it is added (on the thread that reads the
    /// file), into one buffer per table; the entities are garbage at once. The batch's people get their ids from the
    /// identity sequence in one round trip when the batch is written, and the ids are filled into the buffers at the
    /// places noted for them; then one COPY per table ships the buffer as it is (Npgsql's raw binary copy): no
    /// per-value work on the writing side at all.
    /// </summary>
    private sealed class PostgresWriter(NpgsqlConnection conn, int batchSize) : Pipelined<PostgresWriter.Batch>(batchSize)
    {
        private string? _sequence;

        internal sealed class Batch
        {
            public readonly CopyBuffer People = new(), Consents = new(), Mentors = new(), Strengths = new(), Mentees = new(), Categories = new(), Deficits = new();
            public IEnumerable<(string Table, string[] Columns, CopyBuffer Rows)> Tables =>
            [
                ("People", PeopleColumns, People), ("Consents", ConsentColumns, Consents), ("MentorProfiles", MentorColumns, Mentors),
                ("MentorStrengths", StrengthColumns, Strengths), ("MenteeProfiles", MenteeColumns, Mentees), ("PersonCategories", CategoryColumns, Categories),
                ("Deficits", DeficitColumns, Deficits),
            ];
        }

        protected override Batch NewBatch() => new();

        protected override void Clear(Batch batch)
        {
            foreach (var (_, _, rows) in batch.Tables) rows.Clear();
        }

        protected override void Add(Batch b, int k, Person p, Consent c)
        {
            var w = b.People;
            w.Row(PeopleColumns.Length);
            w.PersonId(k);
            w.Int(p.OrganizationId);
            w.Int(p.MunicipalityId);
            w.Int(p.RegionId);
            w.Text(p.LastName);
            w.Text(p.FirstName);
            w.Text(p.MiddleName);
            w.Date(p.BirthDate);
            w.Text(p.Email);
            w.Text(p.Phone);
            w.Text(Utf8Names<PersonKind>.Of(p.Kind));
            w.Text(p.ClassName);
            w.Text(p.StudyGroup);
            w.Int(p.PartnerOrganizationId);
            w.Text(p.AgreementNumber);
            w.Date(p.AgreementDate);
            w.Date(p.AgreementEnd);
            w.Text(p.Position);
            w.Text(p.Subjects);
            w.Int(p.TotalExperienceYears);
            w.Int(p.PedagogicalExperienceYears);
            if (p.Qualification is { } q) w.Text(Utf8Names<QualificationCategory>.Of(q)); else w.Null();
            w.Bool(p.HasPedagogicalEducation);
            w.Text(p.Courses);
            w.Text(p.GuardianName);
            w.Text(p.GuardianPhone);
            w.Text(p.GuardianEmail);
            w.Text(p.GuardianBasis);
            w.Date(p.EnteredOn);
            w.Bool(p.IsWithdrawn);
            w.Instant(p.WithdrawnAt);
            w.Uuid(p.Version);
            w.Text(p.SearchName);
            w.Text(p.SearchGivenName);

            w = b.Consents;
            w.Row(ConsentColumns.Length);
            w.PersonId(k);
            w.Text(Utf8Names<ConsentKind>.Of(c.Kind));
            w.Text(Utf8Names<ConsentGiver>.Of(c.GivenBy));
            w.Text(c.GuardianName);
            w.Text(c.GuardianAuthority);
            w.Text(c.Operator);
            w.Int(c.TextId);
            w.Date(c.SignedOn);
            w.Instant(c.RecordedAt);
            w.Text(c.RecordedBy);

            if (p.Mentor is { } m)
            {
                w = b.Mentors;
                w.Row(MentorColumns.Length);
                w.PersonId(k);
                w.Text(m.Achievements);
                w.Text(m.Interests);
                w.Text(m.PreferredMentees);
                w.Int(m.PreferredAgeFrom);
                w.Int(m.PreferredAgeTo);
                w.Int(m.HoursPerMonth);
                w.Int(m.Capacity);
                w.Text(m.Training);
                w.Text(Utf8Names<MentorBankStatus>.Of(m.Status));
                w.Date(m.EnteredOn);
                foreach (var s in m.Strengths)
                {
                    b.Strengths.Row(StrengthColumns.Length);
                    b.Strengths.PersonId(k);
                    b.Strengths.Int(s.CompetencyId);
                }
            }
            if (p.Mentee is { } t)
            {
                w = b.Mentees;
                w.Row(MenteeColumns.Length);
                w.PersonId(k);
                w.Text(t.Request);
                w.Text(t.Expectations);
                w.Text(Utf8Names<MenteeStatus>.Of(t.Status));
                w.Date(t.EnteredOn);
            }
            foreach (var cat in p.Categories)
            {
                b.Categories.Row(CategoryColumns.Length);
                b.Categories.PersonId(k);
                b.Categories.Text(Utf8Names<MenteeCategory>.Of(cat.Category));
            }
            foreach (var d in p.Deficits)
            {
                w = b.Deficits;
                w.Row(DeficitColumns.Length);
                w.PersonId(k);
                w.Int(d.CompetencyId);
                w.Text(Utf8Names<DeficitSource>.Of(d.Source));
                w.Date(d.IdentifiedOn);
                w.Text(d.Note);
            }
        }

        protected override async Task WriteAsync(Batch batch, int count, CancellationToken ct)
        {
            var ids = await ReserveIdsAsync(count, ct);
            foreach (var (table, columns, rows) in batch.Tables)
            {
                if (rows.Rows == 0) continue;
                rows.FillIds(ids);
                await using var copy = await conn.BeginRawBinaryCopyAsync($"COPY \"{table}\" ({Quote(columns)}) FROM STDIN (FORMAT BINARY)", ct);
                await copy.WriteAsync(CopyBuffer.Header, ct);
                await copy.WriteAsync(rows.Data.AsMemory(0, rows.Length), ct);
                await copy.WriteAsync(CopyBuffer.Trailer, ct);
            }
        }

        private async Task<int[]> ReserveIdsAsync(int count, CancellationToken ct)
        {
            if (_sequence is null)
            {
                await using var q = new NpgsqlCommand("SELECT pg_get_serial_sequence('\"People\"', 'Id')", conn);
                _sequence = (string?)await q.ExecuteScalarAsync(ct) ?? throw new InvalidOperationException("Не найдена последовательность идентификаторов People.");
            }
            // Values of a sequence are never handed out twice, whoever else is inserting at the same time.
            await using var cmd = new NpgsqlCommand("SELECT nextval($1::regclass) FROM generate_series(1, $2)", conn);
            cmd.Parameters.Add(new NpgsqlParameter { Value = _sequence });
            cmd.Parameters.Add(new NpgsqlParameter { Value = count });
            var ids = new int[count];
            await using var r = await cmd.ExecuteReaderAsync(ct);
            var i = 0;
            while (await r.ReadAsync(ct)) ids[i++] = checked((int)r.GetInt64(0));
            return ids;
        }
    }

    /// <summary>
    /// Rows of one table in PostgreSQL's binary COPY format (a 16-bit field count per row; per field a 32-bit length,
    /// −1 for NULL, then the value in network byte order: int4, UTF-8 text, date as days and timestamptz as
    /// microseconds since 2000-01-01, bool as one byte, uuid as 16 bytes). Person ids are written as placeholders
    /// and filled in by <see cref="FillIds"/> once the batch's ids are known.
    /// </summary>
    internal sealed class CopyBuffer
    {
        /// <summary>Signature "PGCOPY\n\377\r\n\0", flags 0, header extension length 0.</summary>
        public static readonly byte[] Header = [(byte)'P', (byte)'G', (byte)'C', (byte)'O', (byte)'P', (byte)'Y', (byte)'\n', 0xFF, (byte)'\r', (byte)'\n', 0, 0, 0, 0, 0, 0, 0, 0, 0];
        public static readonly byte[] Trailer = [0xFF, 0xFF];
        private static readonly int PgEpochDay = new DateOnly(2000, 1, 1).DayNumber;
        private static readonly long PgEpochTicks = new DateTime(2000, 1, 1, 0, 0, 0, DateTimeKind.Utc).Ticks;

        public byte[] Data = new byte[64 * 1024];
        public int Length;
        public int Rows;
        private readonly List<(int Offset, int Person)> _ids = [];

        public void Clear()
        {
            Length = 0;
            Rows = 0;
            _ids.Clear();
        }

        private void Ensure(int n)
        {
            if (Length + n > Data.Length) Array.Resize(ref Data, Math.Max(Data.Length * 2, Length + n));
        }

        private Span<byte> Take(int n)
        {
            Ensure(n);
            var span = Data.AsSpan(Length, n);
            Length += n;
            return span;
        }

        public void Row(int fields)
        {
            BinaryPrimitives.WriteInt16BigEndian(Take(2), (short)fields);
            Rows++;
        }

        public void Null() => BinaryPrimitives.WriteInt32BigEndian(Take(4), -1);

        /// <summary>The id of the batch's <paramref name="person"/>-th person, known only when the batch is written.</summary>
        public void PersonId(int person)
        {
            BinaryPrimitives.WriteInt32BigEndian(Take(4), 4);
            _ids.Add((Length, person));
            Take(4);
        }

        public void FillIds(int[] ids)
        {
            foreach (var (offset, person) in _ids) BinaryPrimitives.WriteInt32BigEndian(Data.AsSpan(offset, 4), ids[person]);
        }

        public void Int(int v)
        {
            var s = Take(8);
            BinaryPrimitives.WriteInt32BigEndian(s, 4);
            BinaryPrimitives.WriteInt32BigEndian(s[4..], v);
        }

        public void Int(int? v)
        {
            if (v is { } x) Int(x); else Null();
        }

        public void Text(string? v)
        {
            if (v is null) { Null(); return; }
            Ensure(4 + Encoding.UTF8.GetMaxByteCount(v.Length));
            var n = Encoding.UTF8.GetBytes(v, Data.AsSpan(Length + 4));
            BinaryPrimitives.WriteInt32BigEndian(Data.AsSpan(Length, 4), n);
            Length += 4 + n;
        }

        public void Text(ReadOnlySpan<byte> utf8)
        {
            BinaryPrimitives.WriteInt32BigEndian(Take(4), utf8.Length);
            utf8.CopyTo(Take(utf8.Length));
        }

        public void Date(DateOnly? v)
        {
            if (v is not { } d) { Null(); return; }
            var s = Take(8);
            BinaryPrimitives.WriteInt32BigEndian(s, 4);
            BinaryPrimitives.WriteInt32BigEndian(s[4..], d.DayNumber - PgEpochDay);
        }

        public void Bool(bool? v)
        {
            if (v is not { } b) { Null(); return; }
            var s = Take(5);
            BinaryPrimitives.WriteInt32BigEndian(s, 1);
            s[4] = b ? (byte)1 : (byte)0;
        }

        /// <summary>timestamptz: instants are UTC throughout the application.</summary>
        public void Instant(DateTime? v)
        {
            if (v is not { } t) { Null(); return; }
            var s = Take(12);
            BinaryPrimitives.WriteInt32BigEndian(s, 8);
            BinaryPrimitives.WriteInt64BigEndian(s[4..], (t.Ticks - PgEpochTicks) / TimeSpan.TicksPerMicrosecond);
        }

        public void Uuid(Guid g)
        {
            BinaryPrimitives.WriteInt32BigEndian(Take(4), 16);
            g.TryWriteBytes(Take(16), bigEndian: true, out _);
        }
    }

    // ------------------------------------------------------------------ SQLite

    /// <summary>
    /// SQLite: the transaction holds the database's write lock, so the next ids are simply counted on from the
    /// largest ever used (AUTOINCREMENT remembers it in sqlite_sequence). One prepared statement per table, bound
    /// by position and reset per row (SQLitePCL directly: Microsoft.Data.Sqlite would look every parameter up by
    /// name on every execution). A binding stays in place across resets, so a value equal to the one bound for the
    /// previous row (NULLs, the organisation, today's date, the shared strings of a column) is not bound again.
    /// Values are stored the way EF Core's SQLite provider stores them (dates as ISO text, GUIDs as upper-case
    /// text, enums by name).
    /// The page cache is raised to 128 MB for the import and put back afterwards: the register's search indexes
    /// (SearchName, SearchGivenName) take every insert at a random place, and with the default 2 MB nearly every row
    /// evicted an index page to the WAL and read it back (1,000,000 people: 31.7 s → 25.7 s; the engine alone,
    /// INSERT … SELECT, 21.2 s → 13.4 s).
    /// </summary>
    private sealed class SqliteWriter(SqliteConnection conn, SqliteTransaction tx, int batchSize) : Pipelined<List<(Person Person, Consent Consent)>>(batchSize)
    {
        private const int ImportCacheKib = 128 * 1024;
        private readonly Dictionary<string, Statement> _statements = [];
        private int? _nextId;
        private long? _cacheSize;

        protected override List<(Person Person, Consent Consent)> NewBatch() => [];
        protected override void Add(List<(Person Person, Consent Consent)> batch, int index, Person person, Consent consent) => batch.Add((person, consent));
        protected override void Clear(List<(Person Person, Consent Consent)> batch) => batch.Clear();

        protected override async Task WriteAsync(List<(Person Person, Consent Consent)> batch, int count, CancellationToken ct)
        {
            if (_nextId is null)
            {
                await using var q = conn.CreateCommand();
                q.Transaction = tx;
                q.CommandText = "SELECT max(coalesce((SELECT seq FROM sqlite_sequence WHERE name = 'People'), 0), coalesce((SELECT max(\"Id\") FROM \"People\"), 0))";
                _nextId = checked((int)(long)(await q.ExecuteScalarAsync(ct))! + 1);
                q.CommandText = "PRAGMA cache_size";
                _cacheSize = (long)(await q.ExecuteScalarAsync(ct))!;
                q.CommandText = $"PRAGMA cache_size = -{ImportCacheKib}";
                await q.ExecuteNonQueryAsync(ct);
            }
            var people = Prepare("People", PeopleColumns);
            var consents = Prepare("Consents", ConsentColumns);
            foreach (var (p, c) in batch)
            {
                ct.ThrowIfCancellationRequested();
                p.Id = _nextId.Value;
                _nextId++;
                var s = people;
                s.Int(1, p.Id); s.Int(2, p.OrganizationId); s.Int(3, p.MunicipalityId); s.Int(4, p.RegionId);
                s.Text(5, p.LastName); s.Text(6, p.FirstName); s.Text(7, p.MiddleName); s.Date(8, p.BirthDate);
                s.Text(9, p.Email); s.Text(10, p.Phone); s.Name(11, p.Kind); s.Text(12, p.ClassName); s.Text(13, p.StudyGroup);
                s.Int(14, p.PartnerOrganizationId); s.Text(15, p.AgreementNumber); s.Date(16, p.AgreementDate); s.Date(17, p.AgreementEnd);
                s.Text(18, p.Position); s.Text(19, p.Subjects); s.Int(20, p.TotalExperienceYears); s.Int(21, p.PedagogicalExperienceYears);
                if (p.Qualification is { } q) s.Name(22, q); else s.Null(22);
                s.Int(23, p.HasPedagogicalEducation is { } e ? (e ? 1 : 0) : null); s.Text(24, p.Courses);
                s.Text(25, p.GuardianName); s.Text(26, p.GuardianPhone); s.Text(27, p.GuardianEmail); s.Text(28, p.GuardianBasis);
                s.Date(29, p.EnteredOn); s.Int(30, p.IsWithdrawn ? 1 : 0); s.Instant(31, p.WithdrawnAt); s.Guid(32, p.Version);
                s.Text(33, p.SearchName); s.Text(34, p.SearchGivenName);
                s.Step();

                s = consents;
                s.Int(1, p.Id); s.Name(2, c.Kind); s.Name(3, c.GivenBy); s.Text(4, c.GuardianName); s.Text(5, c.GuardianAuthority);
                s.Text(6, c.Operator); s.Int(7, c.TextId); s.Date(8, c.SignedOn); s.Instant(9, c.RecordedAt); s.Text(10, c.RecordedBy);
                s.Step();

                if (p.Mentor is { } m)
                {
                    s = Prepare("MentorProfiles", MentorColumns);
                    s.Int(1, p.Id); s.Text(2, m.Achievements); s.Text(3, m.Interests); s.Text(4, m.PreferredMentees); s.Int(5, m.PreferredAgeFrom);
                    s.Int(6, m.PreferredAgeTo); s.Int(7, m.HoursPerMonth); s.Int(8, m.Capacity); s.Text(9, m.Training); s.Name(10, m.Status);
                    s.Date(11, m.EnteredOn);
                    s.Step();
                    foreach (var strength in m.Strengths)
                    {
                        s = Prepare("MentorStrengths", StrengthColumns);
                        s.Int(1, p.Id); s.Int(2, strength.CompetencyId);
                        s.Step();
                    }
                }
                if (p.Mentee is { } t)
                {
                    s = Prepare("MenteeProfiles", MenteeColumns);
                    s.Int(1, p.Id); s.Text(2, t.Request); s.Text(3, t.Expectations); s.Name(4, t.Status); s.Date(5, t.EnteredOn);
                    s.Step();
                }
                foreach (var cat in p.Categories)
                {
                    s = Prepare("PersonCategories", CategoryColumns);
                    s.Int(1, p.Id); s.Name(2, cat.Category);
                    s.Step();
                }
                foreach (var d in p.Deficits)
                {
                    s = Prepare("Deficits", DeficitColumns);
                    s.Int(1, p.Id); s.Int(2, d.CompetencyId); s.Name(3, d.Source); s.Date(4, d.IdentifiedOn); s.Text(5, d.Note);
                    s.Step();
                }
            }
        }

        private Statement Prepare(string table, string[] columns)
        {
            if (_statements.TryGetValue(table, out var s)) return s;
            var sql = $"INSERT INTO \"{table}\" ({Quote(columns)}) VALUES ({string.Join(", ", columns.Select((_, i) => "?" + (i + 1)))})";
            s = new Statement(conn, sql, columns.Length);
            _statements[table] = s;
            return s;
        }

        /// <summary>Disposed after the commit or rollback: the statements are finalised and the cache put back before the connection goes back to the pool.</summary>
        protected override void Release()
        {
            foreach (var s in _statements.Values) s.Dispose();
            _statements.Clear();
            if (_cacheSize is { } size && conn.State == System.Data.ConnectionState.Open)
                raw.sqlite3_exec(conn.Handle, string.Create(CultureInfo.InvariantCulture, $"PRAGMA cache_size = {size}"));
            _cacheSize = null;
        }
    }

    /// <summary>A prepared INSERT and what each of its parameters was last bound to.</summary>
    private sealed class Statement : IDisposable
    {
        private enum Bound : byte { Unknown, Null, Int, Text, Date, Instant }

        private readonly SqliteConnection _conn;
        private readonly sqlite3_stmt _stmt;
        private readonly Bound[] _bound;
        private readonly long[] _ints;
        private readonly object?[] _texts;
        private byte[] _utf8 = new byte[1024];

        public Statement(SqliteConnection conn, string sql, int parameters)
        {
            _conn = conn;
            Check(raw.sqlite3_prepare_v2(conn.Handle, sql, out _stmt));
            _bound = new Bound[parameters + 1];
            _ints = new long[parameters + 1];
            _texts = new object?[parameters + 1];
        }

        public void Step()
        {
            var rc = raw.sqlite3_step(_stmt);
            raw.sqlite3_reset(_stmt);
            if (rc != raw.SQLITE_DONE) Check(rc);
        }

        public void Null(int i)
        {
            if (_bound[i] == Bound.Null) return;
            raw.sqlite3_bind_null(_stmt, i);
            _bound[i] = Bound.Null;
        }

        public void Int(int i, int v)
        {
            if (_bound[i] == Bound.Int && _ints[i] == v) return;
            raw.sqlite3_bind_int(_stmt, i, v);
            (_bound[i], _ints[i]) = (Bound.Int, v);
        }

        public void Int(int i, int? v)
        {
            if (v is { } x) Int(i, x); else Null(i);
        }

        /// <summary>Text, skipped when it is the very string bound last time (the import shares repeated values of a column).</summary>
        public void Text(int i, string? v)
        {
            if (v is null) { Null(i); return; }
            if (_bound[i] == Bound.Text && ReferenceEquals(_texts[i], v)) return;
            var max = Encoding.UTF8.GetMaxByteCount(v.Length);
            if (_utf8.Length < max) _utf8 = new byte[Math.Max(max, _utf8.Length * 2)];
            var n = Encoding.UTF8.GetBytes(v, _utf8);
            // The span overload binds with SQLITE_TRANSIENT: SQLite copies the bytes, so the buffer is reused at once.
            raw.sqlite3_bind_text(_stmt, i, _utf8.AsSpan(0, n));
            (_bound[i], _texts[i]) = (Bound.Text, v);
        }

        public void Name<T>(int i, T value) where T : struct, Enum
        {
            var bytes = Utf8Names<T>.Of(value);
            if (_bound[i] == Bound.Text && ReferenceEquals(_texts[i], bytes)) return;
            raw.sqlite3_bind_text(_stmt, i, bytes);
            (_bound[i], _texts[i]) = (Bound.Text, bytes);
        }

        /// <summary>A date as EF stores it: yyyy-MM-dd.</summary>
        public void Date(int i, DateOnly? d)
        {
            if (d is not { } x) { Null(i); return; }
            if (_bound[i] == Bound.Date && _ints[i] == x.DayNumber) return;
            Span<byte> b = stackalloc byte[10];
            x.TryFormat(b, out var n, "yyyy-MM-dd", CultureInfo.InvariantCulture);
            raw.sqlite3_bind_text(_stmt, i, b[..n]);
            (_bound[i], _ints[i]) = (Bound.Date, x.DayNumber);
        }

        /// <summary>An instant as EF stores it: yyyy-MM-dd HH:mm:ss.FFFFFFF.</summary>
        public void Instant(int i, DateTime? t)
        {
            if (t is not { } x) { Null(i); return; }
            if (_bound[i] == Bound.Instant && _ints[i] == x.Ticks) return;
            Span<byte> b = stackalloc byte[32];
            x.TryFormat(b, out var n, "yyyy-MM-dd HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture);
            raw.sqlite3_bind_text(_stmt, i, b[..n]);
            (_bound[i], _ints[i]) = (Bound.Instant, x.Ticks);
        }

        /// <summary>A GUID as EF's SQLite provider stores it: upper-case text with hyphens.</summary>
        public void Guid(int i, Guid g)
        {
            Span<byte> b = stackalloc byte[36];
            g.TryFormat(b, out var n, "D");
            for (var k = 0; k < n; k++) if (b[k] is >= (byte)'a' and <= (byte)'f') b[k] -= 32;
            raw.sqlite3_bind_text(_stmt, i, b[..n]);
            _bound[i] = Bound.Unknown;
        }

        private void Check(int rc)
        {
            if (rc is raw.SQLITE_OK or raw.SQLITE_DONE) return;
            throw new SqliteException(raw.sqlite3_errmsg(_conn.Handle).utf8_to_string(), rc, raw.sqlite3_extended_errcode(_conn.Handle));
        }

        public void Dispose() => _stmt.Dispose();
    }
}
