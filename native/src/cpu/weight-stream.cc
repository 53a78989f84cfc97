// Conformance weights from the SPEC-010 weight streams (model/weight-generator.ts): element j is
// dyadic(output first + j of the stream keyed `key`) / scale, dyadic(u) = ((u >> 60) - 8) / 8. Every value is a
// small dyadic rational and scale a power of two, so the binary64 quotient converts to binary32 exactly, as the
// TypeScript generator's does.

#include <cstdint>

#include "common/splitmix64.h"
#include "cpu/kernels.h"

namespace litellm::cpu {

void weight_stream_fill(uint64_t key, uint64_t first, double scale, float* out, int64_t count) {
  for (int64_t j = 0; j < count; j++) {
    const uint64_t u = litellm::common::splitmix64_output(key, first + static_cast<uint64_t>(j));
    const double dyadic = (static_cast<double>(u >> 60) - 8.0) / 8.0;
    out[j] = static_cast<float>(dyadic / scale);
  }
}

}  // namespace litellm::cpu
