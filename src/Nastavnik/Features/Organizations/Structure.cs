using System.ComponentModel.DataAnnotations;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Nastavnik.Features.Organizations;

/// <summary>Регион (субъект РФ): the top tenant.</summary>
public sealed class Region
{
    public int Id { get; set; }
    public required string Name { get; set; }
    public string? EducationAuthority { get; set; }
    public bool IsArchived { get; set; }
    public Guid Version { get; set; } = Guid.NewGuid();
    public List<Municipality> Municipalities { get; set; } = [];
}

/// <summary>Муниципальное образование (район, городской округ): the second tenant level.</summary>
public sealed class Municipality
{
    public int Id { get; set; }
    public int RegionId { get; set; }
    public Region? Region { get; set; }
    public required string Name { get; set; }
    /// <summary>Управление / отдел образования that issues municipal orders.</summary>
    public string? EducationAuthority { get; set; }
    public bool IsArchived { get; set; }
    public Guid Version { get; set; } = Guid.NewGuid();
    public List<Organization> Organizations { get; set; } = [];
}

/// <summary>Kinds from the glossary. Stored as text so the database stays readable.</summary>
public enum OrganizationKind
{
    [Display(Name = "Общеобразовательная организация (школа)")] School,
    [Display(Name = "Дошкольная образовательная организация")] Preschool,
    [Display(Name = "Организация дополнительного образования")] AdditionalEducation,
    [Display(Name = "Колледж (СПО)")] College,
    [Display(Name = "Вуз")] University,
    [Display(Name = "Методический (наставнический) центр")] MethodCenter,
    [Display(Name = "Социальный партнёр")] Partner,
}

/// <summary>Образовательная организация, методический центр или социальный партнёр.</summary>
public sealed class Organization
{
    public int Id { get; set; }
    public int MunicipalityId { get; set; }
    public Municipality? Municipality { get; set; }
    /// <summary>Copied from the municipality so that tenant filters need no join.</summary>
    public int RegionId { get; set; }
    public required string Name { get; set; }
    public string? ShortName { get; set; }
    public OrganizationKind Kind { get; set; }
    public string? Inn { get; set; }
    public string? Address { get; set; }
    public string? Email { get; set; }
    public string? Phone { get; set; }
    public string? Website { get; set; }
    public int? PupilCount { get; set; }
    public int? TeacherCount { get; set; }
    public bool IsArchived { get; set; }
    public Guid Version { get; set; } = Guid.NewGuid();
}

internal sealed class RegionConfiguration : IEntityTypeConfiguration<Region>
{
    public void Configure(EntityTypeBuilder<Region> b)
    {
        b.ToTable("Regions");
        b.Property(x => x.Name).HasMaxLength(300);
        b.Property(x => x.EducationAuthority).HasMaxLength(500);
        b.Property(x => x.Version).IsConcurrencyToken();
        b.HasIndex(x => x.Name).IsUnique();
    }
}

internal sealed class MunicipalityConfiguration : IEntityTypeConfiguration<Municipality>
{
    public void Configure(EntityTypeBuilder<Municipality> b)
    {
        b.ToTable("Municipalities");
        b.Property(x => x.Name).HasMaxLength(300);
        b.Property(x => x.EducationAuthority).HasMaxLength(500);
        b.Property(x => x.Version).IsConcurrencyToken();
        b.HasOne(x => x.Region).WithMany(r => r.Municipalities).HasForeignKey(x => x.RegionId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(x => new { x.RegionId, x.Name }).IsUnique();
    }
}

internal sealed class OrganizationConfiguration : IEntityTypeConfiguration<Organization>
{
    public void Configure(EntityTypeBuilder<Organization> b)
    {
        b.ToTable("Organizations");
        b.Property(x => x.Name).HasMaxLength(500);
        b.Property(x => x.ShortName).HasMaxLength(200);
        b.Property(x => x.Kind).HasConversion<string>().HasMaxLength(40);
        b.Property(x => x.Inn).HasMaxLength(12);
        b.Property(x => x.Address).HasMaxLength(500);
        b.Property(x => x.Email).HasMaxLength(200);
        b.Property(x => x.Phone).HasMaxLength(50);
        b.Property(x => x.Website).HasMaxLength(300);
        b.Property(x => x.Version).IsConcurrencyToken();
        b.HasOne(x => x.Municipality).WithMany(m => m.Organizations).HasForeignKey(x => x.MunicipalityId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Region>().WithMany().HasForeignKey(x => x.RegionId).OnDelete(DeleteBehavior.Restrict);
        // Natural key for imports: one name per municipality.
        b.HasIndex(x => new { x.MunicipalityId, x.Name }).IsUnique();
        b.HasIndex(x => x.RegionId);
    }
}
