// matmul_rows with AVX2 (8 outputs per vector). Only the functions here carry target("avx2"), so this file builds
// without -mavx2 and its code runs only after best_isa() found AVX2. Separate mul and add intrinsics, never FMA.

#include "isa-support.h"

#if defined(__x86_64__)

#include <immintrin.h>

namespace litellm::cpu {

namespace {

#define LITELLM_SIMD_TARGET __attribute__((target("avx2")))
#define LITELLM_SIMD_INLINE __attribute__((target("avx2"), always_inline)) static inline

struct Vec {
  using V = __m256;
  static constexpr int W = 8;
  LITELLM_SIMD_INLINE V zero() { return _mm256_setzero_ps(); }
  LITELLM_SIMD_INLINE V load(const float* p) { return _mm256_loadu_ps(p); }
  LITELLM_SIMD_INLINE V bcast(const float* p) { return _mm256_broadcast_ss(p); }
  LITELLM_SIMD_INLINE V add(V a, V b) { return _mm256_add_ps(a, b); }
  LITELLM_SIMD_INLINE V mul(V a, V b) { return _mm256_mul_ps(a, b); }
  LITELLM_SIMD_INLINE __m256i first_lanes(int n) {
    return _mm256_cmpgt_epi32(_mm256_set1_epi32(n), _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7));
  }
  // The first n lanes from p, zero in the others, reading no memory beyond them.
  LITELLM_SIMD_INLINE V load_n(const float* p, int n) {
    return n >= W ? _mm256_loadu_ps(p) : _mm256_maskload_ps(p, first_lanes(n));
  }
  LITELLM_SIMD_INLINE void store_n(float* p, V v, int n) {
    if (n >= W) {
      _mm256_storeu_ps(p, v);
    } else if (n > 0) {
      _mm256_maskstore_ps(p, first_lanes(n), v);
    }
  }
};

// 16 ymm registers: 4 rows x 2 vectors of accumulators, plus the W vectors and a broadcast.
constexpr int kMaxRows = 4;
constexpr int kMaxAccumulators = 8;
constexpr int64_t kChunk = 128;  // 32 outputs x 128 columns = 16 KiB of packed panel, resident in L1

#include "matmul-panel.inc"

#undef LITELLM_SIMD_INLINE
#undef LITELLM_SIMD_TARGET

}  // namespace

void matmul_rows_avx2(const float* W, int64_t outDim, int64_t inDim, const float* X, int64_t rows, float* Y,
                      int64_t ldY) {
  matmul_panels(W, outDim, inDim, X, rows, Y, ldY);
}

}  // namespace litellm::cpu

#else  // not x86-64: the ISA is never selected (hardware_isa() reports scalar), so forward to the scalar path.

namespace litellm::cpu {

void matmul_rows_avx2(const float* W, int64_t outDim, int64_t inDim, const float* X, int64_t rows, float* Y,
                      int64_t ldY) {
  matmul_rows_scalar(W, outDim, inDim, X, rows, Y, ldY);
}

}  // namespace litellm::cpu

#endif
