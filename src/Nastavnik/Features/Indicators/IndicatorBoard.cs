using Microsoft.EntityFrameworkCore;
using Nastavnik.Data;

namespace Nastavnik.Features.Indicators;

/// <summary>
/// Everything the dashboard and the reports show for one as-of date: per-organisation figures, the catalogue,
/// targets and manual values; <see cref="Lines"/> puts them together for any level (organisation, municipality, all).
/// </summary>
public sealed class IndicatorBoard
{
    public required DateOnly AsOf { get; init; }
    public required IReadOnlyList<OrgFigures> Organizations { get; init; }
    public required IReadOnlyList<Indicator> Catalogue { get; init; }
    public required IReadOnlyList<IndicatorTarget> Targets { get; init; }
    public required IReadOnlyList<IndicatorValue> Values { get; init; }

    public static async Task<IndicatorBoard> LoadAsync(AppDbContext db, MonitoringLevel level, DateOnly asOf, CancellationToken ct = default) =>
        (await LoadWithRolesAsync(db, level, asOf, ct)).Board;

    /// <summary>The board and, from the same query, the participants by role (the dashboard shows both).</summary>
    public static async Task<(IndicatorBoard Board, IndicatorCalculator.RoleCounts Roles)> LoadWithRolesAsync(AppDbContext db, MonitoringLevel level, DateOnly asOf, CancellationToken ct = default)
    {
        var calc = new IndicatorCalculator(db);
        var (orgs, roles) = await calc.FiguresAsync(level, asOf, ct);
        var regionId = level.RegionId ?? (orgs.Select(o => o.RegionId).Distinct().Count() == 1 ? orgs[0].RegionId : null);
        return (new IndicatorBoard
        {
            AsOf = asOf,
            Organizations = orgs,
            Catalogue = await calc.CatalogueAsync(regionId, ct),
            Targets = await db.IndicatorTargets.AsNoTracking().ToListAsync(ct),
            Values = await db.IndicatorValues.AsNoTracking().Where(v => v.AsOf <= asOf).ToListAsync(ct),
        }, roles);
    }

    /// <summary>The lines of one organisation.</summary>
    public IReadOnlyList<IndicatorLine> ForOrganization(OrgFigures o) => Lines([o], o.RegionId, o.MunicipalityId, o.OrganizationId);

    /// <summary>The lines of a municipality (its organisations summed).</summary>
    public IReadOnlyList<IndicatorLine> ForMunicipality(int municipalityId)
    {
        var orgs = Organizations.Where(o => o.MunicipalityId == municipalityId).ToList();
        return Lines(orgs, orgs.FirstOrDefault()?.RegionId ?? 0, municipalityId, null);
    }

    /// <summary>The lines of everything loaded; targets of the region when all organisations share one.</summary>
    public IReadOnlyList<IndicatorLine> ForAll()
    {
        var regions = Organizations.Select(o => o.RegionId).Distinct().ToList();
        return Lines(Organizations, regions.Count == 1 ? regions[0] : 0, null, null);
    }

    public IReadOnlyList<IndicatorLine> Lines(IReadOnlyCollection<OrgFigures> orgs, int regionId, int? municipalityId, int? organizationId) =>
        [.. Catalogue.Select(i => Line(i, orgs, regionId, municipalityId, organizationId))];

    private IndicatorLine Line(Indicator i, IReadOnlyCollection<OrgFigures> orgs, int regionId, int? municipalityId, int? organizationId)
    {
        int? num = null, den = null;
        double? actual = null;
        string? source = null;
        if (IndicatorCalculator.Figure(i.Computation, orgs) is var (n, d))
        {
            num = n;
            den = d;
            actual = i.Unit == IndicatorUnit.Count ? n : d > 0 ? 100.0 * n / d : null;
        }
        else (num, den, actual, source) = Manual(i, orgs, municipalityId, organizationId);

        var (target, isSum, targetValue) = TargetFor(i.Code, orgs, regionId, municipalityId, organizationId);
        // A count target (seed 003's planned number of pupils) is compared with the count, a share target with the share.
        var compared = target?.Kind == TargetKind.Count ? (num is { } c ? c : actual) : actual;
        double? gap = compared is { } a && targetValue is { } t ? a - t : null;
        var light = Evaluate(target?.Kind ?? TargetKind.Share, compared, targetValue);
        return new IndicatorLine(i, num, den, actual, target, isSum, targetValue, compared, gap, light, source);
    }

    /// <summary>Green at or above the target; yellow within 10 percentage points (a share) or 10 % of it (a count); red below.</summary>
    public static Light Evaluate(TargetKind kind, double? actual, double? target)
    {
        if (actual is not { } a || target is not { } t) return Light.None;
        if (a >= t - 1e-9) return Light.Green;
        var near = kind == TargetKind.Share ? t - a <= 10 + 1e-9 : a >= 0.9 * t - 1e-9;
        return near ? Light.Yellow : Light.Red;
    }

