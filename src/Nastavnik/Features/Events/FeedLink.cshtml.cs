using System.Security.Cryptography;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Nastavnik.Platform.Auth;

namespace Nastavnik.Features.Events;

/// <summary>Issues (or re-issues) the signed-in user's calendar feed link.</summary>
[Authorize(Policy = Permissions.EventsRead)]
public sealed class FeedLinkModel(UserManager<AppUser> users) : PageModel
{
    public string? FeedUrl { get; private set; }

    public void OnGet() { }

    public async Task<IActionResult> OnPostAsync()
    {
        var user = await users.GetUserAsync(User);
        if (user is null) return Challenge();
        var token = Convert.ToBase64String(RandomNumberGenerator.GetBytes(24)).Replace('+', '-').Replace('/', '_').TrimEnd('=');
        await users.SetAuthenticationTokenAsync(user, FeedModel.Provider, FeedModel.TokenName, FeedModel.Hash(token));
        FeedUrl = $"{Request.Scheme}://{Request.Host}/events/feed?token={token}";
        return Page();
    }
}
