using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.Extensions.Options;
using Nastavnik.Data;
using Nastavnik.Platform.Auth;
using Nastavnik.Platform.Email;

namespace Nastavnik.Features.Notifications;

/// <summary>An in-app message to one user account. The text names no sensitive data; the link leads to where the user may look.</summary>
public sealed class Notification
{
    public long Id { get; set; }
    public required string UserId { get; set; }
    public required string Text { get; set; }
    public string? Link { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime? ReadAt { get; set; }
}

/// <summary>A user's choice about letters; without a row, notifications are also sent by e-mail.</summary>
public sealed class NotificationSettings
{
    public required string UserId { get; set; }
    public bool SendEmail { get; set; } = true;
}

/// <summary>
/// Sends notifications to people of the registers. A person is matched to an account by e-mail (Person.Email =
/// AppUser.Email): registers and accounts are kept by different people, and the e-mail is the one key both hold.
/// Each notification is repeated as a letter in the outbox (when e-mail is configured and the user has not turned
/// letters off); both are added to the caller's context and saved by its SaveChanges, in one transaction.
/// </summary>
public sealed class Notifier(AppDbContext db, TimeProvider clock, IOptions<EmailOptions> email)
{
    /// <summary>Adds notifications to the context; they are saved with the caller's SaveChanges.</summary>
    public async Task ToPeopleAsync(IEnumerable<int> personIds, string text, string? link, CancellationToken ct = default)
    {
        var ids = personIds.Distinct().ToList();
        var emails = await db.People.Where(p => ids.Contains(p.Id) && p.Email != null)
            .Select(p => p.Email!).ToListAsync(ct);
        if (emails.Count == 0) return;
        emails = [.. emails.Select(e => e.Trim().ToUpperInvariant())];
        var users = await db.Users.Where(u => u.NormalizedEmail != null && emails.Contains(u.NormalizedEmail) && !u.IsDisabled).Select(u => u.Id).ToListAsync(ct);
        await ToUsersAsync(users, text, link, ct);
    }

    /// <summary>Curators of an organisation (requests of mentees reach them).</summary>
    public async Task ToCuratorsAsync(int organizationId, string text, string? link, CancellationToken ct = default)
    {
        var users = await db.RoleAssignments.Where(a => a.OrganizationId == organizationId && a.Role == Role.Curator).Select(a => a.UserId).Distinct().ToListAsync(ct);
        await ToUsersAsync(users, text, link, ct);
    }

    /// <summary>Holders of the given roles at an organisation, or at the municipality itself when no organisation is given.</summary>
    public async Task ToRolesAsync(IReadOnlyCollection<Role> roles, int municipalityId, int? organizationId, string text, string? link, CancellationToken ct = default)
    {
        var q = db.RoleAssignments.Where(a => roles.Contains(a.Role));
        q = organizationId is { } org ? q.Where(a => a.OrganizationId == org) : q.Where(a => a.MunicipalityId == municipalityId && a.OrganizationId == null);
        await ToUsersAsync(await q.Select(a => a.UserId).Distinct().ToListAsync(ct), text, link, ct);
    }

    /// <summary>Given accounts: an in-app notification each, and a letter to those who have an address and want letters.</summary>
    public async Task ToUsersAsync(IEnumerable<string> userIds, string text, string? link, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var ids = userIds.Distinct().ToList();
        if (ids.Count == 0) return;
        text = text.Length > 500 ? text[..500] : text;
        foreach (var u in ids)
            db.Add(new Notification { UserId = u, Text = text, Link = link, CreatedAt = now });
        if (!email.Value.Enabled) return;
        var recipients = await db.Users.AsNoTracking().Where(u => ids.Contains(u.Id) && u.Email != null && !u.IsDisabled)
            .Where(u => !db.Set<NotificationSettings>().Any(s => s.UserId == u.Id && !s.SendEmail))
            .Select(u => new { u.Id, u.Email, u.FullName }).ToListAsync(ct);
        foreach (var r in recipients)
            db.Add(new OutboxEmail
            {
                UserId = r.Id, To = r.Email!, ToName = r.FullName, Subject = EmailText.Subject(text), Text = text, Link = link,
                Status = OutboxStatus.Pending, CreatedAt = now, NextAttemptAt = now,
            });
    }
}

internal sealed class NotificationConfiguration : IEntityTypeConfiguration<Notification>
{
    public void Configure(EntityTypeBuilder<Notification> b)
    {
        b.ToTable("Notifications");
        b.Property(x => x.UserId).HasMaxLength(450);
        b.Property(x => x.Text).HasMaxLength(500);
        b.Property(x => x.Link).HasMaxLength(300);
        b.HasOne<AppUser>().WithMany().HasForeignKey(x => x.UserId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(x => new { x.UserId, x.ReadAt });
    }
}

internal sealed class NotificationSettingsConfiguration : IEntityTypeConfiguration<NotificationSettings>
{
    public void Configure(EntityTypeBuilder<NotificationSettings> b)
    {
        b.ToTable("NotificationSettings");
        b.HasKey(x => x.UserId);
        b.Property(x => x.UserId).HasMaxLength(450);
        b.HasOne<AppUser>().WithMany().HasForeignKey(x => x.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}
