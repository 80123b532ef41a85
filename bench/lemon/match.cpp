// Reference solver for bench/Nastavnik.Bench `matching`: LEMON 1.3.1 NetworkSimplex on exactly the graph
// the C# matcher wrote. Same network as ours: mentee -> mentor (cap 1, cost -score), mentee -> sink bypass
// (cap 1, cost 0, "unmatched"), mentor -> sink (cap = capacity), supply 1 per mentee.
//
// Input (little endian): int32 n, int32 m, int64 arcs, int32 capacity[m], int32 rowStart[n+1],
// int32 mentor[arcs], int32 score[arcs]. Usage: match <file> [repeat]
// Output: one line "objective=<long> build_seconds=<s> solve_seconds=<s> matched=<k>", times as medians.
#include <lemon/static_graph.h>
#include <lemon/network_simplex.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <utility>
#include <vector>

using namespace lemon;

template <typename T> static void readArray(std::ifstream& in, std::vector<T>& v, size_t count) {
    v.resize(count);
    in.read(reinterpret_cast<char*>(v.data()), static_cast<std::streamsize>(count * sizeof(T)));
}

int main(int argc, char** argv) {
    if (argc < 2) {
        std::cerr << "usage: match <graph file> [repeat]\n";
        return 2;
    }
    int repeat = argc > 2 ? std::max(1, std::atoi(argv[2])) : 1;
    std::ifstream in(argv[1], std::ios::binary);
    if (!in) {
        std::cerr << "cannot open " << argv[1] << "\n";
        return 2;
    }
    int32_t n = 0, m = 0;
    int64_t arcs = 0;
    in.read(reinterpret_cast<char*>(&n), 4);
    in.read(reinterpret_cast<char*>(&m), 4);
    in.read(reinterpret_cast<char*>(&arcs), 8);
    std::vector<int32_t> capacity, rowStart, mentor, score;
    readArray(in, capacity, m);
    readArray(in, rowStart, static_cast<size_t>(n) + 1);
    readArray(in, mentor, arcs);
    readArray(in, score, arcs);
    if (!in) {
        std::cerr << "truncated graph file\n";
        return 2;
    }

    std::vector<double> buildTimes, solveTimes;
    long long objective = 0;
    long long matched = 0;
    for (int r = 0; r < repeat; ++r) {
        auto t0 = std::chrono::steady_clock::now();
        const int sink = n + m;
        // StaticDigraph wants arcs sorted by source: each mentee's mentors ascend and its bypass to the sink
        // comes last; mentor arcs follow all mentee arcs.
        std::vector<std::pair<int, int>> arcList;
        arcList.reserve(static_cast<size_t>(arcs) + n + m);
        for (int i = 0; i < n; ++i) {
            for (int a = rowStart[i]; a < rowStart[i + 1]; ++a) arcList.emplace_back(i, n + mentor[a]);
            arcList.emplace_back(i, sink);
        }
        for (int j = 0; j < m; ++j) arcList.emplace_back(n + j, sink);
        StaticDigraph g;
        g.build(n + m + 1, arcList.begin(), arcList.end());
        StaticDigraph::ArcMap<int> upper(g);
        StaticDigraph::ArcMap<long long> cost(g);
        StaticDigraph::NodeMap<int> supply(g, 0);
        long long idx = 0;
        for (int i = 0; i < n; ++i) {
            for (int a = rowStart[i]; a < rowStart[i + 1]; ++a, ++idx) {
                upper[g.arcFromId(static_cast<int>(idx))] = 1;
                cost[g.arcFromId(static_cast<int>(idx))] = -static_cast<long long>(score[a]);
            }
            upper[g.arcFromId(static_cast<int>(idx))] = 1;
            cost[g.arcFromId(static_cast<int>(idx))] = 0;
            ++idx;
            supply[g.nodeFromId(i)] = 1;
        }
        for (int j = 0; j < m; ++j, ++idx) {
            upper[g.arcFromId(static_cast<int>(idx))] = capacity[j];
            cost[g.arcFromId(static_cast<int>(idx))] = 0;
        }
        supply[g.nodeFromId(sink)] = -n;
        auto t1 = std::chrono::steady_clock::now();

        NetworkSimplex<StaticDigraph, int, long long> ns(g);
        ns.upperMap(upper).costMap(cost).supplyMap(supply);
        auto status = ns.run(NetworkSimplex<StaticDigraph, int, long long>::BLOCK_SEARCH);
        auto t2 = std::chrono::steady_clock::now();
        if (status != NetworkSimplex<StaticDigraph, int, long long>::OPTIMAL) {
            std::cerr << "NetworkSimplex did not report OPTIMAL\n";
            return 1;
        }
        objective = -ns.totalCost();
        matched = 0;
        idx = 0;
        for (int i = 0; i < n; ++i) {
            for (int a = rowStart[i]; a < rowStart[i + 1]; ++a, ++idx) matched += ns.flow(g.arcFromId(static_cast<int>(idx)));
            ++idx;
        }
        buildTimes.push_back(std::chrono::duration<double>(t1 - t0).count());
        solveTimes.push_back(std::chrono::duration<double>(t2 - t1).count());
    }
    std::sort(buildTimes.begin(), buildTimes.end());
    std::sort(solveTimes.begin(), solveTimes.end());
    std::printf("objective=%lld build_seconds=%.6f solve_seconds=%.6f matched=%lld\n", objective,
                buildTimes[buildTimes.size() / 2], solveTimes[solveTimes.size() / 2], matched);
    return 0;
}
