using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Nastavnik.Data;
using Nastavnik.Platform.Auth;
using Nastavnik.Platform.Email;

namespace Nastavnik.Features.Notifications;

/// <summary>
/// The signed-in user's notifications, newest first; read ones stay for reference. The user also decides here
/// whether notifications are repeated by e-mail (in-app ones always stay).
/// </summary>
[Authorize(Policy = Permissions.SignedIn)]
public sealed class IndexModel(AppDbContext db, TimeProvider clock, IOptions<EmailOptions> email) : PageModel
{
    public List<Notification> Items { get; private set; } = [];
    public bool EmailConfigured => email.Value.Enabled;
    public bool SendEmail { get; private set; } = true;
    public string? Address { get; private set; }

    private string? UserId => User.FindFirst(System.Security.Claims.ClaimTypes.NameIdentifier)?.Value;

    public async Task OnGetAsync(CancellationToken ct)
    {
        Items = await db.Notifications.AsNoTracking().Where(n => n.UserId == UserId).OrderByDescending(n => n.Id).Take(200).ToListAsync(ct);
        SendEmail = await db.Set<NotificationSettings>().AsNoTracking().Where(s => s.UserId == UserId).Select(s => (bool?)s.SendEmail).FirstOrDefaultAsync(ct) ?? true;
        Address = await db.Users.AsNoTracking().Where(u => u.Id == UserId).Select(u => u.Email).FirstOrDefaultAsync(ct);
    }

    public async Task<IActionResult> OnPostEmailAsync(bool sendEmail, CancellationToken ct)
    {
        if (UserId is not { } userId) return Challenge();
        var s = await db.Set<NotificationSettings>().FirstOrDefaultAsync(x => x.UserId == userId, ct);
        if (s is null) db.Add(s = new NotificationSettings { UserId = userId });
        s.SendEmail = sendEmail;
        await db.SaveChangesAsync(ct);
        TempData["Flash"] = sendEmail ? "Уведомления будут приходить и на электронную почту." : "Письма отключены; уведомления остаются здесь.";
        return Redirect("/notifications");
    }

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
