using System.Data.Common;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Nastavnik.Data;
using Nastavnik.Features.Consents;
using Npgsql;
using NpgsqlTypes;

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
        ["PersonId", "Kind", "GivenBy", "GuardianName", "GuardianAuthority", "Operator", "Purpose", "DataList", "Actions", "Term", "WithdrawalProcedure", "SignedOn", "RecordedAt", "RecordedBy"];

    public static readonly string[] MentorColumns =
        ["PersonId", "Achievements", "Interests", "PreferredMentees", "PreferredAgeFrom", "PreferredAgeTo", "HoursPerMonth", "Capacity", "Training", "Status", "EnteredOn"];

    public static readonly string[] MenteeColumns = ["PersonId", "Request", "Expectations", "Status", "EnteredOn"];
    public static readonly string[] StrengthColumns = ["PersonId", "CompetencyId"];
    public static readonly string[] CategoryColumns = ["PersonId", "Category"];
    public static readonly string[] DeficitColumns = ["PersonId", "CompetencyId", "Source", "IdentifiedOn", "Note"];

    private readonly List<(Person Person, Consent Consent)> _pending = [];
    private readonly int _batchSize;

    protected PeopleBulkWriter(int batchSize) => _batchSize = batchSize;

    /// <summary>People written so far (flushed batches).</summary>
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
        if (_pending.Count >= _batchSize) await FlushAsync(ct);
    }

    public async Task FlushAsync(CancellationToken ct = default)
    {
        if (_pending.Count == 0) return;
        await WriteAsync(_pending, ct);
        Written += _pending.Count;
        _pending.Clear();
    }

    protected abstract Task WriteAsync(List<(Person Person, Consent Consent)> batch, CancellationToken ct);

    public virtual ValueTask DisposeAsync()
    {
        GC.SuppressFinalize(this);
        return ValueTask.CompletedTask;
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
            Text(w, c.Purpose);
            Text(w, c.DataList);
            Text(w, c.Actions);
            Text(w, c.Term);
            Text(w, c.WithdrawalProcedure);
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
    /// largest ever used (AUTOINCREMENT remembers it in sqlite_sequence). One prepared command per table.
    /// Values are stored the way EF Core's SQLite provider stores them (dates as ISO text, GUIDs as upper-case text).
    /// </summary>
    private sealed class SqliteWriter : PeopleBulkWriter
    {
        private readonly SqliteConnection _conn;
        private readonly SqliteTransaction _tx;
        private readonly Dictionary<string, SqliteCommand> _commands = [];
        private int? _nextId;

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
            }
            var people = Command("People", PeopleColumns);
            var consents = Command("Consents", ConsentColumns);
            foreach (var (p, c) in batch)
            {
                ct.ThrowIfCancellationRequested();
                p.Id = _nextId.Value;
                _nextId++;
                Bind(people, p.Id, p.OrganizationId, p.MunicipalityId, p.RegionId, p.LastName, p.FirstName, p.MiddleName, Date(p.BirthDate), p.Email, p.Phone, p.Kind.ToString(),
                    p.ClassName, p.StudyGroup, p.PartnerOrganizationId, p.AgreementNumber, Date(p.AgreementDate), Date(p.AgreementEnd), p.Position, p.Subjects,
                    p.TotalExperienceYears, p.PedagogicalExperienceYears, p.Qualification?.ToString(), p.HasPedagogicalEducation, p.Courses, p.GuardianName, p.GuardianPhone,
                    p.GuardianEmail, p.GuardianBasis, Date(p.EnteredOn), p.IsWithdrawn, Instant(p.WithdrawnAt), p.Version.ToString().ToUpperInvariant());
                Bind(consents, p.Id, c.Kind.ToString(), c.GivenBy.ToString(), c.GuardianName, c.GuardianAuthority, c.Operator, c.Purpose, c.DataList, c.Actions, c.Term,
                    c.WithdrawalProcedure, Date(c.SignedOn), Instant(c.RecordedAt), c.RecordedBy);
                if (p.Mentor is { } m)
                {
                    Bind(Command("MentorProfiles", MentorColumns), p.Id, m.Achievements, m.Interests, m.PreferredMentees, m.PreferredAgeFrom, m.PreferredAgeTo, m.HoursPerMonth,
                        m.Capacity, m.Training, m.Status.ToString(), Date(m.EnteredOn));
                    foreach (var s in m.Strengths) Bind(Command("MentorStrengths", StrengthColumns), p.Id, s.CompetencyId);
                }
                if (p.Mentee is { } t) Bind(Command("MenteeProfiles", MenteeColumns), p.Id, t.Request, t.Expectations, t.Status.ToString(), Date(t.EnteredOn));
                foreach (var cat in p.Categories) Bind(Command("PersonCategories", CategoryColumns), p.Id, cat.Category.ToString());
                foreach (var d in p.Deficits) Bind(Command("Deficits", DeficitColumns), p.Id, d.CompetencyId, d.Source.ToString(), Date(d.IdentifiedOn), d.Note);
            }
        }

        private SqliteCommand Command(string table, string[] columns)
        {
            if (_commands.TryGetValue(table, out var cmd)) return cmd;
            cmd = _conn.CreateCommand();
            cmd.Transaction = _tx;
            cmd.CommandText = $"INSERT INTO \"{table}\" ({Quote(columns)}) VALUES ({string.Join(", ", columns.Select((_, i) => "$p" + i))})";
            for (var i = 0; i < columns.Length; i++) cmd.Parameters.Add(new SqliteParameter("$p" + i, null));
            cmd.Prepare();
            _commands[table] = cmd;
            return cmd;
        }

        private static void Bind(SqliteCommand cmd, params object?[] values)
        {
            var ps = cmd.Parameters;
            for (var i = 0; i < values.Length; i++) ps[i].Value = values[i] ?? DBNull.Value;
            cmd.ExecuteNonQuery();
        }

        private static string? Date(DateOnly? d) => d?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        private static string? Instant(DateTime? t) => t?.ToString("yyyy-MM-dd HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture);

        public override async ValueTask DisposeAsync()
        {
            foreach (var c in _commands.Values) await c.DisposeAsync();
            _commands.Clear();
            await base.DisposeAsync();
        }
    }
}
