// The CPU backend's SHA-256 entry points over the shared core (common/sha256-core.h, FIPS 180-4 §6.2), which the
// CUDA router uses too, so both backends derive the same stream keys from one implementation.

#include "sha256.h"

#include "common/sha256-core.h"

namespace litellm::cpu {

void sha256(const uint8_t* data, size_t size, uint8_t digest[32]) {
  uint32_t h[8];
  common::sha256_words(data, size, h);
  // FIPS 180-4 §6.2.2 step 4: the digest is H0 .. H7, each big-endian.
  for (int i = 0; i < 8; i++) {
    digest[4 * i] = static_cast<uint8_t>(h[i] >> 24);
    digest[4 * i + 1] = static_cast<uint8_t>(h[i] >> 16);
    digest[4 * i + 2] = static_cast<uint8_t>(h[i] >> 8);
    digest[4 * i + 3] = static_cast<uint8_t>(h[i]);
  }
}

uint64_t stream_key(const char* label, size_t size) {
  return common::sha256_first64(reinterpret_cast<const unsigned char*>(label), size);
}

}  // namespace litellm::cpu
