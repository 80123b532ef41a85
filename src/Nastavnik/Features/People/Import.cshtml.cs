using System.Security.Cryptography;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Nastavnik.Platform.Auth;
using Nastavnik.Platform.Export;
using Nastavnik.Platform.Import;
using Nastavnik.Platform.Web;

namespace Nastavnik.Features.People;

/// <summary>
/// Import of people in two steps, like the organisations' import: "Проверить" keeps the upload in a per-user temporary
/// folder under a random token and shows the dry run with the column mapping; the user may change the mapping
/// ("Пересчитать"), download the rejected rows, and "Загрузить" analyses the file again and writes it in one transaction.
/// The mapping in use is remembered per user and organisation.
/// </summary>
[Authorize(Policy = Permissions.PeopleWrite)]
[UploadLimit(TabularFile.MaxUploadBytes + 1024 * 1024, "/people/import?toobig=true")]
[RequestFormLimits(MultipartBodyLengthLimit = TabularFile.MaxUploadBytes + 1024 * 1024)]
public sealed class ImportModel(PeopleImporter importer, TimeProvider clock) : PageModel
{
    public sealed record Option(int Id, string Name);

    public List<Option> Organizations { get; private set; } = [];
    public PeopleImportResult? Result { get; private set; }
    public string? Token { get; private set; }
    public string? FileName { get; private set; }
    /// <summary>Shown after an apply that wrote the valid rows and rejected others.</summary>
    public string? Applied { get; private set; }

    [BindProperty] public int? OrganizationId { get; set; }
    // Nullable: an unticked box sends nothing, and a missing non-nullable value would count as a missing required field.
    [BindProperty] public bool? PaperConsent { get; set; }
    [BindProperty] public DateOnly? PaperConsentDate { get; set; }
    [BindProperty] public List<PersonField> Map { get; set; } = [];
    /// <summary>The mapping the shown dry run was made with: applying with another one shows a fresh dry run first.</summary>
    [BindProperty] public string? Analyzed { get; set; }
    [BindProperty] public bool? AllOrNothing { get; set; }

    public const long MaxMegabytes = TabularFile.MaxUploadBytes / 1024 / 1024;

    public async Task OnGetAsync(bool? toobig)
    {
        await LoadAsync();
        // UploadLimit sends an oversized upload back here: the message goes next to the file field, as for any other bad file.
        if (toobig == true) ModelState.AddModelError("file", TooBig);
    }

    private static string TooBig => $"Файл больше {MaxMegabytes} МБ: разделите его на части и загрузите по очереди.";

    /// <summary>
    /// The columns a file may have, described on the page itself (users cannot open docs/import.md) and given as a sample
    /// file. Every header here is one the mapping recognises (PeopleImportMapping), so the sample loads as it is.
    /// </summary>
    public static readonly (string Header, string Description, string Example)[] Columns =
    [
        ("Фамилия", "обязательно", "Волкова"),
        ("Имя", "обязательно", "Наталья"),
        ("Отчество", "если есть", "Сергеевна"),
        ("Дата рождения", "ДД.ММ.ГГГГ; для обучающихся обязательно", "14.03.1990"),
        ("Организация", "краткое или полное название; можно не заполнять, если организация выбрана на странице", ""),
        ("Кто", "педагог, обучающийся, студент или внешний", "педагог"),
        ("Класс", "для обучающихся, например 7Б", ""),
        ("Должность", "для педагогов", "учитель математики"),
        ("Предметы", "через «;»", "математика; информатика"),
        ("Стаж", "общий, лет", "12"),
        ("Педагогический стаж", "лет", "10"),
        ("Телефон", "", "+7 900 123-45-67"),
        ("Эл. почта", "", "volkova@school.example"),
        ("Роль в банке", "наставник, наставляемый или оба через «;»", "наставник"),
        ("Ресурс времени, ч/мес", "для наставников: сколько часов в месяц готов уделять, целое число от 0 до 200", "8"),
        ("Макс. число наставляемых", "для наставников: сколько наставляемых может вести одновременно, от 1 до 30", "2"),
        ("Компетенции", "названия из каталога компетенций через «;»", ""),
        ("Запрос", "с чем наставляемому нужна помощь", ""),
        ("Категории", "категории наставляемого через «;»", ""),
        ("Дата согласия", "дата подписания согласия на обработку персональных данных", "01.09.2026"),
        ("Согласие дал", "сам или законный представитель", "сам"),
        ("ФИО представителя", "для несовершеннолетних", ""),
        ("Основание полномочий", "для несовершеннолетних, например «мать, свидетельство о рождении»", ""),
        ("Телефон представителя", "", ""),
    ];

