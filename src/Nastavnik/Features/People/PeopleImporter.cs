using System.IO.Hashing;
using System.Runtime.InteropServices;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Nastavnik.Data;
using Nastavnik.Features.Consents;
using Nastavnik.Features.Organizations;
using Nastavnik.Platform.Audit;
using Nastavnik.Platform.Auth;
using Nastavnik.Platform.Export;
using Nastavnik.Platform.Import;
using Nastavnik.Platform.Web;

namespace Nastavnik.Features.People;

/// <summary>What the user chose in the import form.</summary>
public sealed record PeopleImportOptions
{
    /// <summary>The organisation for rows without an "Организация" column or value.</summary>
    public int? OrganizationId { get; init; }
    /// <summary>The field of each column as the user set it on the page; null: detect (saved mapping first).</summary>
    public IReadOnlyList<PersonField>? Mapping { get; init; }
    /// <summary>"Согласия получены на бумаге, дата …": applies to every row without its own consent date.</summary>
    public bool PaperConsentConfirmed { get; init; }
    public DateOnly? PaperConsentDate { get; init; }
    /// <summary>"Всё или ничего": nothing is written if any row is rejected.</summary>
    public bool AllOrNothing { get; init; }
    /// <summary>The file's name as the user uploaded it, for the audit line (the stored upload is named by a random token).</summary>
    public string? DisplayName { get; init; }
    public int MaxRows { get; init; } = 1_000_000;
    /// <summary>Rows per batch written; null: the writer's default for the database (<see cref="PeopleBulkWriter.Create"/>).</summary>
    public int? BatchSize { get; init; }
}

public sealed record PeopleImportRow(int Line, string Name, string? Organization, ImportOutcome Outcome, string? Reason);

public sealed class PeopleImportResult
{
    public const int ShownRejects = 1000;
    public const int ShownOthers = 100;

    public required IReadOnlyList<string> Headers { get; init; }
    public required PersonField[] Mapping { get; init; }
    /// <summary>Problems with the mapping itself (no name columns…): no row was analysed.</summary>
    public List<string> MappingProblems { get; } = [];
    public int Created { get; set; }
    public int Updated { get; set; }
    public int Unchanged { get; set; }
    public int Rejected { get; set; }
    /// <summary>The first <see cref="ShownRejects"/> rejected rows; all of them are in the XLSX report.</summary>
    public List<PeopleImportRow> Rejects { get; } = [];
    /// <summary>The first rows that will be created, updated or left as they are.</summary>
    public List<PeopleImportRow> Sample { get; } = [];
    /// <summary>True when the apply wrote (and committed) its rows.</summary>
    public bool Written { get; set; }

    /// <summary>Rows by organisation (0: rows whose organisation could not be told) and outcome, for one audit line per organisation.</summary>
    internal Dictionary<int, int[]> ByOrganization { get; } = [];
    /// <summary>The organisation of rows that name none (chosen in the form, or the user's only one).</summary>
    internal int? FallbackOrganizationId { get; set; }

    internal void Tally(int? organizationId, ImportOutcome outcome)
    {
        ref var counts = ref CollectionsMarshal.GetValueRefOrAddDefault(ByOrganization, organizationId ?? 0, out _);
        counts ??= new int[4];
        counts[outcome switch { ImportOutcome.Create => 0, ImportOutcome.Update => 1, ImportOutcome.Unchanged => 2, _ => 3 }]++;
    }

    public int Count(ImportOutcome o) => o switch
    {
        ImportOutcome.Create => Created,
        ImportOutcome.Update => Updated,
        ImportOutcome.Unchanged => Unchanged,
        _ => Rejected,
    };
}

/// <summary>
/// Import of people from XLSX or CSV: parse (streaming), check every row with the same rules as the form
/// (<see cref="PersonRules"/> and the DataAnnotations of <see cref="PersonInput"/>), match it with who is already in the
/// register by the natural key (organisation + ФИО + дата рождения, docs/import.md), and write: new people through
/// <see cref="PeopleBulkWriter"/> in batches, changes to existing ones through EF in batches. A dry run does everything
/// but write. Apply is one transaction: in "all or nothing" mode a single rejected row rolls everything back.
/// Memory does not grow with the file beyond a 16-byte hash per accepted row (the in-file duplicate check).
/// </summary>
public sealed class PeopleImporter(AppDbContext db, AuditLog audit, TimeProvider clock, IHttpContextAccessor http)
{
    private const int UpdateBatch = 500;

    public DateOnly Today => DateOnly.FromDateTime(clock.GetLocalNow().DateTime);

    public Task<PeopleImportResult> AnalyzeAsync(Stream file, string fileName, PeopleImportOptions options, CancellationToken ct = default) =>
        RunAsync(file, fileName, options, apply: false, onReject: null, ct);

    /// <summary>Analyses and writes in one pass and one transaction. Result.Written is false if nothing was written (all or nothing with rejects).</summary>
    public Task<PeopleImportResult> ApplyAsync(Stream file, string fileName, PeopleImportOptions options, CancellationToken ct = default) =>
        RunAsync(file, fileName, options, apply: true, onReject: null, ct);

