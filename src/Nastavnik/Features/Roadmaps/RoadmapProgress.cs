using Microsoft.EntityFrameworkCore;
using Nastavnik.Data;

namespace Nastavnik.Features.Roadmaps;

/// <summary>
/// Execution control of a roadmap (or of several, added up). An item «should be done by now» when it is done or
/// overdue; the on-time share is the part of those done by the end of their due:
/// done on time / (done + overdue). Items with no dates to compare (on request, by schedule, unparsed),
/// continuous items still running and items not due yet do not count until they are done; cancelled items never count.
/// </summary>
public sealed record RoadmapProgress(int Total, int Done, int DoneOnTime, int Overdue, int Cancelled)
{
    public static readonly RoadmapProgress Empty = new(0, 0, 0, 0, 0);

    public int Expected => Done + Overdue;

    /// <summary>Null while nothing is expected yet.</summary>
    public int? OnTimePercent => Expected == 0 ? null : (int)Math.Round(100.0 * DoneOnTime / Expected, MidpointRounding.AwayFromZero);

    public string OnTimeText => OnTimePercent is { } p ? $"{p} %" : "—";

    public static RoadmapProgress operator +(RoadmapProgress a, RoadmapProgress b) =>
        new(a.Total + b.Total, a.Done + b.Done, a.DoneOnTime + b.DoneOnTime, a.Overdue + b.Overdue, a.Cancelled + b.Cancelled);

    public static RoadmapProgress Add(RoadmapProgress a, RoadmapProgress b) => a + b;

    public static RoadmapProgress Of(IEnumerable<RoadmapItem> items, DueContext context, DateOnly today)
    {
        int total = 0, done = 0, onTime = 0, overdue = 0, cancelled = 0;
        foreach (var item in items)
        {
            if (item.Status == RoadmapItemStatus.Cancelled)
            {
                cancelled++;
                continue;
            }
            total++;
            var due = Due.Parse(item.DueText, context);
            if (item.Status == RoadmapItemStatus.Done)
            {
                done++;
                if (item.IsDoneOnTime(due)) onTime++;
            }
            else if (item.IsOverdue(due, today))
            {
                overdue++;
            }
        }
        return new RoadmapProgress(total, done, onTime, overdue, cancelled);
    }

    /// <summary>Progress of each of the given roadmaps (ids visible to the caller's context), read in one query.</summary>
    public static async Task<Dictionary<int, RoadmapProgress>> ForRoadmapsAsync(AppDbContext db, IReadOnlyCollection<int> roadmapIds, DateOnly today, CancellationToken ct = default)
    {
        if (roadmapIds.Count == 0) return [];
        var periods = await db.Roadmaps.AsNoTracking().Where(r => roadmapIds.Contains(r.Id))
            .Select(r => new { r.Id, r.PeriodStart, r.PeriodEnd }).ToDictionaryAsync(r => r.Id, ct);
        var items = await db.RoadmapItems.AsNoTracking().Where(i => roadmapIds.Contains(i.RoadmapId))
            .Select(i => new RoadmapItem { RoadmapId = i.RoadmapId, Name = "", DueText = i.DueText, Status = i.Status, DoneAt = i.DoneAt })
            .ToListAsync(ct);
        var result = new Dictionary<int, RoadmapProgress>();
        foreach (var g in items.GroupBy(i => i.RoadmapId))
        {
            var p = periods[g.Key];
            result[g.Key] = Of(g, new DueContext(p.PeriodStart, p.PeriodEnd), today);
        }
        foreach (var id in periods.Keys) result.TryAdd(id, Empty);
        return result;
    }
}
