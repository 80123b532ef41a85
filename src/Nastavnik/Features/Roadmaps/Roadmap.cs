using System.ComponentModel.DataAnnotations;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Nastavnik.Features.Organizations;

namespace Nastavnik.Features.Roadmaps;

/// <summary>Where a roadmap is in its approval. An organisation's roadmap goes to the municipality (seed 003, п. 4.1).</summary>
public enum RoadmapStatus
{
    [Display(Name = "Черновик")] Draft,
    [Display(Name = "На согласовании")] Submitted,
    [Display(Name = "Возвращена на доработку")] Returned,
    [Display(Name = "Утверждена")] Approved,
}

/// <summary>
/// What has been done about an item. «Просрочено» is not stored: it is read from the due and today
/// (<see cref="RoadmapItem.IsOverdue"/>), so it is never stale.
/// </summary>
public enum RoadmapItemStatus
{
    [Display(Name = "Запланировано")] Planned,
    [Display(Name = "Выполняется")] InProgress,
    [Display(Name = "Выполнено")] Done,
    [Display(Name = "Отменено")] Cancelled,
}

/// <summary>
/// Дорожная карта (план мероприятий) of a municipality or of one organisation. Region and municipality are
/// always set (copied from the owner) so the tenant filter needs no join; OrganizationId is null for a
/// municipal roadmap, which the municipality's organisations may read.
/// </summary>
public sealed class Roadmap
{
    public int Id { get; set; }
    public int RegionId { get; set; }
    public int MunicipalityId { get; set; }
    public Municipality? Municipality { get; set; }
    public int? OrganizationId { get; set; }
    public Organization? Organization { get; set; }

    public required string Title { get; set; }
    /// <summary>As people write it: «2023/2024 учебный год», «2022—2024 годы».</summary>
    public required string PeriodText { get; set; }
    public DateOnly PeriodStart { get; set; }
    public DateOnly PeriodEnd { get; set; }
    public string? Goal { get; set; }
    public string? Tasks { get; set; }
    /// <summary>The built-in template it was made from, if any (<see cref="RoadmapTemplates"/>).</summary>
    public string? TemplateKey { get; set; }

    public RoadmapStatus Status { get; set; }
    public DateTime CreatedAt { get; set; }
    public string? CreatedBy { get; set; }
    /// <summary>The first submission decides lateness against the municipality's deadline; resubmissions do not move it.</summary>
    public DateTime? FirstSubmittedAt { get; set; }
    public DateTime? SubmittedAt { get; set; }
    public string? SubmittedBy { get; set; }
    public DateTime? ReturnedAt { get; set; }
    public string? ReturnedBy { get; set; }
    public string? ReturnComment { get; set; }
    public DateTime? ApprovedAt { get; set; }
    /// <summary>Full name of whoever approved (a municipal coordinator for an organisation's roadmap).</summary>
    public string? ApprovedBy { get; set; }
    /// <summary>The date written on the approval (may differ from the moment it was entered).</summary>
    public DateOnly? ApprovalDate { get; set; }
    public string? ApprovalOrderNumber { get; set; }
    public DateOnly? ApprovalOrderDate { get; set; }
    /// <summary>«УТВЕРЖДАЮ» header: «Начальник управления образования», «Директор МБОУ …».</summary>
    public string? ApproverPosition { get; set; }
    public string? ApproverName { get; set; }

    public Guid Version { get; set; } = Guid.NewGuid();
    public List<RoadmapStage> Stages { get; set; } = [];
    public List<RoadmapItem> Items { get; set; } = [];

    public bool IsMunicipal => OrganizationId is null;

    /// <summary>The plan (header, stages, items) changes only before submission or after a return; execution marks always.</summary>
    public bool PlanEditable => Status is RoadmapStatus.Draft or RoadmapStatus.Returned;

    public DueContext DueContext => new(PeriodStart, PeriodEnd);
}

