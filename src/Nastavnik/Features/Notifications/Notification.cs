using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Nastavnik.Data;
using Nastavnik.Platform.Auth;

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

/// <summary>
/// Sends notifications to people of the registers. A person is matched to an account by e-mail (Person.Email =
/// AppUser.Email): registers and accounts are kept by different people, and the e-mail is the one key both hold.
/// </summary>
public sealed class Notifier(AppDbContext db, TimeProvider clock)
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
        ToUsers(users, text, link);
    }

    /// <summary>Curators of an organisation (requests of mentees reach them).</summary>
    public async Task ToCuratorsAsync(int organizationId, string text, string? link, CancellationToken ct = default)
    {
        var users = await db.RoleAssignments.Where(a => a.OrganizationId == organizationId && a.Role == Role.Curator).Select(a => a.UserId).Distinct().ToListAsync(ct);
        ToUsers(users, text, link);
    }

    /// <summary>Holders of the given roles at an organisation, or at the municipality itself when no organisation is given.</summary>
    public async Task ToRolesAsync(IReadOnlyCollection<Role> roles, int municipalityId, int? organizationId, string text, string? link, CancellationToken ct = default)
    {
        var q = db.RoleAssignments.Where(a => roles.Contains(a.Role));
        q = organizationId is { } org ? q.Where(a => a.OrganizationId == org) : q.Where(a => a.MunicipalityId == municipalityId && a.OrganizationId == null);
        ToUsers(await q.Select(a => a.UserId).Distinct().ToListAsync(ct), text, link);
    }

    private void ToUsers(IEnumerable<string> userIds, string text, string? link)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        foreach (var u in userIds.Distinct())
            db.Add(new Notification { UserId = u, Text = text.Length > 500 ? text[..500] : text, Link = link, CreatedAt = now });
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
