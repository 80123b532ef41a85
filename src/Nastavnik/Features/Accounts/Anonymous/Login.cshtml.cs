using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;
using Nastavnik.Data.Demo;
using Nastavnik.Platform.Audit;
using Nastavnik.Platform.Auth;

namespace Nastavnik.Features.Accounts.Anonymous;

public sealed class LoginModel(SignInManager<AppUser> signIn, UserManager<AppUser> users, AuditLog audit, IOptions<DemoOptions> demo) : PageModel
{
    public sealed class InputModel
    {
        [Display(Name = "Электронная почта"), Required, EmailAddress, StringLength(256)]
        public string Email { get; set; } = "";

        [Display(Name = "Пароль"), Required, DataType(DataType.Password), StringLength(PasswordRules.MaxLength)]
        public string Password { get; set; } = "";

        [Display(Name = "Запомнить меня на этом компьютере")]
        public bool RememberMe { get; set; }
    }

    [BindProperty] public InputModel Input { get; set; } = new();
    [BindProperty(SupportsGet = true)] public string? ReturnUrl { get; set; }

    public IReadOnlyList<DemoAccount> DemoAccounts => demo.Value.Enabled ? DemoSeeder.Accounts : [];
    public string DemoPassword => DemoSeeder.Password;

    public void OnGet() { }

    public async Task<IActionResult> OnPostAsync()
    {
        if (!ModelState.IsValid) return Page();
        var user = await users.FindByEmailAsync(Input.Email.Trim());
        if (user is null || user.IsDisabled)
        {
            await audit.WriteAsync(AuditActions.LoginFailed, "user", user?.Id, user is null ? "неизвестный адрес" : "учётная запись отключена", userName: Input.Email.Trim());
            ModelState.AddModelError("", "Неверный адрес электронной почты или пароль.");
            return Page();
        }
        var result = await signIn.PasswordSignInAsync(user, Input.Password, Input.RememberMe, lockoutOnFailure: true);
        if (result.Succeeded)
        {
            await audit.WriteAsync(AuditActions.Login, "user", user.Id, userId: user.Id, userName: user.Email);
            return LocalRedirect(SafeReturn(ReturnUrl));
        }
        if (result.RequiresTwoFactor)
            return RedirectToPage("/Accounts/Anonymous/LoginWith2fa", new { returnUrl = SafeReturn(ReturnUrl), rememberMe = Input.RememberMe });
        if (result.IsLockedOut)
        {
            await audit.WriteAsync(AuditActions.Lockout, "user", user.Id, userId: user.Id, userName: user.Email);
            ModelState.AddModelError("", "Учётная запись временно заблокирована после нескольких неудачных попыток. Попробуйте через 15 минут или обратитесь к администратору.");
            return Page();
        }
        await audit.WriteAsync(AuditActions.LoginFailed, "user", user.Id, "неверный пароль", userId: user.Id, userName: user.Email);
        ModelState.AddModelError("", "Неверный адрес электронной почты или пароль.");
        return Page();
    }

    /// <summary>Only local paths: an open redirect would let a phishing link borrow our login page.</summary>
    internal static string SafeReturn(string? url) =>
        !string.IsNullOrEmpty(url) && url.StartsWith('/') && !url.StartsWith("//", StringComparison.Ordinal) && !url.StartsWith("/\\", StringComparison.Ordinal) ? url : "/";
}