/// <summary>Этап / раздел дорожной карты: «1. Нормативное правовое регулирование …».</summary>
public sealed class RoadmapStage
{
    public int Id { get; set; }
    public int RoadmapId { get; set; }
    public Roadmap? Roadmap { get; set; }
    public string? Number { get; set; }
    public required string Title { get; set; }
    public int Order { get; set; }
}

/// <summary>Мероприятие дорожной карты. The due keeps its wording; its reading is stored beside it for queries.</summary>
public sealed class RoadmapItem
{
    public int Id { get; set; }
    public int RoadmapId { get; set; }
    public Roadmap? Roadmap { get; set; }
    public int? StageId { get; set; }
    public RoadmapStage? Stage { get; set; }
    public int Order { get; set; }
    /// <summary>«1.3», «5» — as in the document.</summary>
    public string? Number { get; set; }
    public required string Name { get; set; }
    public string? Content { get; set; }

    /// <summary>«Сроки» exactly as written.</summary>
    public string DueText { get; set; } = "";
    public DueKind DueKind { get; set; } = DueKind.Unparsed;
    public DateOnly? DueStart { get; set; }
    public DateOnly? DueEnd { get; set; }
    public bool DueNeedsReview { get; set; } = true;

    public string? Responsible { get; set; }
    public string? Audience { get; set; }
    /// <summary>Ожидаемый результат / форма представления результата.</summary>
    public string? ExpectedResult { get; set; }

    public RoadmapItemStatus Status { get; set; }
    public DateOnly? DoneAt { get; set; }
    public string? EvidenceNote { get; set; }
    public string? EvidenceLink { get; set; }
    public Guid Version { get; set; } = Guid.NewGuid();

    /// <summary>Reads <see cref="DueText"/> against the roadmap's period and stores the reading.</summary>
    public Due SetDue(string text, DueContext context)
    {
        var due = Due.Parse(text, context);
        DueText = text;
        DueKind = due.Kind;
        DueStart = due.Start;
        DueEnd = due.End;
        DueNeedsReview = due.NeedsReview;
        return due;
    }

    public bool IsOpen => Status is RoadmapItemStatus.Planned or RoadmapItemStatus.InProgress;

    /// <summary>Not done, not cancelled, and the due (or its current occurrence) ended before today.</summary>
    public bool IsOverdue(Due due, DateOnly today) => IsOpen && due.Evaluate(today) == DueStatus.Overdue;

    /// <summary>Done by the end of its due. An undated item done at all counts as on time.</summary>
    public bool IsDoneOnTime(Due due) =>
        Status == RoadmapItemStatus.Done && (due.End is not { } end || DoneAt is not { } done || done <= end);
}

/// <summary>
/// The day by which the municipality's organisations must submit their roadmaps for a school year
/// (seed 003: «согласовать их с учредителем до 20.09.2023»). Without a row the default is 20 September.
/// </summary>
public sealed class RoadmapDeadline
{
    public int Id { get; set; }
    public int RegionId { get; set; }
    public int MunicipalityId { get; set; }
    /// <summary>2023 for the school year 2023/2024.</summary>
    public int SchoolYearStart { get; set; }
    public DateOnly Deadline { get; set; }
    public Guid Version { get; set; } = Guid.NewGuid();

    public static DateOnly Default(int schoolYearStart) => new(schoolYearStart, 9, 20);
}

