using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Nastavnik.Data;
using Nastavnik.Platform.Auth;

namespace Nastavnik.Features.Events;

/// <summary>Календарь мероприятий: a list (upcoming or past) and a month grid, filtered by kind and audience; an .ics download.</summary>
[Authorize(Policy = Permissions.EventsRead)]
public sealed class IndexModel(AppDbContext db, TimeProvider clock) : PageModel
{
    [BindProperty(SupportsGet = true)] public string View { get; set; } = "list";
    [BindProperty(SupportsGet = true)] public string? Month { get; set; }
    [BindProperty(SupportsGet = true)] public EventKind? Kind { get; set; }
    [BindProperty(SupportsGet = true)] public string? Audience { get; set; }
    [BindProperty(SupportsGet = true)] public bool Past { get; set; }

    public DateOnly Today { get; private set; }
    public DateOnly MonthStart { get; private set; }
    public List<Event> Items { get; private set; } = [];
    public bool CanWrite => db.Scope.Has(Permissions.EventsWrite);

    public async Task OnGetAsync()
    {
        Today = DateOnly.FromDateTime(clock.GetLocalNow().DateTime);
        MonthStart = Month is not null && DateOnly.TryParseExact(Month + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var m)
            ? m : new DateOnly(Today.Year, Today.Month, 1);
        var q = Filter(db.Events.AsNoTracking().Include(e => e.ExtraDates));
        var today = Today;
        if (View == "month")
        {
            var (start, end) = (MonthStart, MonthStart.AddMonths(1));
            q = q.Where(e => (e.StartsOn < end && (e.EndsOn ?? e.StartsOn) >= start) || e.ExtraDates.Any(d => d.On >= start && d.On < end));
        }
        else q = Past
            ? q.Where(e => (e.EndsOn ?? e.StartsOn) < today && !e.ExtraDates.Any(d => d.On >= today))
            : q.Where(e => (e.EndsOn ?? e.StartsOn) >= today || e.ExtraDates.Any(d => d.On >= today));
        Items = await (Past && View != "month" ? q.OrderByDescending(e => e.StartsOn) : q.OrderBy(e => e.StartsOn)).ThenBy(e => e.Id).Take(500).ToListAsync();
    }

    public async Task<IActionResult> OnGetIcalAsync()
    {
        var from = DateOnly.FromDateTime(clock.GetLocalNow().DateTime).AddMonths(-3);
        var events = await Filter(db.Events.AsNoTracking().Include(e => e.ExtraDates)).Where(e => (e.EndsOn ?? e.StartsOn) >= from || e.ExtraDates.Any(d => d.On >= from))
            .OrderBy(e => e.StartsOn).Take(2000).ToListAsync();
        var text = Ical.Build(events, Request.Host.Host, clock.GetUtcNow().UtcDateTime, zone: clock.LocalTimeZone);
        return File(System.Text.Encoding.UTF8.GetBytes(text), "text/calendar; charset=utf-8", "nastavnichestvo.ics");
    }

    private IQueryable<Event> Filter(IQueryable<Event> q)
    {
        if (Kind is { } k) q = q.Where(e => e.Kind == k);
        if (!string.IsNullOrWhiteSpace(Audience))
        {
            var a = Audience.Trim().ToLowerInvariant();
            var cap = char.ToUpperInvariant(a[0]) + a[1..];
            q = q.Where(e => e.Audience != null && (e.Audience.Contains(a) || e.Audience.Contains(cap)));
        }
        return q;
    }

    public string MonthLink(DateOnly month) => $"/events?view=month&month={month:yyyy-MM}" + (Kind is null ? "" : $"&kind={Kind}") + (Audience is null ? "" : $"&audience={Uri.EscapeDataString(Audience)}");
}
