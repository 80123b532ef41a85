using System.Security.Cryptography;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Nastavnik.Data;
using Nastavnik.Platform.Auth;
using Nastavnik.Platform.Import;
using Nastavnik.Platform.Web;

namespace Nastavnik.Features.Organizations;

/// <summary>
/// Two steps: "Проверить" analyses the upload and keeps the file in a per-user temporary folder under a random
/// token; "Загрузить" analyses it again (the database may have changed) and applies it in one transaction.
/// </summary>
[Authorize(Policy = Permissions.OrganizationsWrite)]
[RequestSizeLimit(TabularFile.MaxUploadBytes + 1024 * 1024)]
[RequestFormLimits(MultipartBodyLengthLimit = TabularFile.MaxUploadBytes + 1024 * 1024)]
public sealed class ImportModel(AppDbContext db, OrganizationImporter importer) : PageModel
{
    public sealed record Option(int Id, string Name);

    public List<Option> Municipalities { get; private set; } = [];
    public OrganizationImportPreview? Preview { get; private set; }
    public string? Token { get; private set; }
    public string? FileName { get; private set; }
    [BindProperty(SupportsGet = true)] public int? MunicipalityId { get; set; }

    public async Task OnGetAsync() => await LoadMunicipalities();

    public async Task<IActionResult> OnPostAnalyzeAsync(IFormFile? file)
    {
        await LoadMunicipalities();
        if (file is null || file.Length == 0)
        {
            ModelState.AddModelError("file", "Выберите файл .xlsx или .csv.");
            return Page();
        }
        if (file.Length > TabularFile.MaxUploadBytes)
        {
            ModelState.AddModelError("file", $"Файл больше {TabularFile.MaxUploadBytes / 1024 / 1024} МБ.");
            return Page();
        }
        Token = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)) + Path.GetExtension(file.FileName).ToLowerInvariant();
        FileName = Path.GetFileName(file.FileName);
        var path = TempPath(Token);
        await using (var fs = System.IO.File.Create(path)) await file.CopyToAsync(fs);
        return await Analyze(path);
    }

    public async Task<IActionResult> OnPostApplyAsync(string token, bool allOrNothing)
    {
        await LoadMunicipalities();
        if (!IsToken(token) || !System.IO.File.Exists(TempPath(token)))
        {
            ModelState.AddModelError("", "Загруженный файл не найден (прошло много времени?). Загрузите его снова.");
            return Page();
        }
        var path = TempPath(token);
        OrganizationImportPreview preview;
        try
        {
            await using var fs = System.IO.File.OpenRead(path);
            preview = await importer.AnalyzeAsync(fs, token, MunicipalityId);
        }
        catch (ImportFileException ex)
        {
            ModelState.AddModelError("", ex.Message);
            return Page();
        }
        if (!await importer.ApplyAsync(preview, allOrNothing, token))
        {
            Token = token;
            Preview = preview;
            FileName = "загруженный файл";
            ModelState.AddModelError("", "В режиме «всё или ничего» файл не загружен: исправьте отклонённые строки.");
            TempData["FlashError"] = $"Ничего не загружено: отклонено строк — {preview.Count(ImportOutcome.Reject)}.";
            return Page();
        }
        System.IO.File.Delete(path);
        TempData["Flash"] = $"Импорт выполнен: создано {preview.Count(ImportOutcome.Create)}, обновлено {preview.Count(ImportOutcome.Update)}, без изменений {preview.Count(ImportOutcome.Unchanged)}, отклонено {preview.Count(ImportOutcome.Reject)}.";
        return Redirect("/organizations");
    }

    private async Task<IActionResult> Analyze(string path)
    {
        try
        {
            await using var fs = System.IO.File.OpenRead(path);
            Preview = await importer.AnalyzeAsync(fs, path, MunicipalityId);
        }
        catch (ImportFileException ex)
        {
            System.IO.File.Delete(path);
            Token = null;
            ModelState.AddModelError("file", ex.Message);
        }
        return Page();
    }

    private string TempPath(string token)
    {
        // One folder per user: a token of someone else's upload is useless to another account.
        var dir = Path.Combine(Path.GetTempPath(), "nastavnik-imports", User.UserId() ?? "anonymous");
        Directory.CreateDirectory(dir);
        return Path.Combine(dir, token);
    }

    private static bool IsToken(string? t) => t is { Length: > 32 and < 40 } && t[..32].All(char.IsAsciiHexDigitLower) && (t.EndsWith(".csv", StringComparison.Ordinal) || t.EndsWith(".xlsx", StringComparison.Ordinal) || t.EndsWith(".txt", StringComparison.Ordinal));

    private async Task LoadMunicipalities()
    {
        var writable = db.Scope.For(Permissions.OrganizationsWrite);
        Municipalities = (await db.Municipalities.AsNoTracking().Where(m => !m.IsArchived).OrderBy(m => m.Name).ToListAsync())
            .Where(m => writable.CoversMunicipality(m.RegionId, m.Id))
            .Select(m => new Option(m.Id, m.Name)).ToList();
    }
}
