using System.ComponentModel.DataAnnotations;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Nastavnik.Features.Organizations;

namespace Nastavnik.Features.People;

public enum PersonKind
{
    [Display(Name = "Педагог / сотрудник")] Teacher,
    [Display(Name = "Обучающийся (школа)")] Pupil,
    [Display(Name = "Студент")] Student,
    [Display(Name = "Внешний специалист")] External,
}

public enum QualificationCategory
{
    [Display(Name = "без категории")] None,
    [Display(Name = "соответствие занимаемой должности")] Conformity,
    [Display(Name = "первая")] First,
    [Display(Name = "высшая")] Highest,
}

/// <summary>
/// Категории наставляемых (glossary). The pupil categories marked sensitive (ОВЗ, сироты, ТЖС, малоимущие)
/// are special personal data in practice: only curator, head and coordinators see them (see <see cref="PersonVisibility"/>).
/// </summary>
public enum MenteeCategory
{
    [Display(Name = "Молодой специалист (стаж до 3 лет)")] YoungSpecialist,
    [Display(Name = "Новый сотрудник в коллективе")] NewInTeam,
    [Display(Name = "После длительного перерыва")] AfterBreak,
    [Display(Name = "С профессиональными дефицитами")] WithDeficits,
    [Display(Name = "Осваивает цифровые технологии")] LearningDigital,
    [Display(Name = "В состоянии эмоционального выгорания")] Burnout,
    [Display(Name = "С непедагогическим образованием")] NonPedagogicalEducation,
    [Display(Name = "Обучающийся с ОВЗ")] Ovz,
    [Display(Name = "Одарённый обучающийся")] Gifted,
    [Display(Name = "В трудной жизненной ситуации")] DifficultSituation,
    [Display(Name = "Из малоимущей семьи")] LowIncome,
    [Display(Name = "Проживающий в сельской местности")] Rural,
    [Display(Name = "Ребёнок-сирота / без попечения родителей")] Orphan,
}

public static class MenteeCategories
{
    public static readonly MenteeCategory[] Sensitive = [MenteeCategory.Ovz, MenteeCategory.Orphan, MenteeCategory.DifficultSituation, MenteeCategory.LowIncome];
    public static readonly MenteeCategory[] Teacher = [MenteeCategory.YoungSpecialist, MenteeCategory.NewInTeam, MenteeCategory.AfterBreak, MenteeCategory.WithDeficits,
        MenteeCategory.LearningDigital, MenteeCategory.Burnout, MenteeCategory.NonPedagogicalEducation];
    public static readonly MenteeCategory[] Pupil = [MenteeCategory.Ovz, MenteeCategory.Gifted, MenteeCategory.DifficultSituation, MenteeCategory.LowIncome,
        MenteeCategory.Rural, MenteeCategory.Orphan];
    public static bool IsSensitive(MenteeCategory c) => Sensitive.Contains(c);
}

/// <summary>
/// Участник (персонифицированный учёт). One row per person in an organisation; mentor and mentee data hang off it.
/// A person exists in registers only with a personal-data consent on record (PeopleService enforces it).
/// After withdrawal the row is hidden at once (query filter) and purged 30 days later by <see cref="ConsentPurgeJob"/>.
/// </summary>
public sealed class Person
{
    public int Id { get; set; }
    public int OrganizationId { get; set; }
    public Organization? Organization { get; set; }
    public int MunicipalityId { get; set; }
    public int RegionId { get; set; }

    public required string LastName { get; set; }
    public required string FirstName { get; set; }
    public string? MiddleName { get; set; }
    public DateOnly? BirthDate { get; set; }
    public string? Email { get; set; }
    public string? Phone { get; set; }
    public PersonKind Kind { get; set; }

    // Pupil / student
    public string? ClassName { get; set; }
    public string? StudyGroup { get; set; }

    // External specialist from a partner organisation under a cooperation agreement
    public int? PartnerOrganizationId { get; set; }
    public string? AgreementNumber { get; set; }
    public DateOnly? AgreementDate { get; set; }
    public DateOnly? AgreementEnd { get; set; }

    // Teacher
    public string? Position { get; set; }
    public string? Subjects { get; set; }
    public int? TotalExperienceYears { get; set; }
    public int? PedagogicalExperienceYears { get; set; }
    public QualificationCategory? Qualification { get; set; }
    public bool? HasPedagogicalEducation { get; set; }
    public string? Courses { get; set; }

