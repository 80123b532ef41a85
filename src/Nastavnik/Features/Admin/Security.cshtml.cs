using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Nastavnik.Data;
using Nastavnik.Platform.Audit;
using Nastavnik.Platform.Auth;
using Nastavnik.Platform.Web;

namespace Nastavnik.Features.Admin;

/// <summary>
/// Which management roles must sign in with a second factor. ScopedClaimsFactory reads the table when it builds a
/// user's claims; the TwoFactorEnforcement middleware then keeps users without 2FA on the set-up page.
/// </summary>
[Authorize(Policy = Permissions.UsersManage)]
public sealed class SecurityModel(AppDbContext db, UserManager<AppUser> users, SignInManager<AppUser> signIn, AuditLog audit) : PageModel
{
    public sealed record Row(Role Role, bool Required, int Users, int WithoutTwoFactor);

    public List<Row> Rows { get; private set; } = [];

    public async Task OnGetAsync() => await LoadAsync();

    public async Task<IActionResult> OnPostAsync(List<Role> required)
    {
        if (!ModelState.IsValid || required.Any(r => !RoleScopes.IsManagementRole(r)))
        {
            TempData["FlashError"] = "Двухфакторную аутентификацию можно требовать только для управленческих ролей.";
            return RedirectToPage();
        }
        var wanted = required.Distinct().ToHashSet();
        var current = await db.TwoFactorRequirements.ToListAsync();
        var changed = current.Select(t => t.Role).ToHashSet();
        changed.SymmetricExceptWith(wanted);
        var changedRoles = changed.ToList();
        if (changedRoles.Count == 0)
        {
            TempData["Flash"] = "Изменений нет.";
            return RedirectToPage();
        }

        // Only users without 2FA are affected: for the others the requirement changes nothing.
        var affected = await db.Users.Where(u => !u.TwoFactorEnabled && db.RoleAssignments.Any(r => r.UserId == u.Id && changedRoles.Contains(r.Role))).ToListAsync();
        var added = changedRoles.Where(wanted.Contains).ToList();
        var mustSetUp = added.Count == 0 ? 0
            : await db.Users.CountAsync(u => !u.TwoFactorEnabled && !u.IsDisabled && db.RoleAssignments.Any(r => r.UserId == u.Id && added.Contains(r.Role)));
        await using (var tx = await db.Database.BeginTransactionAsync())
        {
            db.TwoFactorRequirements.RemoveRange(current.Where(t => !wanted.Contains(t.Role)));
            db.TwoFactorRequirements.AddRange(wanted.Where(r => current.All(t => t.Role != r)).Select(r => new TwoFactorRequirement { Role = r }));
            audit.Add(AuditActions.Update, "2fa-policy", null,
                "2FA обязательна для: " + (wanted.Count == 0 ? "никого" : string.Join(", ", wanted.Order())) + $"; обновлены сеансы пользователей: {affected.Count}");
            await db.SaveChangesAsync();
            // One by one through Identity (its stamp format and validation); inside one transaction this is one commit.
            foreach (var user in affected) await users.UpdateSecurityStampAsync(user);
            await tx.CommitAsync();
        }
        // The administrator's own cookie is re-issued at once, so a new requirement for them applies on the next page.
        if (affected.FirstOrDefault(u => u.Id == User.UserId()) is { } self) await signIn.RefreshSignInAsync(self);
        TempData["Flash"] = mustSetUp == 0 ? "Настройки сохранены."
            : $"Настройки сохранены. Пользователей, которым теперь нужно настроить двухфакторную аутентификацию: {mustSetUp}; система попросит их сделать это при следующем входе.";
        return RedirectToPage();
    }

    private async Task LoadAsync()
    {
        var required = await db.TwoFactorRequirements.AsNoTracking().Select(t => t.Role).ToListAsync();
        var management = Enum.GetValues<Role>().Where(RoleScopes.IsManagementRole).ToList();
        var holders = await db.RoleAssignments.AsNoTracking().Where(r => management.Contains(r.Role))
            .Join(db.Users.Where(u => !u.IsDisabled), r => r.UserId, u => u.Id, (r, u) => new { r.Role, u.Id, u.TwoFactorEnabled })
            .ToListAsync();
        Rows = [.. management.Select(r =>
        {
            var h = holders.Where(x => x.Role == r).DistinctBy(x => x.Id).ToList();
            return new Row(r, required.Contains(r), h.Count, h.Count(x => !x.TwoFactorEnabled));
        })];
    }
}
