using System.ComponentModel.DataAnnotations;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Nastavnik.Features.Organizations;
using Nastavnik.Features.People;

namespace Nastavnik.Features.Mentorships;

/// <summary>
/// Форма наставничества (учитель–учитель, ученик–ученик, …). Which kinds of people may be mentor and mentee is
/// data, not code: a region adds its own forms. RegionId null is a default for everyone; a region's row with the
/// same code replaces the default there (that is how a coordinator "edits" or hides a default for the region).
/// </summary>
public sealed class MentoringForm
{
    public int Id { get; set; }
    public int? RegionId { get; set; }
    public required string Code { get; set; }
    public required string Name { get; set; }
    /// <summary>Comma-separated <see cref="PersonKind"/> names.</summary>
    public required string MentorKinds { get; set; }
    public required string MenteeKinds { get; set; }
    /// <summary>The seeds' regulations forbid a line manager mentoring a subordinate in peer forms (учитель–учитель).</summary>
    public bool ForbidsManagerOverSubordinate { get; set; }
    public bool IsArchived { get; set; }
    public int SortOrder { get; set; }

    public IReadOnlyList<PersonKind> MentorKindList => Parse(MentorKinds);
    public IReadOnlyList<PersonKind> MenteeKindList => Parse(MenteeKinds);
    public bool FitsMentor(PersonKind k) => MentorKindList.Contains(k);
    public bool FitsMentee(PersonKind k) => MenteeKindList.Contains(k);

    public static IReadOnlyList<PersonKind> Parse(string s) =>
        [.. s.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(x => Enum.TryParse<PersonKind>(x, out var k) ? (PersonKind?)k : null).OfType<PersonKind>()];
}

/// <summary>Вид наставничества (традиционное, групповое, …): how many mentees one unit may have and whether it is a partnership of peers.</summary>
public sealed class MentoringKind
{
    public int Id { get; set; }
    public int? RegionId { get; set; }
    public required string Code { get; set; }
    public required string Name { get; set; }
    public int MinMentees { get; set; } = 1;
    public int? MaxMentees { get; set; }
    /// <summary>Партнёрство: no hierarchy, all participants are peers.</summary>
    public bool PeersOnly { get; set; }
    public bool IsArchived { get; set; }
    public int SortOrder { get; set; }
}

public enum MentorshipStatus
{
    [Display(Name = "черновик")] Draft,
    [Display(Name = "на утверждении")] Proposed,
    [Display(Name = "утверждена")] Approved,
    [Display(Name = "действует")] Active,
    [Display(Name = "завершена")] Completed,
    [Display(Name = "прекращена")] Terminated,
}

public enum ParticipantRole
{
    [Display(Name = "наставник")] Mentor,
    [Display(Name = "наставляемый")] Mentee,
    [Display(Name = "партнёр")] Peer,
}

/// <summary>Наставническая пара / группа: one or more mentors with one or more mentees (or peers), with a lifecycle (<see cref="MentorshipLifecycle"/>).</summary>
public sealed class Mentorship
{
    public int Id { get; set; }
    public int OrganizationId { get; set; }
    public Organization? Organization { get; set; }
    public int MunicipalityId { get; set; }
    public int RegionId { get; set; }
    public int FormId { get; set; }
    public MentoringForm? Form { get; set; }
    public int KindId { get; set; }
    public MentoringKind? Kind { get; set; }
    public MentorshipStatus Status { get; set; }
    public DateOnly StartDate { get; set; }
    public DateOnly EndDate { get; set; }
    /// <summary>When it actually ended (completed or terminated).</summary>
    public DateOnly? ClosedOn { get; set; }
    public string? CloseReason { get; set; }
    public string? Result { get; set; }
    /// <summary>The mentee's note when they asked for this mentor themselves.</summary>
    public string? RequestNote { get; set; }
    public bool IsMenteeRequest { get; set; }
    public DateTime? ReplacementRequestedAt { get; set; }
    public string? ReplacementReason { get; set; }
    public int? ReplacesMentorshipId { get; set; }
    public int? ApprovalOrderId { get; set; }
    public ApprovalOrder? ApprovalOrder { get; set; }
    public DateTime CreatedAt { get; set; }
    public string? CreatedBy { get; set; }
    public Guid Version { get; set; } = Guid.NewGuid();
    public List<MentorshipParticipant> Participants { get; set; } = [];
}

public sealed class MentorshipParticipant
{
    public int MentorshipId { get; set; }
    public int PersonId { get; set; }
    public Person? Person { get; set; }
    public ParticipantRole Role { get; set; }
}

/// <summary>History of the lifecycle: who moved it, when, from what, to what, and why.</summary>
public sealed class MentorshipTransition
{
    public int Id { get; set; }
    public int MentorshipId { get; set; }
    public MentorshipStatus From { get; set; }
    public MentorshipStatus To { get; set; }
    public DateTime At { get; set; }
    public string? UserId { get; set; }
    public string? UserName { get; set; }
    public string? Reason { get; set; }
}

/// <summary>Приказ «Об утверждении наставнических пар/групп»: registered with its number (unique per organisation and year) and the signed text as issued.</summary>
public sealed class ApprovalOrder
{
    public int Id { get; set; }
    public int OrganizationId { get; set; }
    public int MunicipalityId { get; set; }
    public int RegionId { get; set; }
    public required string Number { get; set; }
    public int Year { get; set; }
    public DateOnly Date { get; set; }
    public string? SignedBy { get; set; }
    public required byte[] Document { get; set; }
    public DateTime CreatedAt { get; set; }
    public string? CreatedBy { get; set; }
}

