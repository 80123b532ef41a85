using System.Globalization;

namespace Nastavnik.Matching;

/// <summary>
/// A validated problem in solver form: mentees and mentors sorted by id (so that index order is id order and
/// ties are broken by ids), locked pairs taken out with their capacity, and the scorer compiled.
/// </summary>
internal sealed class PreparedProblem
{
    private PreparedProblem(
        MatchingProblem problem,
        MentorProfile[] mentors,
        MenteeProfile[] freeMentees,
        int[] capacity,
        List<(MenteeProfile Mentee, MentorProfile Mentor)> locked,
        CompiledScorer scorer)
    {
        Problem = problem;
        Mentors = mentors;
        FreeMentees = freeMentees;
        Capacity = capacity;
        Locked = locked;
        Scorer = scorer;
        Explainer = new MatchScorer(problem.Weights, problem.Vocabulary);
    }

    public MatchingProblem Problem { get; }

    public MentorProfile[] Mentors { get; }

    public MenteeProfile[] FreeMentees { get; }

    /// <summary>Capacity left after locked pairs, by mentor index.</summary>
    public int[] Capacity { get; }

    public List<(MenteeProfile Mentee, MentorProfile Mentor)> Locked { get; }

    public CompiledScorer Scorer { get; }

    public MatchScorer Explainer { get; }

    public static PreparedProblem Create(MatchingProblem problem)
    {
        var errors = new List<string>(problem.Weights.Validate());
        var options = problem.Options;
        if (options.CandidatesPerMentee < 0)
        {
            errors.Add("Число кандидатов на наставляемого не может быть отрицательным.");
        }

        if (options.CandidatesPerMentor < 0)
        {
            errors.Add("Число кандидатов на наставника не может быть отрицательным.");
        }

        if (options.MaxCertificationRounds < 1)
        {
            errors.Add("Число раундов проверки оптимальности должно быть не меньше 1.");
        }

        if (options.MaxDegreeOfParallelism < 1)
        {
            errors.Add("Число потоков должно быть не меньше 1.");
        }

        var mentees = problem.Mentees.OrderBy(e => e.Id).ToArray();
        var mentors = problem.Mentors.OrderBy(r => r.Id).ToArray();
        for (var i = 1; i < mentees.Length; i++)
        {
            if (mentees[i].Id == mentees[i - 1].Id)
            {
                errors.Add($"Наставляемый {Id(mentees[i].Id)} указан дважды.");
            }
        }

        for (var j = 1; j < mentors.Length; j++)
        {
            if (mentors[j].Id == mentors[j - 1].Id)
            {
                errors.Add($"Наставник {Id(mentors[j].Id)} указан дважды.");
            }
        }

        foreach (var r in mentors.Where(r => r.Capacity < 0))
        {
            errors.Add($"У наставника {Id(r.Id)} отрицательная вместимость.");
        }

        if (errors.Count > 0)
        {
            throw new MatchingInputException(errors);
        }

        var menteeIndex = IdIndex.Create(mentees.Select(e => e.Id).ToArray());
        var mentorIndex = IdIndex.Create(mentors.Select(r => r.Id).ToArray());
        var capacity = mentors.Select(r => r.Capacity).ToArray();

        var locked = new List<(MenteeProfile, MentorProfile)>();
        var lockedMentee = new bool[mentees.Length];
        var lockedPairs = new HashSet<PairKey>();
        foreach (var pair in problem.LockedPairs.OrderBy(p => p.MenteeId).ThenBy(p => p.MentorId))
        {
            var i = menteeIndex.IndexOf(pair.MenteeId);
            var j = mentorIndex.IndexOf(pair.MentorId);
            if (i < 0 || j < 0)
            {
                errors.Add(i < 0
                    ? $"Закреплённая пара ссылается на неизвестного наставляемого {Id(pair.MenteeId)}."
                    : $"Закреплённая пара ссылается на неизвестного наставника {Id(pair.MentorId)}.");
                continue;
            }

            if (lockedMentee[i])
            {
                errors.Add($"Наставляемый {Id(pair.MenteeId)} закреплён более чем за одним наставником.");
                continue;
            }

            var mentee = mentees[i];
            var mentor = mentors[j];
            if (mentee.PersonId == mentor.PersonId)
            {
                errors.Add($"Закреплённая пара {Id(pair.MenteeId)}–{Id(pair.MentorId)}: человек не может быть наставником самому себе.");
            }
            else if (!options.AllowSupervisorAsMentor && mentee.SupervisorPersonIds.Contains(mentor.PersonId))
            {
                errors.Add($"Закреплённая пара {Id(pair.MenteeId)}–{Id(pair.MentorId)}: наставник — руководитель наставляемого, а это запрещено настройками подбора.");
            }

            if (--capacity[j] < 0)
            {
                errors.Add($"За наставником {Id(pair.MentorId)} закреплено больше наставляемых, чем позволяет его вместимость ({Id(mentor.Capacity)}).");
                capacity[j] = 0;
            }

            lockedMentee[i] = true;
            lockedPairs.Add(pair);
            locked.Add((mentee, mentor));
        }

        var freeIndex = new int[mentees.Length];
        var free = new List<MenteeProfile>(mentees.Length);
        for (var i = 0; i < mentees.Length; i++)
        {
            freeIndex[i] = lockedMentee[i] ? -1 : free.Count;
            if (!lockedMentee[i])
            {
                free.Add(mentees[i]);
            }
        }

        var excluded = new List<(int, int)>(problem.ExcludedPairs.Count);
        foreach (var pair in problem.ExcludedPairs)
        {
            var i = menteeIndex.IndexOf(pair.MenteeId);
            var j = mentorIndex.IndexOf(pair.MentorId);
            if (i < 0 || j < 0)
            {
                // Exclusions may be kept for people who are not in this run; they simply do not apply.
                continue;
            }

            if (freeIndex[i] >= 0)
            {
                excluded.Add((freeIndex[i], j));
            }
            else if (lockedPairs.Contains(pair))
            {
                errors.Add($"Пара {Id(pair.MenteeId)}–{Id(pair.MentorId)} одновременно закреплена и исключена.");
            }
        }

        if (errors.Count > 0)
        {
            throw new MatchingInputException(errors);
        }

        var scorer = new CompiledScorer(free, mentors, problem.Weights, options, excluded);
        return new PreparedProblem(problem, mentors, [.. free], capacity, locked, scorer);
    }

