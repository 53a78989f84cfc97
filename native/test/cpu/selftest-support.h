// Shared pieces of the CPU kernel self-test: a seeded generator, awkward binary32 test data, bitwise comparison
// and failure counting.
#pragma once

#include <cstdint>
#include <cstdio>
#include <cstring>
#include <vector>

#include "test-data.h"

namespace selftest {

using litellm::testdata::SplitMix64;
inline float float_from_bits(uint32_t u) { return litellm::testdata::from_bits(u); }
inline uint32_t bits_of(float f) { return litellm::testdata::to_bits(f); }

// Mostly ordinary values in [-2, 2), with zeros of both signs, subnormals, and very large and very small
// magnitudes (whose products overflow to infinity or land among the subnormals).
inline float awkward_float(SplitMix64& rng) {
  const uint64_t pick = rng.below(100);
  const float sign = rng.below(2) == 0 ? 1.0f : -1.0f;
  if (pick < 3) return 0.0f;
  if (pick < 6) return -0.0f;
  if (pick < 9) return float_from_bits(static_cast<uint32_t>(1 + rng.below(0x7fffff))) * sign;  // subnormal
  if (pick < 11) return static_cast<float>(sign * (1.0 + rng.unit()) * 1e19);                  // large
  if (pick < 14) return static_cast<float>(sign * (1.0 + rng.unit()) * 1e-20);                 // small
  return static_cast<float>(4.0 * rng.unit() - 2.0);
}

inline std::vector<float> awkward_floats(SplitMix64& rng, size_t n) {
  std::vector<float> v(n);
  for (float& x : v) x = awkward_float(rng);
  return v;
}

inline std::vector<float> ordinary_floats(SplitMix64& rng, size_t n, double scale) {
  std::vector<float> v(n);
  for (float& x : v) x = static_cast<float>(scale * (2.0 * rng.unit() - 1.0));
  return v;
}

// Equal bits, except that any NaN matches any NaN: which NaN payload an operation propagates is not part of the
// arithmetic contract (JavaScript does not preserve NaN payloads either).
inline bool same_float(float a, float b) { return bits_of(a) == bits_of(b) || (a != a && b != b); }

struct Tally {
  long checks = 0;
  long failures = 0;
  // Records one comparison of n floats; prints the first mismatch of this comparison, up to 20 in all.
  bool compare(const char* what, const float* expected, const float* actual, size_t n) {
    checks++;
    for (size_t k = 0; k < n; k++) {
      if (!same_float(expected[k], actual[k])) {
        if (failures < 20) {
          std::printf("MISMATCH %s at %zu: expected %a (0x%08x), got %a (0x%08x)\n", what, k,
                      static_cast<double>(expected[k]), bits_of(expected[k]), static_cast<double>(actual[k]),
                      bits_of(actual[k]));
        }
        failures++;
        return false;
      }
    }
    return true;
  }
  void fail(const char* message) {
    checks++;
    failures++;
    std::printf("FAIL %s\n", message);
  }
};

// Sections of the self-test, in their own files.
void test_exp(Tally& tally);
int check_exp_file(const char* path);
int check_ts_cases(Tally& tally, const char* path);
void test_matmul(Tally& tally);
void test_expert_ffn(Tally& tally);
void test_attention_and_norm(Tally& tally);
void bench_matmul();

}  // namespace selftest
