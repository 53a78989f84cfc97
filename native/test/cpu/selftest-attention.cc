// attend_causal against a direct loop over (row, head, position) written from the definition, and rmsnorm_rows
// likewise.

#include <cmath>
#include <cstdio>
#include <vector>

#include "cpu/kernels.h"
#include "selftest-support.h"

namespace selftest {

namespace {

void reference_attention(const float* q, int64_t firstRow, int64_t count, int64_t firstPos, const float* keys,
                         const float* values, int64_t heads, int64_t dHead, float* out) {
  const int64_t d = heads * dHead;
  const float scale = static_cast<float>(1.0 / std::sqrt(static_cast<double>(dHead)));
  for (int64_t r = 0; r < count; r++) {
    const int64_t row = firstRow + r;
    const int64_t pos = firstPos + r;
    for (int64_t hd = 0; hd < heads; hd++) {
      std::vector<double> scores(static_cast<size_t>(pos + 1));
      double max = -INFINITY;
      for (int64_t t = 0; t <= pos; t++) {
        float dot = 0.0f;
        for (int64_t j = 0; j < dHead; j++) dot = dot + q[row * d + hd * dHead + j] * keys[t * d + hd * dHead + j];
        const float score = dot * scale;
        scores[static_cast<size_t>(t)] = score;
        if (score > max) max = score;
      }
      double sum = 0.0;
      for (double& s : scores) {
        s = litellm::cpu::exp_js(s - max);
        sum += s;
      }
      for (int64_t j = 0; j < dHead; j++) {
        float acc = 0.0f;
        for (int64_t t = 0; t <= pos; t++) {
          const float p = static_cast<float>(scores[static_cast<size_t>(t)] / sum);
          acc = acc + p * values[t * d + hd * dHead + j];
        }
        out[row * d + hd * dHead + j] = acc;
      }
    }
  }
}

void check_attention(Tally& tally, SplitMix64& rng, int64_t heads, int64_t dHead, int64_t firstPos, int64_t count,
                     int64_t firstRow, int kind) {
  const int64_t d = heads * dHead;
  const int64_t capacity = firstPos + count + 3;
  auto make = [&](int64_t n) {
    const size_t size = static_cast<size_t>(n);
    return kind == 2 ? awkward_floats(rng, size) : ordinary_floats(rng, size, kind == 1 ? 12.0 : 1.0);
  };
  const std::vector<float> q = make((firstRow + count) * d);
  const std::vector<float> keys = make(capacity * d);
  const std::vector<float> values = make(capacity * d);
  std::vector<float> expected((firstRow + count) * d, 5.0f);
  std::vector<float> actual(expected);
  reference_attention(q.data(), firstRow, count, firstPos, keys.data(), values.data(), heads, dHead, expected.data());
  litellm::cpu::attend_causal(q.data(), firstRow, count, firstPos, keys.data(), values.data(), heads, dHead,
                              actual.data());
  char what[128];
  std::snprintf(what, sizeof what, "attend_causal heads=%ld dHead=%ld firstPos=%ld count=%ld firstRow=%ld kind=%d",
                static_cast<long>(heads), static_cast<long>(dHead), static_cast<long>(firstPos),
                static_cast<long>(count), static_cast<long>(firstRow), kind);
  tally.compare(what, expected.data(), actual.data(), expected.size());
}

void check_rmsnorm(Tally& tally, SplitMix64& rng, int64_t rows, int64_t d) {
  const std::vector<float> x = awkward_floats(rng, static_cast<size_t>(rows * d));
  const std::vector<float> w = ordinary_floats(rng, static_cast<size_t>(d), 2.0);
  std::vector<float> expected(x.size());
  for (int64_t p = 0; p < rows; p++) {
    float sum = 0.0f;
    for (int64_t j = 0; j < d; j++) sum = sum + x[p * d + j] * x[p * d + j];
    const float ms = sum / static_cast<float>(d);
    const float r = 1.0f / std::sqrt(ms + 0x1p-20f);
    for (int64_t j = 0; j < d; j++) expected[p * d + j] = (x[p * d + j] * r) * w[j];
  }
  std::vector<float> actual(x.size());
  litellm::cpu::rmsnorm_rows(x.data(), rows, d, w.data(), actual.data());
  char what[64];
  std::snprintf(what, sizeof what, "rmsnorm_rows rows=%ld d=%ld", static_cast<long>(rows), static_cast<long>(d));
  tally.compare(what, expected.data(), actual.data(), expected.size());
}

}  // namespace

void test_attention_and_norm(Tally& tally) {
  SplitMix64 rng(0x5EED0003);
  for (int64_t heads : {1, 2, 3}) {
    for (int64_t dHead : {1, 2, 5, 8, 16, 17, 64}) {
      for (int64_t firstPos : {0, 1, 3, 10, 37}) {
        for (int64_t count : {1, 2, 5, 9}) {
          for (int kind = 0; kind < 3; kind++) check_attention(tally, rng, heads, dHead, firstPos, count, kind, kind);
        }
      }
    }
  }
  for (int64_t d : {1, 7, 64, 100, 1024}) check_rmsnorm(tally, rng, 3, d);
}

}  // namespace selftest
