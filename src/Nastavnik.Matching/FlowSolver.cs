namespace Nastavnik.Matching;

/// <summary>
/// Exact capacitated assignment with optional non-assignment, as a min-cost flow solved by successive
/// shortest paths with node potentials.
/// </summary>
/// <remarks>
/// The network: every mentee is a source of one unit; the unit reaches the sink either through a mentor
/// (arc cost = −score, mentor→sink capacity = mentor capacity) or through the mentee's own bypass arc of
/// cost 0, which stands for "left unmatched". Every flow that routes all units is therefore a feasible
/// matching and a minimum-cost one is a maximum-score one.
///
/// Potentials are kept so that every residual arc has a non-negative reduced cost; this lets each
/// augmentation use Dijkstra and stop at the first node that can absorb a unit, and the same potentials are
/// the dual prices the pruning certificate checks pruned pairs against. Arcs may be added between solves
/// (<see cref="AddArcs"/>): mentees with a new arc are detached and re-routed, everything else is kept.
///
/// Nodes: mentees 0..n−1, mentors n..n+m−1, sink n+m. Mentees are routed in index order and, among nodes at
/// the same distance, a search takes deficit nodes first and the rest first-in first-out, so equal input
/// gives equal output. Integer scores make large zero-cost plateaus (mentees indifferent between mentors);
/// the order a plateau is swept in decides how soon a free place is met, and FIFO measured about half the
/// settled nodes of LIFO on the tight benchmark instance.
/// </remarks>
internal sealed class FlowSolver
{
    private const int Excess = -2;
    private const int Bypass = -1;

    private readonly int n;
    private readonly int m;
    private readonly int sink;
    private readonly int[] capacity;

    // Candidate arcs in CSR form, each row sorted by score descending (then mentor index), which lets a
    // search stop scanning a row as soon as no remaining arc could beat the best path found so far.
    private int[] rowStart;
    private int[] arcMentor;
    private int[] arcScore;

    private readonly int[] mentorOf;
    private readonly int[] scoreOf;
    private readonly int[] load;
    private readonly int[] toSink;
    private readonly int[] slotStart;
    private readonly int[] slotMentee;
    private readonly int[] slotPos;
    private int sinkDeficit;
    // Everything a search touches per node sits in one struct: one cache line per relaxed arc instead of one
    // per array.
    private readonly NodeState[] state;
    private readonly long maxMentorPotential;

    private readonly List<int> settledNodes = [];
    private readonly NodeQueue heap = new();
    private int stamp;

    // Best tentative distance to any deficit node in the current search: nodes at or beyond it can never be
    // settled before the search ends (deficits win ties), so they are not even pushed.
    private long bound;

    public FlowSolver(int menteeCount, int[] mentorCapacity, int[] rowStart, int[] arcMentor, int[] arcScore)
    {
        n = menteeCount;
        m = mentorCapacity.Length;
        sink = n + m;
        capacity = mentorCapacity;
        this.rowStart = rowStart;
        this.arcMentor = arcMentor;
        this.arcScore = arcScore;

        mentorOf = new int[n];
        Array.Fill(mentorOf, Excess);
        scoreOf = new int[n];
        load = new int[m];
        toSink = new int[m];
        slotStart = new int[m + 1];
        for (var j = 0; j < m; j++)
        {
            slotStart[j + 1] = slotStart[j] + capacity[j];
        }

        slotMentee = new int[slotStart[m]];
        slotPos = new int[n];
        sinkDeficit = n;

        var nodes = n + m + 1;
        state = new NodeState[nodes];
        long maxScore = 0;
        foreach (var s in arcScore)
        {
            maxScore = Math.Max(maxScore, s);
        }

        // Mentees at 0 and everything else at −max makes every initial arc's reduced cost non-negative.
        for (var v = n; v < nodes; v++)
        {
            state[v].Pot = -maxScore;
        }

        maxMentorPotential = -maxScore;
    }

    public int MenteeCount => n;

    /// <summary>Work counters for benchmarks: nodes settled and heap pushes by all Dijkstra runs so far.</summary>
    public long Settled { get; private set; }

    public long Pushed { get; private set; }

    public long Augmentations { get; private set; }

    public long SinkExpansions { get; private set; }

    public long ArcCount => arcMentor.Length;

    /// <summary>Mentor index of each mentee, or −1 when unmatched.</summary>
    public int MentorOf(int mentee) => mentorOf[mentee] < 0 ? -1 : mentorOf[mentee];

