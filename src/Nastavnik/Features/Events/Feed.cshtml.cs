using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Nastavnik.Data;
using Nastavnik.Platform.Auth;
using Nastavnik.Platform.Tenancy;

namespace Nastavnik.Features.Events;

/// <summary>
/// A calendar feed a phone or Outlook can subscribe to: calendar apps send no cookies, so the URL carries a
/// per-user secret. Only its SHA-256 is stored (in Identity's user tokens); the feed shows what the user's roles
/// show on the calendar page, plus the meetings of the user's mentoring pairs (<see cref="Programmes.MeetingCalendar"/>).
/// Issuing a new link revokes the old one.
/// </summary>
[AllowAnonymous]
[IgnoreAntiforgeryToken]
public sealed class FeedModel(AppDbContext db, CurrentScope current, TimeProvider clock, Programmes.MeetingCalendar meetings) : PageModel
{
    public const string Provider = "Nastavnik";
    public const string TokenName = "calendar-feed";

    public static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    public async Task<IActionResult> OnGetAsync(string? token)
    {
        if (string.IsNullOrEmpty(token) || token.Length > 100) return NotFound();
        var hash = Hash(token);
        var userId = await db.UserTokens.AsNoTracking().Where(t => t.LoginProvider == Provider && t.Name == TokenName && t.Value == hash)
            .Select(t => t.UserId).FirstOrDefaultAsync();
        if (userId is null || await db.Users.AsNoTracking().AnyAsync(u => u.Id == userId && u.IsDisabled)) return NotFound();
        var roles = await db.RoleAssignments.AsNoTracking().Where(r => r.UserId == userId).ToListAsync();
        current.Set(TenantScope.FromRoles(roles.Select(r => new ScopedRole(r.Role, r.RegionId, r.MunicipalityId, r.OrganizationId))));
        if (!current.Value.Has(Permissions.EventsRead)) return NotFound();
        var from = DateOnly.FromDateTime(clock.GetLocalNow().DateTime).AddMonths(-3);
        var events = await db.Events.AsNoTracking().Include(e => e.ExtraDates).Where(e => (e.EndsOn ?? e.StartsOn) >= from || e.ExtraDates.Any(d => d.On >= from))
            .OrderBy(e => e.StartsOn).Take(2000).ToListAsync();
        var own = await meetings.ForUserAsync(userId, roles, from, $"{Request.Scheme}://{Request.Host}", Request.Host.Host, HttpContext.RequestAborted);
        return File(Encoding.UTF8.GetBytes(Ical.Build(events, Request.Host.Host, clock.GetUtcNow().UtcDateTime, own, clock.LocalTimeZone)), "text/calendar; charset=utf-8");
    }
}
