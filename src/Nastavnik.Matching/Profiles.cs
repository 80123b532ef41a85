namespace Nastavnik.Matching;

/// <summary>
/// A person who needs a mentor, reduced to what matching looks at. Ids are whatever the caller uses
/// (database keys); the matcher never interprets them beyond equality and order.
/// </summary>
/// <param name="Id">Identifies the mentee within one matching run.</param>
/// <param name="PersonId">The underlying person; a person is never matched with themselves.</param>
public sealed record MenteeProfile(int Id, int PersonId)
{
    /// <summary>Competency ids the mentee is weak in (профессиональные дефициты).</summary>
    public IReadOnlyList<int> DeficitIds { get; init; } = [];

    public IReadOnlyList<int> SubjectIds { get; init; } = [];

    public int? OrganizationId { get; init; }

    public int? ExperienceYears { get; init; }

    /// <summary>Mentee categories (молодой специалист, ОВЗ, одарённые, …).</summary>
    public IReadOnlyList<int> CategoryIds { get; init; } = [];

    public int? Age { get; init; }

    /// <summary>Mentors the mentee named in the preference questionnaire.</summary>
    public IReadOnlyList<int> PreferredMentorIds { get; init; } = [];

    /// <summary>
    /// People who manage the mentee (head, deputy head). Whether they may mentor the mentee is decided by
    /// <see cref="MatchingOptions.AllowSupervisorAsMentor"/>.
    /// </summary>
    public IReadOnlyList<int> SupervisorPersonIds { get; init; } = [];
}

/// <summary>A person who can take mentees, reduced to what matching looks at.</summary>
/// <param name="Id">Identifies the mentor within one matching run.</param>
/// <param name="PersonId">The underlying person.</param>
/// <param name="Capacity">How many more mentees this mentor can take in this run.</param>
public sealed record MentorProfile(int Id, int PersonId, int Capacity)
{
    /// <summary>Competency ids the mentor is strong in; matched against mentees' deficits.</summary>
    public IReadOnlyList<int> StrengthIds { get; init; } = [];

    public IReadOnlyList<int> SubjectIds { get; init; } = [];

    public int? OrganizationId { get; init; }

    public int? ExperienceYears { get; init; }

    /// <summary>Mentees the mentor named in the preference questionnaire.</summary>
    public IReadOnlyList<int> PreferredMenteeIds { get; init; } = [];

    /// <summary>Mentee categories the mentor is ready to work with.</summary>
    public IReadOnlyList<int> PreferredCategoryIds { get; init; } = [];

    public int? PreferredMenteeAgeMin { get; init; }

    public int? PreferredMenteeAgeMax { get; init; }

    /// <summary>Hours per month the mentor still has for mentoring.</summary>
    public int? RemainingHoursPerMonth { get; init; }
}

/// <summary>A (mentee, mentor) pair by ids, used for exclusions and locked pairs.</summary>
public readonly record struct PairKey(int MenteeId, int MentorId);

/// <summary>Display names for ids, used only to write explanations.</summary>
public sealed record MatchingVocabulary
{
    public static MatchingVocabulary Empty { get; } = new();

    public IReadOnlyDictionary<int, string> Competencies { get; init; } = new Dictionary<int, string>();

    public IReadOnlyDictionary<int, string> Subjects { get; init; } = new Dictionary<int, string>();

    public IReadOnlyDictionary<int, string> Categories { get; init; } = new Dictionary<int, string>();
}
