using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Nastavnik.Platform.Auth;

public sealed class AppUser : IdentityUser
{
    public required string FullName { get; set; }
    public bool IsDisabled { get; set; }
    public DateTime CreatedAt { get; set; }
    public List<RoleAssignment> Roles { get; set; } = [];
}

/// <summary>
/// A role held at a scope. Exactly the ids that the role's <see cref="ScopeLevel"/> needs are set:
/// a municipal coordinator has MunicipalityId (and its RegionId), a curator has OrganizationId (and both parents).
/// The parents are copied so the tenant scope is computed without joins.
/// </summary>
public sealed class RoleAssignment
{
    public int Id { get; set; }
    public required string UserId { get; set; }
    public Role Role { get; set; }
    public int? RegionId { get; set; }
    public int? MunicipalityId { get; set; }
    public int? OrganizationId { get; set; }
    public DateTime AssignedAt { get; set; }
    public string? AssignedBy { get; set; }

    public ScopeLevel Level => OrganizationId is not null ? ScopeLevel.Organization
        : MunicipalityId is not null ? ScopeLevel.Municipality
        : RegionId is not null ? ScopeLevel.Region
        : ScopeLevel.Global;
}

/// <summary>Roles for which an administrator demands two-factor sign-in.</summary>
public sealed class TwoFactorRequirement
{
    public Role Role { get; set; }
}

internal sealed class AppUserConfiguration : IEntityTypeConfiguration<AppUser>
{
    public void Configure(EntityTypeBuilder<AppUser> b)
    {
        b.Property(x => x.FullName).HasMaxLength(300);
        b.HasMany(x => x.Roles).WithOne().HasForeignKey(x => x.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class RoleAssignmentConfiguration : IEntityTypeConfiguration<RoleAssignment>
{
    public void Configure(EntityTypeBuilder<RoleAssignment> b)
    {
        b.ToTable("RoleAssignments");
        b.Property(x => x.Role).HasConversion<string>().HasMaxLength(40);
        b.Property(x => x.AssignedBy).HasMaxLength(256);
        // Named by hand: the default name is longer than PostgreSQL's 63-character limit.
        b.HasIndex(x => new { x.UserId, x.Role, x.RegionId, x.MunicipalityId, x.OrganizationId }).IsUnique().HasDatabaseName("IX_RoleAssignments_UserId_Role_Scope");
        b.HasOne<Features.Organizations.Region>().WithMany().HasForeignKey(x => x.RegionId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Features.Organizations.Municipality>().WithMany().HasForeignKey(x => x.MunicipalityId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Features.Organizations.Organization>().WithMany().HasForeignKey(x => x.OrganizationId).OnDelete(DeleteBehavior.Restrict);
        b.Ignore(x => x.Level);
    }
}

internal sealed class TwoFactorRequirementConfiguration : IEntityTypeConfiguration<TwoFactorRequirement>
{
    public void Configure(EntityTypeBuilder<TwoFactorRequirement> b)
    {
        b.ToTable("TwoFactorRequirements");
        b.Property(x => x.Role).HasConversion<string>().HasMaxLength(40);
        b.HasKey(x => x.Role);
    }
}
