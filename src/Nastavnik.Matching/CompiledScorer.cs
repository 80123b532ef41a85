using System.Numerics;
using System.Runtime.CompilerServices;

namespace Nastavnik.Matching;

/// <summary>
/// The rules of <see cref="MatchScorer"/> compiled into flat arrays, because the solver scores every
/// (mentee, mentor) pair of a region — 10⁸ pairs at 20 000 × 5 000 — and that must take well under a second.
/// Id sets become bitsets over only the ids both sides mention; every hard exclusion (same person,
/// supervisor, explicit refusal) and both preference lists become one sorted mentor-index list per mentee,
/// so a row is scored by walking the mentors in order with a few cursors.
/// </summary>
internal sealed class CompiledScorer
{
    public const int Forbidden = -1;

    private readonly int n;
    private readonly int m;
    private readonly int minScore;
    private readonly int perDeficit;
    private readonly int sameSubject;
    private readonly int orgPoints;
    private readonly OrganizationPreference orgPreference;
    private readonly int perYear;
    private readonly int yearsCap;
    private readonly int menteePrefers;
    private readonly int mentorPrefers;
    private readonly int categoryPoints;
    private readonly int agePoints;

    private readonly int defWords;
    private readonly int subjWords;
    private readonly int catWords;
    private readonly ulong[] menteeDef;
    private readonly ulong[] mentorStr;
    private readonly ulong[] menteeSubj;
    private readonly ulong[] mentorSubj;
    private readonly ulong[] menteeCat;
    private readonly ulong[] mentorCat;
    private readonly int[] menteeOrg;
    private readonly int[] mentorOrg;
    private readonly long[] menteeExp;
    private readonly long[] mentorExp;
    private readonly long[] menteeAge;
    private readonly long[] mentorAgeMin;
    private readonly long[] mentorAgeMax;
    private readonly int[] mentorConstant;

    private readonly PackedMentor[]? packed;
    private readonly int rowBoundRest;

    private readonly int[] forbidStart;
    private readonly int[] forbid;
    private readonly int[] byMenteeStart;
    private readonly int[] byMentee;
    private readonly int[] byMentorStart;
    private readonly int[] byMentor;

