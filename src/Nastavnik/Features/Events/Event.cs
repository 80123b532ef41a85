using System.ComponentModel.DataAnnotations;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Nastavnik.Features.People;

namespace Nastavnik.Features.Events;

public enum EventKind
{
    [Display(Name = "Семинар")] Seminar,
    [Display(Name = "Вебинар")] Webinar,
    [Display(Name = "Тренинг")] Training,
    [Display(Name = "Консультация")] Consultation,
    [Display(Name = "Конкурс")] Contest,
    [Display(Name = "Курсы повышения квалификации")] Course,
    [Display(Name = "Круглый стол")] RoundTable,
    [Display(Name = "Открытый урок")] OpenLesson,
    [Display(Name = "Мастер-класс")] MasterClass,
    [Display(Name = "Слёт")] Rally,
    [Display(Name = "Совещание")] Meeting,
    [Display(Name = "Педсовет")] TeachersCouncil,
}

/// <summary>
/// Мероприятие: of a municipality (OrganizationId null) or of an organisation. Dates may be one day or a span;
/// the audience is free text as in the seeds' plans ("Молодые педагоги, педагоги-наставники").
/// </summary>
public sealed class Event
{
    public int Id { get; set; }
    public int RegionId { get; set; }
    public int MunicipalityId { get; set; }
    public int? OrganizationId { get; set; }
    public EventKind Kind { get; set; }
    public required string Title { get; set; }
    public string? Description { get; set; }
    public DateOnly StartsOn { get; set; }
    public DateOnly? EndsOn { get; set; }
    public TimeOnly? StartsAt { get; set; }
    public string? Place { get; set; }
    public string? Link { get; set; }
    public string? Responsible { get; set; }
    public string? Audience { get; set; }
    /// <summary>Course hours (КПК).</summary>
    public int? Hours { get; set; }
    /// <summary>The roadmap item this event carries out, as written in the plan (also for plans kept outside the system).</summary>
    public string? RoadmapItem { get; set; }
    /// <summary>The roadmap item of the system this event carries out, when there is one.</summary>
    public int? RoadmapItemId { get; set; }
    /// <summary>Further separate days of a series (семинары «Ноябрь 2023, Январь 2024, Февраль 2024»).</summary>
    public List<EventDate> ExtraDates { get; set; } = [];

    /// <summary>Every day the event takes place on: the span from StartsOn to EndsOn and the extra days.</summary>
    public IEnumerable<DateOnly> Days()
    {
        for (var d = StartsOn; d <= (EndsOn ?? StartsOn); d = d.AddDays(1)) yield return d;
        foreach (var x in ExtraDates.OrderBy(x => x.On)) yield return x.On;
    }
    public Guid Version { get; set; } = Guid.NewGuid();
    public List<EventParticipant> Participants { get; set; } = [];
}

/// <summary>One more day of an event held as a series.</summary>
public sealed class EventDate
{
    public int Id { get; set; }
    public int EventId { get; set; }
    public DateOnly On { get; set; }
}

/// <summary>A registered participant; for pair contests («Педагогический дуэт») the pair is two participants with the same Team.</summary>
public sealed class EventParticipant
{
    public int Id { get; set; }
    public int EventId { get; set; }
    public int PersonId { get; set; }
    public Person? Person { get; set; }
    public string? Team { get; set; }
    public bool Attended { get; set; }
    public int? Place { get; set; }
    public string? Result { get; set; }
}

/// <summary>Журнал консультаций (seed 000, item 7): who consulted whom, on what, when and how.</summary>
public sealed class ConsultationRecord
{
    public int Id { get; set; }
    public int RegionId { get; set; }
    public int MunicipalityId { get; set; }
    public int? OrganizationId { get; set; }
    public DateOnly HeldOn { get; set; }
    public required string Consultant { get; set; }
    public required string Consulted { get; set; }
    public required string Topic { get; set; }
    public string? Format { get; set; }
    public string? Outcome { get; set; }
}

public enum AwardKind
{
    [Display(Name = "Грамота")] Certificate,
    [Display(Name = "Благодарность")] Gratitude,
    [Display(Name = "Благодарственное письмо")] ThankYouLetter,
    [Display(Name = "Номинация")] Nomination,
}