    public int ScoreOf(int mentee) => mentorOf[mentee] < 0 ? 0 : scoreOf[mentee];

    public long MenteePotential(int mentee) => state[mentee].Pot;

    public long MentorPotential(int mentor) => state[n + mentor].Pot;

    public CandidateGraph Graph(int[] mentorCapacity) => new(mentorCapacity, rowStart, arcMentor, arcScore);

    /// <summary>Sets <paramref name="marks"/>[j] = <paramref name="value"/> for every mentor j in the mentee's row.</summary>
    public void MarkRow(int mentee, int[] marks, int value)
    {
        for (var a = rowStart[mentee]; a < rowStart[mentee + 1]; a++)
        {
            marks[arcMentor[a]] = value;
        }
    }

    /// <summary>Routes every mentee that still has its unit; afterwards the flow is optimal for the current arcs.</summary>
    public void Solve()
    {
        for (var i = 0; i < n; i++)
        {
            if (mentorOf[i] == Excess)
            {
                Augment(i);
            }
        }
    }

    /// <summary>
    /// Adds arcs (grouped by mentee in row order, none already present) and detaches their
    /// mentees so that the next <see cref="Solve"/> restores optimality.
    /// </summary>
    public void AddArcs(IReadOnlyList<(int Mentee, int Mentor, int Score)> added)
    {
        if (added.Count == 0)
        {
            return;
        }

        var extraPerRow = new int[n];
        foreach (var (mentee, _, _) in added)
        {
            extraPerRow[mentee]++;
        }

        var newStart = new int[n + 1];
        for (var i = 0; i < n; i++)
        {
            newStart[i + 1] = newStart[i] + (rowStart[i + 1] - rowStart[i]) + extraPerRow[i];
        }

        var newMentor = new int[newStart[n]];
        var newScore = new int[newStart[n]];
        var next = 0;
        for (var i = 0; i < n; i++)
        {
            // Merge the row with its additions so that rows stay sorted by score descending, then mentor.
            var a = rowStart[i];
            var aEnd = rowStart[i + 1];
            var pos = newStart[i];
            var bEnd = next + extraPerRow[i];
            var b = next;
            while (a < aEnd || b < bEnd)
            {
                if (b >= bEnd || (a < aEnd && Candidates.RowOrder(arcScore[a], arcMentor[a]) < Candidates.RowOrder(added[b].Score, added[b].Mentor)))
                {
                    newMentor[pos] = arcMentor[a];
                    newScore[pos++] = arcScore[a++];
                }
                else
                {
                    newMentor[pos] = added[b].Mentor;
                    newScore[pos++] = added[b++].Score;
                }
            }

            next = bEnd;
        }

        rowStart = newStart;
        arcMentor = newMentor;
        arcScore = newScore;

        var previous = -1;
        foreach (var (mentee, _, _) in added)
        {
            if (mentee != previous)
            {
                Detach(mentee);
                previous = mentee;
            }
        }
    }

    private void Detach(int i)
    {
        var j = mentorOf[i];
        if (j >= 0)
        {
            RemoveFromSlots(i, j);
            // When the mentor→sink arc is already residual (spare capacity) or would have a non-negative
            // reduced cost anyway (price zero), the unit can go back to the sink. A full mentor with a positive
            // price would violate it; it keeps a deficit instead and absorbs the next unit that reaches it.
            if (toSink[j] < capacity[j] || state[n + j].Pot >= state[sink].Pot)
            {
                toSink[j]--;
                sinkDeficit++;
            }
        }
        else if (j == Bypass)
        {
            sinkDeficit++;
        }

        mentorOf[i] = Excess;

        // Nothing flows out of a detached mentee, so no residual arc enters it and its potential may be
        // raised freely until all its outgoing arcs are non-negative again.
        var p = Math.Max(state[i].Pot, state[sink].Pot);
        for (var a = rowStart[i]; a < rowStart[i + 1]; a++)
        {
            p = Math.Max(p, state[n + arcMentor[a]].Pot + arcScore[a]);
        }

        state[i].Pot = p;
    }

    private bool IsDeficit(int v) =>
        v == sink ? sinkDeficit > 0 : v >= n && toSink[v - n] > load[v - n];

