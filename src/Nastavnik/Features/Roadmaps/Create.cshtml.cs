using System.ComponentModel.DataAnnotations;
using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Nastavnik.Data;
using Nastavnik.Features.Organizations;
using Nastavnik.Platform.Audit;
using Nastavnik.Platform.Auth;
using Nastavnik.Platform.Tenancy;
using Nastavnik.Platform.Web;

namespace Nastavnik.Features.Roadmaps;

/// <summary>A new roadmap, empty or from a built-in template, for a municipality or an organisation and a period.</summary>
[Authorize(Policy = Permissions.RoadmapsWrite)]
public sealed class CreateModel(AppDbContext db, IAuthorizationService auth, AuditLog audit, TimeProvider clock) : PageModel
{
    public sealed class InputModel
    {
        [Display(Name = "Чья дорожная карта"), Required]
        public string? Owner { get; set; }
        [Display(Name = "Образец")]
        public string? Template { get; set; }
        [Display(Name = "Период"), Required]
        public string? Period { get; set; }
        [Display(Name = "Название"), StringLength(500)]
        public string? Title { get; set; }
    }

    public sealed record Option(string Value, string Name);

    [BindProperty] public InputModel Input { get; set; } = new();
    public List<Option> Owners { get; private set; } = [];
    public List<Option> Periods { get; private set; } = [];

    public async Task OnGetAsync(string? template)
    {
        await LoadOptions();
        var t = RoadmapTemplates.Find(template);
        Input.Template = t?.Key;
        var today = RoadmapWeb.Today(clock);
        Input.Period = t?.Period == TemplatePeriod.CalendarYear ? $"y:{today.Year}" : $"sy:{RoadmapWeb.SchoolYearOf(today)}";
        // Offer the kind of owner the template was written for.
        var preferMunicipal = t?.Municipal ?? true;
        Input.Owner = Owners.FirstOrDefault(o => o.Value.StartsWith(preferMunicipal ? "m:" : "o:", StringComparison.Ordinal))?.Value ?? Owners.FirstOrDefault()?.Value;
    }

    public async Task<IActionResult> OnPostAsync()
    {
        await LoadOptions();
        var template = RoadmapTemplates.Find(Input.Template);
        if (!string.IsNullOrEmpty(Input.Template) && template is null) ModelState.AddModelError("Input.Template", "Выберите образец из списка.");
        if (!TryParsePeriod(Input.Period, out var start, out var end, out var periodText) && Input.Period is not null)
            ModelState.AddModelError("Input.Period", "Выберите период из списка.");
        if (!ModelState.IsValid) return Page();

        var roadmap = new Roadmap { Title = "", PeriodText = periodText, PeriodStart = start, PeriodEnd = end, CreatedAt = clock.GetUtcNow().UtcDateTime, CreatedBy = User.Identity?.Name };
        if (!await SetOwner(roadmap, Input.Owner))
        {
            ModelState.AddModelError("Input.Owner", "Выберите, чья это дорожная карта, из списка.");
            return Page();
        }
        if (!await RoadmapWeb.CanAsync(auth, User, roadmap, Permissions.RoadmapsWrite))
        {
            ModelState.AddModelError("Input.Owner", "У вас нет прав составлять дорожную карту для этой организации или муниципалитета.");
            return Page();
        }
        if (template is not null) RoadmapTemplates.Apply(template, roadmap);
        roadmap.Title = RoadmapWeb.Clean(Input.Title)
            ?? (template is null ? "Дорожная карта по реализации целевой модели наставничества на " + periodText : RoadmapTemplates.Fill(template.Title, start, end));
        db.Roadmaps.Add(roadmap);
        await db.SaveChangesAsync();
        await audit.WriteAsync(AuditActions.Create, "roadmap", roadmap.Id.ToString(CultureInfo.InvariantCulture),
            template is null ? "пустая" : "образец " + template.Key, roadmap.OrganizationId);
        TempData["Flash"] = template is null
            ? "Дорожная карта создана. Добавьте этапы и мероприятия или загрузите таблицу из Word или Excel."
            : $"Дорожная карта создана по образцу: {Formats.Count(roadmap.Items.Count, "мероприятие", "мероприятия", "мероприятий")}. Проверьте сроки и ответственных.";
        return Redirect($"/roadmaps/view/{roadmap.Id}");
    }

