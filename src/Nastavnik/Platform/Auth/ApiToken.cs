using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Nastavnik.Platform.Auth;

/// <summary>
/// An integration token: scoped like a role assignment, stored as a SHA-256 hash (the token is shown once,
/// at creation), revocable. The prefix lets an administrator recognise a token without storing it.
/// </summary>
public sealed class ApiToken
{
    public int Id { get; set; }
    public required string Name { get; set; }
    public required string Prefix { get; set; }
    public required string TokenHash { get; set; }
    public Role Role { get; set; }
    public int? RegionId { get; set; }
    public int? MunicipalityId { get; set; }
    public int? OrganizationId { get; set; }
    public DateTime CreatedAt { get; set; }
    public string? CreatedBy { get; set; }
    public DateTime? ExpiresAt { get; set; }
    public DateTime? RevokedAt { get; set; }
    public DateTime? LastUsedAt { get; set; }
}

internal sealed class ApiTokenConfiguration : IEntityTypeConfiguration<ApiToken>
{
    public void Configure(EntityTypeBuilder<ApiToken> b)
    {
        b.ToTable("ApiTokens");
        b.Property(x => x.Name).HasMaxLength(200);
        b.Property(x => x.Prefix).HasMaxLength(16);
        b.Property(x => x.TokenHash).HasMaxLength(64);
        b.Property(x => x.Role).HasConversion<string>().HasMaxLength(40);
        b.Property(x => x.CreatedBy).HasMaxLength(256);
        b.HasIndex(x => x.TokenHash).IsUnique();
        b.HasOne<Features.Organizations.Region>().WithMany().HasForeignKey(x => x.RegionId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Features.Organizations.Municipality>().WithMany().HasForeignKey(x => x.MunicipalityId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Features.Organizations.Organization>().WithMany().HasForeignKey(x => x.OrganizationId).OnDelete(DeleteBehavior.Restrict);
    }
}
