using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Nastavnik.Data;
using Nastavnik.Features.Events;
using Nastavnik.Features.Mentorships;
using Nastavnik.Features.Monitoring;
using Nastavnik.Features.Organizations;
using Nastavnik.Features.People;
using Nastavnik.Features.Roadmaps;

namespace Nastavnik.Features.Indicators;

/// <summary>
/// A change counter for what the dashboards show: "g" for the default catalogue, "r:{id}" for a region's own
/// catalogue, targets and contests, "m:{id}" for everything of one municipality (its organisations, people,
/// mentorships, enrolment, targets, values, roadmaps, monitoring assignments and responses). Every write that can change a dashboard figure adds one to
/// the counters it touches in the same transaction (<see cref="IndicatorStamps"/>), so a figure cached with the sum
/// of its counters is stale exactly when the sum has moved. Rows are never deleted and counters only grow.
/// </summary>
public sealed class IndicatorStamp
{
    public required string Key { get; set; }
    public int? RegionId { get; set; }
    public int? MunicipalityId { get; set; }
    public long Value { get; set; }
}

internal sealed class IndicatorStampConfiguration : IEntityTypeConfiguration<IndicatorStamp>
{
    public void Configure(EntityTypeBuilder<IndicatorStamp> b)
    {
        b.ToTable("IndicatorStamps");
        b.HasKey(x => x.Key);
        b.Property(x => x.Key).HasMaxLength(24);
        b.HasIndex(x => x.RegionId);
    }
}

/// <summary>
/// Keeps <see cref="IndicatorStamp"/> counters in step with the data: <see cref="CollectAsync"/> looks at the change
/// tracker before a save and names the counters the save affects; <see cref="BumpAsync(AppDbContext, IReadOnlyCollection{StampKey}, CancellationToken)"/>
/// adds one to each inside the save's transaction (AppDbContext does both). Writers that go around EF (bulk COPY)
/// call <see cref="BumpAsync(AppDbContext, IEnumerable{ValueTuple{int, int}}, CancellationToken)"/> themselves.
/// </summary>
public static class IndicatorStamps
{
    private static long _generation;

    /// <summary>
    /// Moves whenever this process has committed a counter change: a cached dashboard checked at an older generation
    /// is checked against the database again before it is served. Changes made by other processes are found by the
    /// periodic check (<see cref="IndicatorCache.Recheck"/>).
    /// </summary>
    public static long LocalGeneration => Interlocked.Read(ref _generation);

    internal static void Committed() => Interlocked.Increment(ref _generation);

    public readonly record struct StampKey(string Key, int? RegionId, int? MunicipalityId)
    {
        public static readonly StampKey Global = new("g", null, null);
        public static StampKey Region(int regionId) => new("r:" + regionId.ToString(CultureInfo.InvariantCulture), regionId, null);
        public static StampKey Municipality(int regionId, int municipalityId) => new("m:" + municipalityId.ToString(CultureInfo.InvariantCulture), regionId, municipalityId);
    }

