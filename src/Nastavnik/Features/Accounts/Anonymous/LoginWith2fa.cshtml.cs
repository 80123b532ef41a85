using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Nastavnik.Platform.Audit;
using Nastavnik.Platform.Auth;

namespace Nastavnik.Features.Accounts.Anonymous;

public sealed class LoginWith2faModel(SignInManager<AppUser> signIn, AuditLog audit) : PageModel
{
    public sealed class InputModel
    {
        [Display(Name = "Код"), Required, StringLength(20, MinimumLength = 6)]
        public string Code { get; set; } = "";

        [Display(Name = "Не спрашивать код на этом компьютере")]
        public bool RememberMachine { get; set; }
    }

    [BindProperty] public InputModel Input { get; set; } = new();
    [BindProperty(SupportsGet = true)] public string? ReturnUrl { get; set; }
    [BindProperty(SupportsGet = true)] public bool RememberMe { get; set; }

    public async Task<IActionResult> OnGetAsync() =>
        await signIn.GetTwoFactorAuthenticationUserAsync() is null ? RedirectToPage("/Accounts/Anonymous/Login") : Page();

    public async Task<IActionResult> OnPostAsync()
    {
        if (!ModelState.IsValid) return Page();
        var user = await signIn.GetTwoFactorAuthenticationUserAsync();
        if (user is null) return RedirectToPage("/Accounts/Anonymous/Login");
        var code = Input.Code.Replace(" ", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal);
        var result = code.Length == 6 && code.All(char.IsDigit)
            ? await signIn.TwoFactorAuthenticatorSignInAsync(code, RememberMe, Input.RememberMachine)
            : await signIn.TwoFactorRecoveryCodeSignInAsync(Input.Code.Trim());
        if (result.Succeeded)
        {
            await audit.WriteAsync(AuditActions.Login, "user", user.Id, "с кодом 2FA", userId: user.Id, userName: user.Email);
            return LocalRedirect(LoginModel.SafeReturn(ReturnUrl));
        }
        if (result.IsLockedOut)
        {
            await audit.WriteAsync(AuditActions.Lockout, "user", user.Id, userId: user.Id, userName: user.Email);
            ModelState.AddModelError("", "Учётная запись временно заблокирована после нескольких неудачных попыток.");
            return Page();
        }
        await audit.WriteAsync(AuditActions.LoginFailed, "user", user.Id, "неверный код 2FA", userId: user.Id, userName: user.Email);
        ModelState.AddModelError(nameof(Input) + "." + nameof(Input.Code), "Код не подошёл. Проверьте время на телефоне и введите новый код.");
        return Page();
    }
}