    /// <summary>The rejected rows as XLSX: the file's own columns plus «Причина», so they can be fixed and loaded again.</summary>
    public async Task WriteRejectedXlsxAsync(Stream file, string fileName, PeopleImportOptions options, Stream output, CancellationToken ct = default)
    {
        // Rejected rows go to a temporary file as they are found, so a file full of errors does not fill memory.
        var spool = Path.Combine(Path.GetTempPath(), "nastavnik-rejects-" + Guid.NewGuid().ToString("N") + ".txt");
        try
        {
            IReadOnlyList<string> headers;
            PeopleImportResult result;
            await using (var writer = new StreamWriter(spool, false, new UTF8Encoding(false)))
            {
                result = await RunAsync(file, fileName, options, apply: false, (row, reason) =>
                {
                    foreach (var cell in row.Cells) writer.Write(Escape(cell) + "\u001f");
                    writer.Write(Escape($"Строка {row.Line}: {reason}"));
                    writer.Write('\n');
                }, ct);
                headers = result.Headers;
            }
            var width = headers.Count;
            IEnumerable<IReadOnlyList<string?>> Rows()
            {
                using var reader = new StreamReader(spool, Encoding.UTF8);
                while (reader.ReadLine() is { } line)
                {
                    var parts = line.Split('\u001f').Select(Unescape).ToList();
                    var reason = parts[^1];
                    var cells = parts.Take(parts.Count - 1).Take(width).ToList();
                    while (cells.Count < width) cells.Add("");
                    cells.Add(reason);
                    yield return cells;
                }
            }
            var header = headers.Select((h, i) => h.Trim().Length > 0 ? h : $"Столбец {i + 1}").Append("Причина").ToList();
            TableExport.WriteXlsx(output, "Отклонённые строки", header, Rows());
            // The rejected rows are personal data leaving the system: logged like an export, per organisation.
            var rejectedOnly = new PeopleImportResult { Headers = headers, Mapping = result.Mapping, FallbackOrganizationId = result.FallbackOrganizationId };
            foreach (var (id, counts) in result.ByOrganization.Where(kv => kv.Value[3] > 0)) rejectedOnly.ByOrganization[id] = counts;
            AuditPerOrganization(AuditActions.Export, rejectedOnly, (counts, total) =>
                $"отклонённые строки импорта файла «{AuditFileName(options.DisplayName ?? fileName)}»{(total ? "" : " этой организации")}: {counts[3]}");
            await db.SaveChangesAsync(ct);
        }
        finally
        {
            File.Delete(spool);
        }
    }

