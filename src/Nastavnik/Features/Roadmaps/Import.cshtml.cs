using System.Globalization;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Nastavnik.Data;
using Nastavnik.Platform.Audit;
using Nastavnik.Platform.Auth;
using Nastavnik.Platform.Import;
using Nastavnik.Platform.Web;

namespace Nastavnik.Features.Roadmaps;

/// <summary>
/// Loads a roadmap table from Word or Excel into a roadmap in two steps, like the organisations import:
/// «Проверить» reads the file and shows what each row becomes; «Загрузить» reads it again and applies it in one
/// transaction (after the existing items, or instead of them).
/// </summary>
[Authorize(Policy = Permissions.RoadmapsWrite)]
[RequestSizeLimit(TabularFile.MaxUploadBytes + 1024 * 1024)]
[RequestFormLimits(MultipartBodyLengthLimit = TabularFile.MaxUploadBytes + 1024 * 1024)]
public sealed class ImportModel(AppDbContext db, IAuthorizationService auth, AuditLog audit) : PageModel
{
    [BindProperty(SupportsGet = true)] public int Id { get; set; }
    public Roadmap Roadmap { get; private set; } = null!;
    public RoadmapImportPreview? Preview { get; private set; }
    public string? Token { get; private set; }
    public string? FileName { get; private set; }

    public async Task<IActionResult> OnGetAsync() => await Load() ?? Page();

    public async Task<IActionResult> OnPostAnalyzeAsync(IFormFile? file)
    {
        if (await Load() is { } fail) return fail;
        if (file is null || file.Length == 0)
        {
            ModelState.AddModelError("file", "Выберите файл .docx или .xlsx.");
            return Page();
        }
        if (file.Length > TabularFile.MaxUploadBytes)
        {
            ModelState.AddModelError("file", $"Файл больше {TabularFile.MaxUploadBytes / 1024 / 1024} МБ.");
            return Page();
        }
        var ext = Path.GetExtension(file.FileName).ToLowerInvariant();
        if (ext is not (".docx" or ".xlsx"))
        {
            ModelState.AddModelError("file", ext is ".doc" or ".xls"
                ? "Старые форматы .doc и .xls не поддерживаются: сохраните файл как .docx или .xlsx."
                : "Загрузите таблицу дорожной карты в формате .docx (Word) или .xlsx (Excel).");
            return Page();
        }
        Token = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)) + ext;
        FileName = Path.GetFileName(file.FileName);
        var path = TempPath(Token);
        await using (var fs = System.IO.File.Create(path)) await file.CopyToAsync(fs);
        try
        {
            await using var fs = System.IO.File.OpenRead(path);
            Preview = RoadmapImport.Analyze(fs, path, Roadmap.DueContext);
        }
        catch (ImportFileException ex)
        {
            System.IO.File.Delete(path);
            Token = null;
            ModelState.AddModelError("file", ex.Message);
        }
        return Page();
    }

    public async Task<IActionResult> OnPostApplyAsync(string? token, bool replace)
    {
        if (await Load() is { } fail) return fail;
        if (!IsToken(token) || !System.IO.File.Exists(TempPath(token!)))
        {
            ModelState.AddModelError("", "Загруженный файл не найден (прошло много времени?). Загрузите его снова.");
            return Page();
        }
        var path = TempPath(token!);
        RoadmapImportPreview preview;
        try
        {
            await using var fs = System.IO.File.OpenRead(path);
            preview = RoadmapImport.Analyze(fs, path, Roadmap.DueContext);
        }
        catch (ImportFileException ex)
        {
            ModelState.AddModelError("", ex.Message);
            return Page();
        }
        var (stages, items) = RoadmapImport.Apply(preview, Roadmap, replace, e => db.Remove(e));
        audit.Add(AuditActions.Import, "roadmap", Roadmap.Id.ToString(CultureInfo.InvariantCulture),
            $"{(replace ? "замена" : "добавление")}: этапов {stages}, мероприятий {items}, отклонено строк {preview.Count(RoadmapImportOutcome.Reject)}", Roadmap.OrganizationId);
        await db.SaveChangesAsync();
        System.IO.File.Delete(path);
        var rejected = preview.Count(RoadmapImportOutcome.Reject);
        TempData["Flash"] = $"Загружено: этапов {stages}, мероприятий {items}." + (rejected > 0 ? $" Отклонено строк: {rejected}." : "")
            + (preview.Unrecognised > 0 ? $" Сроков не распознано: {preview.Unrecognised} — они отмечены в таблице." : "");
        return Redirect($"/roadmaps/view/{Roadmap.Id}");
    }

    private async Task<IActionResult?> Load()
    {
        var r = await RoadmapWeb.LoadAsync(db, Id);
        if (r is null || !await RoadmapWeb.CanAsync(auth, User, r, Permissions.RoadmapsWrite)) return NotFound();
        Roadmap = r;
        if (!r.PlanEditable)
        {
            TempData["FlashError"] = EditModel.PlanLockedMessage(r);
            return Redirect($"/roadmaps/view/{r.Id}");
        }
        return null;
    }

    private string TempPath(string token)
    {
        // One folder per user: a token of someone else's upload is useless to another account.
        var dir = Path.Combine(Path.GetTempPath(), "nastavnik-imports", User.UserId() ?? "anonymous");
        Directory.CreateDirectory(dir);
        return Path.Combine(dir, token);
    }

    private static bool IsToken(string? t) => t is { Length: 37 } && t[..32].All(char.IsAsciiHexDigitLower) && (t.EndsWith(".docx", StringComparison.Ordinal) || t.EndsWith(".xlsx", StringComparison.Ordinal));
}
