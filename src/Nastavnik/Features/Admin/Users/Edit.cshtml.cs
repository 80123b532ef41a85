using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Nastavnik.Data;
using Nastavnik.Platform.Audit;
using Nastavnik.Platform.Auth;
using Nastavnik.Platform.Web;

namespace Nastavnik.Features.Admin.Users;

/// <summary>
/// One account: its card, its roles, its password and its state. The page has several small forms; each handler
/// binds only its own form (by prefix), so a half-filled role form never blocks saving the card and vice versa.
/// Every change that alters what the account may do, or whether it may sign in, renews the security stamp:
/// the cookie validator then ends the user's sessions at its next check (within a minute, see WebHost).
/// </summary>
[Authorize(Policy = Permissions.UsersManage)]
public sealed class EditModel(AppDbContext db, UserManager<AppUser> users, SignInManager<AppUser> signIn, AuditLog audit, TimeProvider clock)
    : PageModel
{
    public sealed class InputModel
    {
        [Display(Name = "ФИО"), Required, StringLength(300, MinimumLength = 3)]
        public string? FullName { get; set; }
        [Display(Name = "Электронная почта (логин)"), Required, EmailAddress, StringLength(256)]
        public string? Email { get; set; }
        /// <summary>Only when creating; Identity's validators (length, common passwords) decide, their errors go next to the field.</summary>
        [Display(Name = "Начальный пароль"), DataType(DataType.Password), StringLength(PasswordRules.MaxLength)]
        public string? Password { get; set; }
        public string? ConcurrencyStamp { get; set; }
    }

    public sealed class GrantModel
    {
        [Display(Name = "Роль"), Required]
        public Role? Role { get; set; }
        [Display(Name = "Регион")]
        public int? RegionId { get; set; }
        [Display(Name = "Муниципалитет")]
        public int? MunicipalityId { get; set; }
        [Display(Name = "Организация")]
        public int? OrganizationId { get; set; }
    }

    public sealed class ResetModel
    {
        [Display(Name = "Новый пароль"), Required, DataType(DataType.Password), StringLength(PasswordRules.MaxLength)]
        public string? NewPassword { get; set; }
    }

    public sealed record RoleRow(int Id, string Text, DateTime AssignedAt, string? AssignedBy);

    [BindProperty(SupportsGet = true)] public string? Id { get; set; }
    public InputModel Input { get; set; } = new();
    public GrantModel Grant { get; set; } = new();
    public ResetModel Reset { get; set; } = new();

    public ScopeOptions Options { get; private set; } = new();
    public List<RoleRow> Roles { get; private set; } = [];
    public string FullName { get; private set; } = "";
    public bool IsDisabled { get; private set; }
    public DateTime? LockedUntil { get; private set; }
    public int FailedAttempts { get; private set; }
    public bool TwoFactorEnabled { get; private set; }
    public DateTime CreatedAt { get; private set; }
    public bool IsSelf { get; private set; }

    public async Task<IActionResult> OnGetAsync()
    {
        if (Id is null) return Page();
        var user = await users.FindByIdAsync(Id);
        if (user is null) return NotFound();
        await LoadAsync(user, fillInput: true);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync([Bind(Prefix = "Input")] InputModel input)
    {
        Input = input;
        Input.Password = Id is null ? Input.Password : null;
        AppUser? user = null;
        if (Id is not null)
        {
            user = await users.FindByIdAsync(Id);
            if (user is null) return NotFound();
        }
        if (user is null && string.IsNullOrEmpty(Input.Password))
            ModelState.AddModelError("Input.Password", "Задайте начальный пароль: пользователь войдёт с ним и сможет сменить его в профиле.");
        var email = Input.Email?.Trim() ?? "";
        if (user is null && !string.IsNullOrEmpty(Input.Password))
        {
            // Identity stops at the first failing check (password before e-mail); the administrator sees every problem at once.
            var candidate = new AppUser { UserName = email, Email = email, FullName = Input.FullName ?? "" };
            foreach (var validator in users.PasswordValidators)
                AddIdentityErrors(await validator.ValidateAsync(users, candidate, Input.Password), "Input.Password");
        }
        if (email.Length > 0 && await users.FindByEmailAsync(email) is { } other && other.Id != user?.Id)
            ModelState.AddModelError("Input.Email", "Пользователь с таким адресом уже существует.");
        if (!ModelState.IsValid) return await Redisplay(user, fillInput: false);

        var fullName = string.Join(' ', Input.FullName!.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        if (user is null)
        {
            user = new AppUser { UserName = email, Email = email, EmailConfirmed = true, FullName = fullName, CreatedAt = clock.GetUtcNow().UtcDateTime };
            await using var tx = await db.Database.BeginTransactionAsync();
            var created = await users.CreateAsync(user, Input.Password!);
            if (!created.Succeeded)
            {
                AddIdentityErrors(created, "Input.Password");
                return await Redisplay(null, fillInput: false);
            }
            await audit.WriteAsync(AuditActions.Create, "user", user.Id);
            await tx.CommitAsync();
            TempData["Flash"] = $"Пользователь «{user.FullName}» создан. Назначьте ему роль.";
            return Redirect($"/admin/users/edit/{user.Id}");
        }

        var emailChanged = !string.Equals(user.Email, email, StringComparison.OrdinalIgnoreCase);
        var changed = new List<string>();
        if (user.FullName != fullName) changed.Add("ФИО");
        if (user.Email != email) changed.Add("e-mail");
        if (changed.Count == 0)
        {
            TempData["Flash"] = "Изменений нет.";
            return Redirect($"/admin/users/edit/{user.Id}");
        }
        // Optimistic concurrency against the stamp the form was opened with. Identity's store checks only the stamp it
        // loaded in this request (it resets the original value), so a stale form is compared here.
        if (Input.ConcurrencyStamp != user.ConcurrencyStamp)
        {
            ModelState.AddModelError("", "Пока вы редактировали, учётную запись изменил другой администратор или сам пользователь. Обновите страницу и внесите изменения ещё раз.");
            return await Redisplay(user, fillInput: false);
        }
        user.FullName = fullName;
        user.Email = email;
        user.UserName = email;
        user.EmailConfirmed = true;
        await using (var tx = await db.Database.BeginTransactionAsync())
        {
            // The e-mail is the login, so a new one ends the old sessions; a new name only needs the claims refreshed.
            var result = emailChanged ? await users.UpdateSecurityStampAsync(user) : await users.UpdateAsync(user);
            if (!result.Succeeded)
            {
                AddIdentityErrors(result, "Input.Email");
                return await Redisplay(user, fillInput: false);
            }
            await audit.WriteAsync(AuditActions.Update, "user", user.Id, "изменены поля: " + string.Join(", ", changed));
            await tx.CommitAsync();
        }
        await RefreshIfSelf(user);
        TempData["Flash"] = "Изменения сохранены.";
        return Redirect($"/admin/users/edit/{user.Id}");
    }

    public async Task<IActionResult> OnPostGrantAsync([Bind(Prefix = "Grant")] GrantModel grant)
    {
        Grant = grant;
        var user = Id is null ? null : await users.FindByIdAsync(Id);
        if (user is null) return NotFound();
        if (!ModelState.IsValid) return await Redisplay(user, fillInput: true);
        var role = Grant.Role!.Value;
        var scope = await ScopeOptions.ResolveAsync(db, ModelState, "Grant", role, Grant.RegionId, Grant.MunicipalityId, Grant.OrganizationId);
        if (scope is null) return await Redisplay(user, fillInput: true);
        if (await db.RoleAssignments.AnyAsync(r => r.UserId == user.Id && r.Role == role
                && r.RegionId == scope.RegionId && r.MunicipalityId == scope.MunicipalityId && r.OrganizationId == scope.OrganizationId))
        {
            ModelState.AddModelError("Grant.Role", "Эта роль с этой областью действия уже назначена.");
            return await Redisplay(user, fillInput: true);
        }
        await using (var tx = await db.Database.BeginTransactionAsync())
        {
            db.RoleAssignments.Add(new RoleAssignment
            {
                UserId = user.Id, Role = role, RegionId = scope.RegionId, MunicipalityId = scope.MunicipalityId, OrganizationId = scope.OrganizationId,
                AssignedAt = clock.GetUtcNow().UtcDateTime, AssignedBy = User.Identity?.Name,
            });
            audit.Add(AuditActions.RoleGranted, "user", user.Id, AuditDetails(role, scope), scope.OrganizationId);
            await db.SaveChangesAsync();
            await users.UpdateSecurityStampAsync(user);
            await tx.CommitAsync();
        }
        await RefreshIfSelf(user);
        var names = await ScopeNames.LoadAsync(db, [scope]);
        TempData["Flash"] = $"Роль назначена: {names.Describe(role, scope)}.";
        return Redirect($"/admin/users/edit/{user.Id}");
    }

    public async Task<IActionResult> OnPostRevokeAsync(int assignmentId)
    {
        var user = Id is null ? null : await users.FindByIdAsync(Id);
        if (user is null) return NotFound();
        var a = await db.RoleAssignments.FirstOrDefaultAsync(r => r.Id == assignmentId && r.UserId == user.Id);
        if (a is null) return NotFound();
        if (a.Role == Role.Administrator && !user.IsDisabled
            && !await db.RoleAssignments.AnyAsync(r => r.Role == Role.Administrator && r.Id != a.Id && db.Users.Any(u => u.Id == r.UserId && !u.IsDisabled)))
        {
            TempData["FlashError"] = "Нельзя снять последнюю роль администратора: в системе не останется никого, кто управляет пользователями. Сначала назначьте администратором другого человека.";
            return Redirect($"/admin/users/edit/{user.Id}");
        }
        var scope = new ScopeIds(a.RegionId, a.MunicipalityId, a.OrganizationId);
        await using (var tx = await db.Database.BeginTransactionAsync())
        {
            db.RoleAssignments.Remove(a);
            audit.Add(AuditActions.RoleRevoked, "user", user.Id, AuditDetails(a.Role, scope), a.OrganizationId);
            await db.SaveChangesAsync();
            await users.UpdateSecurityStampAsync(user);
            await tx.CommitAsync();
        }
        await RefreshIfSelf(user);
        var names = await ScopeNames.LoadAsync(db, [scope]);
        TempData["Flash"] = $"Роль снята: {names.Describe(a.Role, scope)}.";
        return Redirect($"/admin/users/edit/{user.Id}");
    }

    public async Task<IActionResult> OnPostPasswordAsync([Bind(Prefix = "Reset")] ResetModel reset)
    {
        Reset = new ResetModel();
        var user = Id is null ? null : await users.FindByIdAsync(Id);
        if (user is null) return NotFound();
        if (!ModelState.IsValid) return await Redisplay(user, fillInput: true);
        // The reset token path validates the new password like any other change and renews the security stamp,
        // so whoever knew the old password is signed out.
        await using (var tx = await db.Database.BeginTransactionAsync())
        {
            var token = await users.GeneratePasswordResetTokenAsync(user);
            var result = await users.ResetPasswordAsync(user, token, reset.NewPassword!);
            if (!result.Succeeded)
            {
                AddIdentityErrors(result, "Reset.NewPassword");
                return await Redisplay(user, fillInput: true);
            }
            await audit.WriteAsync(AuditActions.PasswordReset, "user", user.Id);
            await tx.CommitAsync();
        }
        await RefreshIfSelf(user);
        TempData["Flash"] = "Пароль изменён. Сообщите его пользователю лично или по телефону, не по почте.";
        return Redirect($"/admin/users/edit/{user.Id}");
    }

    public Task<IActionResult> OnPostDisableAsync() => SetDisabled(true);
    public Task<IActionResult> OnPostEnableAsync() => SetDisabled(false);

    private async Task<IActionResult> SetDisabled(bool disabled)
    {
        var user = Id is null ? null : await users.FindByIdAsync(Id);
        if (user is null) return NotFound();
        if (disabled && user.Id == User.UserId())
        {
            TempData["FlashError"] = "Нельзя отключить собственную учётную запись.";
            return Redirect($"/admin/users/edit/{user.Id}");
        }
        if (disabled && await db.RoleAssignments.AnyAsync(r => r.UserId == user.Id && r.Role == Role.Administrator)
            && !await db.RoleAssignments.AnyAsync(r => r.Role == Role.Administrator && r.UserId != user.Id && db.Users.Any(u => u.Id == r.UserId && !u.IsDisabled)))
        {
            TempData["FlashError"] = "Нельзя отключить последнего администратора системы. Сначала назначьте администратором другого человека.";
            return Redirect($"/admin/users/edit/{user.Id}");
        }
        if (user.IsDisabled != disabled)
        {
            user.IsDisabled = disabled;
            await using var tx = await db.Database.BeginTransactionAsync();
            // The login page refuses disabled accounts; the new stamp ends the sessions already open.
            await users.UpdateSecurityStampAsync(user);
            await audit.WriteAsync(AuditActions.Update, "user", user.Id, disabled ? "учётная запись отключена" : "учётная запись включена");
            await tx.CommitAsync();
        }
        TempData["Flash"] = disabled ? "Учётная запись отключена: пользователь не сможет войти, открытые сеансы завершатся в течение минуты."
            : "Учётная запись снова включена.";
        return Redirect($"/admin/users/edit/{user.Id}");
    }

    public async Task<IActionResult> OnPostUnlockAsync()
    {
        var user = Id is null ? null : await users.FindByIdAsync(Id);
        if (user is null) return NotFound();
        await using (var tx = await db.Database.BeginTransactionAsync())
        {
            await users.SetLockoutEndDateAsync(user, null);
            await users.ResetAccessFailedCountAsync(user);
            await audit.WriteAsync(AuditActions.Update, "user", user.Id, "блокировка после неудачных входов снята");
            await tx.CommitAsync();
        }
        TempData["Flash"] = "Блокировка снята: пользователь может войти.";
        return Redirect($"/admin/users/edit/{user.Id}");
    }

    private async Task<IActionResult> Redisplay(AppUser? user, bool fillInput)
    {
        if (user is not null) await LoadAsync(user, fillInput);
        return Page();
    }

    private async Task LoadAsync(AppUser user, bool fillInput)
    {
        // The heading shows the stored name, not the one from a form that failed to save.
        FullName = db.Entry(user).Property(u => u.FullName).OriginalValue ?? user.FullName;
        if (fillInput) Input = new InputModel { FullName = user.FullName, Email = user.Email, ConcurrencyStamp = user.ConcurrencyStamp };
        IsDisabled = user.IsDisabled;
        LockedUntil = user.LockoutEnd > clock.GetUtcNow() ? user.LockoutEnd.Value.UtcDateTime : null;
        FailedAttempts = user.AccessFailedCount;
        TwoFactorEnabled = user.TwoFactorEnabled;
        CreatedAt = user.CreatedAt;
        IsSelf = user.Id == User.UserId();
        var roles = await db.RoleAssignments.AsNoTracking().Where(r => r.UserId == user.Id).OrderBy(r => r.Role).ThenBy(r => r.Id).ToListAsync();
        var names = await ScopeNames.LoadAsync(db, roles.Select(r => new ScopeIds(r.RegionId, r.MunicipalityId, r.OrganizationId)));
        Roles = [.. roles.Select(r => new RoleRow(r.Id, names.Describe(r.Role, new ScopeIds(r.RegionId, r.MunicipalityId, r.OrganizationId)), r.AssignedAt, r.AssignedBy))];
        Options = await ScopeOptions.LoadAsync(db);
    }

    /// <summary>An administrator changing their own account keeps working: the cookie is re-issued with the new stamp.</summary>
    private async Task RefreshIfSelf(AppUser user)
    {
        if (user.Id == User.UserId()) await signIn.RefreshSignInAsync(user);
    }

    /// <summary>Identity's (Russian) errors next to the field they concern; each message once.</summary>
    private void AddIdentityErrors(IdentityResult result, string passwordField)
    {
        foreach (var e in result.Errors)
        {
            var field = e.Code.StartsWith("Password", StringComparison.Ordinal) ? passwordField
                : e.Code is "DuplicateEmail" or "DuplicateUserName" or "InvalidEmail" or "InvalidUserName" ? "Input.Email"
                : "";
            if (ModelState.TryGetValue(field, out var entry) && entry.Errors.Any(x => x.ErrorMessage == e.Description)) continue;
            ModelState.AddModelError(field, e.Description);
        }
    }

    private static string AuditDetails(Role role, ScopeIds s) => string.Join(", ", new[]
    {
        "роль " + role,
        s.RegionId is { } r ? "регион " + r : null,
        s.MunicipalityId is { } m ? "муниципалитет " + m : null,
        s.OrganizationId is { } o ? "организация " + o : null,
    }.OfType<string>());
}
