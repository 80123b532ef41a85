using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using Nastavnik.Data;
using Nastavnik.Features.Mentorships;
using Nastavnik.Platform.Tenancy;

namespace Nastavnik.Features.Indicators;

/// <summary>
/// Everything the dashboard page shows for one level, date and viewer scope, worked out once: the board, its lines,
/// the per-organisation or per-municipality rows, participants by role, pairs by status, roadmap execution,
/// satisfaction from monitoring.
/// </summary>
public sealed class IndicatorDashboard
{
    public required MonitoringLevel Level { get; init; }
    public required DateOnly AsOf { get; init; }
    public required IndicatorBoard Board { get; init; }
    public required IReadOnlyList<IndicatorLine> Lines { get; init; }
    public required string Title { get; init; }
    public required IReadOnlyDictionary<ParticipantRole, int> ByRole { get; init; }
    public required IReadOnlyDictionary<MentorshipStatus, int> ByStatus { get; init; }
    public required (int Done, int Overdue, int Total) Roadmap { get; init; }
    /// <summary>Satisfaction questionnaires of the period, per organisation (see <see cref="SatisfactionBoard"/>).</summary>
    public required SatisfactionBoard Satisfaction { get; init; }
    /// <summary>The pupils-involved line of each organisation (the municipal table).</summary>
    public required IReadOnlyDictionary<int, IndicatorLine?> PupilLines { get; init; }
    /// <summary>One row per municipality (the regional table).</summary>
    public required IReadOnlyList<MunicipalityRow> Municipalities { get; init; }
    /// <summary>The change counters' sum the figures were computed under (see <see cref="IndicatorStamps"/>).</summary>
    public required long Token { get; init; }
    /// <summary>Satisfaction at this level, one figure per questionnaire of <see cref="SatisfactionBoard.Questionnaires"/>.</summary>
    public required IReadOnlyList<SatisfactionFigure> SatisfactionTotals { get; init; }
    /// <summary>Satisfaction one level down: per organisation of a municipality, per municipality of a region; only places with assignments.</summary>
    public required IReadOnlyList<SatisfactionRow> SatisfactionRows { get; init; }

    public sealed record MunicipalityRow(int Id, string Name, int Organizations, int PupilsInvolved, int Pupils, IndicatorLine? Line);

    /// <param name="IsOrganization">True: <see cref="Id"/> is an organisation's; false: a municipality's.</param>
    public sealed record SatisfactionRow(int Id, string Name, bool IsOrganization, IReadOnlyList<SatisfactionFigure> Figures);

    public static async Task<IndicatorDashboard> LoadAsync(AppDbContext db, MonitoringLevel level, DateOnly asOf, long token, CancellationToken ct = default)
    {
        var calc = new IndicatorCalculator(db);
        var (board, roles) = await IndicatorBoard.LoadWithRolesAsync(db, level, asOf, ct);
        var orgs = calc.Organizations(level).Select(o => o.Id);
        var byStatus = (await db.Mentorships.AsNoTracking().Where(x => orgs.Contains(x.OrganizationId)).GroupBy(x => x.Status)
            .Select(g => new { g.Key, Count = g.Count() }).ToListAsync(ct)).ToDictionary(x => x.Key, x => x.Count);
        var roadmap = await calc.RoadmapItemsAsync(level, asOf, ct);
        var byRole = new Dictionary<ParticipantRole, int> { [ParticipantRole.Mentor] = roles.Mentors, [ParticipantRole.Mentee] = roles.Mentees, [ParticipantRole.Peer] = roles.Peers };
        var satisfaction = await SatisfactionBoard.LoadAsync(db, level, asOf, ct);
        return Finish(level, asOf, token, board, byRole, byStatus, roadmap, satisfaction);
    }

