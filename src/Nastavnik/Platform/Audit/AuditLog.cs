using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Nastavnik.Data;

namespace Nastavnik.Platform.Audit;

/// <summary>
/// One line of the append-only audit log. Rows are never updated or deleted by the application
/// (AppDbContext refuses it), so the log can answer "who did what, when, from where" after the fact.
/// Details hold ids and field names, never personal data.
/// </summary>
public sealed class AuditEntry
{
    public long Id { get; set; }
    public DateTime At { get; set; }
    public string? UserId { get; set; }
    public string? UserName { get; set; }
    public required string Action { get; set; }
    public string? EntityType { get; set; }
    public string? EntityId { get; set; }
    public string? Details { get; set; }
    public string? IpAddress { get; set; }
    public int? OrganizationId { get; set; }
}

/// <summary>Audit action names (stable strings: they are searched for).</summary>
public static class AuditActions
{
    public const string Login = "login";
    public const string LoginFailed = "login.failed";
    public const string Lockout = "login.lockout";
    public const string Logout = "logout";
    public const string PasswordChanged = "password.changed";
    public const string PasswordReset = "password.reset";
    public const string TwoFactorEnabled = "2fa.enabled";
    public const string TwoFactorDisabled = "2fa.disabled";
    public const string RoleGranted = "role.granted";
    public const string RoleRevoked = "role.revoked";
    public const string Create = "create";
    public const string Update = "update";
    public const string Archive = "archive";
    public const string Restore = "restore";
    public const string Delete = "delete";
    public const string Import = "import";
    public const string Export = "export";
    public const string TokenCreated = "token.created";
    public const string TokenRevoked = "token.revoked";
    public const string Submit = "submit";
    public const string Return = "return";
    public const string Approve = "approve";
    public const string Reopen = "reopen";

    public static string Describe(string action) => action switch
    {
        Login => "Вход",
        LoginFailed => "Неудачный вход",
        Lockout => "Блокировка учётной записи",
        Logout => "Выход",
        PasswordChanged => "Смена пароля",
        PasswordReset => "Сброс пароля администратором",
        TwoFactorEnabled => "Включена 2FA",
        TwoFactorDisabled => "Отключена 2FA",
        RoleGranted => "Назначена роль",
        RoleRevoked => "Снята роль",
        Create => "Создание",
        Update => "Изменение",
        Archive => "Архивирование",
        Restore => "Восстановление из архива",
        Delete => "Удаление",
        Import => "Импорт",
        Export => "Экспорт",
        TokenCreated => "Создан API-токен",
        TokenRevoked => "Отозван API-токен",
        Submit => "Подано на согласование",
        Return => "Возвращено на доработку",
        Approve => "Утверждено",
        Reopen => "Утверждение снято",
        _ => action,
    };
}

/// <summary>Writes audit entries for the current request (user, IP, clock).</summary>
public sealed class AuditLog(AppDbContext db, IHttpContextAccessor http, TimeProvider clock)
{
    /// <summary>Adds the entry to the context; it is saved with the caller's own SaveChanges, in the same transaction.</summary>
    public void Add(string action, string? entityType = null, string? entityId = null, string? details = null, int? organizationId = null,
        string? userId = null, string? userName = null)
    {
        var ctx = http.HttpContext;
        db.AuditEntries.Add(new AuditEntry
        {
            At = clock.GetUtcNow().UtcDateTime,
            UserId = userId ?? ctx?.User.FindFirst(System.Security.Claims.ClaimTypes.NameIdentifier)?.Value,
            UserName = userName ?? ctx?.User.Identity?.Name,
            Action = action,
            EntityType = entityType,
            EntityId = entityId,
            Details = details is { Length: > 2000 } ? details[..2000] : details,
            IpAddress = ctx?.Connection.RemoteIpAddress?.ToString(),
            OrganizationId = organizationId,
        });
    }

    /// <summary>For events that have no other write to ride on (logins, exports).</summary>
    public async Task WriteAsync(string action, string? entityType = null, string? entityId = null, string? details = null,
        int? organizationId = null, string? userId = null, string? userName = null, CancellationToken ct = default)
    {
        Add(action, entityType, entityId, details, organizationId, userId, userName);
        await db.SaveChangesAsync(ct);
    }
}

internal sealed class AuditEntryConfiguration : IEntityTypeConfiguration<AuditEntry>
{
    public void Configure(EntityTypeBuilder<AuditEntry> b)
    {
        b.ToTable("AuditEntries");
        b.Property(x => x.UserId).HasMaxLength(450);
        b.Property(x => x.UserName).HasMaxLength(256);
        b.Property(x => x.Action).HasMaxLength(64);
        b.Property(x => x.EntityType).HasMaxLength(64);
        b.Property(x => x.EntityId).HasMaxLength(64);
        b.Property(x => x.Details).HasMaxLength(2000);
        b.Property(x => x.IpAddress).HasMaxLength(64);
        b.HasIndex(x => x.At);
        b.HasIndex(x => new { x.UserId, x.At });
        b.HasIndex(x => new { x.EntityType, x.EntityId });
    }
}
