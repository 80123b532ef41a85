using System.Net;
using System.Net.Mail;
using System.Text;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.Extensions.Options;
using Nastavnik.Data;
using Nastavnik.Platform.Auth;
using Nastavnik.Platform.Tenancy;

namespace Nastavnik.Platform.Email;

/// <summary>
/// "Email" section. Delivery is on when an SMTP host or a pickup folder is set; in Development and in demo mode a
/// pickup folder (data/mail) is used when nothing is set, so a developer sees the letters as .eml files. Without
/// either, no letters are queued at all (in-app notifications still are).
/// </summary>
public sealed class EmailOptions
{
    public string From { get; set; } = "noreply@nastavnik.local";
    public string FromName { get; set; } = "Наставник";
    /// <summary>Address of the site for links in letters (https://nastavnik.example.ru); else the server's own address.</summary>
    public string? BaseUrl { get; set; }
    /// <summary>Folder for .eml files instead of SMTP (SmtpDeliveryMethod.SpecifiedPickupDirectory).</summary>
    public string? PickupDirectory { get; set; }
    public SmtpSettings Smtp { get; set; } = new();
    public int PollSeconds { get; set; } = 30;
    public int MaxAttempts { get; set; } = 8;
    /// <summary>Sent and abandoned letters hold names and addresses: they are deleted after this many days.</summary>
    public int KeepDays { get; set; } = 30;

    public bool Enabled => !string.IsNullOrWhiteSpace(Smtp.Host) || !string.IsNullOrWhiteSpace(PickupDirectory);
    public bool UsesPickup => string.IsNullOrWhiteSpace(Smtp.Host) && !string.IsNullOrWhiteSpace(PickupDirectory);

    public sealed class SmtpSettings
    {
        public string? Host { get; set; }
        public int Port { get; set; } = 587;
        /// <summary>STARTTLS (System.Net.Mail has no implicit TLS on port 465).</summary>
        public bool EnableSsl { get; set; } = true;
        public string? User { get; set; }
        public string? Password { get; set; }
        public int TimeoutSeconds { get; set; } = 30;
    }

    public static void Register(IServiceCollection services, IConfiguration config, IWebHostEnvironment env)
    {
        services.AddOptions<EmailOptions>().Bind(config.GetSection("Email")).PostConfigure(o =>
        {
            var demo = string.Equals(config["Demo:Enabled"], "true", StringComparison.OrdinalIgnoreCase);
            if (string.IsNullOrWhiteSpace(o.Smtp.Host) && string.IsNullOrWhiteSpace(o.PickupDirectory) && (env.IsDevelopment() || demo))
                o.PickupDirectory = "data/mail";
            if (!string.IsNullOrWhiteSpace(o.PickupDirectory) && !Path.IsPathRooted(o.PickupDirectory))
                o.PickupDirectory = Path.GetFullPath(Path.Combine(env.ContentRootPath, o.PickupDirectory));
        });
        services.AddSingleton<EmailOutboxJob>();
        services.AddHostedService(sp => sp.GetRequiredService<EmailOutboxJob>());
    }
}

public enum OutboxStatus { Pending, Sent, Failed }

/// <summary>
/// A letter waiting to go out. Written by <see cref="Features.Notifications.Notifier"/> in the same SaveChanges (one
/// transaction) as the in-app notification it repeats, so a notification is never mailed without being recorded,
/// nor recorded and silently never mailed. The body is composed at sending time from the text and the link.
/// </summary>
public sealed class OutboxEmail
{
    public long Id { get; set; }
    public string? UserId { get; set; }
    public required string To { get; set; }
    public string? ToName { get; set; }
    public required string Subject { get; set; }
    public required string Text { get; set; }
    public string? Link { get; set; }
    public OutboxStatus Status { get; set; }
    public int Attempts { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime NextAttemptAt { get; set; }
    /// <summary>Claimed by a sender until then: two servers (or the timer and a test) never send one letter twice.</summary>
    public DateTime? LockedUntil { get; set; }
    public DateTime? SentAt { get; set; }
    /// <summary>The kind of failure only (exception type, SMTP status): never the address or the text.</summary>
    public string? LastError { get; set; }
}

internal sealed class OutboxEmailConfiguration : IEntityTypeConfiguration<OutboxEmail>
{
    public void Configure(EntityTypeBuilder<OutboxEmail> b)
    {
        b.ToTable("OutboxEmails");
        b.Property(x => x.UserId).HasMaxLength(450);
        b.Property(x => x.To).HasMaxLength(256);
        b.Property(x => x.ToName).HasMaxLength(300);
        b.Property(x => x.Subject).HasMaxLength(200);
        b.Property(x => x.Text).HasMaxLength(500);
        b.Property(x => x.Link).HasMaxLength(300);
        b.Property(x => x.Status).HasConversion<string>().HasMaxLength(10);
        b.Property(x => x.LastError).HasMaxLength(200);
        b.HasOne<AppUser>().WithMany().HasForeignKey(x => x.UserId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(x => new { x.Status, x.NextAttemptAt });
        b.HasIndex(x => x.UserId);
    }
}

/// <summary>Russian subject and body of a letter.</summary>
public static class EmailText
{
    /// <summary>
    /// The first sentence of the notification, so a mailbox reads like the notification list. A full stop after a
    /// single letter is an initial («Сергеева А. П.»), not the end of a sentence.
    /// </summary>
    public static string Subject(string text)
    {
        var s = text.Trim();
        for (var i = s.IndexOf(". ", StringComparison.Ordinal); i > 0; i = s.IndexOf(". ", i + 1, StringComparison.Ordinal))
        {
            var start = s.LastIndexOf(' ', i - 1) + 1;
            var initial = i - start == 1 && char.IsLetter(s[start]);
            if (!initial && i + 2 < s.Length && char.IsUpper(s[i + 2]))
            {
                s = s[..i];
                break;
            }
        }
        s = s.TrimEnd('.');
        if (s.Length > 150) s = s[..149] + "…";
        return "Наставник: " + s;
    }

