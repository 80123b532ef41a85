using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Nastavnik.Data;
using Nastavnik.Platform.Audit;
using Nastavnik.Platform.Import;
using Nastavnik.Platform.Auth;

namespace Nastavnik.Features.Organizations;

public enum ImportOutcome { Create, Update, Unchanged, Reject }

public sealed record OrganizationImportRow(int Line, string Name, string? Municipality, OrganizationKind? Kind, int? Pupils, int? Teachers,
    ImportOutcome Outcome, string? Reason)
{
    public int? MunicipalityId { get; init; }
    public int? ExistingId { get; init; }
}

public sealed record OrganizationImportPreview(IReadOnlyList<OrganizationImportRow> Rows, IReadOnlyList<string> MappedColumns)
{
    public int Count(ImportOutcome o) => Rows.Count(r => r.Outcome == o);
}

/// <summary>
/// Imports a list of organisations (name, kind, municipality, pupils, teachers) from XLSX or CSV.
/// Natural key: municipality + name (trimmed, spaces collapsed), so re-importing the same file changes nothing.
/// A dry run comes first; applying either writes all valid rows (rejected ones are reported) or, in
/// "all or nothing" mode, nothing at all if any row is rejected. Always one transaction.
/// </summary>
public sealed class OrganizationImporter(AppDbContext db, AuditLog audit)
{
    private static readonly string[] NameHeaders = ["наименование", "название", "организация", "наименование образовательных организаций", "наименование организации", "оо"];
    private static readonly string[] KindHeaders = ["тип", "вид", "тип организации", "вид организации"];
    private static readonly string[] MunicipalityHeaders = ["муниципалитет", "муниципальное образование", "район", "городской округ", "мо"];
    private static readonly string[] PupilHeaders = ["обучающихся", "количество обучающихся", "число обучающихся", "контингент", "учащихся"];
    private static readonly string[] TeacherHeaders = ["педагогов", "количество педагогов", "число педагогов", "педагогических работников", "учителей"];

