namespace Nastavnik.Matching.Tests;

public class ExactMatcherTests
{
    [Fact]
    public void Solve_SmallRandomInstances_EqualsBruteForce()
    {
        for (var seed = 0; seed < 400; seed++)
        {
            var problem = RandomInstances.Create(seed);
            var result = ExactMatcher.Solve(problem);

            Assert.True(result.IsCertifiedOptimal);
            Assert.Equal(Reference.BruteForce(problem), result.TotalScore);
            Assert.Equal(result.Pairs.Sum(p => (long)p.Score), result.TotalScore);
        }
    }

    [Fact]
    public void Solve_SmallRandomInstancesWithTightPruning_EqualsBruteForceAfterCertification()
    {
        for (var seed = 1000; seed < 1300; seed++)
        {
            var problem = RandomInstances.Create(seed, maxMentees: 7, maxMentors: 5);
            problem = problem with { Options = problem.Options with { CandidatesPerMentee = 1 + (seed % 2) } };
            var result = ExactMatcher.Solve(problem);

            Assert.True(result.IsCertifiedOptimal);
            Assert.Equal(Reference.BruteForce(problem), result.TotalScore);
        }
    }

    [Theory]
    [InlineData(3, 10)]
    [InlineData(1, 0)]
    [InlineData(2, 1)]
    public void Solve_MediumRandomInstances_PrunedEqualsUnpruned(int perMentee, int perMentor)
    {
        for (var seed = 0; seed < 30; seed++)
        {
            var problem = RandomInstances.Create(5000 + seed, maxMentees: 120, maxMentors: 40, maxCapacity: 4);
            var full = ExactMatcher.Solve(problem with { Options = problem.Options with { CandidatesPerMentee = 0 } });
            var pruned = ExactMatcher.Solve(problem with
            {
                Options = problem.Options with { CandidatesPerMentee = perMentee, CandidatesPerMentor = perMentor },
            });

            Assert.True(pruned.IsCertifiedOptimal);
            Assert.Equal(full.TotalScore, pruned.TotalScore);
        }
    }

    [Fact]
    public void Solve_HugeWeights_PrunedEqualsUnpruned()
    {
        // A score range too wide for counting selection takes the sorting path.
        for (var seed = 0; seed < 10; seed++)
        {
            var problem = RandomInstances.Create(5500 + seed, maxMentees: 60, maxMentors: 20);
            problem = problem with
            {
                Weights = problem.Weights with { PerCoveredDeficit = 999_983, MenteePrefersMentor = 77_777 },
                Options = problem.Options with { CandidatesPerMentee = 2, CandidatesPerMentor = 1 },
            };

            var pruned = ExactMatcher.Solve(problem);
            var full = ExactMatcher.Solve(problem with { Options = problem.Options with { CandidatesPerMentee = 0 } });

            Assert.True(pruned.IsCertifiedOptimal);
            Assert.Equal(full.TotalScore, pruned.TotalScore);
        }
    }

    [Fact]
    public void Solve_CapacityEqualsDemandWithTightPruning_WarmRoundsStayExact()
    {
        // Every place is needed, so re-routing after certificate rounds has to pass through full mentors.
        for (var seed = 0; seed < 40; seed++)
        {
            var rng = new Random(seed);
            var mentors = Enumerable.Range(1, 12).Select(j => new MentorProfile(j, 1000 + j, 3) { StrengthIds = [rng.Next(6), rng.Next(6), rng.Next(6)], SubjectIds = [rng.Next(3)] }).ToList();
            var mentees = Enumerable.Range(1, 36).Select(i => new MenteeProfile(i, i) { DeficitIds = [rng.Next(6), rng.Next(6), rng.Next(6)], SubjectIds = [rng.Next(3)], ExperienceYears = rng.Next(5) }).ToList();
            var problem = new MatchingProblem(mentees, mentors) { Options = MatchingOptions.Default with { CandidatesPerMentee = 1, CandidatesPerMentor = 0 } };

            var pruned = ExactMatcher.Solve(problem);
            var full = ExactMatcher.Solve(problem with { Options = MatchingOptions.Default with { CandidatesPerMentee = 0 } });

            Assert.True(pruned.IsCertifiedOptimal);
            Assert.Equal(full.TotalScore, pruned.TotalScore);
        }
    }