    /// <summary>
    /// A region's dashboard from its municipalities' (each computed for the same viewer and date): every figure of a
    /// region is a sum over its municipalities — a person, a pair and a roadmap belong to one organisation or
    /// municipality — so after a change in one municipality only that one is computed again. The catalogue, targets
    /// and manual values are read afresh (they are small and a region's own targets apply to all of them).
    /// </summary>
    public static async Task<IndicatorDashboard> ComposeAsync(AppDbContext db, MonitoringLevel level, DateOnly asOf, long token, IReadOnlyList<IndicatorDashboard> parts,
        CancellationToken ct = default)
    {
        var ru = StringComparer.Create(Platform.Web.WebHost.Russian, ignoreCase: false);
        var ordered = parts.Where(p => p.Board.Organizations.Count > 0).OrderBy(p => p.Board.Organizations[0].MunicipalityName, ru).ToList();
        var calc = new IndicatorCalculator(db);
        var board = new IndicatorBoard
        {
            AsOf = asOf,
            Organizations = [.. ordered.SelectMany(p => p.Board.Organizations)],
            Catalogue = await calc.CatalogueAsync(level.RegionId, ct),
            Targets = await db.IndicatorTargets.AsNoTracking().ToListAsync(ct),
            Values = await db.IndicatorValues.AsNoTracking().Where(v => v.AsOf <= asOf).ToListAsync(ct),
        };
        static Dictionary<TKey, int> Sum<TKey>(IEnumerable<IReadOnlyDictionary<TKey, int>> parts) where TKey : notnull =>
            parts.SelectMany(p => p).GroupBy(x => x.Key).ToDictionary(g => g.Key, g => g.Sum(x => x.Value));
        var roadmap = (ordered.Sum(p => p.Roadmap.Done), ordered.Sum(p => p.Roadmap.Overdue), ordered.Sum(p => p.Roadmap.Total));
        return Finish(level, asOf, token, board, Sum(ordered.Select(p => p.ByRole)), Sum(ordered.Select(p => p.ByStatus)), roadmap,
            SatisfactionBoard.Combine(ordered.Select(p => p.Satisfaction)));
    }

    /// <summary>
    /// Every municipality of a region at once, from region-wide queries grouped by organisation and municipality:
    /// what a cold start needs (one pass over the data instead of one per municipality). The parts are exactly what
    /// <see cref="LoadAsync"/> gives for each municipality.
    /// </summary>
    public static async Task<List<IndicatorDashboard>> LoadMunicipalitiesAsync(AppDbContext db, MonitoringLevel region, DateOnly asOf, Func<int, long> token, CancellationToken ct = default)
    {
        var calc = new IndicatorCalculator(db);
        var (orgs, roles) = await calc.FiguresByOrganizationAsync(region, asOf, ct);
        var catalogue = await calc.CatalogueAsync(region.RegionId, ct);
        var targets = await db.IndicatorTargets.AsNoTracking().ToListAsync(ct);
        var values = await db.IndicatorValues.AsNoTracking().Where(v => v.AsOf <= asOf).ToListAsync(ct);
        var orgIds = calc.Organizations(region).Select(o => o.Id);
        var statuses = (await db.Mentorships.AsNoTracking().Where(x => orgIds.Contains(x.OrganizationId)).GroupBy(x => new { x.Organization!.MunicipalityId, x.Status })
            .Select(g => new { g.Key.MunicipalityId, g.Key.Status, Count = g.Count() }).ToListAsync(ct))
            .GroupBy(x => x.MunicipalityId).ToDictionary(g => g.Key, g => (IReadOnlyDictionary<MentorshipStatus, int>)g.ToDictionary(x => x.Status, x => x.Count));
        var roadmaps = await calc.RoadmapItemsByMunicipalityAsync(region, asOf, ct);
        var satisfaction = await SatisfactionBoard.LoadAsync(db, region, asOf, ct);
        return [.. orgs.GroupBy(o => o.MunicipalityId).Select(g =>
        {
            var board = new IndicatorBoard { AsOf = asOf, Organizations = [.. g], Catalogue = catalogue, Targets = targets, Values = values };
            var r = g.Select(o => roles.GetValueOrDefault(o.OrganizationId)).OfType<IndicatorCalculator.RoleCounts>().ToList();
            var byRole = new Dictionary<ParticipantRole, int> { [ParticipantRole.Mentor] = r.Sum(x => x.Mentors), [ParticipantRole.Mentee] = r.Sum(x => x.Mentees), [ParticipantRole.Peer] = r.Sum(x => x.Peers) };
            return Finish(new MonitoringLevel(region.RegionId, g.Key, null), asOf, token(g.Key), board, byRole,
                statuses.GetValueOrDefault(g.Key) ?? new Dictionary<MentorshipStatus, int>(), roadmaps.GetValueOrDefault(g.Key), satisfaction.ForMunicipalityOnly(g.Key));
        })];
    }

