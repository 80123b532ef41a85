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
public sealed class IndexModel(AppDbContext db, TimeProvider clock, AuditLog audit) : PageModel
{
    public const string DocxType = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
    public const string XlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    [BindProperty(SupportsGet = true)] public string? Date { get; set; }
    [BindProperty(SupportsGet = true)] public int? Municipality { get; set; }
    [BindProperty(SupportsGet = true)] public int? Organization { get; set; }

    public DateOnly AsOf { get; private set; }
    public MonitoringLevel Level { get; private set; } = MonitoringLevel.All;
    public IndicatorBoard Board { get; private set; } = null!;
    public IReadOnlyList<IndicatorLine> Lines { get; private set; } = [];
    public string Title { get; private set; } = "";
    public Dictionary<ParticipantRole, int> ByRole { get; private set; } = [];
    public Dictionary<MentorshipStatus, int> ByStatus { get; private set; } = [];
    public (int Done, int Overdue, int Total) Roadmap { get; private set; }
    public bool CanWrite => db.Scope.Has(Permissions.IndicatorsWrite);
    public bool CanEditCatalogue => db.Scope.Has(Permissions.IndicatorsCatalogue);

    private async Task LoadAsync()
    {
        AsOf = IndicatorWeb.ParseDate(Date, clock);
        Level = await IndicatorWeb.LevelAsync(db, Municipality, Organization);
        Board = await IndicatorBoard.LoadAsync(db, Level, AsOf);
        Lines = Level.OrganizationId is not null && Board.Organizations.Count == 1 ? Board.ForOrganization(Board.Organizations[0])
            : Level.MunicipalityId is { } m ? Board.ForMunicipality(m)
            : Board.ForAll();
        Title = IndicatorWeb.Describe(Level, Board);
    }

    public async Task OnGetAsync()
    {
        await LoadAsync();
        var calc = new IndicatorCalculator(db);
        ByRole = (await calc.Involved(Level, AsOf).Select(r => new { r.PersonId, r.Role }).Distinct().ToListAsync())
            .GroupBy(r => r.Role).ToDictionary(g => g.Key, g => g.Count());
        var orgs = calc.Organizations(Level).Select(o => o.Id);
        ByStatus = (await db.Mentorships.AsNoTracking().Where(x => orgs.Contains(x.OrganizationId)).GroupBy(x => x.Status)
            .Select(g => new { g.Key, Count = g.Count() }).ToListAsync()).ToDictionary(x => x.Key, x => x.Count);
        Roadmap = await calc.RoadmapItemsAsync(Level, AsOf);
    }

    public async Task<IActionResult> OnGetXlsxAsync()
    {
        await LoadAsync();
        var bytes = IndicatorReports.Xlsx(Board, Title, clock.GetUtcNow().UtcDateTime);
        await audit.WriteAsync(AuditActions.Export, "indicators", AuditId, "xlsx", Level.OrganizationId);
        return File(bytes, XlsxType, $"Мониторинг наставничества на {AsOf.ToString("dd.MM.yyyy", CultureInfo.InvariantCulture)}.xlsx");
    }

    public async Task<IActionResult> OnGetDocxAsync()
    {
        await LoadAsync();
        var bytes = IndicatorReports.Docx(Board, Title, Lines, clock.GetUtcNow().UtcDateTime);
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

    /// <summary>A link to the people or pairs behind a figure at the current level.</summary>
    public string Drill(string what, int? organization = null, int? municipality = null) =>
        Link("/indicators/drill", municipality ?? (organization is null ? Level.MunicipalityId : null), organization ?? Level.OrganizationId, "what=" + what);
}
