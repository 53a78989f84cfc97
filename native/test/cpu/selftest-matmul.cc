// matmul_rows: the scalar path against a direct loop, and every ISA this machine has against the scalar path, over
// all rows 1..70 x outDims 1..40, 64 x inDims 1..40, 64, plus shapes that cross the SIMD panel (32 or 64 outputs)
// and column chunk (128) boundaries; inputs sit at unaligned offsets. Also a guard that no multiply-add is fused.

#include <cstdio>
#include <vector>

#include "cpu/kernels.h"
#include "selftest-support.h"

namespace selftest {

namespace {

using litellm::cpu::Isa;

// The definition itself: per output, products rounded then added in ascending i, from +0.
void reference_matmul(const float* W, int64_t outDim, int64_t inDim, const float* X, int64_t rows, float* Y) {
  for (int64_t p = 0; p < rows; p++) {
    for (int64_t o = 0; o < outDim; o++) {
      float acc = 0.0f;
      for (int64_t i = 0; i < inDim; i++) acc = acc + W[o * inDim + i] * X[p * inDim + i];
      Y[p * outDim + o] = acc;
    }
  }
}

std::vector<Isa> available_isas() {
  std::vector<Isa> isas = {Isa::Scalar};
  const Isa best = litellm::cpu::best_isa();
  if (best == Isa::Avx2 || best == Isa::Avx512) isas.push_back(Isa::Avx2);
  if (best == Isa::Avx512) isas.push_back(Isa::Avx512);
  return isas;
}

// A pool of test data; each shape takes W and X from random (so mostly unaligned) offsets in it.
struct Pool {
  std::vector<float> data;
  SplitMix64 rng;
  explicit Pool(uint64_t seed) : rng(seed) { data = awkward_floats(rng, size_t{1} << 21); }
  const float* take(int64_t n) {
    return data.data() + rng.below(static_cast<int64_t>(data.size()) - n + 1);
  }
};

// One shape: Y checked for every ISA path (and the threaded entry point), and the guard floats around Y must stay
// untouched.
void check_shape(Tally& tally, Pool& pool, int64_t rows, int64_t outDim, int64_t inDim, bool threads) {
  const float* W = pool.take(outDim * inDim);
  const float* X = pool.take(rows * inDim);
  // The threaded shapes also run on exactly sized copies, so that a read past W or X is a fault under a sanitizer.
  std::vector<float> wExact;
  std::vector<float> xExact;
  if (threads) {
    wExact.assign(W, W + outDim * inDim);
    xExact.assign(X, X + rows * inDim);
    W = wExact.data();
    X = xExact.data();
  }
  const size_t n = static_cast<size_t>(rows * outDim);
  std::vector<float> expected(n);
  reference_matmul(W, outDim, inDim, X, rows, expected.data());
  char what[96];
  for (Isa isa : available_isas()) {
    std::vector<float> Y(n + 5, 1234.5f);
    litellm::cpu::matmul_rows(isa, W, outDim, inDim, X, rows, Y.data() + 1);
    std::snprintf(what, sizeof what, "matmul_rows %s rows=%ld out=%ld in=%ld", litellm::cpu::isa_name(isa),
                  static_cast<long>(rows), static_cast<long>(outDim), static_cast<long>(inDim));
    tally.compare(what, expected.data(), Y.data() + 1, n);
    const float guard[4] = {1234.5f, 1234.5f, 1234.5f, 1234.5f};
    if (!tally.compare("matmul_rows wrote outside Y (before)", guard, Y.data(), 1)) continue;
    tally.compare("matmul_rows wrote outside Y (after)", guard, Y.data() + 1 + n, 4);
    if (!threads) continue;
    std::vector<float> Y2(n);
    litellm::cpu::matmul_rows_threads(isa, W, outDim, inDim, X, rows, Y2.data(), 2);
    std::snprintf(what, sizeof what, "matmul_rows_threads %s rows=%ld out=%ld in=%ld", litellm::cpu::isa_name(isa),
                  static_cast<long>(rows), static_cast<long>(outDim), static_cast<long>(inDim));
    tally.compare(what, expected.data(), Y2.data(), n);
  }
}

// (-1)*1 + (1+2^-12)^2: the rounded product is 1+2^-11 (a tie, to even), so the sum is 2^-11; a fused multiply-add
// would keep the 2^-24 and give 2^-11 + 2^-24.
void check_no_fused_multiply_add(Tally& tally) {
  const float a = 1.0f + 0x1p-12f;
  const float W[2] = {-1.0f, a};
  const float X[2] = {1.0f, a};
  const float expected[1] = {0x1p-11f};
  for (Isa isa : available_isas()) {
    float Y[1] = {0.0f};
    litellm::cpu::matmul_rows(isa, W, 1, 2, X, 1, Y);
    tally.compare(isa == Isa::Scalar ? "fused multiply-add (scalar)" : "fused multiply-add (simd)", expected, Y, 1);
  }
}

}  // namespace

void test_matmul(Tally& tally) {
  check_no_fused_multiply_add(tally);
  Pool pool(0x5EED0001);
  std::vector<int64_t> dims;
  for (int64_t k = 1; k <= 40; k++) dims.push_back(k);
  dims.push_back(64);
  for (int64_t rows = 1; rows <= 70; rows++) {
    for (int64_t outDim : dims) {
      for (int64_t inDim : dims) check_shape(tally, pool, rows, outDim, inDim, false);
    }
  }
  // Panel, chunk and thread-split boundaries, and an empty reduction.
  const int64_t wideOut[] = {63, 64, 65, 97, 128, 129, 200};
  const int64_t wideIn[] = {0, 1, 127, 128, 129, 257, 300};
  const int64_t someRows[] = {1, 3, 5, 8, 13};
  for (int64_t outDim : wideOut) {
    for (int64_t inDim : wideIn) {
      for (int64_t rows : someRows) check_shape(tally, pool, rows, outDim, inDim, true);
    }
  }
  check_shape(tally, pool, 70, 300, 200, true);
}

}  // namespace selftest