    /// <summary>
    /// The counters a pending save affects. Rows without tenant columns (participants, roadmap items) are traced to
    /// their mentorship, person, event or roadmap — in the change tracker when they are there, else by id (past the
    /// tenant filters: this decides what to invalidate, it reveals nothing). A mentorship's figures are counted at
    /// its participants' organisations too, so changing one touches their municipalities as well.
    /// </summary>
    public static async Task<HashSet<StampKey>> CollectAsync(AppDbContext db, bool async, CancellationToken ct = default)
    {
        var keys = new HashSet<StampKey>();
        var mentorshipIds = new HashSet<int>();   // their municipality and their participants' municipalities
        var personIds = new HashSet<int>();       // their municipality and that of their mentorships
        var eventIds = new HashSet<int>();        // a contest's region
        var roadmapIds = new HashSet<int>();
        var tracked = new Dictionary<Type, Dictionary<int, object>>();
        T? Tracked<T>(int id) where T : class
        {
            if (!tracked.TryGetValue(typeof(T), out var byId))
                tracked[typeof(T)] = byId = db.ChangeTracker.Entries<T>().ToDictionary(x => x.Property<int>("Id").CurrentValue, x => (object)x.Entity);
            return byId.GetValueOrDefault(id) as T;
        }
        void M(int region, int municipality) => keys.Add(StampKey.Municipality(region, municipality));
        void Both<T>(EntityEntry e, Func<T, int> region, Func<T, int> municipality, string regionProperty, string municipalityProperty) where T : class
        {
            var entity = (T)e.Entity;
            M(region(entity), municipality(entity));
            if (e.State is EntityState.Modified or EntityState.Deleted)
                M((int)e.OriginalValues[regionProperty]!, (int)e.OriginalValues[municipalityProperty]!);
        }

        foreach (var e in db.ChangeTracker.Entries())
        {
            if (e.State is not (EntityState.Added or EntityState.Modified or EntityState.Deleted)) continue;
            switch (e.Entity)
            {
                case Person p:
                    Both<Person>(e, x => x.RegionId, x => x.MunicipalityId, nameof(Person.RegionId), nameof(Person.MunicipalityId));
                    if (e.State != EntityState.Added) personIds.Add(p.Id);
                    break;
                case Mentorship m:
                    Both<Mentorship>(e, x => x.RegionId, x => x.MunicipalityId, nameof(Mentorship.RegionId), nameof(Mentorship.MunicipalityId));
                    if (e.State != EntityState.Added) mentorshipIds.Add(m.Id);
                    break;
                case MentorshipParticipant part:
                    if (Tracked<Mentorship>(part.MentorshipId) is { } pm) M(pm.RegionId, pm.MunicipalityId); else mentorshipIds.Add(part.MentorshipId);
                    if (Tracked<Person>(part.PersonId) is { } pp) M(pp.RegionId, pp.MunicipalityId); else personIds.Add(part.PersonId);
                    break;
                case Organization:
                    Both<Organization>(e, x => x.RegionId, x => x.MunicipalityId, nameof(Organization.RegionId), nameof(Organization.MunicipalityId));
                    break;
                case Municipality mu:
                    M(mu.RegionId, mu.Id);
                    break;
                case OrganizationEnrolment:
                    Both<OrganizationEnrolment>(e, x => x.RegionId, x => x.MunicipalityId, nameof(OrganizationEnrolment.RegionId), nameof(OrganizationEnrolment.MunicipalityId));
                    break;
                case IndicatorValue:
                    Both<IndicatorValue>(e, x => x.RegionId, x => x.MunicipalityId, nameof(IndicatorValue.RegionId), nameof(IndicatorValue.MunicipalityId));
                    break;
                case IndicatorTarget t:
                    keys.Add(t.MunicipalityId is { } tm ? StampKey.Municipality(t.RegionId, tm) : StampKey.Region(t.RegionId));
                    if (e.State == EntityState.Modified)
                    {
                        var (or, om) = ((int)e.OriginalValues[nameof(IndicatorTarget.RegionId)]!, (int?)e.OriginalValues[nameof(IndicatorTarget.MunicipalityId)]);
                        keys.Add(om is { } x ? StampKey.Municipality(or, x) : StampKey.Region(or));
                    }
                    break;
                case Indicator i:
                    keys.Add(i.RegionId is { } ir ? StampKey.Region(ir) : StampKey.Global);
                    break;
                case Event ev:
                    // Only contests feed a figure (the «Педагогический дуэт» share); their participants may be anywhere in the region.
                    if (ev.Kind == EventKind.Contest || (e.State != EntityState.Added && (EventKind)e.OriginalValues[nameof(Event.Kind)]! == EventKind.Contest))
                        keys.Add(StampKey.Region(ev.RegionId));
                    break;
                case EventParticipant ep:
                    if (Tracked<Event>(ep.EventId) is { } tev) { if (tev.Kind == EventKind.Contest) keys.Add(StampKey.Region(tev.RegionId)); }
                    else eventIds.Add(ep.EventId);
                    break;
                case Roadmap r:
                    Both<Roadmap>(e, x => x.RegionId, x => x.MunicipalityId, nameof(Roadmap.RegionId), nameof(Roadmap.MunicipalityId));
                    break;
                case RoadmapStage s:
                    if (Tracked<Roadmap>(s.RoadmapId) is { } sr) M(sr.RegionId, sr.MunicipalityId); else roadmapIds.Add(s.RoadmapId);
                    break;
                case RoadmapItem item:
                    if (Tracked<Roadmap>(item.RoadmapId) is { } ir2) M(ir2.RegionId, ir2.MunicipalityId); else roadmapIds.Add(item.RoadmapId);
                    break;
                // Satisfaction from monitoring: responses, and the assignments behind the response rate. A reminder
                // (LastRemindedAt) changes no figure; scheduling a stage neither, until it is opened.
                case MonitoringResponse:
                    Both<MonitoringResponse>(e, x => x.RegionId, x => x.MunicipalityId, nameof(MonitoringResponse.RegionId), nameof(MonitoringResponse.MunicipalityId));
                    break;
                case MonitoringAssignment when e.State != EntityState.Modified || e.Properties.Any(p => p.IsModified && p.Metadata.Name != nameof(MonitoringAssignment.LastRemindedAt)):
                    Both<MonitoringAssignment>(e, x => x.RegionId, x => x.MunicipalityId, nameof(MonitoringAssignment.RegionId), nameof(MonitoringAssignment.MunicipalityId));
                    break;
                case MonitoringStage st when st.OpenedAt is not null || e.State == EntityState.Deleted
                        || (e.State == EntityState.Modified && e.Property(nameof(MonitoringStage.OpenedAt)).IsModified):
                    Both<MonitoringStage>(e, x => x.RegionId, x => x.MunicipalityId, nameof(MonitoringStage.RegionId), nameof(MonitoringStage.MunicipalityId));
                    break;
            }
        }

        async Task<List<T>> List<T>(IQueryable<T> q) => async ? await q.ToListAsync(ct) : q.ToList();
        if (mentorshipIds.Count > 0)
        {
            foreach (var x in await List(db.Mentorships.IgnoreQueryFilters().Where(m => mentorshipIds.Contains(m.Id)).Select(m => new { m.RegionId, m.MunicipalityId })))
                M(x.RegionId, x.MunicipalityId);
            foreach (var x in await List((from part in db.MentorshipParticipants
                                          join p in db.People.IgnoreQueryFilters() on part.PersonId equals p.Id
                                          where mentorshipIds.Contains(part.MentorshipId)
                                          select new { p.RegionId, p.MunicipalityId }).Distinct()))
                M(x.RegionId, x.MunicipalityId);
        }
        if (personIds.Count > 0)
        {
            foreach (var x in await List(db.People.IgnoreQueryFilters().Where(p => personIds.Contains(p.Id)).Select(p => new { p.RegionId, p.MunicipalityId }).Distinct()))
                M(x.RegionId, x.MunicipalityId);
            foreach (var x in await List((from part in db.MentorshipParticipants
                                          join m in db.Mentorships.IgnoreQueryFilters() on part.MentorshipId equals m.Id
                                          where personIds.Contains(part.PersonId)
                                          select new { m.RegionId, m.MunicipalityId }).Distinct()))
                M(x.RegionId, x.MunicipalityId);
        }
        if (eventIds.Count > 0)
            foreach (var r in await List(db.Events.IgnoreQueryFilters().Where(ev => eventIds.Contains(ev.Id) && ev.Kind == EventKind.Contest).Select(ev => ev.RegionId).Distinct()))
                keys.Add(StampKey.Region(r));
        if (roadmapIds.Count > 0)
            foreach (var x in await List(db.Roadmaps.IgnoreQueryFilters().Where(r => roadmapIds.Contains(r.Id)).Select(r => new { r.RegionId, r.MunicipalityId })))
                M(x.RegionId, x.MunicipalityId);
        return keys;
    }

