using System.Globalization;

namespace Nastavnik.Matching;

/// <summary>A participant of a partnership («равный — равному»): no hierarchy, shared goals.</summary>
public sealed record PeerProfile(int Id)
{
    /// <summary>Competency or goal ids the peer wants to work on.</summary>
    public IReadOnlyList<int> GoalIds { get; init; } = [];
}

/// <summary>One proposed partnership group.</summary>
/// <param name="MemberIds">Peers in the order they were added; the first is the group's seed.</param>
/// <param name="SharedGoalIds">Goals every member has.</param>
/// <param name="Explanation">Russian, e.g. «общие цели: цифровые технологии, проектная деятельность».</param>
public sealed record PeerGroup(IReadOnlyList<int> MemberIds, IReadOnlyList<int> SharedGoalIds, string Explanation);

/// <summary>
/// Groups peers for partnership mentoring. A mentor with several mentees needs nothing special — that is
/// just the mentor's capacity in <see cref="ExactMatcher"/>; this is for groups of equals.
/// </summary>
/// <remarks>
/// This is a heuristic, not an optimum: partitioning into groups that maximise shared goals is NP-hard in
/// general, and a curator wants a reasonable, explainable proposal to edit, not a proof. It is deterministic:
/// the lowest-id ungrouped peer seeds a group, which then takes the ungrouped peer sharing the most goals with
/// all current members (then with any member, then the lower id) until it has <c>groupSize</c> members. A single
/// peer left over at the end joins the group it shares most with rather than staying alone. O(n² · k) — meant
/// for one organisation's or municipality's pool, not a region.
/// </remarks>
public static class PeerGrouping
{
    public static IReadOnlyList<PeerGroup> Form(IReadOnlyList<PeerProfile> peers, int groupSize, MatchingVocabulary? vocabulary = null)
    {
        if (groupSize < 2)
        {
            throw new MatchingInputException("В партнёрской группе должно быть не меньше двух участников.");
        }

        var ordered = peers.OrderBy(p => p.Id).ToList();
        if (ordered.Select(p => p.Id).Distinct().Count() != ordered.Count)
        {
            throw new MatchingInputException("Участник партнёрства указан дважды.");
        }

        var goals = ordered.ToDictionary(p => p.Id, p => p.GoalIds.ToHashSet());
        var remaining = new List<PeerProfile>(ordered);
        var groups = new List<(List<int> Members, HashSet<int> Shared, HashSet<int> Any)>();
        while (remaining.Count > 0)
        {
            var seed = remaining[0];
            remaining.RemoveAt(0);
            var members = new List<int> { seed.Id };
            var shared = new HashSet<int>(goals[seed.Id]);
            var any = new HashSet<int>(goals[seed.Id]);
            while (members.Count < groupSize && remaining.Count > 0)
            {
                var best = 0;
                var bestKey = (-1, -1);
                for (var r = 0; r < remaining.Count; r++)
                {
                    var g = goals[remaining[r].Id];
                    var key = (g.Count(shared.Contains), g.Count(any.Contains));
                    // Strictly better only: among equals the earlier, i.e. lower id, stays.
                    if (key.CompareTo(bestKey) > 0)
                    {
                        best = r;
                        bestKey = key;
                    }
                }

                var peer = remaining[best];
                remaining.RemoveAt(best);
                members.Add(peer.Id);
                shared.IntersectWith(goals[peer.Id]);
                any.UnionWith(goals[peer.Id]);
            }

            groups.Add((members, shared, any));
        }

        if (groups.Count > 1 && groups[^1].Members.Count == 1)
        {
            var lone = groups[^1].Members[0];
            groups.RemoveAt(groups.Count - 1);
            var target = 0;
            var bestOverlap = -1;
            for (var g = 0; g < groups.Count; g++)
            {
                var overlap = goals[lone].Count(groups[g].Any.Contains);
                if (overlap > bestOverlap)
                {
                    target = g;
                    bestOverlap = overlap;
                }
            }

            groups[target].Members.Add(lone);
            groups[target].Shared.IntersectWith(goals[lone]);
        }

        var names = (vocabulary ?? MatchingVocabulary.Empty).Competencies;
        return groups.Select(g =>
        {
            var sharedIds = g.Shared.Order().ToList();
            var explanation = sharedIds.Count == 0
                ? "общих целей у всех участников нет; группа составлена по частичным совпадениям"
                : "общие цели: " + string.Join(", ", sharedIds.Select(id => names.TryGetValue(id, out var name) ? name : "№" + id.ToString(CultureInfo.InvariantCulture)));
            return new PeerGroup(g.Members, sharedIds, explanation);
        }).ToList();
    }
}
