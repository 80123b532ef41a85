namespace Nastavnik.Matching.Tests;

/// <summary>Small random problems with every criterion and constraint in play, reproducible by seed.</summary>
internal static class RandomInstances
{
    public static MatchingProblem Create(int seed, int maxMentees = 6, int maxMentors = 4, int maxCapacity = 3)
    {
        var rng = new Random(seed);
        var menteeCount = rng.Next(1, maxMentees + 1);
        var mentorCount = rng.Next(1, maxMentors + 1);

        List<int> Some(int universe, int max)
        {
            var count = rng.Next(0, max + 1);
            return Enumerable.Range(0, count).Select(_ => rng.Next(universe)).Distinct().ToList();
        }

        int? Maybe(int min, int max) => rng.Next(5) == 0 ? null : rng.Next(min, max);

        // Person ids overlap between the two sides on purpose, so that "same person" and supervisors occur.
        var mentors = Enumerable.Range(0, mentorCount).Select(j => new MentorProfile(100 + j, rng.Next(1, 12), rng.Next(0, maxCapacity + 1))
        {
            StrengthIds = Some(6, 4),
            SubjectIds = Some(3, 2),
            OrganizationId = Maybe(0, 3),
            ExperienceYears = Maybe(0, 30),
            PreferredCategoryIds = Some(3, 1),
            PreferredMenteeAgeMin = Maybe(20, 30),
            PreferredMenteeAgeMax = Maybe(30, 50),
            RemainingHoursPerMonth = Maybe(0, 12),
            PreferredMenteeIds = Some(menteeCount, 1).Select(i => i + 1).ToList(),
        }).ToList();

        var mentees = Enumerable.Range(0, menteeCount).Select(i => new MenteeProfile(i + 1, rng.Next(1, 12))
        {
            DeficitIds = Some(6, 4),
            SubjectIds = Some(3, 1),
            OrganizationId = Maybe(0, 3),
            ExperienceYears = Maybe(0, 10),
            CategoryIds = Some(3, 2),
            Age = Maybe(20, 50),
            PreferredMentorIds = Some(mentorCount, 1).Select(j => j + 100).ToList(),
            SupervisorPersonIds = Some(12, 1),
        }).ToList();

        var excluded = Enumerable.Range(0, rng.Next(0, 3))
            .Select(_ => new PairKey(rng.Next(1, menteeCount + 1), 100 + rng.Next(mentorCount)))
            .ToList();

        var weights = MatchWeights.Default with
        {
            OrganizationPreference = (OrganizationPreference)rng.Next(3),
            PerCoveredDeficit = rng.Next(0, 12),
            SameSubject = rng.Next(0, 9),
        };

        var options = MatchingOptions.Default with
        {
            MinimumScore = rng.Next(-2, 25),
            AllowSupervisorAsMentor = rng.Next(2) == 0,
        };

        return new MatchingProblem(mentees, mentors)
        {
            Weights = weights,
            ExcludedPairs = excluded,
            LockedPairs = PickLocked(rng, mentees, mentors, excluded, options),
            Options = options,
        };
    }

    private static List<PairKey> PickLocked(Random rng, List<MenteeProfile> mentees, List<MentorProfile> mentors, List<PairKey> excluded, MatchingOptions options)
    {
        var locked = new List<PairKey>();
        if (rng.Next(3) != 0)
        {
            return locked;
        }

        var used = mentors.ToDictionary(r => r.Id, _ => 0);
        foreach (var mentee in mentees.Where(_ => rng.Next(3) == 0))
        {
            var mentor = mentors[rng.Next(mentors.Count)];
            var pair = new PairKey(mentee.Id, mentor.Id);
            if (used[mentor.Id] < mentor.Capacity && !Reference.IsForbidden(mentee, mentor, excluded, options))
            {
                used[mentor.Id]++;
                locked.Add(pair);
            }
        }

        return locked;
    }
}

/// <summary>Independent statements of the rules, written plainly, for the tests to compare against.</summary>
internal static class Reference
{
    public static bool IsForbidden(MenteeProfile mentee, MentorProfile mentor, IReadOnlyList<PairKey> excluded, MatchingOptions options) =>
        mentee.PersonId == mentor.PersonId
        || (!options.AllowSupervisorAsMentor && mentee.SupervisorPersonIds.Contains(mentor.PersonId))
        || excluded.Contains(new PairKey(mentee.Id, mentor.Id));

    /// <summary>The best total over every feasible assignment, by enumeration.</summary>
    public static long BruteForce(MatchingProblem problem)
    {
        var scorer = new MatchScorer(problem.Weights, problem.Vocabulary);
        var minScore = Math.Max(1, problem.Options.MinimumScore);
        var mentors = problem.Mentors;
        var capacity = mentors.Select(r => r.Capacity).ToArray();
        long lockedTotal = 0;
        var lockedMentees = new HashSet<int>();
        foreach (var pair in problem.LockedPairs)
        {
            var j = mentors.ToList().FindIndex(r => r.Id == pair.MentorId);
            capacity[j]--;
            lockedMentees.Add(pair.MenteeId);
            lockedTotal += scorer.Score(problem.Mentees.Single(e => e.Id == pair.MenteeId), mentors[j]).Total;
        }

        var free = problem.Mentees.Where(e => !lockedMentees.Contains(e.Id)).ToList();
        var score = new int[free.Count, mentors.Count];
        for (var i = 0; i < free.Count; i++)
        {
            for (var j = 0; j < mentors.Count; j++)
            {
                var s = scorer.Score(free[i], mentors[j]).Total;
                score[i, j] = IsForbidden(free[i], mentors[j], problem.ExcludedPairs, problem.Options) || s < minScore ? -1 : s;
            }
        }

        long Best(int i)
        {
            if (i == free.Count)
            {
                return 0;
            }

            var best = Best(i + 1);
            for (var j = 0; j < mentors.Count; j++)
            {
                if (score[i, j] >= 0 && capacity[j] > 0)
                {
                    capacity[j]--;
                    best = Math.Max(best, score[i, j] + Best(i + 1));
                    capacity[j]++;
                }
            }

            return best;
        }

        return lockedTotal + Best(0);
    }
}
