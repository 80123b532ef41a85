namespace Nastavnik.Features.Indicators;

/// <summary>The default catalogue (RegionId null): seed 003's regional-project result and seed 004's indicators.</summary>
public static class DefaultIndicators
{
    public const string PupilsInvolved = "pupils-involved";
    public const string TeachersInvolved = "teachers-involved";
    public const string DuetPairs = "duet-pairs";
    public const string SchoolsImplementing = "schools-implementing";

    public sealed record Entry(string Code, string Name, IndicatorUnit Unit, IndicatorComputation Computation, string? Method);

    public static readonly IReadOnlyList<Entry> All =
    [
        new(PupilsInvolved, "Доля обучающихся, вовлечённых в различные формы сопровождения и наставничества", IndicatorUnit.Share, IndicatorComputation.PupilsInvolved,
            "Персонифицированный учёт участников программ наставничества"),
        new(TeachersInvolved, "Доля педагогов, вовлечённых в наставничество", IndicatorUnit.Share, IndicatorComputation.TeachersInvolved,
            "Мониторинг деятельности реализации программы «Наставничество»"),
        new(SchoolsImplementing, "Доля школ, реализующих модель наставничества", IndicatorUnit.Share, IndicatorComputation.SchoolsImplementing, null),
        new(DuetPairs, "Доля наставнических пар, участвовавших в конкурсе «Педагогический дуэт»", IndicatorUnit.Share, IndicatorComputation.DuetPairs, null),
        new("deficits-closed", "Процент педагогов, ликвидировавших профессиональные дефициты", IndicatorUnit.Share, IndicatorComputation.Manual, "Анализ результатов РИКУ"),
        new("young-teachers-iku", "Доля молодых педагогов (до 3 лет), принявших участие в ИКУ", IndicatorUnit.Share, IndicatorComputation.Manual,
            "Мониторинг профессиональных компетенций"),
        new("young-teachers-courses", "Доля молодых педагогов, прошедших курсовую подготовку, от общего числа молодых педагогов", IndicatorUnit.Share, IndicatorComputation.Manual,
            "Мониторинг профессиональных потребностей в курсовой подготовке"),
        new("mentors-tutor-training", "Доля педагогов, прошедших обучение тьюторов, от общего числа наставников", IndicatorUnit.Share, IndicatorComputation.Manual,
            "Мониторинг профессиональных потребностей в курсовой подготовке"),
        new("practice-bank", "Наличие банка успешных педагогических практик (1 — есть, 0 — нет)", IndicatorUnit.Count, IndicatorComputation.Manual,
            "Сбор информации на сайте методической службы"),
    ];
}
