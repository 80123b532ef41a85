using System.ComponentModel.DataAnnotations;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Nastavnik.Features.People;
using Nastavnik.Features.Programmes;
using Nastavnik.Platform.Auth;

namespace Nastavnik.Features.IndividualRoutes;

public enum RouteStatus
{
    [Display(Name = "выполняется")] Active,
    [Display(Name = "завершён")] Completed,
}

/// <summary>What a step of the route is (seed 000: КПК, вебинары, семинары, стажировки, консультации тьюторов…).</summary>
public enum RouteItemKind
{
    [Display(Name = "КПК")] Kpk,
    [Display(Name = "профессиональная переподготовка")] Retraining,
    [Display(Name = "вебинар")] Webinar,
    [Display(Name = "семинар")] Seminar,
    [Display(Name = "мастер-класс")] MasterClass,
    [Display(Name = "открытый урок")] OpenLesson,
    [Display(Name = "стажировка")] Internship,
    [Display(Name = "самообразование")] SelfEducation,
    [Display(Name = "консультация тьютора")] Consultation,
    [Display(Name = "конкурс профессионального мастерства")] Contest,
    [Display(Name = "другое")] Other,
}

/// <summary>
/// Индивидуальный образовательный маршрут (ИОМ, seed 000): a teacher's plan to close professional deficits, with the
/// support of a ЦНППМ tutor. The deficits it addresses are the person's recorded deficits; the steps are courses and
/// activities with hours, dues and evidence. Tenant columns are copied from the person.
/// </summary>
public sealed class IndividualRoute
{
    public int Id { get; set; }
    public int PersonId { get; set; }
    public Person? Person { get; set; }
    public int OrganizationId { get; set; }
    public int MunicipalityId { get; set; }
    public int RegionId { get; set; }
    public required string Goal { get; set; }
    public DateOnly StartDate { get; set; }
    public DateOnly EndDate { get; set; }
    /// <summary>The tutor's account when they work in the system (a Tutor role covering the organisation).</summary>
    public string? TutorUserId { get; set; }
    /// <summary>The tutor's name when they have no account here (e.g. a regional ЦНППМ tutor).</summary>
    public string? TutorName { get; set; }
    public RouteStatus Status { get; set; }
    /// <summary>Итоги маршрута, written when it is completed.</summary>
    public string? Result { get; set; }
    public DateTime CreatedAt { get; set; }
    public string? CreatedBy { get; set; }
    public Guid Version { get; set; } = Guid.NewGuid();
    public List<IndividualRouteDeficit> Deficits { get; set; } = [];
    public List<IndividualRouteItem> Items { get; set; } = [];
}

/// <summary>A deficit of the person that the route addresses.</summary>
public sealed class IndividualRouteDeficit
{
    public int RouteId { get; set; }
    public int DeficitId { get; set; }
}

/// <summary>A step of the route: a course, webinar, internship, self-education…, with hours, due, status and evidence.</summary>
public sealed class IndividualRouteItem
{
    public int Id { get; set; }
    public int RouteId { get; set; }
    public required string Title { get; set; }
    public RouteItemKind Kind { get; set; }
    /// <summary>Who runs it (ИРО, ЦНППМ, методический центр, the school).</summary>
    public string? Organizer { get; set; }
    public int? Hours { get; set; }
    public DateOnly? DueOn { get; set; }
    public ActivityStatus Status { get; set; }
    /// <summary>Удостоверение, сертификат, ссылка на материалы.</summary>
    public string? Evidence { get; set; }
    public DateOnly? DoneOn { get; set; }
}

/// <summary>How far a route has gone: steps done out of the steps that count (cancelled ones do not), and hours.</summary>
public sealed record RouteProgress(int Done, int Total, int HoursDone, int HoursPlanned)
{
    public int Percent => Total == 0 ? 0 : (int)Math.Round(100.0 * Done / Total, MidpointRounding.AwayFromZero);

    public static RouteProgress Of(IEnumerable<IndividualRouteItem> items)
    {
        var counted = items.Where(i => i.Status != ActivityStatus.Cancelled).ToList();
        var done = counted.Where(i => i.Status == ActivityStatus.Done).ToList();
        return new RouteProgress(done.Count, counted.Count, done.Sum(i => i.Hours ?? 0), counted.Sum(i => i.Hours ?? 0));
    }
}

internal sealed class IndividualRouteConfiguration : IEntityTypeConfiguration<IndividualRoute>
{
    public void Configure(EntityTypeBuilder<IndividualRoute> b)
    {
        b.ToTable("IndividualRoutes");
        b.Property(x => x.Goal).HasMaxLength(2000);
        b.Property(x => x.TutorName).HasMaxLength(300);
        b.Property(x => x.Status).HasConversion<string>().HasMaxLength(20);
        b.Property(x => x.Result).HasMaxLength(2000);
        b.Property(x => x.CreatedBy).HasMaxLength(256);
        b.Property(x => x.Version).IsConcurrencyToken();
        b.HasOne(x => x.Person).WithMany().HasForeignKey(x => x.PersonId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<AppUser>().WithMany().HasForeignKey(x => x.TutorUserId).OnDelete(DeleteBehavior.SetNull);
        b.HasMany(x => x.Deficits).WithOne().HasForeignKey(x => x.RouteId).OnDelete(DeleteBehavior.Cascade);
        b.HasMany(x => x.Items).WithOne().HasForeignKey(x => x.RouteId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(x => x.PersonId);
        b.HasIndex(x => x.OrganizationId);
        b.HasIndex(x => new { x.MunicipalityId, x.RegionId });
        b.HasIndex(x => x.TutorUserId);
    }
}

internal sealed class IndividualRouteDeficitConfiguration : IEntityTypeConfiguration<IndividualRouteDeficit>
{
    public void Configure(EntityTypeBuilder<IndividualRouteDeficit> b)
    {
        b.ToTable("IndividualRouteDeficits");
        b.HasKey(x => new { x.RouteId, x.DeficitId });
        b.HasOne<Deficit>().WithMany().HasForeignKey(x => x.DeficitId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(x => x.DeficitId);
    }
}

internal sealed class IndividualRouteItemConfiguration : IEntityTypeConfiguration<IndividualRouteItem>
{
    public void Configure(EntityTypeBuilder<IndividualRouteItem> b)
    {
        b.ToTable("IndividualRouteItems");
        b.Property(x => x.Title).HasMaxLength(1000);
        b.Property(x => x.Kind).HasConversion<string>().HasMaxLength(30);
        b.Property(x => x.Organizer).HasMaxLength(300);
        b.Property(x => x.Status).HasConversion<string>().HasMaxLength(20);
        b.Property(x => x.Evidence).HasMaxLength(1000);
        b.HasIndex(x => x.RouteId);
    }
}
