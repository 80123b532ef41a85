using System.Collections.Concurrent;
using System.Net.Mail;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Nastavnik.Features.Notifications;
using Nastavnik.Platform.Auth;
using Nastavnik.Platform.Email;
using Nastavnik.Platform.Tenancy;

namespace Nastavnik.Tests.Notifications;

public sealed class EmailOutboxTests(TestApp app) : IClassFixture<TestApp>
{
    private const string Address = "ivanova.personal@example.ru";
    private const string Name = "Иванова Мария Петровна";

    private Task<long> QueueAsync(AppUser user, string to = Address) => app.WithDbAsync(async db =>
    {
        var now = app.Clock.GetUtcNow().UtcDateTime;
        var m = new OutboxEmail
        {
            UserId = user.Id, To = to, ToName = Name, Subject = "Наставник: Программа наставничества №7: пора встретиться",
            Text = "Программа наставничества №7: пора встретиться. Нет встреч 30 дн.", Link = "/programmes/card/7", Status = OutboxStatus.Pending, CreatedAt = now, NextAttemptAt = now,
        };
        db.OutboxEmails.Add(m);
        await db.SaveChangesAsync();
        return m.Id;
    });

    private Task<OutboxEmail> RowAsync(long id) => app.WithDbAsync(db => db.OutboxEmails.AsNoTracking().SingleAsync(m => m.Id == id));

    [Fact]
    public async Task FailingServer_RetriedWithBackoff_ThenAbandoned_LogsNoPersonalData()
    {
        var logs = new CapturedLogs();
        using var host = app.WithWebHostBuilder(b => b.ConfigureLogging(l => l.AddProvider(logs)));
        var job = host.Services.GetRequiredService<EmailOutboxJob>();
        var user = await app.CreateUserAsync(Role.Mentor, organization: await app.CreateOrganizationAsync());
        var id = await QueueAsync(user);
        var calls = 0;
        job.DeliverOverride = (_, _) =>
        {
            calls++;
            throw new SmtpFailedRecipientException(SmtpStatusCode.MailboxUnavailable, Address);
        };

        Assert.Equal(0, await job.RunOnceAsync());
        var row = await RowAsync(id);
        Assert.Equal((OutboxStatus.Pending, 1, "SmtpFailedRecipientException: MailboxUnavailable"), (row.Status, row.Attempts, row.LastError));
        Assert.Equal(app.Clock.GetUtcNow().UtcDateTime.AddMinutes(1), row.NextAttemptAt);
        Assert.Null(row.LockedUntil);

        // Not before the pause is over.
        await job.RunOnceAsync();
        Assert.Equal(1, calls);
        app.Clock.Advance(TimeSpan.FromSeconds(59));
        await job.RunOnceAsync();
        Assert.Equal(1, calls);

        var options = host.Services.GetRequiredService<IOptions<EmailOptions>>().Value;
        for (var attempt = 1; attempt < options.MaxAttempts; attempt++)
        {
            app.Clock.Advance(EmailOutboxJob.Pause(attempt));
            await job.RunOnceAsync();
            Assert.Equal(attempt + 1, (await RowAsync(id)).Attempts);
        }
        row = await RowAsync(id);
        Assert.Equal(OutboxStatus.Failed, row.Status);
        Assert.Equal(options.MaxAttempts, calls);
        app.Clock.Advance(TimeSpan.FromDays(2));
        await job.RunOnceAsync();
        Assert.Equal(options.MaxAttempts, calls);

        var text = string.Join("\n", logs.Messages);
        Assert.Contains($"Письмо №{id} не отправлено", text);
        Assert.Contains("снято с отправки", text);
        foreach (var secret in new[] { "ivanova", "Иванова", "встретиться", "Программа" })
            Assert.DoesNotContain(secret, text, StringComparison.OrdinalIgnoreCase);
        job.DeliverOverride = null;
    }

    [Fact]
    public async Task Pickup_WritesRussianLetter_WithLink_OldLettersDeleted()
    {
        var job = app.Services.GetRequiredService<EmailOutboxJob>();
        var user = await app.CreateUserAsync(Role.Mentor, organization: await app.CreateOrganizationAsync());
        var to = $"pickup{Guid.NewGuid():N}@example.ru";
        var id = await QueueAsync(user, to);
        Assert.True(await job.RunOnceAsync() >= 1);
        Assert.Equal(OutboxStatus.Sent, (await RowAsync(id)).Status);
        var eml = Assert.Single(Eml.ReadAll(app.MailDirectory), e => e.To.Contains(to, StringComparison.Ordinal));
        Assert.Equal("Наставник: Программа наставничества №7: пора встретиться", eml.Subject);
        Assert.Contains("Наставник", eml.Headers["From"]);
        Assert.Contains("noreply@nastavnik.local", eml.Headers["From"]);
        Assert.StartsWith($"Здравствуйте, {Name}!", eml.Body);
        Assert.Contains("Нет встреч 30 дн.", eml.Body);
        Assert.Contains("Открыть: http://localhost/programmes/card/7", eml.Body);
        Assert.Contains("Отключить письма", eml.Body);

        // Sent letters hold names and addresses: gone after the retention period.
        app.Clock.Advance(TimeSpan.FromDays(31));
        await job.RunOnceAsync();
        Assert.False(await app.WithDbAsync(db => db.OutboxEmails.AnyAsync(m => m.Id == id)));
    }

