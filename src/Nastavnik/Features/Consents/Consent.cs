using System.ComponentModel.DataAnnotations;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Nastavnik.Features.People;

namespace Nastavnik.Features.Consents;

public enum ConsentKind
{
    [Display(Name = "Согласие на обработку персональных данных")] PersonalData,
    [Display(Name = "Согласие на обработку данных о состоянии здоровья (ОВЗ)")] HealthData,
    [Display(Name = "Согласие наставника на выполнение дополнительных обязанностей")] MentorDuties,
}

public static class ConsentKinds
{
    /// <summary>
    /// A consent whose very existence tells a sensitive category: a consent to health data says the person has ОВЗ
    /// (and its withdrawal says they had). Shown only to those who may see sensitive categories (<see cref="People.PersonVisibility"/>).
    /// </summary>
    public static bool RevealsSensitive(ConsentKind kind) => kind == ConsentKind.HealthData;

    /// <summary>The file name of the printable form: each kind its own, so two downloads for one person do not overwrite each other.</summary>
    public static string FileTitle(ConsentKind kind) => kind switch
    {
        ConsentKind.HealthData => "Согласие на обработку данных о здоровье",
        ConsentKind.MentorDuties => "Согласие наставника на доп. обязанности",
        _ => "Согласие на обработку ПД",
    };
}

public enum ConsentGiver
{
    [Display(Name = "субъект персональных данных")] Subject,
    [Display(Name = "законный представитель")] Guardian,
}

/// <summary>
/// A consent as 152-ФЗ art. 9 p. 4 requires it on paper: who gives it (the subject or a guardian with the
/// basis of authority), to which operator, for what purpose, which data, which actions, for how long, how
/// to withdraw it, and when it was signed. Purpose, data, actions, term and withdrawal are the wording of the
/// form that was signed: one <see cref="ConsentText"/> shared by every consent signed on that form
/// (docs/adr/0002-consent-wording-stored-once.md). The scan is optional. Withdrawal is a date, never a deletion:
/// the record that consent existed is itself needed until the purge.
/// </summary>
public sealed class Consent
{
    public int Id { get; set; }
    public int PersonId { get; set; }
    public Person? Person { get; set; }
    public ConsentKind Kind { get; set; }
    public ConsentGiver GivenBy { get; set; }
    public string? GuardianName { get; set; }
    public string? GuardianAuthority { get; set; }
    public required string Operator { get; set; }
    /// <summary>The wording signed (purpose, data, actions, term, how to withdraw).</summary>
    public int TextId { get; set; }
    public ConsentText? Text { get; set; }
    public DateOnly SignedOn { get; set; }
    public string? ScanFileName { get; set; }
    public byte[]? Scan { get; set; }
    public DateTime RecordedAt { get; set; }
    public string? RecordedBy { get; set; }
    public DateTime? WithdrawnAt { get; set; }
    public string? WithdrawalReason { get; set; }
}

/// <summary>
/// Редакция текста согласия: the wording of one consent form (kind, purpose, list of data, actions, term, how to
/// withdraw), stored once and referenced by every consent signed on it. Rows are never changed or deleted: a
/// different wording is a new row, the next <see cref="Version"/> of its kind, so each consent keeps pointing at
/// exactly what was signed. Not personal data and not tenant-owned (the same wording serves every school), so it
/// has no query filter; it is only ever read through a consent or looked up by its content.
/// </summary>
public sealed class ConsentText
{
    public int Id { get; set; }
    public ConsentKind Kind { get; set; }
    /// <summary>Редакция: 1, 2, … within the kind, in the order the wordings were first stored. A label for people; the row's identity is its content.</summary>
    public int Version { get; set; }
    public required string Purpose { get; set; }
    public required string DataList { get; set; }
    public required string Actions { get; set; }
    public required string Term { get; set; }
    public required string WithdrawalProcedure { get; set; }

    public ConsentTexts.Wording Wording => new(Purpose, DataList, Actions, Term, WithdrawalProcedure);
}

/// <summary>
/// Акт об уничтожении персональных данных: who asked, what was destroyed, when and why. It names the person only
/// by initials and an internal number (the data are gone); kept three years (KeepUntil), then deleted too.
/// </summary>
public sealed class DestructionRecord
{
    public int Id { get; set; }
    public int OrganizationId { get; set; }
    public int MunicipalityId { get; set; }
    public int RegionId { get; set; }
    public int FormerPersonId { get; set; }
    public required string Subject { get; set; }
    public required string DataDestroyed { get; set; }
    public required string Reason { get; set; }
    public string? RequestedBy { get; set; }
    public DateTime WithdrawnAt { get; set; }
    public DateTime DestroyedAt { get; set; }
    public DateTime KeepUntil { get; set; }
}

internal sealed class ConsentConfiguration : IEntityTypeConfiguration<Consent>
{
    public void Configure(EntityTypeBuilder<Consent> b)
    {
        b.ToTable("Consents");
        b.Property(x => x.Kind).HasConversion<string>().HasMaxLength(20);
        b.Property(x => x.GivenBy).HasConversion<string>().HasMaxLength(20);
        b.Property(x => x.GuardianName).HasMaxLength(300);
        b.Property(x => x.GuardianAuthority).HasMaxLength(300);
        b.Property(x => x.Operator).HasMaxLength(500);
        b.Property(x => x.ScanFileName).HasMaxLength(200);
        b.Property(x => x.RecordedBy).HasMaxLength(256);
        b.Property(x => x.WithdrawalReason).HasMaxLength(500);
        b.HasOne(x => x.Person).WithMany().HasForeignKey(x => x.PersonId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne(x => x.Text).WithMany().HasForeignKey(x => x.TextId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(x => new { x.PersonId, x.Kind });
    }
}

internal sealed class ConsentTextConfiguration : IEntityTypeConfiguration<ConsentText>
{
    public void Configure(EntityTypeBuilder<ConsentText> b)
    {
        b.ToTable("ConsentTexts");
        b.Property(x => x.Kind).HasConversion<string>().HasMaxLength(20);
        b.Property(x => x.Purpose).HasMaxLength(1000);
        b.Property(x => x.DataList).HasMaxLength(2000);
        b.Property(x => x.Actions).HasMaxLength(1000);
        b.Property(x => x.Term).HasMaxLength(300);
        b.Property(x => x.WithdrawalProcedure).HasMaxLength(1000);
        b.Ignore(x => x.Wording);
        b.HasIndex(x => new { x.Kind, x.Version });
    }
}

internal sealed class DestructionRecordConfiguration : IEntityTypeConfiguration<DestructionRecord>
{
    public void Configure(EntityTypeBuilder<DestructionRecord> b)
    {
        b.ToTable("DestructionRecords");
        b.Property(x => x.Subject).HasMaxLength(100);
        b.Property(x => x.DataDestroyed).HasMaxLength(2000);
        b.Property(x => x.Reason).HasMaxLength(500);
        b.Property(x => x.RequestedBy).HasMaxLength(256);
        b.HasIndex(x => x.OrganizationId);
        b.HasIndex(x => x.KeepUntil);
    }
}