    private static IndicatorDashboard Finish(MonitoringLevel level, DateOnly asOf, long token, IndicatorBoard board, IReadOnlyDictionary<ParticipantRole, int> byRole,
        IReadOnlyDictionary<MentorshipStatus, int> byStatus, (int Done, int Overdue, int Total) roadmap, SatisfactionBoard satisfaction)
    {
        var lines = level.OrganizationId is not null && board.Organizations.Count == 1 ? board.ForOrganization(board.Organizations[0])
            : level.MunicipalityId is { } m ? board.ForMunicipality(m)
            : board.ForAll();
        var pupilLines = level.MunicipalityId is not null && level.OrganizationId is null
            ? board.Organizations.ToDictionary(o => o.OrganizationId, o => board.ForOrganization(o).FirstOrDefault(x => x.Indicator.Code == DefaultIndicators.PupilsInvolved))
            : [];
        var municipalities = level.MunicipalityId is null && level.OrganizationId is null
            ? board.Organizations.GroupBy(o => (o.MunicipalityId, o.MunicipalityName)).Select(g => new MunicipalityRow(g.Key.MunicipalityId, g.Key.MunicipalityName, g.Count(),
                g.Sum(o => o.PupilsInvolved), g.Sum(o => o.Pupils), board.ForMunicipality(g.Key.MunicipalityId).FirstOrDefault(x => x.Indicator.Code == DefaultIndicators.PupilsInvolved))).ToList()
            : [];
        var atOrganization = level.OrganizationId is not null && board.Organizations.Count == 1;
        var satisfactionTotals = atOrganization ? satisfaction.ForOrganization(board.Organizations[0].OrganizationId)
            : level.MunicipalityId is { } sm ? satisfaction.ForMunicipality(sm)
            : satisfaction.ForAll();
        var withParts = satisfaction.Parts.Select(p => p.OrganizationId).ToHashSet();
        IReadOnlyList<SatisfactionRow> satisfactionRows = atOrganization || level.OrganizationId is not null ? []
            : level.MunicipalityId is not null
                ? [.. board.Organizations.Where(o => withParts.Contains(o.OrganizationId)).Select(o => new SatisfactionRow(o.OrganizationId, o.Name, true, satisfaction.ForOrganization(o.OrganizationId)))]
                : [.. municipalities.Where(m => satisfaction.Parts.Any(p => p.MunicipalityId == m.Id)).Select(m => new SatisfactionRow(m.Id, m.Name, false, satisfaction.ForMunicipality(m.Id)))];
        return new IndicatorDashboard
        {
            SatisfactionTotals = satisfactionTotals, SatisfactionRows = satisfactionRows,
            Level = level, AsOf = asOf, Board = board, Lines = lines, Title = IndicatorWeb.Describe(level, board),
            ByRole = byRole, ByStatus = byStatus, Roadmap = roadmap, PupilLines = pupilLines, Municipalities = municipalities, Token = token, Satisfaction = satisfaction,
        };
    }
}

