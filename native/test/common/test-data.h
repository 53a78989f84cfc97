// Seeded test data shared by the CPU kernel self-test (native/test/cpu) and the CUDA checks (native/cuda): the
// project's SplitMix64 generator and binary32 bit conversions. Test-program code only; no kernel includes it.
#pragma once

#include <cstdint>
#include <cstring>

namespace litellm::testdata {

// SplitMix64: output i of seed K is mix(K + (i+1) * golden), so every run sees the same data.
struct SplitMix64 {
  uint64_t state;
  explicit SplitMix64(uint64_t seed) : state(seed) {}
  uint64_t next() {
    state += 0x9E3779B97F4A7C15ull;
    uint64_t z = state;
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }
  double unit() { return static_cast<double>(next() >> 11) * 0x1p-53; }  // [0, 1)
  int64_t below(int64_t n) { return static_cast<int64_t>(next() % static_cast<uint64_t>(n)); }
};

inline float from_bits(uint32_t bits) {
  float f;
  std::memcpy(&f, &bits, sizeof f);
  return f;
}

inline uint32_t to_bits(float f) {
  uint32_t bits;
  std::memcpy(&bits, &f, sizeof bits);
  return bits;
}

}  // namespace litellm::testdata
