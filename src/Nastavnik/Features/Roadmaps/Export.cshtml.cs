using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Nastavnik.Data;
using Nastavnik.Platform.Audit;
using Nastavnik.Platform.Auth;

namespace Nastavnik.Features.Roadmaps;

/// <summary>The roadmap as DOCX (to sign and publish) or XLSX (to control execution). Every download is audited.</summary>
[Authorize(Policy = Permissions.RoadmapsRead)]
public sealed class ExportModel(AppDbContext db, IAuthorizationService auth, AuditLog audit, TimeProvider clock) : PageModel
{
    public const string DocxType = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
    public const string XlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    [BindProperty(SupportsGet = true)] public int Id { get; set; }
    [BindProperty(SupportsGet = true)] public string? Format { get; set; }

    public async Task<IActionResult> OnGetAsync()
    {
        var r = await RoadmapWeb.LoadAsync(db, Id, tracked: false);
        if (r is null || !await RoadmapWeb.CanAsync(auth, User, r, Permissions.RoadmapsRead)) return NotFound();
        var format = (Format ?? "docx").ToLowerInvariant();
        if (format is not ("docx" or "xlsx")) return NotFound();
        var bytes = format == "docx" ? RoadmapDocuments.Docx(r) : RoadmapDocuments.Xlsx(r, RoadmapWeb.Today(clock));
        await audit.WriteAsync(AuditActions.Export, "roadmap", r.Id.ToString(CultureInfo.InvariantCulture), format, r.OrganizationId);
        // The period is typed by people: keep only what is safe in a file name on every system.
        var period = new string(r.PeriodText.Select(c => char.IsLetterOrDigit(c) || c is ' ' or '-' ? c : '-').ToArray()).Trim();
        var name = $"Дорожная карта {r.Id} {period}.{format}";
        return File(bytes, format == "docx" ? DocxType : XlsxType, name);
    }
}
