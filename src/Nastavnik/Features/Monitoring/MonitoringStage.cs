using System.ComponentModel.DataAnnotations;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Nastavnik.Features.Organizations;
using Nastavnik.Features.People;
using Nastavnik.Features.Programmes;

namespace Nastavnik.Features.Monitoring;

/// <summary>Мониторинг: промежуточный и итоговый (seed 001 §6.2: «два раза за период наставничества»).</summary>
public enum MonitoringKind
{
    [Display(Name = "промежуточный")] Interim,
    [Display(Name = "итоговый")] Final,
}

/// <summary>
/// One monitoring stage of one programme. Scheduled from the programme's dates and the organisation's settings; until it
/// opens its dates follow the programme (an extension moves them). Opening creates the assignments and tells the people.
/// </summary>
public sealed class MonitoringStage
{
    public int Id { get; set; }
    public int ProgramId { get; set; }
    public int OrganizationId { get; set; }
    public int MunicipalityId { get; set; }
    public int RegionId { get; set; }
    public MonitoringKind Kind { get; set; }
    public DateOnly OpensOn { get; set; }
    public DateOnly DueOn { get; set; }
    public DateTime? OpenedAt { get; set; }
    public string? OpenedBy { get; set; }
}

/// <summary>
/// «Анкета к заполнению»: one questionnaire for one respondent in one stage (for a monitoring card, also about one mentee).
/// The curator's questionnaires are addressed to the organisation's curators as a whole (PersonId null): whichever
/// curator or head fills it in. Completion is recorded here, never on an anonymous response, so an anonymous answer
/// is counted once without saying whose it is.
/// </summary>
public sealed class MonitoringAssignment
{
    public int Id { get; set; }
    public int StageId { get; set; }
    public MonitoringStage? Stage { get; set; }
    public int QuestionnaireId { get; set; }
    public QuestionnaireAudience Audience { get; set; }
    public int? PersonId { get; set; }
    public int? SubjectPersonId { get; set; }
    public int OrganizationId { get; set; }
    public int MunicipalityId { get; set; }
    public int RegionId { get; set; }
    public DateTime? CompletedAt { get; set; }
    public string? CompletedByUserId { get; set; }
    public DateTime? LastRemindedAt { get; set; }
}

/// <summary>
/// Filled-in questionnaire. An anonymous one keeps no person, no time and a random key (so neither a link nor the order of
/// rows can tie it back to the assignment that was marked done at the same moment).
/// </summary>
public sealed class MonitoringResponse
{
    public Guid Id { get; set; }
    public int StageId { get; set; }
    public int QuestionnaireId { get; set; }
    public QuestionnaireAudience RespondentRole { get; set; }
    public int? PersonId { get; set; }
    public int? SubjectPersonId { get; set; }
    public int OrganizationId { get; set; }
    public int MunicipalityId { get; set; }
    public int RegionId { get; set; }
    public DateTime? SubmittedAt { get; set; }
    public List<MonitoringAnswer> Answers { get; set; } = [];
}

/// <summary>One answer: a scale point (Value), a chosen option (one row per option for multiple choice) or a text.</summary>
public sealed class MonitoringAnswer
{
    public long Id { get; set; }
    public Guid ResponseId { get; set; }
    public int QuestionId { get; set; }
    public int? Value { get; set; }
    public int? OptionId { get; set; }
    public string? Text { get; set; }
}

/// <summary>An organisation's monitoring schedule and reminder cadence; without a row the defaults apply.</summary>
public sealed class MonitoringSettings
{
    public const int DefaultInterimAtPercent = 50;
    public const int DefaultFinalDaysBeforeEnd = 7;
    public const int DefaultFillDays = 14;
    public const int DefaultReminderEveryDays = 3;

    public int OrganizationId { get; set; }
    /// <summary>Where in the programme's period the interim stage opens (seed 001: in the middle).</summary>
    public int InterimAtPercent { get; set; } = DefaultInterimAtPercent;
    public int FinalDaysBeforeEnd { get; set; } = DefaultFinalDaysBeforeEnd;
    public int FillDays { get; set; } = DefaultFillDays;
    public int ReminderEveryDays { get; set; } = DefaultReminderEveryDays;
    /// <summary>False: the built-in default set; true: the questionnaires listed in <see cref="MonitoringSetItem"/>.</summary>
    public bool CustomSet { get; set; }
    public Guid Version { get; set; } = Guid.NewGuid();
}

/// <summary>A questionnaire the organisation sends at its monitoring stages.</summary>
public sealed class MonitoringSetItem
{
    public int OrganizationId { get; set; }
    public int QuestionnaireId { get; set; }
}