    private void Augment(int source)
    {
        stamp++;
        settledNodes.Clear();
        heap.Clear();
        state[source].Dist = 0;
        state[source].Seen = stamp;
        heap.Push(1, source);
        bound = long.MaxValue;
        var terminal = -1;
        long terminalDist = 0;

        while (heap.Count > 0)
        {
            var (key, v) = heap.Pop();
            if (state[v].Settled == stamp)
            {
                continue;
            }

            var d = key >> 1;
            if (d != state[v].Dist)
            {
                continue;
            }

            state[v].Settled = stamp;
            settledNodes.Add(v);
            if (IsDeficit(v))
            {
                terminal = v;
                terminalDist = d;
                break;
            }

            if (v < n)
            {
                ExpandMentee(v, d);
            }
            else if (v < sink)
            {
                ExpandMentor(v - n, d);
            }
            else
            {
                ExpandSink(d);
            }
        }

        if (terminal < 0)
        {
            // The source's bypass always reaches the sink and every deficit is reachable from the sink.
            throw new InvalidOperationException("No augmenting path: the flow invariants are broken.");
        }

        foreach (var v in settledNodes)
        {
            state[v].Pot += state[v].Dist - terminalDist;
        }

        Settled += settledNodes.Count;
        Augmentations++;

        for (var v = terminal; v != source;)
        {
            var u = state[v].Pred;
            Apply(u, v);
            v = u;
        }

        if (terminal == sink)
        {
            sinkDeficit--;
        }
    }

    private void ExpandMentee(int k, long d)
    {
        var pk = state[k].Pot;
        var current = mentorOf[k];
        var end = rowStart[k + 1];
        // Mentor potentials never rise above their start value, so d + pk − score − maxMentorPotential is
        // a lower bound for the arc's distance; with scores descending, once it reaches the bound so does
        // every later arc.
        if (current != Bypass)
        {
            // The bypass first: it gives the search a bound before the row is scanned.
            Relax(sink, d + pk - state[sink].Pot, k, 0);
        }

        var floor = d + pk - maxMentorPotential;
        for (var a = rowStart[k]; a < end; a++)
        {
            var score = arcScore[a];
            if (floor - score >= bound)
            {
                break;
            }

            var j = arcMentor[a];
            if (j == current)
            {
                continue;
            }

            var node = n + j;
            ref var target = ref state[node];
            Relax(ref target, node, d + pk - score - target.Pot, k, score);
        }
    }

    private void ExpandMentor(int j, long d)
    {
        var node = n + j;
        var pj = state[node].Pot;
        for (var s = slotStart[j]; s < slotStart[j] + load[j]; s++)
        {
            var k = slotMentee[s];
            Relax(k, d + scoreOf[k] + pj - state[k].Pot, node, 0);
        }

        if (toSink[j] < capacity[j])
        {
            Relax(sink, d + pj - state[sink].Pot, node, 0);
        }
    }

    // Only reached when the sink has no deficit of its own, i.e. while re-routing after arcs were added.
    private void ExpandSink(long d)
    {
        SinkExpansions++;
        var pt = state[sink].Pot;
        for (var j = 0; j < m; j++)
        {
            if (toSink[j] > 0)
            {
                Relax(n + j, d + pt - state[n + j].Pot, sink, 0);
            }
        }

        for (var k = 0; k < n; k++)
        {
            if (mentorOf[k] == Bypass)
            {
                Relax(k, d + pt - state[k].Pot, sink, 0);
            }
        }
    }

    private void Relax(int v, long nd, int from, int score) => Relax(ref state[v], v, nd, from, score);

    private void Relax(ref NodeState target, int v, long nd, int from, int score)
    {
        if (nd >= bound || target.Settled == stamp || (target.Seen == stamp && nd >= target.Dist))
        {
            return;
        }

        target.Seen = stamp;
        target.Dist = nd;
        target.Pred = from;
        target.PredScore = score;
        Pushed++;
        var deficit = IsDeficit(v);
        if (deficit)
        {
            bound = nd;
        }

        heap.Push((nd << 1) | (deficit ? 0L : 1L), v);
    }

    private void Apply(int u, int v)
    {
        if (u < n)
        {
            if (mentorOf[u] >= 0)
            {
                RemoveFromSlots(u, mentorOf[u]);
            }

            if (v == sink)
            {
                mentorOf[u] = Bypass;
            }
            else
            {
                var j = v - n;
                mentorOf[u] = j;
                scoreOf[u] = state[v].PredScore;
                var s = slotStart[j] + load[j]++;
                slotMentee[s] = u;
                slotPos[u] = s;
            }
        }
        else if (u < sink)
        {
            if (v == sink)
            {
                toSink[u - n]++;
            }

            // mentor → mentee undoes that mentee's assignment; Apply for the mentee's next arc does it.
        }
        else if (v >= n)
        {
            toSink[v - n]--;
        }

        // sink → mentee takes the mentee off its bypass; likewise done by the mentee's next arc.
    }