    /// <summary>
    /// The level's own target (the nearest due on or after the as-of date, else the latest before); a share target
    /// is inherited from the municipality or region above; above one organisation, without an own target, the
    /// organisations' planned counts add up (seed 003 lists a planned count per school).
    /// </summary>
    private (IndicatorTarget? Target, bool IsSum, double? Value) TargetFor(string code, IReadOnlyCollection<OrgFigures> orgs, int regionId, int? municipalityId, int? organizationId)
    {
        // Targets by indicator and by (indicator, organisation): a regional board asks for thousands of lines.
        _targetsByCode ??= Targets.ToLookup(t => t.IndicatorCode, StringComparer.Ordinal);
        _countTargets ??= Targets.Where(t => t.Kind == TargetKind.Count && t.OrganizationId is not null)
            .GroupBy(t => (t.IndicatorCode, t.OrganizationId!.Value)).ToDictionary(g => g.Key, g => g.ToList());
        var forCode = _targetsByCode[code];
        var own = Pick(forCode.Where(t => t.RegionId == regionId && t.MunicipalityId == municipalityId && t.OrganizationId == organizationId));
        if (own is not null) return (own, false, own.Value);
        if (organizationId is not null || municipalityId is not null)
        {
            var inherited = (organizationId is not null
                    ? Pick(forCode.Where(t => t.Kind == TargetKind.Share && t.MunicipalityId == municipalityId && t.OrganizationId == null))
                    : null)
                ?? Pick(forCode.Where(t => t.Kind == TargetKind.Share && t.RegionId == regionId && t.MunicipalityId == null && t.OrganizationId == null));
            if (inherited is not null) return (inherited, false, inherited.Value);
        }
        if (organizationId is null)
        {
            var counts = orgs.Select(o => _countTargets.TryGetValue((code, o.OrganizationId), out var list) ? Pick(list) : null)
                .OfType<IndicatorTarget>().ToList();
            if (counts.Count > 0)
                return (new IndicatorTarget { IndicatorCode = code, RegionId = regionId, MunicipalityId = municipalityId, Kind = TargetKind.Count, DueOn = counts.Max(c => c.DueOn), Value = counts.Sum(c => c.Value) },
                    true, counts.Sum(c => c.Value));
        }
        return (null, false, null);
    }

    private ILookup<string, IndicatorTarget>? _targetsByCode;
    private Dictionary<(string, int), List<IndicatorTarget>>? _countTargets;
    private ILookup<string, IndicatorValue>? _valuesByCode;

    private IndicatorTarget? Pick(IEnumerable<IndicatorTarget> candidates)
    {
        var list = candidates.ToList();
        return list.Where(t => t.DueOn >= AsOf).MinBy(t => t.DueOn) ?? list.MaxBy(t => t.DueOn);
    }

    /// <summary>
    /// A manual indicator: the latest value entered for exactly this level; above one organisation without its own
    /// value, the organisations' numerators and denominators add up (when they were entered).
    /// </summary>
    private (int?, int?, double?, string?) Manual(Indicator i, IReadOnlyCollection<OrgFigures> orgs, int? municipalityId, int? organizationId)
    {
        _valuesByCode ??= Values.ToLookup(v => v.IndicatorCode, StringComparer.Ordinal);
        var values = _valuesByCode[i.Code];
        IndicatorValue? Latest(int? mun, int? org) => values.Where(v => (mun is null || v.MunicipalityId == mun) && v.OrganizationId == org)
            .OrderByDescending(v => v.AsOf).ThenByDescending(v => v.Id).FirstOrDefault();
        var own = organizationId is not null ? Latest(null, organizationId) : municipalityId is not null ? Latest(municipalityId, null) : null;
        if (own is not null) return (own.Numerator, own.Denominator, own.Value, $"{own.Source}, {Platform.Web.Formats.Date(own.AsOf)}");
        if (organizationId is not null) return (null, null, null, null);
        var parts = orgs.Select(o => Latest(null, o.OrganizationId)).OfType<IndicatorValue>().ToList();
        if (parts.Count == 0) return (null, null, null, null);
        if (i.Unit == IndicatorUnit.Count) return (null, null, parts.Sum(p => p.Value), $"сумма по {parts.Count} ОО");
        if (parts.All(p => p.Numerator is not null && p.Denominator is not null))
        {
            int n = parts.Sum(p => p.Numerator!.Value), d = parts.Sum(p => p.Denominator!.Value);
            return (n, d, d > 0 ? 100.0 * n / d : null, $"сумма по {parts.Count} ОО");
        }
        return (null, null, null, $"введено {parts.Count} ОО без числителя и знаменателя");
    }
}
