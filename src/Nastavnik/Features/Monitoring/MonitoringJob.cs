using Microsoft.EntityFrameworkCore;
using Nastavnik.Data;
using Nastavnik.Platform.Tenancy;

namespace Nastavnik.Features.Monitoring;

/// <summary>
/// Once a day on the injected clock: schedules the interim and final stages of live programmes (and follows changed
/// dates), opens the stages whose day has come (assignments and an in-app notice to each respondent), and reminds those
/// who have not answered, no more often than the organisation's cadence. Tests call <see cref="RunOnceAsync"/> after
/// moving the clock.
/// </summary>
public sealed class MonitoringJob(IServiceScopeFactory scopes, TimeProvider clock, ILogger<MonitoringJob> log) : BackgroundService
{
    public sealed record Run(int Scheduled, int Opened, int Reminded);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromHours(24), clock);
        do
        {
            try
            {
                var r = await RunOnceAsync(stoppingToken);
                if (r.Opened + r.Reminded > 0) log.LogInformation("Мониторинг: открыто этапов {Opened}, напоминаний {Reminded}", r.Opened, r.Reminded);
            }
            catch (Exception ex) when (ex is DbUpdateException or InvalidOperationException or System.Data.Common.DbException)
            {
                log.LogError(ex, "Мониторинг: этапы не открыты или напоминания не отправлены; повтор завтра");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    public async Task<Run> RunOnceAsync(CancellationToken ct = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<CurrentScope>().Set(TenantScope.System);
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var service = scope.ServiceProvider.GetRequiredService<MonitoringService>();
        var scheduled = await service.EnsureStagesAsync(db.MentoringPrograms, ct);
        var opened = await service.OpenDueAsync(ct);
        var reminded = await service.RemindAsync(ct);
        return new Run(scheduled, opened, reminded);
    }
}
