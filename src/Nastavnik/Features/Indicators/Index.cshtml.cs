using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Nastavnik.Data;
using Nastavnik.Features.Mentorships;
using Nastavnik.Platform.Audit;
using Nastavnik.Platform.Auth;

namespace Nastavnik.Features.Indicators;

/// <summary>Показатели: each indicator's actual value against its target for a school, a municipality or all that is visible, with drill-down; the annual report (XLSX) and the analytical note (DOCX).</summary>
[Authorize(Policy = Permissions.IndicatorsRead)]
public sealed class IndexModel(AppDbContext db, TimeProvider clock, AuditLog audit, IndicatorCache cache, Programmes.ProgrammeService programmes) : PageModel
{
    public const string DocxType = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
    public const string XlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    [BindProperty(SupportsGet = true)] public string? Date { get; set; }
    [BindProperty(SupportsGet = true)] public int? Municipality { get; set; }
    [BindProperty(SupportsGet = true)] public int? Organization { get; set; }

    public DateOnly AsOf { get; private set; }
    public MonitoringLevel Level { get; private set; } = MonitoringLevel.All;
    /// <summary>The figures of this level and date as this viewer sees them, from <see cref="IndicatorCache"/>.</summary>
    public IndicatorDashboard Dashboard { get; private set; } = null!;
    public IndicatorBoard Board => Dashboard.Board;
    public IReadOnlyList<IndicatorLine> Lines => Dashboard.Lines;
    public string Title => Dashboard.Title;
    public IReadOnlyDictionary<ParticipantRole, int> ByRole => Dashboard.ByRole;
    public IReadOnlyDictionary<MentorshipStatus, int> ByStatus => Dashboard.ByStatus;
    public (int Done, int Overdue, int Total) Roadmap => Dashboard.Roadmap;
    public bool CanWrite => db.Scope.Has(Permissions.IndicatorsWrite);
    public bool CanEditCatalogue => db.Scope.Has(Permissions.IndicatorsCatalogue);

    private async Task LoadAsync()
    {
        AsOf = IndicatorWeb.ParseDate(Date, clock);
        Level = await IndicatorWeb.LevelAsync(db, Municipality, Organization);
        Dashboard = await cache.GetAsync(db, Level, AsOf, HttpContext.RequestAborted);
    }

    public Task OnGetAsync() => LoadAsync();

    public async Task<IActionResult> OnGetXlsxAsync()
    {
        await LoadAsync();
        var statistics = await IndicatorStatistics.LoadAsync(db, Level, AsOf, HttpContext.RequestAborted);
        var bytes = IndicatorReports.Xlsx(Dashboard, statistics, Title, clock.GetUtcNow().UtcDateTime);
        await audit.WriteAsync(AuditActions.Export, "indicators", AuditId, "xlsx", Level.OrganizationId);
        return File(bytes, XlsxType, $"Мониторинг наставничества на {AsOf.ToString("dd.MM.yyyy", CultureInfo.InvariantCulture)}.xlsx");
    }

    public async Task<IActionResult> OnGetDocxAsync()
    {
        await LoadAsync();
        var structure = await IndicatorStructure.LoadAsync(db, programmes, Level, AsOf, HttpContext.RequestAborted);
        var bytes = IndicatorReports.Docx(Dashboard, structure, Title, clock.GetUtcNow().UtcDateTime);
        await audit.WriteAsync(AuditActions.Export, "indicators", AuditId, "docx", Level.OrganizationId);
        return File(bytes, DocxType, $"Аналитическая справка на {AsOf.ToString("dd.MM.yyyy", CultureInfo.InvariantCulture)}.docx");
    }

    /// <summary>"r1/m2/o-/2023-12-31": the level and date in the audit log's 64 characters.</summary>
    private string AuditId => string.Create(CultureInfo.InvariantCulture, $"r{Level.RegionId}/m{Level.MunicipalityId}/o{Level.OrganizationId}/{AsOf:yyyy-MM-dd}");

    public string Link(string page = "/indicators", int? municipality = null, int? organization = null, string? extra = null) =>
        page + "?date=" + AsOf.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)
        + (municipality is { } m ? "&municipality=" + m.ToString(CultureInfo.InvariantCulture) : "")
        + (organization is { } o ? "&organization=" + o.ToString(CultureInfo.InvariantCulture) : "")
        + (extra is null ? "" : "&" + extra);

    /// <summary>The monitoring results of the same level (per question, per stage).</summary>
    public string MonitoringLink => "/monitoring/results" + (Level.OrganizationId is { } o ? "?organizationId=" + o.ToString(CultureInfo.InvariantCulture)
        : Level.MunicipalityId is { } m ? "?municipalityId=" + m.ToString(CultureInfo.InvariantCulture)
        : Level.RegionId is { } r ? "?regionId=" + r.ToString(CultureInfo.InvariantCulture) : "");

    /// <summary>A link to the people or pairs behind a figure at the current level.</summary>
    public string Drill(string what, int? organization = null, int? municipality = null) =>
        Link("/indicators/drill", municipality ?? (organization is null ? Level.MunicipalityId : null), organization ?? Level.OrganizationId, "what=" + what);
}