    /// <param name="mentees">Mentees to score, in solver order.</param>
    /// <param name="mentors">Mentors, in solver order.</param>
    /// <param name="excluded">Explicit exclusions as (mentee index, mentor index).</param>
    public CompiledScorer(
        IReadOnlyList<MenteeProfile> mentees,
        IReadOnlyList<MentorProfile> mentors,
        MatchWeights weights,
        MatchingOptions options,
        IEnumerable<(int Mentee, int Mentor)> excluded)
    {
        n = mentees.Count;
        m = mentors.Count;
        minScore = Math.Max(1, options.MinimumScore);
        perDeficit = weights.PerCoveredDeficit;
        sameSubject = weights.SameSubject;
        orgPoints = weights.OrganizationMatch;
        orgPreference = weights.OrganizationPreference;
        perYear = weights.PerExperienceYear;
        yearsCap = weights.ExperienceYearsCap;
        menteePrefers = weights.MenteePrefersMentor;
        mentorPrefers = weights.MentorPrefersMentee;
        categoryPoints = weights.PreferredCategory;
        agePoints = weights.AgeInPreferredRange;

        (defWords, menteeDef, mentorStr) = Bitsets(mentees, e => e.DeficitIds, mentors, r => r.StrengthIds, perDeficit > 0);
        (subjWords, menteeSubj, mentorSubj) = Bitsets(mentees, e => e.SubjectIds, mentors, r => r.SubjectIds, sameSubject > 0);
        (catWords, menteeCat, mentorCat) = Bitsets(mentees, e => e.CategoryIds, mentors, r => r.PreferredCategoryIds, categoryPoints > 0);

        // Dense organisation numbers; unknown is −1 for mentees and −2 for mentors so that two unknowns never count as equal.
        var orgIndex = new Dictionary<int, int>();
        menteeOrg = new int[n];
        mentorOrg = new int[m];
        for (var i = 0; i < n; i++)
        {
            menteeOrg[i] = mentees[i].OrganizationId is { } o ? Dense(orgIndex, o) : -1;
        }

        for (var j = 0; j < m; j++)
        {
            mentorOrg[j] = mentors[j].OrganizationId is { } o ? Dense(orgIndex, o) : -2;
        }

        // Unknown experience on either side makes the gap negative, i.e. worth nothing.
        menteeExp = new long[n];
        mentorExp = new long[m];
        menteeAge = new long[n];
        for (var i = 0; i < n; i++)
        {
            menteeExp[i] = mentees[i].ExperienceYears ?? (long)int.MaxValue * 4;
            menteeAge[i] = mentees[i].Age ?? long.MinValue;
        }

        mentorAgeMin = new long[m];
        mentorAgeMax = new long[m];
        mentorConstant = new int[m];
        for (var j = 0; j < m; j++)
        {
            var r = mentors[j];
            mentorExp[j] = r.ExperienceYears ?? (long)int.MinValue * 4;
            if (MatchScorer.AgeRangeStated(r))
            {
                mentorAgeMin[j] = r.PreferredMenteeAgeMin ?? int.MinValue;
                mentorAgeMax[j] = r.PreferredMenteeAgeMax ?? int.MaxValue;
            }
            else
            {
                mentorAgeMin[j] = long.MaxValue;
                mentorAgeMax[j] = long.MinValue;
            }

            mentorConstant[j] = r.RemainingHoursPerMonth is { } h ? MatchScorer.TimePoints(weights, h) : 0;
        }

        var mentorIndex = new Dictionary<int, int>(m);
        var mentorsByPerson = new Dictionary<int, List<int>>();
        for (var j = 0; j < m; j++)
        {
            mentorIndex[mentors[j].Id] = j;
            if (!mentorsByPerson.TryGetValue(mentors[j].PersonId, out var list))
            {
                mentorsByPerson[mentors[j].PersonId] = list = [];
            }

            list.Add(j);
        }

        var menteeIndex = new Dictionary<int, int>(n);
        for (var i = 0; i < n; i++)
        {
            menteeIndex[mentees[i].Id] = i;
        }

        var forbidLists = new List<int>?[n];
        void AddForbidden(int i, int j) => (forbidLists[i] ??= []).Add(j);
        foreach (var (i, j) in excluded)
        {
            AddForbidden(i, j);
        }

        for (var i = 0; i < n; i++)
        {
            if (mentorsByPerson.TryGetValue(mentees[i].PersonId, out var self))
            {
                self.ForEach(j => AddForbidden(i, j));
            }

            if (!options.AllowSupervisorAsMentor)
            {
                foreach (var person in mentees[i].SupervisorPersonIds)
                {
                    if (mentorsByPerson.TryGetValue(person, out var bosses))
                    {
                        bosses.ForEach(j => AddForbidden(i, j));
                    }
                }
            }
        }

        (forbidStart, forbid) = Csr(forbidLists);

        var byMenteeLists = new List<int>?[n];
        var byMentorLists = new List<int>?[n];
        if (menteePrefers > 0)
        {
            for (var i = 0; i < n; i++)
            {
                foreach (var id in mentees[i].PreferredMentorIds)
                {
                    if (mentorIndex.TryGetValue(id, out var j))
                    {
                        (byMenteeLists[i] ??= []).Add(j);
                    }
                }
            }
        }

        if (mentorPrefers > 0)
        {
            for (var j = 0; j < m; j++)
            {
                foreach (var id in mentors[j].PreferredMenteeIds)
                {
                    if (menteeIndex.TryGetValue(id, out var i))
                    {
                        (byMentorLists[i] ??= []).Add(j);
                    }
                }
            }
        }

        (byMenteeStart, byMentee) = Csr(byMenteeLists);
        (byMentorStart, byMentor) = Csr(byMentorLists);

        long rest = (long)sameSubject + orgPoints + ((long)perYear * yearsCap) + menteePrefers + mentorPrefers + categoryPoints + agePoints
            + (m == 0 ? 0 : mentorConstant.Max());
        var maxDeficits = 0;
        for (var i = 0; i < n; i++)
        {
            var count = 0;
            for (var w = i * defWords; w < (i + 1) * defWords; w++)
            {
                count += BitOperations.PopCount(menteeDef[w]);
            }

            maxDeficits = Math.Max(maxDeficits, count);
        }

        // Scores are ints and sums of scores are longs; keep every pair score far from int overflow.
        if (rest + ((long)perDeficit * maxDeficits) > 1_000_000_000)
        {
            throw new MatchingInputException("Веса слишком велики: балл одной пары может превысить 1 000 000 000.");
        }

        rowBoundRest = (int)rest;
        if (defWords == 1 && subjWords == 1 && catWords == 1)
        {
            packed = new PackedMentor[m];
            for (var j = 0; j < m; j++)
            {
                packed[j] = new PackedMentor
                {
                    Strengths = mentorStr[j],
                    Subjects = mentorSubj[j],
                    Categories = mentorCat[j],
                    Experience = mentorExp[j],
                    AgeMin = mentorAgeMin[j],
                    AgeSpan = mentorAgeMin[j] > mentorAgeMax[j] ? 0 : (ulong)(mentorAgeMax[j] - mentorAgeMin[j]),
                    Organization = mentorOrg[j],
                    Constant = mentorConstant[j],
                };
            }
        }
    }

    public int MenteeCount => n;

    public int MentorCount => m;

    public int MinimumScore => minScore;

