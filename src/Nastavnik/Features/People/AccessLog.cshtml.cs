using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Nastavnik.Data;
using Nastavnik.Features.Consents;
using Nastavnik.Platform.Audit;
using Nastavnik.Platform.Auth;
using Nastavnik.Platform.Web;

namespace Nastavnik.Features.People;

/// <summary>
/// "Who accessed whose personal data between dates" — what a breach notice to Roskomnadzor needs. Reads the audit
/// log's person entries (card openings, edits, exports, consent actions) within the viewer's organisations.
/// </summary>
[Authorize(Policy = Permissions.AccessLogRead)]
public sealed class AccessLogModel(AppDbContext db, TimeProvider clock) : PageModel
{
    public sealed record Row(DateTime At, string? User, string Action, string? PersonId, string? Person, string? Details, string? Ip);

    public const int PageSize = 50;

    [BindProperty(SupportsGet = true)] public DateOnly? From { get; set; }
    [BindProperty(SupportsGet = true)] public DateOnly? To { get; set; }
    [BindProperty(SupportsGet = true)] public string? Person { get; set; }
    [BindProperty(SupportsGet = true)] public int P { get; set; } = 1;
    public List<Row> Items { get; private set; } = [];
    public int Total { get; private set; }
    public int Pages => (Total + PageSize - 1) / PageSize;
    public string? Error { get; private set; }

    public async Task OnGetAsync()
    {
        if (P < 1) P = 1;
        var today = DateOnly.FromDateTime(clock.GetLocalNow().DateTime);
        From ??= today.AddDays(-30);
        To ??= today;
        if (From > To) { Error = "Дата «с» позже даты «по»."; return; }
        var from = From.Value.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
        var to = To.Value.AddDays(1).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
        var orgs = await db.Organizations.AsNoTracking().Select(o => o.Id).ToListAsync();
        var q = db.AuditEntries.AsNoTracking().Where(a => a.EntityType == "person" && a.At >= from && a.At < to);
        if (!db.Scope.IsGlobal) q = q.Where(a => a.OrganizationId == null ? false : orgs.Contains(a.OrganizationId.Value));
        if (int.TryParse(Person, out var pid)) { var s = pid.ToString(CultureInfo.InvariantCulture); q = q.Where(a => a.EntityId == s); }
        else if (!string.IsNullOrWhiteSpace(Person))
        {
            // A name: the people it finds in the viewer's registers (the same search as the register), then their entries.
            var found = await PeopleQueries.Filter(db, PeopleOf(orgs), new PeopleFilter(Search: Person)).Select(p => p.Id).Take(500).ToListAsync();
            var keys = found.Select(i => i.ToString(CultureInfo.InvariantCulture)).ToList();
            q = q.Where(a => a.EntityId != null && keys.Contains(a.EntityId));
        }
        Total = await q.CountAsync();
        var entries = await q.OrderByDescending(a => a.Id).Skip((P - 1) * PageSize).Take(PageSize).ToListAsync();
        var ids = entries.Select(e => int.TryParse(e.EntityId, out var i) ? i : 0).Where(i => i > 0).Distinct().ToList();
        var names = await PeopleOf(orgs).Where(p => ids.Contains(p.Id)).ToDictionaryAsync(p => p.Id.ToString(CultureInfo.InvariantCulture), p => p.LastName + " " + p.FirstName + (p.MiddleName != null ? " " + p.MiddleName : "") + (p.IsWithdrawn ? " (согласие отозвано)" : ""));
        Items = entries.Select(e => new Row(e.At, e.UserName, ActionName(e.Action), e.EntityId,
            e.EntityId is null ? null : names.GetValueOrDefault(e.EntityId, "(данные уничтожены или скрыты)"), Russian(e.Details), e.IpAddress)).ToList();
    }

    /// <summary>
    /// The people whose names this log may show: those of the viewer's organisations, withdrawn ones included. The
    /// register's query filter hides a person at once when consent is withdrawn, but until the data is destroyed
    /// (ConsentPurgeJob deletes the row) the operator still has to answer "who saw this person's data" — a breach
    /// notice or the person's own request. So the filter is bypassed here, and only here, and the organisations are
    /// restricted explicitly to the ones the viewer can see (the Organizations filter already applied to <paramref name="orgs"/>).
    /// </summary>
    private IQueryable<Person> PeopleOf(List<int> orgs)
    {
        var q = db.People.IgnoreQueryFilters().AsNoTracking();
        return db.Scope.IsGlobal ? q : q.Where(p => orgs.Contains(p.OrganizationId));
    }

    /// <summary>One style for every action: a capitalised Russian noun, as in the administrator's audit page.</summary>
    public static string ActionName(string action) => action switch
    {
        CardModel.ViewAction => "Просмотр карточки",
        CardModel.WithdrawnAction => "Отзыв согласия",
        _ => AuditActions.Describe(action),
    };

    /// <summary>Older entries named consent kinds by their code ("PersonalData"): shown by their Russian names.</summary>
    public static string? Russian(string? details)
    {
        if (details is null) return null;
        foreach (var k in Enum.GetValues<ConsentKind>())
            details = Regex.Replace(details, $@"\b{k}\b", "«" + Formats.Name(k) + "»");
        return details;
    }

    public string Link(int page) => "/people/accesslog" + QueryString.Create(new Dictionary<string, string?>
    {
        ["from"] = From?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), ["to"] = To?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        ["person"] = string.IsNullOrWhiteSpace(Person) ? null : Person, ["p"] = page > 1 ? page.ToString(CultureInfo.InvariantCulture) : null,
    }.Where(kv => kv.Value is not null)).ToUriComponent();
}
