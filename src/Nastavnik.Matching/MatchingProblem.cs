namespace Nastavnik.Matching;

/// <summary>Everything one matching run needs.</summary>
public sealed record MatchingProblem(IReadOnlyList<MenteeProfile> Mentees, IReadOnlyList<MentorProfile> Mentors)
{
    public MatchWeights Weights { get; init; } = MatchWeights.Default;

    public MatchingVocabulary Vocabulary { get; init; } = MatchingVocabulary.Empty;

    /// <summary>Pairs that must not be formed (a curator's or a participant's explicit refusal).</summary>
    public IReadOnlyList<PairKey> ExcludedPairs { get; init; } = [];

    /// <summary>
    /// Pairs decided in advance. They are part of every solution whatever their score and take one place of
    /// the mentor's capacity; the solver optimises the rest around them.
    /// </summary>
    public IReadOnlyList<PairKey> LockedPairs { get; init; } = [];

    public MatchingOptions Options { get; init; } = MatchingOptions.Default;
}

public sealed record MatchingOptions
{
    public static MatchingOptions Default { get; } = new();

    /// <summary>
    /// Pairs scoring below this are never formed. Values below 1 behave as 1, because a pair worth nothing
    /// adds nothing to the objective and would only tie-break arbitrarily.
    /// </summary>
    public int MinimumScore { get; init; } = 1;

    /// <summary>
    /// How many best mentors per mentee the solver starts from; 0 means all. Pruning never costs optimality:
    /// pruned pairs are checked against the dual prices and added back until none can improve the result.
    /// </summary>
    public int CandidatesPerMentee { get; init; } = 100;

    /// <summary>
    /// With pruning on, each mentor also keeps its best this many mentees as candidates. When everyone's
    /// favourites are the same few mentors, the others would otherwise be nobody's candidate and the
    /// certificate would have to add them back round after round.
    /// </summary>
    public int CandidatesPerMentor { get; init; } = 10;

    /// <summary>Upper bound on solve-and-certify rounds; the result says whether the certificate was reached.</summary>
    public int MaxCertificationRounds { get; init; } = 50;

    /// <summary>
    /// Whether a mentee's supervisor (see <see cref="MenteeProfile.SupervisorPersonIds"/>) may be their mentor.
    /// Off by default because of the conflict of interest; switch on for the form «руководитель ОО – учитель».
    /// </summary>
    public bool AllowSupervisorAsMentor { get; init; }

    /// <summary>Threads used for scoring; the result does not depend on it.</summary>
    public int MaxDegreeOfParallelism { get; init; } = 1;
}

/// <summary>One formed pair with its explanation.</summary>
public sealed record MatchedPair(int MenteeId, int MentorId, int Score, bool IsLocked, IReadOnlyList<ScoreComponent> Breakdown);

/// <summary>Where the time went, for benchmarks and logs.</summary>
public sealed record MatchingTimings(TimeSpan Scoring, TimeSpan Solving, TimeSpan Certification, TimeSpan Total);

public sealed record MatchingResult
{
    /// <summary>Formed pairs ordered by mentee id, locked pairs included.</summary>
    public required IReadOnlyList<MatchedPair> Pairs { get; init; }

    /// <summary>Mentees left without a mentor, ascending.</summary>
    public required IReadOnlyList<int> UnmatchedMenteeIds { get; init; }

    /// <summary>Sum of the scores of all pairs, locked ones included.</summary>
    public required long TotalScore { get; init; }

    /// <summary>
    /// True when the assignment is proven optimal over all allowed pairs (no pruning, or a reduced-cost
    /// certificate over every pruned pair). Always false for the greedy matcher.
    /// </summary>
    public required bool IsCertifiedOptimal { get; init; }

    /// <summary>Solve rounds: 1 without pruning or when the first pruned solution was already certified.</summary>
    public required int Rounds { get; init; }

    /// <summary>Pairs the final solve looked at (after pruning and certification).</summary>
    public required long CandidatePairs { get; init; }

    /// <summary>Pruned pairs the certificate had to add back.</summary>
    public required long PairsAddedByCertificate { get; init; }

    public required MatchingTimings Timings { get; init; }
}