    private async Task<bool> SetOwner(Roadmap roadmap, string? owner)
    {
        if (owner is null || owner.Length < 3 || !int.TryParse(owner.AsSpan(2), NumberStyles.None, CultureInfo.InvariantCulture, out var id)) return false;
        if (owner.StartsWith("m:", StringComparison.Ordinal))
        {
            var m = await db.Municipalities.AsNoTracking().FirstOrDefaultAsync(x => x.Id == id && !x.IsArchived);
            if (m is null) return false;
            (roadmap.RegionId, roadmap.MunicipalityId, roadmap.OrganizationId) = (m.RegionId, m.Id, null);
            return true;
        }
        if (owner.StartsWith("o:", StringComparison.Ordinal))
        {
            var o = await db.Organizations.AsNoTracking().FirstOrDefaultAsync(x => x.Id == id && !x.IsArchived);
            if (o is null) return false;
            (roadmap.RegionId, roadmap.MunicipalityId, roadmap.OrganizationId) = (o.RegionId, o.MunicipalityId, o.Id);
            roadmap.ApproverPosition = "Директор " + (o.ShortName ?? o.Name);
            return true;
        }
        return false;
    }

    public static bool TryParsePeriod(string? value, out DateOnly start, out DateOnly end, out string text)
    {
        (start, end, text) = (default, default, "");
        if (value is null || value.Length < 3) return false;
        var colon = value.IndexOf(':', StringComparison.Ordinal);
        if (colon < 0 || !int.TryParse(value.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var year) || year is < 2000 or > 2100) return false;
        switch (value[..colon])
        {
            case "sy":
                (start, end, text) = (RoadmapWeb.SchoolYearStart(year), RoadmapWeb.SchoolYearEnd(year), $"{year}/{year + 1} учебный год");
                return true;
            case "y":
                (start, end, text) = (new DateOnly(year, 1, 1), new DateOnly(year, 12, 31), $"{year} год");
                return true;
            default:
                return false;
        }
    }

    private async Task LoadOptions()
    {
        var today = RoadmapWeb.Today(clock);
        var sy = RoadmapWeb.SchoolYearOf(today);
        Periods = [];
        for (var y = sy - 3; y <= sy + 1; y++) Periods.Add(new($"sy:{y}", $"{y}/{y + 1} учебный год"));
        for (var y = today.Year - 3; y <= today.Year + 1; y++) Periods.Add(new($"y:{y}", $"{y} год (календарный)"));

        var writable = db.Scope.For(Permissions.RoadmapsWrite);
        Owners = [];
        var municipalities = await db.Municipalities.AsNoTracking().Where(m => !m.IsArchived).OrderBy(m => m.Name).ToListAsync();
        Owners.AddRange(municipalities.Where(m => writable.CoversMunicipality(m.RegionId, m.Id)).Select(m => new Option($"m:{m.Id}", "Муниципальная: " + m.Name)));
        // Organisation roadmaps are written by the organisation itself (RoadmapAccess); administrators may help anyone.
        var orgIds = writable.Roles.Where(r => r.Level == ScopeLevel.Organization).Select(r => r.OrganizationId!.Value).ToList();
        var global = writable.Roles.Any(r => r.Level == ScopeLevel.Global);
        var orgs = await db.Organizations.AsNoTracking().Where(o => !o.IsArchived && o.Kind != OrganizationKind.Partner && (global || orgIds.Contains(o.Id)))
            .OrderBy(o => o.Name).Take(1000).Select(o => new { o.Id, o.Name }).ToListAsync();
        Owners.AddRange(orgs.Select(o => new Option($"o:{o.Id}", o.Name)));
    }
}