internal sealed class MonitoringStageConfiguration : IEntityTypeConfiguration<MonitoringStage>
{
    public void Configure(EntityTypeBuilder<MonitoringStage> b)
    {
        b.ToTable("MonitoringStages");
        b.Property(x => x.Kind).HasConversion<string>().HasMaxLength(10);
        b.Property(x => x.OpenedBy).HasMaxLength(256);
        b.HasOne<MentoringProgram>().WithMany().HasForeignKey(x => x.ProgramId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(x => new { x.ProgramId, x.Kind }).IsUnique();
        b.HasIndex(x => new { x.OrganizationId, x.OpensOn });
        b.HasIndex(x => new { x.MunicipalityId, x.RegionId });
    }
}

internal sealed class MonitoringAssignmentConfiguration : IEntityTypeConfiguration<MonitoringAssignment>
{
    public void Configure(EntityTypeBuilder<MonitoringAssignment> b)
    {
        b.ToTable("MonitoringAssignments");
        b.Property(x => x.Audience).HasConversion<string>().HasMaxLength(10);
        b.Property(x => x.CompletedByUserId).HasMaxLength(450);
        b.HasOne(x => x.Stage).WithMany().HasForeignKey(x => x.StageId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Questionnaire>().WithMany().HasForeignKey(x => x.QuestionnaireId).OnDelete(DeleteBehavior.Restrict);
        // A person destroyed after withdrawing consent takes their assignments with them.
        b.HasOne<Person>().WithMany().HasForeignKey(x => x.PersonId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Person>().WithMany().HasForeignKey(x => x.SubjectPersonId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(x => new { x.StageId, x.QuestionnaireId, x.PersonId, x.SubjectPersonId }).IsUnique().HasDatabaseName("IX_MonitoringAssignments_Slot");
        b.HasIndex(x => new { x.PersonId, x.CompletedAt });
        b.HasIndex(x => x.SubjectPersonId);
        b.HasIndex(x => x.QuestionnaireId);
        b.HasIndex(x => new { x.OrganizationId, x.CompletedAt });
        b.HasIndex(x => new { x.MunicipalityId, x.RegionId });
    }
}

internal sealed class MonitoringResponseConfiguration : IEntityTypeConfiguration<MonitoringResponse>
{
    public void Configure(EntityTypeBuilder<MonitoringResponse> b)
    {
        b.ToTable("MonitoringResponses");
        b.Property(x => x.Id).ValueGeneratedNever();
        b.Property(x => x.RespondentRole).HasConversion<string>().HasMaxLength(10);
        b.HasOne<MonitoringStage>().WithMany().HasForeignKey(x => x.StageId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Questionnaire>().WithMany().HasForeignKey(x => x.QuestionnaireId).OnDelete(DeleteBehavior.Restrict);
        // Named answers are the person's data and go when the person is destroyed; anonymous ones hold no person.
        b.HasOne<Person>().WithMany().HasForeignKey(x => x.PersonId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Person>().WithMany().HasForeignKey(x => x.SubjectPersonId).OnDelete(DeleteBehavior.Cascade);
        b.HasMany(x => x.Answers).WithOne().HasForeignKey(x => x.ResponseId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(x => new { x.StageId, x.QuestionnaireId });
        b.HasIndex(x => x.QuestionnaireId);
        b.HasIndex(x => x.PersonId);
        b.HasIndex(x => x.SubjectPersonId);
        b.HasIndex(x => x.OrganizationId);
        b.HasIndex(x => new { x.MunicipalityId, x.RegionId });
    }
}

internal sealed class MonitoringAnswerConfiguration : IEntityTypeConfiguration<MonitoringAnswer>
{
    public void Configure(EntityTypeBuilder<MonitoringAnswer> b)
    {
        b.ToTable("MonitoringAnswers");
        b.Property(x => x.Text).HasMaxLength(Question.MaxTextAnswer);
        b.HasOne<Question>().WithMany().HasForeignKey(x => x.QuestionId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<QuestionOption>().WithMany().HasForeignKey(x => x.OptionId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(x => x.ResponseId);
        b.HasIndex(x => x.QuestionId);
        b.HasIndex(x => x.OptionId);
    }
}

internal sealed class MonitoringSettingsConfiguration : IEntityTypeConfiguration<MonitoringSettings>
{
    public void Configure(EntityTypeBuilder<MonitoringSettings> b)
    {
        b.ToTable("MonitoringSettings");
        b.HasKey(x => x.OrganizationId);
        b.Property(x => x.OrganizationId).ValueGeneratedNever();
        b.Property(x => x.Version).IsConcurrencyToken();
        b.HasOne<Organization>().WithMany().HasForeignKey(x => x.OrganizationId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class MonitoringSetItemConfiguration : IEntityTypeConfiguration<MonitoringSetItem>
{
    public void Configure(EntityTypeBuilder<MonitoringSetItem> b)
    {
        b.ToTable("MonitoringSetItems");
        b.HasKey(x => new { x.OrganizationId, x.QuestionnaireId });
        b.HasOne<Organization>().WithMany().HasForeignKey(x => x.OrganizationId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Questionnaire>().WithMany().HasForeignKey(x => x.QuestionnaireId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(x => x.QuestionnaireId);
    }
}