    public async Task<OrganizationImportPreview> AnalyzeAsync(Stream file, string fileName, int? defaultMunicipalityId, CancellationToken ct = default)
    {
        var rows = TabularFile.Read(file, fileName, maxRows: 50_000).ToList();
        if (rows.Count == 0) throw new ImportFileException("Файл пуст.");
        var header = rows[0];
        // Exact header names win over partial ones ("Количество обучающихся в организациях" must not pass for a name column).
        var headers = header.Cells.Select(Normalize).ToList();
        int? Find(string[] names)
        {
            var exact = headers.FindIndex(h => names.Contains(h));
            if (exact >= 0) return exact;
            var partial = headers.FindIndex(h => names.Any(n => n.Length >= 5 && h.StartsWith(n, StringComparison.Ordinal)));
            if (partial >= 0) return partial;
            var anywhere = headers.FindIndex(h => names.Any(n => n.Length >= 5 && h.Contains(n, StringComparison.Ordinal)));
            return anywhere >= 0 ? anywhere : null;
        }
        var nameCol = Find(NameHeaders);
        if (nameCol is null) throw new ImportFileException("Не найден столбец с названием организации (заголовок «Наименование» или «Название» в первой строке).");
        var kindCol = Find(KindHeaders);
        var munCol = Find(MunicipalityHeaders);
        var pupilCol = Find(PupilHeaders);
        var teacherCol = Find(TeacherHeaders);
        if (munCol is null && defaultMunicipalityId is null)
            throw new ImportFileException("В файле нет столбца «Муниципалитет»: выберите муниципалитет в форме импорта.");
        var mapped = new List<string> { $"Название: «{header.Cell(nameCol)}»" };
        if (kindCol is not null) mapped.Add($"Тип: «{header.Cell(kindCol)}»"); else mapped.Add("Тип: определяется по названию");
        if (munCol is not null) mapped.Add($"Муниципалитет: «{header.Cell(munCol)}»");
        if (pupilCol is not null) mapped.Add($"Обучающихся: «{header.Cell(pupilCol)}»");
        if (teacherCol is not null) mapped.Add($"Педагогов: «{header.Cell(teacherCol)}»");

        // Only municipalities the importer may write to are candidates (query filter + permission scope).
        var writable = db.Scope.For(Permissions.OrganizationsWrite);
        var municipalities = (await db.Municipalities.AsNoTracking().Where(m => !m.IsArchived).ToListAsync(ct))
            .Where(m => writable.CoversMunicipality(m.RegionId, m.Id))
            .ToList();
        var byName = municipalities.ToDictionary(m => Normalize(m.Name));
        var existing = await db.Organizations.AsNoTracking().Where(o => municipalities.Select(m => m.Id).Contains(o.MunicipalityId))
            .Select(o => new { o.Id, o.MunicipalityId, o.Name, o.Kind, o.PupilCount, o.TeacherCount, o.RegionId }).ToListAsync(ct);
        var existingByKey = existing.ToDictionary(o => (o.MunicipalityId, Normalize(o.Name)));
        var seen = new HashSet<(int, string)>();
        var result = new List<OrganizationImportRow>();

        foreach (var row in rows.Skip(1))
        {
            var name = CollapseSpaces(row.Cell(nameCol));
            var munText = row.Cell(munCol);
            OrganizationImportRow Reject(string reason) => new(row.Line, name, munText, null, null, null, ImportOutcome.Reject, reason);
            if (name.Length == 0) { result.Add(Reject("Не указано название организации.")); continue; }
            if (name.Length > 500) { result.Add(Reject("Название длиннее 500 символов.")); continue; }
            // The seed lists number rows ("1.", "2."); a stray total line has no name worth importing.
            if (name.StartsWith("итого", StringComparison.OrdinalIgnoreCase)) continue;

            Municipality? m;
            if (munCol is not null && munText.Length > 0)
            {
                if (!byName.TryGetValue(Normalize(munText), out m)) { result.Add(Reject($"Муниципалитет «{munText}» не найден или недоступен вам.")); continue; }
            }
            else
            {
                m = municipalities.FirstOrDefault(x => x.Id == defaultMunicipalityId);
                if (m is null) { result.Add(Reject("Не указан муниципалитет.")); continue; }
            }

            OrganizationKind? kind;
            if (kindCol is not null && row.Cell(kindCol).Length > 0)
            {
                kind = ParseKind(row.Cell(kindCol));
                if (kind is null) { result.Add(Reject($"Неизвестный тип организации «{row.Cell(kindCol)}». Допустимо: школа, ДОУ, доп. образование, колледж, вуз, методический центр, партнёр.")); continue; }
            }
            else kind = GuessKind(name);

            if (!TryCount(row.Cell(pupilCol), 1_000_000, out var pupils)) { result.Add(Reject($"Число обучающихся «{row.Cell(pupilCol)}» — не целое число от 0 до 1 000 000.")); continue; }
            if (!TryCount(row.Cell(teacherCol), 100_000, out var teachers)) { result.Add(Reject($"Число педагогов «{row.Cell(teacherCol)}» — не целое число от 0 до 100 000.")); continue; }

            var key = (m.Id, Normalize(name));
            if (!seen.Add(key)) { result.Add(Reject("Организация повторяется в файле (та же строка выше).")); continue; }

            if (existingByKey.TryGetValue(key, out var e))
            {
                var same = e.Kind == kind && (pupils is null || e.PupilCount == pupils) && (teachers is null || e.TeacherCount == teachers);
                result.Add(new OrganizationImportRow(row.Line, name, m.Name, kind, pupils, teachers, same ? ImportOutcome.Unchanged : ImportOutcome.Update,
                    same ? null : "Обновятся тип и численность.") { MunicipalityId = m.Id, ExistingId = e.Id });
            }
            else
            {
                result.Add(new OrganizationImportRow(row.Line, name, m.Name, kind, pupils, teachers, ImportOutcome.Create, null) { MunicipalityId = m.Id });
            }
        }
        return new OrganizationImportPreview(result, mapped);
    }

