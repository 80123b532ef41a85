using System.ComponentModel.DataAnnotations;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Nastavnik.Platform.Audit;
using Nastavnik.Platform.Auth;

namespace Nastavnik.Features.Accounts;

/// <summary>TOTP set-up (RFC 6238, the authenticator built into Identity) and recovery codes.</summary>
[Authorize(Policy = Permissions.SignedIn)]
public sealed class TwoFactorModel(UserManager<AppUser> users, SignInManager<AppUser> signIn, AuditLog audit) : PageModel
{
    [BindProperty, Display(Name = "Код из приложения"), Required, RegularExpression(@"^\s*\d{3}\s?\d{3}\s*$", ErrorMessage = "Введите шесть цифр из приложения.")]
    public string Code { get; set; } = "";

    public bool Enabled { get; private set; }
    public bool Required => User.HasClaim(c => c.Type == ScopedClaimsFactory.TwoFactorMissingClaim) || Request.Query["required"] == "1";
    public string SharedKey { get; private set; } = "";
    public string AuthenticatorUri { get; private set; } = "";
    public int RecoveryCodesLeft { get; private set; }
    public IReadOnlyList<string>? RecoveryCodes { get; private set; }

    public async Task<IActionResult> OnGetAsync()
    {
        var user = await users.GetUserAsync(User);
        if (user is null) return Challenge();
        await Fill(user);
        return Page();
    }

    public async Task<IActionResult> OnPostEnableAsync()
    {
        var user = await users.GetUserAsync(User);
        if (user is null) return Challenge();
        if (!ModelState.IsValid) { await Fill(user); return Page(); }
        var code = Code.Replace(" ", "", StringComparison.Ordinal);
        if (!await users.VerifyTwoFactorTokenAsync(user, users.Options.Tokens.AuthenticatorTokenProvider, code))
        {
            ModelState.AddModelError(nameof(Code), "Код не подошёл. Проверьте, что время на телефоне точное, и введите новый код.");
            await Fill(user);
            return Page();
        }
        await users.SetTwoFactorEnabledAsync(user, true);
        RecoveryCodes = [.. await users.GenerateNewTwoFactorRecoveryCodesAsync(user, 10) ?? []];
        await audit.WriteAsync(AuditActions.TwoFactorEnabled, "user", user.Id);
        // Re-issue the cookie so the "2FA missing" restriction is lifted at once.
        await signIn.RefreshSignInAsync(user);
        Enabled = true;
        return Page();
    }

    public async Task<IActionResult> OnPostDisableAsync()
    {
        var user = await users.GetUserAsync(User);
        if (user is null) return Challenge();
        if (Required)
        {
            TempData["FlashError"] = "Для вашей роли двухфакторная аутентификация обязательна.";
            return RedirectToPage();
        }
        await users.SetTwoFactorEnabledAsync(user, false);
        await users.ResetAuthenticatorKeyAsync(user);
        await audit.WriteAsync(AuditActions.TwoFactorDisabled, "user", user.Id);
        await signIn.RefreshSignInAsync(user);
        TempData["Flash"] = "Двухфакторная аутентификация отключена.";
        return RedirectToPage();
    }

    private async Task Fill(AppUser user)
    {
        Enabled = user.TwoFactorEnabled;
        if (Enabled)
        {
            RecoveryCodesLeft = await users.CountRecoveryCodesAsync(user);
            return;
        }
        var key = await users.GetAuthenticatorKeyAsync(user);
        if (string.IsNullOrEmpty(key))
        {
            await users.ResetAuthenticatorKeyAsync(user);
            key = await users.GetAuthenticatorKeyAsync(user);
        }
        SharedKey = string.Join(' ', Enumerable.Range(0, (key!.Length + 3) / 4).Select(i => key.Substring(i * 4, Math.Min(4, key.Length - i * 4)))).ToLowerInvariant();
        AuthenticatorUri = $"otpauth://totp/{UrlEncoder.Default.Encode("Наставник")}:{UrlEncoder.Default.Encode(user.Email ?? "")}?secret={key}&issuer={UrlEncoder.Default.Encode("Наставник")}&digits=6";
    }
}
