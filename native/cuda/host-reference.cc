// Host reference for gpu-check: the TypeScript kernels transcribed as plain loops, one binary32 rounding per
// operation (C++ float arithmetic compiled with -ffp-contract=off). Deliberately unoptimised and written apart from
// the CUDA code, so the two implementations only agree if both follow the contract.
#include "host-reference.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <thread>
#include <vector>

namespace litellm::hostref {
namespace {

uint32_t high_word(double x) {
  uint64_t bits;
  std::memcpy(&bits, &x, sizeof bits);
  return static_cast<uint32_t>(bits >> 32);
}

uint32_t low_word(double x) {
  uint64_t bits;
  std::memcpy(&bits, &x, sizeof bits);
  return static_cast<uint32_t>(bits);
}

double from_words(uint32_t hi, uint32_t lo) {
  const uint64_t bits = (static_cast<uint64_t>(hi) << 32) | lo;
  double x;
  std::memcpy(&x, &bits, sizeof x);
  return x;
}

// Runs body(begin, end) over [0, n) split into contiguous parts, one per thread.
template <class Body>
void split_range(int64_t n, int threads, Body body) {
  const int64_t parts = std::max<int64_t>(1, std::min<int64_t>(threads, n));
  if (parts == 1) {
    body(int64_t{0}, n);
    return;
  }
  std::vector<std::thread> pool;
  for (int64_t t = 0; t < parts; t++) {
    const int64_t begin = n * t / parts;
    const int64_t end = n * (t + 1) / parts;
    pool.emplace_back([=] { body(begin, end); });
  }
  for (auto& th : pool) th.join();
}

}  // namespace

// fdlibm e_exp.c as V8 ships it (src/base/ieee754.cc), including V8's exact answer for exp(1).
double exp_js(double x) {
  const double one = 1.0;
  const double o_threshold = 7.09782712893383973096e+02;
  const double u_threshold = -7.45133219101941108420e+02;
  const double ln2HI[2] = {6.93147180369123816490e-01, -6.93147180369123816490e-01};
  const double ln2LO[2] = {1.90821492927058770002e-10, -1.90821492927058770002e-10};
  const double halF[2] = {0.5, -0.5};
  const double invln2 = 1.44269504088896338700e+00;
  const double P1 = 1.66666666666666019037e-01;
  const double P2 = -2.77777777770155933842e-03;
  const double P3 = 6.61375632143793436117e-05;
  const double P4 = -1.65339022054652515390e-06;
  const double P5 = 4.13813679705723846039e-08;
  const double E = 2.718281828459045;
  const double twom1000 = 9.33263618503218878990e-302;
  const double two1023 = 8.988465674311579539e307;

  double hi = 0.0;
  double lo = 0.0;
  int32_t k = 0;
  uint32_t hx = high_word(x);
  const int xsb = static_cast<int>((hx >> 31) & 1);
  hx &= 0x7fffffffu;

  if (hx >= 0x40862E42u) {
    if (hx >= 0x7ff00000u) {
      if (((hx & 0xfffffu) | low_word(x)) != 0) return x + x;
      return xsb == 0 ? x : 0.0;
    }
    if (x > o_threshold) return std::numeric_limits<double>::infinity();
    if (x < u_threshold) return 0.0;
  }

  if (hx > 0x3FD62E42u) {
    if (hx < 0x3FF0A2B2u) {
      if (x == 1.0) return E;
      hi = x - ln2HI[xsb];
      lo = ln2LO[xsb];
      k = 1 - xsb - xsb;
    } else {
      k = static_cast<int32_t>(invln2 * x + halF[xsb]);
      const double t = k;
      hi = x - t * ln2HI[0];
      lo = t * ln2LO[0];
    }
    x = hi - lo;
  } else if (hx < 0x3E300000u) {
    return one + x;
  }

  const double t = x * x;
  const uint32_t scale = k >= -1021 ? static_cast<uint32_t>(k) : static_cast<uint32_t>(k + 1000);
  const double twopk = from_words(0x3ff00000u + (scale << 20), 0);
  const double c = x - t * (P1 + t * (P2 + t * (P3 + t * (P4 + t * P5))));
  if (k == 0) return one - ((x * c) / (c - 2.0) - x);
  const double y = one - ((lo - (x * c) / (2.0 - c)) - hi);
  if (k >= -1021) {
    if (k == 1024) return y * 2.0 * two1023;
    return y * twopk;
  }
  return y * twopk * twom1000;
}

float silu(float z) {
  const float e = static_cast<float>(exp_js(-static_cast<double>(z)));
  const float den = 1.0f + e;
  return z / den;
}

void swiglu(float* u, const float* v, int64_t n) {
  for (int64_t i = 0; i < n; i++) u[i] = silu(u[i]) * v[i];
}

void matmul_rows(const float* W, int64_t outDim, int64_t inDim, const float* X, int64_t rows, float* Y,
                 int threads) {
  split_range(rows * outDim, threads, [=](int64_t begin, int64_t end) {
    for (int64_t e = begin; e < end; e++) {
      const int64_t p = e / outDim;
      const int64_t o = e % outDim;
      const float* w = W + o * inDim;
      const float* x = X + p * inDim;
      float acc = 0.0f;
      for (int64_t i = 0; i < inDim; i++) {
        const float prod = w[i] * x[i];
        acc = acc + prod;
      }
      Y[p * outDim + o] = acc;
    }
  });
}

void expert_ffn_runs(const float* w1, const float* w3, const float* w2, int64_t d, int64_t dFF, const float* X,
                     const int32_t* runExpert, const int32_t* runStart, const int32_t* runCount, int64_t runs,
                     float* Y, float* U, float* V, int threads) {
  for (int64_t r = 0; r < runs; r++) {
    const int64_t e = runExpert[r];
    const int64_t start = runStart[r];
    const int64_t count = runCount[r];
    if (count == 0) continue;
    float* u = U + start * dFF;
    float* v = V + start * dFF;
    matmul_rows(w1 + e * dFF * d, dFF, d, X + start * d, count, u, threads);
    matmul_rows(w3 + e * dFF * d, dFF, d, X + start * d, count, v, threads);
    swiglu(u, v, count * dFF);
    matmul_rows(w2 + e * d * dFF, d, dFF, u, count, Y + start * d, threads);
  }
}

void rmsnorm_rows(const float* x, int64_t rows, int64_t d, const float* w, float* out) {
  const float epsilon = 0x1p-20f;
  for (int64_t p = 0; p < rows; p++) {
    const float* h = x + p * d;
    float sum = 0.0f;
    for (int64_t j = 0; j < d; j++) {
      const float sq = h[j] * h[j];
      sum = sum + sq;
    }
    // TS divides by the integer d in binary64 and rounds once.
    const float ms = static_cast<float>(static_cast<double>(sum) / static_cast<double>(d));
    const float root = std::sqrt(ms + epsilon);
    const float r = 1.0f / root;
    for (int64_t j = 0; j < d; j++) {
      const float scaled = h[j] * r;
      out[p * d + j] = scaled * w[j];
    }
  }
}

void attend_causal(const float* q, int64_t firstRow, int64_t count, int64_t firstPos, const float* keys,
                   const float* values, int64_t heads, int64_t dHead, float* out) {
  const int64_t d = heads * dHead;
  const float scale = static_cast<float>(1.0 / std::sqrt(static_cast<double>(dHead)));
  std::vector<double> scores(static_cast<size_t>(firstPos + count));
  std::vector<float> acc(static_cast<size_t>(dHead));
  for (int64_t r = 0; r < count; r++) {
    const int64_t row = firstRow + r;
    const int64_t pos = firstPos + r;
    for (int64_t hd = 0; hd < heads; hd++) {
      const float* qh = q + row * d + hd * dHead;
      double max = -std::numeric_limits<double>::infinity();
      for (int64_t t = 0; t <= pos; t++) {
        const float* k = keys + t * d + hd * dHead;
        float dot = 0.0f;
        for (int64_t j = 0; j < dHead; j++) {
          const float prod = qh[j] * k[j];
          dot = dot + prod;
        }
        const float score = dot * scale;
        scores[t] = score;
        if (score > max) max = score;
      }
      double sum = 0.0;
      for (int64_t t = 0; t <= pos; t++) {
        const double e = exp_js(scores[t] - max);
        scores[t] = e;
        sum += e;
      }
      std::fill(acc.begin(), acc.end(), 0.0f);
      for (int64_t t = 0; t <= pos; t++) {
        const float p = static_cast<float>(scores[t] / sum);
        const float* v = values + t * d + hd * dHead;
        for (int64_t j = 0; j < dHead; j++) {
          const float prod = p * v[j];
          acc[j] = acc[j] + prod;
        }
      }
      for (int64_t j = 0; j < dHead; j++) out[row * d + hd * dHead + j] = acc[j];
    }
  }
}

}  // namespace litellm::hostref
