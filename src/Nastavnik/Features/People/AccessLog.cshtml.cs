using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Nastavnik.Data;
using Nastavnik.Platform.Audit;
using Nastavnik.Platform.Auth;

namespace Nastavnik.Features.People;

/// <summary>
/// "Who accessed whose personal data between dates" — what a breach notice to Roskomnadzor needs. Reads the audit
/// log's person entries (card openings, edits, exports, consent actions) within the viewer's organisations.
/// </summary>
[Authorize(Policy = Permissions.AccessLogRead)]
public sealed class AccessLogModel(AppDbContext db, TimeProvider clock) : PageModel
{
    public sealed record Row(DateTime At, string? User, string Action, string? PersonId, string? Person, string? Details, string? Ip);

    [BindProperty(SupportsGet = true)] public DateOnly? From { get; set; }
    [BindProperty(SupportsGet = true)] public DateOnly? To { get; set; }
    [BindProperty(SupportsGet = true)] public string? Person { get; set; }
    public List<Row> Items { get; private set; } = [];
    public string? Error { get; private set; }

    public async Task OnGetAsync()
    {
        var today = DateOnly.FromDateTime(clock.GetLocalNow().DateTime);
        From ??= today.AddDays(-30);
        To ??= today;
        if (From > To) { Error = "Дата «с» позже даты «по»."; return; }
        var from = From.Value.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
        var to = To.Value.AddDays(1).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
        var orgs = await db.Organizations.AsNoTracking().Select(o => o.Id).ToListAsync();
        var q = db.AuditEntries.AsNoTracking().Where(a => a.EntityType == "person" && a.At >= from && a.At < to);
        if (!db.Scope.IsGlobal) q = q.Where(a => a.OrganizationId == null ? false : orgs.Contains(a.OrganizationId.Value));
        if (int.TryParse(Person, out var pid)) { var s = pid.ToString(); q = q.Where(a => a.EntityId == s); }
        var entries = await q.OrderByDescending(a => a.Id).Take(1000).ToListAsync();
        var ids = entries.Select(e => int.TryParse(e.EntityId, out var i) ? i : 0).Where(i => i > 0).Distinct().ToList();
        var names = await db.People.AsNoTracking().Where(p => ids.Contains(p.Id)).ToDictionaryAsync(p => p.Id.ToString(), p => p.LastName + " " + p.FirstName + (p.MiddleName != null ? " " + p.MiddleName : ""));
        Items = entries.Select(e => new Row(e.At, e.UserName, e.Action == CardModel.ViewAction ? "просмотр карточки" : AuditActions.Describe(e.Action), e.EntityId,
            e.EntityId is null ? null : names.GetValueOrDefault(e.EntityId, "(данные уничтожены или скрыты)"), e.Details, e.IpAddress)).ToList();
        if (!string.IsNullOrWhiteSpace(Person) && !int.TryParse(Person, out _))
            Items = Items.Where(i => i.Person?.Contains(Person.Trim(), StringComparison.OrdinalIgnoreCase) == true).ToList();
    }
}
