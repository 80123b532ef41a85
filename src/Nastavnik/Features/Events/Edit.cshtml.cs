using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Nastavnik.Data;
using Nastavnik.Platform.Audit;
using Nastavnik.Platform.Auth;

namespace Nastavnik.Features.Events;

[Authorize(Policy = Permissions.EventsWrite)]
public sealed class EditModel(AppDbContext db, AuditLog audit) : PageModel
{
    public sealed class InputModel
    {
        [Display(Name = "Организатор"), Required] public string? Owner { get; set; }
        [Display(Name = "Вид"), Required] public EventKind? Kind { get; set; }
        [Display(Name = "Название"), Required, StringLength(500, MinimumLength = 3)] public string? Title { get; set; }
        [Display(Name = "Описание"), StringLength(4000)] public string? Description { get; set; }
        [Display(Name = "Дата начала"), Required] public DateOnly? StartsOn { get; set; }
        [Display(Name = "Дата окончания")] public DateOnly? EndsOn { get; set; }
        [Display(Name = "Время начала")] public TimeOnly? StartsAt { get; set; }
        [Display(Name = "Место"), StringLength(300)] public string? Place { get; set; }
        [Display(Name = "Ссылка (для онлайн)"), Url, StringLength(500)] public string? Link { get; set; }
        [Display(Name = "Ответственные"), StringLength(500)] public string? Responsible { get; set; }
        [Display(Name = "Целевая аудитория"), StringLength(500)] public string? Audience { get; set; }
        [Display(Name = "Часов (для КПК)"), Range(1, 2000)] public int? Hours { get; set; }
        [Display(Name = "Пункт дорожной карты (как в плане)"), StringLength(500)] public string? RoadmapItem { get; set; }
        [Display(Name = "Пункт дорожной карты в системе")] public int? RoadmapItemId { get; set; }
        [Display(Name = "Другие дни серии (через запятую, дд.мм.гггг)"), StringLength(500)] public string? ExtraDates { get; set; }
        public Guid? Version { get; set; }
    }

    public sealed record Option(string Value, string Name);

