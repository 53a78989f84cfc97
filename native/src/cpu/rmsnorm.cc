// rmsnorm_rows: kernels.ts rmsNormRows. The sum of squares runs in ascending j from +0 in binary32; d converts to
// binary32 exactly (d < 2^24), so sum / d is the same correctly rounded quotient TypeScript gets.

#include <cmath>

#include "kernels.h"

namespace litellm::cpu {

namespace {

constexpr float kRmsEpsilon = 0x1p-20f;

}  // namespace

void rmsnorm_rows(const float* x, int64_t rows, int64_t d, const float* w, float* out) {
  for (int64_t p = 0; p < rows; p++) {
    const float* h = x + p * d;
    float sum = 0.0f;
    for (int64_t j = 0; j < d; j++) sum = sum + h[j] * h[j];
    const float ms = sum / static_cast<float>(d);
    const float r = 1.0f / std::sqrt(ms + kRmsEpsilon);
    float* a = out + p * d;
    for (int64_t j = 0; j < d; j++) a[j] = (h[j] * r) * w[j];
  }
}

}  // namespace litellm::cpu