    // Guardian (законный представитель) of a minor: visible only to curator, head and coordinators
    public string? GuardianName { get; set; }
    public string? GuardianPhone { get; set; }
    public string? GuardianEmail { get; set; }
    public string? GuardianBasis { get; set; }

    public DateOnly EnteredOn { get; set; }
    public bool IsWithdrawn { get; set; }
    public DateTime? WithdrawnAt { get; set; }
    public Guid Version { get; set; } = Guid.NewGuid();

    public MentorProfile? Mentor { get; set; }
    public MenteeProfile? Mentee { get; set; }
    public List<PersonCategory> Categories { get; set; } = [];
    public List<Deficit> Deficits { get; set; } = [];

    public string FullName => string.IsNullOrEmpty(MiddleName) ? $"{LastName} {FirstName}" : $"{LastName} {FirstName} {MiddleName}";

    /// <summary>
    /// «волкова наталья сергеевна»: the ФИО in lower case with ё = е, kept in its own indexed column because SQLite's
    /// lower() knows only ASCII. Computed from the names, so every way of writing a person (form, API, import, demo,
    /// tests) stores it; the setter only lets EF materialise the row. See <see cref="PersonSearch"/>.
    /// </summary>
    public string SearchName { get => PersonSearch.Normalize(LastName, FirstName, MiddleName); private set { } }
    /// <summary>«наталья сергеевна»: the same for the name and patronymic, so a search by the first name uses an index too.</summary>
    public string SearchGivenName { get => PersonSearch.Normalize(FirstName, MiddleName); private set { } }

    public bool IsMinorOn(DateOnly day) => BirthDate is { } b && b.AddYears(18) > day;
}

public sealed class PersonCategory
{
    public int PersonId { get; set; }
    public MenteeCategory Category { get; set; }
}

public enum MentorBankStatus
{
    [Display(Name = "кандидат")] Candidate,
    [Display(Name = "подтверждён")] Confirmed,
    [Display(Name = "не активен")] Inactive,
}

public enum MenteeStatus
{
    [Display(Name = "ожидает наставника")] Waiting,
    [Display(Name = "в наставничестве")] InMentorship,
    [Display(Name = "завершил")] Finished,
}

/// <summary>Банк наставников: what the mentor offers (strengths from the competency catalogue) and can give (time, capacity).</summary>
public sealed class MentorProfile
{
    public int PersonId { get; set; }
    public string? Achievements { get; set; }
    public string? Interests { get; set; }
    public string? PreferredMentees { get; set; }
    public int? PreferredAgeFrom { get; set; }
    public int? PreferredAgeTo { get; set; }
    public int? HoursPerMonth { get; set; }
    public int Capacity { get; set; } = 1;
    public string? Training { get; set; }
    public MentorBankStatus Status { get; set; }
    public DateOnly EnteredOn { get; set; }
    public List<MentorStrength> Strengths { get; set; } = [];
}

public sealed class MentorStrength
{
    public int PersonId { get; set; }
    public int CompetencyId { get; set; }
}

/// <summary>Банк наставляемых: the request, expectations and status.</summary>
public sealed class MenteeProfile
{
    public int PersonId { get; set; }
    public string? Request { get; set; }
    public string? Expectations { get; set; }
    public MenteeStatus Status { get; set; }
    public DateOnly EnteredOn { get; set; }
}

