using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Nastavnik.Data;
using Nastavnik.Features.Programmes;
using Nastavnik.Platform.Auth;

namespace Nastavnik.Features.Practices;

/// <summary>
/// Банк лучших практик: the published practices of the user's region, by form and direction; curators and heads
/// also see their school's practices under review or returned, coordinators those waiting for their decision.
/// </summary>
[Authorize(Policy = Permissions.PracticesRead)]
public sealed class IndexModel(AppDbContext db, PracticeService practices) : PageModel
{
    public sealed record Row(Practice Practice, string Form, string Organization);
    public sealed record Option(int Id, string Name);

    [BindProperty(SupportsGet = true)] public int? FormId { get; set; }
    [BindProperty(SupportsGet = true)] public ProgramDirection? Direction { get; set; }
    [BindProperty(SupportsGet = true)] public PracticeStatus? Status { get; set; }

    public List<Row> Rows { get; } = [];
    public List<Option> Forms { get; private set; } = [];
    public bool SeesReview { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        // The library of a region is small (dozens to hundreds of practices): read it once, filter in memory.
        var all = (await db.Practices.AsNoTracking().OrderByDescending(p => p.DecidedAt ?? p.ProposedAt).ThenByDescending(p => p.Id).ToListAsync(ct))
            .Where(p => p.Status == PracticeStatus.Published || practices.SeesUnpublished(p)).ToList();
        SeesReview = all.Any(p => p.Status != PracticeStatus.Published);
        var formIds = all.Select(p => p.FormId).Distinct().ToList();
        // Practices are read within the viewer's region, so their forms pass the region filter as they are.
        var forms = await db.MentoringForms.AsNoTracking().Where(f => formIds.Contains(f.Id)).ToDictionaryAsync(f => f.Id, f => f.Name, ct);
        Forms = [.. forms.OrderBy(f => f.Value, StringComparer.Create(Platform.Web.WebHost.Russian, false)).Select(f => new Option(f.Key, f.Value))];
        var orgIds = all.Select(p => p.OrganizationId).Distinct().ToList();
        // Names of the source schools only (a practice is shared across the region; the organisations themselves may be outside the viewer's scope).
        // Source schools of the practices listed above only (the viewer may read those practices); PracticeTests covers it.
        var orgs = await db.Organizations.IgnoreQueryFilters().AsNoTracking().Where(o => orgIds.Contains(o.Id)).ToDictionaryAsync(o => o.Id, o => o.Name, ct);
        foreach (var p in all)
        {
            if (FormId is { } f && p.FormId != f) continue;
            if (Direction is { } d && !p.DirectionList.Contains(d)) continue;
            if (Status is { } s ? p.Status != s : p.Status == PracticeStatus.Returned && !practices.CanPropose(p.RegionId, p.MunicipalityId, p.OrganizationId)) continue;
            Rows.Add(new Row(p, forms.GetValueOrDefault(p.FormId, ""), orgs.GetValueOrDefault(p.OrganizationId, "")));
        }
    }
}
