using System.ComponentModel.DataAnnotations;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Nastavnik.Features.Monitoring;

/// <summary>Анкета (survey of the respondent's own view) or карта мониторинга (criteria scored about a mentee).</summary>
public enum QuestionnaireKind
{
    [Display(Name = "анкета")] Survey,
    [Display(Name = "карта мониторинга")] Card,
}

/// <summary>Who fills it in. A monitoring card is filled by the mentor or the curator about each mentee of the pair.</summary>
public enum QuestionnaireAudience
{
    [Display(Name = "наставляемый")] Mentee,
    [Display(Name = "наставник")] Mentor,
    [Display(Name = "куратор")] Curator,
}

public enum QuestionnaireStatus
{
    [Display(Name = "черновик")] Draft,
    [Display(Name = "опубликована")] Published,
    [Display(Name = "в архиве")] Archived,
}

/// <summary>At which monitoring stages the questionnaire is used (seed 001 §6.2: промежуточный и итоговый).</summary>
public enum QuestionnaireStages
{
    [Display(Name = "промежуточный и итоговый")] Both,
    [Display(Name = "только промежуточный")] Interim,
    [Display(Name = "только итоговый")] Final,
}

public enum QuestionKind
{
    [Display(Name = "шкала")] Scale,
    [Display(Name = "один вариант")] SingleChoice,
    [Display(Name = "несколько вариантов")] MultipleChoice,
    [Display(Name = "свободный ответ")] Text,
}

/// <summary>
/// Анкета / карта мониторинга (glossary <c>Questionnaire</c>). Three levels: built-in templates (no region; shared by every
/// region, read-only, seeded by the migration), region-wide ones written by the regional coordinator, and an
/// organisation's own written by its curator or head. A questionnaire is edited only as a draft; publishing freezes it
/// for good (see docs/adr/monitoring.md), so every stored answer keeps meaning what it meant when it was given.
/// </summary>
public sealed class Questionnaire
{
    public int Id { get; set; }
    public int? RegionId { get; set; }
    public int? MunicipalityId { get; set; }
    public int? OrganizationId { get; set; }
    public required string Title { get; set; }
    public string? Description { get; set; }
    public QuestionnaireKind Kind { get; set; }
    public QuestionnaireAudience Audience { get; set; }
    public bool IsAnonymous { get; set; }
    public QuestionnaireStages Stages { get; set; }
    public QuestionnaireStatus Status { get; set; }
    /// <summary>Stable key of a built-in template ("mentee-satisfaction"); null for the ones people write.</summary>
    public string? BuiltInKey { get; set; }
    /// <summary>Built-ins that an organisation uses until its curator picks its own set.</summary>
    public bool IsDefault { get; set; }
    public int? CopiedFromId { get; set; }
    public DateTime CreatedAt { get; set; }
    public string? CreatedBy { get; set; }
    public DateTime? PublishedAt { get; set; }
    public Guid Version { get; set; } = Guid.NewGuid();

    public List<QuestionnaireSection> Sections { get; set; } = [];
    public List<Question> Questions { get; set; } = [];

    public bool IsBuiltIn => RegionId is null;

    public string LevelName => RegionId is null ? "встроенный шаблон" : OrganizationId is null ? "регион" : "организация";
}

public sealed class QuestionnaireSection
{
    public int Id { get; set; }
    public int QuestionnaireId { get; set; }
    public int Order { get; set; }
    public required string Title { get; set; }
}

public sealed class Question
{
    public const int MaxScale = 10;
    public const int MaxTextAnswer = 2000;

    public int Id { get; set; }
    public int QuestionnaireId { get; set; }
    public int SectionId { get; set; }
    public int Order { get; set; }
    public required string Text { get; set; }
    public QuestionKind Kind { get; set; }
    public bool Required { get; set; }
    public int? ScaleMin { get; set; }
    public int? ScaleMax { get; set; }
    public string? MinLabel { get; set; }
    public string? MaxLabel { get; set; }
    /// <summary>Choices of a single/multiple question; for a scale, optional labels of each point (Value = the point).</summary>
    public List<QuestionOption> Options { get; set; } = [];
}

public sealed class QuestionOption
{
    public int Id { get; set; }
    public int QuestionId { get; set; }
    public int Order { get; set; }
    public required string Text { get; set; }
    /// <summary>The scale point this label names; null for a choice.</summary>
    public int? Value { get; set; }
}

internal sealed class QuestionnaireConfiguration : IEntityTypeConfiguration<Questionnaire>
{
    public void Configure(EntityTypeBuilder<Questionnaire> b)
    {
        b.ToTable("Questionnaires");
        b.Property(x => x.Title).HasMaxLength(300);
        b.Property(x => x.Description).HasMaxLength(2000);
        b.Property(x => x.Kind).HasConversion<string>().HasMaxLength(10);
        b.Property(x => x.Audience).HasConversion<string>().HasMaxLength(10);
        b.Property(x => x.Stages).HasConversion<string>().HasMaxLength(10);
        b.Property(x => x.Status).HasConversion<string>().HasMaxLength(10);
        b.Property(x => x.BuiltInKey).HasMaxLength(40);
        b.Property(x => x.CreatedBy).HasMaxLength(256);
        b.Property(x => x.Version).IsConcurrencyToken();
        b.Ignore(x => x.IsBuiltIn);
        b.Ignore(x => x.LevelName);
        b.HasMany(x => x.Sections).WithOne().HasForeignKey(x => x.QuestionnaireId).OnDelete(DeleteBehavior.Cascade);
        b.HasMany(x => x.Questions).WithOne().HasForeignKey(x => x.QuestionnaireId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(x => new { x.RegionId, x.OrganizationId });
        b.HasIndex(x => x.MunicipalityId);
        b.HasIndex(x => x.BuiltInKey);
    }
}

internal sealed class QuestionnaireSectionConfiguration : IEntityTypeConfiguration<QuestionnaireSection>
{
    public void Configure(EntityTypeBuilder<QuestionnaireSection> b)
    {
        b.ToTable("QuestionnaireSections");
        b.Property(x => x.Title).HasMaxLength(300);
        b.HasIndex(x => new { x.QuestionnaireId, x.Order });
    }
}

internal sealed class QuestionConfiguration : IEntityTypeConfiguration<Question>
{
    public void Configure(EntityTypeBuilder<Question> b)
    {
        b.ToTable("Questions");
        b.Property(x => x.Text).HasMaxLength(1000);
        b.Property(x => x.Kind).HasConversion<string>().HasMaxLength(20);
        b.Property(x => x.MinLabel).HasMaxLength(100);
        b.Property(x => x.MaxLabel).HasMaxLength(100);
        // A section goes with its questions (drafts only: published questionnaires are never edited).
        b.HasOne<QuestionnaireSection>().WithMany().HasForeignKey(x => x.SectionId).OnDelete(DeleteBehavior.Cascade);
        b.HasMany(x => x.Options).WithOne().HasForeignKey(x => x.QuestionId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(x => new { x.QuestionnaireId, x.Order });
        b.HasIndex(x => x.SectionId);
    }
}

internal sealed class QuestionOptionConfiguration : IEntityTypeConfiguration<QuestionOption>
{
    public void Configure(EntityTypeBuilder<QuestionOption> b)
    {
        b.ToTable("QuestionOptions");
        b.Property(x => x.Text).HasMaxLength(300);
        b.HasIndex(x => new { x.QuestionId, x.Order });
    }
}
