using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Nastavnik.Data;
using Nastavnik.Platform.Auth;

namespace Nastavnik.Features.Roadmaps;

[Authorize(Policy = Permissions.RoadmapsRead)]
public sealed class IndexModel(AppDbContext db, TimeProvider clock) : PageModel
{
    public const int PageSize = 50;
    public sealed record Row(int Id, string Title, string Owner, bool Municipal, string Period, RoadmapStatus Status, RoadmapProgress Progress);
    public sealed record Option(string Value, string Name);

    /// <summary>Owner filter: "m" municipal roadmaps, "o" all organisations', "o:12" one organisation's.</summary>
    [BindProperty(SupportsGet = true)] public string? Owner { get; set; }
    [BindProperty(SupportsGet = true)] public RoadmapStatus? Status { get; set; }
    [BindProperty(SupportsGet = true)] public int? M { get; set; }
    [BindProperty(SupportsGet = true)] public int P { get; set; } = 1;

    public List<Row> Items { get; private set; } = [];
    public List<Option> OwnerOptions { get; private set; } = [];
    public List<Option> MunicipalityOptions { get; private set; } = [];
    public int Total { get; private set; }
    public int Pages => (Total + PageSize - 1) / PageSize;
    public bool CanCreate => db.Scope.Has(Permissions.RoadmapsWrite);
    public bool CanApprove => db.Scope.Has(Permissions.RoadmapsApprove);
    /// <summary>The school whose local acts the user records (a head or curator): its acts page is linked from here.</summary>
    public int? OwnOrganizationId => db.Scope.For(Permissions.RoadmapsWrite).Roles
        .FirstOrDefault(r => r.Role is Role.Head or Role.Curator && r.OrganizationId is not null)?.OrganizationId;
    public int SchoolYear => RoadmapWeb.SchoolYearOf(RoadmapWeb.Today(clock));

    public async Task OnGetAsync()
    {
        if (P < 1) P = 1;
        var today = RoadmapWeb.Today(clock);
        var all = db.Roadmaps.AsNoTracking();
        MunicipalityOptions = await db.Municipalities.AsNoTracking().Where(m => all.Any(r => r.MunicipalityId == m.Id)).OrderBy(m => m.Name)
            .Select(m => new Option(m.Id.ToString(), m.Name)).ToListAsync();
        OwnerOptions = [new("m", "Муниципальные"), new("o", "Всех организаций")];
        OwnerOptions.AddRange(await db.Organizations.AsNoTracking().Where(o => all.Any(r => r.OrganizationId == o.Id)).OrderBy(o => o.Name)
            .Select(o => new Option("o:" + o.Id, o.Name)).Take(500).ToListAsync());

        var q = all;
        if (M is not null) q = q.Where(r => r.MunicipalityId == M);
        if (Status is not null) q = q.Where(r => r.Status == Status);
        if (Owner == "m") q = q.Where(r => r.OrganizationId == null);
        else if (Owner == "o") q = q.Where(r => r.OrganizationId != null);
        else if (Owner is { Length: > 2 } && Owner.StartsWith("o:", StringComparison.Ordinal) && int.TryParse(Owner[2..], out var orgId))
            q = q.Where(r => r.OrganizationId == orgId);
        Total = await q.CountAsync();
        var page = await q.OrderByDescending(r => r.PeriodStart).ThenBy(r => r.OrganizationId != null).ThenBy(r => r.Municipality!.Name)
            .ThenBy(r => r.Organization!.Name).ThenBy(r => r.Id)
            .Skip((P - 1) * PageSize).Take(PageSize)
            .Select(r => new { r.Id, r.Title, Owner = r.Organization != null ? r.Organization.Name : r.Municipality!.Name, Municipal = r.OrganizationId == null, r.PeriodText, r.Status })
            .ToListAsync();
        var progress = await RoadmapProgress.ForRoadmapsAsync(db, page.Select(r => r.Id).ToList(), today);
        Items = page.Select(r => new Row(r.Id, r.Title, r.Owner, r.Municipal, r.PeriodText, r.Status, progress.GetValueOrDefault(r.Id, RoadmapProgress.Empty))).ToList();
    }

    public string PageLink(int p) => "/roadmaps" + QueryString.Create(new Dictionary<string, string?>
    {
        ["owner"] = Owner, ["status"] = Status?.ToString(), ["m"] = M?.ToString(), ["p"] = p.ToString(),
    }.Where(kv => kv.Value is not null)).ToUriComponent();
}
