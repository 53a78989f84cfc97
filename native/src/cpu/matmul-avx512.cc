// matmul_rows with AVX-512 (16 outputs per vector). Only the functions here carry the avx512 target, so this file
// builds without -mavx512f and its code runs only after best_isa() found AVX-512 F/VL/BW. The avx512f target also
// enables FMA, so -ffp-contract=off is what keeps each mul and add separately rounded.

#include "isa-support.h"

#if defined(__x86_64__)

#include <immintrin.h>

namespace litellm::cpu {

namespace {

#define LITELLM_SIMD_TARGET __attribute__((target("avx512f,avx512vl,avx512bw")))
#define LITELLM_SIMD_INLINE __attribute__((target("avx512f,avx512vl,avx512bw"), always_inline)) static inline

struct Vec {
  using V = __m512;
  static constexpr int W = 16;
  LITELLM_SIMD_INLINE V zero() { return _mm512_setzero_ps(); }
  LITELLM_SIMD_INLINE V load(const float* p) { return _mm512_loadu_ps(p); }
  LITELLM_SIMD_INLINE V bcast(const float* p) { return _mm512_set1_ps(*p); }
  LITELLM_SIMD_INLINE V add(V a, V b) { return _mm512_add_ps(a, b); }
  LITELLM_SIMD_INLINE V mul(V a, V b) { return _mm512_mul_ps(a, b); }
  LITELLM_SIMD_INLINE __mmask16 first_lanes(int n) { return static_cast<__mmask16>((1u << n) - 1u); }
  // The first n lanes from p, zero in the others, reading no memory beyond them.
  LITELLM_SIMD_INLINE V load_n(const float* p, int n) {
    return n >= W ? _mm512_loadu_ps(p) : _mm512_maskz_loadu_ps(first_lanes(n), p);
  }
  LITELLM_SIMD_INLINE void store_n(float* p, V v, int n) {
    if (n >= W) {
      _mm512_storeu_ps(p, v);
    } else if (n > 0) {
      _mm512_mask_storeu_ps(p, first_lanes(n), v);
    }
  }
};

// 32 zmm registers: 4 rows x 4 vectors of accumulators, plus the W vectors and a broadcast.
constexpr int kMaxRows = 4;
constexpr int kMaxAccumulators = 16;
constexpr int64_t kChunk = 128;  // 64 outputs x 128 columns = 32 KiB of packed panel

#include "matmul-panel.inc"

#undef LITELLM_SIMD_INLINE
#undef LITELLM_SIMD_TARGET

}  // namespace

void matmul_rows_avx512(const float* W, int64_t outDim, int64_t inDim, const float* X, int64_t rows, float* Y,
                        int64_t ldY) {
  matmul_panels(W, outDim, inDim, X, rows, Y, ldY);
}

}  // namespace litellm::cpu

#else  // not x86-64: the ISA is never selected (hardware_isa() reports scalar), so forward to the scalar path.

namespace litellm::cpu {

void matmul_rows_avx512(const float* W, int64_t outDim, int64_t inDim, const float* X, int64_t rows, float* Y,
                        int64_t ldY) {
  matmul_rows_scalar(W, outDim, inDim, X, rows, Y, ldY);
}

}  // namespace litellm::cpu

#endif
