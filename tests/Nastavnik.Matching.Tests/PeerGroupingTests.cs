namespace Nastavnik.Matching.Tests;

public class PeerGroupingTests
{
    [Fact]
    public void Form_PeersWithTwoGoalClusters_GroupsByClusterWithExplanation()
    {
        var vocabulary = new MatchingVocabulary { Competencies = new Dictionary<int, string> { [1] = "цифровые технологии", [2] = "проектная деятельность" } };
        var peers = new[]
        {
            new PeerProfile(1) { GoalIds = [1] },
            new PeerProfile(2) { GoalIds = [2] },
            new PeerProfile(3) { GoalIds = [1, 3] },
            new PeerProfile(4) { GoalIds = [2, 4] },
        };

        var groups = PeerGrouping.Form(peers, 2, vocabulary);

        Assert.Equal([[1, 3], [2, 4]], groups.Select(g => g.MemberIds.ToArray()).ToArray());
        Assert.Equal("общие цели: цифровые технологии", groups[0].Explanation);
        Assert.Equal("общие цели: проектная деятельность", groups[1].Explanation);
    }

    [Fact]
    public void Form_OddCount_LonePeerJoinsBestGroup()
    {
        var peers = Enumerable.Range(1, 7).Select(i => new PeerProfile(i) { GoalIds = [i % 2] }).ToList();

        var groups = PeerGrouping.Form(peers, 3);

        Assert.Equal(2, groups.Count);
        Assert.Equal(7, groups.Sum(g => g.MemberIds.Count));
        Assert.All(groups, g => Assert.InRange(g.MemberIds.Count, 3, 4));
    }

    [Fact]
    public void Form_ShuffledInput_SameGroups()
    {
        var rng = new Random(3);
        var peers = Enumerable.Range(1, 25).Select(i => new PeerProfile(i) { GoalIds = [rng.Next(4), rng.Next(4)] }).ToList();

        var a = PeerGrouping.Form(peers, 4);
        var b = PeerGrouping.Form(peers.OrderBy(_ => rng.Next()).ToList(), 4);

        Assert.Equal(a.Select(g => string.Join(",", g.MemberIds)), b.Select(g => string.Join(",", g.MemberIds)));
    }

    [Fact]
    public void Form_GroupSizeOne_ThrowsRussianError()
    {
        var error = Assert.Throws<MatchingInputException>(() => PeerGrouping.Form([new PeerProfile(1)], 1));

        Assert.Contains("не меньше двух", error.Message, StringComparison.Ordinal);
    }
}