/// <summary>
/// Keeps computed dashboards in memory per level, date and viewer scope (what the tenant filters let the viewer see
/// is part of the key, so two viewers share an entry only when they see the same). An entry is served while the sum
/// of the level's change counters in the database is the one it was computed under. The sum is read again (one small
/// query) when this process has committed a counter change since the entry was last checked, and otherwise at most
/// every <see cref="Recheck"/> — the bound on how late a change made by another instance of the app shows up here.
/// A stale entry is recomputed once, however many requests ask at the same time.
/// </summary>
public sealed class IndicatorCache(IServiceScopeFactory scopes, TimeProvider clock, IConfiguration config) : IDisposable
{
    private readonly MemoryCache _entries = new(new MemoryCacheOptions { SizeLimit = 1000 });
    private readonly ConcurrentDictionary<string, Lazy<Task<IndicatorDashboard>>> _computing = new(StringComparer.Ordinal);
    private long _computed;

    /// <summary>How often an entry is checked against the database when nothing was written here ("Indicators:RecheckSeconds", default 2).</summary>
    public TimeSpan Recheck { get; } = TimeSpan.FromSeconds(config.GetValue("Indicators:RecheckSeconds", 2.0));

    /// <summary>How many dashboards were computed rather than served from memory (for tests and the benchmark).</summary>
    public long Computed => Interlocked.Read(ref _computed);

    private sealed class Entry(IndicatorDashboard dashboard, long generation, long checkedAt)
    {
        public IndicatorDashboard Dashboard { get; } = dashboard;
        public long Generation = generation;
        public long CheckedAt = checkedAt;
    }

    public async Task<IndicatorDashboard> GetAsync(AppDbContext db, MonitoringLevel level, DateOnly asOf, CancellationToken ct = default)
    {
        var viewer = db.Scope;
        var key = Key(level, asOf, viewer);
        // Read before the counters: a commit that lands in between is caught by the next request.
        var generation = IndicatorStamps.LocalGeneration;
        _entries.TryGetValue(key, out Entry? entry);
        if (entry is not null && Volatile.Read(ref entry.Generation) == generation && clock.GetElapsedTime(Volatile.Read(ref entry.CheckedAt)) < Recheck)
            return entry.Dashboard;

        var checkedAt = clock.GetTimestamp();
        var token = await IndicatorStamps.TokenAsync(db, level, ct);
        if (entry is not null && entry.Dashboard.Token == token)
        {
            Volatile.Write(ref entry.Generation, generation);
            Volatile.Write(ref entry.CheckedAt, checkedAt);
            return entry.Dashboard;
        }

        return await ComputeOnceAsync(viewer, level, asOf, token, key, generation, checkedAt, ct);
    }

    /// <summary>
    /// One computation per key and token, however many requests ask at once; it runs on its own context with the
    /// viewer's scope, so a request that gives up does not take it down for the others.
    /// </summary>
    private Task<IndicatorDashboard> ComputeOnceAsync(TenantScope viewer, MonitoringLevel level, DateOnly asOf, long token, string key, long generation, long checkedAt,
        CancellationToken ct)
    {
        var flight = key + "#" + token.ToString(CultureInfo.InvariantCulture);
        var lazy = _computing.GetOrAdd(flight, f => new Lazy<Task<IndicatorDashboard>>(() => ComputeAsync(viewer, level, asOf, token, key, f, generation, checkedAt)));
        return lazy.Value.WaitAsync(ct);
    }

    private static bool IsRegion(MonitoringLevel level) => level is { RegionId: not null, MunicipalityId: null, OrganizationId: null };

