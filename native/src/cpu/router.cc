// route_rows: moe-router.ts routeRows (with routing/top-k.ts selectTopK and routing/softmax.ts softmaxInto). Scores
// are binary32 dot products from matmul_rows (ascending index, any ISA gives the same bits); selection ranks by score
// descending, then tie key ascending, then index ascending; gates are a binary64 softmax over the selected scores in
// rank order, multiplied down the path. Rows are independent, so two threads may share them out in blocks.

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "common/splitmix64.h"
#include "kernels.h"
#include "sha256.h"
#include "thread-pool.h"

namespace litellm::cpu {

namespace {

// Above this k selectTopK sorts all candidates instead of inserting into the k best.
constexpr int64_t kInsertionLimit = 32;
// Fewer rows than this are routed on the calling thread.
constexpr int64_t kMinRowsToSplit = 8;

// Stream keys of the tie-break streams `litellm/v1/tiebreak/<seed>/<layer>/<level>/<parentPath>` (REQ-003 tie
// keys), each derived on first use and kept for the rest of the call. Parent slots: 0 the tiers, 1 + t the groups of
// tier t, 1 + T + t*G + g the experts of group g of tier t.
class TieStreams {
 public:
  TieStreams(const char* seed, int64_t layer, int64_t tiers, int64_t groupsPerTier)
      : prefix_(std::string("litellm/v1/tiebreak/") + seed + "/" + std::to_string(layer) + "/"),
        tiers_(tiers),
        groupsPerTier_(groupsPerTier),
        keys_(static_cast<size_t>(1 + tiers + tiers * groupsPerTier)),
        ready_(keys_.size(), 0) {}

  static constexpr int64_t kTierParent = -1;

  // The key of the children of tier t (group == kTierParent for the groups), or of all tiers (t == kTierParent).
  uint64_t key(int64_t t, int64_t g) {
    const size_t slot = static_cast<size_t>(t < 0 ? 0 : g < 0 ? 1 + t : 1 + tiers_ + t * groupsPerTier_ + g);
    if (ready_[slot] == 0) {
      std::string label = prefix_;
      if (t < 0) {
        label += "tier/-";
      } else if (g < 0) {
        label += "group/" + std::to_string(t);
      } else {
        label += "expert/" + std::to_string(t) + "." + std::to_string(g);
      }
      keys_[slot] = stream_key(label.data(), label.size());
      ready_[slot] = 1;
    }
    return keys_[slot];
  }

 private:
  std::string prefix_;
  int64_t tiers_;
  int64_t groupsPerTier_;
  std::vector<uint64_t> keys_;
  std::vector<uint8_t> ready_;
};

// The candidates under one parent: their scores, and their tie keys fetched only when two scores are equal.
struct Candidates {
  const float* scores;
  TieStreams* streams;
  int64_t t;
  int64_t g;