    private static string Id(int id) => id.ToString(CultureInfo.InvariantCulture);

    /// <summary>Id → index; an array when ids are dense enough (the usual database keys), else a dictionary.</summary>
    private sealed class IdIndex
    {
        private readonly int min;
        private readonly int[]? dense;
        private readonly Dictionary<int, int>? sparse;

        private IdIndex(int min, int[]? dense, Dictionary<int, int>? sparse)
        {
            this.min = min;
            this.dense = dense;
            this.sparse = sparse;
        }

        public static IdIndex Create(int[] sortedIds)
        {
            if (sortedIds.Length == 0)
            {
                return new IdIndex(0, [], null);
            }

            var min = sortedIds[0];
            var span = (long)sortedIds[^1] - min + 1;
            if (span <= (4L * sortedIds.Length) + 1024)
            {
                var dense = new int[span];
                Array.Fill(dense, -1);
                for (var i = 0; i < sortedIds.Length; i++)
                {
                    dense[sortedIds[i] - min] = i;
                }

                return new IdIndex(min, dense, null);
            }

            var sparse = new Dictionary<int, int>(sortedIds.Length);
            for (var i = 0; i < sortedIds.Length; i++)
            {
                sparse[sortedIds[i]] = i;
            }

            return new IdIndex(min, null, sparse);
        }

        public int IndexOf(int id)
        {
            if (dense is not null)
            {
                var offset = (long)id - min;
                return offset >= 0 && offset < dense.Length ? dense[offset] : -1;
            }

            return sparse!.TryGetValue(id, out var index) ? index : -1;
        }
    }
}