    [Fact]
    public async Task TwoSenders_AtOnce_EachLetterDeliveredOnce()
    {
        var job = app.Services.GetRequiredService<EmailOutboxJob>();
        var user = await app.CreateUserAsync(Role.Mentor, organization: await app.CreateOrganizationAsync());
        var ids = new List<long>();
        for (var i = 0; i < 6; i++) ids.Add(await QueueAsync(user, $"twice{i}-{Guid.NewGuid():N}@example.ru"));
        var delivered = new ConcurrentBag<string>();
        job.DeliverOverride = async (m, ct) =>
        {
            delivered.Add(m.To[0].Address);
            await Task.Delay(30, ct);
        };
        try
        {
            await Task.WhenAll(job.RunOnceAsync(), job.RunOnceAsync(), job.RunOnceAsync());
        }
        finally { job.DeliverOverride = null; }
        var mine = delivered.Where(a => a.StartsWith("twice", StringComparison.Ordinal)).ToList();
        Assert.Equal(6, mine.Count);
        Assert.Equal(6, mine.Distinct().Count());
        foreach (var id in ids) Assert.Equal(OutboxStatus.Sent, (await RowAsync(id)).Status);
    }

    [Fact]
    public async Task Notifier_WithoutMailConfigured_OnlyNotifies_WithMail_QueuesInSameSave()
    {
        var user = await app.CreateUserAsync(Role.Curator, organization: await app.CreateOrganizationAsync());
        await app.EnsureMigratedAsync();
        await using var scope = app.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<CurrentScope>().Set(TenantScope.System);
        var db = scope.ServiceProvider.GetRequiredService<Nastavnik.Data.AppDbContext>();

        var off = new Notifier(db, app.Clock, Options.Create(new EmailOptions()));
        await off.ToUsersAsync([user.Id], "Просрочен пункт 2.1 дорожной карты. Отметьте выполнение.", "/roadmaps/item/1");
        Assert.Single(db.ChangeTracker.Entries<Notification>());
        Assert.Empty(db.ChangeTracker.Entries<OutboxEmail>());
        db.ChangeTracker.Clear();

        var on = scope.ServiceProvider.GetRequiredService<Notifier>();
        await on.ToUsersAsync([user.Id, user.Id], "Просрочен пункт 2.1 дорожной карты. Отметьте выполнение.", "/roadmaps/item/1");
        Assert.Single(db.ChangeTracker.Entries<Notification>());
        var letter = Assert.Single(db.ChangeTracker.Entries<OutboxEmail>()).Entity;
        Assert.Equal((user.Email, "Наставник: Просрочен пункт 2.1 дорожной карты", OutboxStatus.Pending), (letter.To, letter.Subject, letter.Status));
        db.ChangeTracker.Clear();
    }

    [Theory]
    [InlineData("Просрочен отчёт: наставляемый Молодцова М. П., последний отчёт 02.12.2026 (не реже 1 раза в 14 дн.). Кому написать: куратор.",
        "Наставник: Просрочен отчёт: наставляемый Молодцова М. П., последний отчёт 02.12.2026 (не реже 1 раза в 14 дн.)")]
    [InlineData("Пара утверждена приказом № 3. Начинайте работу.", "Наставник: Пара утверждена приказом № 3")]
    [InlineData("Без точки в конце", "Наставник: Без точки в конце")]
    public void Subject_IsFirstSentence_InitialsAreNotSentenceEnds(string text, string subject) => Assert.Equal(subject, EmailText.Subject(text));

    /// <summary>What the sender writes to the log (other categories are not about letters).</summary>
    private sealed class CapturedLogs : ILoggerProvider
    {
        public ConcurrentQueue<string> Messages { get; } = new();
        public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName == typeof(EmailOutboxJob).FullName);
        public void Dispose() { }

        private sealed class Logger(CapturedLogs owner, bool keep) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
            public bool IsEnabled(LogLevel logLevel) => keep;
            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                if (keep) owner.Messages.Enqueue(formatter(state, exception) + (exception is null ? "" : " " + exception));
            }
        }
    }
}
