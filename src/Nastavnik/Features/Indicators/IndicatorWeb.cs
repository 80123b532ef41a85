using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Nastavnik.Data;
using Nastavnik.Platform.Auth;
using Nastavnik.Platform.Tenancy;

namespace Nastavnik.Features.Indicators;

/// <summary>Shared bits of the indicator pages: the as-of date, the level from the query or the viewer's scope, formatting.</summary>
public static class IndicatorWeb
{
    private static readonly CultureInfo Ru = CultureInfo.GetCultureInfo("ru-RU");

    public static DateOnly Today(TimeProvider clock) => DateOnly.FromDateTime(clock.GetLocalNow().DateTime);

    public static DateOnly ParseDate(string? text, TimeProvider clock) =>
        text is not null && DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : Today(clock);

    /// <summary>
    /// The level asked for, or the viewer's own: one school for a school's staff, one municipality for its coordinator,
    /// everything visible otherwise. Ids outside the scope are simply not found by the filtered queries.
    /// </summary>
    public static async Task<MonitoringLevel> LevelAsync(AppDbContext db, int? municipalityId, int? organizationId)
    {
        if (organizationId is { } o)
        {
            var org = await db.Organizations.AsNoTracking().Where(x => x.Id == o).Select(x => new { x.RegionId, x.MunicipalityId }).FirstOrDefaultAsync();
            return org is null ? new MonitoringLevel(null, null, -1) : new MonitoringLevel(org.RegionId, org.MunicipalityId, o);
        }
        if (municipalityId is { } m)
        {
            var mun = await db.Municipalities.AsNoTracking().Where(x => x.Id == m).Select(x => new { x.RegionId }).FirstOrDefaultAsync();
            return mun is null ? new MonitoringLevel(null, -1, null) : new MonitoringLevel(mun.RegionId, m, null);
        }
        var roles = db.Scope.For(Permissions.IndicatorsRead).Roles;
        if (roles.Count > 0 && roles.All(r => r.Level == ScopeLevel.Organization) && roles.Select(r => r.OrganizationId).Distinct().Count() == 1)
            return new MonitoringLevel(roles[0].RegionId, roles[0].MunicipalityId, roles[0].OrganizationId);
        if (roles.Count > 0 && roles.All(r => r.Level == ScopeLevel.Municipality) && roles.Select(r => r.MunicipalityId).Distinct().Count() == 1)
            return new MonitoringLevel(roles[0].RegionId, roles[0].MunicipalityId, null);
        if (roles.Count > 0 && roles.All(r => r.Level == ScopeLevel.Region) && roles.Select(r => r.RegionId).Distinct().Count() == 1)
            return new MonitoringLevel(roles[0].RegionId, null, null);
        return MonitoringLevel.All;
    }

    public static string Share(double? v) => v is { } x ? x.ToString("0.0", Ru) + " %" : "—";

    public static string Value(IndicatorLine l) => l.Indicator.Unit == IndicatorUnit.Count || l.CountTarget ? Num(l.Compared ?? l.Actual) : Share(l.Actual);

    public static string Num(double? v) => v is { } x ? x.ToString("0.##", Ru) : "—";

    public static string Target(IndicatorLine l) => l.TargetValue is not { } t ? "не задано"
        : (l.CountTarget ? Num(t) : "не менее " + Share(t)) + (l.Target is { } tg ? " на " + Platform.Web.Formats.Date(tg.DueOn) : "") + (l.TargetIsSum ? " (сумма по ОО)" : "");

    public static string Gap(IndicatorLine l) => l.Gap is not { } g ? "—"
        : (g >= 0 ? "+" : "−") + (l.CountTarget ? Num(Math.Abs(g)) : Math.Abs(g).ToString("0.0", Ru) + " п. п.");

    public static string LightName(Light l) => l switch
    {
        Light.Green => "достигнуто",
        Light.Yellow => "близко к плану",
        Light.Red => "отставание",
        _ => "нет плана",
    };

    /// <summary>A satisfaction average: «8,4 из 10», or the share of the maximum when the scales differ; «мало ответов» below the threshold.</summary>
    public static string Score(SatisfactionFigure f) => f.Responses == 0 ? "нет ответов"
        : f.TooFew ? "мало ответов"
        : f.Average is { } a ? a.ToString("0.0", Ru) + " из " + f.Questionnaire.ScaleMax!.Value.ToString(Ru)
        : f.Percent is { } p ? p.ToString("0", Ru) + " % от максимума"
        : "—";

    /// <summary>Completed of assigned, with the rate: «12 из 15 (80,0 %)».</summary>
    public static string Rate(SatisfactionFigure f) => f.Assigned == 0 ? "—"
        : $"{f.Completed.ToString(Ru)} из {f.Assigned.ToString(Ru)} ({Share(f.Rate)})";

    /// <summary>The bar of a satisfaction average, 0–100.</summary>
    public static int Bar(SatisfactionFigure f) => f.Percent is { } p ? (int)Math.Round(Math.Clamp(p, 0, 100), MidpointRounding.AwayFromZero) : 0;

    public static string Audience(SatisfactionQuestionnaire q) => q.Audience == Monitoring.QuestionnaireAudience.Mentee ? "наставляемые" : "наставники";

    public static string LightClass(Light l) => "light light-" + l.ToString().ToLowerInvariant();

    public static string Describe(MonitoringLevel level, IndicatorBoard board)
    {
        if (level.OrganizationId is not null) return (board.Organizations.Count > 0 ? board.Organizations[0].Name : null) ?? "организация";
        if (level.MunicipalityId is not null) return (board.Organizations.Count > 0 ? board.Organizations[0].MunicipalityName : null) ?? "муниципалитет";
        return "все доступные муниципалитеты";
    }
}
