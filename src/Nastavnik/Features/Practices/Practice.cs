using System.ComponentModel.DataAnnotations;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Nastavnik.Features.Mentorships;
using Nastavnik.Features.Programmes;

namespace Nastavnik.Features.Practices;

public enum PracticeStatus
{
    [Display(Name = "на рассмотрении")] Proposed,
    [Display(Name = "опубликована")] Published,
    [Display(Name = "возвращена на доработку")] Returned,
}

/// <summary>
/// A practice of the банк лучших практик (seed 002: «пополнение методической копилки»; seed 003 4.8, seed 004's
/// indicator 7): a completed programme, proposed by the school's curator and published by a coordinator, told
/// without personal data. It holds its own copy of the plan with offsets from the start, so a new programme can be
/// started from it (dates shifted to the new start) without reaching back into the source programme.
/// </summary>
public sealed class Practice
{
    public int Id { get; set; }
    public int OrganizationId { get; set; }
    public int MunicipalityId { get; set; }
    public int RegionId { get; set; }
    /// <summary>The completed programme it came from; null if that programme was deleted.</summary>
    public int? SourceProgramId { get; set; }
    public required string Title { get; set; }
    public required string Summary { get; set; }
    public required string Goal { get; set; }
    public string? Tasks { get; set; }
    public string? Results { get; set; }
    public int FormId { get; set; }
    public int KindId { get; set; }
    /// <summary>Comma-separated <see cref="ProgramDirection"/> names, as in <see cref="MentoringProgram.Directions"/>.</summary>
    public string Directions { get; set; } = "";
    public int DurationDays { get; set; }
    public PracticeStatus Status { get; set; }
    public DateTime ProposedAt { get; set; }
    public string? ProposedBy { get; set; }
    public DateTime? DecidedAt { get; set; }
    public string? DecidedBy { get; set; }
    /// <summary>The coordinator's comment when returning it.</summary>
    public string? ReturnComment { get; set; }
    public Guid Version { get; set; } = Guid.NewGuid();
    public List<PracticeItem> Items { get; set; } = [];

    public IReadOnlyList<ProgramDirection> DirectionList =>
        [.. Directions.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(x => Enum.TryParse<ProgramDirection>(x, out var d) ? (ProgramDirection?)d : null).OfType<ProgramDirection>()];
}

/// <summary>A plan item of a practice: like <see cref="ProgramActivity"/>, with the due date as days from the start.</summary>
public sealed class PracticeItem
{
    public int Id { get; set; }
    public int PracticeId { get; set; }
    public int SortOrder { get; set; }
    public required string Title { get; set; }
    public string? ExpectedResult { get; set; }
    public string? ResultForm { get; set; }
    public int OffsetDays { get; set; }
}

internal sealed class PracticeConfiguration : IEntityTypeConfiguration<Practice>
{
    public void Configure(EntityTypeBuilder<Practice> b)
    {
        b.ToTable("Practices");
        b.Property(x => x.Title).HasMaxLength(300);
        b.Property(x => x.Summary).HasMaxLength(4000);
        b.Property(x => x.Goal).HasMaxLength(2000);
        b.Property(x => x.Tasks).HasMaxLength(4000);
        b.Property(x => x.Results).HasMaxLength(4000);
        b.Property(x => x.Directions).HasMaxLength(300);
        b.Property(x => x.Status).HasConversion<string>().HasMaxLength(20);
        b.Property(x => x.ProposedBy).HasMaxLength(256);
        b.Property(x => x.DecidedBy).HasMaxLength(256);
        b.Property(x => x.ReturnComment).HasMaxLength(1000);
        b.Property(x => x.Version).IsConcurrencyToken();
        b.Ignore(x => x.DirectionList);
        b.HasOne<MentoringProgram>().WithMany().HasForeignKey(x => x.SourceProgramId).OnDelete(DeleteBehavior.SetNull);
        b.HasOne<MentoringForm>().WithMany().HasForeignKey(x => x.FormId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<MentoringKind>().WithMany().HasForeignKey(x => x.KindId).OnDelete(DeleteBehavior.Restrict);
        b.HasMany(x => x.Items).WithOne().HasForeignKey(x => x.PracticeId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(x => x.SourceProgramId).IsUnique();
        b.HasIndex(x => new { x.RegionId, x.Status });
        b.HasIndex(x => x.OrganizationId);
        b.HasIndex(x => x.MunicipalityId);
        b.HasIndex(x => x.FormId);
        b.HasIndex(x => x.KindId);
    }
}

internal sealed class PracticeItemConfiguration : IEntityTypeConfiguration<PracticeItem>
{
    public void Configure(EntityTypeBuilder<PracticeItem> b)
    {
        b.ToTable("PracticeItems");
        b.Property(x => x.Title).HasMaxLength(1000);
        b.Property(x => x.ExpectedResult).HasMaxLength(1000);
        b.Property(x => x.ResultForm).HasMaxLength(300);
        b.HasIndex(x => new { x.PracticeId, x.SortOrder });
    }
}
