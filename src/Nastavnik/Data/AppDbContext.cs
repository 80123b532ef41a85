using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Nastavnik.Features.Consents;
using Nastavnik.Features.Organizations;
using Nastavnik.Features.People;
using Nastavnik.Platform.Audit;
using Nastavnik.Platform.Auth;
using Nastavnik.Platform.DataProtection;
using Nastavnik.Platform.Import;
using Nastavnik.Platform.Tenancy;

namespace Nastavnik.Data;

public sealed class AppDbContext(DbContextOptions<AppDbContext> options, CurrentScope currentScope)
    : IdentityUserContext<AppUser>(options)
{
    public DbSet<Region> Regions => Set<Region>();
    public DbSet<Municipality> Municipalities => Set<Municipality>();
    public DbSet<Organization> Organizations => Set<Organization>();
    public DbSet<RoleAssignment> RoleAssignments => Set<RoleAssignment>();
    public DbSet<TwoFactorRequirement> TwoFactorRequirements => Set<TwoFactorRequirement>();
    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();
    public DbSet<ApiToken> ApiTokens => Set<ApiToken>();
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();
    public DbSet<Person> People => Set<Person>();
    public DbSet<PersonCategory> PersonCategories => Set<PersonCategory>();
    public DbSet<MentorProfile> MentorProfiles => Set<MentorProfile>();
    public DbSet<MentorStrength> MentorStrengths => Set<MentorStrength>();
    public DbSet<MenteeProfile> MenteeProfiles => Set<MenteeProfile>();
    public DbSet<Competency> Competencies => Set<Competency>();
    public DbSet<Deficit> Deficits => Set<Deficit>();
    public DbSet<Consent> Consents => Set<Consent>();
    public DbSet<DestructionRecord> DestructionRecords => Set<DestructionRecord>();
    public DbSet<ImportMapping> ImportMappings => Set<ImportMapping>();

    /// <summary>The tenant scope of this context's request. Global query filters read it per query.</summary>
    public TenantScope Scope => currentScope.Value;

    // The filters below reference these members of the context, so EF turns them into query parameters
    // evaluated for each query (the model itself is cached once for all tenants).
    private bool ScopeIsGlobal => Scope.IsGlobal;
    private List<int> ScopeRegionIds => Scope.RegionIds;
    private List<int> ScopeMunicipalityIds => Scope.MunicipalityIds;
    private List<int> ScopeOrganizationIds => Scope.OrganizationIds;
    private List<int> ScopeAncestorRegionIds => Scope.AncestorRegionIds;
    private List<int> ScopeAncestorMunicipalityIds => Scope.AncestorMunicipalityIds;

    /// <summary>All instants are UTC <see cref="DateTime"/>s: SQLite cannot order or compare DateTimeOffset, and
    /// reading back marks them UTC again (SQLite forgets the kind).</summary>
    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        configurationBuilder.Properties<DateTime>().HaveConversion<UtcDateTimeConverter>();
        configurationBuilder.Properties<DateTime?>().HaveConversion<UtcDateTimeConverter>();
    }

    private sealed class UtcDateTimeConverter() : Microsoft.EntityFrameworkCore.Storage.ValueConversion.ValueConverter<DateTime, DateTime>(
        v => v.Kind == DateTimeKind.Utc ? v : v.ToUniversalTime(), v => DateTime.SpecifyKind(v, DateTimeKind.Utc));

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(AppDbContext).Assembly);

        builder.Entity<Region>().HasQueryFilter(r => ScopeIsGlobal || ScopeAncestorRegionIds.Contains(r.Id));
        builder.Entity<Municipality>().HasQueryFilter(m => ScopeIsGlobal
            || ScopeRegionIds.Contains(m.RegionId)
            || ScopeAncestorMunicipalityIds.Contains(m.Id));
        builder.Entity<Organization>().HasQueryFilter(o => ScopeIsGlobal
            || ScopeRegionIds.Contains(o.RegionId)
            || ScopeMunicipalityIds.Contains(o.MunicipalityId)
            || ScopeOrganizationIds.Contains(o.Id));
        // A person whose consent was withdrawn disappears from every query at once (registers, search, export,
        // API); only the purge job looks past this filter.
        builder.Entity<Person>().HasQueryFilter(p => !p.IsWithdrawn && (ScopeIsGlobal
            || ScopeRegionIds.Contains(p.RegionId)
            || ScopeMunicipalityIds.Contains(p.MunicipalityId)
            || ScopeOrganizationIds.Contains(p.OrganizationId)));
        // Consents, profiles and deficits carry no filter of their own: they are always reached through a
        // person that the filter above has already let through.
        builder.Entity<DestructionRecord>().HasQueryFilter(d => ScopeIsGlobal
            || ScopeRegionIds.Contains(d.RegionId)
            || ScopeMunicipalityIds.Contains(d.MunicipalityId)
            || ScopeOrganizationIds.Contains(d.OrganizationId));
        builder.Entity<Competency>().HasQueryFilter(c => c.RegionId == null || ScopeIsGlobal || ScopeAncestorRegionIds.Contains(c.RegionId.Value));
    }

    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        PrepareSave();
        return base.SaveChanges(acceptAllChangesOnSuccess);
    }

    public override Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        PrepareSave();
        return base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
    }

    /// <summary>
    /// Optimistic concurrency: every entity with a Guid "Version" gets a new one on update, and EF checks the
    /// old one in the WHERE clause (a lost update becomes DbUpdateConcurrencyException). The audit log is
    /// append-only.
    /// </summary>
    private void PrepareSave()
    {
        foreach (var entry in ChangeTracker.Entries())
        {
            if (entry.Entity is AuditEntry && entry.State is EntityState.Modified or EntityState.Deleted)
                throw new InvalidOperationException("Журнал аудита доступен только для добавления.");
            if (entry.State == EntityState.Modified && entry.Metadata.FindProperty("Version") is { ClrType: var t } p && t == typeof(Guid))
                entry.Property(p.Name).CurrentValue = Guid.NewGuid();
        }
    }
}
