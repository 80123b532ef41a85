using System.Globalization;
using System.Text;

namespace Nastavnik.Matching;

/// <summary>Stable codes of the scoring criteria, for storing and filtering breakdowns.</summary>
public static class MatchCriteria
{
    public const string Deficits = "deficits";
    public const string Subject = "subject";
    public const string Organization = "organization";
    public const string Experience = "experience";
    public const string MenteePreference = "mentee-preference";
    public const string MentorPreference = "mentor-preference";
    public const string Category = "category";
    public const string Age = "age";
    public const string TimeResource = "time";
}

/// <summary>One line of a score breakdown.</summary>
/// <param name="Criterion">One of <see cref="MatchCriteria"/>.</param>
/// <param name="Points">What the criterion contributed.</param>
/// <param name="Explanation">A Russian sentence fragment a curator can read as is.</param>
public sealed record ScoreComponent(string Criterion, int Points, string Explanation);

/// <summary>A pair's total score and where it came from; <see cref="Total"/> is the sum of the components' points.</summary>
public sealed record PairScore(int Total, IReadOnlyList<ScoreComponent> Components)
{
    /// <summary>The breakdown as one line, e.g. for a table cell or a document.</summary>
    public string Describe() =>
        Components.Count == 0
            ? "нет совпадений по критериям подбора"
            : string.Join("; ", Components.Select(c => $"{c.Explanation} (+{c.Points.ToString(CultureInfo.InvariantCulture)})"));
}

/// <summary>
/// Scores a (mentee, mentor) pair with an explanation. This is the readable reference implementation;
/// the solver uses a compiled form of the same rules (<see cref="CompiledScorer"/>) and the tests keep the
/// two in agreement.
/// </summary>
public sealed class MatchScorer
{
    private readonly MatchWeights weights;
    private readonly MatchingVocabulary vocabulary;

    public MatchScorer(MatchWeights weights, MatchingVocabulary? vocabulary = null)
    {
        var errors = weights.Validate();
        if (errors.Count > 0)
        {
            throw new MatchingInputException(errors);
        }

        this.weights = weights;
        this.vocabulary = vocabulary ?? MatchingVocabulary.Empty;
    }

    public PairScore Score(MenteeProfile mentee, MentorProfile mentor)
    {
        var parts = new List<ScoreComponent>();
        var w = weights;

        var deficits = mentee.DeficitIds.Distinct().ToList();
        if (deficits.Count > 0 && w.PerCoveredDeficit > 0)
        {
            var strengths = mentor.StrengthIds.ToHashSet();
            var covered = deficits.Where(strengths.Contains).ToList();
            var total = deficits.Count.ToString(CultureInfo.InvariantCulture);
            var noun = RussianText.GenitiveAfterFrom(deficits.Count, "дефицита", "дефицитов");
            parts.Add(covered.Count == 0
                ? new ScoreComponent(MatchCriteria.Deficits, 0, $"не закрывает ни одного из {total} {noun}")
                : new ScoreComponent(
                    MatchCriteria.Deficits,
                    covered.Count * w.PerCoveredDeficit,
                    $"закрывает {covered.Count.ToString(CultureInfo.InvariantCulture)} из {total} {noun}: {Names(covered, vocabulary.Competencies)}"));
        }

        if (w.SameSubject > 0)
        {
            var shared = mentee.SubjectIds.Distinct().Where(mentor.SubjectIds.Contains).ToList();
            if (shared.Count > 0)
            {
                parts.Add(new ScoreComponent(MatchCriteria.Subject, w.SameSubject,
                    $"{(shared.Count == 1 ? "тот же предмет" : "те же предметы")}: {Names(shared, vocabulary.Subjects)}"));
            }
        }

        if (w.OrganizationMatch > 0 && mentee.OrganizationId is { } menteeOrg && mentor.OrganizationId is { } mentorOrg)
        {
            if (w.OrganizationPreference == OrganizationPreference.Same && menteeOrg == mentorOrg)
            {
                parts.Add(new ScoreComponent(MatchCriteria.Organization, w.OrganizationMatch, "из той же организации"));
            }
            else if (w.OrganizationPreference == OrganizationPreference.Other && menteeOrg != mentorOrg)
            {
                parts.Add(new ScoreComponent(MatchCriteria.Organization, w.OrganizationMatch, "из другой организации"));
            }
        }

        if (w.PerExperienceYear > 0 && w.ExperienceYearsCap > 0
            && mentee.ExperienceYears is { } menteeYears && mentor.ExperienceYears is { } mentorYears && mentorYears > menteeYears)
        {
            var gap = (long)mentorYears - menteeYears;
            var counted = (int)Math.Min(gap, w.ExperienceYearsCap);
            var text = $"стаж больше на {gap.ToString(CultureInfo.InvariantCulture)} {RussianText.Years(gap)}";
            if (counted < gap)
            {
                text += $" (учитывается не более {w.ExperienceYearsCap.ToString(CultureInfo.InvariantCulture)})";
            }

            parts.Add(new ScoreComponent(MatchCriteria.Experience, counted * w.PerExperienceYear, text));
        }

        if (w.MenteePrefersMentor > 0 && mentee.PreferredMentorIds.Contains(mentor.Id))
        {
            parts.Add(new ScoreComponent(MatchCriteria.MenteePreference, w.MenteePrefersMentor, "наставляемый сам назвал этого наставника"));
        }

        if (w.MentorPrefersMentee > 0 && mentor.PreferredMenteeIds.Contains(mentee.Id))
        {
            parts.Add(new ScoreComponent(MatchCriteria.MentorPreference, w.MentorPrefersMentee, "наставник сам выбрал этого наставляемого"));
        }

        if (w.PreferredCategory > 0)
        {
            var shared = mentee.CategoryIds.Distinct().Where(mentor.PreferredCategoryIds.Contains).ToList();
            if (shared.Count > 0)
            {
                parts.Add(new ScoreComponent(MatchCriteria.Category, w.PreferredCategory,
                    $"наставник готов работать с категорией: {Names(shared, vocabulary.Categories)}"));
            }
        }

        if (w.AgeInPreferredRange > 0 && mentee.Age is { } age && AgeRangeStated(mentor) && InAgeRange(mentor, age))
        {
            parts.Add(new ScoreComponent(MatchCriteria.Age, w.AgeInPreferredRange,
                $"возраст наставляемого ({age.ToString(CultureInfo.InvariantCulture)}) в желаемом диапазоне {AgeRangeText(mentor)}"));
        }

        if (mentor.RemainingHoursPerMonth is { } hours)
        {
            var points = TimePoints(w, hours);
            if (points > 0)
            {
                parts.Add(new ScoreComponent(MatchCriteria.TimeResource, points,
                    $"свободное время наставника: {hours.ToString(CultureInfo.InvariantCulture)} ч в месяц"));
            }
        }

        return new PairScore(parts.Sum(p => p.Points), parts);
    }

