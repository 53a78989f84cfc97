// SplitMix64 streams (numeric/splitmix64.ts), for the CPU backend and the CUDA kernels alike: output i (0-based) of
// the stream keyed K is mix((K + (i+1) * 0x9E3779B97F4A7C15) mod 2^64). The routing tie keys are such outputs.
#pragma once

#include <cstdint>

#include "common/host-device.h"

namespace litellm::common {

constexpr uint64_t kSplitMix64Gamma = 0x9E3779B97F4A7C15ull;

// The SplitMix64 finaliser.
LITELLM_HOST_DEVICE inline uint64_t splitmix64_mix(uint64_t z) {
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

// Output `index` of the stream keyed `key`; unsigned arithmetic wraps mod 2^64 as the definition requires.
LITELLM_HOST_DEVICE inline uint64_t splitmix64_output(uint64_t key, uint64_t index) {
  return splitmix64_mix(key + (index + 1u) * kSplitMix64Gamma);
}

}  // namespace litellm::common