/// <summary>Поощрение (seed 001 §11): грамоты «Лучший наставник», nominations; collected into an order «О поощрении».</summary>
public sealed class Award
{
    public int Id { get; set; }
    public int PersonId { get; set; }
    public Person? Person { get; set; }
    public AwardKind Kind { get; set; }
    public required string Title { get; set; }
    public DateOnly AwardedOn { get; set; }
    public string? OrderNumber { get; set; }
    public int? EventId { get; set; }
}

internal sealed class EventConfiguration : IEntityTypeConfiguration<Event>
{
    public void Configure(EntityTypeBuilder<Event> b)
    {
        b.ToTable("Events");
        b.Property(x => x.Kind).HasConversion<string>().HasMaxLength(20);
        b.Property(x => x.Title).HasMaxLength(500);
        b.Property(x => x.Description).HasMaxLength(4000);
        b.Property(x => x.Place).HasMaxLength(300);
        b.Property(x => x.Link).HasMaxLength(500);
        b.Property(x => x.Responsible).HasMaxLength(500);
        b.Property(x => x.Audience).HasMaxLength(500);
        b.Property(x => x.RoadmapItem).HasMaxLength(500);
        b.Property(x => x.Version).IsConcurrencyToken();
        b.HasMany(x => x.Participants).WithOne().HasForeignKey(x => x.EventId).OnDelete(DeleteBehavior.Cascade);
        b.HasMany(x => x.ExtraDates).WithOne().HasForeignKey(x => x.EventId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Roadmaps.RoadmapItem>().WithMany().HasForeignKey(x => x.RoadmapItemId).OnDelete(DeleteBehavior.SetNull);
        b.HasIndex(x => x.RoadmapItemId);
        b.HasIndex(x => new { x.MunicipalityId, x.StartsOn });
        b.HasIndex(x => x.RegionId);
    }
}

internal sealed class EventDateConfiguration : IEntityTypeConfiguration<EventDate>
{
    public void Configure(EntityTypeBuilder<EventDate> b)
    {
        b.ToTable("EventDates");
        b.HasIndex(x => new { x.EventId, x.On }).IsUnique();
        b.HasIndex(x => x.On);
    }
}

internal sealed class EventParticipantConfiguration : IEntityTypeConfiguration<EventParticipant>
{
    public void Configure(EntityTypeBuilder<EventParticipant> b)
    {
        b.ToTable("EventParticipants");
        b.Property(x => x.Team).HasMaxLength(100);
        b.Property(x => x.Result).HasMaxLength(300);
        b.HasOne(x => x.Person).WithMany().HasForeignKey(x => x.PersonId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(x => new { x.EventId, x.PersonId }).IsUnique();
        b.HasIndex(x => x.PersonId);
    }
}

internal sealed class ConsultationRecordConfiguration : IEntityTypeConfiguration<ConsultationRecord>
{
    public void Configure(EntityTypeBuilder<ConsultationRecord> b)
    {
        b.ToTable("Consultations");
        b.Property(x => x.Consultant).HasMaxLength(300);
        b.Property(x => x.Consulted).HasMaxLength(300);
        b.Property(x => x.Topic).HasMaxLength(1000);
        b.Property(x => x.Format).HasMaxLength(100);
        b.Property(x => x.Outcome).HasMaxLength(1000);
        b.HasIndex(x => new { x.MunicipalityId, x.HeldOn });
        b.HasIndex(x => x.RegionId);
    }
}

internal sealed class AwardConfiguration : IEntityTypeConfiguration<Award>
{
    public void Configure(EntityTypeBuilder<Award> b)
    {
        b.ToTable("Awards");
        b.Property(x => x.Kind).HasConversion<string>().HasMaxLength(20);
        b.Property(x => x.Title).HasMaxLength(300);
        b.Property(x => x.OrderNumber).HasMaxLength(50);
        b.HasOne(x => x.Person).WithMany().HasForeignKey(x => x.PersonId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Event>().WithMany().HasForeignKey(x => x.EventId).OnDelete(DeleteBehavior.SetNull);
        b.HasIndex(x => x.PersonId);
        b.HasIndex(x => x.EventId);
    }
}
