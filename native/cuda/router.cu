// HSER routing and RoPE kernels with their launchers (router.cuh). Routing is sequential per token: each level's
// candidates depend on the level above, and the top-k insertion, the tie keys and the softmax sums all have an order
// that the contract fixes. So one thread routes one row from start to end, exactly as moe-router.ts does, and rows
// spread across threads. Every float step is a round-to-nearest intrinsic (never an FMA).
#include <cmath>
#include <cstring>
#include <string>

#include "common/sha256-core.h"
#include "common/splitmix64.h"
#include "exp-js.cuh"
#include "router.cuh"

namespace litellm::cuda {
namespace {

constexpr int kRouteThreads = 64;
constexpr int kRopeThreads = 256;
// Selections of a row live in thread-local arrays when kT + kG + kE fits; larger k use a device scratch allocation.
constexpr int64_t kLocalSlots = 48;
constexpr int kLabelCapacity = 256;  // "litellm/v1/tiebreak/<seed>/<layer>/" with the seed at most 160 bytes
constexpr int kPathCapacity = 64;    // "expert/" + two int64 decimals and a dot

struct RouteParams {
  int64_t d, T, G, E, kT, kG, kE, rows;
  const float* routerTier;
  const float* routerGroup;
  const float* routerExpert;
  const float* a;
  int32_t* tier;
  int32_t* group;
  int32_t* expert;
  uint32_t* id;
  double* gate;
  // Scratch of rows * (kT+kG+kE) selections, or null when the thread-local arrays suffice.
  int32_t* scratchIndex;
  float* scratchScore;
  double* scratchGate;
  int labelLength;
  char label[kLabelCapacity];  // the tie-break label up to and including "<layer>/"
};

// Ascending binary32 dot product from +0, each product and sum rounded (kernels.ts dotRows / matmulRows).
__device__ float dot_row(const float* w, const float* x, int64_t d) {
  float acc = 0.0f;
  for (int64_t i = 0; i < d; i++) acc = __fadd_rn(acc, __fmul_rn(w[i], x[i]));
  return acc;
}

__device__ int append_decimal(char* out, int at, int64_t value) {
  char digits[24];
  int n = 0;
  uint64_t v = value < 0 ? 0u - static_cast<uint64_t>(value) : static_cast<uint64_t>(value);
  do {
    digits[n++] = static_cast<char>('0' + v % 10u);
    v /= 10u;
  } while (v != 0);
  if (value < 0) out[at++] = '-';
  while (n > 0) out[at++] = digits[--n];
  return at;
}

__device__ int append_text(char* out, int at, const char* text) {
  while (*text != '\0') out[at++] = *text++;
  return at;
}

// The tie keys of the candidates under one parent (routing/top-k.ts TieKeys): output i of the SplitMix64 stream
// keyed by the first 8 bytes of SHA-256 of the parent's label. The key is derived on the first tie only.
class TieKeys {
 public:
  __device__ explicit TieKeys(const RouteParams& p) : p_(p) {}

  // level: 0 tier (path "-"), 1 group (path "<t>"), 2 expert (path "<t>.<g>").
  __device__ void select(int level, int64_t t, int64_t g) {
    level_ = level;
    t_ = t;
    g_ = g;
    ready_ = false;
  }

  // Negative, zero or positive as candidate a's tie key is below, equal to or above b's (unsigned 64-bit).
  __device__ int compare(int64_t a, int64_t b) {
    if (!ready_) {
      key_ = derive_key();
      ready_ = true;
    }
    const uint64_t ka = common::splitmix64_output(key_, static_cast<uint64_t>(a));
    const uint64_t kb = common::splitmix64_output(key_, static_cast<uint64_t>(b));
    return ka == kb ? 0 : ka < kb ? -1 : 1;
  }

 private:
  __device__ uint64_t derive_key() const {
    char text[kLabelCapacity + kPathCapacity];
    int n = 0;
    for (int i = 0; i < p_.labelLength; i++) text[n++] = p_.label[i];
    if (level_ == 0) {
      n = append_text(text, n, "tier/-");
    } else if (level_ == 1) {
      n = append_text(text, n, "group/");
      n = append_decimal(text, n, t_);
    } else {
      n = append_text(text, n, "expert/");
      n = append_decimal(text, n, t_);
      text[n++] = '.';
      n = append_decimal(text, n, g_);
    }
    return common::sha256_first64(reinterpret_cast<const unsigned char*>(text), static_cast<uint64_t>(n));
  }