    public static string Body(string? name, string text, string? link, string baseUrl)
    {
        var sb = new StringBuilder();
        sb.Append(string.IsNullOrWhiteSpace(name) ? "Здравствуйте!" : $"Здравствуйте, {name}!").Append("\r\n\r\n");
        sb.Append(text).Append("\r\n\r\n");
        if (link is not null && link.StartsWith('/')) sb.Append("Открыть: ").Append(baseUrl).Append(link).Append("\r\n\r\n");
        sb.Append("—\r\nПисьмо отправлено автоматически информационной системой «Наставник»; отвечать на него не нужно.\r\n");
        sb.Append("Отключить письма (уведомления в системе останутся): ").Append(baseUrl).Append("/notifications\r\n");
        return sb.ToString();
    }
}

/// <summary>
/// Sends queued letters: every <see cref="EmailOptions.PollSeconds"/> on the injected clock, oldest first, each
/// claimed before sending. A failure is retried with growing pauses (1 min, 5 min, 15 min, 1 h, 4 h, 12 h, 24 h) and
/// abandoned after <see cref="EmailOptions.MaxAttempts"/>; the log says which letter and what kind of error, never
/// to whom or what (personal data stay in the database).
/// </summary>
public sealed class EmailOutboxJob(IServiceScopeFactory scopes, TimeProvider clock, IOptions<EmailOptions> options, IServer server, ILogger<EmailOutboxJob> log) : BackgroundService
{
    private static readonly TimeSpan[] Backoff =
        [TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(15), TimeSpan.FromHours(1), TimeSpan.FromHours(4), TimeSpan.FromHours(12), TimeSpan.FromHours(24)];
    private static readonly TimeSpan Claim = TimeSpan.FromMinutes(5);
    private const int Batch = 50;

    /// <summary>Replaced in tests to simulate an SMTP server that fails.</summary>
    public Func<MailMessage, CancellationToken, Task>? DeliverOverride { get; set; }

