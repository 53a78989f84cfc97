// attend_causal: attention.ts attendCausal for one sequence. Scores are binary32 dots (ascending j) times a
// binary32 scale; the softmax is binary64 (max of the binary32 scores, exp_js, a sum in ascending t), each weight
// rounded to binary32; the output is sum over ascending t of p_t * v_t per element in binary32.
// Four keys are scored together only to overlap their independent rounding chains.

#include <cmath>
#include <vector>

#include "kernels.h"

namespace litellm::cpu {

void attend_causal(const float* q, int64_t firstRow, int64_t count, int64_t firstPos, const float* keys,
                   const float* values, int64_t heads, int64_t dHead, float* out) {
  if (count <= 0 || heads <= 0 || dHead <= 0) return;
  const int64_t d = heads * dHead;
  const float scale = static_cast<float>(1.0 / std::sqrt(static_cast<double>(dHead)));
  std::vector<double> scores(static_cast<size_t>(firstPos + count));
  std::vector<float> acc(static_cast<size_t>(dHead));
  for (int64_t r = 0; r < count; r++) {
    const int64_t row = firstRow + r;
    const int64_t pos = firstPos + r;
    for (int64_t hd = 0; hd < heads; hd++) {
      const float* qv = q + row * d + hd * dHead;
      const float* k = keys + hd * dHead;
      double max = -INFINITY;
      int64_t t = 0;
      for (; t + 4 <= pos + 1; t += 4) {
        const float* k0 = k + t * d;
        const float* k1 = k0 + d;
        const float* k2 = k1 + d;
        const float* k3 = k2 + d;
        float a0 = 0.0f, a1 = 0.0f, a2 = 0.0f, a3 = 0.0f;
        for (int64_t j = 0; j < dHead; j++) {
          a0 = a0 + qv[j] * k0[j];
          a1 = a1 + qv[j] * k1[j];
          a2 = a2 + qv[j] * k2[j];
          a3 = a3 + qv[j] * k3[j];
        }
        const float dots[4] = {a0, a1, a2, a3};
        for (int u = 0; u < 4; u++) {
          const float score = dots[u] * scale;
          scores[static_cast<size_t>(t + u)] = score;
          if (score > max) max = score;
        }
      }
      for (; t <= pos; t++) {
        const float* kt = k + t * d;
        float dot = 0.0f;
        for (int64_t j = 0; j < dHead; j++) dot = dot + qv[j] * kt[j];
        const float score = dot * scale;
        scores[static_cast<size_t>(t)] = score;
        if (score > max) max = score;
      }
      double sum = 0.0;
      for (t = 0; t <= pos; t++) {
        const double e = exp_js(scores[static_cast<size_t>(t)] - max);
        scores[static_cast<size_t>(t)] = e;
        sum += e;
      }
      for (int64_t j = 0; j < dHead; j++) acc[static_cast<size_t>(j)] = 0.0f;
      for (t = 0; t <= pos; t++) {
        const float p = static_cast<float>(scores[static_cast<size_t>(t)] / sum);
        const float* vt = values + t * d + hd * dHead;
        for (int64_t j = 0; j < dHead; j++) acc[static_cast<size_t>(j)] = acc[static_cast<size_t>(j)] + p * vt[j];
      }
      float* o = out + row * d + hd * dHead;
      for (int64_t j = 0; j < dHead; j++) o[j] = acc[static_cast<size_t>(j)];
    }
  }
}

}  // namespace litellm::cpu
