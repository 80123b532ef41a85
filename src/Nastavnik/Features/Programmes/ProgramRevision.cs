using System.ComponentModel.DataAnnotations;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Nastavnik.Features.Mentorships;
using Nastavnik.Features.People;

namespace Nastavnik.Features.Programmes;

public enum RevisionStatus
{
    [Display(Name = "ожидает подтверждения")] Pending,
    [Display(Name = "применено")] Applied,
    [Display(Name = "отклонено")] Declined,
    [Display(Name = "отозвано")] Withdrawn,
}

public enum RevisionItemAction
{
    [Display(Name = "добавлено")] Add,
    [Display(Name = "изменено")] Change,
    [Display(Name = "исключено")] Remove,
}

/// <summary>
/// Продление / корректировка программы (seed 002, «Изменение сроков реализации»): a proposed change of the dates,
/// the form or kind, or the plan, with a reason. It applies only when every participant of the pair or group has
/// confirmed it (mutual consent); until then it is pending and can be declined or withdrawn. The old values are
/// kept next to the new ones, so the history says exactly what changed, and applying checks that the programme
/// still has the old values (the participants agreed to this exact change, not to whatever it became since).
/// </summary>
public sealed class ProgramRevision
{
    public int Id { get; set; }
    public int ProgramId { get; set; }
    public int OrganizationId { get; set; }
    public int MunicipalityId { get; set; }
    public int RegionId { get; set; }
    public RevisionStatus Status { get; set; }
    public required string Reason { get; set; }
    public DateOnly? OldStartDate { get; set; }
    public DateOnly? NewStartDate { get; set; }
    public DateOnly? OldEndDate { get; set; }
    public DateOnly? NewEndDate { get; set; }
    public int? OldFormId { get; set; }
    public int? NewFormId { get; set; }
    public int? OldKindId { get; set; }
    public int? NewKindId { get; set; }
    public DateTime ProposedAt { get; set; }
    public string? ProposedByUserId { get; set; }
    public required string ProposedBy { get; set; }
    /// <summary>«наставник», «наставляемый», «куратор», … as <see cref="ProgrammeAccess.Result.ActorLabel"/> says.</summary>
    public required string ProposedByRole { get; set; }
    public DateTime? DecidedAt { get; set; }
    public string? DecidedBy { get; set; }
    /// <summary>Why it was declined.</summary>
    public string? DecisionNote { get; set; }
    /// <summary>Touched by every confirmation, so two last confirmations racing each other collide on <see cref="Version"/>.</summary>
    public DateTime UpdatedAt { get; set; }
    public Guid Version { get; set; } = Guid.NewGuid();
    public List<ProgramRevisionItem> Items { get; set; } = [];
    public List<ProgramRevisionConfirmation> Confirmations { get; set; } = [];

    public bool ChangesDates => NewStartDate is not null || NewEndDate is not null;
    public bool ChangesForm => NewFormId is not null || NewKindId is not null;
}

/// <summary>One change of the plan inside a revision: an activity added, changed or removed, with its old and new fields.</summary>
public sealed class ProgramRevisionItem
{
    public int Id { get; set; }
    public int RevisionId { get; set; }
    public RevisionItemAction Action { get; set; }
    /// <summary>The activity changed or removed (or created, once applied); null after the activity itself is deleted.</summary>
    public int? ActivityId { get; set; }
    public string? Title { get; set; }
    public DateOnly? DueOn { get; set; }
    public string? ExpectedResult { get; set; }
    public string? ResultForm { get; set; }
    public string? OldTitle { get; set; }
    public DateOnly? OldDueOn { get; set; }
    public string? OldExpectedResult { get; set; }
    public string? OldResultForm { get; set; }
}

