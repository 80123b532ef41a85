using System.ComponentModel.DataAnnotations;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Nastavnik.Features.Organizations;

namespace Nastavnik.Features.Indicators;

public enum IndicatorUnit
{
    [Display(Name = "доля, %")] Share,
    [Display(Name = "количество")] Count,
}

/// <summary>How an indicator's actual value is obtained: one of the named queries of <see cref="IndicatorCalculator"/>, or typed in by hand.</summary>
public enum IndicatorComputation
{
    [Display(Name = "вводится вручную")] Manual,
    [Display(Name = "обучающиеся в парах/группах / обучающиеся ОО")] PupilsInvolved,
    [Display(Name = "педагоги в парах/группах / педагоги ОО")] TeachersInvolved,
    [Display(Name = "пары — участники «Педагогического дуэта» / действующие пары")] DuetPairs,
    [Display(Name = "школы с действующими парами / все школы")] SchoolsImplementing,
}

/// <summary>
/// Показатель эффективности (seed 003's regional-project result, seed 004's seven indicators). RegionId null is the
/// default catalogue; a region's row with the same code replaces the default there, as with mentoring forms.
/// </summary>
public sealed class Indicator
{
    public int Id { get; set; }
    public int? RegionId { get; set; }
    public required string Code { get; set; }
    public required string Name { get; set; }
    public IndicatorUnit Unit { get; set; }
    public IndicatorComputation Computation { get; set; }
    /// <summary>Методы сбора информации (seed 004's last column), shown beside manual indicators.</summary>
    public string? Method { get; set; }
    public int SortOrder { get; set; }
    public bool IsArchived { get; set; }
}

/// <summary>Контингент: pupils and teachers of an organisation on a date. Without a row, the organisation card's counts are used.</summary>
public sealed class OrganizationEnrolment
{
    public int Id { get; set; }
    public int OrganizationId { get; set; }
    public int MunicipalityId { get; set; }
    public int RegionId { get; set; }
    public DateOnly AsOf { get; set; }
    public int Pupils { get; set; }
    public int Teachers { get; set; }
    public DateTime EnteredAt { get; set; }
    public string? EnteredBy { get; set; }
}

public enum TargetKind
{
    [Display(Name = "доля, %")] Share,
    [Display(Name = "количество")] Count,
}

/// <summary>
/// Плановое значение of an indicator by a date, for a region (MunicipalityId and OrganizationId null), a municipality
/// (OrganizationId null) or an organisation: "не менее 50 % на 31.12.2023" or seed 003's planned count per school.
/// </summary>
public sealed class IndicatorTarget
{
    public int Id { get; set; }
    public required string IndicatorCode { get; set; }
    public int RegionId { get; set; }
    public int? MunicipalityId { get; set; }
    public int? OrganizationId { get; set; }
    public DateOnly DueOn { get; set; }
    public TargetKind Kind { get; set; }
    public double Value { get; set; }
    public DateTime EnteredAt { get; set; }
    public string? EnteredBy { get; set; }
}

/// <summary>A hand-entered actual value of a manual indicator for an organisation (or a municipality), with its source and date.</summary>
public sealed class IndicatorValue
{
    public int Id { get; set; }
    public required string IndicatorCode { get; set; }
    public int RegionId { get; set; }
    public int MunicipalityId { get; set; }
    public int? OrganizationId { get; set; }
    public DateOnly AsOf { get; set; }
    public double Value { get; set; }
    public int? Numerator { get; set; }
    public int? Denominator { get; set; }
    public required string Source { get; set; }
    public DateTime EnteredAt { get; set; }
    public string? EnteredBy { get; set; }
}

internal sealed class IndicatorConfiguration : IEntityTypeConfiguration<Indicator>
{
    public void Configure(EntityTypeBuilder<Indicator> b)
    {
        b.ToTable("Indicators");
        b.Property(x => x.Code).HasMaxLength(50);
        b.Property(x => x.Name).HasMaxLength(500);
        b.Property(x => x.Unit).HasConversion<string>().HasMaxLength(20);
        b.Property(x => x.Computation).HasConversion<string>().HasMaxLength(40);
        b.Property(x => x.Method).HasMaxLength(500);
        b.HasOne<Region>().WithMany().HasForeignKey(x => x.RegionId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(x => new { x.RegionId, x.Code });
    }
}

internal sealed class OrganizationEnrolmentConfiguration : IEntityTypeConfiguration<OrganizationEnrolment>
{
    public void Configure(EntityTypeBuilder<OrganizationEnrolment> b)
    {
        b.ToTable("OrganizationEnrolments");
        b.Property(x => x.EnteredBy).HasMaxLength(256);
        b.HasOne<Organization>().WithMany().HasForeignKey(x => x.OrganizationId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(x => new { x.OrganizationId, x.AsOf }).IsUnique();
        b.HasIndex(x => x.MunicipalityId);
    }
}

internal sealed class IndicatorTargetConfiguration : IEntityTypeConfiguration<IndicatorTarget>
{
    public void Configure(EntityTypeBuilder<IndicatorTarget> b)
    {
        b.ToTable("IndicatorTargets");
        b.Property(x => x.IndicatorCode).HasMaxLength(50);
        b.Property(x => x.Kind).HasConversion<string>().HasMaxLength(20);
        b.Property(x => x.EnteredBy).HasMaxLength(256);
        b.HasOne<Region>().WithMany().HasForeignKey(x => x.RegionId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Municipality>().WithMany().HasForeignKey(x => x.MunicipalityId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Organization>().WithMany().HasForeignKey(x => x.OrganizationId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(x => new { x.RegionId, x.IndicatorCode, x.DueOn });
        b.HasIndex(x => x.MunicipalityId);
        b.HasIndex(x => x.OrganizationId);
    }
}

internal sealed class IndicatorValueConfiguration : IEntityTypeConfiguration<IndicatorValue>
{
    public void Configure(EntityTypeBuilder<IndicatorValue> b)
    {
        b.ToTable("IndicatorValues");
        b.Property(x => x.IndicatorCode).HasMaxLength(50);
        b.Property(x => x.Source).HasMaxLength(500);
        b.Property(x => x.EnteredBy).HasMaxLength(256);
        b.HasOne<Municipality>().WithMany().HasForeignKey(x => x.MunicipalityId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Organization>().WithMany().HasForeignKey(x => x.OrganizationId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(x => new { x.MunicipalityId, x.IndicatorCode, x.AsOf });
        b.HasIndex(x => x.OrganizationId);
    }
}
