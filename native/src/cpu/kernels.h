// CPU kernels of the forward pass, bit-identical to the TypeScript kernels in reference/src/forward (kernels.ts,
// expert-dispatch.ts, attention.ts). Every float operation is one correctly rounded binary32 operation and every
// reduction adds its terms in ascending order from +0, so SIMD and threads only ever work across independent outputs.
// Build with -ffp-contract=off and without -ffast-math: a fused multiply-add or a reassociated sum changes results.
#pragma once

#include <cstdint>

namespace litellm::cpu {

enum class Isa : int { Scalar = 0, Avx2 = 1, Avx512 = 2 };

// The widest ISA this CPU and OS support, lowered (never raised) by env LITELLM_NATIVE_ISA=scalar|avx2|avx512.
Isa best_isa();
// "scalar" | "avx2" | "avx512".
const char* isa_name(Isa isa);

// Math.exp of V8 (the fdlibm algorithm) in binary64, bit for bit, specials and thresholds included.
double exp_js(double x);
// z / (1 + exp(-z)) with the exp in binary64 and every other step in binary32.
float silu(float z);

// out[j] = ((output first + j of the SplitMix64 stream keyed `key`) >> 60) - 8) / 8 / scale, for j < count.
void weight_stream_fill(uint64_t key, uint64_t first, double scale, float* out, int64_t count);

// Y[p*outDim + o] = sum over ascending i of W[o*inDim + i] * X[p*inDim + i], for p < rows and o < outDim.
// W points at the first W row used. An Isa the CPU lacks is lowered to one it has.
void matmul_rows(Isa isa, const float* W, int64_t outDim, int64_t inDim, const float* X, int64_t rows, float* Y);

// matmul_rows with the output split between the caller and one pooled worker when threads == 2 (by rows when
// there are enough of them, otherwise by blocks of outputs). Results equal matmul_rows for every thread count.
void matmul_rows_threads(Isa isa, const float* W, int64_t outDim, int64_t inDim, const float* X, int64_t rows,
                         float* Y, int threads);

// Routed-expert FFN over packed rows: run r sends rows runStart[r] .. runStart[r]+runCount[r]-1 of X (packed
// [total, d]) through expert runExpert[r]: U = W1_e x, V = W3_e x, H = silu(U) * V, Y = W2_e H. w1 and w3 are
// stacked [E][dFF][d], w2 is stacked [E][d][dFF]; Y is packed [total, d]. threads: 1 or 2.
void expert_ffn_runs(Isa isa, const float* w1, const float* w3, const float* w2, int64_t d, int64_t dFF,
                     const float* X, const int32_t* runExpert, const int32_t* runStart, const int32_t* runCount,
                     int64_t runs, float* Y, int threads);

// out[p] = RMSNorm(x[p]) * w for rows p (each d wide), epsilon 2^-20.
void rmsnorm_rows(const float* x, int64_t rows, int64_t d, const float* w, float* out);

// Causal attention for one sequence: query rows firstRow .. firstRow+count-1 of q (row width d = heads*dHead) at
// positions firstPos.., over keys/values [capacity, d] holding positions 0 .. firstPos+count-1. Writes the same
// rows of out.
void attend_causal(const float* q, int64_t firstRow, int64_t count, int64_t firstPos, const float* keys,
                   const float* values, int64_t heads, int64_t dHead, float* out);

// The shape of one layer's router: model width d, the hierarchy T x G x E and the selection sizes per level.
struct RouteShape {
  int64_t d, tiers, groupsPerTier, expertsPerGroup, kTier, kGroup, kExpert;
  // SPEC-041 tier mask: when allowedCount > 0, only these tiers (ascending, distinct, at least kTier of them) can be
  // selected; the others score -infinity. Null and 0: every tier.
  const int32_t* allowedTiers = nullptr;
  int64_t allowedCount = 0;
};

// moe-router.ts routeRows. a: [rows, d] normalised hidden rows; routerTier [T][d], routerGroup [T*G][d],
// routerExpert [T*G*E][d]. Writes rows*slots entries (slots = kTier*kGroup*kExpert) of each output, in SPEC-003
// order (tier rank, group rank, expert rank): tier, group, expert, id = (t*G+g)*E+e, and the binary64 gate
// tierGate*groupGate*expertGate. Ranking: binary32 score descending, then the SplitMix64 tie key of the stream
// `litellm/v1/tiebreak/<routingSeed>/<layer>/<level>/<parentPath>` ascending, then index ascending.
// routingSeed is the decimal seed string (UTF-8, NUL-terminated). Rows may be split across two threads. With a
// tier mask (RouteShape::allowedTiers) the tiers outside it score -infinity, as moe-router.ts scores them.
void route_rows(Isa isa, const RouteShape& s, const float* routerTier, const float* routerGroup,
                const float* routerExpert, const char* routingSeed, int64_t layer, const float* a, int64_t rows,
                int32_t* tier, int32_t* group, int32_t* expert, uint32_t* id, double* gate);

// rope.ts RopeTable.applyRow for each row of x [rows][heads*dHead] at positions[row], in place, with the binary32
// tables cos/sin [maxSeq][dHead/2]: x0' = x0*c - x1*s, x1' = x0*s + x1*c, every product and sum rounded to binary32.
void rope_rows(float* x, int64_t rows, const int32_t* positions, const float* cosTable, const float* sinTable,
               int64_t heads, int64_t dHead);

}  // namespace litellm::cpu