    public static TimeSpan Pause(int attempts) => Backoff[Math.Clamp(attempts - 1, 0, Backoff.Length - 1)];

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var o = options.Value;
        if (!o.Enabled) return;
        if (o.UsesPickup) log.LogInformation("Письма пишутся в папку {Where}", o.PickupDirectory);
        else log.LogInformation("Письма отправляются через SMTP {Host}:{Port}", o.Smtp.Host, o.Smtp.Port);
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(Math.Max(1, o.PollSeconds)), clock);
        do
        {
            try
            {
                var n = await RunOnceAsync(stoppingToken);
                if (n > 0) log.LogInformation("Отправлено писем: {Count}", n);
            }
            catch (Exception ex) when (ex is DbUpdateException or InvalidOperationException or System.Data.Common.DbException)
            {
                log.LogError("Очередь писем не обработана ({Error}); повтор через {Seconds} с", ex.GetType().Name, o.PollSeconds);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    /// <summary>Sends what is due now; returns how many letters went out.</summary>
    public async Task<int> RunOnceAsync(CancellationToken ct = default)
    {
        var o = options.Value;
        if (!o.Enabled) return 0;
        await using var scope = scopes.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<CurrentScope>().Set(TenantScope.System);
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var now = clock.GetUtcNow().UtcDateTime;
        var due = await db.OutboxEmails.AsNoTracking()
            .Where(m => m.Status == OutboxStatus.Pending && m.NextAttemptAt <= now && (m.LockedUntil == null || m.LockedUntil < now))
            .OrderBy(m => m.Id).Select(m => m.Id).Take(Batch).ToListAsync(ct);
        var sent = 0;
        var baseUrl = BaseUrl();
        foreach (var id in due)
        {
            var until = now + Claim;
            var claimed = await db.OutboxEmails.Where(m => m.Id == id && m.Status == OutboxStatus.Pending && (m.LockedUntil == null || m.LockedUntil < now))
                .ExecuteUpdateAsync(s => s.SetProperty(m => m.LockedUntil, until), ct);
            if (claimed == 0) continue;
            var mail = await db.OutboxEmails.AsNoTracking().FirstAsync(m => m.Id == id, ct);
            var attempt = mail.Attempts + 1;
            try
            {
                using var message = Compose(o, mail, baseUrl);
                await DeliverAsync(o, message, ct);
                await db.OutboxEmails.Where(m => m.Id == id).ExecuteUpdateAsync(s => s
                    .SetProperty(m => m.Status, OutboxStatus.Sent).SetProperty(m => m.SentAt, now).SetProperty(m => m.Attempts, attempt)
                    .SetProperty(m => m.LockedUntil, (DateTime?)null).SetProperty(m => m.LastError, (string?)null), ct);
                sent++;
            }
            catch (Exception ex) when (ex is SmtpException or IOException or FormatException or InvalidOperationException or UnauthorizedAccessException)
            {
                // A malformed address never gets better; anything else may (server down, mailbox full, disk full).
                var final = ex is FormatException || attempt >= o.MaxAttempts;
                var error = Describe(ex);
                var next = now + Pause(attempt);
                await db.OutboxEmails.Where(m => m.Id == id).ExecuteUpdateAsync(s => s
                    .SetProperty(m => m.Status, final ? OutboxStatus.Failed : OutboxStatus.Pending).SetProperty(m => m.Attempts, attempt)
                    .SetProperty(m => m.NextAttemptAt, next).SetProperty(m => m.LockedUntil, (DateTime?)null).SetProperty(m => m.LastError, error), ct);
                if (final) log.LogError("Письмо №{Id} не отправлено и снято с отправки после {Attempts} попыток: {Error}", id, attempt, error);
                else log.LogWarning("Письмо №{Id} не отправлено (попытка {Attempt} из {Max}): {Error}; следующая попытка через {Minutes} мин", id, attempt, o.MaxAttempts, error, (int)Pause(attempt).TotalMinutes);
            }
        }
        var old = now.AddDays(-Math.Max(1, o.KeepDays));
        await db.OutboxEmails.Where(m => m.Status != OutboxStatus.Pending && m.CreatedAt < old).ExecuteDeleteAsync(ct);
        return sent;
    }

    private async Task DeliverAsync(EmailOptions o, MailMessage message, CancellationToken ct)
    {
        if (DeliverOverride is { } fake)
        {
            await fake(message, ct);
            return;
        }
        using var client = new SmtpClient();
        if (o.UsesPickup)
        {
            Directory.CreateDirectory(o.PickupDirectory!);
            client.DeliveryMethod = SmtpDeliveryMethod.SpecifiedPickupDirectory;
            client.PickupDirectoryLocation = o.PickupDirectory;
        }
        else
        {
            client.Host = o.Smtp.Host!;
            client.Port = o.Smtp.Port;
            client.EnableSsl = o.Smtp.EnableSsl;
            client.Timeout = o.Smtp.TimeoutSeconds * 1000;
            client.DeliveryMethod = SmtpDeliveryMethod.Network;
            if (!string.IsNullOrEmpty(o.Smtp.User)) client.Credentials = new NetworkCredential(o.Smtp.User, o.Smtp.Password);
        }
        await client.SendMailAsync(message, ct);
    }

    public static MailMessage Compose(EmailOptions o, OutboxEmail mail, string baseUrl)
    {
        var message = new MailMessage
        {
            From = new MailAddress(o.From, o.FromName, Encoding.UTF8),
            Subject = mail.Subject,
            SubjectEncoding = Encoding.UTF8,
            Body = EmailText.Body(mail.ToName, mail.Text, mail.Link, baseUrl),
            BodyEncoding = Encoding.UTF8,
            BodyTransferEncoding = System.Net.Mime.TransferEncoding.Base64,
            HeadersEncoding = Encoding.UTF8,
            IsBodyHtml = false,
        };
        message.To.Add(new MailAddress(mail.To, mail.ToName ?? "", Encoding.UTF8));
        return message;
    }

    private string BaseUrl()
    {
        if (options.Value.BaseUrl is { Length: > 0 } configured) return configured.TrimEnd('/');
        var address = server.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault();
        return (address ?? "http://localhost").Replace("://+", "://localhost", StringComparison.Ordinal).Replace("://*", "://localhost", StringComparison.Ordinal)
            .Replace("://0.0.0.0", "://localhost", StringComparison.Ordinal).TrimEnd('/');
    }

    private static string Describe(Exception ex)
    {
        var s = ex switch
        {
            SmtpFailedRecipientException r => $"{nameof(SmtpFailedRecipientException)}: {r.StatusCode}",
            SmtpException e => $"{nameof(SmtpException)}: {e.StatusCode}" + (e.InnerException is { } inner ? $" ({inner.GetType().Name})" : ""),
            _ => ex.GetType().Name,
        };
        return s.Length > 200 ? s[..200] : s;
    }
}