    /// <summary>Writes the preview in one transaction. Returns false (and writes nothing) in all-or-nothing mode with rejects.</summary>
    public async Task<bool> ApplyAsync(OrganizationImportPreview preview, bool allOrNothing, string fileName, CancellationToken ct = default)
    {
        if (allOrNothing && preview.Count(ImportOutcome.Reject) > 0) return false;
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var munIds = preview.Rows.Where(r => r.MunicipalityId is not null).Select(r => r.MunicipalityId!.Value).Distinct().ToList();
        var regions = await db.Municipalities.Where(m => munIds.Contains(m.Id)).ToDictionaryAsync(m => m.Id, m => m.RegionId, ct);
        var updateIds = preview.Rows.Where(r => r.Outcome == ImportOutcome.Update).Select(r => r.ExistingId!.Value).ToList();
        var toUpdate = await db.Organizations.Where(o => updateIds.Contains(o.Id)).ToDictionaryAsync(o => o.Id, ct);
        foreach (var r in preview.Rows)
        {
            if (r.Outcome == ImportOutcome.Create)
            {
                db.Organizations.Add(new Organization
                {
                    Name = r.Name, MunicipalityId = r.MunicipalityId!.Value, RegionId = regions[r.MunicipalityId.Value],
                    Kind = r.Kind ?? OrganizationKind.School, PupilCount = r.Pupils, TeacherCount = r.Teachers,
                });
            }
            else if (r.Outcome == ImportOutcome.Update && toUpdate.TryGetValue(r.ExistingId!.Value, out var o))
            {
                o.Kind = r.Kind ?? o.Kind;
                if (r.Pupils is not null) o.PupilCount = r.Pupils;
                if (r.Teachers is not null) o.TeacherCount = r.Teachers;
            }
        }
        audit.Add(AuditActions.Import, "organization", null,
            $"файл {Path.GetFileName(fileName)}: создано {preview.Count(ImportOutcome.Create)}, обновлено {preview.Count(ImportOutcome.Update)}, без изменений {preview.Count(ImportOutcome.Unchanged)}, отклонено {preview.Count(ImportOutcome.Reject)}");
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return true;
    }

    internal static OrganizationKind? ParseKind(string text)
    {
        var t = Normalize(text);
        foreach (var kind in Enum.GetValues<OrganizationKind>())
            if (string.Equals(t, kind.ToString(), StringComparison.OrdinalIgnoreCase)) return kind;
        return t switch
        {
            _ when t.Contains("метод", StringComparison.Ordinal) || t.Contains("наставническ", StringComparison.Ordinal) => OrganizationKind.MethodCenter,
            _ when t.Contains("партн", StringComparison.Ordinal) || t.Contains("предприят", StringComparison.Ordinal) => OrganizationKind.Partner,
            _ when t.Contains("дошкол", StringComparison.Ordinal) || t is "доу" or "детский сад" => OrganizationKind.Preschool,
            _ when t.Contains("дополнит", StringComparison.Ordinal) || t is "до" or "удо" or "доп. образование" => OrganizationKind.AdditionalEducation,
            _ when t.Contains("колледж", StringComparison.Ordinal) || t.Contains("техникум", StringComparison.Ordinal) || t.Contains("спо", StringComparison.Ordinal) => OrganizationKind.College,
            _ when t.Contains("вуз", StringComparison.Ordinal) || t.Contains("университет", StringComparison.Ordinal) || t.Contains("институт", StringComparison.Ordinal) => OrganizationKind.University,
            _ when t.Contains("школ", StringComparison.Ordinal) || t.Contains("общеобразоват", StringComparison.Ordinal) || t is "оо" or "сош" or "оош" => OrganizationKind.School,
            _ => null,
        };
    }

    /// <summary>From the full legal name, as in seed 003's list («…учреждение дополнительного образования…»).</summary>
    internal static OrganizationKind GuessKind(string name)
    {
        var t = Normalize(name);
        if (t.Contains("дополнительного образования", StringComparison.Ordinal) || t.StartsWith("мбу до", StringComparison.Ordinal) || t.Contains("дом детского", StringComparison.Ordinal)) return OrganizationKind.AdditionalEducation;
        if (t.Contains("детский сад", StringComparison.Ordinal) || t.Contains("дошкольн", StringComparison.Ordinal)) return OrganizationKind.Preschool;
        if (t.Contains("колледж", StringComparison.Ordinal) || t.Contains("техникум", StringComparison.Ordinal)) return OrganizationKind.College;
        if (t.Contains("университет", StringComparison.Ordinal)) return OrganizationKind.University;
        if (t.Contains("методическ", StringComparison.Ordinal) || t.Contains("цимимто", StringComparison.Ordinal)) return OrganizationKind.MethodCenter;
        return OrganizationKind.School;
    }

    private static bool TryCount(string text, int max, out int? value)
    {
        value = null;
        var t = text.Replace(" ", "", StringComparison.Ordinal).Replace("\u00A0", "", StringComparison.Ordinal);
        if (t.Length == 0) return true;
        // XLSX stores numbers as "45" or "45.0".
        if (t.EndsWith(".0", StringComparison.Ordinal) || t.EndsWith(",0", StringComparison.Ordinal)) t = t[..^2];
        if (!int.TryParse(t, NumberStyles.None, CultureInfo.InvariantCulture, out var v) || v > max) return false;
        value = v;
        return true;
    }

    internal static string CollapseSpaces(string s) => string.Join(' ', s.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
    internal static string Normalize(string s) => CollapseSpaces(s).ToLowerInvariant().Replace('ё', 'е').Trim('.', ' ');
}