    private void RemoveFromSlots(int mentee, int j)
    {
        var last = slotStart[j] + --load[j];
        var pos = slotPos[mentee];
        var moved = slotMentee[last];
        slotMentee[pos] = moved;
        slotPos[moved] = pos;
    }

    /// <summary>
    /// Priority queue of (key, node) with lazy deletion. Keys are twice a reduced distance, and reduced
    /// distances within one search stay below the score range, so a bucket per key (Dial's queue) gives O(1)
    /// pushes and pops; the rare larger key goes to a binary heap.
    /// </summary>
    private sealed class NodeQueue
    {
        private const int BucketLimit = 1 << 16;

        private int[] head = new int[256];
        private int[] tail = new int[256];
        private int[] next = new int[1024];
        private int[] entryNode = new int[1024];
        private int entries;
        private int lowest;
        private int highest = -1;
        private int inBuckets;
        private long[] heapKeys = new long[16];
        private int[] heapNodes = new int[16];
        private int inHeap;

        public NodeQueue() => Array.Fill(head, -1);

        public int Count => inBuckets + inHeap;

        public void Clear()
        {
            if (highest >= 0)
            {
                Array.Fill(head, -1, 0, highest + 1);
            }

            entries = 0;
            lowest = int.MaxValue;
            highest = -1;
            inBuckets = 0;
            inHeap = 0;
        }

        public void Push(long key, int node)
        {
            if (key >= BucketLimit)
            {
                PushHeap(key, node);
                return;
            }

            var b = (int)key;
            if (b >= head.Length)
            {
                var old = head.Length;
                Array.Resize(ref head, Math.Min(BucketLimit, Math.Max(b + 1, old * 2)));
                Array.Resize(ref tail, head.Length);
                Array.Fill(head, -1, old, head.Length - old);
            }

            if (entries == next.Length)
            {
                Array.Resize(ref next, entries * 2);
                Array.Resize(ref entryNode, entries * 2);
            }

            // First in, first out within a distance: nodes found earlier sit nearer the source's side of a
            // zero-cost plateau, and the search meets a free place sooner when it sweeps the plateau in order.
            entryNode[entries] = node;
            next[entries] = -1;
            if (head[b] < 0)
            {
                head[b] = entries;
            }
            else
            {
                next[tail[b]] = entries;
            }

            tail[b] = entries++;
            inBuckets++;
            lowest = Math.Min(lowest, b);
            highest = Math.Max(highest, b);
        }

        public (long Key, int Node) Pop()
        {
            if (inBuckets == 0)
            {
                return PopHeap();
            }

            while (head[lowest] < 0)
            {
                lowest++;
            }

            var e = head[lowest];
            head[lowest] = next[e];
            inBuckets--;
            return (lowest, entryNode[e]);
        }

        private void PushHeap(long key, int node)
        {
            if (inHeap == heapKeys.Length)
            {
                Array.Resize(ref heapKeys, inHeap * 2);
                Array.Resize(ref heapNodes, inHeap * 2);
            }

            var i = inHeap++;
            while (i > 0)
            {
                var parent = (i - 1) >> 1;
                if (heapKeys[parent] <= key)
                {
                    break;
                }

                heapKeys[i] = heapKeys[parent];
                heapNodes[i] = heapNodes[parent];
                i = parent;
            }

            heapKeys[i] = key;
            heapNodes[i] = node;
        }

        private (long Key, int Node) PopHeap()
        {
            var top = (heapKeys[0], heapNodes[0]);
            var count = --inHeap;
            if (count > 0)
            {
                var key = heapKeys[count];
                var node = heapNodes[count];
                var i = 0;
                while (true)
                {
                    var child = (2 * i) + 1;
                    if (child >= count)
                    {
                        break;
                    }

                    if (child + 1 < count && heapKeys[child + 1] < heapKeys[child])
                    {
                        child++;
                    }

                    if (heapKeys[child] >= key)
                    {
                        break;
                    }

                    heapKeys[i] = heapKeys[child];
                    heapNodes[i] = heapNodes[child];
                    i = child;
                }

                heapKeys[i] = key;
                heapNodes[i] = node;
            }

            return top;
        }
    }

    private struct NodeState
    {
        public long Pot;
        public long Dist;
        public int Seen;
        public int Settled;
        public int Pred;
        public int PredScore;
    }
}
