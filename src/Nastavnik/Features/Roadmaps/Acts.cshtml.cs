using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Nastavnik.Data;
using Nastavnik.Platform.Audit;
using Nastavnik.Platform.Auth;

namespace Nastavnik.Features.Roadmaps;

/// <summary>
/// A school's local acts for a school year (number and date of each). The head or curator records them; the
/// municipal coordinator sees them from the approvals page. The pairs order issued in the system counts by itself.
/// </summary>
[Authorize(Policy = Permissions.RoadmapsRead)]
public sealed class ActsModel(AppDbContext db, AuditLog audit, TimeProvider clock) : PageModel
{
    public sealed record Row(LocalActKind Kind, string? Number, DateOnly? AdoptedOn, string? Note, bool FromSystem);

    [BindProperty(SupportsGet = true)] public int Org { get; set; }
    [BindProperty(SupportsGet = true)] public int? Year { get; set; }
    public string Organization { get; private set; } = "";
    public bool CanWrite { get; private set; }
    public List<Row> Rows { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync() => await LoadAsync() ? Page() : NotFound();

    public async Task<IActionResult> OnPostAsync(LocalActKind kind, string? number, DateOnly? adoptedOn, string? note)
    {
        if (!await LoadAsync()) return NotFound();
        if (!CanWrite) return Forbid();
        if (adoptedOn is null || adoptedOn > RoadmapWeb.Today(clock))
        {
            TempData["FlashError"] = "Укажите дату принятия акта (не позже сегодняшнего дня).";
            return Redirect(Link());
        }
        var org = await db.Organizations.AsNoTracking().FirstAsync(o => o.Id == Org);
        var act = await db.LocalActs.FirstOrDefaultAsync(a => a.OrganizationId == Org && a.SchoolYearStart == Year && a.Kind == kind);
        if (act is null)
        {
            act = new LocalAct { OrganizationId = Org, MunicipalityId = org.MunicipalityId, RegionId = org.RegionId, SchoolYearStart = Year!.Value, Kind = kind };
            db.LocalActs.Add(act);
        }
        act.Number = string.IsNullOrWhiteSpace(number) ? null : number.Trim()[..Math.Min(number.Trim().Length, 50)];
        act.AdoptedOn = adoptedOn.Value;
        act.Note = string.IsNullOrWhiteSpace(note) ? null : note.Trim()[..Math.Min(note.Trim().Length, 500)];
        audit.Add(AuditActions.Update, "local-act", Org.ToString(System.Globalization.CultureInfo.InvariantCulture), kind.ToString(), Org);
        await db.SaveChangesAsync();
        TempData["Flash"] = "Сведения о локальном акте сохранены.";
        return Redirect(Link());
    }

    public string Link() => $"/roadmaps/acts?org={Org}&year={Year}";

    private async Task<bool> LoadAsync()
    {
        var org = await db.Organizations.AsNoTracking().FirstOrDefaultAsync(o => o.Id == Org);
        if (org is null) return false;
        Organization = org.Name;
        Year ??= RoadmapWeb.SchoolYearOf(RoadmapWeb.Today(clock));
        // The school's own head and curator record its acts; coordinators look.
        CanWrite = db.Scope.For(Permissions.RoadmapsWrite).Roles.Any(r => r.Role is Role.Head or Role.Curator && r.OrganizationId == org.Id)
            || db.Scope.Roles.Any(r => r.Role == Role.Administrator);
        var acts = await db.LocalActs.AsNoTracking().Where(a => a.OrganizationId == Org && a.SchoolYearStart == Year).ToListAsync();
        var status = await LocalActs.StatusAsync(db, [Org], Year.Value);
        Rows = [.. Enum.GetValues<LocalActKind>().Select(k => acts.FirstOrDefault(a => a.Kind == k) is { } a
            ? new Row(k, a.Number, a.AdoptedOn, a.Note, false)
            : new Row(k, null, null, null, status[Org].Contains(k)))];
        return true;
    }
}
