using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Nastavnik.Features.Organizations;
using Nastavnik.Platform.Auth;

namespace Nastavnik.Platform.Import;

/// <summary>
/// How one user last mapped the columns of an import file for one organisation (null: "organisation from the
/// file"): a curator who loads the same school's list every term should not choose the columns again.
/// <see cref="Columns"/> holds one "normalised header → field" pair per line.
/// </summary>
public sealed class ImportMapping
{
    public int Id { get; set; }
    public required string UserId { get; set; }
    public int? OrganizationId { get; set; }
    /// <summary>What is imported ("people"), so other imports can keep their mappings here too.</summary>
    public required string Kind { get; set; }
    public required string Columns { get; set; }
    public DateTime UpdatedAt { get; set; }
}

internal sealed class ImportMappingConfiguration : IEntityTypeConfiguration<ImportMapping>
{
    public void Configure(EntityTypeBuilder<ImportMapping> b)
    {
        b.ToTable("ImportMappings");
        b.Property(x => x.Kind).HasMaxLength(40);
        b.Property(x => x.Columns).HasMaxLength(8000);
        b.HasOne<AppUser>().WithMany().HasForeignKey(x => x.UserId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Organization>().WithMany().HasForeignKey(x => x.OrganizationId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(x => new { x.UserId, x.Kind, x.OrganizationId });
        b.HasIndex(x => x.OrganizationId);
    }
}