    /// <summary>Score of one pair, or <see cref="Forbidden"/> when a hard constraint rules it out.</summary>
    public int ScorePair(int i, int j)
    {
        if (Contains(forbid, forbidStart[i], forbidStart[i + 1], j))
        {
            return Forbidden;
        }

        return Core(i, j, Contains(byMentee, byMenteeStart[i], byMenteeStart[i + 1], j), Contains(byMentor, byMentorStart[i], byMentorStart[i + 1], j));
    }

    /// <summary>An upper bound on every score in mentee <paramref name="i"/>'s row.</summary>
    public int RowScoreBound(int i)
    {
        var deficits = 0;
        for (var w = i * defWords; w < (i + 1) * defWords; w++)
        {
            deficits += BitOperations.PopCount(menteeDef[w]);
        }

        return (perDeficit * deficits) + rowBoundRest;
    }

    /// <summary>Scores mentee <paramref name="i"/> against every mentor; forbidden pairs get <see cref="Forbidden"/>.</summary>
    public void ScoreRow(int i, Span<int> scores)
    {
        scores = scores[..m];
        if (packed is not null)
        {
            FillPacked(i, scores);
        }
        else
        {
            for (var j = 0; j < scores.Length; j++)
            {
                scores[j] = Core(i, j, false, false);
            }
        }

        // Preferences and exclusions touch a handful of mentors per row; patching them afterwards keeps the
        // loop above free of per-mentor list lookups. Exclusions go last because they override everything.
        for (var p = byMenteeStart[i]; p < byMenteeStart[i + 1]; p++)
        {
            scores[byMentee[p]] += menteePrefers;
        }

        for (var q = byMentorStart[i]; q < byMentorStart[i + 1]; q++)
        {
            scores[byMentor[q]] += mentorPrefers;
        }

        for (var f = forbidStart[i]; f < forbidStart[i + 1]; f++)
        {
            scores[forbid[f]] = Forbidden;
        }
    }

