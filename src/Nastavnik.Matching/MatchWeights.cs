namespace Nastavnik.Matching;

/// <summary>Which organisation a curator would rather the mentor came from.</summary>
public enum OrganizationPreference
{
    /// <summary>Organisation does not matter.</summary>
    None,

    /// <summary>Same organisation: meetings are easy, the mentor knows the school.</summary>
    Same,

    /// <summary>Another organisation: a fresh view, the usual choice for municipal mentoring.</summary>
    Other,
}

/// <summary>
/// Points per criterion. All points are non-negative integers so that totals are exact and comparable;
/// a criterion is switched off by setting its weight to zero.
/// </summary>
public sealed record MatchWeights
{
    public static MatchWeights Default { get; } = new();

    /// <summary>Points for each of the mentee's deficits the mentor has as a strength.</summary>
    public int PerCoveredDeficit { get; init; } = 10;

    /// <summary>Points when mentee and mentor share a subject.</summary>
    public int SameSubject { get; init; } = 8;

    public OrganizationPreference OrganizationPreference { get; init; } = OrganizationPreference.Same;

    /// <summary>Points when the organisations relate as <see cref="OrganizationPreference"/> asks.</summary>
    public int OrganizationMatch { get; init; } = 6;

    /// <summary>Points per year by which the mentor's experience exceeds the mentee's.</summary>
    public int PerExperienceYear { get; init; } = 1;

    /// <summary>Years of experience gap beyond this earn nothing more: 30 years is not better than 10.</summary>
    public int ExperienceYearsCap { get; init; } = 10;

    /// <summary>Points when the mentee named this mentor.</summary>
    public int MenteePrefersMentor { get; init; } = 15;

    /// <summary>Points when the mentor named this mentee.</summary>
    public int MentorPrefersMentee { get; init; } = 10;

    /// <summary>Points when the mentee belongs to a category the mentor is ready to work with.</summary>
    public int PreferredCategory { get; init; } = 5;

    /// <summary>Points when the mentee's age lies in the mentor's preferred range.</summary>
    public int AgeInPreferredRange { get; init; } = 3;

    /// <summary>Points for a mentor with at least <see cref="TimeResourceFullHours"/> free hours a month, proportionally fewer below.</summary>
    public int TimeResource { get; init; } = 4;

    public int TimeResourceFullHours { get; init; } = 8;

    /// <summary>Russian descriptions of what is wrong; empty when the weights are usable.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        void NonNegative(int value, string name)
        {
            if (value < 0)
            {
                errors.Add($"Вес «{name}» не может быть отрицательным.");
            }
        }

        NonNegative(PerCoveredDeficit, "дефициты");
        NonNegative(SameSubject, "предмет");
        NonNegative(OrganizationMatch, "организация");
        NonNegative(PerExperienceYear, "стаж");
        NonNegative(ExperienceYearsCap, "предел стажа");
        NonNegative(MenteePrefersMentor, "выбор наставляемого");
        NonNegative(MentorPrefersMentee, "выбор наставника");
        NonNegative(PreferredCategory, "категория");
        NonNegative(AgeInPreferredRange, "возраст");
        NonNegative(TimeResource, "время");
        if (TimeResourceFullHours <= 0)
        {
            errors.Add("Число часов для полного балла за время должно быть положительным.");
        }

        // Totals are ints; keep a generous margin so that sums over many deficits cannot overflow.
        const int limit = 1_000_000;
        foreach (var w in new[] { PerCoveredDeficit, SameSubject, OrganizationMatch, PerExperienceYear, ExperienceYearsCap,
                     MenteePrefersMentor, MentorPrefersMentee, PreferredCategory, AgeInPreferredRange, TimeResource })
        {
            if (w > limit)
            {
                errors.Add($"Вес не может превышать {limit}.");
                break;
            }
        }

        if (errors.Count == 0 && (long)PerExperienceYear * ExperienceYearsCap > limit)
        {
            errors.Add("Произведение веса стажа на предел стажа слишком велико.");
        }

        return errors;
    }
}