/// <summary>Психолого-педагогическое сопровождение of a mentee who has no pair yet (seed 002, stage 5.3).</summary>
public sealed class MenteeSupport
{
    public int PersonId { get; set; }
    public DateOnly Since { get; set; }
    public string? SetBy { get; set; }
}

internal sealed class MentoringFormConfiguration : IEntityTypeConfiguration<MentoringForm>
{
    public void Configure(EntityTypeBuilder<MentoringForm> b)
    {
        b.ToTable("MentoringForms");
        b.Property(x => x.Code).HasMaxLength(50);
        b.Property(x => x.Name).HasMaxLength(200);
        b.Property(x => x.MentorKinds).HasMaxLength(100);
        b.Property(x => x.MenteeKinds).HasMaxLength(100);
        b.Ignore(x => x.MentorKindList);
        b.Ignore(x => x.MenteeKindList);
        b.HasOne<Region>().WithMany().HasForeignKey(x => x.RegionId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(x => new { x.RegionId, x.Code });
    }
}

internal sealed class MentoringKindConfiguration : IEntityTypeConfiguration<MentoringKind>
{
    public void Configure(EntityTypeBuilder<MentoringKind> b)
    {
        b.ToTable("MentoringKinds");
        b.Property(x => x.Code).HasMaxLength(50);
        b.Property(x => x.Name).HasMaxLength(200);
        b.HasOne<Region>().WithMany().HasForeignKey(x => x.RegionId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(x => new { x.RegionId, x.Code });
    }
}

internal sealed class MentorshipConfiguration : IEntityTypeConfiguration<Mentorship>
{
    public void Configure(EntityTypeBuilder<Mentorship> b)
    {
        b.ToTable("Mentorships");
        b.Property(x => x.Status).HasConversion<string>().HasMaxLength(20);
        b.Property(x => x.CloseReason).HasMaxLength(1000);
        b.Property(x => x.Result).HasMaxLength(2000);
        b.Property(x => x.RequestNote).HasMaxLength(1000);
        b.Property(x => x.ReplacementReason).HasMaxLength(1000);
        b.Property(x => x.CreatedBy).HasMaxLength(256);
        b.Property(x => x.Version).IsConcurrencyToken();
        b.HasOne(x => x.Organization).WithMany().HasForeignKey(x => x.OrganizationId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne(x => x.Form).WithMany().HasForeignKey(x => x.FormId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne(x => x.Kind).WithMany().HasForeignKey(x => x.KindId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne(x => x.ApprovalOrder).WithMany().HasForeignKey(x => x.ApprovalOrderId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Mentorship>().WithMany().HasForeignKey(x => x.ReplacesMentorshipId).OnDelete(DeleteBehavior.Restrict);
        b.HasMany(x => x.Participants).WithOne().HasForeignKey(x => x.MentorshipId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(x => new { x.OrganizationId, x.Status });
        b.HasIndex(x => new { x.MunicipalityId, x.OrganizationId });
        b.HasIndex(x => x.RegionId);
    }
}

internal sealed class MentorshipParticipantConfiguration : IEntityTypeConfiguration<MentorshipParticipant>
{
    public void Configure(EntityTypeBuilder<MentorshipParticipant> b)
    {
        b.ToTable("MentorshipParticipants");
        b.HasKey(x => new { x.MentorshipId, x.PersonId });
        b.Property(x => x.Role).HasConversion<string>().HasMaxLength(10);
        // Purging a person (consent withdrawn) takes their participation with them.
        b.HasOne(x => x.Person).WithMany().HasForeignKey(x => x.PersonId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(x => x.PersonId);
    }
}

internal sealed class MentorshipTransitionConfiguration : IEntityTypeConfiguration<MentorshipTransition>
{
    public void Configure(EntityTypeBuilder<MentorshipTransition> b)
    {
        b.ToTable("MentorshipTransitions");
        b.Property(x => x.From).HasConversion<string>().HasMaxLength(20);
        b.Property(x => x.To).HasConversion<string>().HasMaxLength(20);
        b.Property(x => x.UserId).HasMaxLength(450);
        b.Property(x => x.UserName).HasMaxLength(256);
        b.Property(x => x.Reason).HasMaxLength(1000);
        b.HasOne<Mentorship>().WithMany().HasForeignKey(x => x.MentorshipId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(x => x.MentorshipId);
    }
}

internal sealed class ApprovalOrderConfiguration : IEntityTypeConfiguration<ApprovalOrder>
{
    public void Configure(EntityTypeBuilder<ApprovalOrder> b)
    {
        b.ToTable("ApprovalOrders");
        b.Property(x => x.Number).HasMaxLength(50);
        b.Property(x => x.SignedBy).HasMaxLength(300);
        b.Property(x => x.CreatedBy).HasMaxLength(256);
        b.HasOne<Organization>().WithMany().HasForeignKey(x => x.OrganizationId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(x => new { x.OrganizationId, x.Year, x.Number }).IsUnique();
    }
}

internal sealed class MenteeSupportConfiguration : IEntityTypeConfiguration<MenteeSupport>
{
    public void Configure(EntityTypeBuilder<MenteeSupport> b)
    {
        b.ToTable("MenteeSupports");
        b.HasKey(x => x.PersonId);
        b.Property(x => x.SetBy).HasMaxLength(256);
        b.HasOne<Person>().WithMany().HasForeignKey(x => x.PersonId).OnDelete(DeleteBehavior.Cascade);
    }
}