  // selectTopK's order: score descending (numeric comparison, so -0 == +0 and NaN precedes nothing), then tie key
  // ascending as unsigned 64-bit, then index ascending.
  bool precedes(int32_t a, int32_t b) const {
    const float sa = scores[a];
    const float sb = scores[b];
    if (sa != sb) return sa > sb;
    const uint64_t key = streams->key(t, g);
    const uint64_t ka = common::splitmix64_output(key, static_cast<uint64_t>(a));
    const uint64_t kb = common::splitmix64_output(key, static_cast<uint64_t>(b));
    if (ka != kb) return ka < kb;
    return a < b;
  }
};

// The k best of candidates 0..count-1, in rank order, into out[0..k).
void select_top_k(const Candidates& c, int64_t count, int64_t k, int32_t* out) {
  if (k > kInsertionLimit) {
    std::vector<int32_t> order(static_cast<size_t>(count));
    for (int64_t i = 0; i < count; i++) order[static_cast<size_t>(i)] = static_cast<int32_t>(i);
    std::stable_sort(order.begin(), order.end(), [&c](int32_t a, int32_t b) { return c.precedes(a, b); });
    std::copy(order.begin(), order.begin() + k, out);
    return;
  }
  int64_t filled = 0;
  for (int64_t i = 0; i < count; i++) {
    const int32_t candidate = static_cast<int32_t>(i);
    int64_t pos;
    if (filled < k) {
      pos = filled++;
    } else if (c.precedes(candidate, out[k - 1])) {
      pos = k - 1;
    } else {
      continue;
    }
    while (pos > 0 && c.precedes(candidate, out[pos - 1])) {
      out[pos] = out[pos - 1];
      pos--;
    }
    out[pos] = candidate;
  }
}

// Math.max of two numbers: NaN if either is NaN, and +0 over -0.
double js_max(double a, double b) {
  if (a != a || b != b) return a + b;
  if (a == b) return std::signbit(a) ? b : a;
  return a > b ? a : b;
}

// softmaxInto: gates[r] = exp(s_r - max) / sum over the selection in rank order, all in binary64.
void softmax_selected(const float* scores, const int32_t* selected, int64_t k, double* gates) {
  double max = -HUGE_VAL;
  for (int64_t r = 0; r < k; r++) max = js_max(max, static_cast<double>(scores[selected[r]]));
  double sum = 0.0;
  for (int64_t r = 0; r < k; r++) {
    gates[r] = exp_js(static_cast<double>(scores[selected[r]]) - max);
    sum = sum + gates[r];
  }
  for (int64_t r = 0; r < k; r++) gates[r] = gates[r] / sum;
}

struct RouteCall {
  Isa isa;
  const RouteShape* s;
  const float* routerTier;
  const float* routerGroup;
  const float* routerExpert;
  const char* routingSeed;
  int64_t layer;
  const float* a;
  int32_t* tier;
  int32_t* group;
  int32_t* expert;
  uint32_t* id;
  double* gate;
};

// Routes rows row0 .. row1-1 (the same loop nest as routeRows, writing the same slots).
void route_range(const RouteCall& call, int64_t row0, int64_t row1) {
  const RouteShape& s = *call.s;
  const int64_t d = s.d, T = s.tiers, G = s.groupsPerTier, E = s.expertsPerGroup;
  const int64_t kT = s.kTier, kG = s.kGroup, kE = s.kExpert;
  const int64_t slots = kT * kG * kE;
  const int64_t n = row1 - row0;
  if (n <= 0) return;
  std::vector<float> tierScores(static_cast<size_t>(n * T));
  if (s.allowedCount == 0) {
    matmul_rows(call.isa, call.routerTier, T, d, call.a + row0 * d, n, tierScores.data());
  } else {
    // Only the allowed tiers are scored (one router row each, the same reduction as in the full product); the
    // others rank below every allowed one, so they are never selected.
    std::fill(tierScores.begin(), tierScores.end(), -std::numeric_limits<float>::infinity());
    std::vector<float> column(static_cast<size_t>(n));
    for (int64_t i = 0; i < s.allowedCount; i++) {
      const int64_t t = s.allowedTiers[i];
      matmul_rows(call.isa, call.routerTier + t * d, 1, d, call.a + row0 * d, n, column.data());
      for (int64_t r = 0; r < n; r++) tierScores[static_cast<size_t>(r * T + t)] = column[static_cast<size_t>(r)];
    }
  }
  TieStreams streams(call.routingSeed, call.layer, T, G);
  std::vector<float> scores(static_cast<size_t>(std::max(G, E)));
  std::vector<int32_t> tierSel(static_cast<size_t>(kT)), groupSel(static_cast<size_t>(kG));
  std::vector<int32_t> expertSel(static_cast<size_t>(kE));
  std::vector<double> tierGates(static_cast<size_t>(kT)), groupGates(static_cast<size_t>(kG));
  std::vector<double> expertGates(static_cast<size_t>(kE));
  for (int64_t row = row0; row < row1; row++) {
    const float* x = call.a + row * d;
    int64_t slot = row * slots;
    const float* rowTierScores = tierScores.data() + (row - row0) * T;
    select_top_k({rowTierScores, &streams, TieStreams::kTierParent, TieStreams::kTierParent}, T, kT, tierSel.data());
    softmax_selected(rowTierScores, tierSel.data(), kT, tierGates.data());
    for (int64_t a1 = 0; a1 < kT; a1++) {
      const int64_t t = tierSel[static_cast<size_t>(a1)];
      matmul_rows(call.isa, call.routerGroup + t * G * d, G, d, x, 1, scores.data());
      select_top_k({scores.data(), &streams, t, TieStreams::kTierParent}, G, kG, groupSel.data());
      softmax_selected(scores.data(), groupSel.data(), kG, groupGates.data());
      for (int64_t c = 0; c < kG; c++) {
        const int64_t g = groupSel[static_cast<size_t>(c)];
        const double pathGate = tierGates[static_cast<size_t>(a1)] * groupGates[static_cast<size_t>(c)];
        matmul_rows(call.isa, call.routerExpert + (t * G + g) * E * d, E, d, x, 1, scores.data());
        select_top_k({scores.data(), &streams, t, g}, E, kE, expertSel.data());
        softmax_selected(scores.data(), expertSel.data(), kE, expertGates.data());
        for (int64_t r = 0; r < kE; r++, slot++) {
          const int32_t e = expertSel[static_cast<size_t>(r)];
          call.tier[slot] = static_cast<int32_t>(t);
          call.group[slot] = static_cast<int32_t>(g);
          call.expert[slot] = e;
          call.id[slot] = static_cast<uint32_t>((t * G + g) * E + e);
          call.gate[slot] = pathGate * expertGates[static_cast<size_t>(r)];
        }
      }
    }
  }
}

}  // namespace

void route_rows(Isa isa, const RouteShape& s, const float* routerTier, const float* routerGroup,
                const float* routerExpert, const char* routingSeed, int64_t layer, const float* a, int64_t rows,
                int32_t* tier, int32_t* group, int32_t* expert, uint32_t* id, double* gate) {
  const RouteCall call{isa, &s, routerTier, routerGroup, routerExpert, routingSeed, layer, a,
                       tier, group, expert, id, gate};
  if (rows < kMinRowsToSplit) {
    route_range(call, 0, rows);
    return;
  }
  // About eight blocks, so that the threads even out when one of them is held up.
  const int64_t blockRows = (rows + 7) / 8 < kMinRowsToSplit ? kMinRowsToSplit : (rows + 7) / 8;
  PieceQueue queue((rows + blockRows - 1) / blockRows);
  auto work = [&](int) {
    for (int64_t block = 0; queue.take(block);) {
      const int64_t row0 = block * blockRows;
      route_range(call, row0, row0 + blockRows < rows ? row0 + blockRows : rows);
    }
  };
  share_pieces(work);
}

}  // namespace litellm::cpu