    // The common case — fewer than 64 relevant competencies, subjects and categories — with every mentor
    // attribute in one struct, so that a pair costs one cache line read and no bounds checks beyond the span's.
    private void FillPacked(int i, Span<int> scores)
    {
        var rows = packed.AsSpan(0, scores.Length);
        var deficits = menteeDef[i];
        var subjects = menteeSubj[i];
        var categories = menteeCat[i];
        var org = menteeOrg[i];
        var sameOrgPoints = orgPreference == OrganizationPreference.Same ? orgPoints : 0;
        var otherOrgPoints = orgPreference == OrganizationPreference.Other && org >= 0 ? orgPoints : 0;
        var experience = menteeExp[i];
        var age = menteeAge[i];
        var perDef = perDeficit;
        var subjectPoints = sameSubject;
        var catPoints = categoryPoints;
        var agePts = agePoints;
        var years = perYear;
        var cap = (long)yearsCap;
        // Written without branches: whether subjects intersect or organisations match is close to random
        // from one mentor to the next, and mispredictions would cost more than the arithmetic.
        for (var j = 0; j < rows.Length; j++)
        {
            ref readonly var r = ref rows[j];
            var score = r.Constant + (perDef * BitOperations.PopCount(deficits & r.Strengths));
            score += subjectPoints * NonZero(subjects & r.Subjects);
            score += catPoints * NonZero(categories & r.Categories);
            var sameOrg = NonZero((uint)(r.Organization ^ org)) ^ 1;
            score += (sameOrgPoints * sameOrg) + (otherOrgPoints * (sameOrg ^ 1) * (int)((uint)~r.Organization >> 31));
            var gap = r.Experience - experience;
            gap &= ~(gap >> 63);
            score += years * (int)(gap - ((gap - cap) & ~((gap - cap) >> 63)));
            score += agePts * (int)((ulong)(age - r.AgeMin) <= r.AgeSpan ? 1u : 0u);
            scores[j] = score;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int Core(int i, int j, bool menteeNamed, bool mentorNamed)
    {
        var score = mentorConstant[j];
        if (defWords == 1)
        {
            score += perDeficit * BitOperations.PopCount(menteeDef[i] & mentorStr[j]);
        }
        else
        {
            var covered = 0;
            for (int a = i * defWords, b = j * defWords, end = a + defWords; a < end; a++, b++)
            {
                covered += BitOperations.PopCount(menteeDef[a] & mentorStr[b]);
            }

            score += perDeficit * covered;
        }

        if (Intersects(menteeSubj, mentorSubj, i, j, subjWords))
        {
            score += sameSubject;
        }

        var mo = menteeOrg[i];
        var ro = mentorOrg[j];
        if (orgPreference == OrganizationPreference.Same ? mo == ro : orgPreference == OrganizationPreference.Other && mo != ro && (mo | ro) >= 0)
        {
            score += orgPoints;
        }

        var gap = mentorExp[j] - menteeExp[i];
        if (gap > 0)
        {
            score += perYear * (int)Math.Min(gap, yearsCap);
        }

        if (menteeNamed)
        {
            score += menteePrefers;
        }

        if (mentorNamed)
        {
            score += mentorPrefers;
        }

        if (Intersects(menteeCat, mentorCat, i, j, catWords))
        {
            score += categoryPoints;
        }

        var age = menteeAge[i];
        if (age >= mentorAgeMin[j] && age <= mentorAgeMax[j])
        {
            score += agePoints;
        }

        return score;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int NonZero(ulong x) => (int)((x | (0UL - x)) >> 63);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool Intersects(ulong[] left, ulong[] right, int i, int j, int words)
    {
        if (words == 1)
        {
            return (left[i] & right[j]) != 0;
        }

        for (int a = i * words, b = j * words, end = a + words; a < end; a++, b++)
        {
            if ((left[a] & right[b]) != 0)
            {
                return true;
            }
        }

        return false;
    }

    private static bool Contains(int[] values, int start, int end, int value) =>
        end > start && Array.BinarySearch(values, start, end - start, value) >= 0;

    private static int Dense(Dictionary<int, int> index, int id)
    {
        if (!index.TryGetValue(id, out var dense))
        {
            index[id] = dense = index.Count;
        }

        return dense;
    }

    private static (int[] Start, int[] Values) Csr(List<int>?[] lists)
    {
        var start = new int[lists.Length + 1];
        for (var i = 0; i < lists.Length; i++)
        {
            start[i + 1] = start[i] + (lists[i]?.Count ?? 0);
        }

        var values = new int[start[lists.Length]];
        for (var i = 0; i < lists.Length; i++)
        {
            if (lists[i] is { } list)
            {
                list.Sort();
                list.CopyTo(values, start[i]);
            }
        }

        // Drop duplicates (a mentor both excluded and the same person, a mentor named twice) so that
        // additive patches count once.
        var compactStart = new int[lists.Length + 1];
        var write = 0;
        for (var i = 0; i < lists.Length; i++)
        {
            compactStart[i] = write;
            for (var r = start[i]; r < start[i + 1]; r++)
            {
                if (r == start[i] || values[r] != values[r - 1])
                {
                    values[write++] = values[r];
                }
            }
        }

        compactStart[lists.Length] = write;
        return (compactStart, values[..write]);
    }

    /// <summary>
    /// Bitsets over the ids that appear on both sides; an id only one side mentions can never score.
    /// At least one word per profile is kept so the hot loop needs no special case for "criterion off".
    /// </summary>
    private static (int Words, ulong[] Left, ulong[] Right) Bitsets(
        IReadOnlyList<MenteeProfile> mentees,
        Func<MenteeProfile, IReadOnlyList<int>> menteeIds,
        IReadOnlyList<MentorProfile> mentors,
        Func<MentorProfile, IReadOnlyList<int>> mentorIds,
        bool enabled)
    {
        var bit = new Dictionary<int, int>();
        if (enabled)
        {
            var menteeSide = new HashSet<int>();
            foreach (var e in mentees)
            {
                menteeSide.UnionWith(menteeIds(e));
            }

            var shared = new SortedSet<int>();
            foreach (var r in mentors)
            {
                foreach (var id in mentorIds(r))
                {
                    if (menteeSide.Contains(id))
                    {
                        shared.Add(id);
                    }
                }
            }

            foreach (var id in shared)
            {
                bit[id] = bit.Count;
            }
        }

        var words = Math.Max(1, (bit.Count + 63) / 64);
        var left = new ulong[Math.Max(1, mentees.Count * words)];
        var right = new ulong[Math.Max(1, mentors.Count * words)];
        if (bit.Count > 0)
        {
            for (var i = 0; i < mentees.Count; i++)
            {
                foreach (var id in menteeIds(mentees[i]))
                {
                    if (bit.TryGetValue(id, out var b))
                    {
                        left[(i * words) + (b >> 6)] |= 1UL << (b & 63);
                    }
                }
            }

            for (var j = 0; j < mentors.Count; j++)
            {
                foreach (var id in mentorIds(mentors[j]))
                {
                    if (bit.TryGetValue(id, out var b))
                    {
                        right[(j * words) + (b >> 6)] |= 1UL << (b & 63);
                    }
                }
            }
        }

        return (words, left, right);
    }

    private struct PackedMentor
    {
        public ulong Strengths;
        public ulong Subjects;
        public ulong Categories;
        public long Experience;
        public long AgeMin;
        // AgeMax − AgeMin, so that "in range" is one unsigned comparison; 0 with AgeMin = long.MaxValue when no range.
        public ulong AgeSpan;
        public int Organization;
        public int Constant;
    }
}
