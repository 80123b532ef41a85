using System.Globalization;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.EntityFrameworkCore;
using Nastavnik.Data;
using Nastavnik.Platform.Auth;
using Nastavnik.Platform.Web;

namespace Nastavnik.Features.Admin;

/// <summary>Where a role (of a user or of an API token) is held, with the parents copied as in <see cref="RoleAssignment"/>.</summary>
public sealed record ScopeIds(int? RegionId, int? MunicipalityId, int? OrganizationId);

/// <summary>
/// The three scope lists of the role form. Without JavaScript the lists cannot follow the chosen role, so all
/// three are shown and <see cref="ResolveAsync"/> checks on the server that exactly the right one is filled.
/// </summary>
public sealed class ScopeOptions
{
    public sealed record Option(int Id, string Name);
    public sealed record Group(string Name, List<Option> Items);

    public List<Option> Regions { get; private init; } = [];
    public List<Group> Municipalities { get; private init; } = [];
    public List<Group> Organizations { get; private init; } = [];

    public static async Task<ScopeOptions> LoadAsync(AppDbContext db)
    {
        var regions = await db.Regions.AsNoTracking().Where(r => !r.IsArchived).OrderBy(r => r.Name).Select(r => new Option(r.Id, r.Name)).ToListAsync();
        var municipalities = await db.Municipalities.AsNoTracking().Where(m => !m.IsArchived)
            .OrderBy(m => m.Region!.Name).ThenBy(m => m.Name)
            .Select(m => new { m.Id, m.Name, Region = m.Region!.Name }).ToListAsync();
        var organizations = await db.Organizations.AsNoTracking().Where(o => !o.IsArchived && !o.Municipality!.IsArchived)
            .OrderBy(o => o.Municipality!.Name).ThenBy(o => o.Name)
            .Select(o => new { o.Id, o.Name, Municipality = o.Municipality!.Name }).ToListAsync();
        return new ScopeOptions
        {
            Regions = regions,
            Municipalities = [.. municipalities.GroupBy(m => m.Region).Select(g => new Group(g.Key, [.. g.Select(m => new Option(m.Id, m.Name))]))],
            Organizations = [.. organizations.GroupBy(o => o.Municipality).Select(g => new Group(g.Key, [.. g.Select(o => new Option(o.Id, o.Name))]))],
        };
    }

    /// <summary>
    /// Checks the chosen scope against <see cref="RoleScopes.AllowedLevels"/> and fills the parents from the chosen
    /// entity. Errors go next to the offending field (<paramref name="prefix"/>.RegionId and so on); null when invalid.
    /// </summary>
    public static async Task<ScopeIds?> ResolveAsync(AppDbContext db, ModelStateDictionary modelState, string prefix,
        Role role, int? regionId, int? municipalityId, int? organizationId)
    {
        var levels = RoleScopes.AllowedLevels(role);
        var roleName = Formats.Name(role);
        var ok = true;
        void Error(string field, string message)
        {
            modelState.AddModelError($"{prefix}.{field}", message);
            ok = false;
        }

        if (levels.Contains(ScopeLevel.Global))
        {
            var global = $"Роль «{roleName}» действует во всей системе: оставьте это поле пустым.";
            if (regionId is not null) Error("RegionId", global);
            if (municipalityId is not null) Error("MunicipalityId", global);
            if (organizationId is not null) Error("OrganizationId", global);
            return ok ? new ScopeIds(null, null, null) : null;
        }

        var where = string.Join(" или ", levels.Select(LevelName));
        var filled = (regionId is not null ? 1 : 0) + (municipalityId is not null ? 1 : 0) + (organizationId is not null ? 1 : 0);
        if (filled == 0)
        {
            Error(FieldOf(levels[0]), $"Для роли «{roleName}» выберите {where}.");
            return null;
        }
        string Leave(string what) => $"Для роли «{roleName}» выберите {where}; {what} оставьте пустым.";
        if (regionId is not null && !levels.Contains(ScopeLevel.Region)) Error("RegionId", Leave("регион"));
        if (municipalityId is not null && !levels.Contains(ScopeLevel.Municipality)) Error("MunicipalityId", Leave("муниципалитет"));
        if (organizationId is not null && !levels.Contains(ScopeLevel.Organization)) Error("OrganizationId", Leave("поле организации"));
        // A tutor may serve a municipality or one school, never both at once: which one was meant would be a guess.
        if (ok && filled > 1) Error("MunicipalityId", "Выберите что-то одно: муниципалитет или организацию.");
        if (!ok) return null;

        if (regionId is not null)
        {
            if (!await db.Regions.AnyAsync(r => r.Id == regionId && !r.IsArchived)) { Error("RegionId", "Выберите регион из списка."); return null; }
            return new ScopeIds(regionId, null, null);
        }
        if (municipalityId is not null)
        {
            var m = await db.Municipalities.AsNoTracking().Where(x => x.Id == municipalityId && !x.IsArchived).Select(x => new { x.Id, x.RegionId }).FirstOrDefaultAsync();
            if (m is null) { Error("MunicipalityId", "Выберите муниципалитет из списка."); return null; }
            return new ScopeIds(m.RegionId, m.Id, null);
        }
        var o = await db.Organizations.AsNoTracking().Where(x => x.Id == organizationId && !x.IsArchived)
            .Select(x => new { x.Id, x.MunicipalityId, x.RegionId }).FirstOrDefaultAsync();
        if (o is null) { Error("OrganizationId", "Выберите организацию из списка."); return null; }
        return new ScopeIds(o.RegionId, o.MunicipalityId, o.Id);
    }