  const RouteParams& p_;
  int level_ = 0;
  int64_t t_ = 0;
  int64_t g_ = 0;
  bool ready_ = false;
  uint64_t key_ = 0;
};

// routing/top-k.ts precedes: score descending, then tie key ascending, then candidate index ascending.
__device__ bool precedes(int64_t a, float sa, int64_t b, float sb, TieKeys& ties) {
  if (sa != sb) return sa > sb;
  const int byKey = ties.compare(a, b);
  return byKey != 0 ? byKey < 0 : a < b;
}

// routing/top-k.ts selectTopK by insertion into the k best, scoring candidate c as row w[c] . x when it is reached.
// (Above k = 32 TypeScript sorts instead; both give the first k of the same strict order.)
__device__ void select_top_k(const float* w, const float* x, int64_t d, int64_t count, int64_t k, TieKeys& ties,
                             int32_t* sel, float* score) {
  int64_t filled = 0;
  for (int64_t c = 0; c < count; c++) {
    const float s = dot_row(w + c * d, x, d);
    int64_t pos;
    if (filled < k) {
      pos = filled++;
    } else if (precedes(c, s, sel[k - 1], score[k - 1], ties)) {
      pos = k - 1;
    } else {
      continue;
    }
    while (pos > 0 && precedes(c, s, sel[pos - 1], score[pos - 1], ties)) {
      sel[pos] = sel[pos - 1];
      score[pos] = score[pos - 1];
      pos--;
    }
    sel[pos] = static_cast<int32_t>(c);
    score[pos] = s;
  }
}

// Math.max: NaN if either is NaN, and +0 over -0.
__device__ double js_max(double a, double b) {
  if (a != a || b != b) return a + b;
  if (a == b) return __double2hiint(a) < 0 ? b : a;
  return a > b ? a : b;
}

// routing/softmax.ts softmaxInto in binary64, rank order.
__device__ void softmax_gates(const float* score, int64_t k, double* gates) {
  double max = -INFINITY;
  for (int64_t r = 0; r < k; r++) max = js_max(max, static_cast<double>(score[r]));
  double sum = 0.0;
  for (int64_t r = 0; r < k; r++) {
    const double e = exp_js(__dsub_rn(static_cast<double>(score[r]), max));
    gates[r] = e;
    sum = __dadd_rn(sum, e);
  }
  for (int64_t r = 0; r < k; r++) gates[r] = __ddiv_rn(gates[r], sum);
}

__global__ void __launch_bounds__(kRouteThreads) route_kernel(const RouteParams p) {
  const int64_t row = static_cast<int64_t>(blockIdx.x) * blockDim.x + threadIdx.x;
  if (row >= p.rows) return;
  const int64_t K = p.kT + p.kG + p.kE;
  int32_t localIndex[kLocalSlots];
  float localScore[kLocalSlots];
  double localGate[kLocalSlots];
  int32_t* index = p.scratchIndex != nullptr ? p.scratchIndex + row * K : localIndex;
  float* score = p.scratchScore != nullptr ? p.scratchScore + row * K : localScore;
  double* gates = p.scratchGate != nullptr ? p.scratchGate + row * K : localGate;
  int32_t* tierSel = index;
  int32_t* groupSel = index + p.kT;
  int32_t* expertSel = groupSel + p.kG;
  float* tierScore = score;
  float* groupScore = score + p.kT;
  float* expertScore = groupScore + p.kG;
  double* tierGate = gates;
  double* groupGate = gates + p.kT;
  double* expertGate = groupGate + p.kG;

  const float* x = p.a + row * p.d;
  const int64_t slots = p.kT * p.kG * p.kE;
  int64_t slot = row * slots;
  TieKeys ties(p);
  ties.select(0, 0, 0);
  select_top_k(p.routerTier, x, p.d, p.T, p.kT, ties, tierSel, tierScore);
  softmax_gates(tierScore, p.kT, tierGate);
  for (int64_t a1 = 0; a1 < p.kT; a1++) {
    const int64_t t = tierSel[a1];
    ties.select(1, t, 0);
    select_top_k(p.routerGroup + t * p.G * p.d, x, p.d, p.G, p.kG, ties, groupSel, groupScore);
    softmax_gates(groupScore, p.kG, groupGate);
    for (int64_t c = 0; c < p.kG; c++) {
      const int64_t g = groupSel[c];
      const double pathGate = __dmul_rn(tierGate[a1], groupGate[c]);
      ties.select(2, t, g);
      select_top_k(p.routerExpert + (t * p.G + g) * p.E * p.d, x, p.d, p.E, p.kE, ties, expertSel, expertScore);
      softmax_gates(expertScore, p.kE, expertGate);
      for (int64_t r = 0; r < p.kE; r++, slot++) {
        const int64_t e = expertSel[r];
        p.tier[slot] = static_cast<int32_t>(t);
        p.group[slot] = static_cast<int32_t>(g);
        p.expert[slot] = static_cast<int32_t>(e);
        p.id[slot] = static_cast<uint32_t>((t * p.G + g) * p.E + e);
        p.gate[slot] = __dmul_rn(pathGate, expertGate[r]);
      }
    }
  }
}

// rope.ts applyRow: thread i rotates pair j of head hd of row p, i = (p*heads + hd)*half + j.
__global__ void __launch_bounds__(kRopeThreads)
    rope_kernel(float* __restrict__ x, int64_t total, const int32_t* __restrict__ positions,
                const float* __restrict__ cosTable, const float* __restrict__ sinTable, int64_t heads, int64_t half) {
  const int64_t i = static_cast<int64_t>(blockIdx.x) * blockDim.x + threadIdx.x;
  if (i >= total) return;
  const int64_t j = i % half;
  const int64_t row = i / half / heads;
  const int64_t table = static_cast<int64_t>(positions[row]) * half + j;
  const float c = cosTable[table];
  const float s = sinTable[table];
  float* pair = x + 2 * i;  // (row*heads + hd)*dHead + 2j with dHead = 2*half
  const float x0 = pair[0];
  const float x1 = pair[1];
  pair[0] = __fsub_rn(__fmul_rn(x0, c), __fmul_rn(x1, s));
  pair[1] = __fadd_rn(__fmul_rn(x0, s), __fmul_rn(x1, c));
}

bool valid_level(int64_t count, int64_t k) { return count >= 1 && k >= 1 && k <= count && count <= 2147483647; }

}  // namespace

cudaError_t route_rows(const RouteShape& s, const float* routerTier, const float* routerGroup,
                       const float* routerExpert, const char* routingSeed, int64_t layer, const float* a, int64_t rows,
                       int32_t* tier, int32_t* group, int32_t* expert, uint32_t* id, double* gate,
                       cudaStream_t stream) {
  if (routingSeed == nullptr || s.d < 0 || rows < 0 || !valid_level(s.tiers, s.kTier) ||
      !valid_level(s.groupsPerTier, s.kGroup) || !valid_level(s.expertsPerGroup, s.kExpert)) {
    return cudaErrorInvalidValue;
  }
  // Global ids are uint32 (SPEC-004: T*G*E at most 2^32); the slot count of all rows must index an int64.
  const int64_t groups = s.tiers * s.groupsPerTier;
  if (groups > 4294967296LL / s.expertsPerGroup) return cudaErrorInvalidValue;
  const int64_t slots = s.kTier * s.kGroup * s.kExpert;
  if (rows > 0 && slots > (int64_t{1} << 40) / rows) return cudaErrorInvalidValue;
  if (std::strlen(routingSeed) > static_cast<size_t>(kMaxRoutingSeedBytes)) return cudaErrorInvalidValue;
  const std::string label =
      "litellm/v1/tiebreak/" + std::string(routingSeed) + "/" + std::to_string(layer) + "/";
  if (label.size() > static_cast<size_t>(kLabelCapacity)) return cudaErrorInvalidValue;
  const int64_t blocks = (rows + kRouteThreads - 1) / kRouteThreads;
  if (blocks > 2147483647) return cudaErrorInvalidValue;
  if (rows == 0) return cudaSuccess;

  RouteParams p{};
  p.d = s.d;
  p.T = s.tiers;
  p.G = s.groupsPerTier;
  p.E = s.expertsPerGroup;
  p.kT = s.kTier;
  p.kG = s.kGroup;
  p.kE = s.kExpert;
  p.rows = rows;
  p.routerTier = routerTier;
  p.routerGroup = routerGroup;
  p.routerExpert = routerExpert;
  p.a = a;
  p.tier = tier;
  p.group = group;
  p.expert = expert;
  p.id = id;
  p.gate = gate;
  p.labelLength = static_cast<int>(label.size());
  for (size_t i = 0; i < label.size(); i++) p.label[i] = label[i];

  const int64_t K = s.kTier + s.kGroup + s.kExpert;
  void* scratch = nullptr;
  if (K > kLocalSlots) {
    const size_t perRow = static_cast<size_t>(K) * (sizeof(double) + sizeof(float) + sizeof(int32_t));
    const cudaError_t err = cudaMallocAsync(&scratch, perRow * static_cast<size_t>(rows), stream);
    if (err != cudaSuccess) return err;
    p.scratchGate = static_cast<double*>(scratch);
    p.scratchScore = reinterpret_cast<float*>(p.scratchGate + rows * K);
    p.scratchIndex = reinterpret_cast<int32_t*>(p.scratchScore + rows * K);
  }
  route_kernel<<<static_cast<unsigned>(blocks), kRouteThreads, 0, stream>>>(p);
  cudaError_t err = cudaGetLastError();
  if (scratch != nullptr) {
    const cudaError_t freed = cudaFreeAsync(scratch, stream);
    if (err == cudaSuccess) err = freed;
  }
  return err;
}

cudaError_t rope_rows(float* x, int64_t rows, const int32_t* positions, const float* cosTable, const float* sinTable,
                      int64_t heads, int64_t dHead, cudaStream_t stream) {
  if (rows < 0 || heads < 0 || dHead < 0 || dHead % 2 != 0) return cudaErrorInvalidValue;
  const int64_t half = dHead / 2;
  if (rows == 0 || heads == 0 || half == 0) return cudaSuccess;
  if (heads > (int64_t{1} << 40) / half || rows > (int64_t{1} << 40) / (heads * half)) return cudaErrorInvalidValue;
  const int64_t total = rows * heads * half;
  const int64_t blocks = (total + kRopeThreads - 1) / kRopeThreads;
  if (blocks > 2147483647) return cudaErrorInvalidValue;
  rope_kernel<<<static_cast<unsigned>(blocks), kRopeThreads, 0, stream>>>(x, total, positions, cosTable, sinTable,
                                                                          heads, half);
  return cudaGetLastError();
}

}  // namespace litellm::cuda
