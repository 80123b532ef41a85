using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Nastavnik.Data;
using Nastavnik.Features.Programmes;
using Nastavnik.Platform.Auth;

namespace Nastavnik.Features.Indicators;

/// <summary>
/// The second half of a level's dashboard (<see cref="IndicatorStructure"/>): people by form, kind and category,
/// programmes on track or not, the monthly trend. Kept apart from the indicator page so that the page coordinators
/// open every day stays light; the same level, date and drill-down.
/// </summary>
[Authorize(Policy = Permissions.IndicatorsRead)]
public sealed class StructureModel(AppDbContext db, TimeProvider clock, ProgrammeService programmes) : PageModel
{
    [Microsoft.AspNetCore.Mvc.BindProperty(SupportsGet = true)] public string? Date { get; set; }
    [Microsoft.AspNetCore.Mvc.BindProperty(SupportsGet = true)] public int? Municipality { get; set; }
    [Microsoft.AspNetCore.Mvc.BindProperty(SupportsGet = true)] public int? Organization { get; set; }

    public DateOnly AsOf { get; private set; }
    public MonitoringLevel Level { get; private set; } = MonitoringLevel.All;
    public string Title { get; private set; } = "";
    public IndicatorStructure S { get; private set; } = null!;
    public List<IndicatorStructure.Part> ByForm => S.ByForm;
    public List<IndicatorStructure.Part> ByKind => S.ByKind;
    public List<IndicatorStructure.Part> ByCategory => S.ByCategory;
    public bool SensitiveHidden => S.SensitiveHidden;
    public int LiveProgrammes => S.LiveProgrammes;
    public int AtRisk => S.AtRisk;
    public int LiveWithoutProgramme => S.LiveWithoutProgramme;
    public List<(string Kind, string Name, int Programmes)> WarningKinds => S.WarningKinds;
    public List<IndicatorStructure.Point> Trend => S.Trend;

    public async Task OnGetAsync()
    {
        AsOf = IndicatorWeb.ParseDate(Date, clock);
        Level = await IndicatorWeb.LevelAsync(db, Municipality, Organization);
        Title = await TitleAsync(new IndicatorCalculator(db));
        S = await IndicatorStructure.LoadAsync(db, programmes, Level, AsOf, HttpContext.RequestAborted);
    }

    private async Task<string> TitleAsync(IndicatorCalculator calc)
    {
        if (Level.OrganizationId is { } o) return await calc.Organizations(Level).Select(x => x.Name).FirstOrDefaultAsync() ?? "организация";
        if (Level.MunicipalityId is { } m) return await db.Municipalities.AsNoTracking().Where(x => x.Id == m).Select(x => x.Name).FirstOrDefaultAsync() ?? "муниципалитет";
        return "все доступные муниципалитеты";
    }

    private static string Id(int id) => id.ToString(CultureInfo.InvariantCulture);

    public string Link(string page, string? extra = null) =>
        page + "?date=" + AsOf.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)
        + (Municipality is { } m ? "&municipality=" + Id(m) : "")
        + (Organization is { } o ? "&organization=" + Id(o) : "")
        + (extra is null ? "" : "&" + extra);

    public static int Bar(double? share) => share is { } s ? (int)Math.Round(Math.Clamp(s, 0, 100), MidpointRounding.AwayFromZero) : 0;
}