    private static string Escape(string s) => s.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal)
        .Replace("\r", "\\r", StringComparison.Ordinal).Replace("\u001f", " ", StringComparison.Ordinal);

    private static string Unescape(string s)
    {
        if (!s.Contains('\\', StringComparison.Ordinal)) return s;
        var sb = new StringBuilder(s.Length);
        for (var i = 0; i < s.Length; i++)
        {
            if (s[i] == '\\' && i + 1 < s.Length)
            {
                i++;
                sb.Append(s[i] switch { 'n' => '\n', 'r' => '\r', _ => s[i] });
            }
            else sb.Append(s[i]);
        }
        return sb.ToString();
    }

    public async Task<Dictionary<string, PersonField>> LoadSavedMappingAsync(string? userId, int? organizationId, CancellationToken ct = default)
    {
        if (userId is null) return [];
        var saved = await db.ImportMappings.AsNoTracking()
            .Where(m => m.UserId == userId && m.Kind == PeopleImportMapping.Kind && m.OrganizationId == organizationId)
            .OrderByDescending(m => m.Id).Select(m => m.Columns).FirstOrDefaultAsync(ct);
        return PeopleImportMapping.Deserialize(saved);
    }

    public async Task SaveMappingAsync(string? userId, int? organizationId, IReadOnlyList<string> headers, IReadOnlyList<PersonField> mapping, CancellationToken ct = default)
    {
        if (userId is null) return;
        var columns = PeopleImportMapping.Serialize(headers, mapping);
        var row = await db.ImportMappings.Where(m => m.UserId == userId && m.Kind == PeopleImportMapping.Kind && m.OrganizationId == organizationId).FirstOrDefaultAsync(ct);
        if (row is null)
        {
            db.ImportMappings.Add(new ImportMapping
            {
                UserId = userId, OrganizationId = organizationId, Kind = PeopleImportMapping.Kind, Columns = columns, UpdatedAt = clock.GetUtcNow().UtcDateTime,
            });
        }
        else
        {
            row.Columns = columns;
            row.UpdatedAt = clock.GetUtcNow().UtcDateTime;
        }
        await db.SaveChangesAsync(ct);
    }

    /// <summary>Organisations this user may add people to (not archived, not partners), by name.</summary>
    public async Task<List<Organization>> WritableOrganizationsAsync(CancellationToken ct = default)
    {
        var writable = db.Scope.For(Permissions.PeopleWrite);
        return (await db.Organizations.AsNoTracking().Where(o => !o.IsArchived && o.Kind != OrganizationKind.Partner).OrderBy(o => o.Name).ToListAsync(ct))
            .Where(o => writable.CoversOrganization(o.RegionId, o.MunicipalityId, o.Id)).ToList();
    }

    private async Task<PeopleImportResult> RunAsync(Stream file, string fileName, PeopleImportOptions o, bool apply, Action<TabularRow, string>? onReject, CancellationToken ct)
    {
        using var rows = TabularFile.Read(file, fileName, o.MaxRows).GetEnumerator();
        if (!rows.MoveNext()) throw new ImportFileException("Файл пуст.");
        var headers = rows.Current.Cells.ToList();
        var userId = http.HttpContext?.User.UserId();
        var mapping = o.Mapping is { } m && m.Count == headers.Count
            ? [.. m]
            : PeopleImportMapping.Detect(headers, await LoadSavedMappingAsync(userId, o.OrganizationId, ct));
        var result = new PeopleImportResult { Headers = headers, Mapping = mapping };
        result.MappingProblems.AddRange(PeopleImportMapping.Problems(headers, mapping));
        var ctx = await LoadContextAsync(o, mapping, ct);
        result.FallbackOrganizationId = ctx.DefaultOrganization?.Id;
        if (ctx.Problem is { } p) result.MappingProblems.Add(p);
        if (result.MappingProblems.Count > 0) return result;

        var wording = ConsentTexts.For(ConsentKind.PersonalData);
        var run = new Run(db, ctx, result, apply, o, onReject);
        if (!apply)
        {
            // A dry run stores nothing, not even a wording the database does not have yet.
            run.ConsentText = new ConsentText
            {
                Kind = ConsentKind.PersonalData, Purpose = wording.Purpose, DataList = wording.DataList, Actions = wording.Actions, Term = wording.Term,
                WithdrawalProcedure = wording.WithdrawalProcedure,
            };
            await run.ProcessAsync(rows, ct);
            return result;
        }

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        // Every consent of the file is signed on the default form: its wording is stored once, the consents point at it.
        run.ConsentText = await ConsentTexts.ResolveAsync(db, ConsentKind.PersonalData, wording, ct);
        if (run.ConsentText.Id == 0) await db.SaveChangesAsync(ct);
        // Disposed before the transaction (reverse order): no write is left running on the connection when it commits or rolls back.
        await using var writer = PeopleBulkWriter.Create(db, o.BatchSize);
        run.Writer = writer;
        await run.ProcessAsync(rows, ct);
        if (o.AllOrNothing && result.Rejected > 0)
        {
            // The counts stay: they say what would have been written had the file been clean.
            await tx.RollbackAsync(ct);
            return result;
        }
        // The bulk writer goes around EF's change tracking: the dashboards' change counters are moved here, in the
        // import's transaction, for every municipality the file could have written into.
        await Indicators.IndicatorStamps.BumpAsync(db, ctx.OrganizationsByName.Values.SelectMany(x => x).Append(ctx.DefaultOrganization).OfType<Organization>()
            .Select(x => (x.RegionId, x.MunicipalityId)).Distinct(), ct);
        AuditPerOrganization(AuditActions.Import, result, (counts, total) => total
            ? $"файл «{AuditFileName(o.DisplayName ?? fileName)}»: создано {counts[0]}, обновлено {counts[1]}, без изменений {counts[2]}, отклонено {counts[3]}"
            : $"файл «{AuditFileName(o.DisplayName ?? fileName)}», строки этой организации: создано {counts[0]}, обновлено {counts[1]}, без изменений {counts[2]}, отклонено {counts[3]}");
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        db.ChangeTracker.Clear();
        result.Written = true;
        return result;
    }

    /// <summary>
    /// One audit line per organisation whose rows the file held, as the register export writes them: a coordinator's
    /// access log shows only lines of their organisations, and a file with an «Организация» column spans several. Rows
    /// whose organisation could not be told go to the organisation chosen in the form (or the user's only one);
    /// with none, to a line without an organisation (the administrator's log).
    /// </summary>
    private void AuditPerOrganization(string action, PeopleImportResult result, Func<int[], bool, string> details)
    {
        var lines = new Dictionary<int, int[]>();
        foreach (var (id, counts) in result.ByOrganization)
        {
            var key = id != 0 ? id : result.FallbackOrganizationId ?? 0;
            if (!lines.TryGetValue(key, out var sum)) lines[key] = sum = new int[4];
            for (var i = 0; i < 4; i++) sum[i] += counts[i];
        }
        if (lines.Count == 0) lines[result.FallbackOrganizationId ?? 0] = new int[4];
        foreach (var (id, counts) in lines)
            audit.Add(action, "person", null, details(counts, lines.Count == 1), id == 0 ? null : id);
    }

    /// <summary>The name without any path, at most 200 characters: an audit line, not a place for a whole upload's name.</summary>
    internal static string AuditFileName(string name)
    {
        var n = Path.GetFileName(name.Replace('\\', '/')).Trim();
        return n.Length <= 200 ? n : n[..199] + "…";
    }

    /// <summary>Everything a row is checked against, loaded once per import.</summary>
    private sealed class Context
    {
        public required DateOnly Today { get; init; }
        public required DateTime Now { get; init; }
        public required string? UserName { get; init; }
        public required Organization? DefaultOrganization { get; init; }
        public required Dictionary<string, List<Organization>> OrganizationsByName { get; init; }
        public required Dictionary<string, int> PartnersByName { get; init; }
        public required Dictionary<string, int> CompetenciesByName { get; init; }
        public required Dictionary<int, bool> Sensitive { get; init; }
        public required int[] Column { get; init; }
        public string? Problem { get; init; }
    }

    private async Task<Context> LoadContextAsync(PeopleImportOptions o, PersonField[] mapping, CancellationToken ct)
    {
        var orgs = await WritableOrganizationsAsync(ct);
        string? problem = null;
        Organization? defaultOrg = null;
        if (o.OrganizationId is { } id)
        {
            defaultOrg = orgs.FirstOrDefault(x => x.Id == id);
            if (defaultOrg is null) problem = "Выберите организацию из списка.";
        }
        // A school curator has one organisation: nothing to choose, and a file without an «Организация» column is theirs.
        else if (orgs.Count == 1) defaultOrg = orgs[0];
        var column = Enumerable.Repeat(-1, Enum.GetValues<PersonField>().Length).ToArray();
        for (var i = 0; i < mapping.Length; i++)
            if (mapping[i] != PersonField.None) column[(int)mapping[i]] = i;
        if (problem is null && defaultOrg is null && column[(int)PersonField.Organization] < 0)
            problem = "В файле нет столбца «Организация»: выберите организацию в форме.";
        var byName = new Dictionary<string, List<Organization>>(StringComparer.Ordinal);
        foreach (var org in orgs)
        {
            foreach (var name in new[] { org.Name, org.ShortName }.Where(n => !string.IsNullOrWhiteSpace(n)).Select(n => OrgKey(n!)).Distinct())
            {
                if (!byName.TryGetValue(name, out var list)) byName[name] = list = [];
                list.Add(org);
            }
        }
        var partners = await db.Organizations.AsNoTracking().Where(x => !x.IsArchived && x.Kind == OrganizationKind.Partner).Select(x => new { x.Id, x.Name, x.ShortName }).ToListAsync(ct);
        var competencies = await db.Competencies.AsNoTracking().Where(c => !c.IsArchived).Select(c => new { c.Id, c.Name }).ToListAsync(ct);
        var now = clock.GetUtcNow().UtcDateTime;
        return new Context
        {
            Today = Today, Now = now, UserName = http.HttpContext?.User.Identity?.Name, DefaultOrganization = defaultOrg, OrganizationsByName = byName,
            PartnersByName = partners.SelectMany(x => new[] { (x.Id, Name: x.Name), (x.Id, Name: x.ShortName ?? x.Name) }).GroupBy(x => OrgKey(x.Name)).ToDictionary(g => g.Key, g => g.First().Id),
            CompetenciesByName = competencies.GroupBy(c => PeopleImportMapping.Normalize(c.Name)).ToDictionary(g => g.Key, g => g.First().Id),
            Sensitive = orgs.ToDictionary(x => x.Id, x => PersonVisibility.CanSeeSensitive(db.Scope, x.RegionId, x.MunicipalityId, x.Id)),
            Column = column, Problem = problem,
        };
    }

    /// <summary>Organisation names compare without case, quotes and doubled spaces: «СОШ № 1» and "СОШ №1" are often the same school typed twice.</summary>
    internal static string OrgKey(string name)
    {
        var sb = new StringBuilder(name.Length);
        foreach (var ch in PeopleImportMapping.Normalize(name))
            if (ch is not ('«' or '»' or '"' or '“' or '”' or '„' or '\'' or ' ')) sb.Append(ch);
        return sb.ToString();
    }

    /// <summary>What one row of the file says; null where the file says nothing (then an update keeps the stored value).</summary>
    private sealed class ParsedRow
    {
        public string LastName = "", FirstName = "";
        public string? MiddleName;
        public DateOnly? BirthDate;
        public Organization? Organization;
        public PersonKind? Kind;
        public string? ClassName, StudyGroup, Position, Subjects, Phone, Email, Request, GuardianName, GuardianBasis, GuardianPhone;
        public int? TotalExperience, PedagogicalExperience, PartnerId, HoursPerMonth, Capacity;
        public bool Mentor, Mentee;
        public List<int>? Competencies;
        public List<MenteeCategory>? Categories;
        public DateOnly? ConsentDate;
        public ConsentGiver? Giver;
    }

    private readonly record struct ExistingPerson(int Id, int Dob, DateOnly? WithdrawnOn);
    private readonly record struct Seen(int Line, int Dob);
    private sealed record Candidate(int Line, int PersonId, ParsedRow Row, string Name, TabularRow Source);

    /// <summary>People already in one organisation, by a hash of their normalised ФИО (namesakes share a key).</summary>
    private sealed class OrgPeople
    {
        public readonly Dictionary<UInt128, ExistingPerson> First = [];
        public readonly Dictionary<UInt128, List<ExistingPerson>> More = [];
        private static readonly List<ExistingPerson> None = [];

        public void Add(UInt128 key, ExistingPerson p)
        {
            if (First.TryAdd(key, p)) return;
            if (!More.TryGetValue(key, out var list)) More[key] = list = [];
            list.Add(p);
        }

        public List<ExistingPerson> Get(UInt128 key)
        {
            if (!First.TryGetValue(key, out var p)) return None;
            var list = new List<ExistingPerson> { p };
            if (More.TryGetValue(key, out var more)) list.AddRange(more);
            return list;
        }
    }

    /// <summary>One pass over the rows of one import.</summary>
    private sealed class Run(AppDbContext db, Context ctx, PeopleImportResult result, bool apply, PeopleImportOptions options, Action<TabularRow, string>? onReject)
    {
        private readonly AppDbContext _db = db;
        private readonly Dictionary<int, OrgPeople> _existing = [];
        private readonly Dictionary<UInt128, Seen> _seen = [];
        private readonly HashSet<(UInt128, int)> _seenMore = [];
        private readonly List<Candidate> _candidates = [];
        private readonly List<(string Property, string Message)> _attributeErrors = [];
        // Reused for every row: a million rows should not mean a million of each.
        private readonly List<string> _reasons = [], _errors = [];
        private readonly List<PersonRegistration.Error> _ruleErrors = [];
        private readonly Dictionary<int, string> _operators = [];
        // What the few distinct words of a column mean, worked out once (each costs a normalised copy of the text).
        private readonly Dictionary<string, PersonKind?> _kinds = new(StringComparer.Ordinal);
        private readonly Dictionary<string, (bool Ok, bool Mentor, bool Mentee)> _bankRoles = new(StringComparer.Ordinal);
        private readonly Dictionary<string, ConsentGiver?> _givers = new(StringComparer.Ordinal);
        private static readonly string[] SkipConfirmed = [nameof(ConsentInput.Confirmed)];
        public PeopleBulkWriter? Writer { get; set; }
        /// <summary>The wording of the consents this import records (the default personal-data form).</summary>
        public ConsentText ConsentText { get; set; } = null!;

        /// <summary>Whether rows are still being written: in all-or-nothing mode the first reject stops the writing (the transaction is rolled back anyway).</summary>
        private bool Writing => apply && !(options.AllOrNothing && result.Rejected > 0);

        public async Task ProcessAsync(IEnumerator<TabularRow> rows, CancellationToken ct)
        {
            while (rows.MoveNext())
            {
                ct.ThrowIfCancellationRequested();
                await ProcessRowAsync(rows.Current, ct);
            }
            await FlushCandidatesAsync(ct);
            if (Writer is not null && Writing) await Writer.FlushAsync(ct);
        }

        private string Cell(TabularRow row, PersonField f)
        {
            var i = ctx.Column[(int)f];
            if (i < 0 || i >= row.Cells.Count) return "";
            var s = row.Cells[i].Trim();
            // Our own exports put an apostrophe before values a spreadsheet would run as a formula (+7…, =…); take it off again.
            return s.Length > 1 && s[0] == '\'' && s[1] is '=' or '+' or '-' or '@' ? s[1..] : s;
        }

        private void Reject(TabularRow row, string name, Organization? org, string reason)
        {
            result.Rejected++;
            result.Tally(org?.Id, ImportOutcome.Reject);
            if (result.Rejects.Count < PeopleImportResult.ShownRejects)
                result.Rejects.Add(new PeopleImportRow(row.Line, name, org?.ShortName ?? org?.Name, ImportOutcome.Reject, reason));
            onReject?.Invoke(row, reason);
        }

        private void Accept(int line, string name, Organization org, ImportOutcome outcome, string? note = null)
        {
            result.Tally(org.Id, outcome);
            var orgName = org.ShortName ?? org.Name;
            switch (outcome)
            {
                case ImportOutcome.Create: result.Created++; break;
                case ImportOutcome.Update: result.Updated++; break;
                default: result.Unchanged++; break;
            }
            if (result.Sample.Count < PeopleImportResult.ShownOthers) result.Sample.Add(new PeopleImportRow(line, name, orgName, outcome, note));
        }

        public const string NoName = "(без ФИО)";

        /// <summary>How a row is named in the report: its ФИО, or «(без ФИО)».</summary>
        private static string RowName(ParsedRow r)
        {
            var name = string.Join(' ', new[] { r.LastName, r.FirstName, r.MiddleName }.Where(s => !string.IsNullOrEmpty(s)));
            // Not the first cells instead: «10.10.2011 МБОУ…» in the ФИО column reads as a name. The line number says which row it is.
            if (name.Length == 0) return NoName;
            return name.Length > 120 ? name[..120] + "…" : name;
        }

        private async Task ProcessRowAsync(TabularRow row, CancellationToken ct)
        {
            var reasons = _reasons;
            reasons.Clear();
            var r = Parse(row, reasons);
            if (reasons.Count > 0) { Reject(row, RowName(r), r.Organization, string.Join(" ", reasons)); return; }
            var org = r.Organization!;

            // The natural key: organisation + ФИО (+ date of birth). Names compare without case, ё = е.
            var fio = FioKey(org.Id, r.LastName, r.FirstName, r.MiddleName);
            var dob = r.BirthDate?.DayNumber ?? -1;
            var known = _seen.TryGetValue(fio, out var seen);
            if (known && (seen.Dob == dob || seen.Dob < 0 || dob < 0 || _seenMore.Contains((fio, dob))))
            {
                Reject(row, RowName(r), r.Organization, dob < 0 || seen.Dob < 0 ? $"Повторяет строку {seen.Line}: те же ФИО в той же организации, а без даты рождения их не различить."
                    : seen.Dob == dob ? $"Повторяет строку {seen.Line} (те же ФИО и дата рождения)." : "Повторяет одну из строк выше (те же ФИО и дата рождения).");
                return;
            }

            var existing = (_existing.TryGetValue(org.Id, out var loaded) ? loaded : await ExistingAsync(org.Id, ct)).Get(fio);
            ExistingPerson? match = null;
            if (existing.Count > 0)
            {
                var active = existing.Where(e => e.WithdrawnOn is null).ToList();
                var exact = active.Where(e => e.Dob == dob).ToList();
                // Without a date of birth on one side, the ФИО alone decides, if it is unambiguous.
                var byName = dob >= 0 ? active.Where(e => e.Dob < 0).ToList() : active;
                if (exact.Count == 1) match = exact[0];
                else if (exact.Count > 1)
                {
                    Reject(row, RowName(r), r.Organization, "В реестре организации несколько участников с такими ФИО и датой рождения: исправьте реестр вручную.");
                    return;
                }
                else if (byName.Count == 1) match = byName[0];
                else if (byName.Count > 1)
                {
                    Reject(row, RowName(r), r.Organization, "В реестре организации несколько участников с такими ФИО: укажите дату рождения, чтобы понять, о ком строка.");
                    return;
                }
                if (match is null && existing.FirstOrDefault(e => e.WithdrawnOn is not null && (e.Dob == dob || dob < 0 || e.Dob < 0)) is { WithdrawnOn: { } w })
                {
                    var signedOn = r.ConsentDate ?? (options.PaperConsentConfirmed ? options.PaperConsentDate : null);
                    if (signedOn is null || signedOn <= w)
                    {
                        Reject(row, RowName(r), r.Organization, $"Участник отозвал согласие на обработку персональных данных {Formats.Date(w)}: внести его снова можно только с новым согласием, подписанным позже.");
                        return;
                    }
                }
            }

            if (match is { } m)
            {
                Remember(known, fio, dob, row.Line);
                _candidates.Add(new Candidate(row.Line, m.Id, r, RowName(r), row));
                if (_candidates.Count >= UpdateBatch) await FlushCandidatesAsync(ct);
                return;
            }

            var (person, consent, errors) = NewPerson(r, org);
            if (errors.Count > 0)
            {
                Reject(row, RowName(r), r.Organization, string.Join(" ", errors));
                return;
            }
            Remember(known, fio, dob, row.Line);
            Accept(row.Line, result.Sample.Count < PeopleImportResult.ShownOthers ? RowName(r) : "", org, ImportOutcome.Create);
            if (Writer is not null && Writing) await Writer.AddAsync(person!, consent!, ct);
        }

        private void Remember(bool known, UInt128 fio, int dob, int line)
        {
            if (!known) _seen[fio] = new Seen(line, dob);
            else _seenMore.Add((fio, dob));
        }

        private ParsedRow Parse(TabularRow row, List<string> reasons)
        {
            var r = new ParsedRow();
            if (ctx.Column[(int)PersonField.FullName] >= 0)
            {
                var parts = Cell(row, PersonField.FullName).Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
                if (parts.Length >= 1) r.LastName = parts[0];
                if (parts.Length >= 2) r.FirstName = parts[1];
                // "Мамедов Рашид Алиевич", and "Алиев Рашид Мамед оглы" keeps "Мамед оглы" as the patronymic.
                if (parts.Length >= 3) r.MiddleName = string.Join(' ', parts[2..]);
            }
            else
            {
                r.LastName = Cell(row, PersonField.LastName);
                r.FirstName = Cell(row, PersonField.FirstName);
                r.MiddleName = Nullable(Cell(row, PersonField.MiddleName));
            }
            // Say exactly what is missing: the user fixes that cell, not the whole row.
            if (r.LastName.Length == 0 && r.FirstName.Length == 0) reasons.Add(ctx.Column[(int)PersonField.FullName] >= 0 ? "Не указаны ФИО." : "Не указаны фамилия и имя.");
            else if (r.LastName.Length == 0) reasons.Add("Не указана фамилия.");
            else if (r.FirstName.Length == 0) reasons.Add(ctx.Column[(int)PersonField.FullName] >= 0 ? "В ФИО нет имени: укажите фамилию и имя через пробел." : "Не указано имя.");

            var text = Cell(row, PersonField.BirthDate);
            if (text.Length > 0)
            {
                if (PeopleImportValues.TryDate(text, out var d)) r.BirthDate = d;
                else reasons.Add($"Дата рождения «{Short(text)}» не распознана: ожидается ДД.ММ.ГГГГ.");
            }

            text = Cell(row, PersonField.Organization);
            if (text.Length > 0)
            {
                if (!ctx.OrganizationsByName.TryGetValue(OrgKey(text), out var found))
                    reasons.Add($"Организация «{Short(text)}» не найдена среди организаций, в которые вы можете вносить участников.");
                else if (found.Count > 1) reasons.Add($"Организаций с названием «{Short(text)}» несколько: выберите организацию в форме или уточните название.");
                else r.Organization = found[0];
            }
            else if (ctx.DefaultOrganization is { } def) r.Organization = def;
            else reasons.Add("Не указана организация.");

            text = Cell(row, PersonField.Kind);
            if (text.Length > 0)
            {
                r.Kind = Memo(_kinds, text, static t => PeopleImportValues.Kind(PeopleImportMapping.Normalize(t)));
                if (r.Kind is null) reasons.Add($"Непонятно, кто это: «{Short(text)}». Допустимо: педагог, обучающийся, студент, внешний специалист.");
            }

            r.ClassName = Nullable(Cell(row, PersonField.ClassName));
            r.StudyGroup = Nullable(Cell(row, PersonField.StudyGroup));
            r.Position = Nullable(Cell(row, PersonField.Position));
            r.Subjects = Nullable(Cell(row, PersonField.Subjects));
            r.Phone = Nullable(Cell(row, PersonField.Phone));
            r.Email = Nullable(Cell(row, PersonField.Email));
            r.Request = Nullable(Cell(row, PersonField.Request));
            r.GuardianName = Nullable(Cell(row, PersonField.GuardianName));
            r.GuardianBasis = Nullable(Cell(row, PersonField.GuardianBasis));
            r.GuardianPhone = Nullable(Cell(row, PersonField.GuardianPhone));

            text = Cell(row, PersonField.TotalExperience);
            if (text.Length > 0)
            {
                if (PeopleImportValues.TryYears(text, out var y)) r.TotalExperience = y;
                else reasons.Add($"Стаж «{Short(text)}» — не целое число лет.");
            }
            text = Cell(row, PersonField.PedagogicalExperience);
            if (text.Length > 0)
            {
                if (PeopleImportValues.TryYears(text, out var y)) r.PedagogicalExperience = y;
                else reasons.Add($"Педагогический стаж «{Short(text)}» — не целое число лет.");
            }

            text = Cell(row, PersonField.HoursPerMonth);
            if (text.Length > 0)
            {
                if (PeopleImportValues.TryCount(text, out var h)) r.HoursPerMonth = h;
                else reasons.Add($"Ресурс времени «{Short(text)}» — не целое число часов в месяц.");
            }
            text = Cell(row, PersonField.Capacity);
            if (text.Length > 0)
            {
                if (PeopleImportValues.TryCount(text, out var c)) r.Capacity = c;
                else reasons.Add($"Число наставляемых «{Short(text)}» — не целое число.");
            }

            text = Cell(row, PersonField.BankRole);
            if (text.Length > 0)
            {
                var (ok, mentor, mentee) = Memo(_bankRoles, text, static t => (PeopleImportValues.TryBankRole(PeopleImportMapping.Normalize(t), out var a, out var b), a, b));
                (r.Mentor, r.Mentee) = (mentor, mentee);
                if (!ok) reasons.Add($"Роль в банке «{Short(text)}» не распознана: укажите «наставник», «наставляемый» или оба через запятую.");
            }

            text = Cell(row, PersonField.Competencies);
            if (text.Length > 0)
            {
                r.Competencies = [];
                foreach (var n in PeopleImportValues.SplitNames(text, s => ctx.CompetenciesByName.ContainsKey(PeopleImportMapping.Normalize(s))))
                {
                    if (ctx.CompetenciesByName.TryGetValue(PeopleImportMapping.Normalize(n), out var cid)) { if (!r.Competencies.Contains(cid)) r.Competencies.Add(cid); }
                    else reasons.Add($"Компетенции «{Short(n)}» нет в каталоге.");
                }
            }

            text = Cell(row, PersonField.Categories);
            if (text.Length > 0)
            {
                r.Categories = [];
                foreach (var n in text.Split([';', ',', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                {
                    if (PeopleImportValues.Category(PeopleImportMapping.Normalize(n)) is { } c) { if (!r.Categories.Contains(c)) r.Categories.Add(c); }
                    else reasons.Add($"Категория «{Short(n)}» не распознана.");
                }
            }

            text = Cell(row, PersonField.Partner);
            if (text.Length > 0)
            {
                if (ctx.PartnersByName.TryGetValue(OrgKey(text), out var pid)) r.PartnerId = pid;
                else reasons.Add($"Организация-партнёр «{Short(text)}» не найдена.");
            }

            text = Cell(row, PersonField.ConsentDate);
            if (text.Length > 0)
            {
                if (PeopleImportValues.TryDate(text, out var d)) r.ConsentDate = d;
                else reasons.Add($"Дата согласия «{Short(text)}» не распознана: ожидается ДД.ММ.ГГГГ.");
            }
            text = Cell(row, PersonField.ConsentGiver);
            if (text.Length > 0)
            {
                r.Giver = Memo(_givers, text, static t => PeopleImportValues.Giver(PeopleImportMapping.Normalize(t)));
                if (r.Giver is null) reasons.Add($"«{Short(text)}» в столбце «Согласие дал» не распознано: укажите «сам» или «законный представитель».");
            }
            return r;
        }

        private static string? Nullable(string s) => s.Length == 0 ? null : s;

        /// <summary>The meaning of a cell's text, remembered for the next row with the same text (a bounded few hundred).</summary>
        private static T Memo<T>(Dictionary<string, T> memo, string text, Func<string, T> read)
        {
            if (memo.TryGetValue(text, out var value)) return value;
            value = read(text);
            if (memo.Count < 512) memo[text] = value;
            return value;
        }

        private static string Short(string s) => s.Length > 60 ? s[..60] + "…" : s;

        /// <summary>
        /// A new person exactly as the form would create it: DataAnnotations of the inputs, <see cref="PersonRules"/>,
        /// then the entity and its consent built by the same code as <see cref="PersonRegistration"/>.
        /// </summary>
        private (Person? Person, Consent? Consent, List<string> Errors) NewPerson(ParsedRow r, Organization org)
        {
            var errors = _errors;
            errors.Clear();
            var kind = r.Kind ?? (r.ClassName is not null ? PersonKind.Pupil : r.Position is not null ? PersonKind.Teacher : (PersonKind?)null);
            if (kind is null)
            {
                errors.Add("Укажите, кто это: педагог, обучающийся, студент или внешний специалист (или заполните класс либо должность).");
                return (null, null, errors);
            }
            var signedOn = r.ConsentDate ?? (options.PaperConsentConfirmed ? options.PaperConsentDate : null);
            if (signedOn is null)
            {
                errors.Add("Нет согласия на обработку персональных данных: в строке нет даты согласия, и в форме не подтверждено, что согласия получены на бумаге.");
                return (null, null, errors);
            }
            var input = new PersonInput { OrganizationId = org.Id, Kind = kind };
            Overlay(input, r, creating: true);
            var consent = new ConsentInput
            {
                SignedOn = signedOn, Confirmed = true, GuardianName = r.GuardianName, GuardianAuthority = r.GuardianBasis,
                GivenBy = r.Giver ?? (r.GuardianName is not null ? ConsentGiver.Guardian : ConsentGiver.Subject),
            };
            _attributeErrors.Clear();
            AttributeRules<PersonInput>.Instance.Check(input, _attributeErrors);
            AttributeRules<ConsentInput>.Instance.Check(consent, _attributeErrors, SkipConfirmed);
            foreach (var e in _attributeErrors) errors.Add(e.Message);
            var sensitive = ctx.Sensitive.GetValueOrDefault(org.Id);
            var person = new Person
            {
                LastName = "", FirstName = "", OrganizationId = org.Id, MunicipalityId = org.MunicipalityId, RegionId = org.RegionId, EnteredOn = ctx.Today,
                BirthDate = input.BirthDate,
            };
            _ruleErrors.Clear();
            PersonRules.Check(input, ctx.Today, sensitive, partnerKnown: true, strengthsKnown: true, _ruleErrors);
            PersonRules.CheckConsent(person.IsMinorOn(ctx.Today), consent, ctx.Today, _ruleErrors);
            foreach (var e in _ruleErrors) errors.Add(e.Message);
            if (errors.Count > 0) return (null, null, errors);
            PersonRules.Apply(person, input, sensitive, ctx.Today);
            AddDeficits(person, r, []);
            if (!_operators.TryGetValue(org.Id, out var op)) _operators[org.Id] = op = PersonRules.Operator(org);
            return (person, PersonRules.NewConsent(0, op, consent, ConsentText, ctx.Now, ctx.UserName), errors);
        }

        /// <summary>A mentee's competencies from the file are their deficits (a mentor's are strengths, set by <see cref="PersonRules.Apply"/>).</summary>
        private void AddDeficits(Person p, ParsedRow r, IReadOnlyCollection<int> existing)
        {
            if (r.Competencies is null || p.Mentee is null || (p.Mentor is not null && p.Mentor.Status != MentorBankStatus.Inactive)) return;
            foreach (var id in r.Competencies.Where(id => !existing.Contains(id)))
                p.Deficits.Add(new Deficit { CompetencyId = id, Source = DeficitSource.Curator, IdentifiedOn = ctx.Today, Note = "импорт" });
        }

        /// <summary>Copies what the row says onto the input; what it leaves empty stays as it was.</summary>
        private static void Overlay(PersonInput i, ParsedRow r, bool creating)
        {
            i.LastName = r.LastName;
            i.FirstName = r.FirstName;
            if (r.MiddleName is not null || creating) i.MiddleName = r.MiddleName;
            if (r.BirthDate is not null) i.BirthDate = r.BirthDate;
            if (r.Kind is not null) i.Kind = r.Kind;
            if (r.ClassName is not null) i.ClassName = r.ClassName;
            if (r.StudyGroup is not null) i.StudyGroup = r.StudyGroup;
            if (r.Position is not null) i.Position = r.Position;
            if (r.Subjects is not null) i.Subjects = r.Subjects;
            if (r.TotalExperience is not null) i.TotalExperienceYears = r.TotalExperience;
            if (r.PedagogicalExperience is not null) i.PedagogicalExperienceYears = r.PedagogicalExperience;
            if (r.Phone is not null) i.Phone = r.Phone;
            if (r.Email is not null) i.Email = r.Email;
            if (r.PartnerId is not null) i.PartnerOrganizationId = r.PartnerId;
            if (r.GuardianName is not null) i.GuardianName = r.GuardianName;
            if (r.GuardianBasis is not null) i.GuardianBasis = r.GuardianBasis;
            if (r.GuardianPhone is not null) i.GuardianPhone = r.GuardianPhone;
            if (r.Categories is not null) i.Categories = [.. r.Categories];
            if (r.Mentor) i.IsMentor = true;
            if (r.Mentee) i.IsMentee = true;
            if (r.Request is not null) i.Request = r.Request;
            if (r.Competencies is not null && i.IsMentor) i.StrengthIds = [.. r.Competencies];
            // A mentor's time and capacity: on other rows there is no mentor profile to put them in.
            if (r.HoursPerMonth is not null && i.IsMentor) i.HoursPerMonth = r.HoursPerMonth;
            if (r.Capacity is not null && i.IsMentor) i.Capacity = r.Capacity;
        }

        private async Task<OrgPeople> ExistingAsync(int orgId, CancellationToken ct)
        {
            if (_existing.TryGetValue(orgId, out var known)) return known;
            if (Writer is not null) await Writer.IdleAsync();
            var people = new OrgPeople();
            // Only the natural keys of this organisation's people, streamed; withdrawn people too, so nobody who withdrew consent is silently re-added.
            var q = _db.People.IgnoreQueryFilters().AsNoTracking().Where(p => p.OrganizationId == orgId)
                .Select(p => new { p.Id, p.LastName, p.FirstName, p.MiddleName, p.BirthDate, p.IsWithdrawn, p.WithdrawnAt });
            await foreach (var p in q.AsAsyncEnumerable().WithCancellation(ct))
                people.Add(FioKey(orgId, p.LastName, p.FirstName, p.MiddleName),
                    new ExistingPerson(p.Id, p.BirthDate?.DayNumber ?? -1, p.IsWithdrawn ? DateOnly.FromDateTime(p.WithdrawnAt ?? DateTime.MinValue) : null));
            _existing[orgId] = people;
            return people;
        }

        /// <summary>Rows that match someone already in the register, in batches: load those people, overlay the row, compare, save.</summary>
        private async Task FlushCandidatesAsync(CancellationToken ct)
        {
            if (_candidates.Count == 0) return;
            if (Writer is not null) await Writer.IdleAsync();
            var ids = _candidates.Select(c => c.PersonId).Distinct().ToList();
            var q = _db.People.Include(p => p.Mentor).ThenInclude(m => m!.Strengths).Include(p => p.Mentee).Include(p => p.Categories).Include(p => p.Deficits)
                .AsSplitQuery().Where(p => ids.Contains(p.Id));
            var write = Writing;
            if (!write) q = q.AsNoTracking();
            var people = await q.ToDictionaryAsync(p => p.Id, ct);
            foreach (var c in _candidates)
            {
                if (!people.TryGetValue(c.PersonId, out var p))
                {
                    Reject(c.Source, c.Name, c.Row.Organization, "Участник удалён или скрыт, пока шла загрузка.");
                    continue;
                }
                var sensitive = ctx.Sensitive.GetValueOrDefault(p.OrganizationId);
                var before = PersonRegistration.ToInput(p, sensitive);
                var input = PersonRegistration.ToInput(p, sensitive);
                Overlay(input, c.Row, creating: false);
                // Names come from the register (the key matched them up to case and ё).
                input.LastName = p.LastName;
                input.FirstName = p.FirstName;
                input.MiddleName = p.MiddleName;
                _attributeErrors.Clear();
                AttributeRules<PersonInput>.Instance.Check(input, _attributeErrors);
                var errors = _attributeErrors.Select(e => e.Message)
                    .Concat(PersonRules.Check(input, ctx.Today, sensitive, partnerKnown: true, strengthsKnown: true).Select(e => e.Message)).ToList();
                // The row says who consented: for a minor that cannot be the minor, whether the person is new or already
                // in the register (the same rule and words as on creation, PersonRules.CheckConsent).
                if (c.Row.Giver == ConsentGiver.Subject && (input.BirthDate is { } born && born.AddYears(18) > ctx.Today))
                    errors.Add("За несовершеннолетнего согласие даёт законный представитель.");
                if (errors.Count > 0)
                {
                    Reject(c.Source, c.Name, c.Row.Organization, string.Join(" ", errors));
                    continue;
                }
                var deficitIds = p.Deficits.Select(d => d.CompetencyId).ToHashSet();
                var newDeficits = c.Row.Competencies is not null && !input.IsMentor && (input.IsMentee) && c.Row.Competencies.Any(id => !deficitIds.Contains(id));
                if (Same(before, input) && !newDeficits)
                {
                    Accept(c.Line, c.Name, c.Row.Organization!, ImportOutcome.Unchanged);
                    continue;
                }
                Accept(c.Line, c.Name, c.Row.Organization!, ImportOutcome.Update, Changes(before, input, newDeficits));
                if (!write) continue;
                PersonRules.Apply(p, input, sensitive, ctx.Today);
                AddDeficits(p, c.Row, deficitIds);
            }
            _candidates.Clear();
            if (write)
            {
                await _db.SaveChangesAsync(ct);
                _db.ChangeTracker.Clear();
            }
        }

        private static string[] Fields(PersonInput i) =>
        [
            i.BirthDate?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) ?? "", i.Kind?.ToString() ?? "", i.ClassName ?? "", i.StudyGroup ?? "",
            i.Position ?? "", i.Subjects ?? "", i.TotalExperienceYears?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "",
            i.PedagogicalExperienceYears?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "", i.Phone ?? "", i.Email ?? "",
            i.PartnerOrganizationId?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "", i.GuardianName ?? "", i.GuardianBasis ?? "", i.GuardianPhone ?? "",
            string.Join(",", i.Categories.Order()), i.IsMentor ? "1" : "0", i.IsMentee ? "1" : "0", i.Request ?? "", string.Join(",", i.StrengthIds.Order()),
            i.IsMentor ? i.HoursPerMonth?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "" : "",
            i.IsMentor ? i.Capacity?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "" : "",
        ];

        private static readonly string[] FieldNames =
        [
            "дата рождения", "кто", "класс", "группа", "должность", "предметы", "стаж", "педагогический стаж", "телефон", "эл. почта", "организация-партнёр",
            "представитель", "основание полномочий", "телефон представителя", "категории", "банк наставников", "банк наставляемых", "запрос", "компетенции",
            "ресурс времени", "число наставляемых",
        ];

        private static bool Same(PersonInput a, PersonInput b) => Fields(a).SequenceEqual(Fields(b));

        private static string Changes(PersonInput a, PersonInput b, bool deficits)
        {
            var fa = Fields(a);
            var fb = Fields(b);
            var changed = FieldNames.Where((_, i) => Norm(fa[i]) != Norm(fb[i])).ToList();
            if (deficits) changed.Add("дефициты");
            return "Изменится: " + string.Join(", ", changed) + ".";
        }

        private static string Norm(string s) => string.Join(' ', s.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
    }

    /// <summary>
    /// A 128-bit hash of organisation + normalised ФИО (lower case, ё = е, single spaces). Sixteen bytes per person is
    /// what the duplicate check keeps in memory however long the file is.
    /// </summary>
    internal static UInt128 FioKey(int organizationId, string lastName, string firstName, string? middleName)
    {
        var length = 12 + lastName.Length + firstName.Length + (middleName?.Length ?? 0) + 3;
        char[]? rented = null;
        var buffer = length <= 512 ? stackalloc char[length] : (rented = System.Buffers.ArrayPool<char>.Shared.Rent(length));
        try
        {
            var n = 0;
            organizationId.TryFormat(buffer, out var written, default, System.Globalization.CultureInfo.InvariantCulture);
            n += written;
            Part(buffer, ref n, lastName);
            Part(buffer, ref n, firstName);
            Part(buffer, ref n, middleName ?? "");
            return XxHash128.HashToUInt128(MemoryMarshal.AsBytes(buffer[..n]));
        }
        finally
        {
            if (rented is not null) System.Buffers.ArrayPool<char>.Shared.Return(rented);
        }
    }

    private static void Part(Span<char> buffer, ref int n, string part)
    {
        buffer[n++] = '\u0001';
        var space = false;
        foreach (var ch in part)
        {
            if (char.IsWhiteSpace(ch)) { space = true; continue; }
            if (space && buffer[n - 1] != '\u0001') buffer[n++] = ' ';
            space = false;
            buffer[n++] = ch is 'ё' or 'Ё' ? 'е' : char.ToLowerInvariant(ch);
        }
    }
}