    private async Task<IndicatorDashboard> ComputeAsync(TenantScope viewer, MonitoringLevel level, DateOnly asOf, long token, string key, string flight, long generation, long checkedAt)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            scope.ServiceProvider.GetRequiredService<CurrentScope>().Set(viewer);
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var dashboard = IsRegion(level)
                ? await IndicatorDashboard.ComposeAsync(db, level, asOf, token, await PartsAsync(db, viewer, level, asOf, generation, checkedAt))
                : await IndicatorDashboard.LoadAsync(db, level, asOf, token);
            Interlocked.Increment(ref _computed);
            // The token was read before the figures: if a write moved a counter meanwhile, the next check sees a
            // different sum and recomputes.
            _entries.Set(key, new Entry(dashboard, generation, checkedAt), new MemoryCacheEntryOptions { Size = 1, SlidingExpiration = TimeSpan.FromMinutes(30) });
            return dashboard;
        }
        finally
        {
            _computing.TryRemove(flight, out _);
        }
    }

    /// <summary>
    /// The municipalities of a region as this viewer sees them: kept ones whose counters have not moved, the others
    /// computed (two at a time: the database and the app share two cores). Counters are read once, before any figure.
    /// </summary>
    private async Task<List<IndicatorDashboard>> PartsAsync(AppDbContext db, TenantScope viewer, MonitoringLevel region, DateOnly asOf, long generation, long checkedAt)
    {
        var counters = await IndicatorStamps.CountersAsync(db, region.RegionId!.Value);
        var municipalities = await new IndicatorCalculator(db).Organizations(region).Select(o => o.MunicipalityId).Distinct().OrderBy(m => m).ToListAsync();
        var parts = new IndicatorDashboard?[municipalities.Count];
        var stale = new List<(int Index, MonitoringLevel Level, long Token, string Key)>();
        for (var i = 0; i < municipalities.Count; i++)
        {
            var level = new MonitoringLevel(region.RegionId, municipalities[i], null);
            var token = counters.GetValueOrDefault("g") + counters.GetValueOrDefault("r:" + region.RegionId.Value.ToString(CultureInfo.InvariantCulture))
                + counters.GetValueOrDefault("m:" + municipalities[i].ToString(CultureInfo.InvariantCulture));
            var key = Key(level, asOf, viewer);
            if (_entries.TryGetValue(key, out Entry? entry) && entry!.Dashboard.Token == token) parts[i] = entry.Dashboard;
            else stale.Add((i, level, token, key));
        }
        if (stale.Count > municipalities.Count / 2)
        {
            // A cold start (or a change at the region's level): one pass over the region, split by municipality.
            var tokens = stale.ToDictionary(x => x.Level.MunicipalityId!.Value, x => x.Token);
            foreach (var part in await IndicatorDashboard.LoadMunicipalitiesAsync(db, region, asOf, m => tokens.GetValueOrDefault(m)))
            {
                var m = part.Level.MunicipalityId!.Value;
                var i = municipalities.IndexOf(m);
                if (i < 0 || !tokens.ContainsKey(m)) continue;
                parts[i] = part;
                Interlocked.Increment(ref _computed);
                _entries.Set(Key(part.Level, asOf, viewer), new Entry(part, generation, checkedAt), new MemoryCacheEntryOptions { Size = 1, SlidingExpiration = TimeSpan.FromMinutes(30) });
            }
        }
        else
        {
            await Parallel.ForEachAsync(stale, new ParallelOptions { MaxDegreeOfParallelism = 2 }, async (x, ct) =>
                parts[x.Index] = await ComputeOnceAsync(viewer, x.Level, asOf, x.Token, x.Key, generation, checkedAt, ct));
        }
        return [.. parts.OfType<IndicatorDashboard>()];
    }

    private static string Key(MonitoringLevel level, DateOnly asOf, TenantScope viewer) =>
        string.Create(CultureInfo.InvariantCulture, $"{level.RegionId}/{level.MunicipalityId}/{level.OrganizationId}/{asOf.DayNumber}/{ScopeKey(viewer)}");

    /// <summary>The parts of a scope the tenant filters read.</summary>
    private static string ScopeKey(TenantScope s) =>
        s.IsGlobal ? "*" : string.Join(';', L("r", s.RegionIds), L("m", s.MunicipalityIds), L("o", s.OrganizationIds), L("ar", s.AncestorRegionIds), L("am", s.AncestorMunicipalityIds));

    private static string L(string name, List<int> ids) => name + string.Join(',', ids.Order().Select(i => i.ToString(CultureInfo.InvariantCulture)));

    public void Dispose() => _entries.Dispose();
}
