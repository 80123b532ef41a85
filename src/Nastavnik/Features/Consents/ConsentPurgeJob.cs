using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Nastavnik.Data;
using Nastavnik.Features.Matching;
using Nastavnik.Platform.Audit;
using Nastavnik.Platform.Tenancy;

namespace Nastavnik.Features.Consents;

/// <summary>
/// Destroys the personal data of people whose consent was withdrawn more than 30 days ago and writes a
/// destruction record (kept 3 years, then deleted as well). Runs hourly on the injected clock, so tests move
/// time instead of waiting. The person row and everything hanging off it (consents, profiles, categories,
/// deficits) is deleted; the record keeps initials and an internal number only. Matching runs, which keep their
/// pool's names to be solved again, lose the person's name too.
/// </summary>
public sealed class ConsentPurgeJob(IServiceScopeFactory scopes, TimeProvider clock, ILogger<ConsentPurgeJob> log) : BackgroundService
{
    public static readonly TimeSpan Grace = TimeSpan.FromDays(30);
    public static readonly TimeSpan KeepRecords = TimeSpan.FromDays(3 * 365);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromHours(1), clock);
        do
        {
            try
            {
                var n = await RunOnceAsync(stoppingToken);
                if (n > 0) log.LogInformation("Уничтожены персональные данные {Count} участников после отзыва согласия", n);
            }
            catch (Exception ex) when (ex is DbUpdateException or InvalidOperationException)
            {
                log.LogError(ex, "Очистка персональных данных не выполнена; повтор через час");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    public async Task<int> RunOnceAsync(CancellationToken ct = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<CurrentScope>().Set(TenantScope.System);
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var now = clock.GetUtcNow().UtcDateTime;
        var due = now - Grace;
        // The one place that looks past the withdrawal filter: it has to find the hidden rows to destroy them.
        var people = await db.People.IgnoreQueryFilters().Where(p => p.IsWithdrawn && p.WithdrawnAt <= due).ToListAsync(ct);
        foreach (var p in people)
        {
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            var reason = await db.Consents.Where(c => c.PersonId == p.Id && c.Kind == ConsentKind.PersonalData && c.WithdrawnAt != null)
                .Select(c => c.WithdrawalReason).FirstOrDefaultAsync(ct) ?? "отзыв согласия";
            db.DestructionRecords.Add(new DestructionRecord
            {
                OrganizationId = p.OrganizationId, MunicipalityId = p.MunicipalityId, RegionId = p.RegionId, FormerPersonId = p.Id,
                Subject = $"{p.LastName[..1]}. {p.FirstName[..1]}.{(p.MiddleName is { Length: > 0 } m ? " " + m[..1] + "." : "")} (участник № {p.Id})",
                DataDestroyed = "ФИО, дата рождения, контакты, сведения о месте работы (учёбы), стаже и квалификации, категории, данные законного представителя, " +
                                "профили наставника и наставляемого, дефициты, согласия и их сканы",
                Reason = "Отзыв согласия на обработку персональных данных: " + reason,
                WithdrawnAt = p.WithdrawnAt!.Value, DestroyedAt = now, KeepUntil = now + KeepRecords,
            });
            db.People.Remove(p);
            await ScrubMatchingRunsAsync(db, p.Id, p.MunicipalityId, ct);
            db.AuditEntries.Add(new AuditEntry { At = now, Action = "person.destroyed", EntityType = "person", EntityId = p.Id.ToString(), OrganizationId = p.OrganizationId, UserName = "система" });
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
        }
        var expired = await db.DestructionRecords.Where(r => r.KeepUntil < now).ToListAsync(ct);
        if (expired.Count > 0)
        {
            db.DestructionRecords.RemoveRange(expired);
            await db.SaveChangesAsync(ct);
        }
        return people.Count;
    }

    /// <summary>
    /// A stored matching run names everyone of its pool; the name of a destroyed person is replaced. Their profile in
    /// the run (deficit and category ids, age) stays under the former number, which no longer leads to anyone, so the
    /// run can still be solved again.
    /// </summary>
    private static async Task ScrubMatchingRunsAsync(AppDbContext db, int personId, int municipalityId, CancellationToken ct)
    {
        foreach (var run in await db.MatchingRuns.Where(r => r.MunicipalityId == municipalityId).ToListAsync(ct))
        {
            var input = MatchingRunner.ReadInput(run);
            if (!input.Names.ContainsKey(personId)) continue;
            input.Names[personId] = $"участник № {personId} (данные уничтожены)";
            run.InputJson = JsonSerializer.Serialize(input, MatchingPool.Json);
        }
    }
}
