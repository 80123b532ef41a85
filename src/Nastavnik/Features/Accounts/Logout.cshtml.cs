using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Nastavnik.Platform.Audit;
using Nastavnik.Platform.Auth;

namespace Nastavnik.Features.Accounts;

[Authorize(Policy = Permissions.SignedIn)]
public sealed class LogoutModel(SignInManager<AppUser> signIn, AuditLog audit) : PageModel
{
    public void OnGet() { }

    public async Task<IActionResult> OnPostAsync()
    {
        await audit.WriteAsync(AuditActions.Logout, "user", User.FindFirst(System.Security.Claims.ClaimTypes.NameIdentifier)?.Value);
        await signIn.SignOutAsync();
        return Redirect("/accounts/anonymous/login");
    }
}