    [Fact]
    public void Solve_TwoThreads_SameResultAsOne()
    {
        for (var seed = 0; seed < 10; seed++)
        {
            var problem = RandomInstances.Create(6000 + seed, maxMentees: 300, maxMentors: 60, maxCapacity: 4);
            problem = problem with { Options = problem.Options with { CandidatesPerMentee = 4, CandidatesPerMentor = 2 } };

            var one = ExactMatcher.Solve(problem);
            var two = ExactMatcher.Solve(problem with { Options = problem.Options with { MaxDegreeOfParallelism = 2 } });

            Assert.Equal(Pairs(one), Pairs(two));
            Assert.Equal(one.Rounds, two.Rounds);
        }
    }

    [Fact]
    public void Solve_RandomInstances_CapacityRespected()
    {
        for (var seed = 0; seed < 20; seed++)
        {
            var problem = RandomInstances.Create(7000 + seed, maxMentees: 150, maxMentors: 30, maxCapacity: 3);
            var result = ExactMatcher.Solve(problem);

            var load = result.Pairs.GroupBy(p => p.MentorId).ToDictionary(g => g.Key, g => g.Count());
            foreach (var mentor in problem.Mentors)
            {
                Assert.True(load.GetValueOrDefault(mentor.Id) <= mentor.Capacity);
            }

            Assert.Equal(problem.Mentees.Count, result.Pairs.Count + result.UnmatchedMenteeIds.Count);
            Assert.Equal(result.Pairs.Count, result.Pairs.Select(p => p.MenteeId).Distinct().Count());
        }
    }

    [Fact]
    public void Solve_RandomInstances_ForbiddenPairsNeverUsed()
    {
        for (var seed = 0; seed < 40; seed++)
        {
            var problem = RandomInstances.Create(8000 + seed, maxMentees: 60, maxMentors: 12);
            // Many exclusions, so that the best pairs are often the forbidden ones.
            var rng = new Random(seed);
            var excluded = problem.Mentees.SelectMany(e => problem.Mentors.Where(_ => rng.Next(3) == 0).Select(r => new PairKey(e.Id, r.Id)))
                .Where(p => !problem.LockedPairs.Contains(p)).ToList();
            problem = problem with { ExcludedPairs = excluded };
            var result = ExactMatcher.Solve(problem);

            var mentees = problem.Mentees.ToDictionary(e => e.Id);
            var mentors = problem.Mentors.ToDictionary(r => r.Id);
            foreach (var pair in result.Pairs.Where(p => !p.IsLocked))
            {
                Assert.False(Reference.IsForbidden(mentees[pair.MenteeId], mentors[pair.MentorId], excluded, problem.Options));
                Assert.True(pair.Score >= Math.Max(1, problem.Options.MinimumScore));
            }
        }
    }

    [Fact]
    public void Solve_SupervisorIsBestMentor_SupervisorOnlyWhenAllowed()
    {
        var mentee = new MenteeProfile(1, PersonId: 10) { DeficitIds = [1, 2], SupervisorPersonIds = [20] };
        var head = new MentorProfile(1, PersonId: 20, Capacity: 1) { StrengthIds = [1, 2] };
        var teacher = new MentorProfile(2, PersonId: 30, Capacity: 1) { StrengthIds = [1] };
        var problem = new MatchingProblem([mentee], [head, teacher]);

        Assert.Equal(2, ExactMatcher.Solve(problem).Pairs.Single().MentorId);
        var allowed = problem with { Options = problem.Options with { AllowSupervisorAsMentor = true } };
        Assert.Equal(1, ExactMatcher.Solve(allowed).Pairs.Single().MentorId);
    }

    [Fact]
    public void Solve_MenteeIsAlsoMentor_NeverMatchedWithThemselves()
    {
        var mentee = new MenteeProfile(1, PersonId: 7) { DeficitIds = [1] };
        var self = new MentorProfile(1, PersonId: 7, Capacity: 1) { StrengthIds = [1] };

        var result = ExactMatcher.Solve(new MatchingProblem([mentee], [self]));

        Assert.Empty(result.Pairs);
        Assert.Equal([1], result.UnmatchedMenteeIds);
    }

