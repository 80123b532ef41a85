using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Nastavnik.Platform.Audit;
using Nastavnik.Platform.Auth;

namespace Nastavnik.Features.Accounts;

[Authorize(Policy = Permissions.SignedIn)]
public sealed class ProfileModel(UserManager<AppUser> users, SignInManager<AppUser> signIn, AuditLog audit) : PageModel
{
    public sealed class InputModel
    {
        [Display(Name = "Текущий пароль"), Required, DataType(DataType.Password)]
        public string CurrentPassword { get; set; } = "";

        [Display(Name = "Новый пароль"), Required, DataType(DataType.Password), StringLength(PasswordRules.MaxLength, MinimumLength = PasswordRules.MinLength)]
        public string NewPassword { get; set; } = "";

        [Display(Name = "Новый пароль ещё раз"), Required, DataType(DataType.Password), Compare(nameof(NewPassword), ErrorMessage = "Пароли не совпадают.")]
        public string ConfirmPassword { get; set; } = "";
    }

    [BindProperty] public InputModel Input { get; set; } = new();
    public string FullName { get; private set; } = "";
    public string Email { get; private set; } = "";
    public bool TwoFactorEnabled { get; private set; }

    public async Task<IActionResult> OnGetAsync()
    {
        var user = await users.GetUserAsync(User);
        if (user is null) return Challenge();
        Fill(user);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        var user = await users.GetUserAsync(User);
        if (user is null) return Challenge();
        Fill(user);
        if (!ModelState.IsValid) return Page();
        var result = await users.ChangePasswordAsync(user, Input.CurrentPassword, Input.NewPassword);
        if (!result.Succeeded)
        {
            foreach (var e in result.Errors)
                ModelState.AddModelError(e.Code == "PasswordMismatch" ? "Input.CurrentPassword" : "Input.NewPassword",
                    e.Code == "PasswordMismatch" ? "Текущий пароль введён неверно." : e.Description);
            return Page();
        }
        await audit.WriteAsync(AuditActions.PasswordChanged, "user", user.Id);
        await signIn.RefreshSignInAsync(user);
        TempData["Flash"] = "Пароль изменён.";
        return RedirectToPage();
    }

    private void Fill(AppUser user)
    {
        FullName = user.FullName;
        Email = user.Email ?? "";
        TwoFactorEnabled = user.TwoFactorEnabled;
    }
}