    internal static int TimePoints(MatchWeights w, int hours) =>
        hours <= 0 ? 0 : (int)((long)w.TimeResource * Math.Min(hours, w.TimeResourceFullHours) / w.TimeResourceFullHours);

    internal static bool AgeRangeStated(MentorProfile mentor) =>
        mentor.PreferredMenteeAgeMin is not null || mentor.PreferredMenteeAgeMax is not null;

    internal static bool InAgeRange(MentorProfile mentor, int age) =>
        age >= (mentor.PreferredMenteeAgeMin ?? int.MinValue) && age <= (mentor.PreferredMenteeAgeMax ?? int.MaxValue);

    private static string AgeRangeText(MentorProfile mentor) => (mentor.PreferredMenteeAgeMin, mentor.PreferredMenteeAgeMax) switch
    {
        ({ } min, { } max) => $"{min.ToString(CultureInfo.InvariantCulture)}–{max.ToString(CultureInfo.InvariantCulture)}",
        ({ } min, null) => $"от {min.ToString(CultureInfo.InvariantCulture)}",
        (null, { } max) => $"до {max.ToString(CultureInfo.InvariantCulture)}",
        _ => "",
    };

    private static string Names(IEnumerable<int> ids, IReadOnlyDictionary<int, string> names)
    {
        var sb = new StringBuilder();
        foreach (var id in ids)
        {
            if (sb.Length > 0)
            {
                sb.Append(", ");
            }

            sb.Append(names.TryGetValue(id, out var name) ? name : "№" + id.ToString(CultureInfo.InvariantCulture));
        }

        return sb.ToString();
    }
}

internal static class RussianText
{
    /// <summary>After «из N» Russian wants the genitive: «из 1 дефицита», «из 4 дефицитов», «из 21 дефицита».</summary>
    public static string GenitiveAfterFrom(long n, string singular, string plural) =>
        n % 10 == 1 && n % 100 != 11 ? singular : plural;

    /// <summary>«1 год», «2 года», «5 лет», «11 лет», «21 год».</summary>
    public static string Years(long n) => Plural(n, "год", "года", "лет");

    public static string Plural(long n, string one, string few, string many)
    {
        var mod100 = n % 100;
        var mod10 = n % 10;
        if (mod100 is >= 11 and <= 14)
        {
            return many;
        }

        return mod10 switch
        {
            1 => one,
            >= 2 and <= 4 => few,
            _ => many,
        };
    }
}

/// <summary>Input that cannot be matched as given; the messages are Russian and meant for the user.</summary>
public sealed class MatchingInputException : Exception
{
    public MatchingInputException(IReadOnlyList<string> errors)
        : base(string.Join(" ", errors)) => Errors = errors;

    public MatchingInputException()
        : this(["Некорректные данные для подбора."])
    {
    }

    public MatchingInputException(string message)
        : this([message])
    {
    }

    public MatchingInputException(string message, Exception innerException)
        : base(message, innerException) => Errors = [message];

    public IReadOnlyList<string> Errors { get; }
}
