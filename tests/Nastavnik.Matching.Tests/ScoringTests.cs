namespace Nastavnik.Matching.Tests;

public class ScoringTests
{
    private static readonly MatchingVocabulary Vocabulary = new()
    {
        Competencies = new Dictionary<int, string> { [1] = "цифровые", [2] = "методические", [3] = "ОВЗ", [4] = "оценивание" },
        Subjects = new Dictionary<int, string> { [1] = "математика" },
        Categories = new Dictionary<int, string> { [1] = "молодой специалист" },
    };

    [Fact]
    public void Score_MentorCoversThreeOfFourDeficits_RussianBreakdown()
    {
        var mentee = new MenteeProfile(1, 1) { DeficitIds = [1, 2, 3, 4] };
        var mentor = new MentorProfile(1, 2, 1) { StrengthIds = [3, 1, 2, 9] };

        var score = new MatchScorer(MatchWeights.Default, Vocabulary).Score(mentee, mentor);

        var deficits = Assert.Single(score.Components);
        Assert.Equal(MatchCriteria.Deficits, deficits.Criterion);
        Assert.Equal(30, deficits.Points);
        Assert.Equal("закрывает 3 из 4 дефицитов: цифровые, методические, ОВЗ", deficits.Explanation);
        Assert.Equal(30, score.Total);
    }

    [Fact]
    public void Score_EveryCriterion_ExplainedInRussianAndSummed()
    {
        var mentee = new MenteeProfile(1, 1)
        {
            DeficitIds = [1],
            SubjectIds = [1],
            OrganizationId = 5,
            ExperienceYears = 1,
            CategoryIds = [1],
            Age = 24,
            PreferredMentorIds = [7],
        };
        var mentor = new MentorProfile(7, 2, 1)
        {
            StrengthIds = [1],
            SubjectIds = [1],
            OrganizationId = 5,
            ExperienceYears = 22,
            PreferredMenteeIds = [1],
            PreferredCategoryIds = [1],
            PreferredMenteeAgeMin = 22,
            PreferredMenteeAgeMax = 35,
            RemainingHoursPerMonth = 6,
        };

        var score = new MatchScorer(MatchWeights.Default, Vocabulary).Score(mentee, mentor);

        Assert.Equal(
            [
                "закрывает 1 из 1 дефицита: цифровые",
                "тот же предмет: математика",
                "из той же организации",
                "стаж больше на 21 год (учитывается не более 10)",
                "наставляемый сам назвал этого наставника",
                "наставник сам выбрал этого наставляемого",
                "наставник готов работать с категорией: молодой специалист",
                "возраст наставляемого (24) в желаемом диапазоне 22–35",
                "свободное время наставника: 6 ч в месяц",
            ],
            score.Components.Select(c => c.Explanation));
        Assert.Equal(10 + 8 + 6 + 10 + 15 + 10 + 5 + 3 + 3, score.Total);
        Assert.Equal(score.Total, score.Components.Sum(c => c.Points));
    }

    [Fact]
    public void Score_NoDeficitCovered_SaysSoWithZeroPoints()
    {
        var score = new MatchScorer(MatchWeights.Default).Score(new MenteeProfile(1, 1) { DeficitIds = [1, 2] }, new MentorProfile(1, 2, 1) { StrengthIds = [5] });

        Assert.Equal("не закрывает ни одного из 2 дефицитов", Assert.Single(score.Components).Explanation);
        Assert.Equal(0, score.Total);
    }

    [Fact]
    public void Score_OtherOrganizationPreferred_PointsOnlyForAnotherOrganization()
    {
        var weights = MatchWeights.Default with { OrganizationPreference = OrganizationPreference.Other };
        var scorer = new MatchScorer(weights);
        var mentee = new MenteeProfile(1, 1) { OrganizationId = 1 };

        Assert.Equal("из другой организации", Assert.Single(scorer.Score(mentee, new MentorProfile(1, 2, 1) { OrganizationId = 2 }).Components).Explanation);
        Assert.Empty(scorer.Score(mentee, new MentorProfile(1, 2, 1) { OrganizationId = 1 }).Components);
        Assert.Empty(scorer.Score(mentee, new MentorProfile(1, 2, 1)).Components);
    }

    [Fact]
    public void Describe_MatchedPair_OneReadableLine()
    {
        var score = new MatchScorer(MatchWeights.Default, Vocabulary).Score(
            new MenteeProfile(1, 1) { DeficitIds = [1, 2], SubjectIds = [1] },
            new MentorProfile(1, 2, 1) { StrengthIds = [2], SubjectIds = [1] });

        Assert.Equal("закрывает 1 из 2 дефицитов: методические (+10); тот же предмет: математика (+8)", score.Describe());
    }

    [Theory]
    [InlineData(1, "дефицита")]
    [InlineData(4, "дефицитов")]
    [InlineData(11, "дефицитов")]
    [InlineData(21, "дефицита")]
    public void GenitiveAfterFrom_Count_RussianAgreement(int count, string expected) =>
        Assert.Equal(expected, RussianText.GenitiveAfterFrom(count, "дефицита", "дефицитов"));

    [Theory]
    [InlineData(1, "год")]
    [InlineData(3, "года")]
    [InlineData(5, "лет")]
    [InlineData(12, "лет")]
    [InlineData(22, "года")]
    public void Years_Count_RussianAgreement(int count, string expected) => Assert.Equal(expected, RussianText.Years(count));

    [Fact]
    public void Weights_Negative_RejectedWithRussianMessage()
    {
        var error = Assert.Throws<MatchingInputException>(() => new MatchScorer(MatchWeights.Default with { SameSubject = -1 }));

        Assert.Contains("Вес «предмет» не может быть отрицательным.", error.Errors);
    }

    [Fact]
    public void CompiledScorer_RandomPairs_AgreesWithMatchScorer()
    {
        for (var seed = 0; seed < 200; seed++)
        {
            var problem = RandomInstances.Create(seed, maxMentees: 8, maxMentors: 8);
            var mentees = problem.Mentees.OrderBy(e => e.Id).ToList();
            var mentors = problem.Mentors.OrderBy(r => r.Id).ToList();
            var compiled = new CompiledScorer(mentees, mentors, problem.Weights, problem.Options, []);
            var reference = new MatchScorer(problem.Weights);
            var row = new int[mentors.Count];
            for (var i = 0; i < mentees.Count; i++)
            {
                compiled.ScoreRow(i, row);
                for (var j = 0; j < mentors.Count; j++)
                {
                    var forbidden = Reference.IsForbidden(mentees[i], mentors[j], [], problem.Options);
                    var expected = forbidden ? CompiledScorer.Forbidden : reference.Score(mentees[i], mentors[j]).Total;
                    Assert.Equal(expected, row[j]);
                    Assert.Equal(expected, compiled.ScorePair(i, j));
                }
            }
        }
    }
}
