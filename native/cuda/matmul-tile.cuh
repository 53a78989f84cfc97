// The block-tiled product behind matmul_rows and expert_ffn_runs. A block computes a BM x BN tile of Y (BM rows of
// one run, BN outputs) and each thread owns TM x TN output elements, spread TY rows and TX outputs apart so that a
// warp's shared-memory reads fall in distinct banks. X and W tiles of BK inputs stream through a STAGES-deep ring of
// shared memory filled with cp.async, but every accumulator still adds w*x for i = 0, 1, 2, ... in order, one
// rounding per multiply and per add: tiling only changes which loads are shared, never the reduction.
#pragma once

#include <cstdint>

namespace litellm::cuda::detail {

constexpr int kMaxRunsPerLaunch = 96;
constexpr int kMaxRowTilesPerLaunch = 65535;  // gridDim.y limit

// Run r of a launch covers packed rows start[r] .. start[r]+count[r]-1 with the weights of expert[r];
// firstTile[r] is its first row tile on the grid's y axis and firstTile[runs] the number of row tiles.
// Passed by value as a kernel parameter, so a launch needs no host-to-device copy.
struct RunTable {
  int32_t runs;
  int32_t expert[kMaxRunsPerLaunch];
  int32_t start[kMaxRunsPerLaunch];
  int32_t count[kMaxRunsPerLaunch];
  int32_t firstTile[kMaxRunsPerLaunch + 1];
};

// One or two independent products over the same X (blockIdx.z picks): W1 -> U and W3 -> V share one grid.
struct ProductPair {
  const float* W[2];
  float* Y[2];
};

__device__ __forceinline__ void cp_async_16(void* smem, const void* gmem, bool valid) {
  const unsigned dst = static_cast<unsigned>(__cvta_generic_to_shared(smem));
  const int bytes = valid ? 16 : 0;  // 0 bytes read: the slot is zero-filled
  asm volatile("cp.async.cg.shared.global [%0], [%1], 16, %2;\n" ::"r"(dst), "l"(gmem), "r"(bytes) : "memory");
}

__device__ __forceinline__ void cp_async_4(void* smem, const void* gmem, bool valid) {
  const unsigned dst = static_cast<unsigned>(__cvta_generic_to_shared(smem));
  const int bytes = valid ? 4 : 0;
  asm volatile("cp.async.ca.shared.global [%0], [%1], 4, %2;\n" ::"r"(dst), "l"(gmem), "r"(bytes) : "memory");
}

__device__ __forceinline__ void cp_async_commit() { asm volatile("cp.async.commit_group;\n" ::: "memory"); }

template <int N>
__device__ __forceinline__ void cp_async_wait() {
  asm volatile("cp.async.wait_group %0;\n" ::"n"(N) : "memory");
}

template <int I>
__device__ __forceinline__ float component(const float4& v) {
  if constexpr (I == 0) return v.x;
  if constexpr (I == 1) return v.y;
  if constexpr (I == 2) return v.z;
  return v.w;
}

// acc[m][n] += w[n] * x[m] for input index kk + I: one step of every chain this thread owns.
template <int TM, int TN, int I>
__device__ __forceinline__ void accumulate_step(float (&acc)[TM][TN], const float4 (&xv)[TM], const float4 (&wv)[TN]) {
#pragma unroll
  for (int m = 0; m < TM; m++) {
#pragma unroll
    for (int n = 0; n < TN; n++) {
      acc[m][n] = __fadd_rn(acc[m][n], __fmul_rn(component<I>(wv[n]), component<I>(xv[m])));
    }
  }
}

// Copies a tile of `tileRows` rows by BK inputs (from k0) of a row-major [*, inDim] matrix into shared memory,
// zero-filling rows >= validRows and inputs >= inDim. VEC moves 16 bytes at a time (needs inDim % 4 == 0 and a
// 16-byte aligned base); otherwise 4 bytes.
template <int ROWS, int BK, int LD, int THREADS, bool VEC>
__device__ __forceinline__ void load_tile(float (*tile)[LD], const float* base, int validRows, int inDim, int k0,
                                          int tid) {
  if constexpr (VEC) {
    constexpr int CHUNKS = BK / 4;
#pragma unroll 4
    for (int c = tid; c < ROWS * CHUNKS; c += THREADS) {
      const int r = c / CHUNKS;
      const int kc = (c % CHUNKS) * 4;
      const bool ok = r < validRows && k0 + kc < inDim;
      cp_async_16(&tile[r][kc], ok ? base + static_cast<int64_t>(r) * inDim + k0 + kc : base, ok);
    }
  } else {
#pragma unroll 4
    for (int c = tid; c < ROWS * BK; c += THREADS) {
      const int r = c / BK;
      const int kc = c % BK;
      const bool ok = r < validRows && k0 + kc < inDim;
      cp_async_4(&tile[r][kc], ok ? base + static_cast<int64_t>(r) * inDim + k0 + kc : base, ok);
    }
  }
}

template <int BM, int BN, int TM, int TN, int BK, int STAGES, bool VEC>
__global__ void __launch_bounds__((BM / TM) * (BN / TN))
    grouped_product_kernel(ProductPair pair, int64_t expertStride, int outDim, int inDim,
                           const float* __restrict__ X, RunTable table) {
  constexpr int TX = BN / TN;
  constexpr int TY = BM / TM;
  constexpr int THREADS = TX * TY;
  constexpr int LD = BK + 4;  // odd number of 16-byte units per row: 8 consecutive rows hit 8 distinct bank groups
  static_assert(BK % 4 == 0 && STAGES >= 2, "tile shape");
  __shared__ __align__(16) float Xs[STAGES][BM][LD];
  __shared__ __align__(16) float Ws[STAGES][BN][LD];

  // The run that owns this row tile: the last run whose first tile is <= blockIdx.y (empty runs are never listed).
  const int tile = static_cast<int>(blockIdx.y);
  int lo = 0;
  int hi = table.runs - 1;
  while (lo < hi) {
    const int mid = (lo + hi + 1) >> 1;
    if (table.firstTile[mid] <= tile) lo = mid; else hi = mid - 1;
  }
  const int rowTile = tile - table.firstTile[lo];
  const int64_t row0 = static_cast<int64_t>(table.start[lo]) + static_cast<int64_t>(rowTile) * BM;
  const int rowsHere = min(BM, table.count[lo] - rowTile * BM);
  const int o0 = static_cast<int>(blockIdx.x) * BN;
  const int outsHere = min(BN, outDim - o0);
  const float* Wb = (blockIdx.z == 0 ? pair.W[0] : pair.W[1]) + static_cast<int64_t>(table.expert[lo]) * expertStride +
                    static_cast<int64_t>(o0) * inDim;
  const float* Xb = X + row0 * inDim;

  const int tid = static_cast<int>(threadIdx.x);
  const int tx = tid % TX;
  const int ty = tid / TX;
  const bool active = ty < rowsHere && tx < outsHere;  // else every chain of this thread is outside Y

  float acc[TM][TN];
#pragma unroll
  for (int m = 0; m < TM; m++) {
#pragma unroll
    for (int n = 0; n < TN; n++) acc[m][n] = 0.0f;
  }

  const int numK = (inDim + BK - 1) / BK;
#pragma unroll
  for (int s = 0; s < STAGES - 1; s++) {
    if (s < numK) {
      load_tile<BM, BK, LD, THREADS, VEC>(Xs[s], Xb, rowsHere, inDim, s * BK, tid);
      load_tile<BN, BK, LD, THREADS, VEC>(Ws[s], Wb, outsHere, inDim, s * BK, tid);
    }
    cp_async_commit();
  }

  for (int kt = 0; kt < numK; kt++) {
    cp_async_wait<STAGES - 2>();  // tile kt has landed
    __syncthreads();              // and every thread is done with the slot refilled next
    const int next = kt + STAGES - 1;
    if (next < numK) {
      load_tile<BM, BK, LD, THREADS, VEC>(Xs[next % STAGES], Xb, rowsHere, inDim, next * BK, tid);
      load_tile<BN, BK, LD, THREADS, VEC>(Ws[next % STAGES], Wb, outsHere, inDim, next * BK, tid);
    }
    cp_async_commit();
    if (!active) continue;

    const int slot = kt % STAGES;
    const int kLen = min(BK, inDim - kt * BK);
    if (kLen == BK) {
#pragma unroll
      for (int kk = 0; kk < BK; kk += 4) {
        float4 xv[TM];
        float4 wv[TN];
#pragma unroll
        for (int m = 0; m < TM; m++) xv[m] = *reinterpret_cast<const float4*>(&Xs[slot][ty + m * TY][kk]);
#pragma unroll
        for (int n = 0; n < TN; n++) wv[n] = *reinterpret_cast<const float4*>(&Ws[slot][tx + n * TX][kk]);
        accumulate_step<TM, TN, 0>(acc, xv, wv);
        accumulate_step<TM, TN, 1>(acc, xv, wv);
        accumulate_step<TM, TN, 2>(acc, xv, wv);
        accumulate_step<TM, TN, 3>(acc, xv, wv);
      }
    } else {
      // The last, partial tile: exactly the remaining inputs, never the zero fill (0*x could turn -0 into +0).
      for (int kk = 0; kk < kLen; kk++) {
#pragma unroll
        for (int m = 0; m < TM; m++) {
#pragma unroll
          for (int n = 0; n < TN; n++) {
            acc[m][n] = __fadd_rn(acc[m][n], __fmul_rn(Ws[slot][tx + n * TX][kk], Xs[slot][ty + m * TY][kk]));
          }
        }
      }
    }
  }
  cp_async_wait<0>();

  float* Y = blockIdx.z == 0 ? pair.Y[0] : pair.Y[1];
#pragma unroll
  for (int m = 0; m < TM; m++) {
    const int r = ty + m * TY;
    if (r >= rowsHere) continue;
    float* y = Y + (row0 + r) * outDim + o0;
#pragma unroll
    for (int n = 0; n < TN; n++) {
      const int o = tx + n * TX;
      if (o < outsHere) y[o] = acc[m][n];
    }
  }
}

}  // namespace litellm::cuda::detail
