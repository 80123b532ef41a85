using System.ComponentModel.DataAnnotations;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Nastavnik.Features.Mentorships;
using Nastavnik.Features.Organizations;
using Nastavnik.Features.People;

namespace Nastavnik.Features.Programmes;

/// <summary>Направление наставнической деятельности (seed 002: the programme names the directions it works in).</summary>
public enum ProgramDirection
{
    [Display(Name = "предметное содержание")] SubjectContent,
    [Display(Name = "методика преподавания")] Methods,
    [Display(Name = "воспитательная работа")] Upbringing,
    [Display(Name = "урочная и внеурочная деятельность")] LessonAndExtracurricular,
    [Display(Name = "психолого-педагогическое сопровождение")] PsychologicalSupport,
}

/// <summary>
/// Персонализированная программа наставничества (seed 002): one per mentorship, 3 months to 1 year, aimed at the
/// mentee's difficulties. Tenant columns are copied from the mentorship.
/// </summary>
public sealed class MentoringProgram
{
    public int Id { get; set; }
    public int MentorshipId { get; set; }
    public Mentorship? Mentorship { get; set; }
    public int OrganizationId { get; set; }
    public int MunicipalityId { get; set; }
    public int RegionId { get; set; }
    public required string Goal { get; set; }
    public string? Tasks { get; set; }
    /// <summary>Выявленные профессиональные затруднения; pre-filled from the mentees' deficits.</summary>
    public string? Difficulties { get; set; }
    /// <summary>Comma-separated <see cref="ProgramDirection"/> names.</summary>
    public string Directions { get; set; } = "";
    public DateOnly StartDate { get; set; }
    public DateOnly EndDate { get; set; }
    public DateTime CreatedAt { get; set; }
    public string? CreatedBy { get; set; }
    public Guid Version { get; set; } = Guid.NewGuid();

    public IReadOnlyList<ProgramDirection> DirectionList =>
        [.. Directions.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(x => Enum.TryParse<ProgramDirection>(x, out var d) ? (ProgramDirection?)d : null).OfType<ProgramDirection>()];

    /// <summary>Seed 002: «от 3 месяцев до 1 года». Null when the period fits.</summary>
    public static string? PeriodWarning(DateOnly start, DateOnly end)
    {
        if (end < start.AddMonths(3)) return "Срок программы короче 3 месяцев: персонализированная программа рассчитана на срок от 3 месяцев до 1 года.";
        if (end > start.AddYears(1)) return "Срок программы длиннее 1 года: персонализированная программа рассчитана на срок от 3 месяцев до 1 года.";
        return null;
    }

    /// <summary>An activity of the plan falls due within the programme's period: a date years away is a typo, not a plan.</summary>
    public string? DueError(DateOnly due) => due < StartDate || due > EndDate
        ? $"Срок мероприятия {Platform.Web.Formats.Date(due)} вне срока программы ({Platform.Web.Formats.Date(StartDate)} – {Platform.Web.Formats.Date(EndDate)})."
        : null;

    /// <summary>
    /// A meeting belongs to the programme's time: the организационная may come up to two months before the start, the
    /// заключительная up to a month after the end (completion is often recorded late); anything further off is a typo.
    /// </summary>
    public string? MeetingDateError(DateOnly heldOn) => heldOn < StartDate.AddMonths(-2) || heldOn > EndDate.AddMonths(1)
        ? $"Дата встречи {Platform.Web.Formats.Date(heldOn)} слишком далеко от срока программы ({Platform.Web.Formats.Date(StartDate)} – {Platform.Web.Formats.Date(EndDate)})."
        : null;
}

public enum ActivityStatus
{
    [Display(Name = "запланировано")] Planned,
    [Display(Name = "в работе")] InProgress,
    [Display(Name = "выполнено")] Done,
    [Display(Name = "отменено")] Cancelled,
}

