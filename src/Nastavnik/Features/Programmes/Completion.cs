using System.ComponentModel.DataAnnotations;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Nastavnik.Features.Mentorships;
using Nastavnik.Features.People;

namespace Nastavnik.Features.Programmes;

/// <summary>Seed 002, «Завершение персонализированной программы наставничества происходит в случае: …».</summary>
public enum CompletionReason
{
    [Display(Name = "в полном объёме (план мероприятий выполнен)")] Full,
    [Display(Name = "по инициативе наставника")] MentorInitiative,
    [Display(Name = "по инициативе наставляемого")] MenteeInitiative,
    [Display(Name = "по обоюдному решению наставника и наставляемого")] MutualDecision,
    [Display(Name = "по инициативе куратора в связи с невыполнением программы")] CuratorDecision,
}

public enum MenteeResultKind
{
    [Display(Name = "присвоена квалификационная категория")] QualificationCategory,
    [Display(Name = "участие в конкурсе")] ContestEntered,
    [Display(Name = "победа или призовое место в конкурсе")] ContestWon,
    [Display(Name = "курсы повышения квалификации")] Course,
    [Display(Name = "открытый урок, мастер-класс")] OpenLesson,
    [Display(Name = "публикация, выступление")] Publication,
    [Display(Name = "олимпиада, конференция, проект")] Olympiad,
    [Display(Name = "другое")] Other,
}

/// <summary>
/// Завершение программы: the reason, the date, the results of the programme and of each mentee. Recorded once by
/// the curator (or head); it closes the mentorship through <see cref="MentorshipLifecycle"/> — «завершена» when
/// the plan was carried out in full, «прекращена» when it ended early — and the programme is read-only afterwards.
/// </summary>
public sealed class Completion
{
    public int Id { get; set; }
    public int ProgramId { get; set; }
    public int OrganizationId { get; set; }
    public int MunicipalityId { get; set; }
    public int RegionId { get; set; }
    public CompletionReason Reason { get; set; }
    public DateOnly CompletedOn { get; set; }
    /// <summary>The circumstances of an early end (seed 002: «по уважительным обстоятельствам», «недолжное исполнение»).</summary>
    public string? Circumstances { get; set; }
    public required string ProgrammeResults { get; set; }
    public DateTime RecordedAt { get; set; }
    public string? RecordedBy { get; set; }
    public List<MenteeResult> MenteeResults { get; set; } = [];

    public bool IsEarly => Reason != CompletionReason.Full;
}

/// <summary>A mentee's result of the programme: what (kind), in words, and when (e.g. «первая категория», 15.04.2027).</summary>
public sealed class MenteeResult
{
    public int Id { get; set; }
    public int CompletionId { get; set; }
    public int PersonId { get; set; }
    public MenteeResultKind Kind { get; set; }
    public required string Text { get; set; }
    public DateOnly AchievedOn { get; set; }
}

internal sealed class CompletionConfiguration : IEntityTypeConfiguration<Completion>
{
    public void Configure(EntityTypeBuilder<Completion> b)
    {
        b.ToTable("Completions");
        b.Property(x => x.Reason).HasConversion<string>().HasMaxLength(20);
        b.Property(x => x.Circumstances).HasMaxLength(1000);
        b.Property(x => x.ProgrammeResults).HasMaxLength(4000);
        b.Property(x => x.RecordedBy).HasMaxLength(256);
        b.Ignore(x => x.IsEarly);
        b.HasOne<MentoringProgram>().WithMany().HasForeignKey(x => x.ProgramId).OnDelete(DeleteBehavior.Cascade);
        b.HasMany(x => x.MenteeResults).WithOne().HasForeignKey(x => x.CompletionId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(x => x.ProgramId).IsUnique();
        b.HasIndex(x => x.OrganizationId);
        b.HasIndex(x => new { x.MunicipalityId, x.RegionId });
    }
}

internal sealed class MenteeResultConfiguration : IEntityTypeConfiguration<MenteeResult>
{
    public void Configure(EntityTypeBuilder<MenteeResult> b)
    {
        b.ToTable("MenteeResults");
        b.Property(x => x.Kind).HasConversion<string>().HasMaxLength(30);
        b.Property(x => x.Text).HasMaxLength(1000);
        // Purging a person (consent withdrawn) takes their results with them.
        b.HasOne<Person>().WithMany().HasForeignKey(x => x.PersonId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(x => x.CompletionId);
        b.HasIndex(x => x.PersonId);
    }
}
