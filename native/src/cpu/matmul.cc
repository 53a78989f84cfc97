// matmul_rows: dispatch to the ISA variants, the scalar variant itself, and the two-thread split.
// The scalar variant follows kernels.ts matmulRows (four rows by two outputs, then two by four, then one by four):
// the blocking only shares loads between accumulators, and each accumulator adds its own products in ascending i.

#include <algorithm>

#include "isa-support.h"
#include "thread-pool.h"

namespace litellm::cpu {

namespace {

void four_rows(const float* W, int64_t outDim, int64_t inDim, const float* X, float* Y, int64_t ldY) {
  const float* x0 = X;
  const float* x1 = x0 + inDim;
  const float* x2 = x1 + inDim;
  const float* x3 = x2 + inDim;
  int64_t o = 0;
  for (; o + 2 <= outDim; o += 2) {
    const float* w0 = W + o * inDim;
    const float* w1 = w0 + inDim;
    float a0 = 0.0f, a1 = 0.0f, b0 = 0.0f, b1 = 0.0f, c0 = 0.0f, c1 = 0.0f, d0 = 0.0f, d1 = 0.0f;
    for (int64_t i = 0; i < inDim; i++) {
      const float v0 = w0[i];
      const float v1 = w1[i];
      a0 = a0 + v0 * x0[i];
      a1 = a1 + v1 * x0[i];
      b0 = b0 + v0 * x1[i];
      b1 = b1 + v1 * x1[i];
      c0 = c0 + v0 * x2[i];
      c1 = c1 + v1 * x2[i];
      d0 = d0 + v0 * x3[i];
      d1 = d1 + v1 * x3[i];
    }
    Y[o] = a0;
    Y[o + 1] = a1;
    Y[ldY + o] = b0;
    Y[ldY + o + 1] = b1;
    Y[2 * ldY + o] = c0;
    Y[2 * ldY + o + 1] = c1;
    Y[3 * ldY + o] = d0;
    Y[3 * ldY + o + 1] = d1;
  }
  if (o < outDim) {
    const float* w = W + o * inDim;
    float a = 0.0f, b = 0.0f, c = 0.0f, d = 0.0f;
    for (int64_t i = 0; i < inDim; i++) {
      a = a + w[i] * x0[i];
      b = b + w[i] * x1[i];
      c = c + w[i] * x2[i];
      d = d + w[i] * x3[i];
    }
    Y[o] = a;
    Y[ldY + o] = b;
    Y[2 * ldY + o] = c;
    Y[3 * ldY + o] = d;
  }
}

void two_rows(const float* W, int64_t outDim, int64_t inDim, const float* X, float* Y, int64_t ldY) {
  const float* x0 = X;
  const float* x1 = X + inDim;
  int64_t o = 0;
  for (; o + 4 <= outDim; o += 4) {
    const float* w0 = W + o * inDim;
    const float* w1 = w0 + inDim;
    const float* w2 = w1 + inDim;
    const float* w3 = w2 + inDim;
    float a0 = 0.0f, a1 = 0.0f, a2 = 0.0f, a3 = 0.0f, b0 = 0.0f, b1 = 0.0f, b2 = 0.0f, b3 = 0.0f;
    for (int64_t i = 0; i < inDim; i++) {
      a0 = a0 + w0[i] * x0[i];
      a1 = a1 + w1[i] * x0[i];
      a2 = a2 + w2[i] * x0[i];
      a3 = a3 + w3[i] * x0[i];
      b0 = b0 + w0[i] * x1[i];
      b1 = b1 + w1[i] * x1[i];
      b2 = b2 + w2[i] * x1[i];
      b3 = b3 + w3[i] * x1[i];
    }
    Y[o] = a0;
    Y[o + 1] = a1;
    Y[o + 2] = a2;
    Y[o + 3] = a3;
    Y[ldY + o] = b0;
    Y[ldY + o + 1] = b1;
    Y[ldY + o + 2] = b2;
    Y[ldY + o + 3] = b3;
  }
  for (; o < outDim; o++) {
    const float* w = W + o * inDim;
    float a = 0.0f, b = 0.0f;
    for (int64_t i = 0; i < inDim; i++) {
      a = a + w[i] * x0[i];
      b = b + w[i] * x1[i];
    }
    Y[o] = a;
    Y[ldY + o] = b;
  }
}

void one_row(const float* W, int64_t outDim, int64_t inDim, const float* x, float* y) {
  int64_t o = 0;
  for (; o + 4 <= outDim; o += 4) {
    const float* w0 = W + o * inDim;
    const float* w1 = w0 + inDim;
    const float* w2 = w1 + inDim;
    const float* w3 = w2 + inDim;
    float a0 = 0.0f, a1 = 0.0f, a2 = 0.0f, a3 = 0.0f;
    for (int64_t i = 0; i < inDim; i++) {
      a0 = a0 + w0[i] * x[i];
      a1 = a1 + w1[i] * x[i];
      a2 = a2 + w2[i] * x[i];
      a3 = a3 + w3[i] * x[i];
    }
    y[o] = a0;
    y[o + 1] = a1;
    y[o + 2] = a2;
    y[o + 3] = a3;
  }
  for (; o < outDim; o++) {
    const float* w = W + o * inDim;
    float a = 0.0f;
    for (int64_t i = 0; i < inDim; i++) a = a + w[i] * x[i];
    y[o] = a;
  }
}

// Outputs are split in multiples of this many, so each half keeps whole SIMD panels.
constexpr int64_t kOutputSplitQuantum = 64;
constexpr int64_t kMinRowsToSplitRows = 32;

}  // namespace

void matmul_rows_scalar(const float* W, int64_t outDim, int64_t inDim, const float* X, int64_t rows, float* Y,
                        int64_t ldY) {
  int64_t p = 0;
  for (; p + 4 <= rows; p += 4) four_rows(W, outDim, inDim, X + p * inDim, Y + p * ldY, ldY);
  if (p + 2 <= rows) {
    two_rows(W, outDim, inDim, X + p * inDim, Y + p * ldY, ldY);
    p += 2;
  }
  if (p < rows) one_row(W, outDim, inDim, X + p * inDim, Y + p * ldY);
}

void matmul_rows_strided(Isa isa, const float* W, int64_t outDim, int64_t inDim, const float* X, int64_t rows,
                         float* Y, int64_t ldY) {
  if (rows <= 0 || outDim <= 0) return;
  switch (usable_isa(isa)) {
    case Isa::Avx512:
      matmul_rows_avx512(W, outDim, inDim, X, rows, Y, ldY);
      return;
    case Isa::Avx2:
      matmul_rows_avx2(W, outDim, inDim, X, rows, Y, ldY);
      return;
    case Isa::Scalar:
      break;
  }
  matmul_rows_scalar(W, outDim, inDim, X, rows, Y, ldY);
}

void matmul_rows(Isa isa, const float* W, int64_t outDim, int64_t inDim, const float* X, int64_t rows, float* Y) {
  matmul_rows_strided(isa, W, outDim, inDim, X, rows, Y, outDim);
}

void matmul_rows_threads(Isa isa, const float* W, int64_t outDim, int64_t inDim, const float* X, int64_t rows,
                         float* Y, int threads) {
  // With many rows the threads share blocks of rows (each block still reuses every weight load across its rows);
  // with few, splitting the rows would make both threads read all of W, so they share blocks of outputs instead.
  const bool splitRows = rows >= kMinRowsToSplitRows;
  const bool splitOutputs = !splitRows && outDim >= 2 * kOutputSplitQuantum;
  if (threads < 2 || (!splitRows && !splitOutputs) || rows * outDim * inDim < (int64_t{1} << 16)) {
    matmul_rows(isa, W, outDim, inDim, X, rows, Y);
    return;
  }
  if (splitRows) {
    // Two blocks, each a multiple of 4 rows (full SIMD row blocks): every block reads all of W, so more blocks would
    // cost more weight traffic than evening out saves.
    const int64_t blockRows = (rows / 2 + 3) / 4 * 4;
    PieceQueue queue((rows + blockRows - 1) / blockRows);
    auto work = [&](int) {
      for (int64_t block = 0; queue.take(block);) {
        const int64_t p0 = block * blockRows;
        matmul_rows(isa, W, outDim, inDim, X + p0 * inDim, std::min(blockRows, rows - p0), Y + p0 * outDim);
      }
    };
    share_pieces(work);
    return;
  }
  // Few rows: the threads share blocks of outputs (W rows) of every row, whole SIMD panels each.
  PieceQueue queue((outDim + kOutputSplitQuantum - 1) / kOutputSplitQuantum);
  auto work = [&](int) {
    for (int64_t block = 0; queue.take(block);) {
      const int64_t o0 = block * kOutputSplitQuantum;
      matmul_rows_strided(isa, W + o0 * inDim, std::min(kOutputSplitQuantum, outDim - o0), inDim, X, rows, Y + o0, outDim);
    }
  };
  share_pieces(work);
}

}  // namespace litellm::cpu