    /// <summary>
    /// Adds one to each counter (creating it at 1), in key order so that two transactions never wait on each other's
    /// counters crosswise. Runs inside the caller's transaction: the counters move exactly when the data does.
    /// </summary>
    public static async Task BumpAsync(AppDbContext db, IReadOnlyCollection<StampKey> keys, CancellationToken ct = default)
    {
        if (keys.Count == 0) return;
        await db.Database.ExecuteSqlRawAsync(BumpSql(keys), ct);
        AfterBump(db);
    }

    public static void Bump(AppDbContext db, IReadOnlyCollection<StampKey> keys)
    {
        if (keys.Count == 0) return;
        db.Database.ExecuteSqlRaw(BumpSql(keys));
        AfterBump(db);
    }

    /// <summary>Outside a transaction the change is committed already; inside one, <see cref="IndicatorStampsCommit"/> reports it at commit.</summary>
    private static void AfterBump(AppDbContext db)
    {
        if (db.Database.CurrentTransaction is null) Committed();
        else db.StampsAwaitCommit = true;
    }

    /// <summary>For writers that bypass EF (the people import's COPY): the municipalities they wrote into.</summary>
    public static Task BumpAsync(AppDbContext db, IEnumerable<(int RegionId, int MunicipalityId)> municipalities, CancellationToken ct = default) =>
        BumpAsync(db, municipalities.Select(x => StampKey.Municipality(x.RegionId, x.MunicipalityId)).ToHashSet(), ct);

