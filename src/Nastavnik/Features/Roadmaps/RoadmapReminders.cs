using Microsoft.EntityFrameworkCore;
using Nastavnik.Data;
using Nastavnik.Features.Notifications;
using Nastavnik.Platform.Auth;
using Nastavnik.Platform.Tenancy;

namespace Nastavnik.Features.Roadmaps;

/// <summary>
/// Execution control: once a day, for each roadmap item whose due has passed without a "done" mark, the people
/// answering for the roadmap get an in-app reminder — the curator and the head for a school's roadmap, the
/// municipal coordinators for a municipal one. The same item is not re-announced within a week. Dues that are
/// recurring, continuous or on request are never overdue and are not reminded of.
/// </summary>
public sealed class RoadmapReminderJob(IServiceScopeFactory scopes, TimeProvider clock, ILogger<RoadmapReminderJob> log) : BackgroundService
{
    public static readonly TimeSpan Quiet = TimeSpan.FromDays(7);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromHours(24), clock);
        do
        {
            try
            {
                var n = await RunOnceAsync(stoppingToken);
                if (n > 0) log.LogInformation("Напоминания о просроченных пунктах дорожных карт: {Count}", n);
            }
            catch (Exception ex) when (ex is DbUpdateException or InvalidOperationException)
            {
                log.LogError(ex, "Напоминания по дорожным картам не отправлены; повтор завтра");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    public async Task<int> RunOnceAsync(CancellationToken ct = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<CurrentScope>().Set(TenantScope.System);
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var notifier = scope.ServiceProvider.GetRequiredService<Notifier>();
        var now = clock.GetUtcNow().UtcDateTime;
        var today = DateOnly.FromDateTime(clock.GetLocalNow().DateTime);
        DueKind[] dated = [DueKind.Date, DueKind.Deadline, DueKind.Period];
        var overdue = await db.RoadmapItems.AsNoTracking()
            .Where(i => i.Status != RoadmapItemStatus.Done && i.Status != RoadmapItemStatus.Cancelled && dated.Contains(i.DueKind) && i.DueEnd != null && i.DueEnd < today)
            .Select(i => new { i.Id, i.Number, i.Name, i.RoadmapId, i.Roadmap!.Title, i.Roadmap.MunicipalityId, i.Roadmap.OrganizationId, i.DueText })
            .ToListAsync(ct);
        var since = now - Quiet;
        var links = overdue.Select(i => $"/roadmaps/item/{i.Id}").ToList();
        var recent = (await db.Set<Notification>().AsNoTracking().Where(n => n.Link != null && links.Contains(n.Link) && n.CreatedAt > since).Select(n => n.Link!).ToListAsync(ct)).ToHashSet();
        var sent = 0;
        foreach (var i in overdue.Where(i => !recent.Contains($"/roadmaps/item/{i.Id}")))
        {
            var text = $"Просрочен пункт {i.Number} «{Short(i.Name)}» дорожной карты «{Short(i.Title)}» (срок: {i.DueText}). Отметьте выполнение или измените срок.";
            await notifier.ToRolesAsync(i.OrganizationId is null ? [Role.MunicipalCoordinator] : [Role.Curator, Role.Head], i.MunicipalityId, i.OrganizationId, text, $"/roadmaps/item/{i.Id}", ct);
            sent++;
        }
        await db.SaveChangesAsync(ct);
        return sent;
    }

    private static string Short(string s) => s.Length <= 80 ? s : s[..77] + "…";
}
