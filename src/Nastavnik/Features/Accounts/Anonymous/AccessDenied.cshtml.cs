using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Nastavnik.Features.Accounts.Anonymous;

public sealed class AccessDeniedModel : PageModel
{
    public void OnGet() => Response.StatusCode = StatusCodes.Status403Forbidden;
}
