using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Nastavnik.Data;
using Nastavnik.Platform.Auth;

namespace Nastavnik.Features.Admin.Users;

[Authorize(Policy = Permissions.UsersManage)]
public sealed class IndexModel(AppDbContext db, TimeProvider clock) : PageModel
{
    public const int PageSize = 50;
    public sealed record Row(string Id, string FullName, string? Email, List<string> Roles, bool TwoFactor, bool Locked, bool Disabled);

    [BindProperty(SupportsGet = true)] public string? Q { get; set; }
    [BindProperty(SupportsGet = true)] public int P { get; set; } = 1;

    public List<Row> Items { get; private set; } = [];
    public int Total { get; private set; }
    public int Pages => (Total + PageSize - 1) / PageSize;

    public async Task OnGetAsync()
    {
        if (P < 1) P = 1;
        var q = db.Users.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(Q))
        {
            // E-mail through the normalized (upper-case) column; names as typed, in lower, upper and title case
            // («морозова елена» finds «Морозова Елена»), because SQLite's lower()/upper() know only ASCII.
            var t = Q.Trim();
            var upper = t.ToUpperInvariant();
            var lower = t.ToLowerInvariant();
            var title = Platform.Web.WebHost.Russian.TextInfo.ToTitleCase(lower);
            q = q.Where(u => u.FullName.Contains(t) || u.FullName.Contains(lower) || u.FullName.Contains(title) || u.FullName.Contains(upper)
                || (u.NormalizedEmail != null && u.NormalizedEmail.Contains(upper)));
        }
        Total = await q.CountAsync();
        var users = await q.OrderBy(u => u.FullName).ThenBy(u => u.Email).Skip((P - 1) * PageSize).Take(PageSize)
            .Select(u => new { u.Id, u.FullName, u.Email, u.TwoFactorEnabled, u.LockoutEnd, u.IsDisabled }).ToListAsync();
        var ids = users.Select(u => u.Id).ToList();
        var roles = await db.RoleAssignments.AsNoTracking().Where(r => ids.Contains(r.UserId)).OrderBy(r => r.Role).ThenBy(r => r.Id).ToListAsync();
        var names = await ScopeNames.LoadAsync(db, roles.Select(r => new ScopeIds(r.RegionId, r.MunicipalityId, r.OrganizationId)));
        // LockoutEnd is a DateTimeOffset, which SQLite cannot compare in a query; it is compared here.
        var now = clock.GetUtcNow();
        Items = [.. users.Select(u => new Row(u.Id, u.FullName, u.Email,
            [.. roles.Where(r => r.UserId == u.Id).Select(r => names.Describe(r.Role, new ScopeIds(r.RegionId, r.MunicipalityId, r.OrganizationId)))],
            u.TwoFactorEnabled, u.LockoutEnd > now, u.IsDisabled))];
    }

    public string PageLink(int p) => "/admin/users" + QueryString.Create(new Dictionary<string, string?>
    {
        ["q"] = Q, ["p"] = p.ToString(),
    }.Where(kv => !string.IsNullOrEmpty(kv.Value))).ToUriComponent();
}
