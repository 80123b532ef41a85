namespace Nastavnik.Matching;

internal static class ResultBuilder
{
    /// <param name="assignment">Mentor index per free mentee, −1 when unmatched.</param>
    /// <param name="scores">The score the solver used for each assigned pair.</param>
    public static MatchingResult Build(
        PreparedProblem prepared,
        int[] assignment,
        int[] scores,
        bool certified,
        int rounds,
        long candidatePairs,
        long added,
        MatchingTimings? timings)
    {
        var pairs = new List<MatchedPair>(assignment.Length + prepared.Locked.Count);
        var unmatched = new List<int>();
        long total = 0;
        foreach (var (mentee, mentor) in prepared.Locked)
        {
            var score = prepared.Explainer.Score(mentee, mentor);
            pairs.Add(new MatchedPair(mentee.Id, mentor.Id, score.Total, true, score.Components));
            total += score.Total;
        }

        for (var i = 0; i < assignment.Length; i++)
        {
            var mentee = prepared.FreeMentees[i];
            if (assignment[i] < 0)
            {
                unmatched.Add(mentee.Id);
                continue;
            }

            var mentor = prepared.Mentors[assignment[i]];
            var score = prepared.Explainer.Score(mentee, mentor);
            if (score.Total != scores[i])
            {
                // The compiled scorer and the explaining one must agree, or the explanation would lie.
                throw new InvalidOperationException($"Score mismatch for mentee {mentee.Id} and mentor {mentor.Id}: {scores[i]} vs {score.Total}.");
            }

            pairs.Add(new MatchedPair(mentee.Id, mentor.Id, score.Total, false, score.Components));
            total += score.Total;
        }

        pairs.Sort((a, b) => a.MenteeId.CompareTo(b.MenteeId));
        return new MatchingResult
        {
            Pairs = pairs,
            UnmatchedMenteeIds = unmatched,
            TotalScore = total,
            IsCertifiedOptimal = certified,
            Rounds = rounds,
            CandidatePairs = candidatePairs,
            PairsAddedByCertificate = added,
            Timings = timings ?? new MatchingTimings(TimeSpan.Zero, TimeSpan.Zero, TimeSpan.Zero, TimeSpan.Zero),
        };
    }
}
