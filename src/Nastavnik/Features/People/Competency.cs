using System.ComponentModel.DataAnnotations;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Nastavnik.Features.People;

/// <summary>
/// Каталог компетенций. Entries with RegionId = null are the default catalogue (aligned with the professional
/// standard «Педагог»); a region adds its own or archives defaults it does not use.
/// </summary>
public sealed class Competency
{
    public int Id { get; set; }
    public int? RegionId { get; set; }
    public required string Group { get; set; }
    public required string Name { get; set; }
    public bool IsArchived { get; set; }
}

public enum DeficitSource
{
    [Display(Name = "самооценка")] SelfAssessment,
    [Display(Name = "диагностика (ИКУ/РИКУ)")] Diagnostics,
    [Display(Name = "оценка куратора")] Curator,
}

/// <summary>Профессиональный дефицит: a catalogue entry a person struggles with, where it was found and when.</summary>
public sealed class Deficit
{
    public int Id { get; set; }
    public int PersonId { get; set; }
    public int CompetencyId { get; set; }
    public Competency? Competency { get; set; }
    public DeficitSource Source { get; set; }
    public DateOnly IdentifiedOn { get; set; }
    public string? Note { get; set; }
}

public static class DefaultCompetencies
{
    /// <summary>Groups follow the labour functions of the professional standard «Педагог» and seed 000's deficit bank.</summary>
    public static readonly (string Group, string Name)[] All =
    [
        ("Предметные", "Знание преподаваемого предмета"),
        ("Предметные", "Решение олимпиадных и нестандартных задач"),
        ("Методические", "Проектирование урока по ФГОС"),
        ("Методические", "Формирование функциональной грамотности"),
        ("Методические", "Оценивание образовательных результатов"),
        ("Методические", "Подготовка к ОГЭ и ЕГЭ"),
        ("Методические", "Проектная и исследовательская деятельность обучающихся"),
        ("Психолого-педагогические", "Управление классом и дисциплина"),
        ("Психолого-педагогические", "Мотивация обучающихся"),
        ("Психолого-педагогические", "Индивидуальный подход и дифференциация"),
        ("Коммуникативные", "Взаимодействие с родителями"),
        ("Коммуникативные", "Взаимодействие с коллегами и администрацией"),
        ("Цифровые", "Цифровые образовательные ресурсы и платформы"),
        ("Цифровые", "Дистанционное обучение"),
        ("Воспитательная работа", "Классное руководство"),
        ("Воспитательная работа", "Внеурочная деятельность"),
        ("Работа с ОВЗ", "Инклюзивное образование, адаптированные программы"),
        ("Работа с ОВЗ", "Работа с одарёнными детьми"),
        ("Нормативные", "Ведение документации, ФГОС и нормативная база"),
        ("Профессиональное развитие", "Профилактика профессионального выгорания"),
    ];
}

internal sealed class CompetencyConfiguration : IEntityTypeConfiguration<Competency>
{
    public void Configure(EntityTypeBuilder<Competency> b)
    {
        b.ToTable("Competencies");
        b.Property(x => x.Group).HasMaxLength(100);
        b.Property(x => x.Name).HasMaxLength(300);
        b.HasOne<Organizations.Region>().WithMany().HasForeignKey(x => x.RegionId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(x => new { x.RegionId, x.Name });
    }
}

internal sealed class DeficitConfiguration : IEntityTypeConfiguration<Deficit>
{
    public void Configure(EntityTypeBuilder<Deficit> b)
    {
        b.ToTable("Deficits");
        b.Property(x => x.Source).HasConversion<string>().HasMaxLength(20);
        b.Property(x => x.Note).HasMaxLength(1000);
        b.HasOne(x => x.Competency).WithMany().HasForeignKey(x => x.CompetencyId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(x => x.PersonId);
        b.HasIndex(x => x.CompetencyId);
    }
}
