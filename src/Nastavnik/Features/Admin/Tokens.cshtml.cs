using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Nastavnik.Data;
using Nastavnik.Platform.Audit;
using Nastavnik.Platform.Auth;
using Nastavnik.Platform.Web;

namespace Nastavnik.Features.Admin;

/// <summary>
/// API tokens for integrations. Only the hash is stored, so the token itself is shown once, right after creation.
/// </summary>
[Authorize(Policy = Permissions.ApiTokensManage)]
public sealed class TokensModel(AppDbContext db, AuditLog audit, TimeProvider clock) : PageModel
{
    public sealed class InputModel
    {
        [Display(Name = "Название (для кого или для чего)"), Required, StringLength(200, MinimumLength = 3)]
        public string? Name { get; set; }
        [Display(Name = "Роль"), Required]
        public Role? Role { get; set; }
        public int? RegionId { get; set; }
        public int? MunicipalityId { get; set; }
        public int? OrganizationId { get; set; }
        [Display(Name = "Действует по (необязательно)")]
        public string? ExpiresOn { get; set; }
    }

    /// <summary><paramref name="ValidThrough"/> is the last local day on which the token works, as the administrator chose it.</summary>
    public sealed record Row(int Id, string Name, string Prefix, string Scope, DateTime CreatedAt, string? CreatedBy,
        DateTime? LastUsedAt, DateOnly? ValidThrough, DateTime? RevokedAt, bool Expired);

    public InputModel Input { get; set; } = new();
    public ScopeOptions Options { get; private set; } = new();
    public List<Row> Items { get; private set; } = [];
    /// <summary>The token just created; it travels to the next page in TempData (encrypted, read once) and is never stored.</summary>
    public string? NewToken { get; private set; }

    public async Task OnGetAsync()
    {
        NewToken = TempData["NewToken"] as string;
        await LoadAsync();
    }

    public async Task<IActionResult> OnPostAsync([Bind(Prefix = "Input")] InputModel input)
    {
        Input = input;
        if (!DateInput.TryParse(Input.ExpiresOn, out var expiresOn)) ModelState.AddModelError("Input.ExpiresOn", DateInput.Error);
        else if (expiresOn < DateInput.Today(clock)) ModelState.AddModelError("Input.ExpiresOn", "Дата окончания уже прошла.");
        Input.ExpiresOn = DateInput.ShowBack(ModelState, "Input.ExpiresOn", expiresOn) ?? Input.ExpiresOn;
        // The scope is checked even when another field is wrong, so that every problem is shown at once.
        var scope = Input.Role is { } chosen
            ? await ScopeOptions.ResolveAsync(db, ModelState, "Input", chosen, Input.RegionId, Input.MunicipalityId, Input.OrganizationId)
            : null;
        if (!ModelState.IsValid || scope is null) return await Redisplay();
        var role = Input.Role!.Value;

        var token = ApiTokenAuthentication.NewToken();
        var t = new ApiToken
        {
            Name = Input.Name!.Trim(),
            Prefix = token[..8],
            TokenHash = ApiTokenAuthentication.Hash(token),
            Role = role, RegionId = scope.RegionId, MunicipalityId = scope.MunicipalityId, OrganizationId = scope.OrganizationId,
            CreatedAt = clock.GetUtcNow().UtcDateTime,
            CreatedBy = User.Identity?.Name,
            // Valid through the whole chosen day.
            ExpiresAt = expiresOn is { } d ? DateInput.StartUtc(d.AddDays(1), clock) : null,
        };
        await using (var tx = await db.Database.BeginTransactionAsync())
        {
            db.ApiTokens.Add(t);
            await db.SaveChangesAsync();
            await audit.WriteAsync(AuditActions.TokenCreated, "api-token", t.Id.ToString(), $"роль {role}, префикс {t.Prefix}", scope.OrganizationId);
            await tx.CommitAsync();
        }
        TempData["NewToken"] = token;
        TempData["Flash"] = $"Токен «{t.Name}» создан.";
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostRevokeAsync(int id)
    {
        var t = await db.ApiTokens.FirstOrDefaultAsync(x => x.Id == id);
        if (t is null) return NotFound();
        if (t.RevokedAt is null)
        {
            t.RevokedAt = clock.GetUtcNow().UtcDateTime;
            audit.Add(AuditActions.TokenRevoked, "api-token", t.Id.ToString(), $"префикс {t.Prefix}", t.OrganizationId);
            await db.SaveChangesAsync();
        }
        TempData["Flash"] = $"Токен «{t.Name}» отозван: запросы с ним больше не принимаются.";
        return RedirectToPage();
    }

    private async Task<IActionResult> Redisplay()
    {
        await LoadAsync();
        return Page();
    }

    private async Task LoadAsync()
    {
        Options = await ScopeOptions.LoadAsync(db);
        var tokens = await db.ApiTokens.AsNoTracking().OrderByDescending(t => t.Id).ToListAsync();
        var names = await ScopeNames.LoadAsync(db, tokens.Select(t => new ScopeIds(t.RegionId, t.MunicipalityId, t.OrganizationId)));
        var now = clock.GetUtcNow().UtcDateTime;
        // Working tokens first: revoked and expired ones are kept for the record (the audit log refers to them).
        Items = [.. tokens.Select(t => new Row(t.Id, t.Name, t.Prefix, names.Describe(t.Role, new ScopeIds(t.RegionId, t.MunicipalityId, t.OrganizationId)),
                t.CreatedAt, t.CreatedBy, t.LastUsedAt,
                t.ExpiresAt is { } exp ? DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(exp.AddSeconds(-1), clock.LocalTimeZone)) : null,
                t.RevokedAt, t.ExpiresAt <= now))
            .OrderBy(r => r.RevokedAt is not null || r.Expired)];
    }
}