internal sealed class PersonConfiguration : IEntityTypeConfiguration<Person>
{
    public void Configure(EntityTypeBuilder<Person> b)
    {
        b.ToTable("People");
        b.Property(x => x.LastName).HasMaxLength(100);
        b.Property(x => x.FirstName).HasMaxLength(100);
        b.Property(x => x.MiddleName).HasMaxLength(100);
        b.Property(x => x.Email).HasMaxLength(200);
        b.Property(x => x.Phone).HasMaxLength(50);
        b.Property(x => x.Kind).HasConversion<string>().HasMaxLength(20);
        b.Property(x => x.ClassName).HasMaxLength(20);
        b.Property(x => x.StudyGroup).HasMaxLength(50);
        b.Property(x => x.AgreementNumber).HasMaxLength(50);
        b.Property(x => x.Position).HasMaxLength(200);
        b.Property(x => x.Subjects).HasMaxLength(500);
        b.Property(x => x.Qualification).HasConversion<string>().HasMaxLength(20);
        b.Property(x => x.Courses).HasMaxLength(2000);
        b.Property(x => x.GuardianName).HasMaxLength(300);
        b.Property(x => x.GuardianPhone).HasMaxLength(50);
        b.Property(x => x.GuardianEmail).HasMaxLength(200);
        b.Property(x => x.GuardianBasis).HasMaxLength(300);
        b.Property(x => x.Version).IsConcurrencyToken();
        b.Property(x => x.SearchName).HasMaxLength(302);
        b.Property(x => x.SearchGivenName).HasMaxLength(201);
        b.Ignore(x => x.FullName);
        b.HasOne(x => x.Organization).WithMany().HasForeignKey(x => x.OrganizationId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Organization>().WithMany().HasForeignKey(x => x.PartnerOrganizationId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne(x => x.Mentor).WithOne().HasForeignKey<MentorProfile>(x => x.PersonId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne(x => x.Mentee).WithOne().HasForeignKey<MenteeProfile>(x => x.PersonId).OnDelete(DeleteBehavior.Cascade);
        b.HasMany(x => x.Categories).WithOne().HasForeignKey(x => x.PersonId).OnDelete(DeleteBehavior.Cascade);
        b.HasMany(x => x.Deficits).WithOne().HasForeignKey(x => x.PersonId).OnDelete(DeleteBehavior.Cascade);
        // The import matches people by the natural key (organisation + ФИО + date of birth, docs/import.md) in memory,
        // from the organisation's people read through this index; a school's register is a few thousand rows, sorted
        // by name in a moment. An index on the names themselves took every insert at a random place (the dearest
        // part of writing a person) and served no query (docs/benchmarks.md, "Import").
        b.HasIndex(x => x.OrganizationId);
        b.HasIndex(x => new { x.MunicipalityId, x.OrganizationId });
        b.HasIndex(x => x.RegionId);
        // Register search (PersonSearch): a prefix of the surname or of the first name is a range on one of these.
        b.HasIndex(x => x.SearchName);
        b.HasIndex(x => x.SearchGivenName);
    }
}

internal sealed class PersonCategoryConfiguration : IEntityTypeConfiguration<PersonCategory>
{
    public void Configure(EntityTypeBuilder<PersonCategory> b)
    {
        b.ToTable("PersonCategories");
        b.HasKey(x => new { x.PersonId, x.Category });
        b.Property(x => x.Category).HasConversion<string>().HasMaxLength(40);
    }
}

internal sealed class MentorProfileConfiguration : IEntityTypeConfiguration<MentorProfile>
{
    public void Configure(EntityTypeBuilder<MentorProfile> b)
    {
        b.ToTable("MentorProfiles");
        b.HasKey(x => x.PersonId);
        b.Property(x => x.Achievements).HasMaxLength(2000);
        b.Property(x => x.Interests).HasMaxLength(1000);
        b.Property(x => x.PreferredMentees).HasMaxLength(1000);
        b.Property(x => x.Training).HasMaxLength(1000);
        b.Property(x => x.Status).HasConversion<string>().HasMaxLength(20);
        b.HasMany(x => x.Strengths).WithOne().HasForeignKey(x => x.PersonId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class MentorStrengthConfiguration : IEntityTypeConfiguration<MentorStrength>
{
    public void Configure(EntityTypeBuilder<MentorStrength> b)
    {
        b.ToTable("MentorStrengths");
        b.HasKey(x => new { x.PersonId, x.CompetencyId });
        b.HasOne<Competency>().WithMany().HasForeignKey(x => x.CompetencyId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(x => x.CompetencyId);
    }
}

internal sealed class MenteeProfileConfiguration : IEntityTypeConfiguration<MenteeProfile>
{
    public void Configure(EntityTypeBuilder<MenteeProfile> b)
    {
        b.ToTable("MenteeProfiles");
        b.HasKey(x => x.PersonId);
        b.Property(x => x.Request).HasMaxLength(2000);
        b.Property(x => x.Expectations).HasMaxLength(2000);
        b.Property(x => x.Status).HasConversion<string>().HasMaxLength(20);
    }
}