internal sealed class RoadmapConfiguration : IEntityTypeConfiguration<Roadmap>
{
    public void Configure(EntityTypeBuilder<Roadmap> b)
    {
        b.ToTable("Roadmaps");
        b.Property(x => x.Title).HasMaxLength(500);
        b.Property(x => x.PeriodText).HasMaxLength(200);
        b.Property(x => x.Goal).HasMaxLength(4000);
        b.Property(x => x.Tasks).HasMaxLength(8000);
        b.Property(x => x.TemplateKey).HasMaxLength(40);
        b.Property(x => x.Status).HasConversion<string>().HasMaxLength(20);
        b.Property(x => x.CreatedBy).HasMaxLength(256);
        b.Property(x => x.SubmittedBy).HasMaxLength(256);
        b.Property(x => x.ReturnedBy).HasMaxLength(256);
        b.Property(x => x.ReturnComment).HasMaxLength(2000);
        b.Property(x => x.ApprovedBy).HasMaxLength(300);
        b.Property(x => x.ApprovalOrderNumber).HasMaxLength(50);
        b.Property(x => x.ApproverPosition).HasMaxLength(300);
        b.Property(x => x.ApproverName).HasMaxLength(300);
        b.Property(x => x.Version).IsConcurrencyToken();
        b.HasOne<Region>().WithMany().HasForeignKey(x => x.RegionId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne(x => x.Municipality).WithMany().HasForeignKey(x => x.MunicipalityId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne(x => x.Organization).WithMany().HasForeignKey(x => x.OrganizationId).OnDelete(DeleteBehavior.Restrict);
        b.HasMany(x => x.Stages).WithOne(s => s.Roadmap).HasForeignKey(s => s.RoadmapId).OnDelete(DeleteBehavior.Cascade);
        b.HasMany(x => x.Items).WithOne(i => i.Roadmap).HasForeignKey(i => i.RoadmapId).OnDelete(DeleteBehavior.Cascade);
        b.Ignore(x => x.IsMunicipal);
        b.Ignore(x => x.PlanEditable);
        b.Ignore(x => x.DueContext);
    }
}

internal sealed class RoadmapStageConfiguration : IEntityTypeConfiguration<RoadmapStage>
{
    public void Configure(EntityTypeBuilder<RoadmapStage> b)
    {
        b.ToTable("RoadmapStages");
        b.Property(x => x.Number).HasMaxLength(20);
        b.Property(x => x.Title).HasMaxLength(1000);
    }
}

internal sealed class RoadmapItemConfiguration : IEntityTypeConfiguration<RoadmapItem>
{
    public void Configure(EntityTypeBuilder<RoadmapItem> b)
    {
        b.ToTable("RoadmapItems");
        b.Property(x => x.Number).HasMaxLength(20);
        b.Property(x => x.Name).HasMaxLength(2000);
        b.Property(x => x.Content).HasMaxLength(8000);
        b.Property(x => x.DueText).HasMaxLength(500);
        b.Property(x => x.DueKind).HasConversion<string>().HasMaxLength(20);
        b.Property(x => x.Responsible).HasMaxLength(2000);
        b.Property(x => x.Audience).HasMaxLength(1000);
        b.Property(x => x.ExpectedResult).HasMaxLength(2000);
        b.Property(x => x.Status).HasConversion<string>().HasMaxLength(20);
        b.Property(x => x.EvidenceNote).HasMaxLength(2000);
        b.Property(x => x.EvidenceLink).HasMaxLength(500);
        b.Property(x => x.Version).IsConcurrencyToken();
        // Deleting a stage keeps its items (they move out of any stage) rather than losing them.
        b.HasOne(x => x.Stage).WithMany().HasForeignKey(x => x.StageId).OnDelete(DeleteBehavior.SetNull);
        b.Ignore(x => x.IsOpen);
    }
}

internal sealed class RoadmapDeadlineConfiguration : IEntityTypeConfiguration<RoadmapDeadline>
{
    public void Configure(EntityTypeBuilder<RoadmapDeadline> b)
    {
        b.ToTable("RoadmapDeadlines");
        b.Property(x => x.Version).IsConcurrencyToken();
        b.HasOne<Region>().WithMany().HasForeignKey(x => x.RegionId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Municipality>().WithMany().HasForeignKey(x => x.MunicipalityId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(x => new { x.MunicipalityId, x.SchoolYearStart }).IsUnique();
    }
}
