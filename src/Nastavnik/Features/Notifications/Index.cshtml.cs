using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Nastavnik.Data;
using Nastavnik.Platform.Auth;

namespace Nastavnik.Features.Notifications;

/// <summary>The signed-in user's notifications, newest first; read ones stay for reference.</summary>
[Authorize(Policy = Permissions.SignedIn)]
public sealed class IndexModel(AppDbContext db, TimeProvider clock) : PageModel
{
    public List<Notification> Items { get; private set; } = [];

    private string? UserId => User.FindFirst(System.Security.Claims.ClaimTypes.NameIdentifier)?.Value;

    public async Task OnGetAsync(CancellationToken ct) =>
        Items = await db.Notifications.AsNoTracking().Where(n => n.UserId == UserId).OrderByDescending(n => n.Id).Take(200).ToListAsync(ct);

    public async Task<IActionResult> OnPostReadAsync(long id, CancellationToken ct)
    {
        var n = await db.Notifications.FirstOrDefaultAsync(x => x.Id == id && x.UserId == UserId, ct);
        if (n is null) return NotFound();
        n.ReadAt ??= clock.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(ct);
        return n.Link is { } link && link.StartsWith('/') ? Redirect(link) : Redirect("/notifications");
    }

    public async Task<IActionResult> OnPostReadAllAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await db.Notifications.Where(x => x.UserId == UserId && x.ReadAt == null).ExecuteUpdateAsync(s => s.SetProperty(x => x.ReadAt, now), ct);
        return Redirect("/notifications");
    }

    /// <summary>For the bell in the header.</summary>
    public static Task<int> UnreadAsync(AppDbContext db, string userId) => db.Notifications.CountAsync(n => n.UserId == userId && n.ReadAt == null);
}
