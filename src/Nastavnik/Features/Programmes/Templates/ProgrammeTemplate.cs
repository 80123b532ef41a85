using System.ComponentModel.DataAnnotations;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Nastavnik.Features.Mentorships;

namespace Nastavnik.Features.Programmes.Templates;

/// <summary>Whose template it is. Built-in templates (no tenant) come with the system and are seen in every region.</summary>
public enum TemplateLevel
{
    [Display(Name = "встроенный")] BuiltIn,
    [Display(Name = "региональный")] Region,
    [Display(Name = "муниципальный")] Municipality,
    [Display(Name = "школьный")] Organization,
}

/// <summary>
/// Шаблон программы наставничества: the bank of programmes by form and direction (issue 5; seed 002: the curator
/// «формирует банк индивидуальных/групповых персонализированных программ наставничества»). A template holds only
/// what is not personal: goal, tasks, directions, typical duration and a plan whose dues are offsets from the start.
/// The tenant columns say the level: none = built-in; region only = regional; + municipality = municipal;
/// + organisation = a school's own. A template is seen by its level and everything below it.
/// </summary>
public sealed class ProgrammeTemplate
{
    public int Id { get; set; }
    public int? RegionId { get; set; }
    public int? MunicipalityId { get; set; }
    public int? OrganizationId { get; set; }
    /// <summary>Key of a built-in template (set by the migration), null for templates people write.</summary>
    public string? Code { get; set; }
    public required string Title { get; set; }
    public int FormId { get; set; }
    public MentoringForm? Form { get; set; }
    /// <summary>Comma-separated <see cref="ProgramDirection"/> names, as in <see cref="MentoringProgram.Directions"/>.</summary>
    public string Directions { get; set; } = "";
    public required string Goal { get; set; }
    public string? Tasks { get; set; }
    /// <summary>Typical length in months (seed 002: от 3 месяцев до 1 года; seed 001: one school year).</summary>
    public int DurationMonths { get; set; }
    public bool IsArchived { get; set; }
    public DateTime CreatedAt { get; set; }
    public string? CreatedBy { get; set; }
    public DateTime? UpdatedAt { get; set; }
    public string? UpdatedBy { get; set; }
    public Guid Version { get; set; } = Guid.NewGuid();
    public List<ProgrammeTemplateItem> Items { get; set; } = [];

    public TemplateLevel Level => OrganizationId is not null ? TemplateLevel.Organization
        : MunicipalityId is not null ? TemplateLevel.Municipality
        : RegionId is not null ? TemplateLevel.Region
        : TemplateLevel.BuiltIn;

    public IReadOnlyList<ProgramDirection> DirectionList => ProgrammePlan.ParseDirections(Directions);
}

/// <summary>A plan item of a template: what, the expected result and its form, and when — days from the programme's start.</summary>
public sealed class ProgrammeTemplateItem
{
    public int Id { get; set; }
    public int TemplateId { get; set; }
    public int SortOrder { get; set; }
    public required string Title { get; set; }
    public string? ExpectedResult { get; set; }
    public string? ResultForm { get; set; }
    public int OffsetDays { get; set; }
}

internal sealed class ProgrammeTemplateConfiguration : IEntityTypeConfiguration<ProgrammeTemplate>
{
    public void Configure(EntityTypeBuilder<ProgrammeTemplate> b)
    {
        b.ToTable("ProgrammeTemplates");
        b.Property(x => x.Code).HasMaxLength(50);
        b.Property(x => x.Title).HasMaxLength(300);
        b.Property(x => x.Directions).HasMaxLength(300);
        b.Property(x => x.Goal).HasMaxLength(2000);
        b.Property(x => x.Tasks).HasMaxLength(4000);
        b.Property(x => x.CreatedBy).HasMaxLength(256);
        b.Property(x => x.UpdatedBy).HasMaxLength(256);
        b.Property(x => x.Version).IsConcurrencyToken();
        b.Ignore(x => x.Level);
        b.Ignore(x => x.DirectionList);
        b.HasOne(x => x.Form).WithMany().HasForeignKey(x => x.FormId).OnDelete(DeleteBehavior.Restrict);
        b.HasMany(x => x.Items).WithOne().HasForeignKey(x => x.TemplateId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(x => new { x.RegionId, x.MunicipalityId, x.OrganizationId });
        b.HasIndex(x => x.FormId);
        b.HasIndex(x => x.Code);
    }
}

internal sealed class ProgrammeTemplateItemConfiguration : IEntityTypeConfiguration<ProgrammeTemplateItem>
{
    public void Configure(EntityTypeBuilder<ProgrammeTemplateItem> b)
    {
        b.ToTable("ProgrammeTemplateItems");
        b.Property(x => x.Title).HasMaxLength(1000);
        b.Property(x => x.ExpectedResult).HasMaxLength(1000);
        b.Property(x => x.ResultForm).HasMaxLength(300);
        b.HasIndex(x => x.TemplateId);
    }
}