    [Fact]
    public void Solve_LockedPair_KeptAndConsumesCapacity()
    {
        // Mentee 2 fits mentor 1 far better, but mentee 1 was fixed with mentor 1 in advance and capacity is 1.
        var mentees = new[]
        {
            new MenteeProfile(1, 1) { DeficitIds = [5] },
            new MenteeProfile(2, 2) { DeficitIds = [1, 2, 3] },
        };
        var mentors = new[]
        {
            new MentorProfile(1, 11, 1) { StrengthIds = [1, 2, 3] },
            new MentorProfile(2, 12, 1) { StrengthIds = [1] },
        };
        var problem = new MatchingProblem(mentees, mentors) { LockedPairs = [new PairKey(1, 1)] };

        var result = ExactMatcher.Solve(problem);

        var locked = Assert.Single(result.Pairs, p => p.MenteeId == 1);
        Assert.True(locked.IsLocked);
        Assert.Equal(1, locked.MentorId);
        Assert.Equal(0, locked.Score);
        Assert.Equal(2, Assert.Single(result.Pairs, p => p.MenteeId == 2).MentorId);
        Assert.Equal(10, result.TotalScore);
    }

    [Fact]
    public void Solve_LockedPairsBeyondCapacity_ThrowsRussianError()
    {
        var problem = new MatchingProblem(
            [new MenteeProfile(1, 1), new MenteeProfile(2, 2)],
            [new MentorProfile(9, 9, 1)])
        {
            LockedPairs = [new PairKey(1, 9), new PairKey(2, 9)],
        };

        var error = Assert.Throws<MatchingInputException>(() => ExactMatcher.Solve(problem));

        Assert.Contains("вместимость", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Solve_LockedPairAlsoExcluded_ThrowsRussianError()
    {
        var problem = new MatchingProblem([new MenteeProfile(1, 1)], [new MentorProfile(9, 9, 1)])
        {
            LockedPairs = [new PairKey(1, 9)],
            ExcludedPairs = [new PairKey(1, 9)],
        };

        var error = Assert.Throws<MatchingInputException>(() => ExactMatcher.Solve(problem));

        Assert.Contains("одновременно закреплена и исключена", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Solve_DuplicateIds_ThrowsRussianError()
    {
        var problem = new MatchingProblem([new MenteeProfile(1, 1), new MenteeProfile(1, 2)], [new MentorProfile(9, 9, 1)]);

        var error = Assert.Throws<MatchingInputException>(() => ExactMatcher.Solve(problem));

        Assert.Contains("Наставляемый 1 указан дважды.", error.Errors);
    }

    [Fact]
    public void Solve_PairsBelowMinimumScore_LeftUnmatched()
    {
        var mentee = new MenteeProfile(1, 1) { DeficitIds = [1, 2] };
        var weak = new MentorProfile(1, 11, 1) { StrengthIds = [1] };
        var problem = new MatchingProblem([mentee], [weak]) { Options = MatchingOptions.Default with { MinimumScore = 15 } };

        Assert.Empty(ExactMatcher.Solve(problem).Pairs);
        Assert.Single(ExactMatcher.Solve(problem with { Options = MatchingOptions.Default }).Pairs);
    }

    [Fact]
    public void Solve_SameInputTwiceOrShuffled_SameAssignment()
    {
        // Many equal scores, so that a careless solver would be free to answer differently.
        var mentees = Enumerable.Range(1, 40).Select(i => new MenteeProfile(i, i) { DeficitIds = [i % 3], SubjectIds = [i % 2] }).ToList();
        var mentors = Enumerable.Range(1, 10).Select(j => new MentorProfile(j, 100 + j, 2) { StrengthIds = [j % 3], SubjectIds = [j % 2] }).ToList();
        var problem = new MatchingProblem(mentees, mentors) { Options = MatchingOptions.Default with { CandidatesPerMentee = 3 } };
        var shuffled = new MatchingProblem(mentees.AsEnumerable().Reverse().ToList(), mentors.OrderBy(r => (r.Id * 7) % 10).ToList())
        {
            Options = problem.Options with { MaxDegreeOfParallelism = 2 },
        };

        var first = Pairs(ExactMatcher.Solve(problem));

        Assert.Equal(first, Pairs(ExactMatcher.Solve(problem)));
        Assert.Equal(first, Pairs(ExactMatcher.Solve(shuffled)));
    }

    [Fact]
    public void Solve_PopularMentorsInEveryonesTopK_CertificateAddsPrunedPairs()
    {
        // Every mentee's top two are the same two stars (capacity 1 each). Pruned to the top two, only two
        // mentees get a mentor; each mentee also has a modest "own" mentor that pruning hid.
        const int count = 30;
        var mentees = Enumerable.Range(1, count).Select(i => new MenteeProfile(i, i) { DeficitIds = [1, 2, 3, 100 + i] }).ToList();
        var mentors = new List<MentorProfile>
        {
            new(1, 1001, 1) { StrengthIds = [1, 2, 3] },
            new(2, 1002, 1) { StrengthIds = [1, 2, 3] },
        };
        mentors.AddRange(Enumerable.Range(1, count).Select(i => new MentorProfile(10 + i, 2000 + i, 1) { StrengthIds = [100 + i] }));
        mentors.AddRange(Enumerable.Range(1, count).Select(i => new MentorProfile(100 + i, 3000 + i, 1) { StrengthIds = [1, 2] }));
        var problem = new MatchingProblem(mentees, mentors) { Options = MatchingOptions.Default with { CandidatesPerMentee = 2, CandidatesPerMentor = 0 } };

        var pruned = ExactMatcher.Solve(problem);
        var uncertified = ExactMatcher.Solve(problem with { Options = problem.Options with { MaxCertificationRounds = 1 } });
        var full = ExactMatcher.Solve(problem with { Options = problem.Options with { CandidatesPerMentee = 0 } });

        Assert.False(uncertified.IsCertifiedOptimal);
        Assert.True(uncertified.TotalScore < full.TotalScore);
        Assert.True(pruned.IsCertifiedOptimal);
        Assert.True(pruned.Rounds >= 2);
        Assert.True(pruned.PairsAddedByCertificate > 0);
        Assert.Equal(full.TotalScore, pruned.TotalScore);
        Assert.Equal(count, pruned.Pairs.Count);
    }

    [Fact]
    public void Solve_GroupMentor_TakesSeveralMenteesUpToCapacity()
    {
        var mentees = Enumerable.Range(1, 5).Select(i => new MenteeProfile(i, i) { DeficitIds = [1] }).ToList();
        var mentor = new MentorProfile(1, 100, 3) { StrengthIds = [1] };

        var result = ExactMatcher.Solve(new MatchingProblem(mentees, [mentor]));

        Assert.Equal(3, result.Pairs.Count);
        Assert.Equal([1, 2, 3], result.Pairs.Select(p => p.MenteeId));
        Assert.Equal([4, 5], result.UnmatchedMenteeIds);
    }

    [Fact]
    public void Solve_EmptyProblem_EmptyCertifiedResult()
    {
        var result = ExactMatcher.Solve(new MatchingProblem([], []));

        Assert.Empty(result.Pairs);
        Assert.Equal(0, result.TotalScore);
        Assert.True(result.IsCertifiedOptimal);
    }

    [Fact]
    public void Greedy_RandomInstances_NeverBeatsExact()
    {
        for (var seed = 0; seed < 100; seed++)
        {
            var problem = RandomInstances.Create(9000 + seed, maxMentees: 30, maxMentors: 8);
            var greedy = GreedyMatcher.Solve(problem);

            Assert.True(greedy.TotalScore <= ExactMatcher.Solve(problem).TotalScore);
            Assert.False(greedy.IsCertifiedOptimal);
        }
    }

    [Fact]
    public void Greedy_OneStarMentor_LosesToExact()
    {
        // The star suits mentee 1 best but is mentee 2's only option; greedy gives the star to mentee 1.
        var mentees = new[]
        {
            new MenteeProfile(1, 1) { DeficitIds = [1, 2, 3] },
            new MenteeProfile(2, 2) { DeficitIds = [3, 4] },
        };
        var mentors = new[]
        {
            new MentorProfile(1, 11, 1) { StrengthIds = [1, 2, 3, 4] },
            new MentorProfile(2, 12, 1) { StrengthIds = [1, 2] },
        };
        var problem = new MatchingProblem(mentees, mentors);

        Assert.Equal(30, GreedyMatcher.Solve(problem).TotalScore);
        Assert.Equal(40, ExactMatcher.Solve(problem).TotalScore);
    }

    private static List<(int, int)> Pairs(MatchingResult result) => result.Pairs.Select(p => (p.MenteeId, p.MentorId)).ToList();
}