/// <summary>Мероприятие плана программы: what, by when, the expected result and its form, and the done mark.</summary>
public sealed class ProgramActivity
{
    public int Id { get; set; }
    public int ProgramId { get; set; }
    public required string Title { get; set; }
    public DateOnly DueOn { get; set; }
    public string? ExpectedResult { get; set; }
    public string? ResultForm { get; set; }
    public ActivityStatus Status { get; set; }
    /// <summary>Подтверждение: a text or a link.</summary>
    public string? Evidence { get; set; }
    public DateOnly? DoneOn { get; set; }
    public string? DoneBy { get; set; }
    /// <summary>«наставник», «наставляемый» or «куратор» — who marked it done.</summary>
    public string? DoneByRole { get; set; }
    public Guid Version { get; set; } = Guid.NewGuid();
}

/// <summary>Seed 004: the sequence of meetings of a pair.</summary>
public enum MeetingKind
{
    [Display(Name = "организационная")] Organizational,
    [Display(Name = "пробная")] Trial,
    [Display(Name = "планирования")] Planning,
    [Display(Name = "регулярная")] Regular,
    [Display(Name = "заключительная")] Final,
}

public sealed class Meeting
{
    public int Id { get; set; }
    public int ProgramId { get; set; }
    public MeetingKind Kind { get; set; }
    /// <summary>Local date and time of the school.</summary>
    public DateOnly HeldOn { get; set; }
    public TimeOnly? StartsAt { get; set; }
    public bool Online { get; set; }
    public string? Link { get; set; }
    public string? Notes { get; set; }
    /// <summary>The participant who recorded it (they may correct it later); null when staff recorded it.</summary>
    public int? RecordedByPersonId { get; set; }
    public Guid Version { get; set; } = Guid.NewGuid();
    /// <summary>The form's one-time key: a double tap or Back + submit brings the same key and stores nothing twice.</summary>
    public Guid? SubmissionKey { get; set; }
    public List<MeetingAttendance> Attendance { get; set; } = [];

    /// <summary>The next kind in seed 004's order: организационная → пробная → планирования → регулярные (… until the заключительная).</summary>
    public static MeetingKind Suggest(IEnumerable<MeetingKind> held)
    {
        var set = held.ToHashSet();
        foreach (var k in new[] { MeetingKind.Organizational, MeetingKind.Trial, MeetingKind.Planning })
            if (!set.Contains(k)) return k;
        return MeetingKind.Regular;
    }
}

public sealed class MeetingAttendance
{
    public int MeetingId { get; set; }
    public int PersonId { get; set; }
    public bool Present { get; set; }
}

/// <summary>Отчёт о ходе реализации программы (seed 001: не реже 1 раза в 2 недели), by the mentor or by a mentee.</summary>
public sealed class ProgressReport
{
    public int Id { get; set; }
    public int ProgramId { get; set; }
    public int PersonId { get; set; }
    public ParticipantRole AuthorRole { get; set; }
    public DateOnly ReportedOn { get; set; }
    public required string Done { get; set; }
    public string? Difficulties { get; set; }
    public string? NextSteps { get; set; }
    public int Rating { get; set; }
    public DateTime CreatedAt { get; set; }
    public Guid Version { get; set; } = Guid.NewGuid();
    /// <summary>The form's one-time key: a double tap or Back + submit brings the same key and stores nothing twice.</summary>
    public Guid? SubmissionKey { get; set; }
}

/// <summary>An organisation's own thresholds for programme warnings; without a row the defaults apply.</summary>
public sealed class ProgrammeSettings
{
    public const int DefaultReportEveryDays = 14;
    public const int DefaultNoMeetingDays = 21;
    public int OrganizationId { get; set; }
    public int ReportEveryDays { get; set; } = DefaultReportEveryDays;
    public int NoMeetingDays { get; set; } = DefaultNoMeetingDays;
}