    public static string LevelName(ScopeLevel level) => level switch
    {
        ScopeLevel.Global => "вся система",
        ScopeLevel.Region => "регион",
        ScopeLevel.Municipality => "муниципалитет",
        _ => "организацию",
    };

    /// <summary>Role list label: the level in brackets tells the administrator which list to use.</summary>
    public static string RoleLabel(Role role) =>
        $"{Formats.Name(role)} ({string.Join(" или ", RoleScopes.AllowedLevels(role).Select(LevelName))})";

    private static string FieldOf(ScopeLevel level) => level switch
    {
        ScopeLevel.Region => "RegionId",
        ScopeLevel.Municipality => "MunicipalityId",
        _ => "OrganizationId",
    };
}

/// <summary>Names of the regions, municipalities and organisations that a page's roles refer to, loaded in three queries.</summary>
public sealed class ScopeNames
{
    private Dictionary<int, string> _regions = [];
    private Dictionary<int, string> _municipalities = [];
    private Dictionary<int, string> _organizations = [];

    public static async Task<ScopeNames> LoadAsync(AppDbContext db, IEnumerable<ScopeIds> scopes)
    {
        var list = scopes.ToList();
        var r = list.Where(s => s.RegionId is not null).Select(s => s.RegionId!.Value).Distinct().ToList();
        var m = list.Where(s => s.MunicipalityId is not null).Select(s => s.MunicipalityId!.Value).Distinct().ToList();
        var o = list.Where(s => s.OrganizationId is not null).Select(s => s.OrganizationId!.Value).Distinct().ToList();
        return new ScopeNames
        {
            _regions = r.Count == 0 ? [] : await db.Regions.AsNoTracking().Where(x => r.Contains(x.Id)).ToDictionaryAsync(x => x.Id, x => x.Name),
            _municipalities = m.Count == 0 ? [] : await db.Municipalities.AsNoTracking().Where(x => m.Contains(x.Id)).ToDictionaryAsync(x => x.Id, x => x.Name),
            _organizations = o.Count == 0 ? [] : await db.Organizations.AsNoTracking().Where(x => o.Contains(x.Id)).ToDictionaryAsync(x => x.Id, x => x.Name),
        };
    }

    /// <summary>"вся система", or the name of the narrowest entity the scope names.</summary>
    public string Where(ScopeIds s) =>
        s.OrganizationId is { } o ? _organizations.GetValueOrDefault(o, $"организация №{o}")
        : s.MunicipalityId is { } m ? _municipalities.GetValueOrDefault(m, $"муниципалитет №{m}")
        : s.RegionId is { } r ? _regions.GetValueOrDefault(r, $"регион №{r}")
        : "вся система";

    public string Describe(Role role, ScopeIds s) => $"{Formats.Name(role)} — {Where(s)}";
}

/// <summary>Model of the _ScopeFields partial: the role and scope lists of one form, under a field prefix.</summary>
public sealed record ScopeFields(string Prefix, ScopeOptions Options, Role? Role, int? RegionId, int? MunicipalityId, int? OrganizationId);

/// <summary>Dates typed into filters and forms: the browser's date picker sends yyyy-MM-dd, a plain text box dd.MM.yyyy.</summary>
public static class DateInput
{
    private static readonly string[] Patterns = ["yyyy-MM-dd", "dd.MM.yyyy", "d.M.yyyy"];

    public const string Error = "Введите дату в формате ДД.ММ.ГГГГ, например 01.09.2026.";

    public static bool TryParse(string? text, out DateOnly? date)
    {
        date = null;
        if (string.IsNullOrWhiteSpace(text)) return true;
        if (!DateOnly.TryParseExact(text.Trim(), Patterns, CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)) return false;
        date = d;
        return true;
    }

    /// <summary>
    /// The date as a date input shows it back: only the ISO form (a typed 10.03.2026 would vanish). Tag helpers prefer
    /// the attempted value in ModelState to the property, so that is replaced too; errors on the field stay.
    /// </summary>
    public static string? ShowBack(ModelStateDictionary modelState, string key, DateOnly? date)
    {
        if (date is not { } d) return null;
        var iso = d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        modelState.SetModelValue(key, iso, iso);
        return iso;
    }

    /// <summary>Start of a local calendar day as a UTC instant (stored instants are UTC; people think in local days).</summary>
    public static DateTime StartUtc(DateOnly day, TimeProvider clock)
    {
        var local = day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified);
        // Some zones start summer time at midnight; that midnight does not exist, the day starts an hour later.
        if (clock.LocalTimeZone.IsInvalidTime(local)) local = local.AddHours(1);
        return TimeZoneInfo.ConvertTimeToUtc(local, clock.LocalTimeZone);
    }

    public static DateOnly Today(TimeProvider clock) => DateOnly.FromDateTime(clock.GetLocalNow().DateTime);
}
