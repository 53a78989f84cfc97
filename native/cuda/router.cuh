// CUDA versions of HSER routing (moe-router.ts routeRows) and rotary position embedding (rope.ts RopeTable.applyRow),
// bit-identical to the TypeScript reference and to the CPU backend's litellm::cpu::route_rows / rope_rows. Launchers
// take device pointers (except the seed string, a host string), run asynchronously on `stream` and return a
// cudaError_t (cudaErrorInvalidValue for arguments outside the supported range); they never abort.
#pragma once

#include <cstdint>

#include <cuda_runtime.h>

namespace litellm::cuda {

// The routing hierarchy: d inputs; T tiers, G groups per tier, E experts per group; k chosen at each level.
struct RouteShape {
  int64_t d, tiers, groupsPerTier, expertsPerGroup, kTier, kGroup, kExpert;
};

// Longest routing seed string accepted (it travels to the kernel by value inside the tie-break label prefix).
constexpr int64_t kMaxRoutingSeedBytes = 160;

// Routes rows of a ([rows, d], normalised hidden rows) through routerTier [T][d], routerGroup [T*G][d] and
// routerExpert [T*G*E][d]. Writes rows*slots entries (slots = kT*kG*kE) of tier, group, expert, id = (t*G+g)*E+e and
// the binary64 gate tierGate*groupGate*expertGate, in SPEC-003 output order (tier rank, group rank, expert rank).
// Ties between equal binary32 scores are broken by the SplitMix64 tie keys of the stream
// `litellm/v1/tiebreak/<routingSeed>/<layer>/<level>/<parentPath>`, derived on the device only when a tie occurs.
// Requires 1 <= k <= count at every level; one thread routes one row.
cudaError_t route_rows(const RouteShape& shape, const float* routerTier, const float* routerGroup,
                       const float* routerExpert, const char* routingSeed, int64_t layer, const float* a, int64_t rows,
                       int32_t* tier, int32_t* group, int32_t* expert, uint32_t* id, double* gate,
                       cudaStream_t stream = nullptr);

// Rotates x [rows][heads*dHead] in place: row p at sequence position positions[p], pair j of every head by the
// binary32 tables cosTable/sinTable [maxSeq][dHead/2]: x0' = x0*c - x1*s, x1' = x0*s + x1*c (each step binary32).
// dHead must be even; one thread per (row, head, pair).
cudaError_t rope_rows(float* x, int64_t rows, const int32_t* positions, const float* cosTable, const float* sinTable,
                      int64_t heads, int64_t dHead, cudaStream_t stream = nullptr);

}  // namespace litellm::cuda
