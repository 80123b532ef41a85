using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Nastavnik.Data;
using Nastavnik.Platform.Auth;

namespace Nastavnik.Features.Organizations;

[Authorize(Policy = Permissions.OrganizationsRead)]
public sealed class IndexModel(AppDbContext db) : PageModel
{
    public const int PageSize = 50;
    public sealed record Row(int Id, string Name, OrganizationKind Kind, string Municipality, int? PupilCount, int? TeacherCount);
    public sealed record Option(int Id, string Name);

    [BindProperty(SupportsGet = true)] public string? Q { get; set; }
    [BindProperty(SupportsGet = true)] public int? M { get; set; }
    [BindProperty(SupportsGet = true)] public OrganizationKind? Kind { get; set; }
    [BindProperty(SupportsGet = true)] public bool Archived { get; set; }
    [BindProperty(SupportsGet = true)] public int P { get; set; } = 1;

    public List<Row> Items { get; private set; } = [];
    public List<Option> MunicipalityOptions { get; private set; } = [];
    public int Total { get; private set; }
    public int Pages => (Total + PageSize - 1) / PageSize;
    public bool CanCreate => db.Scope.Has(Permissions.OrganizationsWrite) && db.Scope.For(Permissions.OrganizationsWrite).Roles.Any(r => r.Role != Role.Head);
    public bool CanEdit => db.Scope.Has(Permissions.OrganizationsWrite);

    public async Task OnGetAsync()
    {
        if (P < 1) P = 1;
        MunicipalityOptions = await db.Municipalities.AsNoTracking().Where(m => !m.IsArchived).OrderBy(m => m.Name).Select(m => new Option(m.Id, m.Name)).ToListAsync();
        var q = OrganizationQueries.Filter(db.Organizations.AsNoTracking(), Q, M, Kind, Archived);
        Total = await q.CountAsync();
        Items = await q.OrderBy(o => o.Municipality!.Name).ThenBy(o => o.Name).Skip((P - 1) * PageSize).Take(PageSize)
            .Select(o => new Row(o.Id, o.Name, o.Kind, o.Municipality!.Name, o.PupilCount, o.TeacherCount)).ToListAsync();
    }

    public string PageLink(int p) => QueryString.Create(new Dictionary<string, string?>
    {
        ["q"] = Q, ["m"] = M?.ToString(), ["kind"] = Kind?.ToString(), ["archived"] = Archived ? "true" : null, ["p"] = p.ToString(),
    }.Where(kv => kv.Value is not null)).ToUriComponent() is var qs ? "/organizations" + qs : "/organizations";
}