    /// <summary>Keys are built from ids and fixed prefixes only, so the values are written as literals (no NULL parameters to type).</summary>
    private static string BumpSql(IReadOnlyCollection<StampKey> keys)
    {
        static string Id(int? v) => v is { } x ? x.ToString(CultureInfo.InvariantCulture) : "NULL";
        var values = keys.OrderBy(k => k.Key, StringComparer.Ordinal).Select(k => $"('{k.Key}', {Id(k.RegionId)}, {Id(k.MunicipalityId)}, 1)");
        // The same upsert reads right in SQLite (3.24+) and PostgreSQL.
        return $"INSERT INTO \"IndicatorStamps\" (\"Key\", \"RegionId\", \"MunicipalityId\", \"Value\") VALUES {string.Join(", ", values)} " +
               "ON CONFLICT (\"Key\") DO UPDATE SET \"Value\" = \"IndicatorStamps\".\"Value\" + 1";
    }

    /// <summary>The default catalogue's, the region's and its municipalities' counters, by key.</summary>
    public static Task<Dictionary<string, long>> CountersAsync(AppDbContext db, int regionId, CancellationToken ct = default) =>
        db.IndicatorStamps.AsNoTracking().Where(s => s.Key == "g" || s.RegionId == regionId).ToDictionaryAsync(s => s.Key, s => s.Value, StringComparer.Ordinal, ct);

    /// <summary>
    /// The sum of the counters a level's figures depend on: the default catalogue, the region, and the municipality
    /// (or all municipalities of the region, or everything). It moves whenever any of them does.
    /// </summary>
    public static Task<long> TokenAsync(AppDbContext db, MonitoringLevel level, CancellationToken ct = default)
    {
        var q = db.IndicatorStamps.AsNoTracking();
        if (level.MunicipalityId is { } m)
        {
            var mk = "m:" + m.ToString(CultureInfo.InvariantCulture);
            var rk = "r:" + (level.RegionId ?? 0).ToString(CultureInfo.InvariantCulture);
            q = q.Where(s => s.Key == "g" || s.Key == rk || s.Key == mk);
        }
        else if (level.RegionId is { } r) q = q.Where(s => s.Key == "g" || s.RegionId == r);
        return q.SumAsync(s => s.Value, ct);
    }
}

/// <summary>Reports a committed counter change to this process's dashboards cache (see <see cref="IndicatorStamps.LocalGeneration"/>).</summary>
public sealed class IndicatorStampsCommit : Microsoft.EntityFrameworkCore.Diagnostics.DbTransactionInterceptor
{
    public static readonly IndicatorStampsCommit Instance = new();

    public override void TransactionCommitted(System.Data.Common.DbTransaction transaction, Microsoft.EntityFrameworkCore.Diagnostics.TransactionEndEventData eventData) => Done(eventData, committed: true);

    public override Task TransactionCommittedAsync(System.Data.Common.DbTransaction transaction, Microsoft.EntityFrameworkCore.Diagnostics.TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Done(eventData, committed: true);
        return Task.CompletedTask;
    }

    public override void TransactionRolledBack(System.Data.Common.DbTransaction transaction, Microsoft.EntityFrameworkCore.Diagnostics.TransactionEndEventData eventData) => Done(eventData, committed: false);

    public override Task TransactionRolledBackAsync(System.Data.Common.DbTransaction transaction, Microsoft.EntityFrameworkCore.Diagnostics.TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Done(eventData, committed: false);
        return Task.CompletedTask;
    }

    private static void Done(Microsoft.EntityFrameworkCore.Diagnostics.TransactionEndEventData e, bool committed)
    {
        if (e.Context is not AppDbContext { StampsAwaitCommit: true } db) return;
        db.StampsAwaitCommit = false;
        if (committed) IndicatorStamps.Committed();
    }
}
