using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Nastavnik.Data;
using Nastavnik.Platform.Audit;
using Nastavnik.Platform.Auth;

namespace Nastavnik.Features.Events;

/// <summary>An event: registration of participants (people of the registers; pairs share a team name), attendance, places and results.</summary>
[Authorize(Policy = Permissions.EventsRead)]
public sealed class CardModel(AppDbContext db, AuditLog audit, TimeProvider clock) : PageModel
{
    public sealed record ParticipantRow(int Id, int PersonId, string Name, string Organization, string? Team, bool Attended, int? Place, string? Result);
    public sealed record Option(int Id, string Name);

    [BindProperty(SupportsGet = true)] public int Id { get; set; }
    public Event Event { get; private set; } = null!;
    public bool CanWrite { get; private set; }
    public string? RoadmapItemTitle { get; private set; }
    public List<ParticipantRow> Participants { get; private set; } = [];
    public List<Option> Candidates { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync() => await LoadAsync() ? Page() : NotFound();

    public async Task<IActionResult> OnPostRegisterAsync(int personId, string? team)
    {
        if (!await LoadAsync()) return NotFound();
        if (!CanWrite) return Forbid();
        if (!await db.People.AnyAsync(p => p.Id == personId)) return Flash("Выберите участника из реестра.", error: true);
        if (await db.EventParticipants.AnyAsync(p => p.EventId == Id && p.PersonId == personId)) return Flash("Этот участник уже зарегистрирован.", error: true);
        db.EventParticipants.Add(new EventParticipant { EventId = Id, PersonId = personId, Team = string.IsNullOrWhiteSpace(team) ? null : team.Trim() });
        audit.Add(AuditActions.Update, "event", Id.ToString(), "регистрация участника", Event.OrganizationId);
        await db.SaveChangesAsync();
        return Flash("Участник зарегистрирован.");
    }

    /// <summary>Attendance and results for all rows at once, as a secretary fills the sheet after the event.</summary>
    public async Task<IActionResult> OnPostResultsAsync(List<int> ids, List<int> attended, Dictionary<int, string?> place, Dictionary<int, string?> result)
    {
        if (!await LoadAsync()) return NotFound();
        if (!CanWrite) return Forbid();
        var rows = await db.EventParticipants.Where(p => p.EventId == Id && ids.Contains(p.Id)).ToListAsync();
        var errors = new List<string>();
        foreach (var r in rows)
        {
            r.Attended = attended.Contains(r.Id);
            var text = place.GetValueOrDefault(r.Id)?.Trim();
            if (string.IsNullOrEmpty(text)) r.Place = null;
            else if (int.TryParse(text, out var n) && n is >= 1 and <= 100) r.Place = n;
            else errors.Add($"Место «{text}» — укажите число от 1 до 100.");
            r.Result = result.GetValueOrDefault(r.Id)?.Trim() is { Length: > 0 } res ? res[..Math.Min(res.Length, 300)] : null;
        }
        if (errors.Count > 0) return Flash(string.Join(" ", errors), error: true);
        audit.Add(AuditActions.Update, "event", Id.ToString(), "посещаемость и результаты", Event.OrganizationId);
        await db.SaveChangesAsync();
        return Flash("Посещаемость и результаты сохранены.");
    }

    /// <summary>Winners and prize-takers get a грамота recorded in the awards, ready for the order «О поощрении».</summary>
    public async Task<IActionResult> OnPostAwardWinnersAsync()
    {
        if (!await LoadAsync()) return NotFound();
        if (!CanWrite) return Forbid();
        var winners = await db.EventParticipants.Where(p => p.EventId == Id && p.Place != null && p.Place <= 3).ToListAsync();
        var already = await db.Awards.Where(a => a.EventId == Id).Select(a => a.PersonId).ToListAsync();
        var today = DateOnly.FromDateTime(clock.GetLocalNow().DateTime);
        foreach (var w in winners.Where(w => !already.Contains(w.PersonId)))
            db.Awards.Add(new Award { PersonId = w.PersonId, EventId = Id, Kind = AwardKind.Certificate, AwardedOn = today, Title = $"{(w.Place == 1 ? "Победитель" : "Призёр (" + w.Place + " место)")}: {Event.Title}" });
        await db.SaveChangesAsync();
        return Flash(winners.Count == 0 ? "Нет участников с местами 1–3." : "Грамоты победителям и призёрам внесены в поощрения.", error: winners.Count == 0);
    }

    public async Task<IActionResult> OnPostRemoveAsync(int participantId)
    {
        if (!await LoadAsync()) return NotFound();
        if (!CanWrite) return Forbid();
        var p = await db.EventParticipants.FirstOrDefaultAsync(x => x.Id == participantId && x.EventId == Id);
        if (p is null) return NotFound();
        db.EventParticipants.Remove(p);
        await db.SaveChangesAsync();
        return Flash("Участник снят с регистрации.");
    }

    private RedirectResult Flash(string text, bool error = false)
    {
        TempData[error ? "FlashError" : "Flash"] = text;
        return Redirect($"/events/card/{Id}");
    }

    private async Task<bool> LoadAsync()
    {
        var e = await db.Events.AsNoTracking().Include(x => x.ExtraDates).FirstOrDefaultAsync(x => x.Id == Id);
        if (e is null) return false;
        Event = e;
        RoadmapItemTitle = e.RoadmapItemId is { } rid
            ? await db.RoadmapItems.AsNoTracking().Where(i => i.Id == rid).Select(i => i.Roadmap!.Title + ": " + (i.Number == null ? "" : i.Number + " ") + i.Name).FirstOrDefaultAsync()
            : null;
        CanWrite = EventAccess.CanWrite(db.Scope, e);
        // Participants are listed only as far as the viewer may see them in the registers.
        Participants = await db.EventParticipants.AsNoTracking().Where(p => p.EventId == Id)
            .Join(db.People.AsNoTracking(), p => p.PersonId, x => x.Id, (p, x) => new { p, x })
            .OrderBy(j => j.p.Team).ThenBy(j => j.x.LastName).ThenBy(j => j.x.FirstName)
            .Select(j => new ParticipantRow(j.p.Id, j.x.Id, j.x.LastName + " " + j.x.FirstName + (j.x.MiddleName != null ? " " + j.x.MiddleName : ""),
                j.x.Organization!.Name, j.p.Team, j.p.Attended, j.p.Place, j.p.Result))
            .ToListAsync();
        if (CanWrite)
        {
            var q = db.People.AsNoTracking().Where(p => p.MunicipalityId == e.MunicipalityId);
            if (e.OrganizationId is { } org) q = q.Where(p => p.OrganizationId == org);
            Candidates = await q.OrderBy(p => p.LastName).ThenBy(p => p.FirstName).Take(1000)
                .Select(p => new Option(p.Id, p.LastName + " " + p.FirstName + (p.MiddleName != null ? " " + p.MiddleName : "") + ", " + p.Organization!.Name)).ToListAsync();
        }
        return true;
    }
}