/// <summary>
/// A participant's consent to a revision: given by the participant, or recorded by the curator on their behalf
/// with the basis (a pupil without an account, a signed paper statement).
/// </summary>
public sealed class ProgramRevisionConfirmation
{
    public int RevisionId { get; set; }
    public int PersonId { get; set; }
    public DateTime ConfirmedAt { get; set; }
    public required string ConfirmedBy { get; set; }
    public bool OnBehalf { get; set; }
    public string? Basis { get; set; }
}

internal sealed class ProgramRevisionConfiguration : IEntityTypeConfiguration<ProgramRevision>
{
    public void Configure(EntityTypeBuilder<ProgramRevision> b)
    {
        b.ToTable("ProgramRevisions");
        b.Property(x => x.Status).HasConversion<string>().HasMaxLength(20);
        b.Property(x => x.Reason).HasMaxLength(1000);
        b.Property(x => x.ProposedByUserId).HasMaxLength(450);
        b.Property(x => x.ProposedBy).HasMaxLength(300);
        b.Property(x => x.ProposedByRole).HasMaxLength(30);
        b.Property(x => x.DecidedBy).HasMaxLength(300);
        b.Property(x => x.DecisionNote).HasMaxLength(1000);
        b.Property(x => x.Version).IsConcurrencyToken();
        b.Ignore(x => x.ChangesDates);
        b.Ignore(x => x.ChangesForm);
        b.HasOne<MentoringProgram>().WithMany().HasForeignKey(x => x.ProgramId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<MentoringForm>().WithMany().HasForeignKey(x => x.OldFormId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<MentoringForm>().WithMany().HasForeignKey(x => x.NewFormId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<MentoringKind>().WithMany().HasForeignKey(x => x.OldKindId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<MentoringKind>().WithMany().HasForeignKey(x => x.NewKindId).OnDelete(DeleteBehavior.Restrict);
        b.HasMany(x => x.Items).WithOne().HasForeignKey(x => x.RevisionId).OnDelete(DeleteBehavior.Cascade);
        b.HasMany(x => x.Confirmations).WithOne().HasForeignKey(x => x.RevisionId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(x => new { x.ProgramId, x.Status });
        b.HasIndex(x => x.OrganizationId);
        b.HasIndex(x => new { x.MunicipalityId, x.RegionId });
        b.HasIndex(x => x.OldFormId);
        b.HasIndex(x => x.NewFormId);
        b.HasIndex(x => x.OldKindId);
        b.HasIndex(x => x.NewKindId);
    }
}

internal sealed class ProgramRevisionItemConfiguration : IEntityTypeConfiguration<ProgramRevisionItem>
{
    public void Configure(EntityTypeBuilder<ProgramRevisionItem> b)
    {
        b.ToTable("ProgramRevisionItems");
        b.Property(x => x.Action).HasConversion<string>().HasMaxLength(10);
        b.Property(x => x.Title).HasMaxLength(1000);
        b.Property(x => x.ExpectedResult).HasMaxLength(1000);
        b.Property(x => x.ResultForm).HasMaxLength(300);
        b.Property(x => x.OldTitle).HasMaxLength(1000);
        b.Property(x => x.OldExpectedResult).HasMaxLength(1000);
        b.Property(x => x.OldResultForm).HasMaxLength(300);
        b.HasOne<ProgramActivity>().WithMany().HasForeignKey(x => x.ActivityId).OnDelete(DeleteBehavior.SetNull);
        b.HasIndex(x => x.RevisionId);
        b.HasIndex(x => x.ActivityId);
    }
}

internal sealed class ProgramRevisionConfirmationConfiguration : IEntityTypeConfiguration<ProgramRevisionConfirmation>
{
    public void Configure(EntityTypeBuilder<ProgramRevisionConfirmation> b)
    {
        b.ToTable("ProgramRevisionConfirmations");
        b.HasKey(x => new { x.RevisionId, x.PersonId });
        b.Property(x => x.ConfirmedBy).HasMaxLength(300);
        b.Property(x => x.Basis).HasMaxLength(500);
        b.HasOne<Person>().WithMany().HasForeignKey(x => x.PersonId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(x => x.PersonId);
    }
}
