using System.ComponentModel.DataAnnotations;
using System.Reflection;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Nastavnik.Data;
using Nastavnik.Platform.Audit;
using Nastavnik.Platform.Auth;

namespace Nastavnik.Features.Admin;

/// <summary>
/// Search in the append-only audit log, newest first. Pages are keyed by id ("older than #n"), not by offset:
/// the log only grows, ids grow with time, and an offset deep into millions of rows would scan them all.
/// </summary>
[Authorize(Policy = Permissions.AuditRead)]
public sealed class AuditModel(AppDbContext db, TimeProvider clock) : PageModel
{
    public const int PageSize = 100;

    /// <summary>Every action constant, read from <see cref="AuditActions"/> so that actions added by other features appear here by themselves.</summary>
    public static readonly IReadOnlyList<string> KnownActions = [.. typeof(AuditActions).GetFields(BindingFlags.Public | BindingFlags.Static)
        .Where(f => f.IsLiteral && f.FieldType == typeof(string)).Select(f => (string)f.GetRawConstantValue()!)];

    public sealed record Row(long Id, DateTime At, string? User, string? UserId, string Action, string? EntityType, string? EntityId, string? Details, string? Ip);

    [BindProperty(SupportsGet = true), Display(Name = "С даты")] public string? From { get; set; }
    [BindProperty(SupportsGet = true), Display(Name = "По дату")] public string? To { get; set; }
    [BindProperty(SupportsGet = true), Display(Name = "Пользователь (ФИО или e-mail)"), StringLength(256)] public string? Who { get; set; }
    [BindProperty(SupportsGet = true), Display(Name = "Действие")] public string? Kind { get; set; }
    [BindProperty(SupportsGet = true), Display(Name = "Тип объекта"), StringLength(64)] public string? EntityType { get; set; }
    [BindProperty(SupportsGet = true), Display(Name = "Идентификатор объекта"), StringLength(64)] public string? EntityId { get; set; }
    [BindProperty(SupportsGet = true)] public long? Before { get; set; }
    [BindProperty(SupportsGet = true)] public long? After { get; set; }

    public List<Row> Items { get; private set; } = [];
    public bool HasNewer { get; private set; }
    public bool HasOlder { get; private set; }
    public bool Searched { get; private set; }

    public async Task OnGetAsync()
    {
        // Paging ids are ours, not the user's: a damaged one just starts from the newest entries.
        ModelState.Remove(nameof(Before));
        ModelState.Remove(nameof(After));
        if (!DateInput.TryParse(From, out var from)) ModelState.AddModelError(nameof(From), DateInput.Error);
        if (!DateInput.TryParse(To, out var to)) ModelState.AddModelError(nameof(To), DateInput.Error);
        if (from is not null && to is not null && to < from) ModelState.AddModelError(nameof(To), "Дата окончания раньше даты начала.");
        if (!string.IsNullOrEmpty(Kind) && !KnownActions.Contains(Kind)) ModelState.AddModelError(nameof(Kind), "Выберите действие из списка.");
        if (!ModelState.IsValid) return;
        Searched = true;
        From = DateInput.ShowBack(ModelState, nameof(From), from);
        To = DateInput.ShowBack(ModelState, nameof(To), to);

        var q = db.AuditEntries.AsNoTracking();
        if (from is { } f)
        {
            var fromUtc = DateInput.StartUtc(f, clock);
            q = q.Where(e => e.At >= fromUtc);
        }
        if (to is { } t)
        {
            // "По 10.03.2026" includes the whole of that day.
            var toUtc = DateInput.StartUtc(t.AddDays(1), clock);
            q = q.Where(e => e.At < toUtc);
        }
        if (!string.IsNullOrWhiteSpace(Who))
        {
            // The entry keeps the e-mail it was written with; names are found through the accounts. Several spellings
            // because SQLite's lower()/upper() know only ASCII.
            var w = Who.Trim();
            var lower = w.ToLowerInvariant();
            var upper = w.ToUpperInvariant();
            var title = Platform.Web.WebHost.Russian.TextInfo.ToTitleCase(lower);
            var ids = db.Users.Where(u => u.FullName.Contains(w) || u.FullName.Contains(lower) || u.FullName.Contains(title) || u.FullName.Contains(upper)
                || (u.NormalizedEmail != null && u.NormalizedEmail.Contains(upper))).Select(u => u.Id);
            q = q.Where(e => (e.UserName != null && (e.UserName.Contains(w) || e.UserName.Contains(lower))) || (e.UserId != null && ids.Contains(e.UserId)));
        }
        if (!string.IsNullOrEmpty(Kind)) q = q.Where(e => e.Action == Kind);
        if (!string.IsNullOrWhiteSpace(EntityType))
        {
            var type = EntityType.Trim();
            q = q.Where(e => e.EntityType == type);
        }
        if (!string.IsNullOrWhiteSpace(EntityId))
        {
            var id = EntityId.Trim();
            q = q.Where(e => e.EntityId == id);
        }

        List<AuditEntry> page;
        if (After is { } after)
        {
            page = await q.Where(e => e.Id > after).OrderBy(e => e.Id).Take(PageSize).ToListAsync();
            page.Reverse();
        }
        else
        {
            var older = Before is { } before ? q.Where(e => e.Id < before) : q;
            page = await older.OrderByDescending(e => e.Id).Take(PageSize).ToListAsync();
        }
        if (page.Count > 0)
        {
            var newest = page[0].Id;
            var oldest = page[^1].Id;
            HasNewer = await q.AnyAsync(e => e.Id > newest);
            HasOlder = await q.AnyAsync(e => e.Id < oldest);
        }

        var userIds = page.Where(e => e.UserId != null).Select(e => e.UserId!).Distinct().ToList();
        var names = await db.Users.AsNoTracking().Where(u => userIds.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.FullName);
        Items = [.. page.Select(e => new Row(e.Id, e.At,
            e.UserId is not null && names.TryGetValue(e.UserId, out var name) ? $"{name} ({e.UserName})" : e.UserName,
            e.UserId is not null && names.ContainsKey(e.UserId) ? e.UserId : null,
            e.Action, e.EntityType, e.EntityId, e.Details, e.IpAddress))];
    }

    public string Link(long? before, long? after) => "/admin/audit" + QueryString.Create(new Dictionary<string, string?>
    {
        ["from"] = From, ["to"] = To, ["who"] = Who, ["kind"] = Kind, ["entitytype"] = EntityType, ["entityid"] = EntityId,
        ["before"] = before?.ToString(), ["after"] = after?.ToString(),
    }.Where(kv => !string.IsNullOrWhiteSpace(kv.Value))).ToUriComponent();
}
