using Nastavnik.Matching;

namespace Nastavnik.Bench;

/// <summary>
/// Deterministic region-like matching instances. Scores are deliberately structured rather than random:
/// a few competencies (digital skills, methodology) are both the commonest deficits and the commonest
/// strengths, so many mentees want the same mentors; organisations and subjects add local clusters. That is
/// the case where keeping only each mentee's best candidates is not enough, which the certificate must catch.
/// </summary>
internal static class MatchingInstance
{
    private static readonly string[] CompetencyNames =
    [
        "цифровые технологии", "методические", "работа с детьми с ОВЗ", "оценивание", "классное руководство",
        "проектная деятельность", "функциональная грамотность", "работа с родителями", "одарённые дети", "воспитательная работа",
    ];

    private static readonly string[] SubjectNames =
    [
        "математика", "русский язык", "литература", "физика", "химия", "биология", "история", "обществознание",
        "география", "английский язык", "информатика", "начальные классы",
    ];

    private static readonly string[] CategoryNames =
    [
        "молодой специалист", "новый в коллективе", "после длительного перерыва", "с профессиональными дефицитами",
        "осваивает цифровые технологии", "в состоянии выгорания", "с непедагогическим образованием",
    ];

    public const int Competencies = 40;

    public static MatchingProblem Create(int menteeCount, int mentorCount, int capacity, ulong seed, int candidates, int threads)
    {
        var rng = new SplitMix64(seed);
        var organizations = Math.Max(1, mentorCount / 10);

        // Squaring a uniform number skews choices towards low ids: competency 0 is the commonest.
        int Skewed(int count)
        {
            var u = rng.NextDouble();
            return (int)(count * u * u);
        }

        List<int> Distinct(int count, Func<int> draw)
        {
            var set = new List<int>(count);
            for (var guard = 0; set.Count < count && guard < count * 10; guard++)
            {
                var v = draw();
                if (!set.Contains(v))
                {
                    set.Add(v);
                }
            }

            set.Sort();
            return set;
        }

        var mentorsByOrg = new List<int>[organizations];
        for (var o = 0; o < organizations; o++)
        {
            mentorsByOrg[o] = [];
        }

        // Person ids: mentees 1..n, mentors n+1..; about 1 % of mentors are people who are also mentees.
        var mentors = new List<MentorProfile>(mentorCount);
        var headPerson = new int[organizations];
        for (var j = 0; j < mentorCount; j++)
        {
            var org = rng.Next(organizations);
            var person = rng.Next(100) == 0 ? 1 + rng.Next(menteeCount) : menteeCount + 1 + j;
            var hasRange = rng.Next(4) == 0;
            var mentor = new MentorProfile(j + 1, person, capacity)
            {
                OrganizationId = org + 1,
                StrengthIds = Distinct(3 + rng.Next(6), () => Skewed(Competencies)),
                SubjectIds = Distinct(1 + rng.Next(2), () => rng.Next(SubjectNames.Length)),
                ExperienceYears = 5 + rng.Next(31),
                PreferredCategoryIds = rng.Next(10) < 3 ? Distinct(1 + rng.Next(2), () => rng.Next(CategoryNames.Length)) : [],
                PreferredMenteeAgeMin = hasRange ? 22 + rng.Next(10) : null,
                PreferredMenteeAgeMax = hasRange ? 35 + rng.Next(20) : null,
                RemainingHoursPerMonth = rng.Next(21),
            };
            if (mentorsByOrg[org].Count == 0)
            {
                headPerson[org] = person;
            }

            mentorsByOrg[org].Add(j + 1);
            mentors.Add(mentor);
        }

        var mentees = new List<MenteeProfile>(menteeCount);
        var menteesByOrg = new List<int>[organizations];
        for (var o = 0; o < organizations; o++)
        {
            menteesByOrg[o] = [];
        }

        var excluded = new List<PairKey>((int)(menteeCount * (long)mentorCount / 20));
        var excludedPerMentee = (int)Math.Round(mentorCount * 0.05);
        for (var i = 0; i < menteeCount; i++)
        {
            var org = rng.Next(organizations);
            var experience = rng.Next(13);
            var local = mentorsByOrg[org];
            var mentee = new MenteeProfile(i + 1, i + 1)
            {
                OrganizationId = org + 1,
                DeficitIds = Distinct(2 + rng.Next(4), () => Skewed(Competencies)),
                SubjectIds = Distinct(rng.Next(5) == 0 ? 2 : 1, () => rng.Next(SubjectNames.Length)),
                ExperienceYears = experience,
                CategoryIds = [rng.Next(CategoryNames.Length)],
                Age = 22 + experience + rng.Next(11),
                PreferredMentorIds = rng.Next(10) == 0 && local.Count > 0 ? Distinct(1 + rng.Next(2), () => local[rng.Next(local.Count)]) : [],
                // The organisation's head supervises its teachers; when the head is also a mentor that pair is forbidden.
                SupervisorPersonIds = local.Count > 0 ? [headPerson[org]] : [],
            };
            mentees.Add(mentee);
            menteesByOrg[org].Add(i + 1);

            // Explicit refusals: about 5 % of all pairs; same-person and supervisor pairs add a little.
            foreach (var j in Distinct(excludedPerMentee, () => rng.Next(mentorCount)))
            {
                excluded.Add(new PairKey(i + 1, j + 1));
            }
        }

        // A few mentors ask for a particular mentee from their own school.
        for (var j = 0; j < mentorCount; j++)
        {
            var local = menteesByOrg[mentors[j].OrganizationId!.Value - 1];
            if (rng.Next(20) == 0 && local.Count > 0)
            {
                mentors[j] = mentors[j] with { PreferredMenteeIds = [local[rng.Next(local.Count)]] };
            }
        }

        return new MatchingProblem(mentees, mentors)
        {
            Vocabulary = new MatchingVocabulary
            {
                Competencies = Enumerable.Range(0, Competencies).ToDictionary(c => c, c => c < CompetencyNames.Length ? CompetencyNames[c] : $"компетенция {c}"),
                Subjects = Enumerable.Range(0, SubjectNames.Length).ToDictionary(s => s, s => SubjectNames[s]),
                Categories = Enumerable.Range(0, CategoryNames.Length).ToDictionary(c => c, c => CategoryNames[c]),
            },
            ExcludedPairs = excluded,
            Options = MatchingOptions.Default with { CandidatesPerMentee = candidates, MaxDegreeOfParallelism = threads },
        };
    }

    /// <summary>A tiny, fully specified generator so instances are the same on every runtime and machine.</summary>
    private sealed class SplitMix64(ulong seed)
    {
        private ulong state = seed;

        public ulong NextULong()
        {
            var z = state += 0x9E3779B97F4A7C15UL;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            return z ^ (z >> 31);
        }

        public int Next(int bound) => (int)((NextULong() >> 33) % (ulong)bound);

        public double NextDouble() => (NextULong() >> 11) * (1.0 / (1UL << 53));
    }
}