    /// <summary>Образец файла: the headers and one filled row, as XLSX or CSV (UTF-8 with BOM, «;» as Russian Excel writes it).</summary>
    public async Task<IActionResult> OnGetTemplateAsync(string? format, CancellationToken ct)
    {
        var header = Columns.Select(c => c.Header).ToList();
        IReadOnlyList<string?>[] rows = [Columns.Select(c => (string?)c.Example).ToList()];
        var ms = new MemoryStream();
        if (string.Equals(format, "csv", StringComparison.OrdinalIgnoreCase))
        {
            await TableExport.WriteCsvAsync(ms, header, rows, ct);
            return File(ms.ToArray(), "text/csv; charset=utf-8", "Образец импорта участников.csv");
        }
        TableExport.WriteXlsx(ms, "Участники", header, rows);
        return File(ms.ToArray(), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "Образец импорта участников.xlsx");
    }

    public async Task<IActionResult> OnPostAnalyzeAsync(IFormFile? file)
    {
        await LoadAsync();
        if (!CheckForm()) return Page();
        if (file is null || (file.Length == 0 && string.IsNullOrEmpty(file.FileName)))
        {
            ModelState.AddModelError("file", "Выберите файл .xlsx или .csv.");
            return Page();
        }
        if (file.Length == 0)
        {
            ModelState.AddModelError("file", $"Файл «{Path.GetFileName(file.FileName)}» пустой.");
            return Page();
        }
        if (file.Length > TabularFile.MaxUploadBytes)
        {
            ModelState.AddModelError("file", TooBig);
            return Page();
        }
        CleanOldUploads();
        var ext = Path.GetExtension(file.FileName).ToLowerInvariant();
        if (ext is not (".csv" or ".txt" or ".xlsx"))
        {
            ModelState.AddModelError("file", ext == ".xls"
                ? "Формат .xls (Excel 97–2003) не поддерживается: сохраните файл как .xlsx или .csv."
                : "Поддерживаются файлы .xlsx и .csv.");
            return Page();
        }
        Token = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)) + ext;
        FileName = Path.GetFileName(file.FileName);
        await using (var fs = System.IO.File.Create(TempPath(Token))) await file.CopyToAsync(fs);
        Map = [];
        return await AnalyzeAsync(saveMapping: false);
    }

    public async Task<IActionResult> OnPostRemapAsync(string? token, string? fileName)
    {
        await LoadAsync();
        if (!CheckForm() || !FindUpload(token)) return Page();
        FileName = fileName;
        return await AnalyzeAsync(saveMapping: true);
    }

    public async Task<IActionResult> OnPostApplyAsync(string? token, string? fileName)
    {
        await LoadAsync();
        if (!CheckForm() || !FindUpload(token)) return Page();
        FileName = fileName;
        if (Analyzed != Serialize(Map))
        {
            ModelState.AddModelError("", "Сопоставление столбцов изменилось: проверьте результат ещё раз и нажмите «Загрузить».");
            return await AnalyzeAsync(saveMapping: true);
        }
        PeopleImportResult result;
        try
        {
            await using var fs = System.IO.File.OpenRead(TempPath(Token!));
            result = await importer.ApplyAsync(fs, Token!, Options());
        }
        catch (ImportFileException ex)
        {
            ModelState.AddModelError("", ex.Message);
            return Page();
        }
        catch (DbUpdateConcurrencyException)
        {
            ModelState.AddModelError("", "Пока шла загрузка, карточки участников изменил другой пользователь. Ничего не загружено: загрузите файл ещё раз.");
            return Page();
        }
        Result = result;
        Analyzed = Serialize(result.Mapping);
        Map = [.. result.Mapping];
        if (result.MappingProblems.Count > 0) return Page();
        await importer.SaveMappingAsync(User.UserId(), OrganizationId, result.Headers, result.Mapping);
        if (!result.Written)
        {
            ModelState.AddModelError("", $"В режиме «всё или ничего» файл не загружен: отклонено строк — {result.Rejected}. Исправьте их и загрузите файл снова.");
            return Page();
        }
        var summary = $"Импорт выполнен: создано {result.Created}, обновлено {result.Updated}, без изменений {result.Unchanged}, отклонено {result.Rejected}.";
        if (result.Rejected > 0)
        {
            // Never a silent partial import: the rejected rows stay on screen (and downloadable) after the write.
            Applied = summary;
            return Page();
        }
        System.IO.File.Delete(TempPath(Token!));
        TempData["Flash"] = summary;
        return Redirect("/people");
    }

    public async Task<IActionResult> OnPostRejectedAsync(string? token)
    {
        await LoadAsync();
        if (!CheckForm() || !FindUpload(token)) return Page();
        var output = Path.Combine(Path.GetTempPath(), "nastavnik-rejected-" + Guid.NewGuid().ToString("N") + ".xlsx");
        try
        {
            await using (var fs = System.IO.File.OpenRead(TempPath(Token!)))
            await using (var xlsx = new FileStream(output, FileMode.CreateNew, FileAccess.ReadWrite))
                await importer.WriteRejectedXlsxAsync(fs, Token!, Options(), xlsx);
        }
        catch (ImportFileException ex)
        {
            System.IO.File.Delete(output);
            ModelState.AddModelError("", ex.Message);
            return Page();
        }
        var stream = new FileStream(output, FileMode.Open, FileAccess.Read, FileShare.Read, 64 * 1024, FileOptions.DeleteOnClose);
        return File(stream, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "Отклонённые строки.xlsx");
    }

    private PeopleImportOptions Options() => new()
    {
        OrganizationId = OrganizationId, Mapping = Map.Count > 0 ? Map : null, PaperConsentConfirmed = PaperConsent == true, PaperConsentDate = PaperConsent == true ? PaperConsentDate : null,
        AllOrNothing = AllOrNothing == true, DisplayName = FileName,
    };

    private async Task<IActionResult> AnalyzeAsync(bool saveMapping)
    {
        try
        {
            await using var fs = System.IO.File.OpenRead(TempPath(Token!));
            Result = await importer.AnalyzeAsync(fs, Token!, Options());
        }
        catch (ImportFileException ex)
        {
            System.IO.File.Delete(TempPath(Token!));
            Token = null;
            ModelState.AddModelError("file", ex.Message);
            return Page();
        }
        Map = [.. Result.Mapping];
        Analyzed = Serialize(Result.Mapping);
        if (saveMapping) await importer.SaveMappingAsync(User.UserId(), OrganizationId, Result.Headers, Result.Mapping);
        return Page();
    }

    private static string Serialize(IEnumerable<PersonField> map) => string.Join(",", map.Select(f => f.ToString()));

    private bool CheckForm()
    {
        if (!ModelState.IsValid)
        {
            // Damaged hidden fields (a select value that is no field, a non-date): say so once, in Russian.
            ModelState.Clear();
            ModelState.AddModelError("", "Форма заполнена неверно: выберите файл и значения из списков заново.");
            return false;
        }
        if (OrganizationId is { } id && Organizations.All(o => o.Id != id))
        {
            ModelState.AddModelError(nameof(OrganizationId), "Выберите организацию из списка.");
            return false;
        }
        if (PaperConsent == true)
        {
            if (PaperConsentDate is null)
            {
                ModelState.AddModelError(nameof(PaperConsentDate), "Укажите дату, когда получены согласия на бумаге.");
                return false;
            }
            if (PaperConsentDate > importer.Today)
            {
                ModelState.AddModelError(nameof(PaperConsentDate), "Дата получения согласий не может быть в будущем.");
                return false;
            }
        }
        return true;
    }

    private bool FindUpload(string? token)
    {
        if (!IsToken(token) || !System.IO.File.Exists(TempPath(token!)))
        {
            ModelState.AddModelError("", "Загруженный файл не найден (прошло много времени?). Загрузите его снова.");
            return false;
        }
        Token = token;
        return true;
    }

    private string UserDir()
    {
        // One folder per user: a token of someone else's upload is useless to another account.
        var dir = Path.Combine(Path.GetTempPath(), "nastavnik-imports", User.UserId() ?? "anonymous");
        Directory.CreateDirectory(dir);
        return dir;
    }

    private string TempPath(string token) => Path.Combine(UserDir(), token);

    /// <summary>Uploads left behind by abandoned imports go after a day.</summary>
    private void CleanOldUploads()
    {
        var cutoff = clock.GetUtcNow().UtcDateTime.AddDays(-1);
        foreach (var f in Directory.EnumerateFiles(UserDir()))
        {
            try
            {
                if (System.IO.File.GetLastWriteTimeUtc(f) < cutoff) System.IO.File.Delete(f);
            }
            catch (IOException) { }
            catch (UnauthorizedAccessException) { }
        }
    }

    private static bool IsToken(string? t) => t is { Length: > 32 and < 40 } && t[..32].All(char.IsAsciiHexDigitLower)
        && (t.EndsWith(".csv", StringComparison.Ordinal) || t.EndsWith(".xlsx", StringComparison.Ordinal) || t.EndsWith(".txt", StringComparison.Ordinal));

    private async Task LoadAsync() =>
        Organizations = (await importer.WritableOrganizationsAsync()).Select(o => new Option(o.Id, o.Name)).ToList();
}