    [BindProperty(SupportsGet = true)] public int? Id { get; set; }
    [BindProperty] public InputModel Input { get; set; } = new();
    public List<Option> Owners { get; private set; } = [];
    public List<(int Id, string Roadmap, string Item)> RoadmapItems { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync()
    {
        await LoadOwnersAsync();
        if (Id is null)
        {
            if (Owners.Count == 1) Input.Owner = Owners[0].Value;
            return Page();
        }
        var e = await db.Events.AsNoTracking().FirstOrDefaultAsync(x => x.Id == Id);
        if (e is null || !EventAccess.CanWrite(db.Scope, e)) return NotFound();
        Input = new InputModel
        {
            Owner = e.OrganizationId is { } o ? $"o:{e.MunicipalityId}:{o}" : $"m:{e.MunicipalityId}", Kind = e.Kind, Title = e.Title, Description = e.Description,
            StartsOn = e.StartsOn, EndsOn = e.EndsOn, StartsAt = e.StartsAt, Place = e.Place, Link = e.Link, Responsible = e.Responsible, Audience = e.Audience,
            Hours = e.Hours, RoadmapItem = e.RoadmapItem, RoadmapItemId = e.RoadmapItemId, Version = e.Version,
            ExtraDates = string.Join(", ", (await db.EventDates.AsNoTracking().Where(d => d.EventId == e.Id).OrderBy(d => d.On).Select(d => d.On).ToListAsync())
                .Select(d => d.ToString("dd.MM.yyyy", System.Globalization.CultureInfo.InvariantCulture))),
        };
        return Page();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        await LoadOwnersAsync();
        Event? e = null;
        if (Id is not null)
        {
            e = await db.Events.FirstOrDefaultAsync(x => x.Id == Id);
            if (e is null || !EventAccess.CanWrite(db.Scope, e)) return NotFound();
        }
        if (Input.Owner is not null && Owners.All(o => o.Value != Input.Owner)) ModelState.AddModelError("Input.Owner", "Выберите организатора из списка.");
        if (Input.EndsOn < Input.StartsOn) ModelState.AddModelError("Input.EndsOn", "Мероприятие не может закончиться раньше, чем начнётся.");
        if (Input.Kind == EventKind.Course && Input.Hours is null) ModelState.AddModelError("Input.Hours", "Для курсов повышения квалификации укажите число часов.");
        var extra = ParseDates(Input.ExtraDates);
        if (extra is null) ModelState.AddModelError("Input.ExtraDates", "Перечислите даты в виде 15.11.2026, 20.01.2027.");
        else if (extra.Count > 60) ModelState.AddModelError("Input.ExtraDates", "Не больше 60 дополнительных дней.");
        if (Input.RoadmapItemId is { } rid && RoadmapItems.All(i => i.Id != rid)) ModelState.AddModelError("Input.RoadmapItemId", "Выберите пункт дорожной карты из списка.");
        if (!ModelState.IsValid) return Page();
        var (municipalityId, organizationId) = Matching.IndexModel.Parse(Input.Owner!);
        var regionId = await db.Municipalities.Where(m => m.Id == municipalityId).Select(m => m.RegionId).FirstAsync();
        var creating = e is null;
        if (e is null)
        {
            e = new Event { Title = "" };
            db.Events.Add(e);
        }
        else db.Entry(e).Property(x => x.Version).OriginalValue = Input.Version ?? Guid.Empty;
        e.RegionId = regionId;
        e.MunicipalityId = municipalityId;
        e.OrganizationId = organizationId;
        e.Kind = Input.Kind!.Value;
        e.Title = Input.Title!.Trim();
        e.Description = Clean(Input.Description);
        e.StartsOn = Input.StartsOn!.Value;
        e.EndsOn = Input.EndsOn == Input.StartsOn ? null : Input.EndsOn;
        e.StartsAt = Input.StartsAt;
        e.Place = Clean(Input.Place);
        e.Link = Clean(Input.Link);
        e.Responsible = Clean(Input.Responsible);
        e.Audience = Clean(Input.Audience);
        e.Hours = Input.Hours;
        e.RoadmapItem = Clean(Input.RoadmapItem);
        e.RoadmapItemId = Input.RoadmapItemId;
        if (!creating) db.EventDates.RemoveRange(db.EventDates.Where(d => d.EventId == e.Id));
        foreach (var d in extra!.Where(d => d < e.StartsOn || d > (e.EndsOn ?? e.StartsOn)).Distinct()) e.ExtraDates.Add(new EventDate { On = d });
        try
        {
            await db.SaveChangesAsync();
        }
        catch (DbUpdateConcurrencyException)
        {
            ModelState.AddModelError("", "Мероприятие изменил другой пользователь. Обновите страницу.");
            return Page();
        }
        await audit.WriteAsync(creating ? AuditActions.Create : AuditActions.Update, "event", e.Id.ToString(), null, e.OrganizationId);
        TempData["Flash"] = creating ? "Мероприятие добавлено." : "Изменения сохранены.";
        return Redirect($"/events/card/{e.Id}");
    }

    private async Task LoadOwnersAsync()
    {
        var scope = db.Scope;
        var muns = (await db.Municipalities.AsNoTracking().Where(m => !m.IsArchived).OrderBy(m => m.Name).ToListAsync())
            .Where(m => EventAccess.CanWrite(scope, m.RegionId, m.Id, null)).Select(m => new Option($"m:{m.Id}", m.Name + " (муниципальное)"));
        var orgs = (await db.Organizations.AsNoTracking().Where(o => !o.IsArchived).OrderBy(o => o.Name).ToListAsync())
            .Where(o => EventAccess.CanWrite(scope, o.RegionId, o.MunicipalityId, o.Id)).Select(o => new Option($"o:{o.MunicipalityId}:{o.Id}", o.Name));
        Owners = [.. muns, .. orgs];
        RoadmapItems = (await db.RoadmapItems.AsNoTracking().OrderBy(i => i.Roadmap!.Title).ThenBy(i => i.Order).Take(500)
            .Select(i => new { i.Id, Roadmap = i.Roadmap!.Title, i.Number, i.Name }).ToListAsync())
            .Select(i => (i.Id, i.Roadmap, (i.Number is null ? "" : i.Number + " ") + i.Name)).ToList();
    }

    /// <summary>"15.11.2026, 20.01.2027" → days; null when a part is not a date.</summary>
    internal static List<DateOnly>? ParseDates(string? text)
    {
        var result = new List<DateOnly>();
        foreach (var part in (text ?? "").Split([',', ';', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!DateOnly.TryParseExact(part, ["dd.MM.yyyy", "d.M.yyyy", "yyyy-MM-dd"], System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var d)) return null;
            result.Add(d);
        }
        return result;
    }

    private static string? Clean(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();
}