internal sealed class MentoringProgramConfiguration : IEntityTypeConfiguration<MentoringProgram>
{
    public void Configure(EntityTypeBuilder<MentoringProgram> b)
    {
        b.ToTable("MentoringPrograms");
        b.Property(x => x.Goal).HasMaxLength(2000);
        b.Property(x => x.Tasks).HasMaxLength(4000);
        b.Property(x => x.Difficulties).HasMaxLength(4000);
        b.Property(x => x.Directions).HasMaxLength(300);
        b.Property(x => x.CreatedBy).HasMaxLength(256);
        b.Property(x => x.Version).IsConcurrencyToken();
        b.Ignore(x => x.DirectionList);
        b.HasOne(x => x.Mentorship).WithMany().HasForeignKey(x => x.MentorshipId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(x => x.MentorshipId).IsUnique();
        b.HasIndex(x => x.OrganizationId);
        b.HasIndex(x => new { x.MunicipalityId, x.RegionId });
    }
}

internal sealed class ProgramActivityConfiguration : IEntityTypeConfiguration<ProgramActivity>
{
    public void Configure(EntityTypeBuilder<ProgramActivity> b)
    {
        b.ToTable("ProgramActivities");
        b.Property(x => x.Title).HasMaxLength(1000);
        b.Property(x => x.ExpectedResult).HasMaxLength(1000);
        b.Property(x => x.ResultForm).HasMaxLength(300);
        b.Property(x => x.Status).HasConversion<string>().HasMaxLength(20);
        b.Property(x => x.Evidence).HasMaxLength(1000);
        b.Property(x => x.DoneBy).HasMaxLength(300);
        b.Property(x => x.DoneByRole).HasMaxLength(30);
        b.Property(x => x.Version).IsConcurrencyToken();
        b.HasOne<MentoringProgram>().WithMany().HasForeignKey(x => x.ProgramId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(x => x.ProgramId);
    }
}

internal sealed class MeetingConfiguration : IEntityTypeConfiguration<Meeting>
{
    public void Configure(EntityTypeBuilder<Meeting> b)
    {
        b.ToTable("Meetings");
        b.Property(x => x.Kind).HasConversion<string>().HasMaxLength(20);
        b.Property(x => x.Link).HasMaxLength(500);
        b.Property(x => x.Notes).HasMaxLength(2000);
        b.Property(x => x.Version).IsConcurrencyToken();
        b.HasOne<Person>().WithMany().HasForeignKey(x => x.RecordedByPersonId).OnDelete(DeleteBehavior.SetNull);
        b.HasIndex(x => x.RecordedByPersonId);
        b.HasOne<MentoringProgram>().WithMany().HasForeignKey(x => x.ProgramId).OnDelete(DeleteBehavior.Cascade);
        b.HasMany(x => x.Attendance).WithOne().HasForeignKey(x => x.MeetingId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(x => new { x.ProgramId, x.HeldOn });
        b.HasIndex(x => new { x.ProgramId, x.SubmissionKey }).IsUnique();
    }
}

internal sealed class MeetingAttendanceConfiguration : IEntityTypeConfiguration<MeetingAttendance>
{
    public void Configure(EntityTypeBuilder<MeetingAttendance> b)
    {
        b.ToTable("MeetingAttendance");
        b.HasKey(x => new { x.MeetingId, x.PersonId });
        b.HasOne<Person>().WithMany().HasForeignKey(x => x.PersonId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(x => x.PersonId);
    }
}

internal sealed class ProgressReportConfiguration : IEntityTypeConfiguration<ProgressReport>
{
    public void Configure(EntityTypeBuilder<ProgressReport> b)
    {
        b.ToTable("ProgressReports");
        b.Property(x => x.AuthorRole).HasConversion<string>().HasMaxLength(10);
        b.Property(x => x.Done).HasMaxLength(4000);
        b.Property(x => x.Difficulties).HasMaxLength(2000);
        b.Property(x => x.NextSteps).HasMaxLength(2000);
        b.Property(x => x.Version).IsConcurrencyToken();
        b.HasOne<MentoringProgram>().WithMany().HasForeignKey(x => x.ProgramId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Person>().WithMany().HasForeignKey(x => x.PersonId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(x => new { x.ProgramId, x.ReportedOn });
        b.HasIndex(x => x.PersonId);
        b.HasIndex(x => new { x.ProgramId, x.SubmissionKey }).IsUnique();
    }
}

internal sealed class ProgrammeSettingsConfiguration : IEntityTypeConfiguration<ProgrammeSettings>
{
    public void Configure(EntityTypeBuilder<ProgrammeSettings> b)
    {
        b.ToTable("ProgrammeSettings");
        b.HasKey(x => x.OrganizationId);
        b.Property(x => x.OrganizationId).ValueGeneratedNever();
        b.HasOne<Organization>().WithMany().HasForeignKey(x => x.OrganizationId).OnDelete(DeleteBehavior.Cascade);
    }
}
